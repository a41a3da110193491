import { z } from 'zod';

/**
 * The Segment HTTP tracking API wire format (https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/),
 * as accepted on `POST /v1/track|identify|page|screen|group|alias|batch`.
 *
 * Messages are validated one by one (a batch is all-or-nothing per message), so object-valued fields are checked to be
 * plain objects without copying them: their contents are retained raw.
 */

/** Limits of the Segment HTTP API: one message at most 32 KB, one batch request at most 500 KB. */
export const SEGMENT_MAX_EVENT_BYTES = 32 * 1024;
export const SEGMENT_MAX_BATCH_BYTES = 500 * 1024;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON object kept as sent (no copy, no stripping). */
export const JsonObject = z
  .custom<Record<string, unknown>>(isPlainObject, { message: 'expected an object' })
  .meta({ type: 'object', additionalProperties: true });

/** Segment ids may be strings or numbers (numbers are turned into strings). */
const SegmentId = z.union([z.string().min(1).max(200), z.number().finite()]);
/** ISO-8601 time or epoch milliseconds (libraries send strings; some send Date numbers). */
const SegmentTime = z.union([z.string().max(64), z.number().finite()]);

const common = {
  messageId: z.string().min(1).max(128).optional(),
  anonymousId: SegmentId.nullish(),
  userId: SegmentId.nullish(),
  timestamp: SegmentTime.nullish(),
  originalTimestamp: SegmentTime.nullish(),
  sentAt: SegmentTime.nullish(),
  receivedAt: SegmentTime.nullish(),
  context: JsonObject.nullish(),
  integrations: JsonObject.nullish(),
  writeKey: z.string().max(200).optional(),
  version: z.union([z.string(), z.number()]).optional(),
};

export const SegmentTrack = z.looseObject({
  ...common,
  type: z.literal('track'),
  event: z.string().min(1).max(100),
  properties: JsonObject.nullish(),
});
export const SegmentIdentify = z.looseObject({ ...common, type: z.literal('identify'), traits: JsonObject.nullish() });
export const SegmentPage = z.looseObject({
  ...common,
  type: z.literal('page'),
  name: z.string().max(1000).nullish(),
  category: z.string().max(1000).nullish(),
  properties: JsonObject.nullish(),
});
export const SegmentScreen = z.looseObject({
  ...common,
  type: z.literal('screen'),
  name: z.string().max(1000).nullish(),
  category: z.string().max(1000).nullish(),
  properties: JsonObject.nullish(),
});
export const SegmentGroup = z.looseObject({
  ...common,
  type: z.literal('group'),
  groupId: SegmentId,
  traits: JsonObject.nullish(),
});
export const SegmentAlias = z.looseObject({
  ...common,
  type: z.literal('alias'),
  previousId: SegmentId,
  userId: SegmentId,
});

/** One message of any type (in a batch each item names its type). */
export const SegmentMessage = z.discriminatedUnion('type', [
  SegmentTrack,
  SegmentIdentify,
  SegmentPage,
  SegmentScreen,
  SegmentGroup,
  SegmentAlias,
]);
export type SegmentMessage = z.infer<typeof SegmentMessage>;
export type SegmentMessageType = SegmentMessage['type'];
export const SEGMENT_MESSAGE_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;

/** `POST /v1/batch`: items plus top-level context/integrations merged into each item (the item's keys win). */
export const SegmentBatch = z.looseObject({
  batch: z.array(z.unknown()).max(10_000),
  context: JsonObject.nullish(),
  integrations: JsonObject.nullish(),
  sentAt: SegmentTime.nullish(),
  writeKey: z.string().max(200).optional(),
});
export type SegmentBatch = z.infer<typeof SegmentBatch>;

/** One rejected message of a request: its index in the batch (0 for single calls), the reason, the field path. */
export const IngestRejection = z.object({
  index: z.number().int().min(0),
  code: z.string(),
  reason: z.string(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
});
export type IngestRejection = z.infer<typeof IngestRejection>;

/** The answer to an ingestion request: everything not rejected is durably stored (or was a duplicate). */
export const IngestResponse = z.object({
  success: z.literal(true),
  rejected: z.array(IngestRejection).optional(),
});
export type IngestResponse = z.infer<typeof IngestResponse>;
