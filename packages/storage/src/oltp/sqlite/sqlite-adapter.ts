import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../database.js';
import type { OltpStore } from '../store.js';

/**
 * Opens the embedded store: one SQLite file (or ':memory:').
 *
 * WAL with synchronous=NORMAL: a commit survives a process crash (kill -9); only an OS crash or power loss can
 * drop the last transactions, and the file stays consistent either way.
 */
export function openSqliteStore(filename: string): OltpStore {
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  const sqlite = new SQLite(filename);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // ISO-8601 text sorts like time; integers stay integers (no bigint), which suits minor-unit money < 2^53.
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    plugins: [new CamelCasePlugin()],
  });
  return {
    dialect: 'sqlite',
    capabilities: { rowLocks: false, caseInsensitiveLike: 'like' },
    db,
    location: filename,
    close: () => db.destroy(),
  };
}
