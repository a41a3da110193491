import {
  ProductPerformanceQuery,
  type ProductPerformanceQueryInput,
  type ProductPerformanceResult,
} from '@tradeloop/schema';
import type { SqlEventStore } from '@tradeloop/storage';
import type { EventStoreTestTarget } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarketplaceData } from '../context.js';
import { runQuery } from '../run.js';
import { type Fixture, type FixtureEvent, loadFixture } from '../testing/fixtures.js';
import type { OrderLineFacts, ProductFacts } from './data.js';

/**
 * Product performance on each engine, January–April 2026 by month, hand-computed:
 * | product (category, unit cost) | exposures | views (viewers) | paid orders (lines)                     | GMV |
 * | p1 (c1, 60)                   | 4         | 2 (u1, u2)      | ord1 Jan 2×100, ord2 Mar 2×100 (returned) | 400 |
 * | p2 (c1, unknown)              | 2         | 2 (u1 twice)    | ord1 Jan 100, ord4 Mar 150 promoted     | 250 |
 * | p3 (c2, 90)                   | 1         | 1 (u3)          | ord3 Apr 300                            | 300 |
 * | p4 (c2, 10)                   | 3         | 3 (u4)          | —                                       | 0   |
 * | p5 (c2, unknown)              | 0         | 0               | ord1 Jan 50                             | 50  |
 * Reviews: ord1 4, ord2 2, ord3 5. ord5 is paid in May (outside the range).
 */
export function productsConformance({ engine, skipReason, open }: EventStoreTestTarget): void {
  const test = it.skipIf(skipReason !== '');
  let store: SqlEventStore;

  const ev = (who: string, event: string, at: string, props: Record<string, unknown>): FixtureEvent => ({
    who,
    event,
    at,
    props,
  });
  const fixture: Fixture = {
    events: [
      ev('u1', 'exposure', '2026-01-05 10:00', { productId: 'p1', position: 0, slot: 'search' }),
      ev('u2', 'exposure', '2026-01-05 10:00', { productId: 'p1', position: 0, slot: 'search' }),
      ev('u3', 'exposure', '2026-03-05 10:00', { productId: 'p1', position: 1, slot: 'search' }),
      ev('u4', 'exposure', '2026-03-05 10:00', { productId: 'p1', position: 1, slot: 'search' }),
      ev('u1', 'exposure', '2026-01-05 10:00', { productId: 'p2', position: 2, slot: 'search' }),
      ev('u2', 'exposure', '2026-01-05 10:00', { productId: 'p2', position: 2, slot: 'search' }),
      ev('u3', 'exposure', '2026-03-05 10:00', { productId: 'p3', position: 0, slot: 'home' }),
      ev('u4', 'exposure', '2026-04-05 10:00', { productId: 'p4', position: 0, slot: 'home' }),
      ev('u4', 'exposure', '2026-04-06 10:00', { productId: 'p4', position: 0, slot: 'home' }),
      ev('u4', 'exposure', '2026-04-07 10:00', { productId: 'p4', position: 0, slot: 'home' }),
      ev('u1', 'product_view', '2026-01-05 10:01', { productId: 'p1' }),
      ev('u2', 'product_view', '2026-03-05 10:01', { productId: 'p1' }),
      ev('u1', 'product_view', '2026-02-05 10:01', { productId: 'p2' }),
      ev('u1', 'product_view', '2026-02-06 10:01', { productId: 'p2' }),
      ev('u3', 'product_view', '2026-03-05 10:01', { productId: 'p3' }),
      ev('u4', 'product_view', '2026-04-05 10:01', { productId: 'p4' }),
      ev('u4', 'product_view', '2026-04-06 10:01', { productId: 'p4' }),
      ev('u4', 'product_view', '2026-04-07 10:01', { productId: 'p4' }),
      ev('u1', 'order_paid', '2026-01-10 10:00', { orderId: 'ord1', total: 350 }),
      ev('u2', 'order_paid', '2026-03-05 11:00', { orderId: 'ord2', total: 200 }),
      ev('u3', 'order_paid', '2026-04-02 10:00', { orderId: 'ord3', total: 300 }),
      ev('u1', 'order_paid', '2026-03-12 10:00', { orderId: 'ord4', total: 150 }),
      ev('u1', 'order_paid', '2026-05-02 10:00', { orderId: 'ord5', total: 100 }),
      // After the range but within the return horizon.
      ev('u2', 'return_requested', '2026-05-03 10:00', { orderId: 'ord2' }),
    ],
    persons: [{ personId: 'u3', organizationId: 'o_east' }],
    organizations: [{ organizationId: 'o_east', region: 'east' }],
  };
  const products: ProductFacts[] = [
    { id: 'p1', name: 'Hot rolled coil', categoryId: 'c1', unitCost: 60 },
    { id: 'p2', name: 'Cold rolled sheet', categoryId: 'c1', unitCost: null },
    { id: 'p3', name: 'Rebar', categoryId: 'c2', unitCost: 90 },
    { id: 'p4', name: 'Wire rod', categoryId: 'c2', unitCost: 10 },
    { id: 'p5', name: 'Angle steel', categoryId: 'c2', unitCost: null },
  ];
  const line = (orderId: string, productId: string, quantity: number, lineTotal: number, promoted = false) => ({
    orderId,
    productId,
    quantity,
    lineTotal,
    promoted,
  });
  const lines: OrderLineFacts[] = [
    line('ord1', 'p1', 2, 200),
    line('ord1', 'p2', 1, 100),
    line('ord1', 'p5', 1, 50),
    line('ord2', 'p1', 2, 200),
    line('ord3', 'p3', 1, 300),
    line('ord4', 'p2', 1, 150, true),
    line('ord5', 'p1', 1, 100),
  ];
  const ratings = [
    { orderId: 'ord1', rating: 4 },
    { orderId: 'ord2', rating: 2 },
    { orderId: 'ord3', rating: 5 },
  ];
  /** The data port over fixed catalogue rows (the server implements it over the operational store). */
  const marketplace: MarketplaceData = {
    channelSpend: async () => [],
    products: async (ids) => products.filter((p) => ids.includes(p.id)),
    orderLines: async (ids) => lines.filter((l) => ids.includes(l.orderId)),
    orderRatings: async (ids) => ratings.filter((r) => ids.includes(r.orderId)),
  };

  beforeAll(async () => {
    if (skipReason) return;
    store = await open();
    await loadFixture(store, fixture);
  });
  afterAll(async () => store?.close());

  async function run(
    input: Partial<ProductPerformanceQueryInput> = {},
    scope: { regions: string[] } | null = null,
  ): Promise<ProductPerformanceResult> {
    const node = ProductPerformanceQuery.parse({
      kind: 'ProductPerformanceQuery',
      interval: 'month',
      dateRange: { from: '2026-01-01', to: '2026-04-30' },
      ...input,
    });
    return (await runQuery(node, { store, scope, marketplace })) as ProductPerformanceResult;
  }

  describe(`product performance on ${engine}`, () => {
    test('metrics, trend, role and stage per product', async () => {
      const r = await run();
      expect(r.periods).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01']);
      const byId = Object.fromEntries(r.rows.map((x) => [x.id, x]));
      expect(r.rows.map((x) => x.id)).toEqual(['p1', 'p3', 'p2', 'p5', 'p4']); // by GMV, then id
      expect(byId.p1).toMatchObject({
        name: 'Hot rolled coil',
        categoryId: 'c1',
        exposures: 4,
        views: 2,
        viewers: 2,
        ctr: 0.5,
        orders: 2,
        buyers: 2,
        cvr: 1,
        gmv: 400,
        margin: 160, // 400 − 4 × 60
        marginRate: 0.4,
        rating: 3, // (4 + 2) / 2
        returnRate: 0.5,
        trend: [200, 0, 200, 0],
        role: 'volume',
        stage: 'maturity',
      });
      expect(byId.p2).toMatchObject({
        exposures: 2,
        views: 2,
        viewers: 1,
        orders: 2,
        buyers: 1,
        cvr: 1,
        gmv: 250,
        margin: null,
        marginRate: null,
        rating: 4,
        returnRate: 0,
        trend: [100, 0, 150, 0],
        role: 'promotion', // 150 / 250 = 60 % under promotions
        stage: 'growth', // 150 vs 100: +50 %
      });
      expect(byId.p2?.roleRule).toBe('60% of GMV under promotions ≥ 50%');
      expect(byId.p3).toMatchObject({
        gmv: 300,
        margin: 210,
        marginRate: 0.7,
        rating: 5,
        trend: [0, 0, 0, 300],
        role: 'profit', // 0.7 ≥ median(0.4, 0.7) = 0.55
        stage: 'introduction', // first sale in the second half
      });
      expect(byId.p4).toMatchObject({
        exposures: 3,
        views: 3,
        ctr: 1,
        orders: 0,
        cvr: 0,
        gmv: 0,
        margin: null,
        rating: null,
        returnRate: null,
        role: 'traffic', // views 3 ≥ median 2, no orders
        stage: 'introduction',
      });
      expect(byId.p4?.stageRule).toBe('no sales in the range yet');
      expect(byId.p5).toMatchObject({ exposures: 0, ctr: null, cvr: null, gmv: 50, role: 'volume', stage: 'decline' });
      expect(byId.p5?.stageRule).toBe('GMV second half 0 vs first half 50 (-100%) ≤ −20%');
      expect(r.rules.role).toContain('profit if margin rate ≥ 0.55 (median)');
    });

    test('by category, sorted by views, limited, and scoped', async () => {
      const c = await run({ groupBy: 'category', sortBy: 'views' });
      expect(c.rows.map((x) => [x.id, x.exposures, x.views, x.orders, x.gmv, x.margin, x.trend])).toEqual([
        // Equal views: by id.
        ['c1', 6, 4, 3, 650, 160, [300, 0, 350, 0]],
        ['c2', 4, 4, 2, 350, 210, [50, 0, 0, 300]],
      ]);
      const top = await run({ sortBy: 'exposures', limit: 2 });
      expect(top.rows.map((x) => x.id)).toEqual(['p1', 'p4']);
      // Only u3's organisation is in the east: one exposure of p1, one view and the order of p3.
      const east = await run({}, { regions: ['east'] });
      expect(east.rows.map((x) => [x.id, x.exposures, x.views, x.orders, x.gmv])).toEqual([
        ['p3', 1, 1, 1, 300],
        ['p1', 1, 0, 0, 0],
      ]);
    });
  });
}
