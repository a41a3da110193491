import { randomUUID } from 'node:crypto';
import {
  type IdentityCommand,
  SegmentBatch,
  SegmentMessage,
  type SegmentMessageType,
  type TrackedEvent,
} from '@tradeloop/schema';
import type { z } from 'zod';
import { CLICK_ID_PARAMS, channelFromUrl, type UrlChannel } from './channel.js';
import {
  acceptEvent,
  checkEvent,
  checkPropertyNames,
  checkTime,
  EventRejected,
  emptyBatch,
  type IngestContext,
  idString,
  type NormalizedBatch,
  objectOf,
  parseTime,
  reject,
  textOf,
} from './validate.js';

/** A request-level refusal (the body as a whole is unusable): the route answers 400 with this path. */
export class RequestRejected extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly path: (string | number)[] = [],
  ) {
    super(message);
    this.name = 'RequestRejected';
  }
}

const EVENT_OF: Record<SegmentMessageType, string> = {
  track: '',
  page: '$pageview',
  screen: '$screen',
  identify: '$identify',
  group: '$group',
  alias: '$alias',
};

const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

function issueToRejection(error: z.ZodError): EventRejected {
  const issue = error.issues[0];
  const path = (issue?.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p));
  const where = path.length ? `${path.join('.')}: ` : '';
  const code = path[0] === 'type' ? 'invalid_type' : path.length === 0 ? 'invalid_message' : 'invalid_field';
  return new EventRejected(code, `${where}${issue?.message ?? 'invalid'}`, path);
}

/*
 * Fast path: the common, valid message checked by hand with exactly the rules of the zod schemas in
 * @tradeloop/schema (segment.ts), without zod's per-field machinery and output copy (a loose object's output is a
 * shallow copy of its input, and object-valued fields are kept by reference, so the input itself is the same value).
 * Anything it does not accept (other types, any doubt) goes to zod, which also words the precise error.
 */
const isObj = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
const nullishObj = (v: unknown): boolean => v === undefined || v === null || isObj(v);
const finite = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
/** SegmentId.nullish(): a string of 1..200 or a finite number. */
const nullishId = (v: unknown): boolean =>
  v === undefined || v === null || (typeof v === 'string' ? v.length >= 1 && v.length <= 200 : finite(v));
/** SegmentTime.nullish(): a string of at most 64 or a finite number. */
const nullishTime = (v: unknown): boolean =>
  v === undefined || v === null || (typeof v === 'string' ? v.length <= 64 : finite(v));
const nullishText = (v: unknown, max: number): boolean =>
  v === undefined || v === null || (typeof v === 'string' && v.length <= max);

function commonFieldsValid(m: Record<string, unknown>): boolean {
  const { messageId, writeKey, version } = m;
  return (
    (messageId === undefined || (typeof messageId === 'string' && messageId.length >= 1 && messageId.length <= 128)) &&
    nullishId(m.anonymousId) &&
    nullishId(m.userId) &&
    nullishTime(m.timestamp) &&
    nullishTime(m.originalTimestamp) &&
    nullishTime(m.sentAt) &&
    nullishTime(m.receivedAt) &&
    nullishObj(m.context) &&
    nullishObj(m.integrations) &&
    (writeKey === undefined || (typeof writeKey === 'string' && writeKey.length <= 200)) &&
    (version === undefined || typeof version === 'string' || finite(version))
  );
}

/** The message as SegmentMessage.parse would return it, or null when zod must decide. Exported for its test. */
export function fastMessage(item: unknown): SegmentMessage | null {
  if (!isObj(item)) return null;
  const m = item as Record<string, unknown>;
  switch (m.type) {
    case 'track': {
      const event = m.event;
      if (typeof event !== 'string' || event.length < 1 || event.length > 100) return null;
      if (!nullishObj(m.properties)) return null;
      break;
    }
    case 'page':
    case 'screen':
      if (!nullishText(m.name, 1000) || !nullishText(m.category, 1000) || !nullishObj(m.properties)) return null;
      break;
    case 'identify':
      if (!nullishObj(m.traits)) return null;
      break;
    default:
      return null;
  }
  return commonFieldsValid(m) ? (m as SegmentMessage) : null;
}

/** The batch envelope as SegmentBatch.parse would return it (the same rules), or null when zod must decide. */
export function fastBatch(body: unknown): SegmentBatch | null {
  if (!isObj(body)) return null;
  const b = body as Record<string, unknown>;
  const { batch, writeKey } = b;
  if (!Array.isArray(batch) || batch.length > 10_000) return null;
  if (!nullishObj(b.context) || !nullishObj(b.integrations) || !nullishTime(b.sentAt)) return null;
  if (writeKey !== undefined && !(typeof writeKey === 'string' && writeKey.length <= 200)) return null;
  return b as SegmentBatch;
}

/**
 * Segment's clock-skew correction: with `sentAt` (the client's clock when it sent), the event time becomes
 * `receivedAt - (sentAt - timestamp)`; without it the given time is taken as is (historical import). No time at all:
 * the receiving time.
 */
function eventTime(m: SegmentMessage, batchSentAt: string | number | null | undefined, receivedMs: number): number {
  const given = m.timestamp ?? m.originalTimestamp;
  if (given === null || given === undefined) return receivedMs;
  const field = m.timestamp !== null && m.timestamp !== undefined ? 'timestamp' : 'originalTimestamp';
  let ms = parseTime(given, field);
  const sentAt = m.sentAt ?? batchSentAt;
  if (sentAt !== null && sentAt !== undefined) ms += receivedMs - parseTime(sentAt, 'sentAt');
  checkTime(ms, receivedMs, field);
  return ms;
}

/** Maps one parsed Segment message to a TrackedEvent plus its identity commands. */
function toEvent(
  m: SegmentMessage,
  context: Record<string, unknown>,
  batchSentAt: string | number | null | undefined,
  ctx: IngestContext,
): { event: TrackedEvent; commands: IdentityCommand[] | null } {
  const userId = idString(m.userId, 'userId');
  const anonymousId = idString(m.anonymousId, 'anonymousId');
  if (userId === null && anonymousId === null) {
    throw new EventRejected('missing_id', 'userId or anonymousId is required', ['userId']);
  }
  const ms = eventTime(m, batchSentAt, ctx.receivedMs);
  const at = new Date(ms).toISOString();

  let properties: Record<string, unknown> = EMPTY;
  let eventName = EVENT_OF[m.type];
  let commands: IdentityCommand[] | null = null;
  let organizationId = textOf(context.groupId, 200);
  let screenName: string | null = null;
  let pageName: string | null = null;
  const distinctId = (userId ?? anonymousId) as string;
  switch (m.type) {
    case 'track':
      eventName = m.event;
      properties = m.properties ?? EMPTY;
      checkPropertyNames(properties, 'properties');
      break;
    case 'page':
    case 'screen':
      properties = m.properties ?? EMPTY;
      checkPropertyNames(properties, 'properties');
      if (m.type === 'screen') screenName = m.name ?? null;
      else pageName = m.name ?? null;
      break;
    case 'identify': {
      properties = m.traits ?? EMPTY;
      checkPropertyNames(properties, 'traits');
      commands = [
        userId !== null
          ? { kind: 'identify', userId, anonymousId, traits: properties, at }
          : { kind: 'profile', op: 'set', distinctId, properties, at },
      ];
      break;
    }
    case 'group': {
      const groupId = idString(m.groupId, 'groupId') as string;
      properties = m.traits ?? EMPTY;
      checkPropertyNames(properties, 'traits');
      organizationId = groupId;
      commands = [{ kind: 'group', distinctId, groupId, traits: properties, at }];
      break;
    }
    case 'alias': {
      const previousId = idString(m.previousId, 'previousId');
      if (previousId === null || userId === null) {
        throw new EventRejected('missing_id', 'alias needs previousId and userId', ['previousId']);
      }
      properties = { previousId };
      commands = [{ kind: 'alias', previousId, userId, at }];
      break;
    }
  }
  checkEvent(eventName, properties);

  const page = objectOf(context.page);
  const campaign = objectOf(context.campaign);
  const campaignClick = campaign ? clickIdOf(campaign) : undefined;
  const library = objectOf(context.library);
  const pageUrl = textOf(page?.url, 2000) ?? (m.type === 'page' ? textOf(properties.url, 2000) : null);
  const fromUrl: UrlChannel | null = pageUrl ? channelFromUrl(pageUrl) : null;
  const sessionId = textOf(context.sessionId, 200) ?? textOf(properties.sessionId, 200);
  const referrer =
    textOf(page?.referrer, 2000) ??
    (m.type === 'page' ? textOf(properties.referrer, 2000) : null) ??
    textOf(objectOf(context.referrer)?.url, 2000);

  const event: TrackedEvent = {
    eventId: m.messageId ?? randomUUID(),
    type: m.type,
    event: eventName,
    timestamp: at,
    receivedAt: ctx.receivedAt,
    distinctId,
    anonymousId,
    userId,
    organizationId,
    sessionId,
    sourceId: ctx.sourceId,
    utmSource: textOf(campaign?.source, 500) ?? fromUrl?.utmSource ?? null,
    utmMedium: textOf(campaign?.medium, 500) ?? fromUrl?.utmMedium ?? null,
    utmCampaign: textOf(campaign?.name, 500) ?? textOf(campaign?.campaign, 500) ?? fromUrl?.utmCampaign ?? null,
    utmTerm: textOf(campaign?.term, 500) ?? fromUrl?.utmTerm ?? null,
    utmContent: textOf(campaign?.content, 500) ?? fromUrl?.utmContent ?? null,
    referrer,
    // The page URL's click id first; else the one the SDK kept from the landing page in context.campaign.
    clickId: fromUrl?.clickId?.slice(0, 500) ?? campaignClick?.id ?? null,
    clickIdType: fromUrl?.clickIdType ?? campaignClick?.type ?? null,
    pageUrl,
    pagePath:
      textOf(page?.path, 2000) ??
      (m.type === 'page' ? textOf(properties.path, 2000) : null) ??
      fromUrl?.path?.slice(0, 2000) ??
      null,
    pageTitle:
      textOf(page?.title, 1000) ??
      (m.type === 'page' ? (textOf(properties.title, 1000) ?? pageName?.slice(0, 1000) ?? null) : null),
    screenName: screenName?.slice(0, 1000) ?? null,
    libraryName: textOf(library?.name, 200),
    libraryVersion: textOf(library?.version, 100),
    ip: textOf(context.ip, 100) ?? ctx.ip,
    userAgent: textOf(context.userAgent, 1000),
    properties,
  };
  return { event, commands };
}

function normalizeOne(
  out: NormalizedBatch,
  index: number,
  item: unknown,
  batchContext: Record<string, unknown> | null,
  batchSentAt: string | number | null | undefined,
  ctx: IngestContext,
  pathPrefix: (string | number)[],
): void {
  try {
    let m = fastMessage(item);
    if (m === null) {
      const parsed = SegmentMessage.safeParse(item);
      if (!parsed.success) throw issueToRejection(parsed.error);
      m = parsed.data;
    }
    const own = m.context ?? null;
    // Top-level batch context is merged into each item, the item's own keys winning (Segment's behaviour).
    const context = own && batchContext ? { ...batchContext, ...own } : (own ?? batchContext ?? EMPTY);
    const { event, commands } = toEvent(m, context, batchSentAt, ctx);
    acceptEvent(out, event, commands);
  } catch (err) {
    reject(out, index, err, pathPrefix);
  }
}

/**
 * Normalises `POST /v1/batch`. Throws RequestRejected when the body is not a batch at all; otherwise each item is
 * accepted or rejected on its own (index = position in `batch`).
 *
 * @example normalizeSegmentBatch({ batch: [{ type: 'track', event: 'search', anonymousId: 'a1', properties: { query: 'steel' } }] }, ctx)
 */
export function normalizeSegmentBatch(body: unknown, ctx: IngestContext): NormalizedBatch {
  let envelope = fastBatch(body);
  if (envelope === null) {
    const parsed = SegmentBatch.safeParse(body);
    if (!parsed.success) {
      const e = issueToRejection(parsed.error);
      throw new RequestRejected('validation_failed', e.message, e.path);
    }
    envelope = parsed.data;
  }
  const { batch, context, sentAt } = envelope;
  const out = emptyBatch();
  out.received = batch.length;
  for (let i = 0; i < batch.length; i++) {
    normalizeOne(out, i, batch[i], context ?? null, sentAt, ctx, ['batch', i]);
  }
  return out;
}

/**
 * Normalises a single call (`POST /v1/track` etc.): the path names the type (a `type` in the body is ignored, as
 * Segment does).
 */
export function normalizeSegmentCall(type: SegmentMessageType, body: unknown, ctx: IngestContext): NormalizedBatch {
  const obj = objectOf(body);
  if (!obj) throw new RequestRejected('validation_failed', 'the body must be a JSON object (one message)', []);
  const out = emptyBatch();
  out.received = 1;
  normalizeOne(out, 0, { ...obj, type }, null, undefined, ctx, []);
  return out;
}

/** The highest-ranked ad click id carried in `context.campaign` (the SDK keeps the landing page's there). */
function clickIdOf(campaign: Record<string, unknown>): { id: string; type: string } | undefined {
  for (const param of CLICK_ID_PARAMS) {
    const value = textOf(campaign[param], 500);
    if (value) return { id: value, type: param };
  }
  return undefined;
}
