import { TrendsQuery, type TrendsQueryInput, type TrendsResult } from '@tradeloop/schema';
import type { SqlEventStore } from '@tradeloop/storage';
import type { EventStoreTestTarget } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsScope } from '../context.js';
import { AnalyticsError } from '../errors.js';
import { runQuery } from '../run.js';
import { type Fixture, loadFixture } from '../testing/fixtures.js';

/**
 * TrendsQuery on each engine, hand-computed: counts, uniques after identity merges, numeric maths, period edges in
 * Asia/Shanghai and UTC, Monday weeks with empty periods filled, breakdown top/other/none, formulas (division by
 * zero), scope, unknown events and injection attempts.
 */
export function trendsConformance({ engine, skipReason, open }: EventStoreTestTarget): void {
  const test = it.skipIf(skipReason !== '');
  let store: SqlEventStore;
  const fixture: Fixture = {
    events: [
      // Outside a 03-02..03-04 range on either side (Shanghai days).
      { who: 'u1', event: 'order_paid', at: '2026-03-01 23:59', props: { total: 999 } },
      { who: 'u1', event: 'order_paid', at: '2026-03-05 00:00', props: { total: 999 } },
      // u1 and a1 are one person (P1) of o_east.
      {
        who: 'u1',
        event: 'order_paid',
        at: '2026-03-02 10:00',
        org: 'o_east',
        props: { total: 100 },
        utmSource: 'baidu',
      },
      { who: 'a1', event: 'order_paid', at: '2026-03-02 23:30', props: { total: 50 }, utmSource: 'baidu' },
      // b1 = P2 of o_south.
      { who: 'b1', event: 'order_paid', at: '2026-03-03 00:10', props: { total: 30 }, utmSource: 'google' },
      { who: 'b1', event: 'order_paid', at: '2026-03-03 12:00', props: { total: 70 } },
      // c1: no person record, no organisation.
      { who: 'c1', event: 'order_paid', at: '2026-03-04 09:00', props: { total: 40 }, utmSource: 'bing' },
      { who: 'c1', event: 'product_view', at: '2026-03-04 09:00', props: { total: 'n/a' } },
    ],
    personMap: { a1: 'P1', u1: 'P1', b1: 'P2' },
    persons: [
      { personId: 'P1', organizationId: 'o_east' },
      { personId: 'P2', organizationId: 'o_south' },
    ],
    organizations: [
      { organizationId: 'o_east', region: 'east' },
      { organizationId: 'o_south', region: 'south' },
    ],
  };

  beforeAll(async () => {
    if (skipReason) return;
    store = await open();
    await loadFixture(store, fixture);
  });
  afterAll(async () => store?.close());

  const days = { from: '2026-03-02', to: '2026-03-04' };
  async function trend(input: Omit<TrendsQueryInput, 'kind'>, scope?: AnalyticsScope): Promise<TrendsResult> {
    const result = await runQuery(TrendsQuery.parse({ kind: 'TrendsQuery', ...input }), { store, scope });
    if (result.kind !== 'TrendsQuery') throw new Error('not a trends result');
    return result;
  }
  const brief = (r: TrendsResult) =>
    r.lines.map((l) => ({ name: l.name, bd: l.breakdownValue, data: l.data, total: l.total }));

  describe(`trends on ${engine}`, () => {
    test('every math per Shanghai day, totals over the range, identity merges counting one person', async () => {
      const paid = 'order_paid';
      const r = await trend({
        dateRange: days,
        series: [
          { event: paid, name: 'count' },
          { event: paid, math: 'unique_persons', name: 'persons' },
          { event: paid, math: 'unique_organizations', name: 'orgs' },
          { event: paid, math: 'sum', property: 'total', name: 'sum' },
          { event: paid, math: 'avg', property: 'total', name: 'avg' },
          { event: paid, math: 'median', property: 'total', name: 'median' },
          { event: paid, math: 'min', property: 'total', name: 'min' },
          { event: paid, math: 'max', property: 'total', name: 'max' },
        ],
        formulas: [
          { name: 'per person', expression: 'D / B' },
          { name: 'zero divisor', expression: 'A / (B - 1)' },
        ],
      });
      expect(r.periods).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
      expect(brief(r)).toEqual([
        { name: 'count', bd: null, data: [2, 2, 1], total: 5 },
        { name: 'persons', bd: null, data: [1, 1, 1], total: 3 },
        { name: 'orgs', bd: null, data: [1, 1, 0], total: 2 },
        { name: 'sum', bd: null, data: [150, 100, 40], total: 290 },
        { name: 'avg', bd: null, data: [75, 50, 40], total: 58 },
        { name: 'median', bd: null, data: [75, 50, 40], total: 50 },
        { name: 'min', bd: null, data: [50, 30, 40], total: 30 },
        { name: 'max', bd: null, data: [100, 70, 40], total: 100 },
        { name: 'per person', bd: null, data: [150, 100, 40], total: 96.6666666667 },
        { name: 'zero divisor', bd: null, data: [null, null, null], total: 2.5 },
      ]);
    });

    test('days in UTC cut elsewhere than in Shanghai', async () => {
      const r = await trend({ dateRange: days, timezone: 'UTC', series: [{ event: 'order_paid' }] });
      // 03-01 23:59 Shanghai is 03-01 15:59 UTC (out); 03-03 00:10 Shanghai is still 03-02 in UTC; 03-05 00:00
      // Shanghai is 03-04 16:00 UTC (in).
      expect(brief(r)).toEqual([{ name: 'A: order_paid count', bd: null, data: [3, 1, 2], total: 6 }]);
    });

    test('weeks start on Monday; empty periods are filled', async () => {
      const r = await trend({
        dateRange: { from: '2026-03-01', to: '2026-03-09' },
        interval: 'week',
        series: [{ event: 'order_paid' }, { event: 'order_paid', math: 'median', property: 'total' }],
      });
      expect(r.periods).toEqual(['2026-02-23', '2026-03-02', '2026-03-09']);
      expect(r.lines.map((l) => [l.data, l.total])).toEqual([
        [[1, 6, 0], 7],
        // week of 03-02: 30 40 50 70 100 999 → (50 + 70) / 2
        [[999, 60, null], 70],
      ]);
    });

    test('breakdown: top values by the first series, the rest as (other), no value as (none)', async () => {
      const r = await trend({
        dateRange: days,
        series: [{ event: 'order_paid' }, { event: 'order_paid', math: 'unique_persons' }],
        breakdown: { property: { source: 'event_field', name: 'utm_source' }, limit: 1 },
      });
      expect(r.lines.map((l) => [l.series, l.breakdownValue, l.data, l.total])).toEqual([
        [0, 'baidu', [2, 0, 0], 2],
        [1, 'baidu', [1, 0, 0], 1],
        [0, '(other)', [0, 1, 1], 2],
        [1, '(other)', [0, 1, 1], 2],
        [0, '(none)', [0, 1, 0], 1],
        [1, '(none)', [0, 1, 0], 1],
      ]);
    });

    test('an organisation breakdown and a data scope', async () => {
      const series = [{ event: 'order_paid' as const, math: 'unique_organizations' as const }];
      const breakdown = { property: { source: 'organization' as const, name: 'region' as const } };
      const all = await trend({ dateRange: days, series, breakdown });
      expect(all.lines.map((l) => [l.breakdownValue, l.data])).toEqual([
        ['east', [1, 0, 0]],
        ['south', [0, 1, 0]],
        ['(none)', [0, 0, 0]],
      ]);
      const east = await trend({ dateRange: days, series: [{ event: 'order_paid' }] }, { regions: ['east'] });
      expect(brief(east)).toEqual([{ name: 'A: order_paid count', bd: null, data: [2, 0, 0], total: 2 }]);
    });

    test('$any counts every event; a non-numeric property is left out of the maths', async () => {
      const r = await trend({
        dateRange: { from: '2026-03-04', to: '2026-03-04' },
        series: [{ event: '$any' }, { event: '$any', math: 'avg', property: 'total' }],
      });
      expect(brief(r).map((l) => [l.data, l.total])).toEqual([
        [[2], 2],
        [[40], 40],
      ]);
    });

    test('unknown events and empty ranges give zeros (and nulls for averages), not errors', async () => {
      const r = await trend({
        dateRange: days,
        series: [
          { event: 'no_such_event' },
          { event: 'no_such_event', math: 'sum', property: 'total' },
          { event: 'no_such_event', math: 'avg', property: 'no_such_property' },
        ],
        formulas: [{ name: 'f', expression: 'A / B' }],
      });
      expect(brief(r).map((l) => [l.data, l.total])).toEqual([
        [[0, 0, 0], 0],
        [[0, 0, 0], 0],
        [[null, null, null], null],
        [[null, null, null], null],
      ]);
      const empty = await trend({
        dateRange: { from: '2030-01-01', to: '2030-01-02' },
        series: [{ event: 'order_paid' }],
        breakdown: { property: { source: 'event_field', name: 'utm_source' } },
      });
      expect(empty.periods).toEqual(['2030-01-01', '2030-01-02']);
      expect(empty.lines).toEqual([]);
    });

    test('injection attempts through strings are values, never SQL', async () => {
      const attempts = ["x' OR '1'='1", "'); DROP TABLE events; --", "x\\' OR 1=1 --", '`"\\'];
      for (const value of attempts) {
        const r = await trend({
          dateRange: days,
          timezone: 'UTC',
          series: [
            {
              event: 'order_paid',
              filters: [{ property: { source: 'event', name: 'total' }, operator: 'eq', value }],
              name: value,
            },
          ],
          filters: [{ property: { source: 'event_field', name: 'utm_source' }, operator: 'not_contains', value }],
        });
        expect(brief(r)).toEqual([{ name: value, bd: null, data: [0, 0, 0], total: 0 }]);
      }
      expect(() =>
        TrendsQuery.parse({ kind: 'TrendsQuery', dateRange: days, series: [{ event: "a' OR 1" }] }),
      ).toThrow();
      await expect(
        trend({ dateRange: days, series: [{ event: 'order_paid' }], formulas: [{ name: 'f', expression: 'A A' }] }),
      ).rejects.toBeInstanceOf(AnalyticsError);
      expect((await store.queryRows('SELECT count(*) AS n FROM events')).map((x) => Number(x.n))).toEqual([8]);
    });
  });
}
