import {
  type Page,
  type Promotion,
  type PromotionCreate,
  type PromotionListQuery,
  type PromotionUpdate,
  promotionIssues,
} from '@tradeloop/schema';
import type { PromotionsTable } from '@tradeloop/storage';
import type { Selectable } from 'kysely';
import { newId } from '../../ids.js';
import { actorOf, type Principal, requirePermission } from '../access.js';
import { isSupplierMember, supplierRecordVisible } from '../catalog/suppliers.js';
import { type Executor, inTransaction, type MarketplaceDeps, nowIso } from '../context.js';
import { MarketplaceError, notFound } from '../errors.js';
import { listPage } from '../paging.js';

type PromotionRow = Selectable<PromotionsTable>;
type ProductInput = { productId: string; unitPrice?: number | undefined };

/**
 * Time-limited promotions (限时活动): a promotional unit price (kind 'price') or a percentage off the tier price
 * (kind 'percent_off') on chosen products, running while status is 'active' and startsAt ≤ now < endsAt.
 *
 * Promotions are platform-wide configuration: every principal may read them. Platform-side writes need
 * `marketing:write` and may cover any product; supplier members may create and change promotions only on their own
 * products. Pricing (catalog/pricing.ts) picks the lowest price among the promotions running on a product.
 */
export class PromotionsService {
  constructor(private readonly deps: MarketplaceDeps) {}

  /** Promotions, newest first; `activeAt` keeps those running at that instant. */
  async list(_p: Principal, query: PromotionListQuery): Promise<Page<Promotion>> {
    const { db } = this.deps.store;
    let base = db.selectFrom('promotions');
    if (query.status) base = base.where('promotions.status', '=', query.status);
    if (query.activeAt) {
      base = base
        .where('promotions.status', '=', 'active')
        .where('promotions.startsAt', '<=', query.activeAt)
        .where('promotions.endsAt', '>', query.activeAt);
    }
    if (query.productId) {
      const productId = query.productId;
      base = base.where((eb) =>
        eb(
          'promotions.id',
          'in',
          eb.selectFrom('promotionProducts').select('promotionId').where('productId', '=', productId),
        ),
      );
    }
    const page = await listPage(
      db,
      base,
      query,
      (q) => q.selectAll('promotions').orderBy('promotions.createdAt', 'desc').orderBy('promotions.id', 'desc'),
      (r) => r,
    );
    return { ...page, items: await withProducts(db, page.items) };
  }

  /** One promotion with its products. */
  async get(_p: Principal, id: string): Promise<Promotion> {
    const { db } = this.deps.store;
    const row = await db.selectFrom('promotions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('promotion', id);
    return (await withProducts(db, [row]))[0] as Promotion;
  }

  /** Creates a promotion. `marketing:write`, or a supplier member promoting only their own products. */
  async create(p: Principal, input: PromotionCreate): Promise<Promotion> {
    authoriseWriter(p);
    assertNoIssues(promotionIssues(input));
    const at = nowIso(this.deps.clock);
    const id = newId('prm');
    await inTransaction(this.deps, async (trx) => {
      await assertProductsUsable(trx, p, input.products);
      await trx
        .insertInto('promotions')
        .values({
          id,
          name: input.name,
          kind: input.kind,
          percentOff: input.kind === 'percent_off' ? (input.percentOff ?? null) : null,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          status: input.status,
          createdBy: actorOf(p).actorId,
          createdAt: at,
          updatedAt: at,
        })
        .execute();
      await insertProducts(trx, id, input.products);
    });
    return this.get(p, id);
  }

  /**
   * Changes a promotion; `products` replaces the whole list. A supplier member may change only promotions whose
   * products are all their own.
   */
  async update(p: Principal, id: string, input: PromotionUpdate): Promise<Promotion> {
    authoriseWriter(p);
    await inTransaction(this.deps, async (trx) => {
      const row = await trx.selectFrom('promotions').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound('promotion', id);
      if (p.kind === 'member') {
        const foreign = await trx
          .selectFrom('promotionProducts')
          .innerJoin('products', 'products.id', 'promotionProducts.productId')
          .select('products.id')
          .where('promotionProducts.promotionId', '=', id)
          .where('products.supplierId', '!=', p.organizationId)
          .executeTakeFirst();
        if (foreign) throw new MarketplaceError('forbidden', "this promotion covers other suppliers' products");
      }
      const kind = row.kind === 'percent_off' ? 'percent_off' : 'price';
      assertNoIssues(
        promotionIssues({
          kind,
          percentOff: input.percentOff ?? row.percentOff,
          startsAt: input.startsAt ?? row.startsAt,
          endsAt: input.endsAt ?? row.endsAt,
          products: input.products,
        }),
      );
      if (input.products) {
        await assertProductsUsable(trx, p, input.products);
        await trx.deleteFrom('promotionProducts').where('promotionId', '=', id).execute();
        await insertProducts(trx, id, input.products);
      }
      const { products: _products, ...fields } = input;
      await trx
        .updateTable('promotions')
        .set({ ...fields, updatedAt: nowIso(this.deps.clock) })
        .where('id', '=', id)
        .execute();
    });
    return this.get(p, id);
  }
}

function authoriseWriter(p: Principal): void {
  if (p.kind === 'member') {
    if (!isSupplierMember(p)) throw new MarketplaceError('forbidden', 'only suppliers may run promotions');
    return;
  }
  requirePermission(p, 'marketing:write');
}

function assertNoIssues(issues: { path: (string | number)[]; message: string }[]): void {
  const first = issues[0];
  if (first) throw new MarketplaceError('validation_failed', first.message, { path: first.path });
}

/** Every product must exist (as far as the principal can see); members may only promote their own. */
async function assertProductsUsable(db: Executor, p: Principal, items: readonly ProductInput[]): Promise<void> {
  let q = db
    .selectFrom('products')
    .select(['products.id', 'products.supplierId'])
    .where(
      'products.id',
      'in',
      items.map((i) => i.productId),
    );
  // Members may not learn of other suppliers' drafts; platform writers promote any product.
  const visible = p.kind === 'member' ? supplierRecordVisible(p, 'products', true) : undefined;
  if (visible) q = q.where(visible);
  const found = new Map((await q.execute()).map((r) => [r.id, r.supplierId]));
  items.forEach((item, i) => {
    const supplierId = found.get(item.productId);
    const path = ['products', i, 'productId'];
    if (supplierId === undefined) {
      throw new MarketplaceError('invalid_reference', `no product ${item.productId}`, { path });
    }
    if (p.kind === 'member' && supplierId !== p.organizationId) {
      throw new MarketplaceError('forbidden', 'suppliers may promote only their own products', { path });
    }
  });
}

async function insertProducts(db: Executor, promotionId: string, items: readonly ProductInput[]): Promise<void> {
  await db
    .insertInto('promotionProducts')
    .values(items.map((i) => ({ promotionId, productId: i.productId, unitPrice: i.unitPrice ?? null })))
    .execute();
}

async function withProducts(db: Executor, rows: PromotionRow[]): Promise<Promotion[]> {
  const ids = rows.map((r) => r.id);
  const items = ids.length
    ? await db
        .selectFrom('promotionProducts')
        .select(['promotionId', 'productId', 'unitPrice'])
        .where('promotionId', 'in', ids)
        .orderBy('promotionId')
        .orderBy('productId')
        .execute()
    : [];
  const byPromotion = new Map<string, Promotion['products']>();
  for (const it of items) {
    const list = byPromotion.get(it.promotionId) ?? [];
    list.push({ productId: it.productId, unitPrice: it.unitPrice });
    byPromotion.set(it.promotionId, list);
  }
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind as Promotion['kind'],
    percentOff: r.percentOff,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    status: r.status as Promotion['status'],
    createdBy: r.createdBy,
    products: byPromotion.get(r.id) ?? [],
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }));
}
