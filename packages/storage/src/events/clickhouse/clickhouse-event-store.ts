import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { TrackedEvent } from '@tradeloop/schema';
import { EVENT_COLUMN_NAMES, EVENT_COLUMNS, eventFromRow, isoToEpochMs, latestPerDistinctId } from '../columns.js';
import {
  latestPerKey,
  ORGANIZATION_DIMENSION_COLUMNS,
  type OrganizationDimension,
  type PersonDimension,
} from '../dimensions.js';
import type { EventFilter, FindOptions, PersonDistinctId } from '../port.js';
import { countSql, existingEventIdsSql, findSql, type SqlEventStore } from '../sql.js';
import { clickHouseDialect as d } from './clickhouse-dialect.js';

/** ClickHouse's default max_insert_block_size: a batch up to this many rows is parsed into one block. */
const DEFAULT_MAX_INSERT_BLOCK_SIZE = 1_048_576;

function createEventsTableSql(): string {
  const cols = EVENT_COLUMNS.map((c) => {
    const type = c.kind === 'epochMs' ? 'Int64' : c.kind === 'nullableText' ? 'Nullable(String)' : 'String';
    return `${d.quoteIdentifier(c.column)} ${type}`;
  });
  // `ts` (second precision; 18.16 has no DateTime64) is for partitioning and windowFunnel; ts_ms is the truth.
  cols.push('`ts` DateTime MATERIALIZED toDateTime(intDiv(`ts_ms`, 1000))');
  return (
    `CREATE TABLE IF NOT EXISTS events (${cols.join(', ')}) ` +
    'ENGINE = MergeTree PARTITION BY toYYYYMM(`ts`) ORDER BY (`event`, `ts`, `distinct_id`)'
  );
}

const SCHEMA = [
  createEventsTableSql(),
  'CREATE TABLE IF NOT EXISTS person_distinct_ids (`distinct_id` String, `person_id` String, `version` UInt64) ' +
    'ENGINE = ReplacingMergeTree(`version`) ORDER BY `distinct_id`',
  'CREATE TABLE IF NOT EXISTS dim_organizations (`organization_id` String, `kind` String, `region` String, ' +
    '`industry` String, `business_line` String, `certification_status` String, `member_level` Nullable(String), ' +
    '`version` UInt64) ENGINE = ReplacingMergeTree(`version`) ORDER BY `organization_id`',
  'CREATE TABLE IF NOT EXISTS dim_persons (`person_id` String, `organization_id` Nullable(String), `traits` String, ' +
    '`version` UInt64) ENGINE = ReplacingMergeTree(`version`) ORDER BY `person_id`',
];

type JsonRow = Record<string, string | number | null>;

function jsonRow(event: TrackedEvent): JsonRow {
  const source = event as unknown as Record<string, unknown>;
  const row: JsonRow = {};
  for (const c of EVENT_COLUMNS) {
    const value = source[c.field];
    if (c.kind === 'epochMs') row[c.column] = isoToEpochMs(value as string, c.field);
    else if (c.kind === 'json') row[c.column] = JSON.stringify(value ?? {});
    // null on a non-Nullable column makes the server refuse the whole INSERT, like a NOT NULL violation.
    else if (value === null || value === undefined) row[c.column] = null;
    else if (typeof value !== 'string') throw new Error(`event ${c.field} must be a string, got ${typeof value}`);
    else row[c.column] = value;
  }
  return row;
}

/** URL without credentials, for logs. */
function redact(url: URL): string {
  const copy = new URL(url.toString());
  copy.username = '';
  copy.password = '';
  return copy.toString().replace(/\/$/, '');
}

export type OpenClickHouseOptions = {
  /** Database to use (created if missing). Default: the URL's path (`http://host:8123/analytics`) or `default`. */
  database?: string;
};

/** The ClickHouse event store (with its dialect and raw reads, see SqlEventStore). */
export type ClickHouseEventStore = SqlEventStore & { readonly engine: 'clickhouse' };

/**
 * Opens the ClickHouse event store over HTTP (`http(s)://user:password@host:8123`), creating the database and
 * tables if missing. Works with ClickHouse 18.16 and later.
 *
 * All-or-nothing: a batch is sent as ONE `INSERT ... FORMAT JSONEachRow` with max_insert_block_size raised to the
 * batch size, so the server parses the whole batch into one block before writing anything: a malformed row
 * (e.g. null in a non-Nullable column) fails the INSERT with nothing stored. A block that spans several months
 * is written as one part per partition; a server crash between those writes (not a data error) could keep some
 * of them. Callers that need exactly-once across crashes dedupe with existingEventIds on replay.
 *
 * The person map is a ReplacingMergeTree(version) read with argMax(person_id, version), so the highest version
 * wins immediately, before background merges.
 */
export async function openClickHouseEventStore(
  url: string,
  options: OpenClickHouseOptions = {},
): Promise<ClickHouseEventStore> {
  const parsed = new URL(url);
  const database = options.database ?? (decodeURIComponent(parsed.pathname.replace(/^\/+|\/+$/g, '')) || 'default');
  const base = {
    url: parsed.origin,
    username: decodeURIComponent(parsed.username) || 'default',
    password: decodeURIComponent(parsed.password),
    request_timeout: 300_000,
    // Failures reach the caller as exceptions; the client's own console logging would only duplicate them.
    log: { level: ClickHouseLogLevel.OFF },
  };
  const admin = createClient(base);
  try {
    await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${d.quoteIdentifier(database)}` });
  } finally {
    await admin.close();
  }
  const client: ClickHouseClient = createClient({ ...base, database });
  try {
    for (const query of SCHEMA) await client.command({ query });
  } catch (error) {
    await client.close();
    throw error;
  }

  let closed = false;
  async function read(query: string): Promise<Record<string, unknown>[]> {
    if (closed) throw new Error('the ClickHouse event store is closed');
    // join_use_nulls: an unmatched LEFT JOIN gives NULLs, as in standard SQL (and DuckDB), not default values.
    const result = await client.query({ query, format: 'JSONEachRow', clickhouse_settings: { join_use_nulls: 1 } });
    return result.json<Record<string, unknown>>();
  }
  async function insert(table: string, columns: string[], values: unknown[], rows: number): Promise<void> {
    if (closed) throw new Error('the ClickHouse event store is closed');
    await client.insert({
      table,
      values,
      format: 'JSONEachRow',
      columns: columns as [string, ...string[]],
      clickhouse_settings: { max_insert_block_size: String(Math.max(DEFAULT_MAX_INSERT_BLOCK_SIZE, rows + 1)) },
    });
  }

  return {
    engine: 'clickhouse',
    location: `clickhouse:${redact(parsed)}/${database}`,
    dialect: d,
    queryRows: read,

    async append(events) {
      if (events.length === 0) return;
      await insert('events', [...EVENT_COLUMN_NAMES], events.map(jsonRow), events.length);
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
      const values = latest.map((r) => ({ distinct_id: r.distinctId, person_id: r.personId, version: r.version }));
      await insert('person_distinct_ids', ['distinct_id', 'person_id', 'version'], values, values.length);
    },

    async upsertOrganizations(rows: readonly OrganizationDimension[]) {
      const latest = latestPerKey(rows, (r) => r.organizationId);
      if (latest.length === 0) return;
      const columns = [...ORGANIZATION_DIMENSION_COLUMNS.map(([c]) => c), 'version'];
      const values = latest.map((r) => {
        const row: Record<string, unknown> = { version: r.version };
        for (const [column, field] of ORGANIZATION_DIMENSION_COLUMNS) row[column] = r[field];
        return row;
      });
      await insert('dim_organizations', columns, values, values.length);
    },

    async upsertPersons(rows: readonly PersonDimension[]) {
      const latest = latestPerKey(rows, (r) => r.personId);
      if (latest.length === 0) return;
      const values = latest.map((r) => ({
        person_id: r.personId,
        organization_id: r.organizationId,
        traits: JSON.stringify(r.traits),
        version: r.version,
      }));
      await insert('dim_persons', ['person_id', 'organization_id', 'traits', 'version'], values, values.length);
    },

    async close() {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}
