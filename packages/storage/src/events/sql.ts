import { PROPERTY_NAME } from '@tradeloop/schema';
import { EVENT_COLUMN_NAMES, isoToEpochMs } from './columns.js';
import type { EventEngine, EventFilter, EventStore, FindOptions } from './port.js';

/**
 * What differs between the engines' SQL, as capability functions. Shared query builders (here, and analytics
 * runners later) compose these and never branch on the engine. Every value reaches SQL through `stringLiteral`
 * or as a number; every name through `quoteIdentifier`; property names only after `checkedPropertyName`.
 */
export interface EventSqlDialect {
  readonly engine: EventEngine;
  quoteIdentifier(name: string): string;
  /** A string literal, escaped for this engine. */
  stringLiteral(value: string): string;
  /** `expr IN (...)` over string values (callers batch long lists; an empty list matches nothing). */
  inList(expr: string, values: readonly string[]): string;
  /** A time/timestamp expression from an epoch-milliseconds expression (second precision on ClickHouse). */
  timeFromEpochMs(msExpr: string): string;
  /** Epoch milliseconds from a time expression of this engine. */
  epochMsFromTime(timeExpr: string): string;
  /** A top-level JSON property as text (NULL when absent); `name` must match PROPERTY_NAME. */
  jsonPropertyText(jsonExpr: string, name: string): string;
  /** A top-level JSON property as a double (NULL when absent or not a number); `name` must match PROPERTY_NAME. */
  jsonPropertyNumber(jsonExpr: string, name: string): string;
  /** A relation `(distinct_id, person_id)` with the current (highest version) person of each distinct id. */
  currentPersonMap(): string;
  /** A relation of dim_organizations' columns with the current (highest version) row of each organisation. */
  currentOrganizations(): string;
  /** A relation `(person_id, organization_id, traits)` with the current (highest version) row of each person. */
  currentPersons(): string;
}

/** An EventStore that also runs SQL built with its dialect (for analytics runners and tests). */
export interface SqlEventStore extends EventStore {
  readonly dialect: EventSqlDialect;
  /** Runs one read-only statement; 64-bit integers may come back as bigint or string, convert with Number(). */
  queryRows(sql: string): Promise<Record<string, unknown>[]>;
}

/** Throws unless `name` is a valid property name, so it can be used inside SQL (quoted) safely. */
export function checkedPropertyName(name: string): string {
  if (!PROPERTY_NAME.test(name)) throw new Error(`not a property name: ${JSON.stringify(name)}`);
  return name;
}

/** Upper bound of ids per IN list; longer lists are split into several statements. */
export const IN_LIST_BATCH = 1000;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The WHERE clause (without the keyword; `1 = 1` when unfiltered) for an EventFilter on the events table. */
export function whereClause(d: EventSqlDialect, filter: EventFilter): string {
  const parts: string[] = [];
  const q = (c: string) => d.quoteIdentifier(c);
  if (filter.distinctIds) parts.push(d.inList(q('distinct_id'), filter.distinctIds));
  if (filter.personId !== undefined) {
    parts.push(
      `${q('distinct_id')} IN (SELECT ${q('distinct_id')} FROM (${d.currentPersonMap()}) WHERE ${q('person_id')} = ${d.stringLiteral(filter.personId)})`,
    );
  }
  if (filter.organizationId !== undefined) {
    parts.push(`${q('organization_id')} = ${d.stringLiteral(filter.organizationId)}`);
  }
  if (filter.events) parts.push(d.inList(q('event'), filter.events));
  if (filter.from !== undefined) parts.push(`${q('ts_ms')} >= ${isoToEpochMs(filter.from, 'from')}`);
  if (filter.to !== undefined) parts.push(`${q('ts_ms')} < ${isoToEpochMs(filter.to, 'to')}`);
  return parts.length ? parts.join(' AND ') : '1 = 1';
}

export const DEFAULT_FIND_LIMIT = 1000;

export function findSql(d: EventSqlDialect, filter: EventFilter, options: FindOptions = {}): string {
  const limit = options.limit ?? DEFAULT_FIND_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`find limit must be a non-negative integer: ${limit}`);
  const dir = options.order === 'desc' ? 'DESC' : 'ASC';
  const cols = EVENT_COLUMN_NAMES.map((c) => d.quoteIdentifier(c)).join(', ');
  return (
    `SELECT ${cols} FROM ${d.quoteIdentifier('events')} WHERE ${whereClause(d, filter)} ` +
    `ORDER BY ${d.quoteIdentifier('ts_ms')} ${dir}, ${d.quoteIdentifier('event_id')} ${dir} LIMIT ${limit}`
  );
}

export function countSql(d: EventSqlDialect, filter: EventFilter): string {
  return `SELECT count(*) AS n FROM ${d.quoteIdentifier('events')} WHERE ${whereClause(d, filter)}`;
}

/** One statement per IN_LIST_BATCH ids, each returning the stored ids among them as `event_id`. */
export function existingEventIdsSql(d: EventSqlDialect, ids: readonly string[]): string[] {
  const eventId = d.quoteIdentifier('event_id');
  return chunks([...new Set(ids)], IN_LIST_BATCH).map(
    (batch) => `SELECT DISTINCT ${eventId} FROM ${d.quoteIdentifier('events')} WHERE ${d.inList(eventId, batch)}`,
  );
}
