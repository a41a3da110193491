import { oltpTestTargets } from '@tradeloop/storage/testing';
import { describe, expect, it } from 'vitest';
import { containsText } from './text-search.js';

describe.each(oltpTestTargets())('containsText on $dialect', ({ dialect, skipReason, open }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);

  it.skipIf(skipReason !== '')('matches literally and ignores ASCII case', async () => {
    const store = await open();
    try {
      const at = '2026-01-01T00:00:00.000Z';
      await store.db
        .insertInto('settings')
        .values([
          { key: 'a', value: '100% 国产 Steel', updatedAt: at },
          { key: 'b', value: 'steel_plate', updatedAt: at },
          { key: 'c', value: 'Copper', updatedAt: at },
        ])
        .execute();
      const find = async (q: string) =>
        (
          await store.db
            .selectFrom('settings')
            .select('key')
            .where(containsText('value', q, store.capabilities))
            .orderBy('key')
            .execute()
        ).map((r) => r.key);
      expect(await find('STEEL')).toEqual(['a', 'b']);
      expect(await find('%')).toEqual(['a']);
      expect(await find('_')).toEqual(['b']);
      expect(await find('国产')).toEqual(['a']);
      expect(await find("x' or '1'='1")).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
