import { DAY_MS, manualClock, newId } from '@tradeloop/core';
import { oltpTestTargets, snapshotTables } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorToken, createOrgWithMember, type TestOrg } from '../../testing/actors.js';
import { startTestApi, type TestApi } from '../../testing/harness.js';

const START = '2026-03-02T02:00:00.000Z';
const inDays = (days: number): string => new Date(new Date(START).getTime() + days * DAY_MS).toISOString();

describe.each(oltpTestTargets())('RFQs and quotes over HTTP on $dialect', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  const clock = manualClock(START);
  let api: TestApi;
  let categoryId: string;
  let buyer: TestOrg;
  let westBuyer: TestOrg;
  let supplierA: TestOrg;
  let supplierB: TestOrg;
  let productA: string;

  /** Test set-up of catalogue rows straight into the store (the catalogue is another feature's). */
  async function insertProduct(supplierId: string, stock: number): Promise<string> {
    const id = newId('prd');
    await api.store.db
      .insertInto('products')
      .values({
        id,
        supplierId,
        categoryId,
        title: '热轧卷板 Q235',
        description: '',
        attributes: '{}',
        unit: '吨',
        moq: 1,
        stock,
        currency: 'CNY',
        status: 'active',
        createdAt: START,
        updatedAt: START,
      })
      .execute();
    return id;
  }

  const rfqBody = (over: Record<string, unknown> = {}) => ({
    categoryId,
    title: '采购热轧卷板 200 吨',
    description: 'Q235B, 2.75mm',
    quantity: 200,
    unit: '吨',
    targetUnitPrice: 380_000,
    deadline: inDays(7),
    deliveryRegion: 'east',
    ...over,
  });
  const quoteBody = (over: Record<string, unknown> = {}) => ({
    unitPrice: 390_000,
    quantity: 200,
    leadTimeDays: 10,
    validUntil: inDays(14),
    ...over,
  });

  async function openRfq(org: TestOrg = buyer, over: Record<string, unknown> = {}): Promise<string> {
    const res = await api.request('POST', '/api/rfqs', { token: org.token, body: rfqBody(over) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  }
  async function quote(rfqId: string, org: TestOrg, over: Record<string, unknown> = {}): Promise<string> {
    const res = await api.request('POST', `/api/rfqs/${rfqId}/quotes`, { token: org.token, body: quoteBody(over) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  }

  beforeAll(async () => {
    if (skipReason) return;
    api = await startTestApi({ dialect, skipReason, ...target }, { clock });
    categoryId = newId('cat');
    await api.store.db
      .insertInto('categories')
      .values({ id: categoryId, parentId: null, name: '钢材', path: categoryId, sortOrder: 0, createdAt: START })
      .execute();
    buyer = await createOrgWithMember(api, { kind: 'buyer', region: 'east' });
    westBuyer = await createOrgWithMember(api, { kind: 'buyer', region: 'southwest' });
    supplierA = await createOrgWithMember(api, { kind: 'supplier', region: 'east' });
    supplierB = await createOrgWithMember(api, { kind: 'supplier', region: 'south' });
    productA = await insertProduct(supplierA.organizationId, 1000);
  });
  afterAll(async () => api?.close());

  it.skipIf(skipReason !== '')(
    'full flow: RFQ → two quotes → accept one → order placed at the quoted price',
    async () => {
      clock.set(START);
      const rfqId = await openRfq();
      const qa = await quote(rfqId, supplierA, { productId: productA, unitPrice: 385_000 });
      const qb = await quote(rfqId, supplierB, { unitPrice: 379_000, quantity: 180 });

      const detail = await api.request('GET', `/api/rfqs/${rfqId}`, { token: buyer.token });
      expect(detail.status).toBe(200);
      expect(detail.body.quoteCount).toBe(2);
      expect(detail.body.quotes.map((q: { id: string }) => q.id).sort()).toEqual([qa, qb].sort());

      clock.advance(DAY_MS);
      const accepted = await api.request('POST', `/api/quotes/${qa}/accept`, { token: buyer.token });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
      expect(accepted.body.quote).toMatchObject({ id: qa, status: 'accepted', orderId: accepted.body.orderId });
      const orderId: string = accepted.body.orderId;

      const db = api.store.db;
      const order = await db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
      expect(order).toMatchObject({
        buyerId: buyer.organizationId,
        supplierId: supplierA.organizationId,
        status: 'placed',
        source: 'quote',
        quoteId: qa,
        subtotal: 200 * 385_000,
        discount: 0,
        total: 200 * 385_000,
        couponId: null,
      });
      const items = await db.selectFrom('orderItems').selectAll().where('orderId', '=', orderId).execute();
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        productId: productA,
        title: '采购热轧卷板 200 吨',
        unit: '吨',
        quantity: 200,
        unitPrice: 385_000,
        listUnitPrice: 385_000,
        lineTotal: 200 * 385_000,
      });
      const transitions = await db.selectFrom('orderTransitions').selectAll().where('orderId', '=', orderId).execute();
      expect(transitions).toEqual([
        expect.objectContaining({
          fromStatus: null,
          toStatus: 'placed',
          actorKind: 'member',
          actorId: buyer.contactId,
        }),
      ]);
      const stock = await db
        .selectFrom('products')
        .select('stock')
        .where('id', '=', productA)
        .executeTakeFirstOrThrow();
      expect(stock.stock).toBe(800);

      const after = await api.request('GET', `/api/rfqs/${rfqId}`, { token: buyer.token });
      expect(after.body.status).toBe('awarded');
      const statuses = Object.fromEntries(
        after.body.quotes.map((q: { id: string; status: string }) => [q.id, q.status]),
      );
      expect(statuses).toEqual({ [qa]: 'accepted', [qb]: 'rejected' });

      // Accepting again is an illegal transition and writes nothing.
      const before = await snapshotTables(api.store);
      const again = await api.request('POST', `/api/quotes/${qa}/accept`, { token: buyer.token });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('illegal_transition');
      expect(await snapshotTables(api.store)).toEqual(before);
    },
  );

  it.skipIf(skipReason !== '')('an Idempotency-Key retry answers with the same order and writes nothing', async () => {
    clock.set(START);
    const rfqId = await openRfq();
    const qa = await quote(rfqId, supplierA);
    const headers = { 'idempotency-key': `accept-${rfqId}` };
    const first = await api.request('POST', `/api/quotes/${qa}/accept`, { token: buyer.token, headers });
    expect(first.status).toBe(200);
    const before = await snapshotTables(api.store);
    const retry = await api.request('POST', `/api/quotes/${qa}/accept`, { token: buyer.token, headers });
    expect(retry.status).toBe(200);
    expect(retry.body.orderId).toBe(first.body.orderId);
    expect(await snapshotTables(api.store)).toEqual(before);

    // The same key on another quote is a reuse, not a retry.
    const other = await openRfq();
    const qo = await quote(other, supplierA);
    const before2 = await snapshotTables(api.store);
    const reuse = await api.request('POST', `/api/quotes/${qo}/accept`, { token: buyer.token, headers });
    expect(reuse.status).toBe(409);
    expect(reuse.body.error.code).toBe('idempotency_key_reused');
    expect(reuse.body.error.path).toEqual(['headers', 'idempotency-key']);
    expect(await snapshotTables(api.store)).toEqual(before2);
  });

  it.skipIf(skipReason !== '')('quoting after the deadline is refused; accepting after it is allowed', async () => {
    clock.set(START);
    const rfqId = await openRfq(buyer, { deadline: inDays(2) });
    const qa = await quote(rfqId, supplierA, { validUntil: inDays(10) });
    clock.set(inDays(3));
    const before = await snapshotTables(api.store);
    const late = await api.request('POST', `/api/rfqs/${rfqId}/quotes`, {
      token: supplierB.token,
      body: quoteBody({ validUntil: inDays(10) }),
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('rfq_closed');
    const revise = await api.request('PATCH', `/api/quotes/${qa}`, { token: supplierA.token, body: { unitPrice: 1 } });
    expect(revise.status).toBe(409);
    expect(revise.body.error.code).toBe('rfq_closed');
    expect(await snapshotTables(api.store)).toEqual(before);

    const accepted = await api.request('POST', `/api/quotes/${qa}/accept`, { token: buyer.token });
    expect(accepted.status).toBe(200);
  });

  it.skipIf(skipReason !== '')('an expired quote cannot be accepted', async () => {
    clock.set(START);
    const rfqId = await openRfq(buyer, { deadline: inDays(5) });
    const qa = await quote(rfqId, supplierA, { validUntil: inDays(3) });
    clock.set(inDays(4));
    const before = await snapshotTables(api.store);
    const res = await api.request('POST', `/api/quotes/${qa}/accept`, { token: buyer.token });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('quote_expired');
    expect(await snapshotTables(api.store)).toEqual(before);
  });

  it.skipIf(skipReason !== '')('a supplier sees its own quote only, and cannot accept or quote twice', async () => {
    clock.set(START);
    const rfqId = await openRfq();
    const qa = await quote(rfqId, supplierA);
    const qb = await quote(rfqId, supplierB);

    const asA = await api.request('GET', `/api/rfqs/${rfqId}`, { token: supplierA.token });
    expect(asA.status).toBe(200);
    expect(asA.body.quoteCount).toBe(2);
    expect(asA.body.quotes.map((q: { id: string }) => q.id)).toEqual([qa]);
    const listA = await api.request('GET', `/api/rfqs/${rfqId}/quotes`, { token: supplierA.token });
    expect(listA.body.items.map((q: { id: string }) => q.id)).toEqual([qa]);
    expect(listA.body.total).toBe(1);
    expect((await api.request('GET', `/api/quotes/${qb}`, { token: supplierA.token })).status).toBe(404);
    expect((await api.request('GET', `/api/quotes/${qa}`, { token: supplierA.token })).status).toBe(200);

    const before = await snapshotTables(api.store);
    const accept = await api.request('POST', `/api/quotes/${qa}/accept`, { token: supplierA.token });
    expect(accept.status).toBe(403);
    expect(accept.body.error.code).toBe('forbidden');
    const rejectOther = await api.request('POST', `/api/quotes/${qb}/reject`, { token: supplierA.token });
    expect(rejectOther.status).toBe(404);
    const withdrawOther = await api.request('POST', `/api/quotes/${qb}/withdraw`, { token: supplierA.token });
    expect(withdrawOther.status).toBe(404);
    const twice = await api.request('POST', `/api/rfqs/${rfqId}/quotes`, { token: supplierA.token, body: quoteBody() });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('duplicate');
    const ownRfq = await api.request('POST', `/api/rfqs/${rfqId}/quotes`, { token: buyer.token, body: quoteBody() });
    expect(ownRfq.status).toBe(403);
    const cancel = await api.request('POST', `/api/rfqs/${rfqId}/cancel`, { token: supplierA.token });
    expect(cancel.status).toBe(403);
    expect(await snapshotTables(api.store)).toEqual(before);
  });

  it.skipIf(skipReason !== '')('suppliers see the open demand board plus RFQs they quoted on', async () => {
    clock.set(START);
    const open = await openRfq(westBuyer, { title: 'board-open' });
    const quoted = await openRfq(westBuyer, { title: 'board-quoted' });
    await quote(quoted, supplierB);
    const cancelled = await openRfq(westBuyer, { title: 'board-cancelled' });
    expect((await api.request('POST', `/api/rfqs/${quoted}/close`, { token: westBuyer.token })).status).toBe(200);
    expect((await api.request('POST', `/api/rfqs/${cancelled}/cancel`, { token: westBuyer.token })).status).toBe(200);

    const ids = async (org: TestOrg) =>
      (
        await api.request('GET', `/api/rfqs?buyerId=${westBuyer.organizationId}&q=board&limit=200`, {
          token: org.token,
        })
      ).body.items.map((r: { id: string }) => r.id);
    expect((await ids(supplierB)).sort()).toEqual([open, quoted].sort());
    expect(await ids(supplierA)).toEqual([open]);
    expect((await ids(westBuyer)).sort()).toEqual([open, quoted, cancelled].sort());
    // Another buyer sees none of them.
    expect(await ids(buyer)).toEqual([]);
    expect((await api.request('GET', `/api/rfqs/${open}`, { token: buyer.token })).status).toBe(404);
    expect((await api.request('GET', `/api/rfqs/${cancelled}`, { token: supplierA.token })).status).toBe(404);

    // Closing rejected the outstanding quote and stops quoting.
    const detail = await api.request('GET', `/api/rfqs/${quoted}`, { token: supplierB.token });
    expect(detail.body).toMatchObject({ status: 'closed', quotes: [{ status: 'rejected' }] });
    const closeAgain = await api.request('POST', `/api/rfqs/${quoted}/close`, { token: westBuyer.token });
    expect(closeAgain.status).toBe(409);
    expect(closeAgain.body.error.code).toBe('illegal_transition');
  });

  it.skipIf(skipReason !== '')('an operator scoped to east never sees a west buyer’s RFQ', async () => {
    clock.set(START);
    const west = await openRfq(westBuyer, { title: 'scope-west' });
    const east = await openRfq(buyer, { title: 'scope-east' });
    const eastOp = await createOperatorToken(api, 'sales', { regions: ['east'], businessLines: '*' });
    const list = await api.request('GET', '/api/rfqs?q=scope-&limit=200', { token: eastOp.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([east]);
    expect(list.body.total).toBe(1);
    const byBuyer = await api.request('GET', `/api/rfqs?buyerId=${westBuyer.organizationId}`, { token: eastOp.token });
    expect(byBuyer.body.total).toBe(0);
    const one = await api.request('GET', `/api/rfqs/${west}`, { token: eastOp.token });
    expect(one.status).toBe(404);
    expect(one.body.error.code).toBe('not_found');
    const before = await snapshotTables(api.store);
    expect((await api.request('POST', `/api/rfqs/${west}/cancel`, { token: eastOp.token })).status).toBe(404);
    expect((await api.request('GET', `/api/rfqs/${west}/quotes`, { token: eastOp.token })).status).toBe(404);
    // Nor may it open an RFQ for that buyer.
    const forWest = await api.request('POST', '/api/rfqs', {
      token: eastOp.token,
      body: rfqBody({ buyerId: westBuyer.organizationId }),
    });
    expect(forWest.status).toBe(422);
    expect(forWest.body.error).toMatchObject({ code: 'invalid_reference', path: ['body', 'buyerId'] });
    expect(await snapshotTables(api.store)).toEqual(before);

    // In scope, it works for the buyer: open, see all quotes, accept on the buyer's behalf.
    const mine = await api.request('POST', '/api/rfqs', {
      token: eastOp.token,
      body: rfqBody({ buyerId: buyer.organizationId }),
    });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ buyerId: buyer.organizationId, createdBy: eastOp.operatorId });
    const q = await quote(mine.body.id, supplierB);
    const seen = await api.request('GET', `/api/rfqs/${mine.body.id}`, { token: eastOp.token });
    expect(seen.body.quotes.map((x: { id: string }) => x.id)).toEqual([q]);
    const accepted = await api.request('POST', `/api/quotes/${q}/accept`, { token: eastOp.token });
    expect(accepted.status).toBe(200);

    // Analysts read but do not write.
    const analyst = await createOperatorToken(api, 'analyst');
    const denied = await api.request('POST', '/api/rfqs', {
      token: analyst.token,
      body: rfqBody({ buyerId: buyer.organizationId }),
    });
    expect(denied.status).toBe(403);
  });

  it.skipIf(skipReason !== '')('suppliers revise and withdraw their quotes; the buyer rejects', async () => {
    clock.set(START);
    const rfqId = await openRfq();
    const qa = await quote(rfqId, supplierA);
    const revised = await api.request('PATCH', `/api/quotes/${qa}`, {
      token: supplierA.token,
      body: { unitPrice: 370_000, leadTimeDays: 5 },
    });
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ unitPrice: 370_000, leadTimeDays: 5, quantity: 200, status: 'submitted' });
    const byBuyer = await api.request('PATCH', `/api/quotes/${qa}`, { token: buyer.token, body: { unitPrice: 1 } });
    expect(byBuyer.status).toBe(403);

    const withdrawn = await api.request('POST', `/api/quotes/${qa}/withdraw`, { token: supplierA.token });
    expect(withdrawn.body.status).toBe('withdrawn');
    const count = await api.request('GET', `/api/rfqs/${rfqId}`, { token: buyer.token });
    expect(count.body.quoteCount).toBe(0);
    const accept = await api.request('POST', `/api/quotes/${qa}/accept`, { token: buyer.token });
    expect(accept.status).toBe(409);
    expect(accept.body.error.code).toBe('illegal_transition');

    // A withdrawn quote may be submitted again: the same quote comes back with the new terms.
    const again = await api.request('POST', `/api/rfqs/${rfqId}/quotes`, {
      token: supplierA.token,
      body: quoteBody({ unitPrice: 360_000 }),
    });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: qa, status: 'submitted', unitPrice: 360_000 });

    const rejected = await api.request('POST', `/api/quotes/${qa}/reject`, { token: buyer.token });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
    expect((await api.request('POST', `/api/quotes/${qa}/withdraw`, { token: supplierA.token })).status).toBe(409);
  });

  it.skipIf(skipReason !== '')(
    'accepting a quote on a product short of stock is refused and writes nothing',
    async () => {
      clock.set(START);
      const scarce = await insertProduct(supplierA.organizationId, 50);
      const rfqId = await openRfq();
      const qa = await quote(rfqId, supplierA, { productId: scarce, quantity: 60 });
      const before = await snapshotTables(api.store);
      const res = await api.request('POST', `/api/quotes/${qa}/accept`, { token: buyer.token });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'insufficient_stock', details: { available: 50, requested: 60 } });
      expect(await snapshotTables(api.store)).toEqual(before);
    },
  );

  it.skipIf(skipReason !== '')('bad input is refused with a code and a path, and writes nothing', async () => {
    clock.set(START);
    const rfqId = await openRfq();
    const otherProduct = await insertProduct(supplierB.organizationId, 10);
    const before = await snapshotTables(api.store);
    const t = buyer.token;
    const cases: { url: string; token?: string; body?: unknown; rawBody?: string; code: string; path: unknown[] }[] = [
      { url: '/api/rfqs', rawBody: '{"title": ', code: 'invalid_json', path: ['body'] },
      { url: '/api/rfqs', body: rfqBody({ quantity: '200' }), code: 'validation_failed', path: ['body', 'quantity'] },
      { url: '/api/rfqs', body: rfqBody({ quantity: 0 }), code: 'validation_failed', path: ['body', 'quantity'] },
      { url: '/api/rfqs', body: rfqBody({ quantity: 2.5 }), code: 'validation_failed', path: ['body', 'quantity'] },
      { url: '/api/rfqs', body: rfqBody({ color: 'red' }), code: 'validation_failed', path: ['body'] },
      {
        url: '/api/rfqs',
        body: rfqBody({ deliveryRegion: 'mars' }),
        code: 'validation_failed',
        path: ['body', 'deliveryRegion'],
      },
      {
        url: '/api/rfqs',
        body: rfqBody({ deadline: 'tomorrow' }),
        code: 'validation_failed',
        path: ['body', 'deadline'],
      },
      {
        url: '/api/rfqs',
        body: rfqBody({ deadline: inDays(-1) }),
        code: 'validation_failed',
        path: ['body', 'deadline'],
      },
      {
        url: '/api/rfqs',
        body: rfqBody({ categoryId: 'cat_nope' }),
        code: 'invalid_reference',
        path: ['body', 'categoryId'],
      },
      {
        url: '/api/rfqs',
        body: rfqBody({ buyerId: westBuyer.organizationId }),
        code: 'forbidden',
        path: ['body', 'buyerId'],
      },
      {
        url: `/api/rfqs/${rfqId}/quotes`,
        token: supplierA.token,
        rawBody: '{bad',
        code: 'invalid_json',
        path: ['body'],
      },
      {
        url: `/api/rfqs/${rfqId}/quotes`,
        token: supplierA.token,
        body: quoteBody({ leadTimeDays: 366 }),
        code: 'validation_failed',
        path: ['body', 'leadTimeDays'],
      },
      {
        url: `/api/rfqs/${rfqId}/quotes`,
        token: supplierA.token,
        body: quoteBody({ quantity: 0 }),
        code: 'validation_failed',
        path: ['body', 'quantity'],
      },
      {
        url: `/api/rfqs/${rfqId}/quotes`,
        token: supplierA.token,
        body: quoteBody({ unitPrice: -5 }),
        code: 'validation_failed',
        path: ['body', 'unitPrice'],
      },
      {
        url: `/api/rfqs/${rfqId}/quotes`,
        token: supplierA.token,
        body: quoteBody({ discount: 5 }),
        code: 'validation_failed',
        path: ['body'],
      },
      {
        url: `/api/rfqs/${rfqId}/quotes`,
        token: supplierA.token,
        body: quoteBody({ validUntil: inDays(-1) }),
        code: 'validation_failed',
        path: ['body', 'validUntil'],
      },
      {
        url: `/api/rfqs/${rfqId}/quotes`,
        token: supplierA.token,
        body: quoteBody({ productId: otherProduct }),
        code: 'invalid_reference',
        path: ['body', 'productId'],
      },
    ];
    for (const c of cases) {
      const res = await api.request('POST', c.url, {
        token: c.token ?? t,
        ...(c.rawBody !== undefined ? { rawBody: c.rawBody } : { body: c.body }),
      });
      expect(res.status, `${c.url} ${JSON.stringify(c.body ?? c.rawBody)}`).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.error, JSON.stringify(res.body)).toMatchObject({ code: c.code, path: c.path });
    }
    const patchEmpty = await api.request('PATCH', '/api/quotes/quo_nope', { token: supplierA.token, body: {} });
    expect(patchEmpty.status).toBe(400);
    const badQuery = await api.request('GET', '/api/rfqs?status=pending', { token: t });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.path).toEqual(['querystring', 'status']);
    const unknownQuery = await api.request('GET', '/api/rfqs?color=red', { token: t });
    expect(unknownQuery.status).toBe(400);
    const opNoBuyer = await api.request('POST', '/api/rfqs', { body: rfqBody() });
    expect(opNoBuyer.body.error).toMatchObject({ code: 'validation_failed', path: ['body', 'buyerId'] });
    const notFound = await api.request('POST', '/api/quotes/quo_nope/accept', { token: t });
    expect(notFound.status).toBe(404);
    expect(await snapshotTables(api.store)).toEqual(before);
  });

  it.skipIf(skipReason !== '')('documents the routes in the OpenAPI document', async () => {
    const spec = await api.request('GET', '/openapi.json', { token: null });
    const paths = Object.keys(spec.body.paths);
    for (const p of ['/api/rfqs', '/api/rfqs/{id}', '/api/rfqs/{id}/quotes', '/api/quotes/{id}/accept']) {
      expect(paths).toContain(p);
    }
  });

  it.skipIf(skipReason !== '')(
    'sorts RFQs by creation, deadline, quantity or title, either way, and refuses an unknown sort',
    async () => {
      clock.set(START);
      const sorter = await createOrgWithMember(api, { kind: 'buyer', region: 'east' });
      // ASCII titles: SQLite and PostgreSQL collate non-ASCII text differently.
      const specs = [
        { title: 'Sortable Zeta', quantity: 300, deadline: inDays(9) },
        { title: 'Sortable Alpha', quantity: 50, deadline: inDays(20) },
        { title: 'Sortable Mu', quantity: 120, deadline: inDays(5) },
      ];
      for (const spec of specs) {
        clock.advance(60_000);
        await openRfq(sorter, spec);
      }
      const list = async (sort?: string) => {
        const res = await api.request(
          'GET',
          `/api/rfqs?buyerId=${sorter.organizationId}${sort ? `&sort=${encodeURIComponent(sort)}` : ''}`,
        );
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return res.body.items.map((r: { title: string }) => r.title);
      };
      const [zeta, alpha, mu] = ['Sortable Zeta', 'Sortable Alpha', 'Sortable Mu'];
      expect(await list()).toEqual([mu, alpha, zeta]); // newest first by default
      expect(await list('createdAt')).toEqual([zeta, alpha, mu]);
      expect(await list('deadline')).toEqual([mu, zeta, alpha]);
      expect(await list('-quantity')).toEqual([zeta, mu, alpha]);
      expect(await list('quantity')).toEqual([alpha, mu, zeta]);
      expect(await list('title')).toEqual([alpha, mu, zeta]);
      expect(await list('-title')).toEqual([zeta, mu, alpha]);
      const before = await snapshotTables(api.store);
      const bad = await api.request('GET', '/api/rfqs?sort=targetUnitPrice');
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'validation_failed', path: ['querystring', 'sort'] });
      expect(await snapshotTables(api.store)).toEqual(before);
    },
  );
});
