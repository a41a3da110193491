import { join } from 'node:path';
import { openClickHouseEventStore } from './clickhouse/clickhouse-event-store.js';
import { openDuckDbEventStore } from './duckdb/duckdb-event-store.js';
import type { SqlEventStore } from './sql.js';

export type OpenEventStoreOptions = {
  /** `http(s)://...` → ClickHouse (TRADELOOP_EVENTS_URL); unset or empty → DuckDB file `<dataDir>/events.duckdb`. */
  eventsUrl?: string | undefined;
  dataDir: string;
  /** ClickHouse database (default: the URL's path, else `default`). */
  database?: string;
};

/**
 * Opens the event store chosen by configuration, creating its tables if missing.
 *
 * @example
 * const events = await openEventStore({ eventsUrl: process.env.TRADELOOP_EVENTS_URL, dataDir: './data' });
 */
export async function openEventStore(options: OpenEventStoreOptions): Promise<SqlEventStore> {
  const url = options.eventsUrl?.trim();
  if (url && /^https?:\/\//i.test(url)) {
    return openClickHouseEventStore(url, options.database === undefined ? {} : { database: options.database });
  }
  if (url) throw new Error(`TRADELOOP_EVENTS_URL must be an http(s):// ClickHouse URL, got ${url}`);
  return openDuckDbEventStore(join(options.dataDir, 'events.duckdb'));
}
