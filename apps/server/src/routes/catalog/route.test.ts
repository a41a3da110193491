import { DAY_MS, manualClock } from '@tradeloop/core';
import { oltpTestTargets } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorToken, createOrgWithMember, type TestOrg } from '../../testing/actors.js';
import { expectRefusedWithoutWrites } from '../../testing/assertions.js';
import type { RequestOptions } from '../../testing/harness.js';
import { startTestApi, type TestApi } from '../../testing/harness.js';

const START = '2026-05-01T00:00:00.000Z';
const inDays = (days: number): string => new Date(Date.parse(START) + days * DAY_MS).toISOString();

describe.each(oltpTestTargets())('catalog over HTTP on $dialect', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  const clock = manualClock(START);
  let api: TestApi;
  let eastSupplier: TestOrg;
  let westSupplier: TestOrg;
  let buyer: TestOrg;
  let eastOps: string;
  let analyst: string;
  let steel: string;
  let rebar: string;
  let coil: string;
  let chemicals: string;

  const tiers = [
    { minQuantity: 10, unitPrice: 5000 },
    { minQuantity: 100, unitPrice: 4500 },
    { minQuantity: 1000, unitPrice: 4000 },
  ];
  const productBody = (over: Record<string, unknown> = {}) => ({
    categoryId: rebar,
    title: '螺纹钢 HRB400 Φ12',
    description: '国标',
    attributes: { 材质: 'HRB400', 直径mm: 12, 现货: true },
    unit: '吨',
    moq: 10,
    stock: 500,
    status: 'active',
    tiers,
    ...over,
  });

  async function createCategory(name: string, parentId: string | null = null): Promise<string> {
    const res = await api.request('POST', '/api/categories', { body: { name, parentId } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  }
  async function createProduct(token: string | undefined, over: Record<string, unknown> = {}): Promise<string> {
    const res = await api.request('POST', '/api/products', { token, body: productBody(over) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  }

  /** Sends the request and checks it is refused with the code and path, writing nothing. */
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
    eastSupplier = await createOrgWithMember(api, { kind: 'supplier', region: 'east' });
    westSupplier = await createOrgWithMember(api, { kind: 'both', region: 'southwest' });
    buyer = await createOrgWithMember(api, { kind: 'buyer', region: 'east' });
    eastOps = (await createOperatorToken(api, 'operations', { regions: ['east'], businessLines: '*' })).token;
    analyst = (await createOperatorToken(api, 'analyst')).token;
    steel = await createCategory('钢材');
    rebar = await createCategory('螺纹钢', steel);
    coil = await createCategory('卷板', steel);
    chemicals = await createCategory('化工');
  });
  afterAll(async () => api?.close());

  it.skipIf(skipReason !== '')('returns the category tree nested, with ancestor paths', async () => {
    const res = await api.request('GET', '/api/categories', { token: buyer.token });
    expect(res.status).toBe(200);
    const root = res.body.items.find((c: { id: string }) => c.id === steel);
    expect(root.path).toBe(steel);
    expect(root.children.map((c: { id: string }) => c.id).sort()).toEqual([rebar, coil].sort());
    expect(root.children.find((c: { id: string }) => c.id === rebar).path).toBe(`${steel}/${rebar}`);
    const one = await api.request('GET', `/api/categories/${steel}`);
    expect(one.body.children).toHaveLength(2);
    expect((await api.request('GET', '/api/categories/cat_nope')).status).toBe(404);
  });

  it.skipIf(skipReason !== '')('documents the catalog routes in the OpenAPI document', async () => {
    const spec = await api.request('GET', '/openapi.json', { token: null });
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/categories',
        '/api/products',
        '/api/products/{id}/price',
        '/api/products/{id}/tiers',
      ]),
    );
  });

  it.skipIf(skipReason !== '')('moves a subtree and rewrites every path; refuses cycles', async () => {
    const a = await createCategory('A');
    const b = await createCategory('B', a);
    const c = await createCategory('C', b);
    const other = await createCategory('Other');
    const moved = await api.request('PATCH', `/api/categories/${b}`, { body: { parentId: other, name: 'B2' } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ parentId: other, name: 'B2', path: `${other}/${b}` });
    expect(moved.body.children[0]).toMatchObject({ id: c, path: `${other}/${b}/${c}` });
    await expectRefused('PATCH', `/api/categories/${other}`, { body: { parentId: c } }, 422, 'invalid_reference', [
      'body',
      'parentId',
    ]);
    await expectRefused('PATCH', `/api/categories/${b}`, { body: { parentId: b } }, 422, 'invalid_reference', [
      'body',
      'parentId',
    ]);
    await expectRefused(
      'POST',
      '/api/categories',
      { body: { name: 'x', parentId: 'cat_nope' } },
      422,
      'invalid_reference',
      ['body', 'parentId'],
    );
    const toRoot = await api.request('PATCH', `/api/categories/${b}`, { body: { parentId: null } });
    expect(toRoot.body.path).toBe(b);
    expect(toRoot.body.children[0].path).toBe(`${b}/${c}`);
  });

  it.skipIf(skipReason !== '')('only catalog:write may change categories', async () => {
    await expectRefused(
      'POST',
      '/api/categories',
      { token: eastSupplier.token, body: { name: 'x' } },
      403,
      'forbidden',
    );
    await expectRefused('POST', '/api/categories', { token: analyst, body: { name: 'x' } }, 403, 'forbidden');
    await expectRefused(
      'PATCH',
      `/api/categories/${steel}`,
      { token: buyer.token, body: { name: 'x' } },
      403,
      'forbidden',
    );
  });

  it.skipIf(skipReason !== '')('a supplier member creates products for their own organisation only', async () => {
    const res = await api.request('POST', '/api/products', { token: eastSupplier.token, body: productBody() });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      supplierId: eastSupplier.organizationId,
      moq: 10,
      attributes: { 材质: 'HRB400', 直径mm: 12, 现货: true },
      tiers,
      supplier: { id: eastSupplier.organizationId, region: 'east' },
      promotions: [],
    });
    await expectRefused(
      'POST',
      '/api/products',
      { token: eastSupplier.token, body: productBody({ supplierId: westSupplier.organizationId }) },
      403,
      'forbidden',
      ['body', 'supplierId'],
    );
    await expectRefused('POST', '/api/products', { token: buyer.token, body: productBody() }, 403, 'forbidden');
  });

  it.skipIf(skipReason !== '')('operators create for suppliers in their scope; bad references are 422', async () => {
    const ok = await api.request('POST', '/api/products', {
      token: eastOps,
      body: productBody({ supplierId: eastSupplier.organizationId }),
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    await expectRefused(
      'POST',
      '/api/products',
      { token: eastOps, body: productBody({ supplierId: westSupplier.organizationId }) },
      422,
      'invalid_reference',
      ['body', 'supplierId'],
    );
    await expectRefused(
      'POST',
      '/api/products',
      { body: productBody({ supplierId: buyer.organizationId }) },
      422,
      'invalid_reference',
      ['body', 'supplierId'],
    );
    await expectRefused(
      'POST',
      '/api/products',
      { body: productBody({ supplierId: eastSupplier.organizationId, categoryId: 'cat_nope' }) },
      422,
      'invalid_reference',
      ['body', 'categoryId'],
    );
    await expectRefused('POST', '/api/products', { body: productBody() }, 400, 'validation_failed', [
      'body',
      'supplierId',
    ]);
    await expectRefused(
      'POST',
      '/api/products',
      { token: analyst, body: productBody({ supplierId: eastSupplier.organizationId }) },
      403,
      'forbidden',
    );
  });

  it.skipIf(skipReason !== '')('an operator scoped to east never sees a west supplier’s products', async () => {
    const west = await createProduct(westSupplier.token, { title: 'West only 西部' });
    const east = await createProduct(eastSupplier.token, { title: 'East only 华东' });
    const list = await api.request('GET', '/api/products?limit=200', { token: eastOps });
    expect(list.status).toBe(200);
    const ids = list.body.items.map((p: { id: string }) => p.id);
    expect(ids).toContain(east);
    expect(ids).not.toContain(west);
    expect(list.body.items.every((p: { supplierId: string }) => p.supplierId === eastSupplier.organizationId)).toBe(
      true,
    );
    const bySupplier = await api.request('GET', `/api/products?supplierId=${westSupplier.organizationId}`, {
      token: eastOps,
    });
    expect(bySupplier.body.total).toBe(0);
    expect((await api.request('GET', `/api/products/${west}`, { token: eastOps })).status).toBe(404);
    expect((await api.request('GET', `/api/products/${west}/price?quantity=10`, { token: eastOps })).status).toBe(404);
    await expectRefused('PATCH', `/api/products/${west}`, { token: eastOps, body: { stock: 1 } }, 404, 'not_found');
    expect((await api.request('GET', `/api/products/${west}`)).status).toBe(200);
  });

  it.skipIf(skipReason !== '')('members see all active products and their own drafts', async () => {
    const draft = await createProduct(westSupplier.token, { status: 'draft', title: 'Draft 草稿' });
    const active = await createProduct(westSupplier.token, { title: 'Active 上架' });
    const buyerList = await api.request('GET', '/api/products?limit=200', { token: buyer.token });
    const buyerIds = buyerList.body.items.map((p: { id: string }) => p.id);
    expect(buyerIds).toContain(active);
    expect(buyerIds).not.toContain(draft);
    expect((await api.request('GET', `/api/products/${draft}`, { token: buyer.token })).status).toBe(404);
    const own = await api.request('GET', '/api/products?status=draft', { token: westSupplier.token });
    expect(own.body.items.map((p: { id: string }) => p.id)).toContain(draft);
  });

  it.skipIf(skipReason !== '')('a supplier member cannot edit another supplier’s product', async () => {
    const active = await createProduct(westSupplier.token);
    const draft = await createProduct(westSupplier.token, { status: 'draft' });
    await expectRefused(
      'PATCH',
      `/api/products/${active}`,
      { token: eastSupplier.token, body: { stock: 1 } },
      403,
      'forbidden',
    );
    await expectRefused(
      'PUT',
      `/api/products/${active}/tiers`,
      { token: eastSupplier.token, body: { tiers: [{ minQuantity: 10, unitPrice: 1 }] } },
      403,
      'forbidden',
    );
    // A draft is not even visible to them.
    await expectRefused(
      'PATCH',
      `/api/products/${draft}`,
      { token: eastSupplier.token, body: { stock: 1 } },
      404,
      'not_found',
    );
    const own = await api.request('PATCH', `/api/products/${active}`, {
      token: westSupplier.token,
      body: { stock: 7, title: '新标题' },
    });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ stock: 7, title: '新标题', updatedAt: clock().toISOString() });
  });

  it.skipIf(skipReason !== '')('filters by category subtree, status and title', async () => {
    const inCoil = await createProduct(eastSupplier.token, { categoryId: coil, title: 'Hot Rolled Coil 热卷' });
    const inChem = await createProduct(eastSupplier.token, { categoryId: chemicals, title: 'PVC 树脂' });
    const sub = await api.request('GET', `/api/products?categoryId=${steel}&limit=200`);
    const ids = sub.body.items.map((p: { id: string }) => p.id);
    expect(ids).toContain(inCoil);
    expect(ids).not.toContain(inChem);
    const leaf = await api.request('GET', `/api/products?categoryId=${coil}`);
    expect(leaf.body.items.map((p: { id: string }) => p.id)).toEqual([inCoil]);
    const q = await api.request('GET', `/api/products?q=${encodeURIComponent('rolled coil')}`);
    expect(q.body.items.map((p: { id: string }) => p.id)).toEqual([inCoil]);
    const pct = await api.request('GET', `/api/products?q=${encodeURIComponent('%')}`);
    expect(pct.body.total).toBe(0);
    const paged = await api.request('GET', '/api/products?limit=1&offset=1');
    expect(paged.body).toMatchObject({ limit: 1, offset: 1 });
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.total).toBeGreaterThan(2);
  });

  it.skipIf(skipReason !== '')('tier pricing picks the right break at the edges', async () => {
    const id = await createProduct(eastSupplier.token);
    const price = async (q: number) => {
      const res = await api.request('GET', `/api/products/${id}/price?quantity=${q}`, { token: buyer.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    expect(await price(9)).toEqual({
      quantity: 9,
      tierUnitPrice: 5000,
      unitPrice: 5000,
      promotionId: null,
      moq: 10,
      meetsMoq: false,
    });
    expect((await price(10)).tierUnitPrice).toBe(5000);
    expect(await price(10)).toMatchObject({ meetsMoq: true });
    expect((await price(99)).tierUnitPrice).toBe(5000);
    expect((await price(100)).tierUnitPrice).toBe(4500);
    expect((await price(999)).tierUnitPrice).toBe(4500);
    expect((await price(1000)).tierUnitPrice).toBe(4000);
    const put = await api.request('PUT', `/api/products/${id}/tiers`, {
      token: eastSupplier.token,
      body: {
        tiers: [
          { minQuantity: 10, unitPrice: 6000 },
          { minQuantity: 50, unitPrice: 6000 },
        ],
      },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect((await price(1000)).tierUnitPrice).toBe(6000);
    await expectRefused('GET', `/api/products/${id}/price?quantity=0`, {}, 400, 'validation_failed', [
      'querystring',
      'quantity',
    ]);
    await expectRefused('GET', `/api/products/${id}/price?quantity=abc`, {}, 400, 'validation_failed');
  });

  it.skipIf(skipReason !== '')('changing the MOQ needs tiers that start at it', async () => {
    const id = await createProduct(eastSupplier.token);
    await expectRefused(
      'PATCH',
      `/api/products/${id}`,
      { token: eastSupplier.token, body: { moq: 20 } },
      400,
      'validation_failed',
      ['body', 'moq'],
    );
    await expectRefused(
      'PUT',
      `/api/products/${id}/tiers`,
      { token: eastSupplier.token, body: { tiers: [{ minQuantity: 5, unitPrice: 100 }] } },
      400,
      'validation_failed',
      ['body', 'tiers', 0, 'minQuantity'],
    );
    const both = await api.request('PATCH', `/api/products/${id}`, {
      token: eastSupplier.token,
      body: {
        moq: 20,
        tiers: [
          { minQuantity: 20, unitPrice: 4800 },
          { minQuantity: 200, unitPrice: 4200 },
        ],
      },
    });
    expect(both.status, JSON.stringify(both.body)).toBe(200);
    expect(both.body).toMatchObject({ moq: 20, tiers: [{ minQuantity: 20 }, { minQuantity: 200 }] });
  });

  it.skipIf(skipReason !== '')('promotions lower the price only within their window', async () => {
    const id = await createProduct(eastSupplier.token);
    const promo = await api.request('POST', '/api/promotions', {
      body: {
        name: '五一大促',
        kind: 'percent_off',
        percentOff: 10,
        startsAt: inDays(1),
        endsAt: inDays(3),
        products: [{ productId: id }],
      },
    });
    expect(promo.status, JSON.stringify(promo.body)).toBe(201);
    const flash = await api.request('POST', '/api/promotions', {
      body: {
        name: '秒杀',
        kind: 'price',
        startsAt: inDays(2),
        endsAt: inDays(2.5),
        products: [{ productId: id, unitPrice: 4100 }],
      },
    });
    expect(flash.status, JSON.stringify(flash.body)).toBe(201);
    const price = async (q = 100) =>
      (await api.request('GET', `/api/products/${id}/price?quantity=${q}`, { token: buyer.token })).body;
    try {
      expect(await price()).toMatchObject({ tierUnitPrice: 4500, unitPrice: 4500, promotionId: null });
      clock.set(new Date(Date.parse(inDays(1)) - 1));
      expect((await price()).promotionId).toBeNull();
      clock.set(inDays(1));
      expect(await price()).toMatchObject({ tierUnitPrice: 4500, unitPrice: 4050, promotionId: promo.body.id });
      expect(await price(10)).toMatchObject({ tierUnitPrice: 5000, unitPrice: 4500 });
      const detail = await api.request('GET', `/api/products/${id}`, { token: buyer.token });
      expect(detail.body.promotions.map((p: { promotionId: string }) => p.promotionId)).toEqual([promo.body.id]);
      clock.set(inDays(2));
      // Both run: the lowest price wins (4050 vs 4100 at 100; 4500 vs 4100 at 10).
      expect(await price(100)).toMatchObject({ unitPrice: 4050, promotionId: promo.body.id });
      expect(await price(10)).toMatchObject({ unitPrice: 4100, promotionId: flash.body.id });
      // A promotional price above the tier price never raises it.
      expect(await price(1000)).toMatchObject({ tierUnitPrice: 4000, unitPrice: 3600, promotionId: promo.body.id });
      clock.set(inDays(3));
      expect(await price()).toMatchObject({ unitPrice: 4500, promotionId: null });
      const disabled = await api.request('PATCH', `/api/promotions/${promo.body.id}`, {
        body: { status: 'disabled', endsAt: inDays(10) },
      });
      expect(disabled.status).toBe(200);
      clock.set(inDays(1.5));
      expect((await price()).promotionId).toBeNull();
    } finally {
      clock.set(START);
    }
  });

  it.skipIf(skipReason !== '')('refuses bad product input with a code and a field path, writing nothing', async () => {
    const post = (body: unknown) => ({ token: eastSupplier.token, body });
    await expectRefused(
      'POST',
      '/api/products',
      { token: eastSupplier.token, rawBody: '{"title": ' },
      400,
      'invalid_json',
    );
    await expectRefused('POST', '/api/products', post(productBody({ moq: '10' })), 400, 'validation_failed', [
      'body',
      'moq',
    ]);
    await expectRefused('POST', '/api/products', post(productBody({ colour: 'red' })), 400, 'validation_failed');
    await expectRefused('POST', '/api/products', post(productBody({ moq: 0 })), 400, 'validation_failed', [
      'body',
      'moq',
    ]);
    await expectRefused('POST', '/api/products', post(productBody({ stock: -1 })), 400, 'validation_failed', [
      'body',
      'stock',
    ]);
    await expectRefused('POST', '/api/products', post(productBody({ status: 'gone' })), 400, 'validation_failed', [
      'body',
      'status',
    ]);
    await expectRefused('POST', '/api/products', post(productBody({ tiers: [] })), 400, 'validation_failed', [
      'body',
      'tiers',
    ]);
    await expectRefused(
      'POST',
      '/api/products',
      post(
        productBody({
          tiers: [
            { minQuantity: 10, unitPrice: 100 },
            { minQuantity: 20, unitPrice: 120 },
          ],
        }),
      ),
      400,
      'validation_failed',
      ['body', 'tiers', 1, 'unitPrice'],
    );
    await expectRefused(
      'POST',
      '/api/products',
      post(
        productBody({
          tiers: [
            { minQuantity: 10, unitPrice: 100 },
            { minQuantity: 10, unitPrice: 90 },
          ],
        }),
      ),
      400,
      'validation_failed',
      ['body', 'tiers', 1, 'minQuantity'],
    );
    await expectRefused(
      'POST',
      '/api/products',
      post(productBody({ tiers: [{ minQuantity: 5, unitPrice: 100 }] })),
      400,
      'validation_failed',
      ['body', 'tiers', 0, 'minQuantity'],
    );
    await expectRefused(
      'POST',
      '/api/products',
      post(productBody({ tiers: [{ minQuantity: 10, unitPrice: -5 }] })),
      400,
      'validation_failed',
      ['body', 'tiers', 0, 'unitPrice'],
    );
    await expectRefused(
      'POST',
      '/api/products',
      post(productBody({ attributes: { nested: { a: 1 } } })),
      400,
      'validation_failed',
    );
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]));
    await expectRefused('POST', '/api/products', post(productBody({ attributes: many })), 400, 'validation_failed', [
      'body',
      'attributes',
    ]);
    await expectRefused('POST', '/api/products', post(productBody({ title: '' })), 400, 'validation_failed', [
      'body',
      'title',
    ]);
    const id = await createProduct(eastSupplier.token);
    await expectRefused('PATCH', `/api/products/${id}`, post({ supplierId: 'org_x' }), 400, 'validation_failed');
    await expectRefused('PATCH', `/api/products/${id}`, post({ stock: -3 }), 400, 'validation_failed', [
      'body',
      'stock',
    ]);
    await expectRefused('PATCH', `/api/products/${id}`, post({ categoryId: 'cat_nope' }), 422, 'invalid_reference', [
      'body',
      'categoryId',
    ]);
    await expectRefused('PUT', `/api/products/${id}/tiers`, post({ tiers: tiers, extra: 1 }), 400, 'validation_failed');
    await expectRefused('GET', '/api/products?limit=0', {}, 400, 'validation_failed', ['querystring', 'limit']);
    await expectRefused('GET', '/api/products?colour=red', {}, 400, 'validation_failed');
  });

  it.skipIf(skipReason !== '')(
    'sorts products by creation, update, title, MOQ or stock, either way, and refuses an unknown sort',
    async () => {
      const supplier = await createOrgWithMember(api, { kind: 'supplier', region: 'east' });
      // ASCII titles: SQLite and PostgreSQL collate non-ASCII text differently.
      const specs = [
        { title: 'Sortable Zeta', moq: 20, stock: 300 },
        { title: 'Sortable Alpha', moq: 5, stock: 900 },
        { title: 'Sortable Mu', moq: 50, stock: 100 },
      ];
      const ids: Record<string, string> = {};
      for (const spec of specs) {
        clock.advance(60_000);
        ids[spec.title] = await createProduct(supplier.token, {
          ...spec,
          tiers: [{ minQuantity: spec.moq, unitPrice: 5000 }],
        });
      }
      // Touching the oldest product makes it the most recently updated.
      clock.advance(60_000);
      const touched = await api.request('PATCH', `/api/products/${ids['Sortable Zeta']}`, {
        token: supplier.token,
        body: { description: 'updated' },
      });
      expect(touched.status).toBe(200);
      const list = async (sort?: string) => {
        const res = await api.request(
          'GET',
          `/api/products?supplierId=${supplier.organizationId}${sort ? `&sort=${encodeURIComponent(sort)}` : ''}`,
        );
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return res.body.items.map((p: { title: string }) => p.title);
      };
      const [zeta, alpha, mu] = ['Sortable Zeta', 'Sortable Alpha', 'Sortable Mu'];
      expect(await list()).toEqual([mu, alpha, zeta]); // newest first by default
      expect(await list('createdAt')).toEqual([zeta, alpha, mu]);
      expect(await list('-updatedAt')).toEqual([zeta, mu, alpha]);
      expect(await list('title')).toEqual([alpha, mu, zeta]);
      expect(await list('-title')).toEqual([zeta, mu, alpha]);
      expect(await list('moq')).toEqual([alpha, zeta, mu]);
      expect(await list('-stock')).toEqual([alpha, zeta, mu]);
      // Paging follows the order: the second page of one starts where the first ended.
      const second = await api.request(
        'GET',
        `/api/products?supplierId=${supplier.organizationId}&sort=moq&limit=1&offset=1`,
      );
      expect(second.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
      expect(second.body.items.map((p: { title: string }) => p.title)).toEqual([zeta]);
      await expectRefused('GET', '/api/products?sort=price', {}, 400, 'validation_failed', ['querystring', 'sort']);
    },
  );
});
