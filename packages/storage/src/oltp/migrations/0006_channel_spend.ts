import type { Kysely } from 'kysely';

/**
 * Spend per acquisition channel per day (imported by API or CSV), the cost side of the channel quadrant. One row per
 * (channel, day): a later import of the same channel and day replaces the amount.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current Database type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('channel_spend')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_spend_pk', ['channel', 'day'])
    .execute();
  await db.schema.createIndex('channel_spend_day_idx').on('channel_spend').columns(['day', 'channel']).execute();
}
