import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { TrackedEvent } from '@tradeloop/schema';
import { EVENT_COLUMNS, eventFromRow, isoToEpochMs, latestPerDistinctId } from '../columns.js';
import {
  latestPerKey,
  ORGANIZATION_DIMENSION_COLUMNS,
  type OrganizationDimension,
  type PersonDimension,
} from '../dimensions.js';
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
  `CREATE TABLE IF NOT EXISTS dim_organizations (
     organization_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, region VARCHAR NOT NULL, industry VARCHAR NOT NULL,
     business_line VARCHAR NOT NULL, certification_status VARCHAR NOT NULL, member_level VARCHAR,
     version BIGINT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS dim_persons (
     person_id VARCHAR PRIMARY KEY, organization_id VARCHAR, traits VARCHAR NOT NULL, version BIGINT NOT NULL)`,
];

/**
 * Rows per appender slice. The appender runs on the event loop (each value is a synchronous native call), so a big
 * append yields between slices (setImmediate, inside the same transaction): at ~40 000 rows/s on a slow core a slice
 * blocks the loop for ~25 ms, not the second a 50 000-row batch would take, and acknowledgements are not held up.
 */
export const APPEND_SLICE_ROWS = 1000;
/**
 * Rows between appender flushes. A flush moves the appended rows into the transaction's storage, synchronously too
 * (~2-3 µs a row here: one flush of 50 000 rows blocks the loop for ~100 ms), and each flush has a fixed cost
 * (flushing every slice costs ~10% more CPU): every 5 000 rows keeps both small.
 */
const FLUSH_ROWS = 5000;

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Epoch ms of the event's time columns. Every event of one request shares its receivedAt string, so the last
 * conversion is remembered (the same check, done once per request instead of once per row).
 */
let lastIso = '';
let lastMs = 0;
function epochMsOf(value: unknown, field: string): number {
  if (value === lastIso) return lastMs;
  const ms = isoToEpochMs(value as string, field);
  lastIso = value as string;
  lastMs = ms;
  return ms;
}

type RowAppender = (
  appender: DuckDBAppender,
  event: TrackedEvent,
  epochMs: typeof isoToEpochMs,
  receivedMs: typeof epochMsOf,
) => void;

/**
 * Appends one event as a row: generated once from EVENT_COLUMNS, so each field is read by its name (a fixed-shape
 * property load, not a lookup by a computed key per value) and the column order is the table's by construction.
 * Everything that can fail (types, the ISO times, the JSON) is checked before the first value goes in, so a bad row
 * never leaves half a row in the appender. Epoch ms go in as doubles (exact below 2^53; DuckDB casts them to the
 * BIGINT column), which spares a BigInt per value.
 */
const appendEventRow = ((): RowAppender => {
  const checks: string[] = [];
  const appends: string[] = [];
  EVENT_COLUMNS.forEach((c, i) => {
    // Field names come from the fixed TRACKED_EVENT_COLUMNS list (identifiers), never from input.
    if (!/^[A-Za-z]+$/.test(c.field)) throw new Error(`unexpected event field name ${c.field}`);
    if (c.kind === 'epochMs') {
      const fn = c.field === 'receivedAt' ? 'receivedMs' : 'epochMs';
      checks.push(`const t${i} = ${fn}(e.${c.field}, '${c.field}');`);
      appends.push(`a.appendDouble(t${i});`);
    } else if (c.kind === 'json') {
      checks.push(`const j${i} = JSON.stringify(e.${c.field} ?? {});`);
      appends.push(`a.appendVarchar(j${i});`);
    } else {
      // null on a required column is left to the NOT NULL constraint, which fails the whole batch.
      checks.push(
        `const v${i} = e.${c.field};`,
        `if (v${i} !== null && v${i} !== undefined && typeof v${i} !== 'string') throw new Error('event ${c.field} must be a string, got ' + typeof v${i});`,
      );
      appends.push(`if (v${i} === null || v${i} === undefined) a.appendNull(); else a.appendVarchar(v${i});`);
    }
  });
  return new Function(
    'a',
    'e',
    'epochMs',
    'receivedMs',
    [...checks, ...appends, 'a.endRow();'].join('\n'),
  ) as RowAppender;
})();

function appendEvent(appender: DuckDBAppender, event: TrackedEvent): void {
  appendEventRow(appender, event, isoToEpochMs, epochMsOf);
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
      await write(async (writer) => {
        const appender = await writer.createAppender('events');
        try {
          for (let start = 0; start < events.length; start += APPEND_SLICE_ROWS) {
            // Let requests (and their acknowledgements) run between slices; the transaction stays open.
            if (start > 0) await yieldToLoop();
            const end = Math.min(events.length, start + APPEND_SLICE_ROWS);
            for (let i = start; i < end; i++) appendEvent(appender, events[i] as TrackedEvent);
            // Constraint violations surface at a flush, inside the transaction, which the caller rolls back.
            if (end === events.length || end % FLUSH_ROWS === 0) appender.flushSync();
          }
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

    async upsertOrganizations(rows: readonly OrganizationDimension[]) {
      const latest = latestPerKey(rows, (r) => r.organizationId);
      if (latest.length === 0) return;
      const columns = [...ORGANIZATION_DIMENSION_COLUMNS.map(([c]) => c), 'version'];
      const text = (v: string | null) => (v === null ? 'NULL' : d.stringLiteral(v));
      await write(async (writer) => {
        for (const batch of chunks(latest, IN_LIST_BATCH)) {
          const values = batch
            .map((r) => `(${ORGANIZATION_DIMENSION_COLUMNS.map(([, f]) => text(r[f])).join(', ')}, ${r.version})`)
            .join(', ');
          const updates = columns.slice(1).map((c) => `${c} = excluded.${c}`);
          await writer.run(
            `INSERT INTO dim_organizations (${columns.join(', ')}) VALUES ${values}
             ON CONFLICT (organization_id) DO UPDATE SET ${updates.join(', ')}
             WHERE excluded.version > dim_organizations.version`,
          );
        }
      });
    },

    async upsertPersons(rows: readonly PersonDimension[]) {
      const latest = latestPerKey(rows, (r) => r.personId);
      if (latest.length === 0) return;
      await write(async (writer) => {
        for (const batch of chunks(latest, IN_LIST_BATCH)) {
          const values = batch
            .map(
              (r) =>
                `(${d.stringLiteral(r.personId)}, ${r.organizationId === null ? 'NULL' : d.stringLiteral(r.organizationId)}, ` +
                `${d.stringLiteral(JSON.stringify(r.traits))}, ${r.version})`,
            )
            .join(', ');
          await writer.run(
            `INSERT INTO dim_persons (person_id, organization_id, traits, version) VALUES ${values}
             ON CONFLICT (person_id) DO UPDATE SET organization_id = excluded.organization_id,
               traits = excluded.traits, version = excluded.version
             WHERE excluded.version > dim_persons.version`,
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
