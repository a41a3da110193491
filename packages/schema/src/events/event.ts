import { z } from 'zod';

/**
 * The stored event: one row of the event store (DuckDB or ClickHouse), whatever wire format it arrived in
 * (Segment HTTP spec, Sensors Analytics, the SDK, server-side emission, file import).
 */
export const EVENT_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Property and trait names: identifiers only, so they can be used as columns and in query nodes safely. */
export const PROPERTY_NAME = /^[A-Za-z_$][A-Za-z0-9_$]{0,99}$/;
/** Event names: letters, digits, `_`, `$`, `.`, `:`, `-` and spaces (Segment names like "Order Completed"). */
export const EVENT_NAME = /^[A-Za-z_$][A-Za-z0-9_$.: -]{0,99}$/;

export type TrackedEvent = {
  /** Unique id: the Segment messageId / Sensors _track_id-derived id, or generated. Dedupe key. */
  eventId: string;
  type: EventType;
  /** For track: the event name; for page/screen: '$pageview'/'$screen'; identify '$identify'; group '$group'; alias '$alias'. */
  event: string;
  /** When it happened (client time, or the historical time of an import), ISO-8601 UTC with milliseconds. */
  timestamp: string;
  /** When the platform acknowledged it. */
  receivedAt: string;
  /** The id the event is attributed to: userId when known, else anonymousId. Identity maps it to a person. */
  distinctId: string;
  anonymousId: string | null;
  userId: string | null;
  organizationId: string | null;
  sessionId: string | null;
  /** The source (write key) it came through; 'server' for the marketplace's own events. */
  sourceId: string;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  referrer: string | null;
  /** Ad click id (gclid, bd_vid, fbclid, ...) and which parameter carried it. */
  clickId: string | null;
  clickIdType: string | null;
  pageUrl: string | null;
  pagePath: string | null;
  pageTitle: string | null;
  screenName: string | null;
  libraryName: string | null;
  libraryVersion: string | null;
  ip: string | null;
  userAgent: string | null;
  /** Event properties as sent (raw, retained), names checked against PROPERTY_NAME at the top level. */
  properties: Record<string, unknown>;
};

/** Names of the TrackedEvent fields stored as columns, in column order (properties last, as JSON text). */
export const TRACKED_EVENT_COLUMNS = [
  'eventId',
  'type',
  'event',
  'timestamp',
  'receivedAt',
  'distinctId',
  'anonymousId',
  'userId',
  'organizationId',
  'sessionId',
  'sourceId',
  'utmSource',
  'utmMedium',
  'utmCampaign',
  'utmTerm',
  'utmContent',
  'referrer',
  'clickId',
  'clickIdType',
  'pageUrl',
  'pagePath',
  'pageTitle',
  'screenName',
  'libraryName',
  'libraryVersion',
  'ip',
  'userAgent',
  'properties',
] as const satisfies readonly (keyof TrackedEvent)[];

/** The zod form of a TrackedEvent (used by imports and the server-side emitter before appending). */
export const TrackedEventSchema = z.strictObject({
  eventId: z.string().min(1).max(128),
  type: z.enum(EVENT_TYPES),
  event: z
    .string()
    .regex(EVENT_NAME, 'event names start with a letter, _ or $ and use letters, digits, _ $ . : - and spaces'),
  timestamp: z.iso.datetime(),
  receivedAt: z.iso.datetime(),
  distinctId: z.string().min(1).max(200),
  anonymousId: z.string().max(200).nullable(),
  userId: z.string().max(200).nullable(),
  organizationId: z.string().max(200).nullable(),
  sessionId: z.string().max(200).nullable(),
  sourceId: z.string().min(1).max(64),
  utmSource: z.string().max(500).nullable(),
  utmMedium: z.string().max(500).nullable(),
  utmCampaign: z.string().max(500).nullable(),
  utmTerm: z.string().max(500).nullable(),
  utmContent: z.string().max(500).nullable(),
  referrer: z.string().max(2000).nullable(),
  clickId: z.string().max(500).nullable(),
  clickIdType: z.string().max(50).nullable(),
  pageUrl: z.string().max(2000).nullable(),
  pagePath: z.string().max(2000).nullable(),
  pageTitle: z.string().max(1000).nullable(),
  screenName: z.string().max(1000).nullable(),
  libraryName: z.string().max(200).nullable(),
  libraryVersion: z.string().max(100).nullable(),
  ip: z.string().max(100).nullable(),
  userAgent: z.string().max(1000).nullable(),
  properties: z.record(z.string().regex(PROPERTY_NAME, 'property names are identifiers'), z.unknown()),
});
