import type {
  CategoryCreate,
  CategoryNode,
  CategoryUpdate,
  Page,
  PriceQuote,
  Product,
  ProductCreate,
  ProductDetail,
  ProductListQuery,
  ProductTiersPut,
  ProductUpdate,
} from '@tradeloop/schema';
import { type Expression, type SqlBool, sql } from 'kysely';
import { newId } from '../../ids.js';
import { type Principal, requirePermission } from '../access.js';
import { type Executor, inTransaction, type MarketplaceDeps, nowIso } from '../context.js';
import { MarketplaceError, notFound } from '../errors.js';
import { listPage } from '../paging.js';
import { containsText, prefixPattern } from '../text-search.js';
import { activePromotionRows, loadPricing, quotePrice } from './pricing.js';
import {
  type CategoryRow,
  loadTiers,
  nestCategories,
  type ProductRow,
  replaceTiers,
  toProduct,
  toProductPromotion,
} from './repository.js';
import { assertValidTiers, MAX_ATTRIBUTES } from './rules.js';
import {
  assertSupplierUsable,
  requireSupplierWrite,
  resolveSupplierForWrite,
  supplierRecordVisible,
} from './suppliers.js';

/**
 * The category tree and the products suppliers sell.
 *
 * Categories are platform-wide configuration: everyone reads them, `catalog:write` changes them. Each category keeps
 * `path` = the ids from the root down to itself joined by '/', so a subtree is one prefix query; create and move keep
 * it up to date for the whole subtree.
 *
 * Products belong to their supplier: supplier members create and edit their own; operators with `catalog:write`
 * those of suppliers in their data scope. Members see every active product and all of their own; operators see
 * products whose supplier is in their scope; anything else is `not_found`.
 */
export class CatalogService {
  constructor(private readonly deps: MarketplaceDeps) {}

  // -------------------------------------------------------------------------------------------------------------
  // Categories

  /** The whole category tree, roots and children ordered by sortOrder then name. */
  async categoryTree(_p: Principal): Promise<CategoryNode[]> {
    const rows = await this.deps.store.db.selectFrom('categories').selectAll().execute();
    return nestCategories(rows);
  }

  /** One category with its subtree nested under `children`. */
  async getCategory(_p: Principal, id: string): Promise<CategoryNode> {
    const { db } = this.deps.store;
    const cat = await db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
    if (!cat) throw notFound('category', id);
    const rows = await db
      .selectFrom('categories')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', id), subtreeOf(eb.ref('path'), cat.path)]))
      .execute();
    return nestCategories(rows, [id])[0] as CategoryNode;
  }

  /** Creates a category under `parentId` (or a root). Needs `catalog:write`. */
  async createCategory(p: Principal, input: CategoryCreate): Promise<CategoryNode> {
    requirePermission(p, 'catalog:write');
    const at = nowIso(this.deps.clock);
    const id = newId('cat');
    await inTransaction(this.deps, async (trx) => {
      let path = id;
      if (input.parentId) {
        const parent = await findCategory(trx, input.parentId);
        if (!parent) throw invalidParent(input.parentId);
        path = `${parent.path}/${id}`;
      }
      await trx
        .insertInto('categories')
        .values({ id, parentId: input.parentId, name: input.name, path, sortOrder: input.sortOrder, createdAt: at })
        .execute();
    });
    return this.getCategory(p, id);
  }

  /**
   * Renames, reorders or moves a category. A move rewrites the `path` of the whole subtree; moving a category under
   * itself or one of its descendants is `invalid_reference` at ['parentId']. Needs `catalog:write`.
   */
  async updateCategory(p: Principal, id: string, input: CategoryUpdate): Promise<CategoryNode> {
    requirePermission(p, 'catalog:write');
    await inTransaction(this.deps, async (trx) => {
      const cat = await findCategory(trx, id);
      if (!cat) throw notFound('category', id);
      const patch: Partial<CategoryRow> = {};
      if (input.name !== undefined) patch.name = input.name;
      if (input.sortOrder !== undefined) patch.sortOrder = input.sortOrder;
      if (input.parentId !== undefined && input.parentId !== cat.parentId) {
        let newPath = id;
        if (input.parentId !== null) {
          const parent = await findCategory(trx, input.parentId);
          if (!parent) throw invalidParent(input.parentId);
          if (parent.id === id || parent.path.startsWith(`${cat.path}/`)) {
            throw new MarketplaceError('invalid_reference', 'a category cannot move under itself or its descendants', {
              path: ['parentId'],
              details: { parentId: input.parentId },
            });
          }
          newPath = `${parent.path}/${id}`;
        }
        patch.parentId = input.parentId;
        patch.path = newPath;
        // Descendants keep their tail below this category and take the new prefix.
        await trx
          .updateTable('categories')
          .set((eb) => ({
            path: sql<string>`${newPath} || substr(${eb.ref('path')}, ${cat.path.length + 1})`,
          }))
          .where((eb) => subtreeOf(eb.ref('path'), cat.path))
          .execute();
      }
      if (Object.keys(patch).length) await trx.updateTable('categories').set(patch).where('id', '=', id).execute();
    });
    return this.getCategory(p, id);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Products

  /**
   * Products visible to the principal, newest first unless `sort` says otherwise (ties broken by id). `categoryId`
   * includes the category's subtree; `q` matches the title case-insensitively.
   */
  async listProducts(p: Principal, query: ProductListQuery): Promise<Page<Product>> {
    const { db } = this.deps.store;
    let subtreePath: string | undefined;
    if (query.categoryId) {
      const cat = await findCategory(db, query.categoryId);
      if (!cat) return { items: [], total: 0, limit: query.limit, offset: query.offset };
      subtreePath = cat.path;
    }
    const visible = supplierRecordVisible(p, 'products', true);
    let base = db.selectFrom('products');
    if (visible) base = base.where(visible);
    if (query.supplierId) base = base.where('products.supplierId', '=', query.supplierId);
    if (query.status) base = base.where('products.status', '=', query.status);
    if (query.q) base = base.where(containsText('products.title', query.q, this.deps.store.capabilities));
    if (subtreePath !== undefined) {
      const path = subtreePath;
      base = base.where((eb) =>
        eb(
          'products.categoryId',
          'in',
          eb
            .selectFrom('categories')
            .select('categories.id')
            .where((c) => c.or([c('categories.path', '=', path), subtreeOf(c.ref('categories.path'), path)])),
        ),
      );
    }
    const page = await listPage(
      db,
      base,
      query,
      (q) => {
        const sort = query.sort ?? '-createdAt';
        const desc = sort.startsWith('-');
        const field = sort.replace(/^-/, '') as 'createdAt' | 'updatedAt' | 'title' | 'moq' | 'stock';
        return q
          .selectAll('products')
          .orderBy(`products.${field}`, desc ? 'desc' : 'asc')
          .orderBy('products.id', desc ? 'desc' : 'asc');
      },
      (r) => r,
    );
    const tiers = await loadTiers(
      db,
      page.items.map((r) => r.id),
    );
    return { ...page, items: page.items.map((r) => toProduct(r, tiers.get(r.id) ?? [])) };
  }

  /** One product with its tiers, its supplier's name and region, and the promotions running on it now. */
  async getProduct(p: Principal, id: string): Promise<ProductDetail> {
    const { db } = this.deps.store;
    // The hottest read of the API: product and supplier in one query, then tiers and promotions.
    let q = db
      .selectFrom('products')
      .innerJoin('organizations as supplier', 'supplier.id', 'products.supplierId')
      .selectAll('products')
      .select(['supplier.name as supplierName', 'supplier.region as supplierRegion'])
      .where('products.id', '=', id);
    const visible = supplierRecordVisible(p, 'products', true);
    if (visible) q = q.where(visible as never);
    const found = await q.executeTakeFirst();
    if (!found) throw notFound('product', id);
    const { supplierName, supplierRegion, ...row } = found;
    const [tiers, promos] = await Promise.all([
      loadTiers(db, [id]),
      activePromotionRows(db, [id], nowIso(this.deps.clock)),
    ]);
    return {
      ...toProduct(row, tiers.get(id) ?? []),
      supplier: { id: row.supplierId, name: supplierName, region: supplierRegion },
      promotions: promos.map(toProductPromotion),
    };
  }

  /**
   * Creates a product with its tiers. Supplier members create for their own organisation; platform-side needs
   * `catalog:write` and a supplier in scope.
   */
  async createProduct(p: Principal, input: ProductCreate): Promise<ProductDetail> {
    checkAttributes(input.attributes);
    assertValidTiers(input.tiers, input.moq);
    const at = nowIso(this.deps.clock);
    const id = newId('prd');
    await inTransaction(this.deps, async (trx) => {
      const supplierId = await resolveSupplierForWrite(trx, p, input.supplierId, 'catalog:write');
      if (p.kind === 'member') await assertSupplierUsable(trx, p, supplierId, ['supplierId']);
      await assertCategoryExists(trx, input.categoryId);
      await trx
        .insertInto('products')
        .values({
          id,
          supplierId,
          categoryId: input.categoryId,
          title: input.title,
          description: input.description,
          attributes: JSON.stringify(input.attributes),
          unit: input.unit,
          moq: input.moq,
          stock: input.stock,
          currency: input.currency,
          status: input.status,
          createdAt: at,
          updatedAt: at,
        })
        .execute();
      await replaceTiers(trx, id, input.tiers);
    });
    return this.getProduct(p, id);
  }

  /**
   * Changes a product. Changing the MOQ needs tiers whose first minQuantity equals it: send `moq` and `tiers`
   * together (or tiers that already start at the new MOQ). Members only their own products.
   */
  async updateProduct(p: Principal, id: string, input: ProductUpdate): Promise<ProductDetail> {
    if (input.attributes) checkAttributes(input.attributes);
    await inTransaction(this.deps, async (trx) => {
      const row = await this.findWritableProduct(trx, p, id);
      const moq = input.moq ?? row.moq;
      if (input.tiers) assertValidTiers(input.tiers, moq);
      else if (input.moq !== undefined && input.moq !== row.moq) {
        const current = (await loadTiers(trx, [id])).get(id) ?? [];
        assertValidTiers(current, moq, true);
      }
      if (input.categoryId !== undefined) await assertCategoryExists(trx, input.categoryId);
      const { tiers, attributes, ...fields } = input;
      await trx
        .updateTable('products')
        .set({
          ...fields,
          ...(attributes ? { attributes: JSON.stringify(attributes) } : {}),
          updatedAt: nowIso(this.deps.clock),
        })
        .where('id', '=', id)
        .execute();
      if (tiers) await replaceTiers(trx, id, tiers);
    });
    return this.getProduct(p, id);
  }

  /** Replaces a product's price tiers; the first tier must start at the product's MOQ. */
  async putTiers(p: Principal, id: string, input: ProductTiersPut): Promise<ProductDetail> {
    await inTransaction(this.deps, async (trx) => {
      const row = await this.findWritableProduct(trx, p, id);
      assertValidTiers(input.tiers, row.moq);
      await replaceTiers(trx, id, input.tiers);
      await trx
        .updateTable('products')
        .set({ updatedAt: nowIso(this.deps.clock) })
        .where('id', '=', id)
        .execute();
    });
    return this.getProduct(p, id);
  }

  /** The price of `quantity` units now: the tier, the best running promotion, and whether the MOQ is met. */
  async price(p: Principal, id: string, quantity: number): Promise<PriceQuote> {
    const { db } = this.deps.store;
    await this.findVisibleProduct(db, p, id);
    const pricing = (await loadPricing(db, [id], nowIso(this.deps.clock))).get(id);
    if (!pricing) throw notFound('product', id);
    return quotePrice(pricing, quantity);
  }

  private async findVisibleProduct(db: Executor, p: Principal, id: string): Promise<ProductRow> {
    let q = db.selectFrom('products').selectAll('products').where('products.id', '=', id);
    const visible = supplierRecordVisible(p, 'products', true);
    if (visible) q = q.where(visible);
    const row = await q.executeTakeFirst();
    if (!row) throw notFound('product', id);
    return row;
  }

  /** Visible (else 404), then writable by this principal (else 403). */
  private async findWritableProduct(db: Executor, p: Principal, id: string): Promise<ProductRow> {
    const row = await this.findVisibleProduct(db, p, id);
    requireSupplierWrite(p, row.supplierId, 'catalog:write');
    return row;
  }
}

const findCategory = (db: Executor, id: string) =>
  db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();

async function assertCategoryExists(db: Executor, id: string): Promise<void> {
  if (!(await findCategory(db, id))) {
    throw new MarketplaceError('invalid_reference', `no category ${id}`, { path: ['categoryId'] });
  }
}

const invalidParent = (id: string) =>
  new MarketplaceError('invalid_reference', `no category ${id}`, { path: ['parentId'], details: { parentId: id } });

/** Strict descendants of the category whose path is `path`. */
function subtreeOf(ref: Expression<unknown>, path: string) {
  return sql<SqlBool>`${ref} like ${prefixPattern(`${path}/`)} escape '\\'`;
}

function checkAttributes(attributes: Record<string, unknown>): void {
  if (Object.keys(attributes).length > MAX_ATTRIBUTES) {
    throw new MarketplaceError('validation_failed', `at most ${MAX_ATTRIBUTES} attributes`, { path: ['attributes'] });
  }
}
