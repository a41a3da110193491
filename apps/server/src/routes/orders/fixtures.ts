import { newId } from '@tradeloop/core';
import type { TestApi } from '../../testing/harness.js';

/**
 * Test set-up of the catalog for order tests: rows written straight into the store, so order tests do not depend on
 * the catalog, promotion or coupon routes.
 */

const AT = '2026-01-01T00:00:00.000Z';

export async function seedCategory(api: TestApi): Promise<string> {
  const id = newId('cat');
  await api.store.db
    .insertInto('categories')
    .values({ id, parentId: null, name: `Steel ${id.slice(-4)}`, path: id, sortOrder: 0, createdAt: AT })
    .execute();
  return id;
}

export type SeedProduct = {
  supplierId: string;
  categoryId: string;
  moq?: number;
  stock?: number;
  tiers?: { minQuantity: number; unitPrice: number }[];
  status?: string;
  currency?: string;
  title?: string;
};

export async function seedProduct(api: TestApi, p: SeedProduct): Promise<string> {
  const id = newId('prd');
  const tiers = p.tiers ?? [{ minQuantity: p.moq ?? 1, unitPrice: 1000 }];
  await api.store.db
    .insertInto('products')
    .values({
      id,
      supplierId: p.supplierId,
      categoryId: p.categoryId,
      title: p.title ?? `Rebar ${id.slice(-4)}`,
      description: '',
      attributes: '{}',
      unit: 't',
      moq: p.moq ?? 1,
      stock: p.stock ?? 1000,
      currency: p.currency ?? 'CNY',
      status: p.status ?? 'active',
      createdAt: AT,
      updatedAt: AT,
    })
    .execute();
  await api.store.db
    .insertInto('priceTiers')
    .values(tiers.map((t) => ({ productId: id, ...t })))
    .execute();
  return id;
}

export async function seedPromotion(
  api: TestApi,
  p: {
    productId: string;
    kind: 'price' | 'percent_off';
    unitPrice?: number;
    percentOff?: number;
    startsAt: string;
    endsAt: string;
  },
): Promise<string> {
  const id = newId('prm');
  await api.store.db
    .insertInto('promotions')
    .values({
      id,
      name: `Promo ${id.slice(-4)}`,
      kind: p.kind,
      percentOff: p.percentOff ?? null,
      startsAt: p.startsAt,
      endsAt: p.endsAt,
      status: 'active',
      createdBy: null,
      createdAt: AT,
      updatedAt: AT,
    })
    .execute();
  await api.store.db
    .insertInto('promotionProducts')
    .values({ promotionId: id, productId: p.productId, unitPrice: p.unitPrice ?? null })
    .execute();
  return id;
}

export async function seedBundle(
  api: TestApi,
  b: {
    supplierId: string;
    price: number;
    items: { productId: string; quantity: number }[];
    startsAt?: string | null;
    endsAt?: string | null;
    status?: string;
  },
): Promise<string> {
  const id = newId('bdl');
  await api.store.db
    .insertInto('bundles')
    .values({
      id,
      supplierId: b.supplierId,
      name: `Set ${id.slice(-4)}`,
      price: b.price,
      currency: 'CNY',
      startsAt: b.startsAt ?? null,
      endsAt: b.endsAt ?? null,
      status: b.status ?? 'active',
      createdAt: AT,
      updatedAt: AT,
    })
    .execute();
  await api.store.db
    .insertInto('bundleItems')
    .values(b.items.map((i) => ({ bundleId: id, ...i })))
    .execute();
  return id;
}

let couponSeq = 0;

export async function seedCoupon(
  api: TestApi,
  c: {
    kind?: 'amount_off' | 'percent_off';
    amountOff?: number;
    percentOff?: number;
    threshold?: number;
    supplierId?: string | null;
    validFrom?: string;
    validUntil?: string;
    perOrgLimit?: number;
    totalLimit?: number | null;
    status?: string;
  } = {},
): Promise<{ id: string; code: string }> {
  const id = newId('cpn');
  const code = `T${++couponSeq}${id.slice(-6).toUpperCase()}`;
  await api.store.db
    .insertInto('coupons')
    .values({
      id,
      code,
      name: `Coupon ${code}`,
      kind: c.kind ?? 'amount_off',
      amountOff: c.kind === 'percent_off' ? null : (c.amountOff ?? 1000),
      percentOff: c.kind === 'percent_off' ? (c.percentOff ?? 10) : null,
      threshold: c.threshold ?? 0,
      currency: 'CNY',
      supplierId: c.supplierId ?? null,
      validFrom: c.validFrom ?? '2026-01-01T00:00:00.000Z',
      validUntil: c.validUntil ?? '2027-01-01T00:00:00.000Z',
      perOrgLimit: c.perOrgLimit ?? 1,
      totalLimit: c.totalLimit ?? null,
      status: c.status ?? 'active',
      createdAt: AT,
      updatedAt: AT,
    })
    .execute();
  return { id, code };
}

export async function stockOf(api: TestApi, productId: string): Promise<number> {
  const row = await api.store.db
    .selectFrom('products')
    .select('stock')
    .where('id', '=', productId)
    .executeTakeFirstOrThrow();
  return row.stock;
}
