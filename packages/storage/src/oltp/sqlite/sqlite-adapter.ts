import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, type SqliteDatabase, SqliteDialect, type SqliteStatement } from 'kysely';
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
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
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

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query afresh; SQLite's parse/plan step then costs more than the query itself on the hot
 * paths (product reads, order placement). Queries are built from a bounded set of shapes with bound parameters, so
 * caching prepared statements by SQL text is safe and bounded; the oldest entry is dropped when full.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql) as unknown as SqliteStatement;
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
