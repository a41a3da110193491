import type { Category, CategoryNode, PriceTier, Product, ProductPromotion } from '@tradeloop/schema';
import type { CategoriesTable, ProductsTable } from '@tradeloop/storage';
import type { Selectable } from 'kysely';
import { type Executor, parseJson } from '../context.js';

export type CategoryRow = Selectable<CategoriesTable>;
export type ProductRow = Selectable<ProductsTable>;

export const toCategory = (row: CategoryRow): Category => ({
  id: row.id,
  parentId: row.parentId,
  name: row.name,
  path: row.path,
  sortOrder: row.sortOrder,
  createdAt: row.createdAt,
});

/** Nests flat category rows into trees; `rootIds` (default: the rows without a parent) become the roots. */
export function nestCategories(rows: readonly CategoryRow[], rootIds?: readonly string[]): CategoryNode[] {
  const nodes = new Map<string, CategoryNode>();
  for (const row of rows) nodes.set(row.id, { ...toCategory(row), children: [] });
  const roots: CategoryNode[] = [];
  const rootSet = rootIds ? new Set(rootIds) : undefined;
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (rootSet ? rootSet.has(node.id) : !parent) roots.push(node);
    else parent?.children.push(node);
  }
  const order = (a: CategoryNode, b: CategoryNode) =>
    a.sortOrder - b.sortOrder || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1);
  const sortDeep = (list: CategoryNode[]) => {
    list.sort(order);
    for (const n of list) sortDeep(n.children);
  };
  sortDeep(roots);
  return roots;
}

export const toProduct = (row: ProductRow, tiers: PriceTier[]): Product => ({
  id: row.id,
  supplierId: row.supplierId,
  categoryId: row.categoryId,
  title: row.title,
  description: row.description,
  attributes: parseJson<Product['attributes']>(row.attributes),
  unit: row.unit,
  moq: row.moq,
  stock: row.stock,
  currency: row.currency,
  status: row.status as Product['status'],
  tiers,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** Tiers of the given products, sorted by minQuantity, keyed by product id. */
export async function loadTiers(db: Executor, productIds: readonly string[]): Promise<Map<string, PriceTier[]>> {
  const out = new Map<string, PriceTier[]>();
  for (const id of productIds) out.set(id, []);
  if (productIds.length === 0) return out;
  const rows = await db
    .selectFrom('priceTiers')
    .select(['productId', 'minQuantity', 'unitPrice'])
    .where('productId', 'in', [...productIds])
    .orderBy('productId')
    .orderBy('minQuantity')
    .execute();
  for (const r of rows) out.get(r.productId)?.push({ minQuantity: r.minQuantity, unitPrice: r.unitPrice });
  return out;
}

/** Replaces a product's tiers (inside the caller's transaction). */
export async function replaceTiers(db: Executor, productId: string, tiers: readonly PriceTier[]): Promise<void> {
  await db.deleteFrom('priceTiers').where('productId', '=', productId).execute();
  await db
    .insertInto('priceTiers')
    .values(tiers.map((t) => ({ productId, minQuantity: t.minQuantity, unitPrice: t.unitPrice })))
    .execute();
}

export const toProductPromotion = (row: {
  promotionId: string;
  name: string;
  kind: string;
  percentOff: number | null;
  unitPrice: number | null;
  startsAt: string;
  endsAt: string;
}): ProductPromotion => ({
  promotionId: row.promotionId,
  name: row.name,
  kind: row.kind === 'percent_off' ? 'percent_off' : 'price',
  percentOff: row.percentOff,
  unitPrice: row.unitPrice,
  startsAt: row.startsAt,
  endsAt: row.endsAt,
});
