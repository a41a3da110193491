import type { OltpStore } from '@tradeloop/storage';
import { oltpTestTargets, snapshotTables } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../clock.js';
import { newId } from '../../ids.js';
import type { OrganizationKind, Principal } from '../access.js';
import { MarketplaceError } from '../errors.js';
import { OrdersService } from './service.js';

const START = '2026-05-01T00:00:00.000Z';
const admin: Principal = { kind: 'admin' };

describe.each(oltpTestTargets())('OrdersService on $dialect', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  const clock = manualClock(START);
  let store: OltpStore;
  let orders: OrdersService;
  let categoryId: string;

  async function org(kind: OrganizationKind): Promise<Principal & { kind: 'member' }> {
    const id = newId('org');
    await store.db
      .insertInto('organizations')
      .values({
        id,
        name: id,
        kind,
        creditCode: id.slice(-18).toUpperCase(),
        industry: 'steel',
        region: 'east',
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

  async function product(supplierId: string, stock: number, tiers = [{ minQuantity: 1, unitPrice: 100 }]) {
    const id = newId('prd');
    await store.db
      .insertInto('products')
      .values({
        id,
        supplierId,
        categoryId,
        title: 'Plate',
        description: '',
        attributes: '{}',
        unit: 't',
        moq: 1,
        stock,
        currency: 'CNY',
        status: 'active',
        createdAt: START,
        updatedAt: START,
      })
      .execute();
    await store.db
      .insertInto('priceTiers')
      .values(tiers.map((t) => ({ productId: id, ...t })))
      .execute();
    return id;
  }

  const stock = async (id: string) =>
    (await store.db.selectFrom('products').select('stock').where('id', '=', id).executeTakeFirstOrThrow()).stock;

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
    orders = new OrdersService({ store, clock });
    categoryId = newId('cat');
    await store.db
      .insertInto('categories')
      .values({ id: categoryId, parentId: null, name: 'Steel', path: categoryId, sortOrder: 0, createdAt: START })
      .execute();
  });
  afterAll(async () => store?.close());

  it.skipIf(skipReason !== '')('takes stock for a multi-line order atomically, or not at all', async () => {
    const buyer = await org('buyer');
    const supplier = await org('supplier');
    const a = await product(supplier.organizationId, 10);
    const b = await product(supplier.organizationId, 3);
    const before = await snapshotTables(store);
    // The second line cannot be served: the first line's stock must not stay taken.
    const error = await refusal(
      orders.place(buyer, {
        items: [
          { productId: a, quantity: 5 },
          { productId: b, quantity: 4 },
        ],
      }),
    );
    expect(error.code).toBe('insufficient_stock');
    expect(error.path).toEqual(['items', 1, 'quantity']);
    expect(await snapshotTables(store)).toEqual(before);
    // Two lines of the same product count together against its stock.
    const twice = await refusal(
      orders.place(buyer, {
        items: [
          { productId: a, quantity: 6 },
          { productId: a, quantity: 5 },
        ],
      }),
    );
    expect(twice.details).toMatchObject({ available: 10, requested: 11 });
  });

  it.skipIf(skipReason !== '')('sells every last unit exactly once under concurrent multi-product orders', async () => {
    const supplier = await org('supplier');
    const buyers = await Promise.all([org('buyer'), org('buyer'), org('buyer'), org('buyer')]);
    const a = await product(supplier.organizationId, 7);
    const b = await product(supplier.organizationId, 100);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        orders.place(buyers[i % 4] as Principal, {
          items: [
            { productId: b, quantity: 2 },
            { productId: a, quantity: 1 },
          ],
        }),
      ),
    );
    const placed = results.filter((r) => r.status === 'fulfilled');
    expect(placed).toHaveLength(7);
    for (const r of results) {
      if (r.status === 'rejected') expect((r.reason as MarketplaceError).code).toBe('insufficient_stock');
    }
    expect(await stock(a)).toBe(0);
    expect(await stock(b)).toBe(100 - 14);
  });

  it.skipIf(skipReason !== '')('applies one of two concurrent cancellations and restores stock once', async () => {
    const buyer = await org('buyer');
    const supplier = await org('supplier');
    const pid = await product(supplier.organizationId, 10);
    const { order } = await orders.place(buyer, { items: [{ productId: pid, quantity: 4 }] });
    expect(await stock(pid)).toBe(6);
    const results = await Promise.allSettled([
      orders.transition(buyer, order.id, 'cancel'),
      orders.transition(supplier, order.id, 'cancel'),
      orders.transition(admin, order.id, 'cancel'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect((r.reason as MarketplaceError).code).toBe('illegal_transition');
    }
    expect(await stock(pid)).toBe(10);
    const detail = await orders.get(admin, order.id);
    expect(detail.transitions.map((t) => t.toStatus)).toEqual(['placed', 'cancelled']);
  });
});
