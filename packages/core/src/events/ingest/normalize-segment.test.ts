import { SegmentBatch, SegmentMessage } from '@tradeloop/schema';
import { describe, expect, it } from 'vitest';
import {
  fastBatch,
  fastMessage,
  normalizeSegmentBatch,
  normalizeSegmentCall,
  RequestRejected,
} from './normalize-segment.js';
import type { IngestContext } from './validate.js';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const ctx: IngestContext = {
  sourceId: 'src_test',
  receivedMs: NOW,
  receivedAt: new Date(NOW).toISOString(),
  ip: '10.0.0.9',
  userAgent: 'ua-header',
};

describe('normalizeSegmentBatch', () => {
  it('maps each message type to a TrackedEvent and identity commands', () => {
    const out = normalizeSegmentBatch(
      {
        batch: [
          { type: 'track', event: 'search', anonymousId: 'a1', messageId: 'm1', properties: { query: 'steel' } },
          { type: 'identify', userId: 'u1', anonymousId: 'a1', traits: { email: 'x@y.cn' }, messageId: 'm2' },
          { type: 'group', userId: 'u1', groupId: 'org_1', traits: { name: 'Acme' }, messageId: 'm3' },
          { type: 'alias', userId: 'u1', previousId: 'a0', messageId: 'm4' },
          { type: 'page', anonymousId: 'a1', name: 'Home', properties: { url: 'https://x.cn/p?utm_source=bd' } },
          { type: 'screen', userId: 7, name: 'Cart' },
        ],
      },
      ctx,
    );
    expect(out.rejected).toEqual([]);
    expect(out.events.map((e) => [e.type, e.event, e.distinctId])).toEqual([
      ['track', 'search', 'a1'],
      ['identify', '$identify', 'u1'],
      ['group', '$group', 'u1'],
      ['alias', '$alias', 'u1'],
      ['page', '$pageview', 'a1'],
      ['screen', '$screen', '7'],
    ]);
    expect(out.events[2]?.organizationId).toBe('org_1');
    expect(out.events[4]).toMatchObject({
      pageUrl: 'https://x.cn/p?utm_source=bd',
      pagePath: '/p',
      utmSource: 'bd',
      pageTitle: 'Home',
    });
    expect(out.events[5]?.screenName).toBe('Cart');
    expect(out.commands.map((c) => [c.eventId, c.command.kind])).toEqual([
      ['m2', 'identify'],
      ['m3', 'group'],
      ['m4', 'alias'],
    ]);
    expect(out.commands[0]?.command).toEqual({
      kind: 'identify',
      userId: 'u1',
      anonymousId: 'a1',
      traits: { email: 'x@y.cn' },
      at: ctx.receivedAt,
    });
    // Encoded once: the JSON text is the event.
    expect(JSON.parse(out.encoded[0] as string)).toEqual(out.events[0]);
  });

  it('merges top-level context into each item (item keys win) and extracts channel fields', () => {
    const out = normalizeSegmentBatch(
      {
        context: { ip: '1.2.3.4', library: { name: 'analytics-node', version: '2.1.0' }, groupId: 'org_top' },
        batch: [
          {
            type: 'track',
            event: 'Order Completed',
            userId: 'u1',
            properties: { sessionId: 's-9' },
            context: {
              ip: '5.6.7.8',
              userAgent: 'Mozilla/5.0',
              campaign: { name: 'spring', source: 'baidu', medium: 'cpc', term: '钢材', content: 'a' },
              page: {
                url: 'https://shop.cn/p/1?utm_source=ignored&bd_vid=BD123&gclid=G1#x',
                referrer: 'https://www.baidu.com/',
                title: 'Steel',
              },
            },
          },
          { type: 'track', event: 'x', userId: 'u2', context: { sessionId: 42 } },
        ],
      },
      ctx,
    );
    expect(out.rejected).toEqual([]);
    expect(out.events[0]).toMatchObject({
      ip: '5.6.7.8',
      userAgent: 'Mozilla/5.0',
      libraryName: 'analytics-node',
      libraryVersion: '2.1.0',
      organizationId: 'org_top',
      utmSource: 'baidu',
      utmMedium: 'cpc',
      utmCampaign: 'spring',
      utmTerm: '钢材',
      utmContent: 'a',
      clickId: 'G1',
      clickIdType: 'gclid',
      referrer: 'https://www.baidu.com/',
      pagePath: '/p/1',
      pageTitle: 'Steel',
      sessionId: 's-9',
    });
    expect(out.events[1]).toMatchObject({ ip: '1.2.3.4', sessionId: '42', organizationId: 'org_top' });
  });

  it('honours historical timestamps and corrects clock skew with sentAt as Segment does', () => {
    const out = normalizeSegmentBatch(
      {
        sentAt: '2026-03-01T12:00:05.000Z', // client clock 5 s fast
        batch: [
          { type: 'track', event: 'a', userId: 'u', timestamp: '2026-03-01T11:59:00.000Z' },
          { type: 'track', event: 'b', userId: 'u', timestamp: '2021-06-01T00:00:00.000Z', sentAt: null },
          { type: 'track', event: 'c', userId: 'u' },
        ],
      },
      ctx,
    );
    expect(out.events.map((e) => e.timestamp)).toEqual([
      '2026-03-01T11:58:55.000Z',
      '2021-05-31T23:59:55.000Z',
      ctx.receivedAt,
    ]);
    const hist = normalizeSegmentCall('track', { event: 'a', userId: 'u', timestamp: '2021-06-01T00:00:00Z' }, ctx);
    expect(hist.events[0]?.timestamp).toBe('2021-06-01T00:00:00.000Z');
  });

  it('rejects bad messages one by one with index, code and path, keeping the valid rest', () => {
    const big = 'x'.repeat(33 * 1024);
    const out = normalizeSegmentBatch(
      {
        batch: [
          { type: 'track', event: 'ok', userId: 'u' },
          { type: 'track', event: 'no ids' },
          { type: 'track', event: 'future', userId: 'u', timestamp: '2026-03-03T12:00:00Z' },
          { type: 'track', event: 'bad', userId: 'u', properties: { 'bad name': 1 } },
          { type: 'track', event: 'order_paid', userId: 'u', properties: { orderId: 'o1', total: '12' } },
          { type: 'track', event: 'big', userId: 'u', properties: { blob: big } },
          { type: 'nope', userId: 'u' },
          'not an object',
          { type: 'track', event: '1starts with digit', userId: 'u' },
          { type: 'track', event: 'bad time', userId: 'u', timestamp: 'yesterday' },
          { type: 'alias', userId: 'u' },
          { type: 'track', event: 'ok2', anonymousId: 'a', timestamp: '2026-03-02T11:00:00Z' },
        ],
      },
      ctx,
    );
    expect(out.events.map((e) => e.event)).toEqual(['ok', 'ok2']);
    expect(out.rejected.map((r) => [r.index, r.code])).toEqual([
      [1, 'missing_id'],
      [2, 'timestamp_in_future'],
      [3, 'invalid_property_name'],
      [4, 'invalid_property_type'],
      [5, 'event_too_large'],
      [6, 'invalid_type'],
      [7, 'invalid_message'],
      [8, 'invalid_event_name'],
      [9, 'invalid_timestamp'],
      [10, 'invalid_field'],
    ]);
    expect(out.rejected[2]?.path).toEqual(['batch', 3, 'properties', 'bad name']);
    expect(out.rejected[3]?.path).toEqual(['batch', 4, 'properties', 'total']);
    expect(out.rejected[4]?.reason).toMatch(/32 KB/);
  });

  it('refuses a body that is not a batch as a whole', () => {
    expect(() => normalizeSegmentBatch({ batch: 'x' }, ctx)).toThrow(RequestRejected);
    expect(() => normalizeSegmentBatch([1, 2], ctx)).toThrow(RequestRejected);
    expect(() => normalizeSegmentCall('track', 'str', ctx)).toThrow(RequestRejected);
  });

  it('takes the click id from context.campaign when the page URL has none (kept by the SDK from landing)', () => {
    const out = normalizeSegmentBatch(
      {
        batch: [
          {
            type: 'page',
            anonymousId: 'a1',
            messageId: 'c1',
            context: {
              page: { url: 'https://x.cn/products/1' },
              campaign: { source: 'baidu', medium: 'cpc', bd_vid: 'BD123', gclid: 'G456' },
            },
          },
          {
            type: 'page',
            anonymousId: 'a1',
            messageId: 'c2',
            context: { page: { url: 'https://x.cn/?msclkid=M1' }, campaign: { gclid: 'G456' } },
          },
        ],
      },
      ctx,
    );
    expect(out.events.map((e) => [e.utmSource, e.clickIdType, e.clickId])).toEqual([
      ['baidu', 'gclid', 'G456'],
      [null, 'msclkid', 'M1'],
    ]);
  });

  it('generates an event id when messageId is absent', () => {
    const out = normalizeSegmentCall('track', { event: 'a', userId: 'u' }, ctx);
    expect(out.events[0]?.eventId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the fast path (hand-checked common messages)', () => {
  // Values at and around every limit of the zod schemas, valid and invalid, for each field the fast path checks.
  const s = (n: number) => 'x'.repeat(n);
  const obj = { a: 1 };
  const pools: Record<string, unknown[]> = {
    type: ['track', 'page', 'screen', 'identify', 'group', 'alias', 'nope', 1, undefined],
    event: ['search', s(100), undefined, null, '', s(101), 5],
    messageId: ['m1', s(128), undefined, null, '', s(129), 7],
    anonymousId: ['a1', 42, undefined, null, '', s(200), s(201), Number.NaN, Number.POSITIVE_INFINITY, obj],
    userId: [undefined, 'u1', null, '', s(200), s(201), 42, Number.NEGATIVE_INFINITY, true],
    timestamp: [undefined, null, '2026-03-01T11:00:00Z', s(64), s(65), 1_770_000_000_000, Number.NaN, obj],
    originalTimestamp: [undefined, null, '2026-03-01T11:00:00Z', s(65), 0],
    sentAt: [undefined, null, '2026-03-01T11:00:00Z', s(65), 12],
    receivedAt: [undefined, 'x', null, s(65), []],
    context: [obj, undefined, null, [], 'c', 3],
    integrations: [undefined, null, obj, [1], false],
    properties: [obj, undefined, null, [], 'p'],
    traits: [undefined, obj, null, ['t'], 1],
    name: [undefined, null, 'Home', s(1000), s(1001), 3],
    category: [undefined, 'c', null, s(1001), {}],
    writeKey: [undefined, 'wk', null, s(200), s(201), 9],
    version: [undefined, 2, null, '1.0', Number.NaN, obj],
  };
  const fields = Object.keys(pools);

  it('accepts only what the zod schema accepts, returning the same value (seeded random messages)', () => {
    let seed = 12345;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let fastAccepted = 0;
    for (let n = 0; n < 10_000; n++) {
      const m: Record<string, unknown> = {};
      for (const field of fields) {
        // Mostly valid, common values (the first two of each pool); sometimes any value of the pool.
        const pool = pools[field] as unknown[];
        const value = next() < 0.9 ? pool[Math.floor(next() * 2)] : pool[Math.floor(next() * pool.length)];
        if (value !== undefined) m[field] = value;
      }
      if (n % 3 === 0) m.type = 'track';
      const zod = SegmentMessage.safeParse(m);
      const fast = fastMessage(m);
      if (fast !== null) {
        fastAccepted++;
        expect(zod.success, JSON.stringify(m)).toBe(true);
        expect(fast).toEqual(zod.data);
      }
    }
    // Enough messages took the fast path for the comparison to mean something.
    expect(fastAccepted).toBeGreaterThan(200);
  });

  it('the batch envelope: the same rules as SegmentBatch', () => {
    const cases: unknown[] = [
      { batch: [] },
      { batch: [{}], context: { a: 1 }, sentAt: '2026-03-01T11:00:00Z', writeKey: 'k' },
      { batch: 'x' },
      { batch: new Array(10_001).fill(0) },
      { batch: [], context: [] },
      { batch: [], integrations: 1 },
      { batch: [], sentAt: 'x'.repeat(65) },
      { batch: [], sentAt: Number.NaN },
      { batch: [], writeKey: null },
      { batch: [], writeKey: 'k'.repeat(201) },
      [],
      null,
      'batch',
    ];
    for (const body of cases) {
      const zod = SegmentBatch.safeParse(body);
      const fast = fastBatch(body);
      if (fast !== null) {
        expect(zod.success).toBe(true);
        expect(fast).toEqual(zod.data);
      } else expect(zod.success, JSON.stringify(body)?.slice(0, 100)).toBe(false);
    }
  });
});
