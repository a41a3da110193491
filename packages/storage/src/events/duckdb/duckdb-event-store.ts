import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { TrackedEvent } from '@tradeloop/schema';
import { EVENT_COLUMNS, eventFromRow, isoToEpochMs, latestPerDistinctId } from '../columns.js';
import { AsyncMutex } from '../mutex.js';
import type { EventFilter, FindOptions, PersonDistinctId } from '../port.js';
import { chunks, countSql, existingEventIdsSql, findSql, IN_LIST_BATCH, type SqlEventStore } from '../sql.js';
import { duckDbDialect as d } from './duckdb-dialect.js';

const TEXT = 'VARCHAR';

function createEventsTableSql(): string {
  const cols = EVENT_COLUMNS.map((c) => {
    const type = c.kind === 'epochMs' ? 'BIGINT' : TEXT;
    return `${d.quoteIdentifier(c.column)} ${type}${c.kind === 'nullableText' ? '' : ' NOT NULL'}`;
  });
  return `CREATE TABLE IF NOT EXISTS events (${cols.join(', ')})`;
}

const SCHEMA = [
  createEventsTableSql(),
  `CREATE TABLE IF NOT EXISTS person_distinct_ids (
     distinct_id VARCHAR PRIMARY KEY, person_id VARCHAR NOT NULL, version BIGINT NOT NULL)`,
];

/** One value per stored column, validated before anything of the row is appended. */
type RowValue = string | bigint | null;

function rowValues(event: TrackedEvent): RowValue[] {
  const source = event as unknown as Record<string, unknown>;
  return EVENT_COLUMNS.map((c) => {
    const value = source[c.field];
    if (c.kind === 'epochMs') return BigInt(isoToEpochMs(value as string, c.field));
    if (c.kind === 'json') return JSON.stringify(value ?? {});
    // null on a required column is left to the NOT NULL constraint, which fails the whole batch.
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string') throw new Error(`event ${c.field} must be a string, got ${typeof value}`);
    return value;
  });
}

function appendRow(appender: DuckDBAppender, values: readonly RowValue[]): void {
  for (const value of values) {
    if (value === null) appender.appendNull();
    else if (typeof value === 'bigint') appender.appendBigInt(value);
    else appender.appendVarchar(value);
  }
  appender.endRow();
}

/** What all stores opened on one file in this process share: DuckDB allows one instance per file per process. */
type Shared = {
  key: string | undefined;
  instance: DuckDBInstance;
  /** All writes go through this one connection, one at a time. */
  writer: DuckDBConnection;
  writes: AsyncMutex;
  /** Idle read connections; reads run on their own connections so they only ever see committed data. */
  idleReaders: DuckDBConnection[];
  refs: number;
};

const MAX_IDLE_READERS = 4;
const sharedByFile = new Map<string, Promise<Shared>>();

async function openShared(path: string): Promise<Shared> {
  const key = path === ':memory:' ? undefined : resolve(path);
  if (key) mkdirSync(dirname(key), { recursive: true });
  const instance = await DuckDBInstance.create(key ?? ':memory:');
  try {
    const writer = await instance.connect();
    for (const statement of SCHEMA) await writer.run(statement);
    return { key, instance, writer, writes: new AsyncMutex(), idleReaders: [], refs: 0 };
  } catch (error) {
    instance.closeSync();
    throw error;
  }
}

async function acquireShared(path: string): Promise<Shared> {
  if (path === ':memory:') {
    const shared = await openShared(path);
    shared.refs = 1;
    return shared;
  }
  const key = resolve(path);
  let pending = sharedByFile.get(key);
  if (!pending) {
    pending = openShared(path);
    sharedByFile.set(key, pending);
    pending.catch(() => sharedByFile.delete(key));
  }
  const shared = await pending;
  shared.refs += 1;
  return shared;
}

function releaseShared(shared: Shared): void {
  shared.refs -= 1;
  if (shared.refs > 0) return;
  if (shared.key) sharedByFile.delete(shared.key);
  for (const reader of shared.idleReaders) reader.closeSync();
  shared.idleReaders = [];
  shared.writer.closeSync();
  // Closing the last handle checkpoints the database file.
  shared.instance.closeSync();
}

/** The DuckDB event store (with its dialect and raw reads, see SqlEventStore). */
export type DuckDbEventStore = SqlEventStore & { readonly engine: 'duckdb' };

/**
 * Opens (creating if needed) the DuckDB event store in a file, or a private in-memory one for ':memory:'.
 * Stores opened on the same file in one process share one DuckDB instance and one serialised writer.
 * `append` uses DuckDB's Appender inside a transaction: a batch is stored completely or not at all.
 *
 * @example
 * const store = await openDuckDbEventStore(join(dataDir, 'events.duckdb'));
 */
export async function openDuckDbEventStore(path: string): Promise<DuckDbEventStore> {
  const shared = await acquireShared(path);
  let closed = false;

  function ensureOpen(): void {
    if (closed) throw new Error('the DuckDB event store is closed');
  }

  const readsInFlight = new Set<Promise<unknown>>();

  async function readOnce(sql: string): Promise<Record<string, unknown>[]> {
    const connection = shared.idleReaders.pop() ?? (await shared.instance.connect());
    try {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    } finally {
      if (shared.idleReaders.length < MAX_IDLE_READERS && shared.refs > 0) shared.idleReaders.push(connection);
      else connection.closeSync();
    }
  }

  /** Reads on a connection of their own, so they see committed data only (never a write in progress). */
  async function read(sql: string): Promise<Record<string, unknown>[]> {
    ensureOpen();
    const pending = readOnce(sql);
    readsInFlight.add(pending);
    try {
      return await pending;
    } finally {
      readsInFlight.delete(pending);
    }
  }

  /** Runs `body` in one transaction on the writer connection, after every earlier write. */
  function write(body: (writer: DuckDBConnection) => Promise<void>): Promise<void> {
    ensureOpen();
    return shared.writes.run(async () => {
      const writer = shared.writer;
      await writer.run('BEGIN TRANSACTION');
      try {
        await body(writer);
        await writer.run('COMMIT');
      } catch (error) {
        await writer.run('ROLLBACK').catch(() => undefined);
        // A failed appender keeps its rows and flushes them again when garbage-collected, into whatever this
        // connection is doing then: retire the connection so nothing can reach later writes.
        shared.writer = await shared.instance.connect();
        writer.closeSync();
        throw error;
      }
    });
  }

  return {
    engine: 'duckdb',
    location: path === ':memory:' ? 'duckdb::memory:' : `duckdb:${resolve(path)}`,
    dialect: d,
    queryRows: read,

    async append(events) {
      if (events.length === 0) return;
      // Validate and convert everything first: a bad row must not leave a half-written row in the appender.
      const rows = events.map(rowValues);
      await write(async (writer) => {
        const appender = await writer.createAppender('events');
        try {
          for (const row of rows) appendRow(appender, row);
          // Constraint violations surface here, inside the transaction, which the caller rolls back.
          appender.flushSync();
        } finally {
          try {
            appender.closeSync();
          } catch {
            // Already failed above; the rollback discards whatever the appender held.
          }
        }
      });
    },

    async find(filter: EventFilter, options?: FindOptions) {
      return (await read(findSql(d, filter, options))).map(eventFromRow);
    },

    async count(filter) {
      const rows = await read(countSql(d, filter));
      return Number(rows[0]?.n ?? 0);
    },

    async existingEventIds(ids) {
      const found = new Set<string>();
      for (const sql of existingEventIdsSql(d, ids)) {
        for (const row of await read(sql)) found.add(String(row.event_id));
      }
      return found;
    },

    async upsertPersonDistinctIds(rows: readonly PersonDistinctId[]) {
      const latest = latestPerDistinctId(rows);
      if (latest.length === 0) return;
      for (const row of latest) {
        if (!Number.isSafeInteger(row.version) || row.version < 0) {
          throw new Error(`person map version must be a non-negative integer: ${row.version}`);
        }
      }
      await write(async (writer) => {
        for (const batch of chunks(latest, IN_LIST_BATCH)) {
          const values = batch
            .map((r) => `(${d.stringLiteral(r.distinctId)}, ${d.stringLiteral(r.personId)}, ${r.version})`)
            .join(', ');
          await writer.run(
            `INSERT INTO person_distinct_ids (distinct_id, person_id, version) VALUES ${values}
             ON CONFLICT (distinct_id) DO UPDATE SET person_id = excluded.person_id, version = excluded.version
             WHERE excluded.version > person_distinct_ids.version`,
          );
        }
      });
    },

    async close() {
      if (closed) return;
      closed = true;
      // Let queued writes and running reads finish before the connections go away.
      await Promise.allSettled([shared.writes.run(async () => undefined), ...readsInFlight]);
      releaseShared(shared);
    },
  };
}
