import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { migrateToLatest } from '../oltp/migrate.js';
import { openPostgresStore } from '../oltp/postgres/postgres-adapter.js';
import { openSqliteStore } from '../oltp/sqlite/sqlite-adapter.js';
import type { OltpDialect, OltpStore } from '../oltp/store.js';

/** One dialect a shared suite runs on. */
export type OltpTestTarget = {
  dialect: OltpDialect;
  /** Why this target cannot run here ('' when it can); the suite prints it and skips. */
  skipReason: string;
  /** A new, empty, migrated store of its own; close it when done. */
  open(): Promise<OltpStore>;
};

/** A new empty database on the test server; returns its URL. */
export async function createTestDatabase(adminUrl: string): Promise<string> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The dialects every operational-store suite runs on: SQLite (in memory) and PostgreSQL (a fresh database on
 * the server started by the global setup). Use with `describe.each(oltpTestTargets())`.
 */
export function oltpTestTargets(): OltpTestTarget[] {
  const pgUrl = inject('pgUrl');
  return [
    {
      dialect: 'sqlite',
      skipReason: '',
      async open() {
        const store = openSqliteStore(':memory:');
        await migrateToLatest(store.db);
        return store;
      },
    },
    {
      dialect: 'postgres',
      skipReason: pgUrl ? '' : inject('pgSkipReason'),
      async open() {
        const store = openPostgresStore(await createTestDatabase(pgUrl), { poolSize: 4 });
        await migrateToLatest(store.db);
        return store;
      },
    },
  ];
}
