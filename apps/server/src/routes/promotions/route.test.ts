import { DAY_MS, manualClock } from '@tradeloop/core';
import { oltpTestTargets } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorToken, createOrgWithMember, type TestOrg } from '../../testing/actors.js';
import { expectRefusedWithoutWrites } from '../../testing/assertions.js';
import type { RequestOptions } from '../../testing/harness.js';
import { startTestApi, type TestApi } from '../../testing/harness.js';

const START = '2026-06-01T00:00:00.000Z';
const inDays = (days: number): string => new Date(Date.parse(START) + days * DAY_MS).toISOString();

describe.each(oltpTestTargets())('promotions over HTTP on $dialect', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  const clock = manualClock(START);
  let api: TestApi;
  let supplierA: TestOrg;
  let supplierB: TestOrg;
  let buyer: TestOrg;
  let marketer: string;
  let analyst: string;
  let productA: string;
  let productA2: string;
  let productB: string;

  const body = (over: Record<string, unknown> = {}) => ({
    name: '618 限时活动',
    kind: 'price',
    startsAt: inDays(1),
    endsAt: inDays(8),
    products: [{ productId: productA, unitPrice: 900 }],
    ...over,
  });

  const expectRefused = (
    method: string,
    url: string,
    options: RequestOptions,
    status: number,
    code: string,
    path?: (string | number)[],
  ) => expectRefusedWithoutWrites(api, () => api.request(method, url, options), status, code, path);

  beforeAll(async () => {
    if (skipReason) return;
    api = await startTestApi({ dialect, skipReason, ...target }, { clock });
    supplierA = await createOrgWithMember(api, { kind: 'supplier', region: 'east' });
    supplierB = await createOrgWithMember(api, { kind: 'supplier', region: 'south' });
    buyer = await createOrgWithMember(api, { kind: 'buyer' });
    marketer = (await createOperatorToken(api, 'operations', { regions: ['north'], businessLines: '*' })).token;
    analyst = (await createOperatorToken(api, 'analyst')).token;
    const cat = await api.request('POST', '/api/categories', { body: { name: '钢材' } });
    const product = async (org: TestOrg) => {
      const res = await api.request('POST', '/api/products', {
        token: org.token,
        body: {
          categoryId: cat.body.id,
          title: '冷轧板',
          unit: '吨',
          moq: 1,
          stock: 10,
          status: 'active',
          tiers: [{ minQuantity: 1, unitPrice: 1000 }],
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    productA = await product(supplierA);
    productA2 = await product(supplierA);
    productB = await product(supplierB);
  });
  afterAll(async () => api?.close());

  it.skipIf(skipReason !== '')('operators with marketing:write promote any product', async () => {
    const res = await api.request('POST', '/api/promotions', {
      token: marketer,
      body: body({
        products: [
          { productId: productA, unitPrice: 900 },
          { productId: productB, unitPrice: 800 },
        ],
      }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ kind: 'price', status: 'active', percentOff: null, startsAt: inDays(1) });
    expect(res.body.products).toHaveLength(2);
    const got = await api.request('GET', `/api/promotions/${res.body.id}`, { token: buyer.token });
    expect(got.body).toEqual(res.body);
    await expectRefused('POST', '/api/promotions', { token: analyst, body: body() }, 403, 'forbidden');
  });

  it.skipIf(skipReason !== '')('supplier members promote only their own products', async () => {
    const own = await api.request('POST', '/api/promotions', {
      token: supplierA.token,
      body: body({
        kind: 'percent_off',
        percentOff: 20,
        products: [{ productId: productA }, { productId: productA2 }],
      }),
    });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    await expectRefused(
      'POST',
      '/api/promotions',
      {
        token: supplierA.token,
        body: body({
          products: [
            { productId: productA, unitPrice: 1 },
            { productId: productB, unitPrice: 1 },
          ],
        }),
      },
      403,
      'forbidden',
      ['body', 'products', 1, 'productId'],
    );
    await expectRefused('POST', '/api/promotions', { token: buyer.token, body: body() }, 403, 'forbidden');
    // Supplier B may not change A's promotion, nor put its own products into it.
    await expectRefused(
      'PATCH',
      `/api/promotions/${own.body.id}`,
      { token: supplierB.token, body: { name: 'hijack' } },
      403,
      'forbidden',
    );
    const renamed = await api.request('PATCH', `/api/promotions/${own.body.id}`, {
      token: supplierA.token,
      body: { name: '改名', percentOff: 30 },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: '改名', percentOff: 30 });
  });

  it.skipIf(skipReason !== '')('lists promotions running at an instant', async () => {
    const later = await api.request('POST', '/api/promotions', {
      body: body({ startsAt: inDays(20), endsAt: inDays(21), name: 'later' }),
    });
    const running = await api.request('GET', `/api/promotions?activeAt=${encodeURIComponent(inDays(2))}&limit=200`);
    const ids = running.body.items.map((p: { id: string }) => p.id);
    expect(ids).not.toContain(later.body.id);
    expect(running.body.total).toBeGreaterThan(0);
    const at20 = await api.request('GET', `/api/promotions?activeAt=${encodeURIComponent(inDays(20))}`);
    expect(at20.body.items.map((p: { id: string }) => p.id)).toEqual([later.body.id]);
    const atEnd = await api.request('GET', `/api/promotions?activeAt=${encodeURIComponent(inDays(21))}`);
    expect(atEnd.body.total).toBe(0);
    const byProduct = await api.request('GET', `/api/promotions?productId=${productB}`);
    expect(
      byProduct.body.items.every((p: { products: { productId: string }[] }) =>
        p.products.some((x) => x.productId === productB),
      ),
    ).toBe(true);
  });

  it.skipIf(skipReason !== '')('refuses bad input with a code and a field path, writing nothing', async () => {
    await expectRefused('POST', '/api/promotions', { rawBody: '{"name":' }, 400, 'invalid_json');
    await expectRefused(
      'POST',
      '/api/promotions',
      { body: body({ kind: 'percent_off', percentOff: 150, products: [{ productId: productA }] }) },
      400,
      'validation_failed',
      ['body', 'percentOff'],
    );
    await expectRefused(
      'POST',
      '/api/promotions',
      { body: body({ kind: 'percent_off', products: [{ productId: productA }] }) },
      400,
      'validation_failed',
      ['body', 'percentOff'],
    );
    await expectRefused(
      'POST',
      '/api/promotions',
      { body: body({ startsAt: inDays(5), endsAt: inDays(4) }) },
      400,
      'validation_failed',
      ['body', 'endsAt'],
    );
    await expectRefused(
      'POST',
      '/api/promotions',
      { body: body({ products: [{ productId: productA }] }) },
      400,
      'validation_failed',
      ['body', 'products', 0, 'unitPrice'],
    );
    await expectRefused(
      'POST',
      '/api/promotions',
      { body: body({ products: [{ productId: productA, unitPrice: 0 }] }) },
      400,
      'validation_failed',
      ['body', 'products', 0, 'unitPrice'],
    );
    await expectRefused('POST', '/api/promotions', { body: body({ products: [] }) }, 400, 'validation_failed', [
      'body',
      'products',
    ]);
    await expectRefused('POST', '/api/promotions', { body: body({ startsAt: 'tomorrow' }) }, 400, 'validation_failed', [
      'body',
      'startsAt',
    ]);
    await expectRefused('POST', '/api/promotions', { body: body({ bonus: true }) }, 400, 'validation_failed');
    await expectRefused(
      'POST',
      '/api/promotions',
      { body: body({ products: [{ productId: 'prd_nope', unitPrice: 5 }] }) },
      422,
      'invalid_reference',
      ['body', 'products', 0, 'productId'],
    );
    const created = await api.request('POST', '/api/promotions', { body: body() });
    const id = created.body.id;
    await expectRefused('PATCH', `/api/promotions/${id}`, { body: { endsAt: inDays(0.5) } }, 400, 'validation_failed', [
      'body',
      'endsAt',
    ]);
    await expectRefused('PATCH', `/api/promotions/${id}`, { body: { percentOff: 10 } }, 400, 'validation_failed', [
      'body',
      'percentOff',
    ]);
    await expectRefused('PATCH', `/api/promotions/${id}`, { body: { kind: 'percent_off' } }, 400, 'validation_failed');
    await expectRefused('PATCH', '/api/promotions/prm_nope', { body: { name: 'x' } }, 404, 'not_found');
    await expectRefused('GET', '/api/promotions?activeAt=yesterday', {}, 400, 'validation_failed', [
      'querystring',
      'activeAt',
    ]);
  });
});
