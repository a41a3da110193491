import type { Kysely } from 'kysely';

/**
 * Operator sign-in for the console: one password hash per operator (a PHC string from a memory-hard KDF, never the
 * password) and the console sessions, keyed by a hash of the random cookie token so a copy of the table signs no one
 * in. A session ends when revoked, after its absolute expiry, or after too long without use (last_seen_at).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current Database type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('operator_credentials')
    .addColumn('operator_id', 'text', (c) => c.primaryKey().references('operators.id'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('console_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('console_sessions_operator_idx')
    .on('console_sessions')
    .columns(['operator_id', 'revoked_at'])
    .execute();
}
