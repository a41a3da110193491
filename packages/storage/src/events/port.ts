import type { TrackedEvent } from '@tradeloop/schema';
import type { OrganizationDimension, PersonDimension } from './dimensions.js';

export type EventEngine = 'duckdb' | 'clickhouse';

/** Which events to read. Time bounds are [from, to). */
export type EventFilter = {
  /** Events whose distinctId is one of these. */
  distinctIds?: readonly string[];
  /** Events of every distinct id mapped to this person (retroactive identity: see upsertPersonDistinctIds). */
  personId?: string;
  organizationId?: string;
  events?: readonly string[];
  from?: string;
  to?: string;
};

export type FindOptions = { limit?: number; order?: 'asc' | 'desc' };

/** One row of the distinct id → person map that queries join to attribute events to persons. */
export type PersonDistinctId = { distinctId: string; personId: string; version: number };

/**
 * The event store port: a batched append, reads by person, organisation and time, and the few management calls
 * ingestion needs. Implemented by DuckDB (embedded default) and ClickHouse (scale-out); both pass one conformance
 * suite. Analytics runners (later) build SQL per engine through each adapter's dialect helper.
 */
export interface EventStore {
  readonly engine: EventEngine;
  /** A human-readable location (file path or URL without password), for logs. */
  readonly location: string;
  /** Appends a batch; the whole batch is stored or none of it (as far as the engine allows: see adapter docs). */
  append(events: readonly TrackedEvent[]): Promise<void>;
  /** Events matching the filter, by timestamp (then eventId), at most `limit` (default 1000). */
  find(filter: EventFilter, options?: FindOptions): Promise<TrackedEvent[]>;
  count(filter: EventFilter): Promise<number>;
  /** Which of these event ids are already stored (dedupe on WAL replay). */
  existingEventIds(ids: readonly string[]): Promise<Set<string>>;
  /** Inserts or moves distinct ids to persons; the highest version of a distinct id wins. */
  upsertPersonDistinctIds(rows: readonly PersonDistinctId[]): Promise<void>;
  /** Inserts or replaces organisation dimension rows; the highest version of an organisation wins. */
  upsertOrganizations(rows: readonly OrganizationDimension[]): Promise<void>;
  /** Inserts or replaces person dimension rows; the highest version of a person wins. */
  upsertPersons(rows: readonly PersonDimension[]): Promise<void>;
  close(): Promise<void>;
}
