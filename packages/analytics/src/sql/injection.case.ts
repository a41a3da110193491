import { QueryNode } from '@tradeloop/schema';
import type { SqlEventStore } from '@tradeloop/storage';
import type { EventStoreTestTarget } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarketplaceData } from '../context.js';
import { runQuery } from '../run.js';
import { type Fixture, loadFixture } from '../testing/fixtures.js';

/**
 * SQL injection through every free-text string field of every query node (filter values, labels, series and formula
 * names, the actors' breakdown value): each query must run, match nothing it should not, and leave the store as it
 * was. Names (events, properties, fields) never get this far: the schema allow-lists them (query.test.ts).
 */
const HOSTILE = [
  "x' OR '1'='1",
  "'); DROP TABLE events; --",
  "\\' OR 1=1 --",
  '` OR 1=1 --',
  '" OR ""="',
  "p1\\' UNION SELECT 1 --",
  '%_\\%',
  '中文\u0000nul',
];

const noMarketplace: MarketplaceData = {
  channelSpend: async () => [],
  products: async () => [],
  orderLines: async () => [],
  orderRatings: async () => [],
};

export function injectionConformance({ engine, skipReason, open }: EventStoreTestTarget): void {
  const test = it.skipIf(skipReason !== '');
  let store: SqlEventStore;
  const fixture: Fixture = {
    events: [
      { who: 'u1', event: 'product_view', at: '2026-01-05 09:00', props: { productId: 'p1' }, utmSource: 'baidu' },
      { who: 'u1', event: 'signup', at: '2026-01-05 09:01', org: 'o1', utmSource: 'baidu' },
      { who: 'u1', event: 'add_to_cart', at: '2026-01-05 09:05', props: { productId: 'p1' }, org: 'o1' },
      { who: 'u1', event: 'order_paid', at: '2026-01-05 10:00', props: { orderId: 'r1', total: 5000 }, org: 'o1' },
    ],
    organizations: [{ organizationId: 'o1' }],
  };
  beforeAll(async () => {
    if (skipReason) return;
    store = await open();
    await loadFixture(store, fixture);
  });
  afterAll(async () => store?.close());

  const range = { from: '2026-01-01', to: '2026-01-31' };
  /** Every kind with the hostile string `h` in each of its free-text fields. */
  const nodes = (h: string) => {
    const f = [{ property: { source: 'event', name: 'productId' }, operator: 'eq', value: h }];
    const fIn = [{ property: { source: 'event_field', name: 'utm_source' }, operator: 'in', value: [h, `${h}2`] }];
    const fContains = [{ property: { source: 'organization', name: 'region' }, operator: 'contains', value: h }];
    const funnel = {
      kind: 'FunnelQuery',
      steps: [
        { event: 'product_view', filters: f, label: h },
        { event: 'order_paid', filters: fIn, label: h },
      ],
      exclusions: [{ event: 'add_to_cart', filters: fContains, fromStep: 0, toStep: 1 }],
      filters: f,
      dateRange: range,
    };
    return [
      funnel,
      { kind: 'FunnelActorsQuery', funnel, step: 1, breakdownValue: h },
      {
        kind: 'RetentionQuery',
        cohort: { event: 'product_view', filters: f },
        returning: { event: 'order_paid', filters: fIn },
        filters: fContains,
        dateRange: range,
      },
      {
        kind: 'TrendsQuery',
        series: [{ event: 'order_paid', math: 'sum', property: 'total', filters: f, name: h }],
        formulas: [{ name: h, expression: 'A * 2' }],
        filters: fIn,
        dateRange: range,
      },
      { kind: 'AttributionQuery', conversion: { event: 'order_paid', filters: f }, filters: fIn, dateRange: range },
      { kind: 'AiplQuery', filters: f, dateRange: range },
      { kind: 'ChannelQuadrantQuery', filters: fIn, dateRange: range },
      { kind: 'ProductPerformanceQuery', filters: f, dateRange: range },
    ];
  };

  describe(`SQL injection on ${engine}`, () => {
    test('hostile strings in every free-text field run as plain values and match nothing', async () => {
      const before = await store.count({});
      for (const h of HOSTILE) {
        for (const raw of nodes(h)) {
          const node = QueryNode.parse(raw);
          const result = await runQuery(node, { store, marketplace: noMarketplace }).catch((error: Error) => {
            throw new Error(`${node.kind} with ${JSON.stringify(h)}: ${error.message}`);
          });
          // Nothing matches a hostile value: no step, series, conversion or actor counts anything.
          const counted = JSON.stringify(result).match(
            /"(count|size|conversions|total|registrations|views)":([1-9]\d*)/,
          );
          expect(counted, `${node.kind} with ${JSON.stringify(h)} counted ${counted?.[0]}`).toBeNull();
        }
      }
      expect(await store.count({})).toBe(before);
    });
  });
}
