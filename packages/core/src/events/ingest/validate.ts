import {
  EVENT_NAME,
  type IdentityCommand,
  type IngestRejection,
  isStandardEvent,
  PROPERTY_NAME,
  SEGMENT_MAX_EVENT_BYTES,
  STANDARD_EVENTS,
  type TrackedEvent,
} from '@tradeloop/schema';
import { DAY_MS } from '../../clock.js';

/** Facts about the request every normaliser needs. */
export type IngestContext = {
  sourceId: string;
  /** When the platform received the request (epoch ms) and the same as ISO text (computed once per request). */
  receivedMs: number;
  receivedAt: string;
  /** The caller's address and user agent: fallbacks when the message carries none. */
  ip: string | null;
  userAgent: string | null;
};

/** An identity command and the event it came with (null for Sensors profile_* records, which store no event). */
export type PendingCommand = { eventId: string | null; command: IdentityCommand };

/**
 * The outcome of normalising one request: valid events (each with its JSON text, encoded once: it is both the size
 * check and the WAL record), identity commands, and the rejected messages by index.
 */
export type NormalizedBatch = {
  events: TrackedEvent[];
  encoded: string[];
  commands: PendingCommand[];
  rejected: IngestRejection[];
  /** How many messages the request held (valid + rejected). */
  received: number;
};

export const emptyBatch = (): NormalizedBatch => ({ events: [], encoded: [], commands: [], rejected: [], received: 0 });

/** Why one message of a request was refused; thrown inside a normaliser and turned into an IngestRejection. */
export class EventRejected extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly path: (string | number)[] = [],
  ) {
    super(message);
    this.name = 'EventRejected';
  }
}

/** How far ahead of the receiving clock an event may be dated (clocks drift; a day more is a bug or an attack). */
export const MAX_FUTURE_MS = DAY_MS;
/** Earliest accepted event time (2000-01-01): older is a unit mistake (seconds for milliseconds). */
export const MIN_EVENT_MS = 946_684_800_000;

/**
 * How deeply objects and lists may nest inside properties or traits. Events are encoded, stored and read by recursive
 * code (JSON.stringify, the stores, analytics), which a hostile depth would overflow: a 500 for the request, or an
 * event that could never be applied.
 */
export const MAX_NESTING = 32;

/** True when `value` nests objects/lists more than `max` levels (iterative: the check itself cannot overflow). */
function nestsDeeperThan(value: object, max: number): boolean {
  const stack: [object, number][] = [[value, 1]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [v, depth] = item;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * Throws unless every top-level key is a property name (identifier), so names can be used safely in queries, and no
 * value nests deeper than MAX_NESTING.
 */
export function checkPropertyNames(obj: Record<string, unknown>, field: string): void {
  for (const key in obj) {
    if (!PROPERTY_NAME.test(key)) {
      throw new EventRejected(
        'invalid_property_name',
        `${field} name ${JSON.stringify(key.slice(0, 100))} is not an identifier (letters, digits, _ and $, not starting with a digit, at most 100)`,
        [field, key],
      );
    }
    const value = obj[key];
    if (typeof value === 'object' && value !== null && nestsDeeperThan(value, MAX_NESTING)) {
      throw new EventRejected(
        'too_deeply_nested',
        `${field}.${key} nests objects or lists more than ${MAX_NESTING} levels deep`,
        [field, key],
      );
    }
  }
}

/** Throws unless the event name is valid and, for a standard event, its documented properties have the right types. */
export function checkEvent(event: string, properties: Record<string, unknown>): void {
  if (!EVENT_NAME.test(event)) {
    throw new EventRejected(
      'invalid_event_name',
      `event name ${JSON.stringify(event.slice(0, 100))} must start with a letter, _ or $ and use letters, digits, _ $ . : - and spaces (at most 100)`,
      ['event'],
    );
  }
  if (!isStandardEvent(event)) return;
  const parsed = STANDARD_EVENTS[event].properties.safeParse(properties);
  if (parsed.success) return;
  const issue = parsed.error.issues[0];
  const path = ['properties', ...(issue?.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p))];
  throw new EventRejected(
    'invalid_property_type',
    `standard event ${event}: ${path.join('.')}: ${issue?.message ?? 'invalid'}`,
    path,
  );
}

/** Throws unless the event time is within [2000-01-01, received + 1 day]. */
export function checkTime(ms: number, receivedMs: number, field: string): void {
  if (ms > receivedMs + MAX_FUTURE_MS) {
    throw new EventRejected(
      'timestamp_in_future',
      `${field} ${new Date(ms).toISOString()} is more than one day ahead of the server clock`,
      [field],
    );
  }
  if (ms < MIN_EVENT_MS) {
    throw new EventRejected(
      'timestamp_too_old',
      `${field} is before 2000-01-01 (seconds given instead of milliseconds?)`,
      [field],
    );
  }
}

/** Epoch ms of an ISO-8601 string or a number of milliseconds; throws `invalid_timestamp` otherwise. */
export function parseTime(value: string | number, field: string): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms) || ms > 253_402_300_799_999 || ms < -62_135_596_800_000) {
    throw new EventRejected('invalid_timestamp', `${field} is not an ISO-8601 time or epoch milliseconds`, [field]);
  }
  return Math.trunc(ms);
}

/** An id as a string (Segment and Sensors allow numbers); null for absent or empty. */
export function idString(value: string | number | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  const s = typeof value === 'number' ? String(value) : value;
  if (s === '') return null;
  if (s.length > 200) throw new EventRejected('invalid_id', `${field} is longer than 200 characters`, [field]);
  // Ids become keys in both stores; PostgreSQL text and DuckDB's SQL parser cannot hold a NUL.
  if (s.includes('\u0000')) throw new EventRejected('invalid_id', `${field} contains a NUL character`, [field]);
  return s;
}

/** A string of a loosely typed wire object (context, properties), truncated to the stored column's length. */
export function textOf(value: unknown, max: number): string | null {
  if (typeof value === 'string') return value === '' ? null : value.length > max ? value.slice(0, max) : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export const objectOf = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/**
 * Accepts a valid event into the batch: encodes it once (the JSON text is both the 32 KB size check and the WAL
 * record) and queues its identity commands. Throws `event_too_large` over the limit.
 */
export function acceptEvent(out: NormalizedBatch, event: TrackedEvent, commands: IdentityCommand[] | null): void {
  const json = JSON.stringify(event);
  // UTF-8 takes at most 3 bytes per UTF-16 unit: measure bytes only when the cheap bound is over the limit.
  if (json.length * 3 > SEGMENT_MAX_EVENT_BYTES) {
    const bytes = Buffer.byteLength(json);
    if (bytes > SEGMENT_MAX_EVENT_BYTES) {
      throw new EventRejected(
        'event_too_large',
        `event is ${bytes} bytes once normalised; the limit is ${SEGMENT_MAX_EVENT_BYTES} bytes (32 KB)`,
      );
    }
  }
  out.events.push(event);
  out.encoded.push(json);
  if (commands) for (const command of commands) out.commands.push({ eventId: event.eventId, command });
}

/** Records a rejection (index in the request, path relative to the message, prefixed by the caller). */
export function reject(out: NormalizedBatch, index: number, err: unknown, pathPrefix: (string | number)[]): void {
  if (!(err instanceof EventRejected)) throw err;
  out.rejected.push({ index, code: err.code, reason: err.message, path: [...pathPrefix, ...err.path] });
}
