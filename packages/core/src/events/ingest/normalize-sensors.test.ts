import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RequestRejected } from './normalize-segment.js';
import { decodeSensorsData, normalizeSensorsRecords } from './normalize-sensors.js';
import type { IngestContext } from './validate.js';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const ctx: IngestContext = {
  sourceId: 'src_sa',
  receivedMs: NOW,
  receivedAt: new Date(NOW).toISOString(),
  ip: '10.1.1.1',
  userAgent: 'Mozilla/5.0 (header)',
};

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');
const gz64 = (v: unknown) => gzipSync(Buffer.from(JSON.stringify(v))).toString('base64');

const track = {
  _track_id: 123456789,
  time: NOW - 60_000,
  type: 'track',
  distinct_id: 'anon-1',
  event: 'product_view',
  lib: { $lib: 'js', $lib_version: '1.25.0' },
  properties: {
    productId: 'prd_1',
    $utm_source: 'baidu',
    $utm_medium: 'cpc',
    $utm_campaign: 'spring',
    $utm_term: '钢管',
    $utm_content: 'c1',
    $referrer: 'https://www.baidu.com/s?wd=x',
    $url: 'https://shop.cn/p/1?bd_vid=V1',
    $title: '钢管 - Shop',
    $ip: '3.3.3.3',
  },
};

describe('decodeSensorsData', () => {
  it('decodes base64 JSON, base64 gzip (flag or magic bytes), arrays and single objects', () => {
    expect(decodeSensorsData({ data: b64(track) })).toEqual([track]);
    expect(decodeSensorsData({ data_list: gz64([track, track]), gzip: '1' })).toHaveLength(2);
    expect(decodeSensorsData({ data: gz64(track) })).toEqual([track]);
    // '+' turned into ' ' by form decoding is repaired.
    const withPlus = b64({ a: '>>>?' });
    expect(decodeSensorsData({ data: withPlus.replace(/\+/g, ' ') })).toEqual([{ a: '>>>?' }]);
  });

  it('refuses bad base64, bad gzip and non-JSON with a clear reason', () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return err instanceof RequestRejected ? `${err.code}:${err.path.join('.')}` : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => decodeSensorsData({ data: '!!not base64!!' }))).toBe('invalid_base64:data');
    expect(codeOf(() => decodeSensorsData({ data_list: b64([track]), gzip: '1' }))).toBe('invalid_gzip:data_list');
    const brokenGzip = gzipSync(Buffer.from('[1,2,3]')).subarray(0, 12).toString('base64');
    expect(codeOf(() => decodeSensorsData({ data_list: brokenGzip, gzip: '1' }))).toBe('invalid_gzip:data_list');
    expect(codeOf(() => decodeSensorsData({ data: Buffer.from('{nope').toString('base64') }))).toBe(
      'invalid_json:data',
    );
    expect(codeOf(() => decodeSensorsData({}))).toBe('validation_failed:data_list');
    expect(codeOf(() => decodeSensorsData({ data: b64(42) }))).toBe('validation_failed:data');
  });
});

describe('normalizeSensorsRecords', () => {
  it('maps track with channel fields, library, time and a stable event id', () => {
    const out = normalizeSensorsRecords([track], ctx);
    expect(out.rejected).toEqual([]);
    expect(out.events[0]).toMatchObject({
      type: 'track',
      event: 'product_view',
      timestamp: new Date(NOW - 60_000).toISOString(),
      distinctId: 'anon-1',
      anonymousId: 'anon-1',
      userId: null,
      utmSource: 'baidu',
      utmMedium: 'cpc',
      utmCampaign: 'spring',
      utmTerm: '钢管',
      utmContent: 'c1',
      referrer: 'https://www.baidu.com/s?wd=x',
      pageUrl: 'https://shop.cn/p/1?bd_vid=V1',
      pagePath: '/p/1',
      pageTitle: '钢管 - Shop',
      clickId: 'V1',
      clickIdType: 'bd_vid',
      libraryName: 'js',
      libraryVersion: '1.25.0',
      ip: '3.3.3.3',
      userAgent: 'Mozilla/5.0 (header)',
      sourceId: 'src_sa',
    });
    const again = normalizeSensorsRecords([track], ctx);
    expect(again.events[0]?.eventId).toBe(out.events[0]?.eventId);
    expect(out.events[0]?.eventId).toMatch(/^sa_[0-9a-f]{32}$/);
    const other = normalizeSensorsRecords([{ ...track, _track_id: 1 }], ctx);
    expect(other.events[0]?.eventId).not.toBe(out.events[0]?.eventId);
  });

  it('track_signup identifies, profile_* become commands only, item_set is a $item_set track event', () => {
    const out = normalizeSensorsRecords(
      [
        { type: 'track_signup', event: '$SignUp', distinct_id: 'user-7', original_id: 'anon-1', time: NOW },
        { type: 'profile_set', distinct_id: 'user-7', properties: { city: '上海' }, time: NOW },
        { type: 'profile_set_once', distinct_id: 'user-7', properties: { firstSeen: 'x' } },
        { type: 'profile_increment', distinct_id: 'user-7', properties: { orders: 1 } },
        { type: 'profile_append', distinct_id: 'user-7', properties: { tags: ['a'] } },
        { type: 'profile_unset', distinct_id: 'user-7', properties: { city: true } },
        { type: 'item_set', item_type: 'product', item_id: 'prd_1', properties: { price: 100 } },
        { type: 'track', distinct_id: 'user-7', login_id: 'user-7', anonymous_id: 'anon-1', event: 'login' },
      ],
      ctx,
    );
    expect(out.rejected).toEqual([]);
    expect(out.events.map((e) => [e.type, e.event, e.distinctId, e.userId, e.anonymousId])).toEqual([
      ['identify', '$identify', 'user-7', 'user-7', 'anon-1'],
      ['track', '$item_set', '$item:product:prd_1', null, null],
      ['track', 'login', 'user-7', 'user-7', 'anon-1'],
    ]);
    expect(out.events[1]?.properties).toEqual({ price: 100, item_type: 'product', item_id: 'prd_1' });
    expect(out.commands.map((c) => c.command)).toEqual([
      { kind: 'identify', userId: 'user-7', anonymousId: 'anon-1', traits: {}, at: ctx.receivedAt },
      expect.objectContaining({ kind: 'profile', op: 'set', distinctId: 'user-7', properties: { city: '上海' } }),
      expect.objectContaining({ kind: 'profile', op: 'set_once' }),
      expect.objectContaining({ kind: 'profile', op: 'increment' }),
      expect.objectContaining({ kind: 'profile', op: 'append' }),
      expect.objectContaining({ kind: 'profile', op: 'unset' }),
    ]);
  });

  it('rejects bad records one by one', () => {
    const out = normalizeSensorsRecords(
      [
        track,
        { type: 'track', event: 'x' },
        { type: 'track', distinct_id: 'd', event: 'x', time: NOW + 3 * 86_400_000 },
        { type: 'track', distinct_id: 'd', event: 'x', properties: { 'a-b': 1 } },
        { type: 'wat', distinct_id: 'd' },
        { type: 'track_signup', distinct_id: 'd' },
        { type: 'track', distinct_id: 'd', event: 'add_to_cart', properties: { productId: 'p', quantity: 'two' } },
      ],
      ctx,
    );
    expect(out.events).toHaveLength(1);
    expect(out.rejected.map((r) => [r.index, r.code])).toEqual([
      [1, 'missing_id'],
      [2, 'timestamp_in_future'],
      [3, 'invalid_property_name'],
      [4, 'invalid_type'],
      [5, 'missing_id'],
      [6, 'invalid_property_type'],
    ]);
    expect(out.rejected[5]?.path).toEqual(['data_list', 6, 'properties', 'quantity']);
  });
});
