import type { OltpStore } from '@tradeloop/storage';
import { oltpTestTargets, snapshotTables } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, manualClock } from '../../clock.js';
import { newId } from '../../ids.js';
import type { OrganizationKind, Principal } from '../access.js';
import { MarketplaceError } from '../errors.js';
import { RfqsService } from './service.js';

const START = '2026-05-01T00:00:00.000Z';
const inDays = (d: number): string => new Date(new Date(START).getTime() + d * DAY_MS).toISOString();
const admin: Principal = { kind: 'admin' };

describe.each(oltpTestTargets())('RfqsService on $dialect', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  const clock = manualClock(START);
  let store: OltpStore;
  let rfqs: RfqsService;
  let categoryId: string;

  async function org(kind: OrganizationKind, region = 'east'): Promise<Principal & { kind: 'member' }> {
    const id = newId('org');
    await store.db
      .insertInto('organizations')
      .values({
        id,
        name: id,
        kind,
        creditCode: id.slice(-18).toUpperCase(),
        industry: 'steel',
        region,
        businessLine: 'steel',
        certificationStatus: 'verified',
        certificationNote: null,
        certifiedAt: null,
        certifiedBy: null,
        memberLevelId: null,
        createdAt: START,
        updatedAt: START,
      })
      .execute();
    return { kind: 'member', contactId: newId('ctc'), organizationId: id, organizationKind: kind };
  }

  const newRfq = (p: Principal, buyerId?: string) =>
    rfqs.create(p, {
      ...(buyerId ? { buyerId } : {}),
      categoryId,
      title: '采购不锈钢板',
      description: '',
      quantity: 10,
      unit: '吨',
      currency: 'CNY',
      deadline: inDays(5),
      deliveryRegion: 'east',
    });
  const terms = { unitPrice: 1000, quantity: 10, leadTimeDays: 3, validUntil: inDays(10) };

  async function refusal(promise: Promise<unknown>): Promise<MarketplaceError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MarketplaceError);
    return error as MarketplaceError;
  }

  beforeAll(async () => {
    if (skipReason) return;
    store = await target.open();
    rfqs = new RfqsService({ store, clock });
    categoryId = newId('cat');
    await store.db
      .insertInto('categories')
      .values({ id: categoryId, parentId: null, name: '钢材', path: categoryId, sortOrder: 0, createdAt: START })
      .execute();
  });
  afterAll(async () => store?.close());

  it.skipIf(skipReason !== '')('concurrent acceptances of two quotes award the RFQ exactly once', async () => {
    clock.set(START);
    const buyer = await org('buyer');
    const [s1, s2] = [await org('supplier'), await org('supplier')];
    const rfq = await newRfq(buyer);
    const q1 = await rfqs.submitQuote(s1, rfq.id, terms);
    const q2 = await rfqs.submitQuote(s2, rfq.id, { ...terms, unitPrice: 900 });
    const results = await Promise.allSettled([rfqs.acceptQuote(buyer, q1.id), rfqs.acceptQuote(buyer, q2.id)]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    const [error] = failed;
    expect(error).toBeInstanceOf(MarketplaceError);
    expect(['rfq_closed', 'illegal_transition']).toContain((error as MarketplaceError).code);
    const orders = await store.db.selectFrom('orders').select('id').where('quoteId', 'in', [q1.id, q2.id]).execute();
    expect(orders).toHaveLength(1);
    const detail = await rfqs.get(buyer, rfq.id);
    expect(detail.status).toBe('awarded');
    expect(detail.quotes.map((q) => q.status).sort()).toEqual(['accepted', 'rejected']);
  });

  it.skipIf(skipReason !== '')('concurrent retries with one idempotency key create one order', async () => {
    clock.set(START);
    const buyer = await org('buyer');
    const rfq = await newRfq(buyer);
    const q = await rfqs.submitQuote(await org('supplier'), rfq.id, terms);
    const [a, b] = await Promise.all([
      rfqs.acceptQuote(buyer, q.id, { idempotencyKey: 'k-1' }),
      rfqs.acceptQuote(buyer, q.id, { idempotencyKey: 'k-1' }),
    ]);
    expect(a.orderId).toBe(b.orderId);
    const orders = await store.db.selectFrom('orders').select('id').where('quoteId', '=', q.id).execute();
    expect(orders).toHaveLength(1);
  });

  it.skipIf(skipReason !== '')('an organisation of kind both buys and supplies, but not to itself', async () => {
    clock.set(START);
    const both = await org('both');
    const other = await org('buyer');
    const own = await newRfq(both);
    expect((await refusal(rfqs.submitQuote(both, own.id, terms))).code).toBe('forbidden');
    const theirs = await newRfq(other);
    const q = await rfqs.submitQuote(both, theirs.id, terms);
    expect(q.supplierId).toBe(both.organizationId);
    const listed = await rfqs.list(both, { limit: 200, offset: 0 });
    const ids = listed.items.map((r) => r.id);
    expect(ids).toContain(own.id);
    expect(ids).toContain(theirs.id);
  });

  it.skipIf(skipReason !== '')('operators quote on behalf of a supplier they see, naming it', async () => {
    clock.set(START);
    const buyer = await org('buyer');
    const supplier = await org('supplier');
    const westSupplier = await org('supplier', 'southwest');
    const rfq = await newRfq(buyer);
    const sales: Principal = {
      kind: 'operator',
      operatorId: 'opr_x',
      role: 'sales',
      scope: { regions: ['east'], businessLines: '*' },
    };
    const before = await snapshotTables(store);
    const missing = await refusal(rfqs.submitQuote(sales, rfq.id, terms));
    expect(missing).toMatchObject({ code: 'validation_failed', path: ['supplierId'] });
    const outOfScope = await refusal(
      rfqs.submitQuote(sales, rfq.id, { ...terms, supplierId: westSupplier.organizationId }),
    );
    expect(outOfScope).toMatchObject({ code: 'invalid_reference', path: ['supplierId'] });
    const notSupplier = await refusal(rfqs.submitQuote(sales, rfq.id, { ...terms, supplierId: buyer.organizationId }));
    expect(notSupplier).toMatchObject({ code: 'invalid_reference', path: ['supplierId'] });
    const analyst: Principal = { ...sales, role: 'analyst' };
    expect(
      (await refusal(rfqs.submitQuote(analyst, rfq.id, { ...terms, supplierId: supplier.organizationId }))).code,
    ).toBe('forbidden');
    expect(await snapshotTables(store)).toEqual(before);
    const q = await rfqs.submitQuote(sales, rfq.id, { ...terms, supplierId: supplier.organizationId });
    expect(q).toMatchObject({ supplierId: supplier.organizationId, status: 'submitted', currency: 'CNY' });
  });

  it.skipIf(skipReason !== '')('cancelling an open RFQ rejects its quotes and ends quoting and awarding', async () => {
    clock.set(START);
    const buyer = await org('buyer');
    const supplier = await org('supplier');
    const rfq = await newRfq(buyer);
    const q = await rfqs.submitQuote(supplier, rfq.id, terms);
    const cancelled = await rfqs.cancel(buyer, rfq.id);
    expect(cancelled.status).toBe('cancelled');
    expect((await rfqs.getQuote(supplier, q.id)).status).toBe('rejected');
    expect((await refusal(rfqs.acceptQuote(buyer, q.id))).code).toBe('illegal_transition');
    expect((await refusal(rfqs.cancel(buyer, rfq.id))).code).toBe('illegal_transition');
    // A supplier who quoted still sees the RFQ; one who did not, no longer does.
    expect((await rfqs.get(supplier, rfq.id)).status).toBe('cancelled');
    expect((await refusal(rfqs.get(await org('supplier'), rfq.id))).code).toBe('not_found');
  });

  it.skipIf(skipReason !== '')('members open RFQs only for their own buying organisation', async () => {
    clock.set(START);
    const supplier = await org('supplier');
    const buyer = await org('buyer');
    expect((await refusal(newRfq(supplier))).code).toBe('forbidden');
    expect(await refusal(newRfq(buyer, supplier.organizationId))).toMatchObject({
      code: 'forbidden',
      path: ['buyerId'],
    });
    const rfq = await newRfq(admin, buyer.organizationId);
    expect(rfq).toMatchObject({ buyerId: buyer.organizationId, createdBy: null, status: 'open', quoteCount: 0 });
    expect(await refusal(newRfq(admin, supplier.organizationId))).toMatchObject({
      code: 'invalid_reference',
      path: ['buyerId'],
    });
  });
});
