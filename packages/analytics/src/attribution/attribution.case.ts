import { AttributionQuery, type AttributionQueryInput, type AttributionResult } from '@tradeloop/schema';
import type { SqlEventStore } from '@tradeloop/storage';
import type { EventStoreTestTarget } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQuery } from '../run.js';
import { type Fixture, loadFixture } from '../testing/fixtures.js';

/**
 * Attribution on each engine, hand-computed (lookback 7 days, half-life 7 days):
 *
 * | conversion (order_paid.total)  | touches within [t - 7 d, t]                       | path           |
 * | u1 03-09 10:00, 300            | baidu 03-02 10:00 (the edge) + 10:30, wechat 03-05 | baidu > wechat |
 * |                                | (mysteel 03-02 09:59:59, 1 s too early)           |                |
 * | u2 03-08 09:00:01, 100         | (mysteel 03-01 09:00, 7 d + 1 s earlier)          | (direct)       |
 * | P3 = a3 + u3 03-10 12:00, 200  | expo 03-10 08:00 as anonymous a3 (identity merge) | expo           |
 * | u4 03-14 10:00, 400            | baidu 03-11, wechat 03-12, baidu 03-13 (10:00)    | baidu > wechat > baidu |
 * | u4 03-20 09:00, 100            | baidu 03-13 10:00 only (wechat 03-12 too old)     | baidu          |
 * | u10 03-21 10:00, 50            | none of u10's own; u9 (same organisation) mysteel 03-20 | (direct) / by organisation: mysteel |
 * Not converting (by person): u5 wechat, u6 baidu > wechat, u9 mysteel.
 */
export function attributionConformance({ engine, skipReason, open }: EventStoreTestTarget): void {
  const test = it.skipIf(skipReason !== '');
  let store: SqlEventStore;

  const touch = (who: string, at: string, source: string) => ({
    who,
    event: '$pageview',
    at,
    utmSource: source,
  });
  const order = (who: string, at: string, total: number) => ({ who, event: 'order_paid', at, props: { total } });
  const fixture: Fixture = {
    events: [
      touch('u1', '2026-03-02 09:59:59', 'mysteel'),
      touch('u1', '2026-03-02 10:00', 'baidu'),
      touch('u1', '2026-03-02 10:30', 'baidu'),
      touch('u1', '2026-03-05 10:00', 'wechat'),
      { who: 'u1', event: 'product_view', at: '2026-03-06 10:00', props: { productId: 'p1' } },
      order('u1', '2026-03-09 10:00', 300),
      touch('u2', '2026-03-01 09:00', 'mysteel'),
      order('u2', '2026-03-08 09:00:01', 100),
      touch('a3', '2026-03-10 08:00', 'expo'),
      order('u3', '2026-03-10 12:00', 200),
      touch('u4', '2026-03-11 10:00', 'baidu'),
      touch('u4', '2026-03-12 10:00', 'wechat'),
      touch('u4', '2026-03-13 10:00', 'baidu'),
      order('u4', '2026-03-14 10:00', 400),
      order('u4', '2026-03-20 09:00', 100),
      touch('u5', '2026-03-15 10:00', 'wechat'),
      touch('u6', '2026-03-16 10:00', 'baidu'),
      touch('u6', '2026-03-16 11:00', 'wechat'),
      touch('u9', '2026-03-20 10:00', 'mysteel'),
      order('u10', '2026-03-21 10:00', 50),
      // Outside the range (April): neither a conversion nor a non-converting journey.
      touch('u11', '2026-04-01 10:00', 'baidu'),
      order('u1', '2026-04-01 11:00', 999),
    ],
    personMap: { a3: 'P3', u3: 'P3', u9: 'P9', u10: 'P10' },
    persons: [
      { personId: 'P9', organizationId: 'o_x' },
      { personId: 'P10', organizationId: 'o_x' },
    ],
    organizations: [{ organizationId: 'o_x', region: 'east' }],
  };

  beforeAll(async () => {
    if (skipReason) return;
    store = await open();
    await loadFixture(store, fixture);
  });
  afterAll(async () => store?.close());

  async function run(input: Partial<AttributionQueryInput>, scope?: { regions: string[] }): Promise<AttributionResult> {
    const node = AttributionQuery.parse({
      kind: 'AttributionQuery',
      conversion: { event: 'order_paid', valueProperty: 'total' },
      lookback: { value: 7, unit: 'day' },
      models: ['first', 'last', 'linear', 'time_decay', 'position', 'markov'],
      dateRange: { from: '2026-03-01', to: '2026-03-31' },
      ...input,
    });
    return (await runQuery(node, { store, scope: scope ?? null })) as AttributionResult;
  }

  /** credit[channel][model] = [conversions, value]. */
  function credits(r: AttributionResult): Record<string, Record<string, [number, number]>> {
    return Object.fromEntries(
      r.channels.map((c) => [
        c.channel,
        Object.fromEntries(Object.entries(c.credit).map(([m, x]) => [m, [x.conversions, x.value]])),
      ]),
    );
  }

  const close = (x: number) => expect.closeTo(x, 6);

  describe(`attribution on ${engine}`, () => {
    test('rule-based models: lookback edges, repeats collapsed, direct conversions, value credit, identity merge', async () => {
      const r = await run({});
      expect(r.conversions).toBe(6);
      expect(r.value).toBe(1150);
      expect(r.nonConverting).toBe(3);
      const c = credits(r);
      expect(c['baidu']?.['first']).toEqual([3, 800]);
      expect(c['expo']?.['first']).toEqual([1, 200]);
      expect(c['(direct)']?.['first']).toEqual([2, 150]);
      expect(c['wechat']?.['first']).toEqual([0, 0]);
      expect(c['mysteel']?.['first']).toEqual([0, 0]);
      expect(c['wechat']?.['last']).toEqual([1, 300]);
      expect(c['baidu']?.['last']).toEqual([2, 500]);
      // linear: u1 1/2 + 1/2; u4 2/3 baidu + 1/3 wechat; u4's second order all baidu.
      expect(c['baidu']?.['linear']).toEqual([close(0.5 + 2 / 3 + 1), close(150 + 400 * (2 / 3) + 100)]);
      expect(c['wechat']?.['linear']).toEqual([close(0.5 + 1 / 3), close(150 + 400 / 3)]);
      // position: two touches split 1/2 : 1/2; three 0.4 / 0.2 / 0.4.
      expect(c['baidu']?.['position']).toEqual([close(0.5 + 0.8 + 1), close(150 + 320 + 100)]);
      expect(c['wechat']?.['position']).toEqual([close(0.7), close(150 + 80)]);
      // time-decay: ages in whole hours of each run's latest touch: u1 baidu 167 h (10:30), wechat 96 h;
      // u4 baidu 72 h, wechat 48 h, baidu 24 h. Weight 2^(-hours / (7 · 24)).
      const w = (h: number) => 2 ** (-h / 168);
      const u1Baidu = w(167) / (w(167) + w(96));
      const u4Baidu = (w(72) + w(24)) / (w(72) + w(48) + w(24));
      expect(c['baidu']?.['time_decay']).toEqual([
        close(u1Baidu + u4Baidu + 1),
        close(300 * u1Baidu + 400 * u4Baidu + 100),
      ]);
      expect(c['wechat']?.['time_decay']).toEqual([
        close(2 - u1Baidu - u4Baidu),
        close(300 * (1 - u1Baidu) + 400 * (1 - u4Baidu)),
      ]);
      expect(r.paths).toEqual([
        { path: ['(direct)'], conversions: 2, value: 150 },
        { path: ['baidu', 'wechat', 'baidu'], conversions: 1, value: 400 },
        { path: ['baidu', 'wechat'], conversions: 1, value: 300 },
        { path: ['expo'], conversions: 1, value: 200 },
        { path: ['baidu'], conversions: 1, value: 100 },
      ]);
    });

    test('Markov removal effects over converting and non-converting journeys', async () => {
      // Journeys: b>w (1 conv, 1 null), direct (2), expo (1), b>w>b (1), b (1), w (null), mysteel (null).
      // baidu → wechat 3/5, → conv 2/5; wechat → conv 1/4, → baidu 1/4, → null 1/2. p_b = 11/17, p_w = 7/17,
      // P = (4 p_b + 2 + 1 + p_w) / 9 = 2/3. Without baidu: 13/36 → 11/24; without wechat: 23/45 → 7/30;
      // without direct: 4/9 → 1/3; without expo: 5/9 → 1/6; mysteel 0. Sum 143/120.
      const r = await run({ models: ['markov'] });
      const re = r.removalEffects ?? {};
      expect(re['baidu']).toBeCloseTo(11 / 24, 8);
      expect(re['wechat']).toBeCloseTo(7 / 30, 8);
      expect(re['(direct)']).toBeCloseTo(1 / 3, 8);
      expect(re['expo']).toBeCloseTo(1 / 6, 8);
      expect(re['mysteel']).toBe(0);
      const c = credits(r);
      expect(c['baidu']?.['markov']).toEqual([close((6 * 55) / 143), close((1150 * 55) / 143)]);
      expect(c['wechat']?.['markov']).toEqual([close((6 * 28) / 143), close((1150 * 28) / 143)]);
      expect(c['(direct)']?.['markov']).toEqual([close((6 * 40) / 143), close((1150 * 40) / 143)]);
      expect(r.channels.map((x) => x.channel)).toEqual(['baidu', '(direct)', 'wechat', 'expo', 'mysteel']);
    });

    test('by organisation: a colleague’s touch counts; the scope keeps its organisations only', async () => {
      const r = await run({ models: ['first'], aggregateBy: 'organization' });
      const c = credits(r);
      expect(c['mysteel']?.['first']).toEqual([1, 50]);
      expect(c['(direct)']?.['first']).toEqual([1, 100]);
      expect(r.nonConverting).toBe(2);
      const scoped = await run({ models: ['first'], aggregateBy: 'organization' }, { regions: ['east'] });
      expect(scoped.conversions).toBe(1);
      expect(credits(scoped)).toEqual({ mysteel: { first: [1, 50] } });
      const byPerson = await run({ models: ['first'] }, { regions: ['east'] });
      expect(credits(byPerson)).toEqual({ '(direct)': { first: [1, 50] } });
      expect(byPerson.nonConverting).toBe(1);
    });

    test('touchpoint events, a shorter lookback, and unknown names give an empty result', async () => {
      // Only product_view counts as a touchpoint: none carries a channel → every conversion is direct.
      const onlyViews = await run({ models: ['last'], touchpoint: { events: ['product_view'] } });
      expect(credits(onlyViews)).toEqual({ '(direct)': { last: [6, 1150] } });
      // A 1-day lookback: only expo (4 h) and u4's baidu 03-13 (24 h: the edge) remain.
      const short = await run({ models: ['first'], lookback: { value: 1, unit: 'day' } });
      expect(credits(short)).toEqual({
        baidu: { first: [1, 400] },
        expo: { first: [1, 200] },
        '(direct)': { first: [4, 550] },
      });
      const none = await run({ models: ['first', 'markov'], conversion: { event: 'no_such_event' } });
      expect(none.conversions).toBe(0);
      expect(none.paths).toEqual([]);
      expect(none.channels.every((x) => x.credit['first']?.conversions === 0)).toBe(true);
      const noValue = await run({ models: ['first'], conversion: { event: 'order_paid', valueProperty: 'nope' } });
      expect(noValue.value).toBe(0);
      expect(noValue.conversions).toBe(6);
    });
  });
}
