import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../database.js';
import type { OltpStore } from '../store.js';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

// Money and counts are integers far below 2^53; returning numbers (not strings) keeps both dialects identical.
const toNumber = (value: string): number => Number(value);

export type PostgresStoreOptions = { poolSize?: number };

/** Opens the scale-out store on PostgreSQL (`postgres://user:pass@host:port/db`). */
export function openPostgresStore(url: string, options: PostgresStoreOptions = {}): OltpStore {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        if (oid === INT8_OID || oid === NUMERIC_OID) return toNumber;
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
  return {
    dialect: 'postgres',
    capabilities: { rowLocks: true, caseInsensitiveLike: 'ilike' },
    db,
    location: redactUrl(url),
    close: () => db.destroy(),
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}
