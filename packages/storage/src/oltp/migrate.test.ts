import { describe, expect, it } from 'vitest';
import { oltpTestTargets } from '../testing/index.js';
import { migrateToLatest } from './migrate.js';

describe.each(oltpTestTargets())('operational store migrations on $dialect', ({ dialect, skipReason, open }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);

  it.skipIf(skipReason !== '')('creates every table and is idempotent', async () => {
    const store = await open();
    try {
      const tables = (await store.db.introspection.getTables()).map((t) => t.name);
      for (const t of [
        'organizations',
        'products',
        'price_tiers',
        'orders',
        'order_transitions',
        'points_ledger',
        'operator_credentials',
        'console_sessions',
        'saved_queries',
        'boards',
        'board_tiles',
      ]) {
        expect(tables).toContain(t);
      }
      expect(await migrateToLatest(store.db)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it.skipIf(skipReason !== '')('round-trips bigint money and text time identically', async () => {
    const store = await open();
    try {
      await store.db
        .insertInto('settings')
        .values({ key: 'k', value: 'v', updatedAt: '2026-01-01T00:00:00.000Z' })
        .execute();
      const row = await store.db.selectFrom('settings').selectAll().executeTakeFirstOrThrow();
      expect(row).toEqual({ key: 'k', value: 'v', updatedAt: '2026-01-01T00:00:00.000Z' });
      const { n } = await store.db
        .selectFrom('settings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(n).toBe(1);
    } finally {
      await store.close();
    }
  });
});
