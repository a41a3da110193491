import { join } from 'node:path';
import { migrateToLatest } from './migrate.js';
import { openPostgresStore } from './postgres/postgres-adapter.js';
import { openSqliteStore } from './sqlite/sqlite-adapter.js';
import type { OltpStore } from './store.js';

export type OpenOltpOptions = {
  /** `postgres://...` for PostgreSQL; `sqlite:PATH` or a file path for SQLite; unset → `<dataDir>/tradeloop.db`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Run migrations (default true). */
  migrate?: boolean;
};

/**
 * Opens the operational store chosen by configuration and brings its schema up to date.
 *
 * @example
 * const store = await openOltpStore({ databaseUrl: process.env.TRADELOOP_DATABASE_URL, dataDir: './data' });
 */
export async function openOltpStore(options: OpenOltpOptions): Promise<OltpStore> {
  const url = options.databaseUrl?.trim();
  let store: OltpStore;
  if (url && /^postgres(ql)?:\/\//.test(url)) store = openPostgresStore(url);
  else if (url) store = openSqliteStore(url.replace(/^sqlite:/, ''));
  else store = openSqliteStore(join(options.dataDir, 'tradeloop.db'));
  if (options.migrate !== false) {
    try {
      await migrateToLatest(store.db);
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}
