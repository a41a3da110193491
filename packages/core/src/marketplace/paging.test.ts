import { oltpTestTargets } from '@tradeloop/storage/testing';
import { describe, expect, it } from 'vitest';
import { listPage } from './paging.js';

describe.each(oltpTestTargets())('listPage on $dialect', ({ dialect, skipReason, open }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);

  it.skipIf(skipReason !== '')(
    'counts all matches and returns one ordered, mapped page, in and out of a transaction',
    async () => {
      const store = await open();
      try {
        const at = '2026-01-01T00:00:00.000Z';
        await store.db
          .insertInto('settings')
          .values(
            ['a', 'b', 'c', 'd', 'x'].map((key) => ({ key, value: key === 'x' ? 'other' : 'match', updatedAt: at })),
          )
          .execute();
        const page = (db: typeof store.db) =>
          listPage(
            db,
            db.selectFrom('settings').where('value', '=', 'match'),
            { limit: 2, offset: 1 },
            (q) => q.select('key').orderBy('key', 'desc'),
            (r) => r.key.toUpperCase(),
          );
        const expected = { items: ['C', 'B'], total: 4, limit: 2, offset: 1 };
        expect(await page(store.db)).toEqual(expected);
        expect(await store.db.transaction().execute((trx) => page(trx))).toEqual(expected);
      } finally {
        await store.close();
      }
    },
  );
});
