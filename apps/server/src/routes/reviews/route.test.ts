import { DAY_MS, manualClock } from '@tradeloop/core';
import type { Review } from '@tradeloop/schema';
import { oltpTestTargets } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOperatorToken, createOrgWithMember, type TestOrg } from '../../testing/actors.js';
import { expectRefusedWithoutWrites } from '../../testing/assertions.js';
import { startTestApi, type TestApi, type TestResponse } from '../../testing/harness.js';
import { seedCategory, seedProduct } from '../orders/fixtures.js';

const START = '2026-03-01T00:00:00.000Z';
const stars = (d: number, s: number, r: number, text = '') => ({
  ratingDescription: d,
  ratingShipping: s,
  ratingResponse: r,
  text,
});

describe.each(oltpTestTargets())('reviews and DSR API on $dialect', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  const clock = manualClock(START);
  let api: TestApi;
  let categoryId: string;
  let buyer: TestOrg;

  beforeAll(async () => {
    if (skipReason) return;
    api = await startTestApi({ dialect, skipReason, ...target }, { clock });
    categoryId = await seedCategory(api);
    buyer = await createOrgWithMember(api, { kind: 'buyer', region: 'east' });
  });
  afterAll(async () => api?.close());
  beforeEach(() => clock.set(START));

  /** An order of `supplier`'s product by `who`, moved (by the admin; returns by the buyer) through `actions`. */
  async function order(supplier: TestOrg, actions: string[], who: TestOrg = buyer): Promise<string> {
    const productId = await seedProduct(api, { supplierId: supplier.organizationId, categoryId });
    const res = await api.request('POST', '/api/orders', {
      token: who.token,
      body: { items: [{ productId, quantity: 1 }] },
    });
    expect(res.status).toBe(201);
    for (const action of actions) {
      const token = action === 'request-return' ? who.token : api.adminToken;
      expect((await api.request('POST', `/api/orders/${res.body.id}/${action}`, { token })).status).toBe(200);
    }
    return res.body.id;
  }
  const COMPLETE = ['pay', 'ship', 'deliver', 'complete'];
  const review = (orderId: string, body: unknown, token: string = buyer.token) =>
    api.request('POST', `/api/orders/${orderId}/review`, { token, body });

  const expectRefused = (send: () => Promise<TestResponse>, status: number, code: string, path?: (string | number)[]) =>
    expectRefusedWithoutWrites(api, send, status, code, path);

  it.skipIf(skipReason !== '')('lets the buyer review a completed order once', async () => {
    const supplier = await createOrgWithMember(api, { kind: 'supplier' });
    const placed = await order(supplier, []);
    await expectRefused(() => review(placed, stars(5, 5, 5)), 409, 'review_not_allowed');
    const delivered = await order(supplier, ['pay', 'ship', 'deliver']);
    await expectRefused(() => review(delivered, stars(5, 5, 5)), 409, 'review_not_allowed');
    const returned = await order(supplier, [...COMPLETE, 'request-return', 'approve-return']);
    await expectRefused(() => review(returned, stars(1, 1, 1)), 409, 'review_not_allowed');

    const done = await order(supplier, COMPLETE);
    await expectRefused(() => review(done, stars(5, 5, 5), supplier.token), 403, 'forbidden');
    const stranger = await createOrgWithMember(api, { kind: 'buyer' });
    await expectRefused(() => review(done, stars(5, 5, 5), stranger.token), 404, 'not_found');
    const analyst = await createOperatorToken(api, 'analyst');
    await expectRefused(() => review(done, stars(5, 5, 5), analyst.token), 403, 'forbidden');

    const res = await review(done, stars(5, 4, 3, '  good steel  '));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      orderId: done,
      buyerId: buyer.organizationId,
      supplierId: supplier.organizationId,
      ratingDescription: 5,
      ratingShipping: 4,
      ratingResponse: 3,
      text: 'good steel',
      createdAt: START,
    });
    await expectRefused(() => review(done, stars(1, 1, 1)), 409, 'duplicate');

    // A refused return leaves a completed order reviewable; operators with review:write review on behalf.
    const kept = await order(supplier, [...COMPLETE, 'request-return', 'refuse-return']);
    const cs = await createOperatorToken(api, 'customer_service');
    expect((await review(kept, stars(4, 4, 4), cs.token)).status).toBe(201);

    const list = await api.request('GET', `/api/reviews?supplierId=${supplier.organizationId}`, {
      token: supplier.token,
    });
    expect(list.body.total).toBe(2);
    expect(
      (await api.request('GET', `/api/reviews?supplierId=${supplier.organizationId}`, { token: stranger.token })).body
        .total,
    ).toBe(0);
  });

  it.skipIf(skipReason !== '')('refuses bad review input with a code and a path', async () => {
    const supplier = await createOrgWithMember(api, { kind: 'supplier' });
    const done = await order(supplier, COMPLETE);
    const cases: [unknown, (string | number)[]][] = [
      [stars(6, 5, 5), ['body', 'ratingDescription']],
      [stars(5, 0, 5), ['body', 'ratingShipping']],
      [stars(5, 5, 4.5), ['body', 'ratingResponse']],
      [{ ...stars(5, 5, 5), ratingResponse: '5' }, ['body', 'ratingResponse']],
      [{ ratingDescription: 5, ratingShipping: 5 }, ['body', 'ratingResponse']],
      [stars(5, 5, 5, 'x'.repeat(2001)), ['body', 'text']],
      [{ ...stars(5, 5, 5), stars: 5 }, ['body']],
    ];
    for (const [body, path] of cases) await expectRefused(() => review(done, body), 400, 'validation_failed', path);
    await expectRefused(
      () => api.request('POST', `/api/orders/${done}/review`, { token: buyer.token, rawBody: '{"ratingDescription":' }),
      400,
      'invalid_json',
      ['body'],
    );
    await expectRefused(() => review('ord_nope', stars(5, 5, 5)), 404, 'not_found');
  });

  it.skipIf(skipReason !== '')('computes the supplier DSR over a rolling window', async () => {
    const supplier = await createOrgWithMember(api, { kind: 'supplier', region: 'east' });
    const dsr = (query = '', token = api.adminToken) =>
      api.request('GET', `/api/organizations/${supplier.organizationId}/dsr${query}`, { token });
    expect((await dsr()).body).toEqual({
      supplierId: supplier.organizationId,
      windowDays: 180,
      reviewCount: 0,
      description: null,
      shipping: null,
      response: null,
    });

    // Reviews written on day 0 (old), day 100 and day 199; "now" is day 200.
    const o1 = await order(supplier, COMPLETE);
    const o2 = await order(supplier, COMPLETE);
    const o3 = await order(supplier, COMPLETE);
    const o4 = await order(supplier, COMPLETE);
    expect((await review(o1, stars(1, 1, 1))).status).toBe(201);
    clock.advance(100 * DAY_MS);
    expect((await review(o2, stars(5, 4, 4))).status).toBe(201);
    expect((await review(o3, stars(4, 4, 5))).status).toBe(201);
    clock.advance(99 * DAY_MS);
    expect((await review(o4, stars(5, 5, 3))).status).toBe(201);
    clock.advance(DAY_MS);

    const all = await dsr();
    expect(all.status).toBe(200);
    expect(all.body).toEqual({
      supplierId: supplier.organizationId,
      windowDays: 180,
      reviewCount: 3,
      description: 4.67,
      shipping: 4.33,
      response: 4,
    });
    // The day-0 review is exactly 200 days old: inside a 200-day window it is excluded (createdAt > now − days)...
    expect((await dsr('?days=200')).body.reviewCount).toBe(3);
    // ...and one day more takes it in.
    expect((await dsr('?days=201')).body).toMatchObject({
      reviewCount: 4,
      description: 3.75,
      shipping: 3.5,
      response: 3.25,
    });
    expect((await dsr('?days=30')).body).toMatchObject({ windowDays: 30, reviewCount: 1, description: 5 });

    // Any member may read a supplier's DSR; operators only within their scope (by the supplier org).
    expect((await dsr('', buyer.token)).body.reviewCount).toBe(3);
    const east = await createOperatorToken(api, 'analyst', { regions: ['east'], businessLines: '*' });
    const south = await createOperatorToken(api, 'analyst', { regions: ['south'], businessLines: '*' });
    expect((await dsr('', east.token)).status).toBe(200);
    await expectRefused(() => dsr('', south.token), 404, 'not_found');
    const southList = await api.request('GET', `/api/reviews?supplierId=${supplier.organizationId}`, {
      token: south.token,
    });
    expect(southList.body.total).toBe(0);
    const eastList = await api.request('GET', `/api/reviews?supplierId=${supplier.organizationId}&limit=2`, {
      token: east.token,
    });
    expect(eastList.body).toMatchObject({ total: 4, limit: 2, offset: 0 });
    expect(eastList.body.items.map((r: Review) => r.orderId)).toEqual([o4, o3]);

    for (const bad of ['?days=0', '?days=abc', '?days=1.5', '?window=3']) {
      const r = await dsr(bad);
      expect(r.status, bad).toBe(400);
      expect(r.body.error.code).toBe('validation_failed');
    }
    expect((await api.request('GET', '/api/organizations/org_nope/dsr')).status).toBe(404);
  });
});
