import {
  FunnelActorsQuery,
  type FunnelActorsResult,
  FunnelQuery,
  type FunnelQueryInput,
  type FunnelResult,
  type FunnelStepResult,
} from '@tradeloop/schema';
import type { SqlEventStore } from '@tradeloop/storage';
import type { EventStoreTestTarget } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsScope } from '../context.js';
import { type Fixture, loadFixture } from '../testing/fixtures.js';
import { runFunnel, runFunnelActors } from './run.js';

/**
 * Funnels on each engine with hand-computed expectations. Each scenario uses its own event names, so the scenarios
 * share one store without seeing each other. Times are Shanghai wall clock; the default range is March 2026.
 */
export function funnelConformance({ engine, skipReason, open }: EventStoreTestTarget): void {
  const test = it.skipIf(skipReason !== '');
  let store: SqlEventStore;

  const fixture: Fixture = {
    events: [
      // A: ordered view → cart → pay, window 1 day.
      { who: 'A1', event: 'view', at: '2026-03-02 10:00' },
      { who: 'A1', event: 'cart', at: '2026-03-02 11:00' },
      { who: 'A1', event: 'pay', at: '2026-03-03 10:00' }, // exactly one day after the view: counts
      { who: 'A2', event: 'view', at: '2026-03-02 10:00' },
      { who: 'A2', event: 'cart', at: '2026-03-02 10:30' },
      { who: 'A2', event: 'pay', at: '2026-03-03 10:00:01' }, // one second late
      { who: 'A3', event: 'view', at: '2026-03-04 09:00' },
      { who: 'A4', event: 'cart', at: '2026-03-04 09:00' }, // cart before the view: not in order
      { who: 'A4', event: 'view', at: '2026-03-04 09:10' },
      { who: 'A4', event: 'pay', at: '2026-03-04 09:20' },
      { who: 'A5', event: 'view', at: '2026-03-05 08:00' }, // this entry's window ends before the cart
      { who: 'A5', event: 'view', at: '2026-03-06 08:00' }, // this one reaches pay: the furthest entry
      { who: 'A5', event: 'cart', at: '2026-03-06 09:00' },
      { who: 'A5', event: 'pay', at: '2026-03-06 10:00' },
      { who: 'A6', event: 'view', at: '2026-03-07 10:00' }, // two entries reaching step 0: the earliest
      { who: 'A6', event: 'view', at: '2026-03-07 11:00' },
      { who: 'A7', event: 'view', at: '2026-03-31 23:00' }, // converts after the range's end, within the window
      { who: 'A7', event: 'cart', at: '2026-03-31 23:30' },
      { who: 'A7', event: 'pay', at: '2026-04-01 01:00' },
      { who: 'A8', event: 'view', at: '2026-02-28 23:00' }, // entered before the range: not an entry
      { who: 'A8', event: 'cart', at: '2026-03-01 00:10' },

      // B: strict order (any other event between steps breaks it).
      { who: 'B1', event: 'b_view', at: '2026-03-02 10:00' },
      { who: 'B1', event: 'b_cart', at: '2026-03-02 10:01' },
      { who: 'B1', event: 'b_pay', at: '2026-03-02 10:02' },
      { who: 'B2', event: 'b_view', at: '2026-03-02 10:00' },
      { who: 'B2', event: 'b_other', at: '2026-03-02 10:01' },
      { who: 'B2', event: 'b_cart', at: '2026-03-02 10:02' },
      { who: 'B2', event: 'b_pay', at: '2026-03-02 10:03' },
      { who: 'B3', event: 'b_view', at: '2026-03-02 10:00' },
      { who: 'B3', event: 'b_cart', at: '2026-03-02 10:01' },
      { who: 'B3', event: 'b_view', at: '2026-03-02 10:02' },
      { who: 'B3', event: 'b_pay', at: '2026-03-02 10:03' },

      // C: the same event twice needs two occurrences.
      { who: 'C1', event: 'r_view', at: '2026-03-02 10:00' },
      { who: 'C1', event: 'r_pay', at: '2026-03-02 10:05' },
      { who: 'C2', event: 'r_view', at: '2026-03-02 10:00' },
      { who: 'C2', event: 'r_view', at: '2026-03-02 10:01' },
      { who: 'C2', event: 'r_pay', at: '2026-03-02 10:05' },

      // D: exclusions.
      { who: 'D1', event: 'd_view', at: '2026-03-02 10:00' },
      { who: 'D1', event: 'd_leave', at: '2026-03-02 10:05' },
      { who: 'D1', event: 'd_cart', at: '2026-03-02 10:10' },
      { who: 'D1', event: 'd_pay', at: '2026-03-02 10:20' },
      { who: 'D2', event: 'd_view', at: '2026-03-02 10:00' },
      { who: 'D2', event: 'd_cart', at: '2026-03-02 10:10' },
      { who: 'D2', event: 'd_leave', at: '2026-03-02 10:15' }, // after the excluded span
      { who: 'D2', event: 'd_pay', at: '2026-03-02 10:20' },
      { who: 'D3', event: 'd_view', at: '2026-03-02 10:00' },
      { who: 'D3', event: 'd_leave', at: '2026-03-02 10:05' }, // no cart: still excluded (within the window)
      { who: 'D4', event: 'd_view', at: '2026-03-02 10:00' },
      { who: 'D4', event: 'd_cart', at: '2026-03-02 10:10' },
      { who: 'D5', event: 'd_view', at: '2026-03-02 10:00' }, // excluded entry ...
      { who: 'D5', event: 'd_leave', at: '2026-03-02 10:05' },
      { who: 'D5', event: 'd_view', at: '2026-03-04 10:00' }, // ... a later clean one counts
      { who: 'D5', event: 'd_cart', at: '2026-03-04 10:10' },

      // E: breakdown attribution by an event property (and a value with quotes and a backslash).
      { who: 'E1', event: 'e_view', at: '2026-03-02 10:00', props: { channel: 'baidu' } },
      { who: 'E1', event: 'e_pay', at: '2026-03-02 11:00', props: { channel: 'wechat' } },
      { who: 'E2', event: 'e_view', at: '2026-03-02 10:00', props: { channel: 'baidu' } },
      { who: 'E3', event: 'e_view', at: '2026-03-02 10:00' },
      { who: 'E3', event: 'e_pay', at: '2026-03-02 10:30', props: { channel: 'wechat' } },
      { who: 'E4', event: 'e_view', at: '2026-03-02 10:00', props: { channel: 'douyin' } },
      { who: 'E4', event: 'e_pay', at: '2026-03-02 12:00', props: { channel: 'douyin' } },
      { who: 'E5', event: 'e_view', at: '2026-03-03 10:00', props: { channel: "it's \\ok' OR '1'='1" } },

      // F: organisations (different persons of one organisation do its steps).
      { who: 'fp1', event: 'f_view', at: '2026-03-10 10:00' },
      { who: 'fp2', event: 'f_rfq', at: '2026-03-10 11:00' },
      { who: 'fp2', event: 'f_order', at: '2026-03-10 12:00' },
      { who: 'fp3', event: 'f_view', at: '2026-03-10 10:00' },
      { who: 'fp3', event: 'f_rfq', at: '2026-03-10 10:30' },

      // G: identity merge (anonymous start, logged-in finish).
      { who: 'g_anon', event: 'g_view', at: '2026-03-02 10:00' },
      { who: 'g_user', event: 'g_pay', at: '2026-03-02 10:30' },

      // H: unordered.
      { who: 'H1', event: 'h_c', at: '2026-03-02 10:00' },
      { who: 'H1', event: 'h_a', at: '2026-03-02 11:00' },
      { who: 'H1', event: 'h_x', at: '2026-03-02 11:30' }, // between its second and third step
      { who: 'H1', event: 'h_b', at: '2026-03-02 12:00' },
      { who: 'H2', event: 'h_b', at: '2026-03-02 10:00' },
      { who: 'H2', event: 'h_c', at: '2026-03-02 11:00' },
      { who: 'H3', event: 'h_a', at: '2026-03-02 10:00' },
      { who: 'H4', event: 'h_a', at: '2026-03-02 10:00' },
      { who: 'H4', event: 'h_b', at: '2026-03-04 10:00' }, // beyond the window of the h_a entry
      { who: 'H5', event: 'h_a', at: '2026-03-02 10:00' },
      { who: 'H5', event: 'h_a', at: '2026-03-02 10:10' },

      // I: time zones (07:00 in Shanghai is 23:00 UTC the day before).
      { who: 'I1', event: 'i_view', at: '2026-03-02 07:00' },
      { who: 'I1', event: 'i_pay', at: '2026-03-02 07:30' },
      { who: 'I2', event: 'i_view', at: '2026-03-02 09:00' },
    ],
    personMap: { fp1: 'FP1', fp2: 'FP2', fp3: 'FP3', g_anon: 'GP', g_user: 'GP' },
    persons: [
      { personId: 'FP1', organizationId: 'oF1', traits: { tier: 'gold' } },
      { personId: 'FP2', organizationId: 'oF1', traits: { tier: 'silver' } },
      { personId: 'FP3', organizationId: 'oF2' },
    ],
    organizations: [
      { organizationId: 'oF1', region: 'east' },
      { organizationId: 'oF2', region: 'south' },
    ],
  };

  beforeAll(async () => {
    if (skipReason) return;
    store = await open();
    await loadFixture(store, fixture);
  });
  afterAll(async () => store?.close());

  const march = { from: '2026-03-01', to: '2026-03-31' };
  const steps = (...events: string[]) => events.map((event) => ({ event }));
  const funnel = (input: Partial<FunnelQueryInput>, scope?: AnalyticsScope): Promise<FunnelResult> =>
    runFunnel(FunnelQuery.parse({ kind: 'FunnelQuery', dateRange: march, ...input }), { store, scope });
  const counts = (s: FunnelStepResult[] | undefined) => (s ?? []).map((x) => x.count);
  const actors = async (input: Record<string, unknown>): Promise<FunnelActorsResult> =>
    runFunnelActors(FunnelActorsQuery.parse({ kind: 'FunnelActorsQuery', ...input }), { store });
  const aFunnel = { steps: steps('view', 'cart', 'pay'), window: { value: 1, unit: 'day' } } as const;

  describe(`funnels on ${engine}`, () => {
    test('ordered: counts, conversion, median and average time, window end included, range edges', async () => {
      const r = await funnel(aFunnel);
      expect(r.steps).toEqual([
        {
          event: 'view',
          label: 'view',
          count: 7,
          conversionRate: 1,
          conversionRateFromPrevious: 1,
          medianSecondsToConvert: null,
          averageSecondsToConvert: null,
        },
        {
          event: 'cart',
          label: 'cart',
          count: 4, // A1 A2 A5 A7
          conversionRate: 4 / 7,
          conversionRateFromPrevious: 4 / 7,
          medianSecondsToConvert: 2700, // 1800 1800 3600 3600
          averageSecondsToConvert: 2700,
        },
        {
          event: 'pay',
          label: 'pay',
          count: 3, // A1 (at the window's end) A5 A7
          conversionRate: 3 / 7,
          conversionRateFromPrevious: 3 / 4,
          medianSecondsToConvert: 5400, // 3600 5400 82800
          averageSecondsToConvert: 30_600,
        },
      ]);
      // A5 and A7 took 2 h, A1 exactly the day.
      const nonEmpty = r.timeToConvert.filter((b) => b.count > 0);
      expect(nonEmpty).toEqual([
        { fromSeconds: 3600, toSeconds: 10_800, count: 2 },
        { fromSeconds: 43_200, toSeconds: 86_401, count: 1 },
      ]);
      expect(r.timeToConvert[0]?.fromSeconds).toBe(0);
    });

    test('window units: 1440 minutes equal a day, 1439 minutes miss A1, 24 hours equal a day', async () => {
      expect(counts((await funnel({ ...aFunnel, window: { value: 1440, unit: 'minute' } })).steps)).toEqual([7, 4, 3]);
      expect(counts((await funnel({ ...aFunnel, window: { value: 1439, unit: 'minute' } })).steps)).toEqual([7, 4, 2]);
      expect(counts((await funnel({ ...aFunnel, window: { value: 24, unit: 'hour' } })).steps)).toEqual([7, 4, 3]);
      expect(counts((await funnel({ ...aFunnel, window: { value: 1, unit: 'week' } })).steps)).toEqual([7, 4, 4]);
    });

    test('strict: no other event of the person between steps', async () => {
      const s = steps('b_view', 'b_cart', 'b_pay');
      expect(counts((await funnel({ steps: s, order: 'strict' })).steps)).toEqual([3, 2, 1]);
      expect(counts((await funnel({ steps: s, order: 'ordered' })).steps)).toEqual([3, 3, 3]);
    });

    test('the same event twice needs two occurrences', async () => {
      expect(counts((await funnel({ steps: steps('r_view', 'r_view', 'r_pay') })).steps)).toEqual([2, 1, 1]);
      expect(counts((await funnel({ steps: steps('r_view', 'r_pay') })).steps)).toEqual([2, 2]);
    });

    test('exclusions remove the entry between their steps (not reaching toStep: within the window)', async () => {
      const s = steps('d_view', 'd_cart', 'd_pay');
      expect(counts((await funnel({ steps: s })).steps)).toEqual([5, 4, 2]);
      const r = await funnel({ steps: s, exclusions: [{ event: 'd_leave', fromStep: 0, toStep: 1 }] });
      expect(counts(r.steps)).toEqual([3, 3, 1]); // D2, D4 and D5's second entry
      const late = await funnel({ steps: s, exclusions: [{ event: 'd_leave', fromStep: 1, toStep: 2 }] });
      expect(counts(late.steps)).toEqual([4, 3, 1]); // D2 out (leave after cart); D3 never reached the cart
    });

    // Here every person's steps come in order, so an unordered funnel attributes the same values.
    for (const order of ['ordered', 'unordered'] as const) {
      test(`breakdown attribution (${order}): first touch, last touch, a chosen step; top values and (other)`, async () => {
        const s = steps('e_view', 'e_pay');
        const by = (attribution: unknown, limit = 10) =>
          funnel({
            steps: s,
            order,
            breakdown: { property: { source: 'event', name: 'channel' }, attribution, limit } as never,
          });
        const shape = (r: FunnelResult) => r.breakdowns?.map((b) => `${b.value}:${counts(b.steps).join('/')}`);
        const first = await by('first_touch');
        expect(counts(first.steps)).toEqual([5, 3]);
        expect(shape(first)).toEqual(['baidu:2/1', '(none):1/1', 'douyin:1/1', "it's \\ok' OR '1'='1:1/0"]);
        expect(shape(await by('last_touch'))).toEqual([
          'wechat:2/2',
          'baidu:1/0',
          'douyin:1/1',
          "it's \\ok' OR '1'='1:1/0",
        ]);
        expect(shape(await by({ step: 1 }))).toEqual(['(none):2/0', 'wechat:2/2', 'douyin:1/1']);
        expect(shape(await by('first_touch', 1))).toEqual(['baidu:2/1', '(none):1/1', '(other):2/1']);
        // The "(other)" group's times are computed from its actors (E4: 2 h).
        const other = (await by('first_touch', 1)).breakdowns?.at(-1)?.steps[1];
        expect(other?.medianSecondsToConvert).toBe(7200);
      });
    }

    test('per-step filters on event, person and organisation properties', async () => {
      const r = await funnel({
        steps: [
          {
            event: 'e_view',
            filters: [{ property: { source: 'event', name: 'channel' }, operator: 'eq', value: 'baidu' }],
          },
          { event: 'e_pay' },
        ],
      });
      expect(counts(r.steps)).toEqual([2, 1]);
      const byTier = await funnel({
        steps: [
          {
            event: 'f_view',
            filters: [{ property: { source: 'person', name: 'tier' }, operator: 'eq', value: 'gold' }],
          },
          { event: 'f_rfq' },
        ],
        aggregateBy: 'organization',
      });
      expect(counts(byTier.steps)).toEqual([1, 1]); // oF1 entered through FP1 (gold), FP2 did the RFQ
      const byRegion = await funnel({
        steps: [
          {
            event: 'f_view',
            filters: [{ property: { source: 'organization', name: 'region' }, operator: 'eq', value: 'south' }],
          },
          { event: 'f_rfq' },
        ],
      });
      expect(counts(byRegion.steps)).toEqual([1, 1]); // FP3
    });

    test('aggregate by organisation: one company, steps by different persons; scope and breakdown', async () => {
      const s = steps('f_view', 'f_rfq', 'f_order');
      expect(counts((await funnel({ steps: s })).steps)).toEqual([2, 1, 0]);
      const orgs = await funnel({
        steps: s,
        aggregateBy: 'organization',
        breakdown: { property: { source: 'organization', name: 'region' } },
      });
      expect(counts(orgs.steps)).toEqual([2, 2, 1]);
      expect(orgs.breakdowns?.map((b) => `${b.value}:${counts(b.steps).join('/')}`)).toEqual([
        'east:1/1/1',
        'south:1/1/0',
      ]);
      const east = await funnel({ steps: s, aggregateBy: 'organization' }, { regions: ['east'] });
      expect(counts(east.steps)).toEqual([1, 1, 1]);
      // Persons scoped by their organisation's region (the person dimension is joined only when scope needs it).
      expect(counts((await funnel({ steps: s }, { regions: ['east'] })).steps)).toEqual([1, 0, 0]); // FP1 viewed
      expect(counts((await funnel({ steps: s }, { regions: ['south'] })).steps)).toEqual([1, 1, 0]); // FP3
      const companies = await actors({
        funnel: { kind: 'FunnelQuery', dateRange: march, steps: s, aggregateBy: 'organization' },
        step: 2,
        status: 'reached',
      });
      expect(companies).toMatchObject({
        aggregateBy: 'organization',
        total: 1,
        actors: [{ id: 'oF1', furthestStep: 2 }],
      });
    });

    test('identity merges: an anonymous start and a logged-in finish are one person', async () => {
      expect(counts((await funnel({ steps: steps('g_view', 'g_pay') })).steps)).toEqual([1, 1]);
    });

    test('unordered: the steps in any order within the window', async () => {
      const r = await funnel({
        steps: steps('h_a', 'h_b', 'h_c'),
        order: 'unordered',
        window: { value: 1, unit: 'day' },
      });
      expect(counts(r.steps)).toEqual([5, 2, 1]); // H1 all three, H2 two, H3 H4 H5 one
      expect(r.steps[1]?.medianSecondsToConvert).toBe(3600);
      expect(r.steps[2]?.medianSecondsToConvert).toBe(3600);
      const ordered = await funnel({ steps: steps('h_a', 'h_b', 'h_c'), window: { value: 1, unit: 'day' } });
      expect(counts(ordered.steps)).toEqual([4, 1, 0]);
      // An exclusion between the second and third completed step: H1's entry at h_c is out, its h_a entry reaches 2.
      const excluded = await funnel({
        steps: steps('h_a', 'h_b', 'h_c'),
        order: 'unordered',
        window: { value: 1, unit: 'day' },
        exclusions: [{ event: 'h_x', fromStep: 1, toStep: 2 }],
      });
      expect(counts(excluded.steps)).toEqual([5, 2, 0]);
      // A repeated step needs two events in any order too.
      const twice = await funnel({ steps: steps('h_a', 'h_a'), order: 'unordered' });
      expect(counts(twice.steps)).toEqual([4, 1]); // H5
    });

    test('funnel trends per day of entry in the query time zone, empty days filled', async () => {
      const input = {
        steps: steps('i_view', 'i_pay'),
        dateRange: { from: '2026-03-01', to: '2026-03-03' },
        trends: { interval: 'day' },
      } as const;
      const shanghai = await funnel(input);
      expect(shanghai.trends).toEqual([
        { period: '2026-03-01', entered: 0, converted: 0, conversionRate: 0 },
        { period: '2026-03-02', entered: 2, converted: 1, conversionRate: 0.5 },
        { period: '2026-03-03', entered: 0, converted: 0, conversionRate: 0 },
      ]);
      const utc = await funnel({ ...input, timezone: 'UTC' });
      expect(utc.trends).toEqual([
        { period: '2026-03-01', entered: 1, converted: 1, conversionRate: 1 },
        { period: '2026-03-02', entered: 1, converted: 0, conversionRate: 0 },
        { period: '2026-03-03', entered: 0, converted: 0, conversionRate: 0 },
      ]);
      // Each day counts its own entries: A6 entered twice on one day, A5 on two days.
      const a = await funnel({
        ...aFunnel,
        dateRange: { from: '2026-03-05', to: '2026-03-07' },
        trends: { interval: 'day' },
      });
      expect(a.trends?.map((t) => `${t.period}:${t.entered}/${t.converted}`)).toEqual([
        '2026-03-05:1/0',
        '2026-03-06:1/1',
        '2026-03-07:1/0',
      ]);
    });

    test('empty ranges and unknown event names give zeros', async () => {
      const empty = await funnel({
        ...aFunnel,
        dateRange: { from: '2025-01-01', to: '2025-01-02' },
        trends: { interval: 'day' },
      });
      expect(
        empty.steps.map((s) => [s.count, s.conversionRate, s.conversionRateFromPrevious, s.medianSecondsToConvert]),
      ).toEqual([
        [0, 0, 0, null],
        [0, 0, 0, null],
        [0, 0, 0, null],
      ]);
      expect(empty.trends?.map((t) => t.entered)).toEqual([0, 0]);
      expect(empty.timeToConvert.every((b) => b.count === 0)).toBe(true);
      expect(counts((await funnel({ steps: steps('no_such_event', 'pay') })).steps)).toEqual([0, 0]);
      expect(counts((await funnel({ steps: steps('view', 'no_such_event') })).steps)).toEqual([7, 0]);
      expect(
        counts(
          (await funnel({ ...aFunnel, filters: [{ property: { source: 'event', name: 'nope' }, operator: 'is_set' }] }))
            .steps,
        ),
      ).toEqual([0, 0, 0]);
    });

    test('SQL injection through string fields reaches SQL only as literals', async () => {
      const evil = ["' OR '1'='1", "\\' OR 1=1 --", "'); DROP TABLE events; --", '" OR ""="'];
      for (const value of evil) {
        const r = await funnel({
          steps: [
            { event: 'e_view', filters: [{ property: { source: 'event', name: 'channel' }, operator: 'eq', value }] },
            {
              event: 'e_pay',
              filters: [{ property: { source: 'event', name: 'channel' }, operator: 'contains', value }],
            },
          ],
          exclusions: [
            {
              event: 'e_pay',
              fromStep: 0,
              toStep: 1,
              filters: [{ property: { source: 'person', name: 'x' }, operator: 'in', value: [value] }],
            },
          ],
          filters: [{ property: { source: 'event_field', name: 'utm_source' }, operator: 'neq', value }],
        });
        expect(counts(r.steps)).toEqual([0, 0]);
        const a = await actors({
          funnel: {
            kind: 'FunnelQuery',
            dateRange: march,
            steps: steps('e_view', 'e_pay'),
            breakdown: { property: { source: 'event', name: 'channel' } },
          },
          step: 1,
          breakdownValue: value,
        });
        expect(a.total).toBe(0);
      }
      // The value that looks like SQL is found as itself, and the events table is still there.
      const exact = await funnel({
        steps: [
          {
            event: 'e_view',
            filters: [
              { property: { source: 'event', name: 'channel' }, operator: 'eq', value: "it's \\ok' OR '1'='1" },
            ],
          },
          { event: 'e_pay' },
        ],
      });
      expect(counts(exact.steps)).toEqual([1, 0]);
      // Names are checked by the schema before any SQL is built.
      expect(() =>
        FunnelQuery.parse({ kind: 'FunnelQuery', dateRange: march, steps: steps("view' OR 1=1 --", 'pay') }),
      ).toThrow();
      expect(() =>
        FunnelQuery.parse({
          kind: 'FunnelQuery',
          dateRange: march,
          steps: steps('view', 'pay'),
          breakdown: { property: { source: 'event', name: 'a`) --' } },
        }),
      ).toThrow();
    });

    test('actors: dropped at a step, reached a step, paged with a total, by breakdown value', async () => {
      const base = { kind: 'FunnelQuery', dateRange: march, ...aFunnel };
      const dropped1 = await actors({ funnel: base, step: 1 });
      expect(dropped1).toEqual({
        kind: 'FunnelActorsQuery',
        aggregateBy: 'person',
        total: 3,
        actors: [
          { id: 'A3', enteredAt: '2026-03-04T01:00:00.000Z', furthestStep: 0 },
          { id: 'A4', enteredAt: '2026-03-04T01:10:00.000Z', furthestStep: 0 },
          { id: 'A6', enteredAt: '2026-03-07T02:00:00.000Z', furthestStep: 0 },
        ],
      });
      const page = await actors({ funnel: base, step: 1, limit: 1, offset: 1 });
      expect(page.total).toBe(3);
      expect(page.actors.map((a) => a.id)).toEqual(['A4']);
      expect((await actors({ funnel: base, step: 2 })).actors.map((a) => a.id)).toEqual(['A2']);
      const reached = await actors({ funnel: base, step: 2, status: 'reached' });
      // A5's furthest entry is its second view; A6 below: the earlier of two equal entries.
      expect(reached.actors).toEqual([
        { id: 'A1', enteredAt: '2026-03-02T02:00:00.000Z', furthestStep: 2 },
        { id: 'A5', enteredAt: '2026-03-06T00:00:00.000Z', furthestStep: 2 },
        { id: 'A7', enteredAt: '2026-03-31T15:00:00.000Z', furthestStep: 2 },
      ]);
      const all = await actors({ funnel: base, step: 0, status: 'reached' });
      expect(all.total).toBe(7);
      expect(all.actors.find((a) => a.id === 'A6')?.enteredAt).toBe('2026-03-07T02:00:00.000Z');
      const byValue = await actors({
        funnel: {
          ...base,
          steps: steps('e_view', 'e_pay'),
          breakdown: { property: { source: 'event', name: 'channel' } },
        },
        step: 1,
        breakdownValue: 'baidu',
      });
      expect(byValue.actors.map((a) => a.id)).toEqual(['E2']);
      const none = await actors({
        funnel: {
          ...base,
          steps: steps('e_view', 'e_pay'),
          breakdown: { property: { source: 'event', name: 'channel' } },
        },
        step: 1,
        status: 'reached',
        breakdownValue: '(none)',
      });
      expect(none.actors.map((a) => a.id)).toEqual(['E3']);
    });
  });
}
