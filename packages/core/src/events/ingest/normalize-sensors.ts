import { createHash, randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { type IdentityCommand, type ProfileOp, SensorsRecord, type TrackedEvent } from '@tradeloop/schema';
import type { z } from 'zod';
import { channelFromUrl } from './channel.js';
import { RequestRejected } from './normalize-segment.js';
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
  reject,
  textOf,
} from './validate.js';

/** Most a decompressed Sensors payload may hold (a gzip bomb is refused with 413, not inflated). */
export const SENSORS_MAX_DECODED_BYTES = 5 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/\-_]*={0,2}$/;

/**
 * Decodes the `data_list` / `data` form field: base64 of the JSON text, or of its gzip (`gzip=1`, or recognised by the
 * gzip magic bytes; Sensors' JS SDK sends `gzip=9` for plain base64). Throws RequestRejected with a clear reason.
 */
export function decodeSensorsData(form: {
  data_list?: string | undefined;
  data?: string | undefined;
  gzip?: string | undefined;
}): unknown[] {
  const field = form.data_list !== undefined ? 'data_list' : 'data';
  const raw = form.data_list ?? form.data;
  if (raw === undefined || raw === '') {
    throw new RequestRejected('validation_failed', 'data_list or data is required (base64 of the JSON records)', [
      'data_list',
    ]);
  }
  // Form decoding turns an unescaped '+' into a space; base64 has no spaces, so put them back. Line breaks are MIME noise.
  const text = raw.replace(/ /g, '+').replace(/[\r\n]/g, '');
  if (!BASE64.test(text) || text.length % 4 === 1) {
    throw new RequestRejected('invalid_base64', `${field} is not valid base64`, [field]);
  }
  let bytes: Buffer = Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
  const gzipped = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (form.gzip === '1' || gzipped) {
    if (!gzipped) throw new RequestRejected('invalid_gzip', `${field} is not gzip data although gzip=1`, [field]);
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: SENSORS_MAX_DECODED_BYTES });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new RequestRejected(
          'payload_too_large',
          `${field} inflates to more than ${SENSORS_MAX_DECODED_BYTES} bytes`,
          [field],
        );
      }
      throw new RequestRejected('invalid_gzip', `${field} is not valid gzip data: ${(err as Error).message}`, [field]);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new RequestRejected('invalid_json', `${field} does not decode to JSON: ${(err as Error).message}`, [field]);
  }
  if (Array.isArray(parsed)) return parsed;
  if (objectOf(parsed)) return [parsed];
  throw new RequestRejected('validation_failed', `${field} must decode to a JSON object or array of objects`, [field]);
}

const PROFILE_OPS: Partial<Record<SensorsRecord['type'], ProfileOp>> = {
  profile_set: 'set',
  profile_set_once: 'set_once',
  profile_increment: 'increment',
  profile_append: 'append',
  profile_unset: 'unset',
};

const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

function issueToRejection(error: z.ZodError): EventRejected {
  const issue = error.issues[0];
  const path = (issue?.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p));
  const where = path.length ? `${path.join('.')}: ` : '';
  return new EventRejected(
    path[0] === 'type' ? 'invalid_type' : 'invalid_field',
    `${where}${issue?.message ?? 'invalid'}`,
    path,
  );
}

/** A stable event id from the SDK's random `_track_id` and the record's identity, so a resent record dedupes. */
function eventIdOf(r: SensorsRecord, distinctId: string, ms: number, name: string): string {
  if (r._track_id === undefined) return randomUUID();
  const digest = createHash('sha1').update(`${r._track_id}|${distinctId}|${ms}|${name}`).digest('hex');
  return `sa_${digest.slice(0, 32)}`;
}

function required(value: string | null, field: string, type: string): string {
  if (value === null) throw new EventRejected('missing_id', `${field} is required for ${type}`, [field]);
  return value;
}

function normalizeRecord(out: NormalizedBatch, item: unknown, ctx: IngestContext): void {
  const parsed = SensorsRecord.safeParse(item);
  if (!parsed.success) throw issueToRejection(parsed.error);
  const r = parsed.data;
  const ms = r.time === undefined ? ctx.receivedMs : Math.trunc(r.time);
  checkTime(ms, ctx.receivedMs, 'time');
  const at = new Date(ms).toISOString();
  const properties = r.properties ?? EMPTY;
  checkPropertyNames(properties, 'properties');

  const op = PROFILE_OPS[r.type];
  if (op) {
    const distinctId = required(idString(r.distinct_id, 'distinct_id'), 'distinct_id', r.type);
    // Profile changes are identity commands only: they describe a person, not something that happened.
    out.commands.push({ eventId: null, command: { kind: 'profile', op, distinctId, properties, at } });
    return;
  }
  if (r.type === 'profile_delete') {
    throw new EventRejected('unsupported_type', 'profile_delete is not supported (persons are kept)', ['type']);
  }

  let type: TrackedEvent['type'] = 'track';
  let name: string;
  let distinctId: string;
  let userId: string | null = null;
  let anonymousId: string | null = null;
  let stored = properties;
  let commands: IdentityCommand[] | null = null;
  if (r.type === 'track') {
    distinctId = required(idString(r.distinct_id, 'distinct_id'), 'distinct_id', 'track');
    name = r.event ?? '';
    if (name === '') throw new EventRejected('missing_event', 'event is required for track', ['event']);
    userId = idString(r.login_id, 'login_id') ?? (properties.$is_login_id === true ? distinctId : null);
    anonymousId = idString(r.anonymous_id, 'anonymous_id') ?? (userId !== distinctId ? distinctId : null);
  } else if (r.type === 'track_signup') {
    // distinct_id becomes the login id of original_id (the anonymous id it replaces).
    distinctId = required(idString(r.distinct_id, 'distinct_id'), 'distinct_id', 'track_signup');
    const originalId = required(idString(r.original_id, 'original_id'), 'original_id', 'track_signup');
    type = 'identify';
    name = '$identify';
    userId = distinctId;
    anonymousId = originalId;
    commands = [{ kind: 'identify', userId, anonymousId: originalId, traits: EMPTY, at }];
  } else {
    // item_set / item_delete: stored as track events `$item_set` / `$item_delete` with item_type and item_id.
    const itemType = r.item_type;
    const itemId = idString(r.item_id, 'item_id');
    if (!itemType || itemId === null) {
      throw new EventRejected('missing_id', `item_type and item_id are required for ${r.type}`, ['item_id']);
    }
    name = `$${r.type}`;
    distinctId = `$item:${itemType}:${itemId}`.slice(0, 200);
    stored = { ...properties, item_type: itemType, item_id: itemId };
  }
  checkEvent(name, stored);

  const lib = r.lib ?? EMPTY;
  const url = textOf(properties.$url, 2000);
  const fromUrl = url ? channelFromUrl(url) : null;
  const event: TrackedEvent = {
    eventId: eventIdOf(r, distinctId, ms, name),
    type,
    event: name,
    timestamp: at,
    receivedAt: ctx.receivedAt,
    distinctId,
    anonymousId,
    userId,
    organizationId: textOf(properties.organizationId, 200),
    sessionId: textOf(properties.$session_id, 200) ?? textOf(properties.sessionId, 200),
    sourceId: ctx.sourceId,
    utmSource: textOf(properties.$utm_source, 500) ?? fromUrl?.utmSource ?? null,
    utmMedium: textOf(properties.$utm_medium, 500) ?? fromUrl?.utmMedium ?? null,
    utmCampaign: textOf(properties.$utm_campaign, 500) ?? fromUrl?.utmCampaign ?? null,
    utmTerm: textOf(properties.$utm_term, 500) ?? fromUrl?.utmTerm ?? null,
    utmContent: textOf(properties.$utm_content, 500) ?? fromUrl?.utmContent ?? null,
    referrer: textOf(properties.$referrer, 2000),
    clickId: fromUrl?.clickId?.slice(0, 500) ?? null,
    clickIdType: fromUrl?.clickIdType ?? null,
    pageUrl: url,
    pagePath: textOf(properties.$url_path, 2000) ?? fromUrl?.path?.slice(0, 2000) ?? null,
    pageTitle: textOf(properties.$title, 1000),
    screenName: textOf(properties.$screen_name, 1000),
    libraryName: textOf(lib.$lib, 200) ?? textOf(properties.$lib, 200),
    libraryVersion: textOf(lib.$lib_version, 100) ?? textOf(properties.$lib_version, 100),
    ip: textOf(properties.$ip, 100) ?? ctx.ip,
    userAgent: textOf(properties.$user_agent, 1000) ?? ctx.userAgent,
    properties: stored,
  };
  acceptEvent(out, event, commands);
}

/**
 * Normalises decoded Sensors records: track, track_signup (→ identify), profile_* (→ identity commands only),
 * item_set / item_delete (→ `$item_set` / `$item_delete` track events). Each record is accepted or rejected alone.
 *
 * @example normalizeSensorsRecords(decodeSensorsData({ data_list, gzip: '1' }), ctx)
 */
export function normalizeSensorsRecords(records: unknown[], ctx: IngestContext, field = 'data_list'): NormalizedBatch {
  const out = emptyBatch();
  out.received = records.length;
  for (let i = 0; i < records.length; i++) {
    try {
      normalizeRecord(out, records[i], ctx);
    } catch (err) {
      reject(out, i, err, [field, i]);
    }
  }
  return out;
}
