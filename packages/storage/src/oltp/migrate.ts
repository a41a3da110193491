import { type Kysely, type MigrationResult, Migrator } from 'kysely';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';

export class MigrationError extends Error {
  readonly code = 'migration_failed' as const;
  constructor(
    message: string,
    readonly results: MigrationResult[],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Brings the schema up to date; safe to call on every start (applied migrations are skipped). */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResult[]> {
  // Migrations name snake_case columns themselves, so they run without the camelCase plugin.
  const migrator = new Migrator({
    db: db.withoutPlugins(),
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'tradeloop_migrations',
    migrationLockTableName: 'tradeloop_migrations_lock',
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    throw new MigrationError(
      `migration ${failed?.migrationName ?? '?'} failed: ${error instanceof Error ? error.message : String(error)}`,
      results,
      { cause: error },
    );
  }
  return results;
}
