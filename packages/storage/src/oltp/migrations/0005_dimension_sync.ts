import type { Kysely } from 'kysely';

/**
 * Indexes for mirroring organisations and persons into the event store (analytics dimensions): the sync reads the
 * rows changed since its last position, in (updated_at, id) order.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current Database type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('organizations_updated_idx').on('organizations').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('persons_updated_idx').on('persons').columns(['updated_at', 'id']).execute();
}
