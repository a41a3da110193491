import type { Bundle, BundleCreate, BundleListQuery, BundleUpdate, Page } from '@tradeloop/schema';
import type { BundlesTable } from '@tradeloop/storage';
import type { Selectable } from 'kysely';
import { newId } from '../../ids.js';
import type { Principal } from '../access.js';
import {
  assertSupplierUsable,
  requireSupplierWrite,
  resolveSupplierForWrite,
  supplierRecordVisible,
} from '../catalog/suppliers.js';
import { type Executor, inTransaction, type MarketplaceDeps, nowIso } from '../context.js';
import { MarketplaceError, notFound } from '../errors.js';
import { listPage } from '../paging.js';

type BundleRow = Selectable<BundlesTable>;
type ItemInput = { productId: string; quantity: number };

/**
 * Bundle offers (套餐): products of one supplier sold together at the price of one set.
 *
 * Bundles belong to their supplier: supplier members manage their own, platform-side writers need
 * `marketing:write` and a supplier in their scope. Members see every active bundle and all of their own; operators
 * see bundles of suppliers in their scope; anything else is `not_found`.
 */
export class BundlesService {
  constructor(private readonly deps: MarketplaceDeps) {}

  /** Bundles visible to the principal, newest first; `activeAt` keeps those on sale at that instant. */
  async list(p: Principal, query: BundleListQuery): Promise<Page<Bundle>> {
    const { db } = this.deps.store;
    let base = db.selectFrom('bundles');
    const visible = supplierRecordVisible(p, 'bundles', true);
    if (visible) base = base.where(visible);
    if (query.supplierId) base = base.where('bundles.supplierId', '=', query.supplierId);
    if (query.status) base = base.where('bundles.status', '=', query.status);
    if (query.activeAt) {
      const at = query.activeAt;
      base = base
        .where('bundles.status', '=', 'active')
        .where((eb) => eb.or([eb('bundles.startsAt', 'is', null), eb('bundles.startsAt', '<=', at)]))
        .where((eb) => eb.or([eb('bundles.endsAt', 'is', null), eb('bundles.endsAt', '>', at)]));
    }
    const page = await listPage(
      db,
      base,
      query,
      (q) => q.selectAll('bundles').orderBy('bundles.createdAt', 'desc').orderBy('bundles.id', 'desc'),
      (r) => r,
    );
    return { ...page, items: await withItems(db, page.items) };
  }

  /** One bundle with its items. */
  async get(p: Principal, id: string): Promise<Bundle> {
    const { db } = this.deps.store;
    return (await withItems(db, [await findVisible(db, p, id)]))[0] as Bundle;
  }

  /**
   * Creates a bundle. All items must be products of the bundle's supplier (`mixed_suppliers` at
   * ['items', i, 'productId']) in the bundle's currency. Operators may omit supplierId: the first item's supplier.
   */
  async create(p: Principal, input: BundleCreate): Promise<Bundle> {
    const at = nowIso(this.deps.clock);
    const id = newId('bdl');
    await inTransaction(this.deps, async (trx) => {
      let requested = input.supplierId;
      if (!requested && p.kind !== 'member') {
        const first = input.items[0];
        const product = first
          ? await trx.selectFrom('products').select('supplierId').where('id', '=', first.productId).executeTakeFirst()
          : undefined;
        requested = product?.supplierId;
        if (!requested) {
          throw new MarketplaceError('invalid_reference', `no product ${first?.productId}`, {
            path: ['items', 0, 'productId'],
          });
        }
      }
      const supplierId = await resolveSupplierForWrite(trx, p, requested, 'marketing:write');
      if (p.kind === 'member') await assertSupplierUsable(trx, p, supplierId, ['supplierId']);
      await assertItems(trx, p, supplierId, input.currency, input.items);
      await trx
        .insertInto('bundles')
        .values({
          id,
          supplierId,
          name: input.name,
          price: input.price,
          currency: input.currency,
          startsAt: input.startsAt ?? null,
          endsAt: input.endsAt ?? null,
          status: input.status,
          createdAt: at,
          updatedAt: at,
        })
        .execute();
      await insertItems(trx, id, input.items);
    });
    return this.get(p, id);
  }

  /** Changes a bundle; `items` replaces the whole list (same rules as on creation). */
  async update(p: Principal, id: string, input: BundleUpdate): Promise<Bundle> {
    await inTransaction(this.deps, async (trx) => {
      const row = await findVisible(trx, p, id);
      requireSupplierWrite(p, row.supplierId, 'marketing:write');
      const startsAt = input.startsAt === undefined ? row.startsAt : input.startsAt;
      const endsAt = input.endsAt === undefined ? row.endsAt : input.endsAt;
      if (startsAt && endsAt && startsAt >= endsAt) {
        throw new MarketplaceError('validation_failed', 'endsAt must be after startsAt', {
          path: [input.endsAt !== undefined ? 'endsAt' : 'startsAt'],
        });
      }
      if (input.items) {
        await assertItems(trx, p, row.supplierId, row.currency, input.items);
        await trx.deleteFrom('bundleItems').where('bundleId', '=', id).execute();
        await insertItems(trx, id, input.items);
      }
      const { items: _items, ...fields } = input;
      await trx
        .updateTable('bundles')
        .set({ ...fields, updatedAt: nowIso(this.deps.clock) })
        .where('id', '=', id)
        .execute();
    });
    return this.get(p, id);
  }
}

async function findVisible(db: Executor, p: Principal, id: string): Promise<BundleRow> {
  let q = db.selectFrom('bundles').selectAll('bundles').where('bundles.id', '=', id);
  const visible = supplierRecordVisible(p, 'bundles', true);
  if (visible) q = q.where(visible);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('bundle', id);
  return row;
}

/** Items must be products the principal can see, of the bundle's supplier, in the bundle's currency. */
async function assertItems(
  db: Executor,
  p: Principal,
  supplierId: string,
  currency: string,
  items: readonly ItemInput[],
): Promise<void> {
  let q = db
    .selectFrom('products')
    .select(['products.id', 'products.supplierId', 'products.currency'])
    .where(
      'products.id',
      'in',
      items.map((i) => i.productId),
    );
  const visible = supplierRecordVisible(p, 'products', true);
  if (visible) q = q.where(visible);
  const found = new Map((await q.execute()).map((r) => [r.id, r]));
  items.forEach((item, i) => {
    const path = ['items', i, 'productId'];
    const product = found.get(item.productId);
    if (!product) throw new MarketplaceError('invalid_reference', `no product ${item.productId}`, { path });
    if (product.supplierId !== supplierId) {
      throw new MarketplaceError('mixed_suppliers', `product ${item.productId} is not sold by ${supplierId}`, {
        path,
        details: { supplierId, productSupplierId: product.supplierId },
      });
    }
    if (product.currency !== currency) {
      throw new MarketplaceError('currency_mismatch', `product ${item.productId} is priced in ${product.currency}`, {
        path,
        details: { currency, productCurrency: product.currency },
      });
    }
  });
}

async function insertItems(db: Executor, bundleId: string, items: readonly ItemInput[]): Promise<void> {
  await db
    .insertInto('bundleItems')
    .values(items.map((i) => ({ bundleId, productId: i.productId, quantity: i.quantity })))
    .execute();
}

async function withItems(db: Executor, rows: BundleRow[]): Promise<Bundle[]> {
  const ids = rows.map((r) => r.id);
  const items = ids.length
    ? await db
        .selectFrom('bundleItems')
        .select(['bundleId', 'productId', 'quantity'])
        .where('bundleId', 'in', ids)
        .orderBy('bundleId')
        .orderBy('productId')
        .execute()
    : [];
  const byBundle = new Map<string, Bundle['items']>();
  for (const it of items) {
    const list = byBundle.get(it.bundleId) ?? [];
    list.push({ productId: it.productId, quantity: it.quantity });
    byBundle.set(it.bundleId, list);
  }
  return rows.map((r) => ({
    id: r.id,
    supplierId: r.supplierId,
    name: r.name,
    price: r.price,
    currency: r.currency,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    status: r.status as Bundle['status'],
    items: byBundle.get(r.id) ?? [],
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }));
}
