import type { TrackedEvent } from '@tradeloop/schema';
import { oltpTestTargets } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCategory, seedCoupon, seedProduct } from './routes/orders/fixtures.js';
import { createOperatorToken, createOrgWithMember, type TestOrg } from './testing/actors.js';
import { startTestApi, type TestApi } from './testing/harness.js';

/**
 * The marketplace emits its own events (DESIGN §1 data collection): each committed change writes its standard event
 * into the outbox in the same transaction, attributed to the acting member of the buyer organisation.
 */
describe.each(oltpTestTargets())('server-side events on $dialect', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  let api: TestApi;
  let buyer: TestOrg;
  let supplier: TestOrg;
  let categoryId: string;
  let productId: string;

  const outbox = async (): Promise<TrackedEvent[]> =>
    (await api.store.db.selectFrom('eventOutbox').select('event').orderBy('id').execute()).map(
      (r) => JSON.parse(r.event) as TrackedEvent,
    );
  async function ok<T = { id: string }>(method: string, url: string, token: string, body: unknown = {}): Promise<T> {
    const res = await api.request<T>(method, url, { token, body });
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  beforeAll(async () => {
    if (skipReason) return;
    api = await startTestApi({ dialect, skipReason, ...target });
    buyer = await createOrgWithMember(api, { kind: 'buyer' });
    supplier = await createOrgWithMember(api, { kind: 'supplier' });
    categoryId = await seedCategory(api);
    productId = await seedProduct(api, { supplierId: supplier.organizationId, categoryId, moq: 1, stock: 100 });
  });
  afterAll(async () => api?.close());

  it.skipIf(skipReason !== '')('the life of an order emits its standard events, attributed to the buyer', async () => {
    const coupon = await seedCoupon(api, { amountOff: 100, threshold: 0 });
    const order = await ok('POST', '/api/orders', buyer.token, {
      items: [{ productId, quantity: 2 }],
      couponCode: coupon.code,
    });
    await ok('POST', `/api/orders/${order.id}/pay`, buyer.token);
    await ok('POST', `/api/orders/${order.id}/ship`, supplier.token);
    await ok('POST', `/api/orders/${order.id}/deliver`, buyer.token);
    await ok('POST', `/api/orders/${order.id}/complete`, buyer.token);
    await ok('POST', `/api/orders/${order.id}/review`, buyer.token, {
      ratingDescription: 5,
      ratingShipping: 4,
      ratingResponse: 5,
      text: '好',
    });
    const events = (await outbox()).filter((e) => e.properties.orderId === order.id);
    expect(events.map((e) => e.event)).toEqual([
      'order_placed',
      'coupon_used',
      'order_paid',
      'order_shipped',
      'order_completed',
      'review_submitted',
    ]);
    for (const e of events) {
      expect(e.organizationId).toBe(buyer.organizationId);
      expect(e.sourceId).toBe('server');
      expect(e.type).toBe('track');
    }
    const byName = Object.fromEntries(events.map((e) => [e.event, e]));
    // The buyer's own actions belong to the buyer's contact; the supplier's shipment to the buyer organisation.
    expect(byName.order_placed?.distinctId).toBe(buyer.contactId);
    expect(byName.order_placed?.userId).toBe(buyer.contactId);
    expect(byName.order_shipped?.distinctId).toBe(`org:${buyer.organizationId}`);
    expect(byName.order_shipped?.userId).toBeNull();
    expect(byName.order_placed?.properties).toMatchObject({ total: 1900, currency: 'CNY', itemCount: 1 });
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
  });

  it.skipIf(skipReason !== '')('RFQs emit rfq_submitted, quote_received and the accepted order', async () => {
    const rfq = await ok('POST', '/api/rfqs', buyer.token, {
      categoryId,
      title: '求购冷轧板',
      description: 'SPCC 1.0mm',
      quantity: 20,
      unit: '吨',
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
      deliveryRegion: 'east',
    });
    const quote = await ok('POST', `/api/rfqs/${rfq.id}/quotes`, supplier.token, {
      unitPrice: 500_000,
      quantity: 20,
      leadTimeDays: 3,
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const accepted = await ok<{ orderId: string }>('POST', `/api/quotes/${quote.id}/accept`, buyer.token);
    const events = (await outbox()).filter(
      (e) => e.properties.rfqId === rfq.id || e.properties.orderId === accepted.orderId,
    );
    expect(events.map((e) => e.event)).toEqual(['rfq_submitted', 'quote_received', 'order_placed']);
    expect(events[2]?.properties).toMatchObject({ source: 'quote', total: 10_000_000 });
    expect(events.every((e) => e.organizationId === buyer.organizationId)).toBe(true);
  });

  it.skipIf(skipReason !== '')(
    'operators acting for a buyer attribute to the organisation; refusals emit nothing',
    async () => {
      const { token } = await createOperatorToken(api, 'operations');
      const before = (await outbox()).length;
      const refused = await api.request('POST', '/api/orders', {
        token,
        body: { buyerId: buyer.organizationId, items: [{ productId, quantity: 1_000 }] },
      });
      expect(refused.status).toBe(409);
      expect((await outbox()).length).toBe(before);
      const order = await ok('POST', '/api/orders', token, {
        buyerId: buyer.organizationId,
        items: [{ productId, quantity: 1 }],
      });
      const placed = (await outbox()).find((e) => e.properties.orderId === order.id);
      expect(placed?.distinctId).toBe(`org:${buyer.organizationId}`);
    },
  );
});
