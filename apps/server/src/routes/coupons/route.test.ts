import { newId } from '@tradeloop/core';
import { oltpTestTargets } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorToken, createOrgWithMember, type TestOrg } from '../../testing/actors.js';
import { expectRefusedWithoutWrites } from '../../testing/assertions.js';
import type { RequestOptions } from '../../testing/harness.js';
import { startTestApi, type TestApi } from '../../testing/harness.js';

describe.each(oltpTestTargets())('coupons over HTTP on $dialect', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  let api: TestApi;
  let east: TestOrg;
  let west: TestOrg;
  let buyer: TestOrg;
  let eastOps: string;
  let analyst: string;
  let seq = 0;

  const expectRefused = (
    method: string,
    url: string,
    options: RequestOptions,
    status: number,
    code: string,
    path?: (string | number)[],
  ) => expectRefusedWithoutWrites(api, () => api.request(method, url, options), status, code, path);

  const body = (over: Record<string, unknown> = {}) => ({
    code: `SPRING-${++seq}`,
    name: '满 1000 减 50',
    kind: 'amount_off',
    amountOff: 5000,
    threshold: 100_000,
    validFrom: '2026-03-01T00:00:00+08:00',
    validUntil: '2026-04-01T00:00:00+08:00',
    perOrgLimit: 2,
    ...over,
  });
  async function createCoupon(token: string | undefined, over: Record<string, unknown> = {}) {
    const res = await api.request('POST', '/api/coupons', { token, body: body(over) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  beforeAll(async () => {
    if (skipReason) return;
    api = await startTestApi({ dialect, skipReason, ...target });
    east = await createOrgWithMember(api, { kind: 'supplier', region: 'east' });
    west = await createOrgWithMember(api, { kind: 'supplier', region: 'west' });
    buyer = await createOrgWithMember(api, { kind: 'buyer', region: 'east' });
    eastOps = (await createOperatorToken(api, 'operations', { regions: ['east'], businessLines: '*' })).token;
    analyst = (await createOperatorToken(api, 'analyst')).token;
  });
  afterAll(async () => api?.close());

  it.skipIf(skipReason !== '')('creates a platform coupon with the code upper-cased and UTC times', async () => {
    const c = await createCoupon(undefined, { code: 'welcome_2026' });
    expect(c).toMatchObject({
      code: 'WELCOME_2026',
      kind: 'amount_off',
      amountOff: 5000,
      percentOff: null,
      supplierId: null,
      validFrom: '2026-02-28T16:00:00.000Z',
      totalLimit: null,
      status: 'active',
      currency: 'CNY',
      redeemedCount: 0,
    });
    await expectRefused('POST', '/api/coupons', { body: body({ code: 'Welcome_2026' }) }, 409, 'duplicate', [
      'body',
      'code',
    ]);
    const found = await api.request('GET', '/api/coupons?code=welcome_2026', { token: buyer.token });
    expect(found.body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
  });

  it.skipIf(skipReason !== '')('supplier members create coupons for their own supplier only', async () => {
    const own = await createCoupon(east.token, { kind: 'percent_off', amountOff: undefined, percentOff: 5 });
    expect(own).toMatchObject({ supplierId: east.organizationId, percentOff: 5, amountOff: null });
    await expectRefused(
      'POST',
      '/api/coupons',
      { token: east.token, body: body({ supplierId: west.organizationId }) },
      403,
      'forbidden',
      ['body', 'supplierId'],
    );
    await expectRefused('POST', '/api/coupons', { token: buyer.token, body: body() }, 403, 'forbidden');
    await expectRefused('POST', '/api/coupons', { token: analyst, body: body() }, 403, 'forbidden');
    await expectRefused(
      'PATCH',
      `/api/coupons/${own.id}`,
      { token: west.token, body: { name: 'x' } },
      403,
      'forbidden',
    );
    const platform = await createCoupon(undefined);
    await expectRefused(
      'PATCH',
      `/api/coupons/${platform.id}`,
      { token: east.token, body: { name: 'x' } },
      403,
      'forbidden',
    );
    const changed = await api.request('PATCH', `/api/coupons/${own.id}`, {
      token: east.token,
      body: { percentOff: 8, status: 'disabled' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ percentOff: 8, status: 'disabled' });
    // Disabled coupons of another organisation are not visible to members.
    expect((await api.request('GET', `/api/coupons/${own.id}`, { token: buyer.token })).status).toBe(404);
  });

  it.skipIf(skipReason !== '')('operators see platform coupons and supplier coupons in their scope', async () => {
    const westCoupon = await createCoupon(undefined, { supplierId: west.organizationId });
    const eastCoupon = await createCoupon(eastOps, { supplierId: east.organizationId });
    const platform = await createCoupon(eastOps);
    const list = await api.request('GET', '/api/coupons?limit=200', { token: eastOps });
    const ids = list.body.items.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining([eastCoupon.id, platform.id]));
    expect(ids).not.toContain(westCoupon.id);
    expect((await api.request('GET', `/api/coupons/${westCoupon.id}`, { token: eastOps })).status).toBe(404);
    await expectRefused(
      'POST',
      '/api/coupons',
      { token: eastOps, body: body({ supplierId: west.organizationId }) },
      422,
      'invalid_reference',
      ['body', 'supplierId'],
    );
    await expectRefused(
      'POST',
      '/api/coupons',
      { body: body({ supplierId: buyer.organizationId }) },
      422,
      'invalid_reference',
      ['body', 'supplierId'],
    );
    const valid = await api.request('GET', '/api/coupons?validAt=2026-03-15T00:00:00Z&limit=200');
    expect(valid.body.items.map((c: { id: string }) => c.id)).toContain(platform.id);
    const expired = await api.request('GET', '/api/coupons?validAt=2026-05-01T00:00:00Z');
    expect(expired.body.total).toBe(0);
  });

  it.skipIf(skipReason !== '')('lists redemptions, scoped to who may see them', async () => {
    const c = await createCoupon(undefined);
    const otherBuyer = await createOrgWithMember(api, { kind: 'buyer', region: 'north' });
    for (const [org, amount] of [
      [buyer.organizationId, 5000],
      [otherBuyer.organizationId, 5000],
    ] as const) {
      await api.store.db
        .insertInto('couponRedemptions')
        .values({
          id: newId('crd'),
          couponId: c.id,
          organizationId: org,
          orderId: newId('ord'),
          amount,
          createdAt: '2026-03-10T00:00:00.000Z',
        })
        .execute();
    }
    const all = await api.request('GET', `/api/coupons/${c.id}/redemptions`);
    expect(all.body.total).toBe(2);
    const scoped = await api.request('GET', `/api/coupons/${c.id}/redemptions`, { token: eastOps });
    expect(scoped.body.items.map((r: { organizationId: string }) => r.organizationId)).toEqual([buyer.organizationId]);
    const mine = await api.request('GET', `/api/coupons/${c.id}/redemptions`, { token: otherBuyer.token });
    expect(mine.body.items.map((r: { organizationId: string }) => r.organizationId)).toEqual([
      otherBuyer.organizationId,
    ]);
    expect((await api.request('GET', `/api/coupons/${c.id}`)).body.redeemedCount).toBe(2);
    expect((await api.request('GET', '/api/coupons/cpn_nope/redemptions')).status).toBe(404);
  });

  it.skipIf(skipReason !== '')('refuses bad input with a code and a field path, writing nothing', async () => {
    await expectRefused('POST', '/api/coupons', { rawBody: '{"code": "A",' }, 400, 'invalid_json');
    await expectRefused('POST', '/api/coupons', { body: body({ code: 'a b' }) }, 400, 'validation_failed', [
      'body',
      'code',
    ]);
    await expectRefused('POST', '/api/coupons', { body: body({ code: 'AB' }) }, 400, 'validation_failed', [
      'body',
      'code',
    ]);
    await expectRefused(
      'POST',
      '/api/coupons',
      { body: body({ kind: 'percent_off', amountOff: undefined, percentOff: 150 }) },
      400,
      'validation_failed',
      ['body', 'percentOff'],
    );
    await expectRefused(
      'POST',
      '/api/coupons',
      { body: body({ kind: 'percent_off', amountOff: undefined }) },
      400,
      'validation_failed',
      ['body', 'percentOff'],
    );
    await expectRefused('POST', '/api/coupons', { body: body({ amountOff: undefined }) }, 400, 'validation_failed', [
      'body',
      'amountOff',
    ]);
    await expectRefused('POST', '/api/coupons', { body: body({ percentOff: 10 }) }, 400, 'validation_failed', [
      'body',
      'percentOff',
    ]);
    await expectRefused(
      'POST',
      '/api/coupons',
      { body: body({ validUntil: '2026-02-01T00:00:00Z' }) },
      400,
      'validation_failed',
      ['body', 'validUntil'],
    );
    await expectRefused('POST', '/api/coupons', { body: body({ perOrgLimit: 0 }) }, 400, 'validation_failed', [
      'body',
      'perOrgLimit',
    ]);
    await expectRefused('POST', '/api/coupons', { body: body({ threshold: -1 }) }, 400, 'validation_failed', [
      'body',
      'threshold',
    ]);
    await expectRefused('POST', '/api/coupons', { body: body({ amountOff: 'lots' }) }, 400, 'validation_failed', [
      'body',
      'amountOff',
    ]);
    await expectRefused('POST', '/api/coupons', { body: body({ stackable: true }) }, 400, 'validation_failed');
    const c = await createCoupon(undefined);
    await expectRefused(
      'PATCH',
      `/api/coupons/${c.id}`,
      { body: { validUntil: '2026-01-01T00:00:00Z' } },
      400,
      'validation_failed',
      ['body', 'validUntil'],
    );
    await expectRefused('PATCH', `/api/coupons/${c.id}`, { body: { percentOff: 10 } }, 400, 'validation_failed', [
      'body',
      'percentOff',
    ]);
    await expectRefused('PATCH', `/api/coupons/${c.id}`, { body: { code: 'NEW' } }, 400, 'validation_failed');
    await expectRefused('PATCH', '/api/coupons/cpn_nope', { body: { name: 'x' } }, 404, 'not_found');
  });
});
