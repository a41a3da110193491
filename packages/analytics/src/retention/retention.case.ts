import { RetentionQuery, type RetentionQueryInput, type RetentionResult } from '@tradeloop/schema';
import type { SqlEventStore } from '@tradeloop/storage';
import type { EventStoreTestTarget } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsScope } from '../context.js';
import { runQuery } from '../run.js';
import { type Fixture, loadFixture } from '../testing/fixtures.js';

/**
 * RetentionQuery on each engine, hand-computed: cohort edges in Asia/Shanghai vs UTC, Monday weeks, first_time vs
 * first_in_range, bounded vs unbounded, organisations, identity merges, breakdown top/other/none, repurchase,
 * scope, unknown events, empty ranges and injection attempts.
 */
export function retentionConformance({ engine, skipReason, open }: EventStoreTestTarget): void {
  const test = it.skipIf(skipReason !== '');
  let store: SqlEventStore;
  // P1 = a1 + u1 (o_east), P2 = b1 (o_east), P3 = c1 (o_south), d1: nobody known. Times are Shanghai.
  const fixture: Fixture = {
    events: [
      { who: 'u1', event: 'order_paid', at: '2026-02-20 12:00' },
      { who: 'a1', event: 'product_view', at: '2026-03-01 23:59' },
      { who: 'u1', event: 'product_view', at: '2026-03-02 00:00' },
      { who: 'u1', event: 'order_paid', at: '2026-03-03 09:00', utmSource: 'baidu' },
      { who: 'b1', event: 'product_view', at: '2026-03-02 23:59' },
      { who: 'b1', event: 'order_paid', at: '2026-03-04 10:00', utmSource: 'google' },
      { who: 'b1', event: 'order_paid', at: '2026-03-04 22:00' },
      { who: 'b1', event: 'order_paid', at: '2026-03-06 10:00' },
      { who: 'c1', event: 'product_view', at: '2026-03-03 08:00' },
      { who: 'c1', event: 'order_paid', at: '2026-03-05 08:00', utmSource: 'bing' },
      { who: 'd1', event: 'order_paid', at: '2026-03-05 09:00' },
      { who: 'u1', event: 'order_paid', at: '2026-03-06 09:00' },
      { who: 'c1', event: 'product_view', at: '2026-03-07 00:00' },
    ],
    personMap: { a1: 'P1', u1: 'P1', b1: 'P2', c1: 'P3' },
    persons: [
      { personId: 'P1', organizationId: 'o_east' },
      { personId: 'P2', organizationId: 'o_east' },
      { personId: 'P3', organizationId: 'o_south' },
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

  const week = { from: '2026-03-02', to: '2026-03-06' };
  const any = { event: '$any' as const };
  async function retention(input: Omit<RetentionQueryInput, 'kind'>, scope?: AnalyticsScope): Promise<RetentionResult> {
    const result = await runQuery(RetentionQuery.parse({ kind: 'RetentionQuery', ...input }), { store, scope });
    if (result.kind !== 'RetentionQuery') throw new Error('not a retention result');
    return result;
  }
  const grid = (cohorts: RetentionResult['cohorts']) => cohorts.map((c) => `${c.period} ${c.retained.join(',')}`);
  const days = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'];
  const base = { dateRange: week, interval: 'day' as const, periods: 3, cohortType: 'first_in_range' as const };

  describe(`retention on ${engine}`, () => {
    test('bounded: returned in exactly period n; rows end with the range; size-weighted average', async () => {
      const r = await retention({ ...base, cohort: any, returning: any });
      expect(r.cohorts.map((c) => c.period)).toEqual(days);
      // P1 from 03-02 00:00 (back 03-03, 03-06 = day 4 > 3 periods), P2 from 03-02 23:59 (back 03-04, 03-06),
      // P3 from 03-03 (back 03-05), d1 from 03-05.
      expect(grid(r.cohorts)).toEqual([
        '2026-03-02 2,1,1,0',
        '2026-03-03 1,0,1,0',
        '2026-03-04 0,0,0',
        '2026-03-05 1,0',
        '2026-03-06 0',
      ]);
      expect(r.cohorts[0]?.rates).toEqual([1, 0.5, 0.5, 0]);
      expect(r.average).toEqual([1, 1 / 4, 2 / 3, 0]);
      expect(r.repurchase).toBeUndefined();
    });

    test('unbounded: returned in period n or later (also after the last period shown)', async () => {
      const r = await retention({ ...base, cohort: any, returning: any, mode: 'unbounded' });
      expect(grid(r.cohorts)).toEqual([
        '2026-03-02 2,2,2,2',
        '2026-03-03 1,1,1,0',
        '2026-03-04 0,0,0',
        '2026-03-05 1,0',
        '2026-03-06 0',
      ]);
    });

    test('first_time looks before the range: an actor seen earlier joins no cohort (identity merged)', async () => {
      // P1's first event ever is a1's view on 03-01 (a1 and u1 are one person).
      const r = await retention({ ...base, cohortType: 'first_time', cohort: any, returning: any });
      expect(grid(r.cohorts)).toEqual([
        '2026-03-02 1,0,1,0',
        '2026-03-03 1,0,1,0',
        '2026-03-04 0,0,0',
        '2026-03-05 1,0',
        '2026-03-06 0',
      ]);
    });

    test('cohort edges in UTC differ from Shanghai', async () => {
      const r = await retention({ ...base, timezone: 'UTC', cohort: any, returning: any });
      // UTC: P1 starts 03-03 01:00 (its 03-02 00:00 Shanghai view is 03-01 in UTC), back 03-06; P2 starts 03-02
      // 15:59, back 03-04; P3 starts 03-03 00:00, back 03-05 and 03-06 (03-07 00:00 Shanghai); d1 starts 03-05.
      expect(grid(r.cohorts)).toEqual([
        '2026-03-02 1,0,1,0',
        '2026-03-03 2,0,1,2',
        '2026-03-04 0,0,0',
        '2026-03-05 1,0',
        '2026-03-06 0',
      ]);
    });

    test('weeks start on Monday', async () => {
      const r = await retention({
        dateRange: { from: '2026-03-01', to: '2026-03-08' },
        interval: 'week',
        cohortType: 'first_in_range',
        cohort: any,
        returning: any,
      });
      expect(grid(r.cohorts)).toEqual(['2026-02-23 1,1', '2026-03-02 3']);
    });

    test('organisations: an actor is an organisation; events without one are left out', async () => {
      const r = await retention({ ...base, aggregateBy: 'organization', cohort: any, returning: any });
      expect(grid(r.cohorts)).toEqual([
        '2026-03-02 1,1,1,0',
        '2026-03-03 1,0,1,0',
        '2026-03-04 0,0,0',
        '2026-03-05 0,0',
        '2026-03-06 0',
      ]);
    });

    test('breakdown by the value on the cohort event: top, (other), (none); repurchase', async () => {
      const order = { event: 'order_paid' };
      const r = await retention({
        ...base,
        cohort: order,
        returning: order,
        breakdown: { property: { source: 'event_field', name: 'utm_source' }, limit: 1 },
      });
      expect(grid(r.cohorts)).toEqual([
        '2026-03-02 0,0,0,0',
        '2026-03-03 1,0,0,1',
        '2026-03-04 1,0,1',
        '2026-03-05 2,0',
        '2026-03-06 0',
      ]);
      expect(r.breakdowns?.map((b) => [b.value, grid(b.cohorts).filter((c) => !/ 0(,0)*$/.test(c))])).toEqual([
        ['baidu', ['2026-03-03 1,0,0,1']],
        ['(other)', ['2026-03-04 1,0,1', '2026-03-05 1,0']],
        ['(none)', ['2026-03-05 1,0']],
      ]);
      // P1: 03-03 09:00 → 03-06 09:00 (3 days); P2: 03-04 10:00 → 22:00 (0.5) → 03-06 10:00 (1.5); P3, d1 once.
      expect(r.repurchase).toEqual({
        actors: 4,
        repeatActors: 2,
        repurchaseRate: 0.5,
        medianIntervalDays: 1.5,
        intervalDays: [
          { fromDays: 0, toDays: 1, count: 1 },
          { fromDays: 1, toDays: 7, count: 2 },
          { fromDays: 7, toDays: 14, count: 0 },
          { fromDays: 14, toDays: 30, count: 0 },
          { fromDays: 30, toDays: 60, count: 0 },
          { fromDays: 60, toDays: 90, count: 0 },
          { fromDays: 90, toDays: 180, count: 0 },
          { fromDays: 180, toDays: 365, count: 0 },
          { fromDays: 365, toDays: null, count: 0 },
        ],
      });
    });

    test('first_time repurchase: buyers who ordered before the range are not new buyers', async () => {
      const order = { event: 'order_paid' };
      const r = await retention({ ...base, cohortType: 'first_time', cohort: order, returning: order });
      expect(r.cohorts.map((c) => c.size)).toEqual([0, 0, 1, 2, 0]);
      expect(r.repurchase).toMatchObject({ actors: 3, repeatActors: 1, medianIntervalDays: 1 });
    });

    test('a data scope keeps its organisations only', async () => {
      const r = await retention({ ...base, cohort: any, returning: any }, { regions: ['south'] });
      expect(r.cohorts.map((c) => c.size)).toEqual([0, 1, 0, 0, 0]);
      expect(r.cohorts[1]?.retained).toEqual([1, 0, 1, 0]);
    });

    test('unknown events, empty ranges and injection attempts give zeros', async () => {
      const none = { event: 'no_such_event' };
      const r = await retention({
        ...base,
        cohort: none,
        returning: none,
        breakdown: { property: { source: 'event', name: 'plan' } },
      });
      expect(r.cohorts.every((c) => c.size === 0)).toBe(true);
      expect(r.average).toEqual([0, 0, 0, 0]);
      expect(r.breakdowns).toEqual([]);
      expect(r.repurchase).toMatchObject({ actors: 0, repeatActors: 0, repurchaseRate: 0, medianIntervalDays: null });
      const empty = await retention({
        ...base,
        dateRange: { from: '2030-01-01', to: '2030-01-02' },
        cohort: any,
        returning: any,
      });
      expect(grid(empty.cohorts)).toEqual(['2030-01-01 0,0', '2030-01-02 0']);
      for (const value of ["x' OR '1'='1", "'); DROP TABLE events; --", "\\' OR 1=1 --"]) {
        const filters = [{ property: { source: 'event' as const, name: 'plan' }, operator: 'eq' as const, value }];
        const hit = await retention({ ...base, cohort: { event: '$any', filters }, returning: any, filters });
        expect(hit.cohorts.every((c) => c.size === 0)).toBe(true);
      }
      expect(() =>
        RetentionQuery.parse({ kind: 'RetentionQuery', dateRange: week, cohort: { event: "x'--" }, returning: any }),
      ).toThrow();
    });
  });
}
