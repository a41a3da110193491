import type { Kysely } from 'kysely';

/**
 * Server-side events waiting to enter the ingestion pipeline, written in the same transaction as the marketplace
 * change they describe (the transactional outbox), so an event exists exactly when its change was committed.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current Database type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('event_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
