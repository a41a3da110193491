import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createMarketplace, IngestPipeline, type Marketplace, type PipelineOptions } from '@tradeloop/core';
import { type EventStore, type OltpStore, openDuckDbEventStore } from '@tradeloop/storage';
import { oltpTestTargets, snapshotTables } from '@tradeloop/storage/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../app.js';
import { createOperatorToken } from '../../testing/actors.js';
import { startTestApi } from '../../testing/harness.js';

const WRITE_KEY = 'test-write-key-0123456789';
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');
const gz64 = (v: unknown) => gzipSync(Buffer.from(JSON.stringify(v))).toString('base64');

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
type Res = { status: number; body: any; headers: Record<string, unknown>; raw: Buffer };

/** The real server (routing, parsing, auth, error handling) over a real store, DuckDB event store and WAL. */
class IngestApi {
  constructor(
    readonly app: FastifyInstance,
    readonly market: Marketplace,
    readonly store: OltpStore,
    readonly events: EventStore,
    readonly pipeline: IngestPipeline,
    readonly dir: string,
  ) {}

  static async start(open: () => Promise<OltpStore>, options: Partial<PipelineOptions> = {}): Promise<IngestApi> {
    const store = await open();
    const market = createMarketplace({ store });
    await market.auth.ensureAdminToken('test-admin-token');
    await market.sources.ensureDefault(WRITE_KEY);
    const events = await openDuckDbEventStore(':memory:');
    const dir = mkdtempSync(join(tmpdir(), 'tl-ingest-route-'));
    const pipeline = await IngestPipeline.open({ dataDir: dir, store: events, maxBatchDelayMs: 10, ...options });
    const app = await buildServer({ market, ingest: pipeline });
    await app.ready();
    return new IngestApi(app, market, store, events, pipeline, dir);
  }

  async send(
    method: 'GET' | 'POST',
    url: string,
    opts: { body?: unknown; raw?: string | Buffer; headers?: Record<string, string>; key?: string | null } = {},
  ): Promise<Res> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const key = opts.key === undefined ? WRITE_KEY : opts.key;
    if (key !== null) headers.authorization = basic(key);
    let payload: string | Buffer | undefined;
    if (opts.raw !== undefined) {
      payload = opts.raw;
      headers['content-type'] ??= 'application/json';
    } else if (opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const res = await this.app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });
    let body: unknown = res.body;
    if (String(res.headers['content-type'] ?? '').includes('application/json') && res.body) body = JSON.parse(res.body);
    return { status: res.statusCode, body, headers: res.headers, raw: res.rawPayload };
  }

  form(url: string, fields: Record<string, string>, key: string | null = null): Promise<Res> {
    return this.send('POST', url, {
      raw: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      key,
    });
  }

  async stored(filter: Parameters<EventStore['find']>[0] = {}) {
    await this.pipeline.drain();
    return this.events.find(filter, { limit: 10_000 });
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.pipeline.close();
    await this.events.close();
    await this.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const now = () => new Date().toISOString();

describe.each(oltpTestTargets())('ingestion endpoints on $dialect', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  let api: IngestApi;
  beforeAll(async () => {
    if (!skipReason) api = await IngestApi.start(target.open);
  });
  afterAll(async () => api?.close());
  const run = it.skipIf(skipReason !== '');

  run('every Segment call type is stored after a 200, with the write key as Basic user or in the body', async () => {
    const calls: [string, Record<string, unknown>][] = [
      ['track', { event: 'search', anonymousId: 'seg-a1', messageId: 'seg-1', properties: { query: 'pipe' } }],
      ['identify', { userId: 'seg-u1', anonymousId: 'seg-a1', messageId: 'seg-2', traits: { email: 'a@b.cn' } }],
      [
        'page',
        {
          anonymousId: 'seg-a1',
          messageId: 'seg-3',
          name: 'Home',
          context: { page: { url: 'https://x.cn/?utm_source=wx' } },
        },
      ],
      ['screen', { userId: 'seg-u1', messageId: 'seg-4', name: 'Cart' }],
      ['group', { userId: 'seg-u1', messageId: 'seg-5', groupId: 'org_seg', traits: { name: 'Acme' } }],
      ['alias', { userId: 'seg-u1', previousId: 'seg-a0', messageId: 'seg-6' }],
    ];
    for (const [type, body] of calls) {
      const res = await api.send('POST', `/v1/${type}`, { body });
      expect(res.status, `${type}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(res.body).toEqual({ success: true });
    }
    const viaBody = await api.send('POST', '/v1/track', {
      key: null,
      body: { writeKey: WRITE_KEY, event: 'login', userId: 'seg-u1', messageId: 'seg-7' },
    });
    expect(viaBody.status).toBe(200);
    const stored = await api.stored({ distinctIds: ['seg-a1', 'seg-u1'] });
    const byId = new Map(stored.map((e) => [e.eventId, e]));
    expect([...byId.keys()].sort()).toEqual(['seg-1', 'seg-2', 'seg-3', 'seg-4', 'seg-5', 'seg-6', 'seg-7']);
    expect(byId.get('seg-3')).toMatchObject({ type: 'page', event: '$pageview', utmSource: 'wx' });
    expect(byId.get('seg-5')).toMatchObject({ type: 'group', organizationId: 'org_seg' });
    const source = await api.market.sources.byWriteKey(WRITE_KEY);
    expect(byId.get('seg-1')?.sourceId).toBe(source?.id);
  });

  run('missing or unknown write key → 401 and nothing stored', async () => {
    const before = await api.events.count({});
    const missing = await api.send('POST', '/v1/track', { key: null, body: { event: 'x', userId: 'u' } });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('unauthenticated');
    const unknown = await api.send('POST', '/v1/batch', {
      key: 'nope-nope',
      body: { batch: [{ type: 'track', event: 'x', userId: 'u' }] },
    });
    expect(unknown.status).toBe(401);
    const unknownInBody = await api.send('POST', '/v1/track', {
      key: null,
      body: { writeKey: 'nope', event: 'x', userId: 'u' },
    });
    expect(unknownInBody.status).toBe(401);
    await api.pipeline.drain();
    expect(await api.events.count({})).toBe(before);
  });

  run('a batch stores its valid events and lists the rejected ones by index; messageId dedupes', async () => {
    const res = await api.send('POST', '/v1/batch', {
      body: {
        context: { library: { name: 'analytics-node', version: '2.0.0' } },
        batch: [
          {
            type: 'track',
            event: 'order_paid',
            userId: 'b-u1',
            messageId: 'b-1',
            properties: { orderId: 'o1', total: 1200 },
          },
          {
            type: 'track',
            event: 'order_paid',
            userId: 'b-u1',
            messageId: 'b-2',
            properties: { orderId: 'o1', total: 'lots' },
          },
          {
            type: 'track',
            event: 'x',
            userId: 'b-u1',
            messageId: 'b-3',
            timestamp: new Date(Date.now() + 3 * 86_400_000).toISOString(),
          },
          { type: 'track', event: 'x', userId: 'b-u1', messageId: 'b-4', properties: { 'not-an-identifier': 1 } },
          { type: 'track', event: 'x', userId: 'b-u1', messageId: 'b-5', properties: { blob: 'y'.repeat(40_000) } },
          {
            type: 'track',
            event: 'historical',
            userId: 'b-u1',
            messageId: 'b-6',
            timestamp: '2022-02-02T02:02:02.000Z',
          },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(res.body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [1, 'invalid_property_type'],
      [2, 'timestamp_in_future'],
      [3, 'invalid_property_name'],
      [4, 'event_too_large'],
    ]);
    expect(res.body.rejected[0].path).toEqual(['batch', 1, 'properties', 'total']);
    const stored = await api.stored({ distinctIds: ['b-u1'] });
    expect(stored.map((e) => e.eventId).sort()).toEqual(['b-1', 'b-6']);
    expect(stored.find((e) => e.eventId === 'b-6')?.timestamp).toBe('2022-02-02T02:02:02.000Z');
    expect(stored[0]?.libraryName).toBe('analytics-node');

    // The same messageIds again: acknowledged, not stored twice.
    const again = await api.send('POST', '/v1/batch', {
      body: {
        batch: [
          {
            type: 'track',
            event: 'order_paid',
            userId: 'b-u1',
            messageId: 'b-1',
            properties: { orderId: 'o1', total: 1200 },
          },
        ],
      },
    });
    expect(again.status).toBe(200);
    expect((await api.stored({ distinctIds: ['b-u1'] })).length).toBe(2);
  });

  run('a batch with no valid event → 400 with the per-event list; bad JSON and non-batch bodies → 400', async () => {
    const none = await api.send('POST', '/v1/batch', {
      body: {
        batch: [
          { type: 'track', event: 'x' },
          { type: 'track', userId: 'u' },
        ],
      },
    });
    expect(none.status).toBe(400);
    expect(none.body.error.details.rejected).toHaveLength(2);
    expect(none.body.error.path).toEqual(['body', 'batch', 0, 'userId']);
    const single = await api.send('POST', '/v1/track', { body: { userId: 'u', event: 'x', properties: { 'a b': 1 } } });
    expect(single.status).toBe(400);
    expect(single.body.error).toMatchObject({ code: 'invalid_property_name', path: ['body', 'properties', 'a b'] });
    const badJson = await api.send('POST', '/v1/batch', { raw: '{"batch": [' });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.code).toBe('invalid_json');
    const notBatch = await api.send('POST', '/v1/batch', { body: { batch: 'x' } });
    expect(notBatch.status).toBe(400);
    expect(notBatch.body.error.path).toEqual(['body', 'batch']);
  });

  run('over 500 KB per batch or 32 KB per single call → 413 with a clear message', async () => {
    const item = { type: 'track', event: 'x', userId: 'big', properties: { pad: 'z'.repeat(20_000) } };
    const res = await api.send('POST', '/v1/batch', { body: { batch: Array.from({ length: 30 }, () => item) } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(res.body.error.message).toMatch(/500 KB/);
    const one = await api.send('POST', '/v1/track', {
      body: { event: 'x', userId: 'big', properties: { pad: 'z'.repeat(40_000) } },
    });
    expect(one.status).toBe(413);
    expect(one.body.error.message).toMatch(/32 KB/);
    expect((await api.stored({ distinctIds: ['big'] })).length).toBe(0);
  });

  run('accepts a gzip-encoded Segment body', async () => {
    const body = gzipSync(
      JSON.stringify({ batch: [{ type: 'track', event: 'gz', userId: 'gz-u', messageId: 'gz-1' }] }),
    );
    const res = await api.send('POST', '/v1/batch', { raw: body, headers: { 'content-encoding': 'gzip' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await api.stored({ distinctIds: ['gz-u'] })).map((e) => e.eventId)).toEqual(['gz-1']);
  });

  run('Sensors: POST /sa with data_list (gzip) and data (base64), GET /sa pixel, project and token', async () => {
    const rec = (id: number, event = 'product_view') => ({
      _track_id: id,
      type: 'track',
      time: Date.now() - 1000,
      distinct_id: 'sa-d1',
      event,
      properties: { productId: 'p1', $url: 'https://m.shop.cn/p?utm_source=sms', $lib: 'js' },
    });
    const list = await api.form('/sa?project=default', { data_list: gz64([rec(1), rec(2)]), gzip: '1' });
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    const single = await api.form('/sa', { data: b64(rec(3)) });
    expect(single.status).toBe(200);
    const pixel = await api.send('GET', `/sa?project=default&data=${encodeURIComponent(b64(rec(4)))}`, { key: null });
    expect(pixel.status).toBe(200);
    expect(pixel.headers['content-type']).toBe('image/gif');
    expect(pixel.raw.subarray(0, 6).toString()).toBe('GIF89a');
    const viaToken = await api.form(`/sa?token=${WRITE_KEY}`, { data: b64(rec(5)) });
    expect(viaToken.status).toBe(200);
    // A resent record (same _track_id, distinct_id, time) dedupes.
    const r6 = rec(6);
    await api.form('/sa', { data: b64(r6) });
    await api.form('/sa', { data: b64(r6) });
    const stored = await api.stored({ distinctIds: ['sa-d1'] });
    expect(stored).toHaveLength(6);
    expect(stored.every((e) => e.utmSource === 'sms' && e.libraryName === 'js')).toBe(true);

    const signup = await api.form('/sa', {
      data_list: gz64([
        { type: 'track_signup', event: '$SignUp', distinct_id: 'sa-user', original_id: 'sa-d1', time: Date.now() },
        { type: 'profile_set', distinct_id: 'sa-user', properties: { city: '杭州' } },
      ]),
      gzip: '1',
    });
    expect(signup.status).toBe(200);
    expect((await api.stored({ distinctIds: ['sa-user'] })).map((e) => e.type)).toEqual(['identify']);
  });

  run('Sensors: bad base64, bad gzip, bad JSON → 400 with the reason; unknown project or token → 401', async () => {
    const before = await api.events.count({});
    const badB64 = await api.form('/sa', { data_list: '@@@', gzip: '1' });
    expect(badB64.status).toBe(400);
    expect(badB64.body.error).toMatchObject({ code: 'invalid_base64', path: ['body', 'data_list'] });
    const badGzip = await api.form('/sa', { data_list: b64([{ type: 'track' }]), gzip: '1' });
    expect(badGzip.status).toBe(400);
    expect(badGzip.body.error.code).toBe('invalid_gzip');
    const badJson = await api.form('/sa', { data: Buffer.from('[{').toString('base64') });
    expect(badJson.body.error.code).toBe('invalid_json');
    const noData = await api.form('/sa', {});
    expect(noData.status).toBe(400);
    const pixelBad = await api.send('GET', '/sa?data=%%%', { key: null });
    expect(pixelBad.status).toBe(400);
    expect((await api.form('/sa?project=nope', { data: b64({ type: 'track' }) })).status).toBe(401);
    expect((await api.form('/sa?token=nope', { data: b64({ type: 'track' }) })).status).toBe(401);
    const allBad = await api.form('/sa', { data: b64([{ type: 'track', event: 'x' }]) });
    expect(allBad.status).toBe(400);
    expect(allBad.body.error.details.rejected[0]).toMatchObject({ index: 0, code: 'missing_id' });
    await api.pipeline.drain();
    expect(await api.events.count({})).toBe(before);
  });

  run('sources: list, create (name = Sensors project), rotate key; operator:manage needed', async () => {
    const admin = { authorization: 'Bearer test-admin-token' };
    const created = await api.send('POST', '/api/sources', {
      key: null,
      headers: admin,
      body: { name: 'mini_app', kind: 'sensors' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'mini_app', kind: 'sensors', status: 'active' });
    const dup = await api.send('POST', '/api/sources', { key: null, headers: admin, body: { name: 'mini_app' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.path).toEqual(['body', 'name']);
    const list = await api.send('GET', '/api/sources', { key: null, headers: admin });
    expect(list.body.items.map((s: { name: string }) => s.name)).toEqual(['default', 'mini_app']);

    const ev = { _track_id: 77, type: 'track', distinct_id: 'mini-d', event: 'x', time: Date.now() };
    expect((await api.form('/sa?project=mini_app', { data: b64(ev) })).status).toBe(200);
    const stored = await api.stored({ distinctIds: ['mini-d'] });
    expect(stored[0]?.sourceId).toBe(created.body.id);

    const oldKey = created.body.writeKey as string;
    const track = { event: 'x', userId: 'rot' };
    expect((await api.send('POST', '/v1/track', { key: oldKey, body: track })).status).toBe(200);
    const rotated = await api.send('POST', `/api/sources/${created.body.id}/rotate-key`, { key: null, headers: admin });
    expect(rotated.status).toBe(200);
    expect(rotated.body.writeKey).not.toBe(oldKey);
    expect((await api.send('POST', '/v1/track', { key: oldKey, body: track })).status).toBe(401);
    expect((await api.send('POST', '/v1/track', { key: rotated.body.writeKey, body: track })).status).toBe(200);
    const missing = await api.send('POST', '/api/sources/src_nope/rotate-key', { key: null, headers: admin });
    expect(missing.status).toBe(404);
  });
});

describe.each(oltpTestTargets())('ingestion refusals on $dialect', ({ dialect, skipReason, ...target }) => {
  const run = it.skipIf(skipReason !== '');

  run('a full backlog answers 503 with Retry-After', async () => {
    const api = await IngestApi.start(target.open, { maxBacklogEvents: 5, maxBatchDelayMs: 60_000 });
    try {
      const batch = {
        batch: Array.from({ length: 5 }, (_, i) => ({ type: 'track', event: 'x', userId: 'bp', messageId: `bp-${i}` })),
      };
      expect((await api.send('POST', '/v1/batch', { body: batch })).status).toBe(200);
      const refused = await api.send('POST', '/v1/track', { body: { event: 'x', userId: 'bp' } });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.body.error.code).toBe('overloaded');
      await api.pipeline.drain();
      expect((await api.send('POST', '/v1/track', { body: { event: 'x', userId: 'bp' } })).status).toBe(200);
    } finally {
      await api.close();
    }
  });

  run('sources management is refused to analysts and bad bodies write nothing', async () => {
    const api = await startTestApi({ dialect, skipReason, ...target });
    try {
      const { token } = await createOperatorToken(api, 'analyst');
      const before = await snapshotTables(api.store);
      expect((await api.request('POST', '/api/sources', { token, body: { name: 'x' } })).status).toBe(403);
      expect((await api.request('GET', '/api/sources', { token })).status).toBe(403);
      const bad = await api.request('POST', '/api/sources', { body: { name: 'has space' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.path).toEqual(['body', 'name']);
      expect((await api.request('POST', '/api/sources', { body: { name: 'ok', extra: 1 } })).status).toBe(400);
      expect((await api.request('POST', '/api/sources', { body: { name: 'ok', writeKey: 'short' } })).status).toBe(400);
      expect(await snapshotTables(api.store)).toEqual(before);
      // A server built without a pipeline says so on the ingestion routes instead of failing.
      const bare = await buildServer({ market: api.market });
      try {
        const off = await bare.inject({
          method: 'POST',
          url: '/v1/track',
          headers: {
            authorization: basic((await api.market.sources.ensureDefault()).writeKey),
            'content-type': 'application/json',
          },
          payload: JSON.stringify({ event: 'x', userId: 'u', ts: now() }),
        });
        expect(off.statusCode).toBe(503);
      } finally {
        await bare.close();
      }
    } finally {
      await api.close();
    }
  });
});
