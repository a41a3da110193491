import { DAY_MS, manualClock } from '@tradeloop/core';
import type { OrderItem, OrderTransition } from '@tradeloop/schema';
import { oltpTestTargets, snapshotTables } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOperatorToken, createOrgWithMember, type TestOrg } from '../../testing/actors.js';
import { expectRefusedWithoutWrites } from '../../testing/assertions.js';
import { startTestApi, type TestApi, type TestResponse } from '../../testing/harness.js';
import { seedBundle, seedCategory, seedCoupon, seedProduct, seedPromotion, stockOf } from './fixtures.js';

const START = '2026-03-01T00:00:00.000Z';

describe.each(oltpTestTargets())('orders API on $dialect', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  const clock = manualClock(START);
  let api: TestApi;
  let categoryId: string;
  let buyer: TestOrg;
  let supplier: TestOrg;

  beforeAll(async () => {
    if (skipReason) return;
    api = await startTestApi({ dialect, skipReason, ...target }, { clock });
    categoryId = await seedCategory(api);
    buyer = await createOrgWithMember(api, { kind: 'buyer', region: 'east' });
    supplier = await createOrgWithMember(api, { kind: 'supplier', region: 'east' });
  });
  afterAll(async () => api?.close());
  beforeEach(() => clock.set(START));

  const product = (over: Partial<Parameters<typeof seedProduct>[1]> = {}) =>
    seedProduct(api, { supplierId: supplier.organizationId, categoryId, ...over });

  const place = (body: unknown, token: string | null = buyer.token, headers?: Record<string, string>) =>
    api.request('POST', '/api/orders', { token, body, ...(headers ? { headers } : {}) });

  /** Places a one-line order as the buyer and moves it (as admin) through the given actions. */
  async function orderIn(actions: string[], quantity = 1, productId?: string): Promise<string> {
    const pid = productId ?? (await product());
    const res = await place({ items: [{ productId: pid, quantity }] });
    expect(res.status).toBe(201);
    for (const action of actions) {
      // Returns are the buyer's to request; the admin token makes every other move.
      const token = action === 'request-return' ? buyer.token : api.adminToken;
      const r = await api.request('POST', `/api/orders/${res.body.id}/${action}`, { token });
      expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
    }
    return res.body.id;
  }

  /** Expects a refusal with this status, code and path, and that nothing was written. */
  const expectRefused = async (
    send: () => Promise<TestResponse>,
    status: number,
    code: string,
    path?: (string | number)[],
  ) => (await expectRefusedWithoutWrites(api, send, status, code, path)).body.error;

  describe('placement', () => {
    it.skipIf(skipReason !== '')('prices from tiers and enforces the MOQ', async () => {
      const pid = await product({
        moq: 10,
        stock: 500,
        tiers: [
          { minQuantity: 10, unitPrice: 500 },
          { minQuantity: 100, unitPrice: 450 },
        ],
      });
      const error = await expectRefused(() => place({ items: [{ productId: pid, quantity: 9 }] }), 422, 'below_moq', [
        'body',
        'items',
        0,
        'quantity',
      ]);
      expect(error.details.moq).toBe(10);

      const small = await place({ items: [{ productId: pid, quantity: 99 }] });
      expect(small.status).toBe(201);
      expect(small.body.items[0]).toMatchObject({ quantity: 99, listUnitPrice: 500, unitPrice: 500, lineTotal: 49500 });
      const big = await place({ items: [{ productId: pid, quantity: 100 }], note: 'urgent' });
      expect(big.status).toBe(201);
      expect(big.body).toMatchObject({
        status: 'placed',
        buyerId: buyer.organizationId,
        supplierId: supplier.organizationId,
        subtotal: 45000,
        discount: 0,
        total: 45000,
        note: 'urgent',
        currency: 'CNY',
      });
      expect(big.body.items[0]).toMatchObject({ unitPrice: 450, promotionId: null });
      expect(big.body.transitions).toEqual([
        expect.objectContaining({
          fromStatus: null,
          toStatus: 'placed',
          actorKind: 'member',
          actorId: buyer.contactId,
        }),
      ]);
      expect(await stockOf(api, pid)).toBe(500 - 99 - 100);
    });

    it.skipIf(skipReason !== '')('applies the best running promotion and a coupon', async () => {
      const pid = await product({ tiers: [{ minQuantity: 1, unitPrice: 1000 }] });
      await seedPromotion(api, {
        productId: pid,
        kind: 'percent_off',
        percentOff: 10,
        startsAt: '2026-02-01T00:00:00.000Z',
        endsAt: '2026-04-01T00:00:00.000Z',
      });
      await seedPromotion(api, {
        productId: pid,
        kind: 'price',
        unitPrice: 850,
        startsAt: '2026-02-01T00:00:00.000Z',
        endsAt: '2026-03-01T00:00:00.000Z', // ended exactly now: not running
      });
      const coupon = await seedCoupon(api, { kind: 'percent_off', percentOff: 5, threshold: 10000 });
      const res = await place({ items: [{ productId: pid, quantity: 20 }], couponCode: coupon.code.toLowerCase() });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.items[0]).toMatchObject({ listUnitPrice: 1000, unitPrice: 900, lineTotal: 18000 });
      expect(res.body).toMatchObject({ subtotal: 18000, discount: 900, total: 17100, couponId: coupon.id });
      const redemptions = await api.store.db
        .selectFrom('couponRedemptions')
        .selectAll()
        .where('orderId', '=', res.body.id)
        .execute();
      expect(redemptions).toEqual([
        expect.objectContaining({ couponId: coupon.id, organizationId: buyer.organizationId, amount: 900 }),
      ]);
    });

    it.skipIf(skipReason !== '')('prices a bundle as a set spread over its lines, without MOQ', async () => {
      const a = await product({ moq: 50, tiers: [{ minQuantity: 50, unitPrice: 300 }], stock: 100 });
      const b = await product({ moq: 50, tiers: [{ minQuantity: 50, unitPrice: 100 }], stock: 100 });
      const bundleId = await seedBundle(api, {
        supplierId: supplier.organizationId,
        price: 1001,
        items: [
          { productId: a, quantity: 2 },
          { productId: b, quantity: 3 },
        ],
      });
      const res = await place({ items: [], bundles: [{ bundleId, quantity: 3 }] });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.subtotal).toBe(3003);
      expect(res.body.items.map((i: OrderItem) => [i.productId, i.bundleId, i.quantity])).toEqual([
        [a, bundleId, 6],
        [b, bundleId, 9],
      ]);
      expect(res.body.items.reduce((s: number, i: OrderItem) => s + i.lineTotal, 0)).toBe(3003);
      expect(await stockOf(api, a)).toBe(94);
      expect(await stockOf(api, b)).toBe(91);

      const ended = await seedBundle(api, {
        supplierId: supplier.organizationId,
        price: 500,
        items: [{ productId: a, quantity: 1 }],
        endsAt: START,
      });
      await expectRefused(
        () => place({ items: [], bundles: [{ bundleId: ended, quantity: 1 }] }),
        422,
        'product_unavailable',
        ['body', 'bundles', 0, 'bundleId'],
      );
      await expectRefused(
        () => place({ items: [], bundles: [{ bundleId, quantity: 50 }] }),
        409,
        'insufficient_stock',
        ['body', 'bundles', 0, 'quantity'],
      );
    });

    it.skipIf(skipReason !== '')('refuses unavailable products, mixed suppliers and short stock', async () => {
      const other = await createOrgWithMember(api, { kind: 'supplier' });
      const ok = await product({ stock: 5 });
      const inactive = await product({ status: 'inactive' });
      const foreign = await seedProduct(api, { supplierId: other.organizationId, categoryId });
      await expectRefused(
        () =>
          place({
            items: [
              { productId: ok, quantity: 1 },
              { productId: 'prd_nope', quantity: 1 },
            ],
          }),
        422,
        'product_unavailable',
        ['body', 'items', 1, 'productId'],
      );
      await expectRefused(() => place({ items: [{ productId: inactive, quantity: 1 }] }), 422, 'product_unavailable', [
        'body',
        'items',
        0,
        'productId',
      ]);
      await expectRefused(
        () =>
          place({
            items: [
              { productId: ok, quantity: 1 },
              { productId: foreign, quantity: 1 },
            ],
          }),
        422,
        'mixed_suppliers',
        ['body', 'items', 1, 'productId'],
      );
      const error = await expectRefused(
        () => place({ items: [{ productId: ok, quantity: 6 }] }),
        409,
        'insufficient_stock',
        ['body', 'items', 0, 'quantity'],
      );
      expect(error.details.available).toBe(5);
    });

    it.skipIf(skipReason !== '')('refuses every kind of bad coupon, writing nothing', async () => {
      const pid = await product({ tiers: [{ minQuantity: 1, unitPrice: 1000 }] });
      const items = [{ productId: pid, quantity: 10 }]; // subtotal 10000
      const path = ['body', 'couponCode'];
      const withCoupon =
        (code: string, token = buyer.token) =>
        () =>
          place({ items, couponCode: code }, token);

      await expectRefused(withCoupon('NOSUCHCODE'), 422, 'coupon_invalid', path);
      const disabled = await seedCoupon(api, { status: 'disabled' });
      await expectRefused(withCoupon(disabled.code), 422, 'coupon_invalid', path);
      const future = await seedCoupon(api, { validFrom: '2026-03-01T00:00:00.001Z' });
      await expectRefused(withCoupon(future.code), 422, 'coupon_not_started', path);
      const expired = await seedCoupon(api, { validUntil: START });
      await expectRefused(withCoupon(expired.code), 422, 'coupon_expired', path);
      const high = await seedCoupon(api, { threshold: 10001 });
      const e = await expectRefused(withCoupon(high.code), 422, 'coupon_threshold_not_met', path);
      expect(e.details).toEqual({ threshold: 10001, subtotal: 10000 });
      const otherSupplier = await createOrgWithMember(api, { kind: 'supplier' });
      const foreign = await seedCoupon(api, { supplierId: otherSupplier.organizationId });
      await expectRefused(withCoupon(foreign.code), 422, 'coupon_not_applicable', path);

      const once = await seedCoupon(api, { perOrgLimit: 1 });
      expect((await withCoupon(once.code)()).status).toBe(201);
      const perOrg = await expectRefused(withCoupon(once.code), 409, 'coupon_limit_reached', path);
      expect(perOrg.details.perOrgLimit).toBe(1);

      const scarce = await seedCoupon(api, { perOrgLimit: 5, totalLimit: 1 });
      const buyer2 = await createOrgWithMember(api, { kind: 'buyer' });
      expect((await withCoupon(scarce.code, buyer2.token)()).status).toBe(201);
      const total = await expectRefused(withCoupon(scarce.code), 409, 'coupon_limit_reached', path);
      expect(total.details.totalLimit).toBe(1);

      // The exact boundaries are accepted: validFrom == now and threshold == subtotal.
      const exact = await seedCoupon(api, { validFrom: START, threshold: 10000 });
      expect((await withCoupon(exact.code)()).status).toBe(201);
    });

    it.skipIf(skipReason !== '')('never oversells under concurrent placements', async () => {
      const pid = await product({ stock: 10 });
      const buyers = await Promise.all([1, 2, 3].map(() => createOrgWithMember(api, { kind: 'buyer' })));
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          place({ items: [{ productId: pid, quantity: 1 }] }, (buyers[i % 3] as TestOrg).token),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(10);
      expect(statuses.filter((s) => s === 409)).toHaveLength(20);
      for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('insufficient_stock');
      expect(await stockOf(api, pid)).toBe(0);
      const lines = await api.store.db
        .selectFrom('orderItems')
        .select('quantity')
        .where('productId', '=', pid)
        .execute();
      expect(lines).toHaveLength(10);
    });

    it.skipIf(skipReason !== '')('never exceeds a coupon total limit under concurrent placements', async () => {
      const pid = await product({ stock: 100 });
      const coupon = await seedCoupon(api, { perOrgLimit: 100, totalLimit: 3 });
      const results = await Promise.all(
        Array.from({ length: 12 }, () => place({ items: [{ productId: pid, quantity: 1 }], couponCode: coupon.code })),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(3);
      for (const r of results.filter((x) => x.status !== 201)) expect(r.body.error.code).toBe('coupon_limit_reached');
      const used = await api.store.db
        .selectFrom('couponRedemptions')
        .select('id')
        .where('couponId', '=', coupon.id)
        .execute();
      expect(used).toHaveLength(3);
    });

    it.skipIf(skipReason !== '')('replays a retried request and refuses a reused key', async () => {
      const pid = await product({ stock: 100 });
      const body = { items: [{ productId: pid, quantity: 2 }] };
      const key = { 'idempotency-key': `key-${pid}` };
      const first = await place(body, buyer.token, key);
      expect(first.status).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();

      const before = await snapshotTables(api.store);
      const again = await place(body, buyer.token, key);
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await snapshotTables(api.store)).toEqual(before);

      await expectRefused(
        () => place({ items: [{ productId: pid, quantity: 3 }] }, buyer.token, key),
        409,
        'idempotency_key_reused',
        ['headers', 'idempotency-key'],
      );
      // The admin ordering for the same buyer with the same key and body is the same request.
      const onBehalf = await place({ ...body, buyerId: buyer.organizationId }, api.adminToken, key);
      expect(onBehalf.status).toBe(200);
      expect(onBehalf.body.id).toBe(first.body.id);
      // Keys are scoped to the buyer: another buyer may use the same key.
      const other = await createOrgWithMember(api, { kind: 'buyer' });
      expect((await place(body, other.token, key)).status).toBe(201);
      await expectRefused(
        () => place(body, buyer.token, { 'idempotency-key': 'k'.repeat(101) }),
        400,
        'validation_failed',
      );
    });

    it.skipIf(skipReason !== '')('answers concurrent retries with one order', async () => {
      const pid = await product({ stock: 100 });
      const body = { items: [{ productId: pid, quantity: 1 }] };
      const key = { 'idempotency-key': `race-${pid}` };
      const results = await Promise.all(Array.from({ length: 8 }, () => place(body, buyer.token, key)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      expect(await stockOf(api, pid)).toBe(99);
    });

    it.skipIf(skipReason !== '')('refuses bad input with a code and a path, writing nothing', async () => {
      const pid = await product();
      const cases: [unknown, (string | number)[]][] = [
        [{ items: [{ productId: pid, quantity: 0 }] }, ['body', 'items', 0, 'quantity']],
        [{ items: [{ productId: pid, quantity: 1_000_000_000 }] }, ['body', 'items', 0, 'quantity']],
        [{ items: [{ productId: pid, quantity: 1.5 }] }, ['body', 'items', 0, 'quantity']],
        [{ items: [{ productId: pid, quantity: '5' }] }, ['body', 'items', 0, 'quantity']],
        [{ items: [{ productId: 5, quantity: 1 }] }, ['body', 'items', 0, 'productId']],
        [{ items: [{ productId: pid, quantity: 1, price: 1 }] }, ['body', 'items', 0]],
        [{ items: [{ productId: pid, quantity: 1 }], discount: 100 }, ['body']],
        [{ items: [] }, ['body', 'items']],
        [{ items: 'all' }, ['body', 'items']],
        [{ items: [{ productId: pid, quantity: 1 }], couponCode: 7 }, ['body', 'couponCode']],
      ];
      for (const [body, path] of cases) {
        const error = await expectRefused(() => place(body), 400, 'validation_failed');
        expect(error.path, JSON.stringify(body)).toEqual(path);
      }
      await expectRefused(
        () => api.request('POST', '/api/orders', { token: buyer.token, rawBody: '{"items": [' }),
        400,
        'invalid_json',
        ['body'],
      );
      // Operators and the admin token must say for whom they order.
      await expectRefused(
        () => place({ items: [{ productId: pid, quantity: 1 }] }, api.adminToken),
        400,
        'validation_failed',
        ['body', 'buyerId'],
      );
      await expectRefused(
        () => place({ buyerId: supplier.organizationId, items: [{ productId: pid, quantity: 1 }] }, api.adminToken),
        422,
        'invalid_reference',
        ['body', 'buyerId'],
      );
      // Suppliers do not buy; members do not order for others.
      await expectRefused(() => place({ items: [{ productId: pid, quantity: 1 }] }, supplier.token), 403, 'forbidden');
      const other = await createOrgWithMember(api, { kind: 'buyer' });
      await expectRefused(
        () => place({ buyerId: other.organizationId, items: [{ productId: pid, quantity: 1 }] }),
        403,
        'forbidden',
        ['body', 'buyerId'],
      );
      const analyst = await createOperatorToken(api, 'analyst');
      await expectRefused(
        () => place({ buyerId: buyer.organizationId, items: [{ productId: pid, quantity: 1 }] }, analyst.token),
        403,
        'forbidden',
      );
    });
  });

  describe('state machine', () => {
    it.skipIf(skipReason !== '')('walks every legal transition, recording actor and time', async () => {
      const sales = await createOperatorToken(api, 'sales');
      const pid = await product();
      const res = await place({ items: [{ productId: pid, quantity: 1 }] });
      const id = res.body.id as string;
      const step = async (action: string, token: string, status: string) => {
        clock.advance(60_000);
        const r = await api.request('POST', `/api/orders/${id}/${action}`, { token, body: { reason: `${action}!` } });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        expect(r.body.status).toBe(status);
        return r.body;
      };
      await step('pay', buyer.token, 'paid');
      await step('ship', supplier.token, 'shipped');
      await step('deliver', buyer.token, 'delivered');
      await step('complete', buyer.token, 'completed');
      await step('request-return', buyer.token, 'return_requested');
      const last = await step('approve-return', sales.token, 'returned');
      expect(last.transitions.map((t: OrderTransition) => [t.fromStatus, t.toStatus, t.actorKind, t.actorId])).toEqual([
        [null, 'placed', 'member', buyer.contactId],
        ['placed', 'paid', 'member', buyer.contactId],
        ['paid', 'shipped', 'member', supplier.contactId],
        ['shipped', 'delivered', 'member', buyer.contactId],
        ['delivered', 'completed', 'member', buyer.contactId],
        ['completed', 'return_requested', 'member', buyer.contactId],
        ['return_requested', 'returned', 'operator', sales.operatorId],
      ]);
      expect(last.transitions[1]).toMatchObject({ reason: 'pay!', at: '2026-03-01T00:01:00.000Z' });
      expect(last).toMatchObject({
        paidAt: '2026-03-01T00:01:00.000Z',
        shippedAt: '2026-03-01T00:02:00.000Z',
        deliveredAt: '2026-03-01T00:03:00.000Z',
        completedAt: '2026-03-01T00:04:00.000Z',
      });
      const get = await api.request('GET', `/api/orders/${id}`, { token: supplier.token });
      expect(get.body.transitions).toHaveLength(7);
      expect(await stockOf(api, pid)).toBe(1000);

      // The other branches.
      expect(await orderIn(['cancel'])).toBeTruthy();
      expect(await orderIn(['pay', 'cancel'])).toBeTruthy();
      const refused = await orderIn(['pay', 'ship', 'deliver', 'request-return', 'refuse-return', 'complete']);
      expect((await api.request('GET', `/api/orders/${refused}`)).body.status).toBe('completed');
      const refusedAfterCompletion = await orderIn(['pay', 'ship', 'deliver', 'complete', 'request-return']);
      const r = await api.request('POST', `/api/orders/${refusedAfterCompletion}/refuse-return`, {
        token: supplier.token,
      });
      expect(r.body.status).toBe('return_refused');
      // It was completed before: completing again is not a move the machine has.
      const again = await api.request('POST', `/api/orders/${refusedAfterCompletion}/complete`);
      expect(again.status).toBe(409);
      expect(again.body.error.details).toEqual({ from: 'return_refused', to: 'completed', allowed: [] });
    });

    it.skipIf(skipReason !== '')('refuses every illegal transition with 409 and writes nothing', async () => {
      const paths: Record<string, string[]> = {
        placed: [],
        paid: ['pay'],
        shipped: ['pay', 'ship'],
        delivered: ['pay', 'ship', 'deliver'],
        completed: ['pay', 'ship', 'deliver', 'complete'],
        cancelled: ['cancel'],
        return_requested: ['pay', 'ship', 'deliver', 'request-return'],
        returned: ['pay', 'ship', 'deliver', 'request-return', 'approve-return'],
        return_refused: ['pay', 'ship', 'deliver', 'request-return', 'refuse-return'],
      };
      const legal: Record<string, string[]> = {
        placed: ['pay', 'cancel'],
        paid: ['ship', 'cancel'],
        shipped: ['deliver'],
        delivered: ['complete', 'request-return'],
        completed: ['request-return'],
        cancelled: [],
        return_requested: ['approve-return', 'refuse-return'],
        returned: [],
        return_refused: ['complete'],
      };
      const target: Record<string, string> = {
        pay: 'paid',
        ship: 'shipped',
        deliver: 'delivered',
        complete: 'completed',
        cancel: 'cancelled',
        'request-return': 'return_requested',
        'approve-return': 'returned',
        'refuse-return': 'return_refused',
      };
      const actions = Object.keys(target);
      for (const [status, walk] of Object.entries(paths)) {
        const id = await orderIn(walk);
        expect((await api.request('GET', `/api/orders/${id}`)).body.status).toBe(status);
        for (const action of actions.filter((a) => !(legal[status] ?? []).includes(a))) {
          // request-return is the buyer's; everything else is tried as the admin (who may do any legal move).
          const token = action === 'request-return' ? buyer.token : api.adminToken;
          const error = await expectRefused(
            () => api.request('POST', `/api/orders/${id}/${action}`, { token }),
            409,
            'illegal_transition',
          );
          expect(error.details).toEqual({
            from: status,
            to: target[action],
            allowed: (legal[status] ?? []).map((a) => target[a]),
          });
        }
      }
    });

    it.skipIf(skipReason !== '')('lets only the right party make each move', async () => {
      const placed = await orderIn([]);
      await expectRefused(
        () => api.request('POST', `/api/orders/${placed}/pay`, { token: supplier.token }),
        403,
        'forbidden',
      );
      const analyst = await createOperatorToken(api, 'analyst');
      await expectRefused(
        () => api.request('POST', `/api/orders/${placed}/pay`, { token: analyst.token }),
        403,
        'forbidden',
      );
      const paid = await orderIn(['pay']);
      await expectRefused(
        () => api.request('POST', `/api/orders/${paid}/ship`, { token: buyer.token }),
        403,
        'forbidden',
      );
      await expectRefused(
        () => api.request('POST', `/api/orders/${paid}/cancel`, { token: buyer.token }),
        403,
        'forbidden',
      );
      const delivered = await orderIn(['pay', 'ship', 'deliver']);
      await expectRefused(
        () => api.request('POST', `/api/orders/${delivered}/complete`, { token: supplier.token }),
        403,
        'forbidden',
      );
      await expectRefused(() => api.request('POST', `/api/orders/${delivered}/request-return`), 403, 'forbidden');
      const stranger = await createOrgWithMember(api, { kind: 'both' });
      await expectRefused(
        () => api.request('POST', `/api/orders/${delivered}/complete`, { token: stranger.token }),
        404,
        'not_found',
      );
      await expectRefused(
        () => api.request('POST', `/api/orders/${delivered}/complete`, { body: { reason: 'x', extra: 1 } }),
        400,
        'validation_failed',
      );
    });

    it.skipIf(skipReason !== '')('accepts a return exactly 7 days after delivery and refuses one later', async () => {
      const onTime = await orderIn(['pay', 'ship', 'deliver']);
      const late = await orderIn(['pay', 'ship', 'deliver', 'complete']);
      clock.advance(7 * DAY_MS);
      const ok = await api.request('POST', `/api/orders/${onTime}/request-return`, { token: buyer.token });
      expect(ok.status).toBe(200);
      expect(ok.body.status).toBe('return_requested');
      clock.advance(1);
      const error = await expectRefused(
        () => api.request('POST', `/api/orders/${late}/request-return`, { token: buyer.token }),
        422,
        'return_window_closed',
      );
      expect(error.details).toEqual({ deliveredAt: START, windowDays: 7 });
    });

    it.skipIf(skipReason !== '')('cancelling restores the stock and gives the coupon back', async () => {
      const pid = await product({ stock: 50 });
      const coupon = await seedCoupon(api, { perOrgLimit: 1, totalLimit: 1 });
      const body = { items: [{ productId: pid, quantity: 20 }], couponCode: coupon.code };
      const first = await place(body);
      expect(first.status).toBe(201);
      expect(await stockOf(api, pid)).toBe(30);
      expect((await place(body)).body.error.code).toBe('coupon_limit_reached');
      const cancelled = await api.request('POST', `/api/orders/${first.body.id}/cancel`, {
        token: supplier.token,
        body: { reason: 'out of season' },
      });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledAt: START });
      expect(await stockOf(api, pid)).toBe(50);
      expect(
        await api.store.db.selectFrom('couponRedemptions').select('id').where('couponId', '=', coupon.id).execute(),
      ).toHaveLength(0);
      const second = await place(body);
      expect(second.status).toBe(201);
      expect(second.body.discount).toBe(1000);
    });

    it.skipIf(skipReason !== '')('earns points on completion and revokes them on return', async () => {
      const member = await createOrgWithMember(api, { kind: 'buyer' });
      const pid = await product({ tiers: [{ minQuantity: 1, unitPrice: 12_345 }] });
      const res = await place({ items: [{ productId: pid, quantity: 10 }] }, member.token); // 123 450 fen
      const id = res.body.id;
      for (const action of ['pay', 'ship', 'deliver']) await api.request('POST', `/api/orders/${id}/${action}`);
      const done = await api.request('POST', `/api/orders/${id}/complete`, { token: member.token });
      expect(done.body.pointsEarned).toBe(1234);
      const ledger = () =>
        api.store.db
          .selectFrom('pointsLedger')
          .select(['kind', 'delta', 'remaining'])
          .where('organizationId', '=', member.organizationId)
          .orderBy('id')
          .execute();
      expect(await ledger()).toEqual([{ kind: 'earn', delta: 1234, remaining: 1234 }]);
      await api.request('POST', `/api/orders/${id}/request-return`, { token: member.token });
      const returned = await api.request('POST', `/api/orders/${id}/approve-return`, { token: supplier.token });
      expect(returned.body.status).toBe('returned');
      expect(await ledger()).toEqual([
        { kind: 'earn', delta: 1234, remaining: 0 },
        { kind: 'revoke', delta: -1234, remaining: 0 },
      ]);
      expect(await stockOf(api, pid)).toBe(1000);
    });
  });

  it.skipIf(skipReason !== '')('documents the order and review routes in the OpenAPI document', async () => {
    const spec = await api.request('GET', '/openapi.json', { token: null });
    const paths = Object.keys(spec.body.paths);
    for (const path of [
      '/api/orders',
      '/api/orders/{id}',
      '/api/orders/{id}/pay',
      '/api/orders/{id}/refuse-return',
      '/api/orders/{id}/review',
      '/api/reviews',
      '/api/organizations/{id}/dsr',
    ]) {
      expect(paths).toContain(path);
    }
    expect(spec.body.paths['/api/orders'].post.description).toContain('Idempotent-Replayed');
  });

  describe('reads and scope', () => {
    it.skipIf(skipReason !== '')('an operator scoped to east never sees a southwest buyer’s orders', async () => {
      const eastBuyer = await createOrgWithMember(api, { kind: 'buyer', region: 'east' });
      const westBuyer = await createOrgWithMember(api, { kind: 'buyer', region: 'southwest' });
      const pid = await product();
      const eastOrder = await place({ items: [{ productId: pid, quantity: 1 }] }, eastBuyer.token);
      const westOrder = await place({ items: [{ productId: pid, quantity: 1 }] }, westBuyer.token);
      const east = await createOperatorToken(api, 'sales', { regions: ['east'], businessLines: '*' });

      const list = await api.request('GET', '/api/orders?limit=200', { token: east.token });
      expect(list.status).toBe(200);
      const ids = list.body.items.map((o: { id: string }) => o.id);
      expect(ids).toContain(eastOrder.body.id);
      expect(ids).not.toContain(westOrder.body.id);
      const filtered = await api.request('GET', `/api/orders?buyerId=${westBuyer.organizationId}`, {
        token: east.token,
      });
      expect(filtered.body).toMatchObject({ items: [], total: 0 });
      await expectRefused(
        () => api.request('GET', `/api/orders/${westOrder.body.id}`, { token: east.token }),
        404,
        'not_found',
      );
      await expectRefused(
        () => api.request('POST', `/api/orders/${westOrder.body.id}/pay`, { token: east.token }),
        404,
        'not_found',
      );
      await expectRefused(
        () => place({ buyerId: westBuyer.organizationId, items: [{ productId: pid, quantity: 1 }] }, east.token),
        422,
        'invalid_reference',
        ['body', 'buyerId'],
      );
      // The supplier (east) sees both orders: members see orders where they are buyer or supplier.
      const mine = await api.request('GET', `/api/orders?limit=200&supplierId=${supplier.organizationId}`, {
        token: supplier.token,
      });
      expect(mine.body.items.map((o: { id: string }) => o.id)).toEqual(
        expect.arrayContaining([eastOrder.body.id, westOrder.body.id]),
      );
      const theirs = await api.request('GET', '/api/orders', { token: eastBuyer.token });
      expect(theirs.body.items.map((o: { id: string }) => o.id)).toEqual([eastOrder.body.id]);
      expect((await api.request('GET', `/api/orders/${westOrder.body.id}`, { token: eastBuyer.token })).status).toBe(
        404,
      );
    });

    it.skipIf(skipReason !== '')('filters by status and placement time', async () => {
      const member = await createOrgWithMember(api, { kind: 'buyer' });
      const pid = await product();
      const a = await place({ items: [{ productId: pid, quantity: 1 }] }, member.token);
      clock.advance(DAY_MS);
      const b = await place({ items: [{ productId: pid, quantity: 1 }] }, member.token);
      await api.request('POST', `/api/orders/${b.body.id}/pay`, { token: member.token });
      const q = (s: string) => api.request('GET', `/api/orders?buyerId=${member.organizationId}&${s}`);
      expect((await q('')).body.items.map((o: { id: string }) => o.id)).toEqual([b.body.id, a.body.id]);
      expect((await q('status=paid')).body.items.map((o: { id: string }) => o.id)).toEqual([b.body.id]);
      expect((await q('placedTo=2026-03-01T12:00:00Z')).body.items.map((o: { id: string }) => o.id)).toEqual([
        a.body.id,
      ]);
      expect((await q('placedFrom=2026-03-01T12:00:00%2B08:00')).body.items.map((o: { id: string }) => o.id)).toEqual([
        b.body.id,
      ]);
      const limited = await q('limit=1&offset=1');
      expect(limited.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
      expect(limited.body.items.map((o: { id: string }) => o.id)).toEqual([a.body.id]);
      for (const bad of ['status=lost', 'placedFrom=yesterday', 'limit=0', 'color=red']) {
        const r = await q(bad);
        expect(r.status, bad).toBe(400);
        expect(r.body.error.code).toBe('validation_failed');
        expect(r.body.error.path[0]).toBe('querystring');
      }
      expect((await api.request('GET', '/api/orders/ord_nope')).status).toBe(404);
    });

    it.skipIf(skipReason !== '')(
      'sorts by placement time or total, either way, and refuses an unknown sort',
      async () => {
        const member = await createOrgWithMember(api, { kind: 'buyer' });
        const pid = await product();
        const ids: string[] = [];
        // Placed one hour apart, totals 3, 7 and 5 units of 10 yuan.
        for (const quantity of [3, 7, 5]) {
          clock.advance(3_600_000);
          const res = await place({ items: [{ productId: pid, quantity }] }, member.token);
          expect(res.status, JSON.stringify(res.body)).toBe(201);
          ids.push(res.body.id);
        }
        const [first, second, third] = ids;
        const list = async (sort?: string) => {
          const res = await api.request(
            'GET',
            `/api/orders?buyerId=${member.organizationId}${sort ? `&sort=${encodeURIComponent(sort)}` : ''}`,
          );
          expect(res.status, JSON.stringify(res.body)).toBe(200);
          return res.body.items.map((o: { id: string }) => o.id);
        };
        expect(await list()).toEqual([third, second, first]); // newest first by default
        expect(await list('placedAt')).toEqual([first, second, third]);
        expect(await list('-total')).toEqual([second, third, first]);
        expect(await list('total')).toEqual([first, third, second]);
        const page = await api.request(
          'GET',
          `/api/orders?buyerId=${member.organizationId}&sort=total&limit=1&offset=2`,
        );
        expect(page.body).toMatchObject({ total: 3, limit: 1, offset: 2 });
        expect(page.body.items.map((o: { id: string }) => o.id)).toEqual([second]);
        await expectRefused(() => api.request('GET', '/api/orders?sort=status'), 400, 'validation_failed', [
          'querystring',
          'sort',
        ]);
      },
    );
  });
});
