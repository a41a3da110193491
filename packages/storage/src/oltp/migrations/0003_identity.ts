import type { Kysely } from 'kysely';

/**
 * Identity: persons, the distinct ids that map to them, organisation (group) traits, and the last ingestion
 * position applied, so replaying the write-ahead log never applies a profile change twice.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current Database type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('persons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('traits', 'text', (c) => c.notNull())
    // Keys whose value came from set_once, with when: merges keep the earliest of two set_once values.
    .addColumn('set_once_at', 'text', (c) => c.notNull())
    // Not a foreign key: an event group may be an external id rather than a marketplace organisation.
    .addColumn('organization_id', 'text')
    // Extracted from traits and normalised like contacts (phone without spaces/dashes, email lower case).
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('merged_into', 'text')
    .execute();
  await db.schema.createIndex('persons_org_idx').on('persons').column('organization_id').execute();
  await db.schema.createIndex('persons_phone_idx').on('persons').column('phone').execute();
  await db.schema.createIndex('persons_email_idx').on('persons').column('email').execute();

  await db.schema
    .createTable('person_distinct_ids')
    .addColumn('distinct_id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    // 'user' (a userId / login id), 'anonymous', or 'unknown' (first seen on a group or profile call).
    .addColumn('kind', 'text', (c) => c.notNull())
    // Bumped each time the distinct id moves to another person; the event store keeps the highest version.
    .addColumn('version', 'integer', (c) => c.notNull())
    // 1 until the row is in the event store's person map (re-sent after a crash between the two stores).
    .addColumn('mirror_pending', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('person_distinct_ids_person_idx').on('person_distinct_ids').column('person_id').execute();
  await db.schema
    .createIndex('person_distinct_ids_mirror_idx')
    .on('person_distinct_ids')
    .column('mirror_pending')
    .execute();

  await db.schema
    .createTable('group_traits')
    .addColumn('group_id', 'text', (c) => c.primaryKey())
    .addColumn('traits', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('identity_positions')
    // One row per ingestion stream ('wal'); segment/offset of the last applied write-ahead-log record.
    .addColumn('stream', 'text', (c) => c.primaryKey())
    .addColumn('segment', 'bigint', (c) => c.notNull())
    .addColumn('record_offset', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
