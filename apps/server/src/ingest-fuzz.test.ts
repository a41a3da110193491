import { gzipSync } from 'node:zlib';
import { SEGMENT_MAX_BATCH_BYTES } from '@tradeloop/schema';
import { oltpTestTargets } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './testing/harness.js';

/**
 * Seeded fuzzing of the ingestion endpoints: thousands of malformed, oversized, badly encoded and half-valid bodies
 * to /v1/batch, /v1/track, /v1/identify and /sa (POST form and GET pixel), with the default source's write key.
 * Never a 5xx; every refusal is JSON with a machine-readable code; the server keeps serving; and every valid message
 * of an acknowledged request is in the event store exactly once at the end (nothing of a refused request is).
 * A failure names the seed and request number, so it replays exactly.
 */

const SEED = 0x7a3c_19e5;
const REQUESTS = 2400;
const CANARY_EVERY = 200;
const CONCURRENCY = 8;
const DAY_MS = 86_400_000;
/** A request not answered by then counts as a hang. */
const ANSWER_WITHIN_MS = 5_000;

/** mulberry32: a tiny, fast, seedable PRNG (deterministic across runs and platforms). */
class Rng {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = Math.floor(this.next() * 256);
    return b;
  }
  text(n: number): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789 _-.:/?&=%"\\{}[],\u00e9\u4e2d\u6587\ud83d\ude00\u0000\n';
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function randomJson(r: Rng, depth = 0): Json {
  switch (r.int(0, depth > 3 ? 4 : 6)) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, -1, 1.5, 2 ** 53, -(2 ** 60), 1e308, r.int(-1000, 1000)]);
    case 3:
      return r.text(r.int(0, 12));
    case 4:
      return r.pick(['', 'null', '2024-02-30T25:61:00Z', 'NaN', '__proto__', '\u0000', 'x'.repeat(300)]);
    case 5:
      return Array.from({ length: r.int(0, 4) }, () => randomJson(r, depth + 1));
    default: {
      const o: Record<string, Json> = {};
      for (let i = r.int(0, 4); i > 0; i--)
        o[r.pick(['a', 'b', 'type', 'userId', r.text(4)])] = randomJson(r, depth + 1);
      return o;
    }
  }
}

/** Nesting `depth` levels deep: `{"a":{"a":...}}` or `[[...]]`. */
function deep(depth: number, array: boolean): string {
  return array ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

// Valid messages use distinct ids of these pools only; everything of unknown validity uses other ids, so the store's
// count per pool is exactly the number of valid messages acknowledged.
const OK_ANONS = Array.from({ length: 30 }, (_, i) => `fz-anon-${i}`);
const OK_USERS = Array.from({ length: 20 }, (_, i) => `fz-user-${i}`);
const OK_IDS = [...OK_ANONS, ...OK_USERS];
const SA_OK = Array.from({ length: 20 }, (_, i) => `fz-sa-${i}`);

type Msg = Record<string, unknown>;

class Generator {
  private seq = 0;
  private trackId = 1_000_000;
  constructor(
    readonly r: Rng,
    readonly now: number,
  ) {}

  private time(): string | number {
    const ms = this.now - this.r.int(0, 30 * DAY_MS);
    return this.r.chance(0.8) ? new Date(ms).toISOString() : ms;
  }

  private props(): Record<string, Json> {
    const o: Record<string, Json> = {};
    for (let i = this.r.int(0, 5); i > 0; i--) o[`p_${this.r.int(0, 50)}`] = randomJson(this.r, 2);
    return o;
  }

  /** A Segment message the server must accept (its id is unique). */
  validSegment(anons: readonly string[], users: readonly string[], prefix = 'fz'): Msg {
    const r = this.r;
    const messageId = `${prefix}-${this.seq++}`;
    const who = r.chance(0.5) ? { anonymousId: r.pick(anons) } : { userId: r.pick(users) };
    const base: Msg = { messageId, ...(r.chance(0.7) ? { timestamp: this.time() } : {}) };
    if (r.chance(0.3)) {
      base.context = {
        campaign: { source: r.text(5), medium: 'cpc' },
        page: { url: `https://shop.example/p/${r.int(1, 99)}?utm_source=fz&gclid=${r.int(1, 1e6)}` },
      };
    }
    switch (r.int(0, 7)) {
      case 0:
        return {
          ...base,
          ...who,
          type: 'track',
          event: 'product_view',
          properties: {
            productId: `p-${r.int(1, 99)}`,
            unitPrice: r.int(0, 1e6),
            position: r.int(0, 20),
            slot: 'home',
          },
        };
      case 1:
        return {
          ...base,
          ...who,
          type: 'track',
          event: 'add_to_cart',
          properties: { productId: `p-${r.int(1, 99)}`, quantity: r.int(1, 50) },
        };
      case 2:
        return { ...base, ...who, type: 'identify', traits: { plan: r.pick(['free', 'pro']), score: r.int(0, 9) } };
      case 3:
        return {
          ...base,
          ...who,
          type: 'page',
          name: 'Home',
          properties: { url: 'https://shop.example/?utm_medium=x' },
        };
      case 4:
        return { ...base, ...who, type: 'screen', name: 'Cart', properties: this.props() };
      case 5:
        return { ...base, ...who, type: 'group', groupId: `org-${r.int(1, 5)}`, traits: { tier: r.int(1, 3) } };
      case 6:
        return { ...base, type: 'alias', userId: r.pick(users), previousId: r.pick(anons) };
      default:
        return { ...base, ...who, type: 'track', event: `fz_custom_${r.int(0, 9)}`, properties: this.props() };
    }
  }

  /**
   * A message the server must reject, whatever the rest of the request holds. `anyType`: only faults that hold
   * whatever the type (single calls take the type from the path, so a bad `event` of an identify does not matter).
   */
  invalidSegment(anyType = false): unknown {
    const r = this.r;
    const m = this.validSegment(OK_ANONS, OK_USERS, 'fz-bad');
    switch (anyType ? r.pick([0, 2, 3, 7, 8, 11, 13]) : r.int(0, 13)) {
      case 0:
        delete m.userId;
        delete m.anonymousId;
        return m;
      case 1:
        return { ...m, type: r.pick(['bogus', 42, null, '']) };
      case 2:
        return { ...m, timestamp: new Date(this.now + r.int(3, 300) * DAY_MS).toISOString() };
      case 3:
        return { ...m, timestamp: r.pick(['not a time', '2024-13-45', 12_345, 'yesterday']) };
      case 4:
        return { ...m, type: 'track', event: r.pick(['', 42, '9lives', 'a'.repeat(101), '<script>']) };
      case 5:
        return { ...m, type: 'track', event: 'fz_custom', properties: { [r.pick(['bad key', '1x', 'a-b', ''])]: 1 } };
      case 6:
        return { ...m, type: 'track', event: 'product_view', properties: { productId: r.pick([42, null, '', true]) } };
      case 7:
        return { ...m, messageId: r.pick([12_345, '', {}, 'x'.repeat(200)]) };
      case 8:
        return { ...m, userId: r.pick([{}, [], true, 'u'.repeat(201)]), anonymousId: undefined };
      case 9:
        return { ...m, type: 'track', event: 'fz_big', properties: { blob: r.text(34_000) } };
      case 10:
        return { ...m, type: 'track', event: 'fz_custom', properties: r.pick([[1, 2], 'text', 7]) };
      case 11:
        return r.pick(['string item', 42, null, [], true]);
      case 13:
        return { ...m, anonymousId: `a\u0000${r.int(0, 9)}`, userId: undefined };
      default:
        return { ...m, type: 'alias', previousId: undefined, userId: r.pick(OK_USERS) };
    }
  }

  /** A valid message with one random value put at a random path: may or may not be accepted. */
  mutatedSegment(): Msg {
    const r = this.r;
    const m = this.validSegment(['fz-maybe-a'], ['fz-maybe-u'], 'fz-maybe');
    const keys = ['type', 'event', 'userId', 'anonymousId', 'timestamp', 'properties', 'traits', 'context', 'groupId'];
    let target: Record<string, unknown> = m;
    if (r.chance(0.3) && typeof m.properties === 'object' && m.properties !== null) {
      target = m.properties as Record<string, unknown>;
    }
    target[r.chance(0.8) ? r.pick(keys) : r.text(3)] = randomJson(r);
    if (r.chance(0.1)) m.properties = JSON.parse(deep(r.int(10, 400), r.chance(0.5)));
    return m;
  }

  /** A valid Sensors record: track, track_signup or a profile operation (which stores no event). */
  validSensors(): { record: Msg; stores: boolean } {
    const r = this.r;
    const common = {
      distinct_id: r.pick(SA_OK),
      time: this.now - r.int(0, 30 * DAY_MS),
      _track_id: this.trackId++,
      lib: { $lib: 'fuzz', $lib_version: '1' },
    };
    switch (r.int(0, 4)) {
      case 0:
        return {
          record: { ...common, type: 'track', event: 'product_view', properties: { productId: `p-${r.int(1, 9)}` } },
          stores: true,
        };
      case 1:
        return {
          record: { ...common, type: 'track_signup', event: '$SignUp', original_id: r.pick(SA_OK) },
          stores: true,
        };
      case 2:
        return {
          record: { ...common, type: r.pick(['profile_set', 'profile_set_once']), properties: { city: r.text(5) } },
          stores: false,
        };
      case 3:
        return { record: { ...common, type: 'profile_increment', properties: { visits: r.int(1, 3) } }, stores: false };
      default:
        return { record: { ...common, type: 'track', event: 'fz_sa_evt', properties: this.props() }, stores: true };
    }
  }

  invalidSensors(): unknown {
    const r = this.r;
    const { record } = this.validSensors();
    switch (r.int(0, 6)) {
      case 0:
        return { ...record, type: r.pick(['bogus', 7, null]) };
      case 1:
        return { ...record, type: 'track', event: 'x', distinct_id: undefined };
      case 2:
        return { ...record, type: 'track', event: r.pick(['', 12, '9bad']) };
      case 3:
        return { ...record, type: 'track', event: 'x', time: this.now + r.int(3, 90) * DAY_MS };
      case 4:
        return { ...record, type: 'track', event: 'x', properties: { 'bad name': 1 } };
      case 5:
        return { ...record, type: 'track', event: 'x', time: r.pick(['2024-01-01', true, {}]) };
      default:
        return r.pick([1, 'text', null, []]);
    }
  }
}

type Req = {
  n: number;
  kind: string;
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  payload?: Buffer | string;
  /** Segment message ids / Sensors track ids that must be stored if the request is acknowledged. */
  valid: string[];
  saValid: string[];
  /** Indices (in the request's message list) that must be in `rejected`. */
  invalidIdx: number[];
  /** The answer this request must get, when known. */
  expect?: number | readonly number[];
  /** Fresh valid messages / records, remembered for resends once the request is acknowledged. */
  remember?: { segment: Msg[]; sensors: Msg[] };
  status?: number;
};

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

describe.each(oltpTestTargets())('ingestion fuzz on $dialect', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  let api: TestApi;
  beforeAll(async () => {
    if (!skipReason) api = await startTestApi({ dialect, skipReason, ...target });
  });
  afterAll(async () => api?.close());

  it.skipIf(skipReason !== '')(
    `${REQUESTS} random bad bodies: no 5xx, coded JSON refusals, keeps serving, valid messages stored once`,
    { timeout: 120_000 },
    async () => {
      const r = new Rng(SEED);
      const g = new Generator(r, Date.now());
      const auth = { authorization: basic(api.writeKey) };
      const json = { ...auth, 'content-type': 'application/json' };
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const acked = new Set<string>();
      const saAcked = new Set<string>();
      const ackedMessages: Msg[] = [];
      const ackedSensors: Msg[] = [];
      const problems: string[] = [];
      const sensorsIdOf = (rec: Msg) => String(rec._track_id);

      const segmentBatch = (n: number): Req => {
        const items: unknown[] = [];
        const valid: string[] = [];
        const invalidIdx: number[] = [];
        const fresh: Msg[] = [];
        for (let i = r.int(1, 25); i > 0; i--) {
          const roll = r.next();
          if (roll < 0.45) {
            const m = g.validSegment(OK_ANONS, OK_USERS);
            valid.push(m.messageId as string);
            fresh.push(m);
            items.push(m);
          } else if (roll < 0.55 && ackedMessages.length > 0) {
            // A resend of an acknowledged message: deduped by messageId.
            const m = r.pick(ackedMessages);
            valid.push(m.messageId as string);
            items.push(m);
          } else if (roll < 0.8) {
            invalidIdx.push(items.length);
            items.push(g.invalidSegment());
          } else items.push(g.mutatedSegment());
        }
        const body: Record<string, unknown> = { batch: items };
        if (r.chance(0.2)) body.context = { campaign: { source: 'batch-level' }, library: { name: 'fuzz' } };
        if (r.chance(0.2)) body.sentAt = new Date(g.now).toISOString();
        let payload: Buffer | string = JSON.stringify(body);
        const headers: Record<string, string> = { ...json };
        if (r.chance(0.2)) {
          payload = gzipSync(payload);
          headers['content-encoding'] = 'gzip';
        }
        // A batch with a valid message is acknowledged, unless oversized messages took it over 500 KB.
        const tooBig = Buffer.byteLength(JSON.stringify(body)) > SEGMENT_MAX_BATCH_BYTES;
        const expected = tooBig ? 413 : valid.length ? 200 : [200, 400];
        return {
          n,
          kind: 'batch-mixed',
          method: 'POST',
          url: '/v1/batch',
          headers,
          payload,
          valid,
          saValid: [],
          invalidIdx,
          expect: expected,
          remember: { segment: fresh, sensors: [] },
        };
      };

      const segmentSingle = (n: number): Req => {
        const type = r.pick(['track', 'identify'] as const);
        const roll = r.next();
        let m: unknown;
        let valid: string[] = [];
        let expected: Req['expect'];
        let remember: Req['remember'];
        if (roll < 0.35) {
          let v = g.validSegment(OK_ANONS, OK_USERS);
          while (v.type !== type || (type === 'track' && typeof v.event !== 'string'))
            v = g.validSegment(OK_ANONS, OK_USERS);
          m = v;
          valid = [v.messageId as string];
          expected = 200;
          remember = { segment: [v], sensors: [] };
        } else if (roll < 0.7) {
          m = g.invalidSegment(true);
          expected = 400;
        } else m = g.mutatedSegment();
        return {
          n,
          kind: `single-${type}`,
          method: 'POST',
          url: `/v1/${type}`,
          headers: { ...json },
          payload: JSON.stringify(m),
          valid,
          saValid: [],
          invalidIdx: [],
          ...(expected !== undefined ? { expect: expected } : {}),
          ...(remember ? { remember } : {}),
        };
      };

      const garbage = (n: number): Req => {
        const url = r.pick(['/v1/batch', '/v1/track', '/v1/identify']);
        const base = { n, method: 'POST' as const, url, valid: [], saValid: [], invalidIdx: [] };
        const sample = JSON.stringify({ batch: [g.validSegment(['fz-maybe-a'], ['fz-maybe-u'], 'fz-trunc')] });
        switch (r.int(0, 12)) {
          case 0:
            return {
              ...base,
              kind: 'truncated-json',
              headers: { ...json },
              payload: sample.slice(0, r.int(0, sample.length - 1)),
              expect: 400,
            };
          case 1:
            return {
              ...base,
              kind: 'random-bytes',
              headers: { ...json },
              payload: r.bytes(r.int(1, 2000)),
              expect: 400,
            };
          case 2:
            return { ...base, kind: 'random-text', headers: { ...json }, payload: r.text(r.int(1, 500)), expect: 400 };
          case 3:
            return {
              ...base,
              kind: 'wrong-shape',
              headers: { ...json },
              payload: JSON.stringify(
                r.pick<Json>([[], 'x', 1, null, true, { batch: {} }, { batch: 'x' }, {}, { batch: [[]] }]),
              ),
              expect: [400],
            };
          case 4: {
            // Deep nesting, within the size limits.
            const limit = url === '/v1/batch' ? 90_000 : 5_000;
            const depth = r.int(100, limit);
            const inner = deep(depth, r.chance(0.5));
            const payload = r.chance(0.5)
              ? inner
              : `{"batch":[{"type":"track","event":"fz_deep","anonymousId":"fz-maybe-a","properties":{"d":${inner}}}],"type":"track","event":"fz_deep","anonymousId":"fz-maybe-a","properties":{"d":${inner}}}`;
            return { ...base, kind: 'deep-nesting', headers: { ...json }, payload };
          }
          case 5:
            return {
              ...base,
              kind: 'huge-string',
              headers: { ...json },
              payload: JSON.stringify({
                batch: [
                  {
                    type: 'track',
                    event: 'x',
                    anonymousId: 'fz-maybe-a',
                    properties: { s: 'x'.repeat(url === '/v1/batch' ? 600_000 : 40_000) },
                  },
                ],
                type: 'track',
                event: 'x',
              }),
              expect: 413,
            };
          case 6:
            return {
              ...base,
              kind: 'bad-gzip',
              headers: { ...json, 'content-encoding': 'gzip' },
              payload: r.chance(0.5) ? r.bytes(r.int(1, 300)) : gzipSync(sample).subarray(0, r.int(1, 40)),
              expect: 400,
            };
          case 7:
            // A gzip bomb: small on the wire, far over the limit inflated.
            return {
              ...base,
              kind: 'gzip-bomb',
              headers: { ...json, 'content-encoding': 'gzip' },
              payload: gzipSync(Buffer.alloc(r.int(2, 6) * 1024 * 1024, 0x20)),
              expect: [400, 413],
            };
          case 8:
            return {
              ...base,
              kind: 'content-type',
              headers: {
                ...auth,
                'content-type': r.pick([
                  'text/xml',
                  'application/octet-stream',
                  'multipart/form-data; boundary=x',
                  'image/png',
                ]),
              },
              payload: sample,
              expect: [400, 415],
            };
          case 9:
            return {
              ...base,
              kind: 'form-garbage',
              headers: { ...auth, ...form },
              payload: r.chance(0.5) ? 'batch=1&a=%ZZ' : r.text(100),
              expect: 400,
            };
          case 10:
            return {
              ...base,
              kind: 'bad-key',
              headers: { ...json, authorization: r.pick([basic('nope'), 'Basic !!!', 'Bearer x', basic('')]) },
              payload: sample,
              expect: 401,
            };
          case 11:
            return {
              ...base,
              kind: 'empty',
              headers: { ...json },
              payload: r.pick(['', ' ', 'null', '{}']),
              expect: 400,
            };
          default:
            return {
              ...base,
              kind: 'bad-unicode',
              headers: { ...json },
              payload: Buffer.concat([
                Buffer.from('{"batch":[{"type":"track","event":"'),
                r.bytes(20),
                Buffer.from('","anonymousId":"fz-maybe-a"}]}'),
              ]),
            };
        }
      };

      const sensorsRecords = (): { records: unknown[]; saValid: string[]; invalidIdx: number[]; fresh: Msg[] } => {
        const records: unknown[] = [];
        const saValid: string[] = [];
        const invalidIdx: number[] = [];
        const fresh: Msg[] = [];
        for (let i = r.int(1, 12); i > 0; i--) {
          const roll = r.next();
          if (roll < 0.5) {
            const { record, stores } = g.validSensors();
            if (stores) {
              saValid.push(sensorsIdOf(record));
              fresh.push(record);
            }
            records.push(record);
          } else if (roll < 0.6 && ackedSensors.length > 0) {
            const rec = r.pick(ackedSensors);
            saValid.push(sensorsIdOf(rec));
            records.push(rec);
          } else {
            invalidIdx.push(records.length);
            records.push(g.invalidSensors());
          }
        }
        return { records, saValid, invalidIdx, fresh };
      };

      const sensors = (n: number): Req => {
        const pixel = r.chance(0.3);
        const url = `/sa?project=${r.chance(0.97) ? 'default' : 'nope'}`;
        const roll = r.next();
        let fields: Record<string, string>;
        let valid: ReturnType<typeof sensorsRecords> = { records: [], saValid: [], invalidIdx: [], fresh: [] };
        let kind: string;
        let expected: Req['expect'];
        if (roll < 0.45) {
          valid = sensorsRecords();
          const text = Buffer.from(JSON.stringify(valid.records));
          const gz = !pixel && r.chance(0.7);
          fields =
            pixel || r.chance(0.3)
              ? { data: (gz ? gzipSync(text) : text).toString('base64'), ...(gz ? { gzip: '1' } : {}) }
              : { data_list: (gz ? gzipSync(text) : text).toString('base64'), gzip: gz ? '1' : '0' };
          kind = 'sa-mixed';
          expected = valid.saValid.length ? 200 : undefined;
        } else {
          const sample = Buffer.from(JSON.stringify([g.validSensors().record]));
          kind = 'sa-garbage';
          expected = 400;
          switch (r.int(0, 8)) {
            case 0:
              fields = { data_list: r.text(r.int(1, 200)).replace(/[A-Za-z0-9+/=]/g, '!') };
              break;
            case 1:
              fields = { data_list: r.bytes(r.int(1, 300)).toString('base64') };
              break;
            case 2:
              fields = { data_list: sample.toString('base64'), gzip: '1' };
              break;
            case 3:
              fields = { data_list: gzipSync(sample).subarray(0, r.int(2, 30)).toString('base64'), gzip: '1' };
              break;
            case 4:
              fields = { data_list: Buffer.from(r.pick(['1', '"x"', 'null', 'true', '[1', '{'])).toString('base64') };
              break;
            case 5:
              fields = { data_list: gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20)).toString('base64'), gzip: '1' };
              expected = 413;
              break;
            case 6:
              fields = {
                data: Buffer.from(deep(r.int(100, pixel ? 2_000 : 60_000), r.chance(0.5))).toString('base64'),
              };
              expected = undefined;
              break;
            case 7:
              fields = {};
              break;
            default:
              fields = { data_list: `${sample.toString('base64')}${r.pick(['%', '===', '*', '\u4e2d'])}` };
          }
        }
        const remember = { segment: [], sensors: valid.fresh };
        if (pixel) {
          if (url.endsWith('nope')) expected = 401;
          const base = { n, valid: [], saValid: valid.saValid, invalidIdx: valid.invalidIdx, remember };
          return {
            ...base,
            kind: `${kind}-get`,
            method: 'GET',
            url: `${url}&${new URLSearchParams(fields)}`,
            headers: {},
            ...(expected !== undefined ? { expect: expected } : {}),
          };
        }
        let payload = new URLSearchParams(fields).toString();
        if (r.chance(0.05)) {
          payload = r.text(300);
          expected = 400;
        }
        if (url.endsWith('nope')) expected = 401;
        const base = { n, url, valid: [], saValid: valid.saValid, invalidIdx: valid.invalidIdx, remember };
        return {
          ...base,
          kind: `${kind}-post`,
          method: 'POST',
          headers: { ...form },
          payload,
          ...(expected !== undefined ? { expect: expected } : {}),
        };
      };

      const canary = (n: number): Req => {
        const m: Msg = { ...g.validSegment(OK_ANONS, OK_USERS), type: 'track', event: 'fz_canary' };
        return {
          n,
          kind: 'canary',
          method: 'POST',
          url: '/v1/track',
          headers: { ...json },
          payload: JSON.stringify(m),
          valid: [m.messageId as string],
          saValid: [],
          invalidIdx: [],
          expect: 200,
        };
      };

      const next = (n: number): Req => {
        const roll = r.next();
        if (roll < 0.3) return segmentBatch(n);
        if (roll < 0.45) return segmentSingle(n);
        if (roll < 0.75) return garbage(n);
        return sensors(n);
      };

      const kinds = new Map<string, number>();
      const send = async (req: Req): Promise<void> => {
        kinds.set(req.kind, (kinds.get(req.kind) ?? 0) + 1);
        const answer = api.app.inject({
          method: req.method,
          url: req.url,
          headers: req.headers,
          ...(req.payload !== undefined ? { payload: req.payload } : {}),
        });
        let timer: NodeJS.Timeout | undefined;
        const res = await Promise.race([
          answer,
          new Promise<null>((resolve) => {
            timer = setTimeout(() => resolve(null), ANSWER_WITHIN_MS);
          }),
        ]);
        clearTimeout(timer);
        if (res === null) {
          problems.push(
            `#${req.n} ${req.kind} ${req.method} ${req.url.slice(0, 60)}: no answer within ${ANSWER_WITHIN_MS} ms`,
          );
          return;
        }
        req.status = res.statusCode;
        const where = `#${req.n} ${req.kind} ${req.method} ${req.url.slice(0, 60)} → ${res.statusCode}`;
        const fail = (why: string) => problems.push(`${where}: ${why}: ${res.body.slice(0, 300)}`);
        if (res.statusCode >= 500) return void fail('server error');
        const expected = req.expect;
        if (expected !== undefined && !(Array.isArray(expected) ? expected : [expected]).includes(res.statusCode)) {
          fail(`expected ${String(expected)}`);
        }
        const type = String(res.headers['content-type'] ?? '');
        if (req.method === 'GET' && res.statusCode === 200) {
          if (!type.startsWith('image/gif')) fail('pixel answer is not a GIF');
        } else {
          if (!type.startsWith('application/json')) return void fail(`not JSON (${type})`);
          let body: { success?: boolean; rejected?: { index: number; code: string }[]; error?: { code?: unknown } };
          try {
            body = JSON.parse(res.body);
          } catch {
            return void fail('unparseable JSON');
          }
          if (res.statusCode >= 400) {
            if (typeof body.error?.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(body.error.code))
              fail('no error code');
          } else if (body.success !== true) fail('200 without success');
          if (res.statusCode === 200) {
            const rejected = new Set((body.rejected ?? []).map((x) => x.index));
            for (const x of body.rejected ?? []) if (typeof x.code !== 'string') fail('rejection without code');
            for (const i of req.invalidIdx) if (!rejected.has(i)) fail(`invalid message ${i} was not rejected`);
          }
        }
        if (res.statusCode !== 200) return;
        for (const id of req.valid) acked.add(id);
        for (const id of req.saValid) saAcked.add(id);
      };

      const started = Date.now();
      if (process.env.FUZZ_DEBUG) {
        const log = (o: unknown, m: string) =>
          console.error('PIPELINE', m, String((o as { err?: Error }).err?.stack ?? '').slice(0, 1500));
        (api.platform.ingest as unknown as { options: { logger: unknown } }).options.logger = {
          info: log,
          warn: log,
          error: log,
        };
      }
      let n = 0;
      while (n < REQUESTS) {
        // Generated in order (deterministic), sent CONCURRENCY at a time (requests share the WAL's group commit).
        const chunk: Req[] = [];
        for (let i = 0; i < CANARY_EVERY && n < REQUESTS; i++) chunk.push(next(n++));
        for (let i = 0; i < chunk.length; i += CONCURRENCY)
          await Promise.all(chunk.slice(i, i + CONCURRENCY).map(send));
        // Remember what was acknowledged, in request order, for resends in later chunks.
        for (const req of chunk) {
          if (req.status !== 200 || !req.remember) continue;
          ackedMessages.push(...req.remember.segment);
          ackedSensors.push(...req.remember.sensors);
        }
        // The server still serves valid requests after every CANARY_EVERY bad ones.
        const before = problems.length;
        await send(canary(n));
        if (problems.length > before) problems.push(`server stopped serving after request #${n}`);
        if (process.env.FUZZ_DEBUG) console.info(n, Date.now() - started, problems.slice(-3));
      }
      await api.platform.ingest.drain();
      const elapsed = Date.now() - started;

      expect(problems.slice(0, 20)).toEqual([]);
      // Every valid Segment message of an acknowledged request is stored, exactly once, and nothing else under the
      // valid pools (a refused request stored nothing; a resend was deduped).
      const ids = [...acked];
      expect(acked.size).toBeGreaterThan(REQUESTS / 2);
      expect((await api.events.existingEventIds(ids)).size).toBe(ids.length);
      expect(await api.events.count({ distinctIds: OK_IDS })).toBe(acked.size);
      expect(saAcked.size).toBeGreaterThan(100);
      expect(await api.events.count({ distinctIds: SA_OK })).toBe(saAcked.size);
      // The mix really exercised every family of bad input.
      for (const k of [
        'batch-mixed',
        'truncated-json',
        'random-bytes',
        'deep-nesting',
        'bad-gzip',
        'gzip-bomb',
        'sa-garbage-post',
        'sa-garbage-get',
        'sa-mixed-get',
        'sa-mixed-post',
      ]) {
        expect(kinds.get(k) ?? 0, k).toBeGreaterThan(5);
      }
      console.info(
        `[${dialect}] fuzz: ${REQUESTS} requests + canaries in ${elapsed} ms; ${acked.size} Segment and ${saAcked.size} Sensors valid messages stored`,
      );
    },
  );
});
