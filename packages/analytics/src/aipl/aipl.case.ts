import { AiplQuery, type AiplQueryInput, type AiplResult } from '@tradeloop/schema';
import type { SqlEventStore } from '@tradeloop/storage';
import type { EventStoreTestTarget } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsScope } from '../context.js';
import { runQuery } from '../run.js';
import { type Fixture, loadFixture } from '../testing/fixtures.js';

/**
 * AiplQuery on each engine, hand-computed with short windows (lookback 3 days, loyalty = 2 purchases in 5 days):
 * stages at each period end including loyalty from purchases before the range, transitions (to and from none),
 * organisations, breakdown by the value on the first event in the range, partial periods, time zones, scope,
 * unknown events and injection attempts.
 */
export function aiplConformance({ engine, skipReason, open }: EventStoreTestTarget): void {
  const test = it.skipIf(skipReason !== '');
  let store: SqlEventStore;
  // P1 = a1 + u1 (o_east), P2 = b1 (o_south), c1: no person record, no organisation. Shanghai times.
  const fixture: Fixture = {
    events: [
      { who: 'u1', event: 'order_paid', at: '2026-02-26 10:00', utmSource: 'bing' },
      { who: 'u1', event: 'order_paid', at: '2026-02-28 10:00' },
      { who: 'a1', event: 'exposure', at: '2026-03-02 09:00' },
      { who: 'b1', event: 'exposure', at: '2026-03-02 23:59', utmSource: 'google' },
      { who: 'b1', event: 'product_view', at: '2026-03-03 00:00' },
      { who: 'b1', event: 'order_paid', at: '2026-03-05 12:00', utmSource: 'baidu' },
      { who: 'c1', event: 'product_view', at: '2026-03-04 08:00' },
      { who: 'c1', event: 'order_paid', at: '2026-03-04 09:00' },
      { who: 'c1', event: 'order_paid', at: '2026-03-05 09:00' },
      { who: 'd1', event: 'exposure', at: '2026-03-06 00:00' },
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

  const definitions = {
    awareness: ['exposure'],
    interest: ['product_view'],
    purchase: ['order_paid'],
    lookbackDays: 3,
    loyaltyDays: 5,
    loyaltyPurchases: 2,
  };
  const base = { definitions, interval: 'day' as const, dateRange: { from: '2026-03-02', to: '2026-03-05' } };
  async function aipl(input: Omit<AiplQueryInput, 'kind'>, scope?: AnalyticsScope): Promise<AiplResult> {
    const result = await runQuery(AiplQuery.parse({ kind: 'AiplQuery', ...input }), { store, scope });
    if (result.kind !== 'AiplQuery') throw new Error('not an AIPL result');
    return result;
  }
  /** "period A I P L" per period end. */
  const stock = (s: AiplResult['stock']) =>
    s.map((x) => `${x.period} ${x.awareness} ${x.interest} ${x.purchase} ${x.loyalty}`);

  describe(`AIPL on ${engine}`, () => {
    test('stages at each day end, loyalty from purchases before the range, flows to and from none', async () => {
      const r = await aipl(base);
      // P1: loyalty (02-26 + 02-28 within 5 days), then awareness (exposure 03-02), then none on 03-05.
      // P2: awareness, interest, interest, purchase. c1: none, none, purchase, loyalty.
      expect(stock(r.stock)).toEqual([
        '2026-03-02 1 0 0 1',
        '2026-03-03 1 1 0 0',
        '2026-03-04 1 1 1 0',
        '2026-03-05 0 0 1 1',
      ]);
      expect(r.flows).toEqual([
        { period: '2026-03-03', from: 'awareness', to: 'interest', count: 1 },
        { period: '2026-03-03', from: 'loyalty', to: 'awareness', count: 1 },
        { period: '2026-03-04', from: 'none', to: 'purchase', count: 1 },
        { period: '2026-03-05', from: 'awareness', to: 'none', count: 1 },
        { period: '2026-03-05', from: 'interest', to: 'purchase', count: 1 },
        { period: '2026-03-05', from: 'purchase', to: 'loyalty', count: 1 },
      ]);
      expect(r.breakdowns).toBeUndefined();
    });

    test('a partial week ends on the last day of the range', async () => {
      const r = await aipl({ ...base, interval: 'week' });
      expect(stock(r.stock)).toEqual(['2026-03-02 0 0 1 1']);
      expect(r.flows).toEqual([]);
    });

    test('organisations: events without one are left out', async () => {
      const r = await aipl({ ...base, aggregateBy: 'organization' });
      expect(stock(r.stock)).toEqual([
        '2026-03-02 1 0 0 1',
        '2026-03-03 1 1 0 0',
        '2026-03-04 1 1 0 0',
        '2026-03-05 0 0 1 0',
      ]);
    });

    test('breakdown by the value on the first event in the range (not the earlier one)', async () => {
      const r = await aipl({ ...base, breakdown: { property: { source: 'event_field', name: 'utm_source' } } });
      expect(r.breakdowns?.map((b) => [b.value, stock(b.stock)])).toEqual([
        ['google', ['2026-03-02 1 0 0 0', '2026-03-03 0 1 0 0', '2026-03-04 0 1 0 0', '2026-03-05 0 0 1 0']],
        ['(none)', ['2026-03-02 0 0 0 1', '2026-03-03 1 0 0 0', '2026-03-04 1 0 1 0', '2026-03-05 0 0 0 1']],
      ]);
      const limited = await aipl({
        ...base,
        breakdown: { property: { source: 'organization', name: 'region' }, limit: 1 },
      });
      expect(limited.breakdowns?.map((b) => b.value)).toEqual(['south', '(other)', '(none)']);
    });

    test('days in UTC: a view at 00:00 Shanghai belongs to the day before', async () => {
      const r = await aipl({ ...base, timezone: 'UTC' });
      expect(stock(r.stock)[0]).toBe('2026-03-02 0 1 0 1');
    });

    test('a data scope keeps its organisations only', async () => {
      const r = await aipl(base, { regions: ['south'] });
      expect(stock(r.stock)).toEqual([
        '2026-03-02 1 0 0 0',
        '2026-03-03 0 1 0 0',
        '2026-03-04 0 1 0 0',
        '2026-03-05 0 0 1 0',
      ]);
    });

    test('unknown events, empty ranges and injection attempts give zeros', async () => {
      const unknown = await aipl({
        ...base,
        definitions: { ...definitions, awareness: ['nope'], interest: ['nope either'], purchase: ['no_order'] },
      });
      expect(stock(unknown.stock).every((s) => s.endsWith(' 0 0 0 0'))).toBe(true);
      expect(unknown.flows).toEqual([]);
      const later = await aipl({ ...base, dateRange: { from: '2030-01-01', to: '2030-01-02' } });
      expect(stock(later.stock)).toEqual(['2030-01-01 0 0 0 0', '2030-01-02 0 0 0 0']);
      for (const value of ["x' OR '1'='1", "'); DROP TABLE events; --", "\\' OR 1=1 --"]) {
        const r = await aipl({
          ...base,
          filters: [{ property: { source: 'event', name: 'plan' }, operator: 'eq', value }],
        });
        expect(stock(r.stock).every((s) => s.endsWith(' 0 0 0 0'))).toBe(true);
      }
      expect(() =>
        AiplQuery.parse({ kind: 'AiplQuery', dateRange: base.dateRange, definitions: { awareness: ["x'"] } }),
      ).toThrow();
    });
  });
}
