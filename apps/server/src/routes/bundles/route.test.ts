import { oltpTestTargets } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorToken, createOrgWithMember, type TestOrg } from '../../testing/actors.js';
import { expectRefusedWithoutWrites } from '../../testing/assertions.js';
import type { RequestOptions } from '../../testing/harness.js';
import { startTestApi, type TestApi } from '../../testing/harness.js';

describe.each(oltpTestTargets())('bundles over HTTP on $dialect', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  let api: TestApi;
  let east: TestOrg;
  let west: TestOrg;
  let buyer: TestOrg;
  let eastOps: string;
  let eastProducts: string[];
  let westProducts: string[];
  let usdProduct: string;

  const expectRefused = (
    method: string,
    url: string,
    options: RequestOptions,
    status: number,
    code: string,
    path?: (string | number)[],
  ) => expectRefusedWithoutWrites(api, () => api.request(method, url, options), status, code, path);

  const body = (items: string[], over: Record<string, unknown> = {}) => ({
    name: '钢材套餐',
    price: 150_000,
    items: items.map((productId, i) => ({ productId, quantity: i + 1 })),
    ...over,
  });
  async function createBundle(token: string | undefined, items: string[], over: Record<string, unknown> = {}) {
    const res = await api.request('POST', '/api/bundles', { token, body: body(items, over) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  beforeAll(async () => {
    if (skipReason) return;
    api = await startTestApi({ dialect, skipReason, ...target });
    east = await createOrgWithMember(api, { kind: 'supplier', region: 'east' });
    west = await createOrgWithMember(api, { kind: 'supplier', region: 'northwest' });
    buyer = await createOrgWithMember(api, { kind: 'buyer', region: 'east' });
    eastOps = (await createOperatorToken(api, 'operations', { regions: ['east'], businessLines: '*' })).token;
    const cat = await api.request('POST', '/api/categories', { body: { name: '钢材' } });
    const product = async (org: TestOrg, currency = 'CNY') => {
      const res = await api.request('POST', '/api/products', {
        token: org.token,
        body: {
          categoryId: cat.body.id,
          title: '角钢',
          unit: '吨',
          moq: 1,
          stock: 10,
          currency,
          status: 'active',
          tiers: [{ minQuantity: 1, unitPrice: 100_000 }],
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    eastProducts = [await product(east), await product(east), await product(east)];
    westProducts = [await product(west), await product(west)];
    usdProduct = await product(east, 'USD');
  });
  afterAll(async () => api?.close());

  it.skipIf(skipReason !== '')('a supplier bundles its own products', async () => {
    const bundle = await createBundle(east.token, eastProducts.slice(0, 2));
    expect(bundle).toMatchObject({
      supplierId: east.organizationId,
      price: 150_000,
      currency: 'CNY',
      status: 'active',
    });
    expect(bundle.items).toHaveLength(2);
    const got = await api.request('GET', `/api/bundles/${bundle.id}`, { token: buyer.token });
    expect(got.body).toEqual(bundle);
    const changed = await api.request('PATCH', `/api/bundles/${bundle.id}`, {
      token: east.token,
      body: { price: 140_000, items: eastProducts.map((productId) => ({ productId, quantity: 2 })) },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ price: 140_000 });
    expect(changed.body.items).toHaveLength(3);
  });

  it.skipIf(skipReason !== '')('refuses products of another supplier with mixed_suppliers at the item', async () => {
    await expectRefused(
      'POST',
      '/api/bundles',
      { token: east.token, body: body([eastProducts[0] as string, westProducts[0] as string]) },
      422,
      'mixed_suppliers',
      ['body', 'items', 1, 'productId'],
    );
    await expectRefused(
      'POST',
      '/api/bundles',
      { body: body([westProducts[0] as string, eastProducts[0] as string]) },
      422,
      'mixed_suppliers',
      ['body', 'items', 1, 'productId'],
    );
    await expectRefused(
      'POST',
      '/api/bundles',
      { token: east.token, body: body([eastProducts[0] as string, usdProduct]) },
      422,
      'currency_mismatch',
      ['body', 'items', 1, 'productId'],
    );
  });

  it.skipIf(skipReason !== '')('an operator scoped to east never sees a west supplier’s bundles', async () => {
    const westBundle = await createBundle(west.token, westProducts);
    const eastBundle = await createBundle(eastOps, eastProducts.slice(1));
    expect(eastBundle.supplierId).toBe(east.organizationId);
    const list = await api.request('GET', '/api/bundles?limit=200', { token: eastOps });
    const ids = list.body.items.map((b: { id: string }) => b.id);
    expect(ids).toContain(eastBundle.id);
    expect(ids).not.toContain(westBundle.id);
    expect((await api.request('GET', `/api/bundles/${westBundle.id}`, { token: eastOps })).status).toBe(404);
    await expectRefused(
      'PATCH',
      `/api/bundles/${westBundle.id}`,
      { token: eastOps, body: { price: 1 } },
      404,
      'not_found',
    );
    await expectRefused(
      'POST',
      '/api/bundles',
      { token: eastOps, body: body(westProducts) },
      422,
      'invalid_reference',
      ['body', 'supplierId'],
    );
    await expectRefused(
      'PATCH',
      `/api/bundles/${westBundle.id}`,
      { token: east.token, body: { price: 1 } },
      403,
      'forbidden',
    );
    const admin = await api.request('GET', '/api/bundles?limit=200');
    expect(admin.body.items.map((b: { id: string }) => b.id)).toContain(westBundle.id);
  });

  it.skipIf(skipReason !== '')('members see active bundles and their own disabled ones', async () => {
    const off = await createBundle(west.token, westProducts, { status: 'disabled' });
    expect((await api.request('GET', `/api/bundles/${off.id}`, { token: buyer.token })).status).toBe(404);
    expect((await api.request('GET', `/api/bundles/${off.id}`, { token: west.token })).status).toBe(200);
    const windowed = await createBundle(west.token, westProducts, {
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: '2026-02-01T00:00:00Z',
    });
    const inWindow = await api.request('GET', '/api/bundles?activeAt=2026-01-15T00:00:00Z&limit=200');
    expect(inWindow.body.items.map((b: { id: string }) => b.id)).toContain(windowed.id);
    const after = await api.request('GET', '/api/bundles?activeAt=2026-02-01T00:00:00Z&limit=200');
    expect(after.body.items.map((b: { id: string }) => b.id)).not.toContain(windowed.id);
  });

  it.skipIf(skipReason !== '')('refuses bad input with a code and a field path, writing nothing', async () => {
    const [a, b] = eastProducts as [string, string];
    await expectRefused('POST', '/api/bundles', { token: east.token, rawBody: '[' }, 400, 'invalid_json');
    await expectRefused('POST', '/api/bundles', { token: east.token, body: body([a]) }, 400, 'validation_failed', [
      'body',
      'items',
    ]);
    await expectRefused('POST', '/api/bundles', { token: east.token, body: body([a, a]) }, 400, 'validation_failed', [
      'body',
      'items',
      1,
      'productId',
    ]);
    await expectRefused(
      'POST',
      '/api/bundles',
      { token: east.token, body: body([a, b], { price: '100' }) },
      400,
      'validation_failed',
      ['body', 'price'],
    );
    await expectRefused(
      'POST',
      '/api/bundles',
      { token: east.token, body: body([a, b], { price: 0 }) },
      400,
      'validation_failed',
      ['body', 'price'],
    );
    await expectRefused(
      'POST',
      '/api/bundles',
      { token: east.token, body: body([a, b], { discount: 5 }) },
      400,
      'validation_failed',
    );
    await expectRefused(
      'POST',
      '/api/bundles',
      {
        token: east.token,
        body: {
          ...body([a, b]),
          items: [
            { productId: a, quantity: 0 },
            { productId: b, quantity: 1 },
          ],
        },
      },
      400,
      'validation_failed',
      ['body', 'items', 0, 'quantity'],
    );
    await expectRefused(
      'POST',
      '/api/bundles',
      { token: east.token, body: body([a, b], { startsAt: '2026-03-01T00:00:00Z', endsAt: '2026-02-01T00:00:00Z' }) },
      400,
      'validation_failed',
      ['body', 'endsAt'],
    );
    await expectRefused(
      'POST',
      '/api/bundles',
      { token: east.token, body: body([a, 'prd_nope']) },
      422,
      'invalid_reference',
      ['body', 'items', 1, 'productId'],
    );
    await expectRefused(
      'POST',
      '/api/bundles',
      { token: east.token, body: body([a, b], { supplierId: west.organizationId }) },
      403,
      'forbidden',
      ['body', 'supplierId'],
    );
    await expectRefused('POST', '/api/bundles', { token: buyer.token, body: body([a, b]) }, 403, 'forbidden');
  });
});
