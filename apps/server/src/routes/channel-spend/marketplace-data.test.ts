import { manualClock } from '@tradeloop/core';
import { oltpTestTargets } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../testing/actors.js';
import { startTestApi, type TestApi } from '../../testing/harness.js';
import { seedCategory, seedProduct } from '../orders/fixtures.js';

/**
 * The operational data port of analytics over the real store: product performance through POST /api/query reads the
 * order's lines, the product's cost attribute and the review from the marketplace, the payment from the events.
 */
describe.each(oltpTestTargets())('analytics marketplace data on $dialect', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  const clock = manualClock('2026-03-10T02:00:00.000Z');
  let api: TestApi;

  beforeAll(async () => {
    if (skipReason) return;
    api = await startTestApi({ dialect, skipReason, ...target }, { clock });
  });
  afterAll(async () => api?.close());

  it.skipIf(skipReason !== '')('product performance joins paid orders to their lines, costs and reviews', async () => {
    const categoryId = await seedCategory(api);
    const supplier = await createOrgWithMember(api, { kind: 'supplier' });
    const buyer = await createOrgWithMember(api, { kind: 'buyer' });
    const productId = await seedProduct(api, {
      supplierId: supplier.organizationId,
      categoryId,
      title: '热轧卷板 Q235',
      tiers: [{ minQuantity: 1, unitPrice: 1000 }],
    });
    await api.store.db
      .updateTable('products')
      .set({ attributes: '{"unitCost":600}' })
      .where('id', '=', productId)
      .execute();
    const placed = await api.request('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId, quantity: 3 }] },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    for (const action of ['pay', 'ship', 'deliver', 'complete']) {
      expect((await api.request('POST', `/api/orders/${placed.body.id}/${action}`)).status).toBe(200);
    }
    const review = await api.request('POST', `/api/orders/${placed.body.id}/review`, {
      token: buyer.token,
      body: { ratingDescription: 4, ratingShipping: 5, ratingResponse: 5, text: '' },
    });
    expect(review.status, JSON.stringify(review.body)).toBe(201);
    await api.platform.relay.drain();
    await api.platform.ingest.drain();

    const res = await api.request('POST', '/api/query', {
      body: {
        kind: 'ProductPerformanceQuery',
        interval: 'month',
        dateRange: { from: '2026-03-01', to: '2026-03-31' },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.periods).toEqual(['2026-03-01']);
    expect(res.body.rows).toHaveLength(1);
    expect(res.body.rows[0]).toMatchObject({
      id: productId,
      name: '热轧卷板 Q235',
      categoryId,
      orders: 1,
      buyers: 1,
      gmv: 3000,
      margin: 1200,
      marginRate: 0.4,
      rating: 4,
      returnRate: 0,
      trend: [3000],
      stage: 'maturity',
    });
  });
});
