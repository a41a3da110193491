import { TRACKED_EVENT_COLUMNS, type TrackedEvent } from '@tradeloop/schema';

/** How a TrackedEvent field is stored: required text, nullable text, epoch milliseconds, or JSON text. */
export type EventColumnKind = 'text' | 'nullableText' | 'epochMs' | 'json';

export type EventColumn = {
  field: (typeof TRACKED_EVENT_COLUMNS)[number];
  /** The snake_case column name in both engines. */
  column: string;
  kind: EventColumnKind;
};

const EPOCH_MS_COLUMNS: Record<string, string> = { timestamp: 'ts_ms', receivedAt: 'received_ms' };
const REQUIRED_TEXT = new Set(['eventId', 'type', 'event', 'distinctId', 'sourceId']);

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The stored columns, in TRACKED_EVENT_COLUMNS order (the order of the events table and of appends). */
export const EVENT_COLUMNS: readonly EventColumn[] = TRACKED_EVENT_COLUMNS.map((field): EventColumn => {
  const epoch = EPOCH_MS_COLUMNS[field];
  if (epoch) return { field, column: epoch, kind: 'epochMs' };
  if (field === 'properties') return { field, column: 'properties', kind: 'json' };
  return { field, column: snakeCase(field), kind: REQUIRED_TEXT.has(field) ? 'text' : 'nullableText' };
});

export const EVENT_COLUMN_NAMES: readonly string[] = EVENT_COLUMNS.map((c) => c.column);

/** Epoch milliseconds of an ISO-8601 instant; throws on a value that is not one (so a bad row fails its batch). */
export function isoToEpochMs(iso: string, field = 'timestamp'): number {
  const ms = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
  if (!Number.isFinite(ms)) throw new Error(`event ${field} is not an ISO-8601 instant: ${String(iso)}`);
  return ms;
}

/** The ISO form the stores return: UTC with milliseconds (`2024-01-02T03:04:05.678Z`). */
export function epochMsToIso(ms: number | bigint | string): string {
  return new Date(Number(ms)).toISOString();
}

/** A stored row (column → value as read from the engine) back to a TrackedEvent. */
export function eventFromRow(row: Record<string, unknown>): TrackedEvent {
  const out: Record<string, unknown> = {};
  for (const c of EVENT_COLUMNS) {
    const value = row[c.column];
    switch (c.kind) {
      case 'epochMs':
        out[c.field] = epochMsToIso(value as number | bigint | string);
        break;
      case 'json':
        out[c.field] = typeof value === 'string' && value !== '' ? JSON.parse(value) : {};
        break;
      case 'nullableText':
        out[c.field] = value === undefined || value === null ? null : String(value);
        break;
      default:
        out[c.field] = String(value);
    }
  }
  return out as TrackedEvent;
}

/** Keeps the highest version per distinct id (a batch may move one id twice; the engines upsert one row each). */
export function latestPerDistinctId<T extends { distinctId: string; version: number }>(rows: readonly T[]): T[] {
  const best = new Map<string, T>();
  for (const row of rows) {
    const seen = best.get(row.distinctId);
    if (!seen || row.version > seen.version) best.set(row.distinctId, row);
  }
  return [...best.values()];
}
