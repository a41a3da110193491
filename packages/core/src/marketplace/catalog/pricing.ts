import type { Executor } from '../context.js';

/**
 * Catalog pricing, shared by the price endpoint and order placement.
 *
 * - A product's tiers are quantity breaks sorted by `minQuantity`; the first tier's `minQuantity` equals the MOQ.
 * - The tier for a quantity is the one with the greatest `minQuantity` ≤ quantity (below the first break, the first
 *   tier: callers check the MOQ separately and report `below_moq`).
 * - An active promotion (status 'active', startsAt ≤ at < endsAt) may lower the unit price: kind 'price' gives its
 *   per-product unit price, kind 'percent_off' takes percentOff % off the tier price, rounded half up to the nearest
 *   minor unit. The lowest resulting price wins; a promotion never raises the price above the tier price.
 *
 * @example
 * const tiers = [{ minQuantity: 10, unitPrice: 500 }, { minQuantity: 100, unitPrice: 450 }];
 * tierPrice(tiers, 99);  // 500
 * tierPrice(tiers, 100); // 450
 * bestPromotion(450, [{ promotionId: 'prm_1', kind: 'percent_off', percentOff: 10, unitPrice: null }]);
 * // { unitPrice: 405, promotionId: 'prm_1' }
 */

export type PriceTier = { minQuantity: number; unitPrice: number };

/** A promotion running on one product at a given instant. */
export type ActivePromotion = {
  promotionId: string;
  kind: 'price' | 'percent_off';
  /** For kind 'percent_off'. */
  percentOff: number | null;
  /** For kind 'price': the promotional unit price of this product. */
  unitPrice: number | null;
};

/** The tier that applies to `quantity`, or undefined when there are no tiers. Tiers need not be sorted. */
export function tierFor(tiers: readonly PriceTier[], quantity: number): PriceTier | undefined {
  const sorted = [...tiers].sort((a, b) => a.minQuantity - b.minQuantity);
  let chosen = sorted[0];
  for (const tier of sorted) {
    if (tier.minQuantity <= quantity) chosen = tier;
    else break;
  }
  return chosen;
}

/** The tier unit price for `quantity` (minor units); undefined only when there are no tiers. */
export function tierPrice(tiers: readonly PriceTier[], quantity: number): number | undefined {
  return tierFor(tiers, quantity)?.unitPrice;
}

/** `price` less `percentOff` %, rounded half up to the nearest minor unit (integer arithmetic, no float drift). */
export function percentOffPrice(price: number, percentOff: number): number {
  return Math.floor((price * (100 - percentOff) + 50) / 100);
}

/** What one promotion makes of a tier price, or undefined when it does not apply. */
export function promotionPrice(tierUnitPrice: number, promotion: ActivePromotion): number | undefined {
  if (promotion.kind === 'price') return promotion.unitPrice ?? undefined;
  if (promotion.percentOff === null) return undefined;
  return percentOffPrice(tierUnitPrice, promotion.percentOff);
}

/**
 * The lowest price any of the promotions gives on `tierUnitPrice`; the tier price itself (promotionId null) when
 * none lowers it. Ties go to the smallest promotion id, so the choice is stable.
 */
export function bestPromotion(
  tierUnitPrice: number,
  promotions: readonly ActivePromotion[],
): { unitPrice: number; promotionId: string | null } {
  let best: { unitPrice: number; promotionId: string | null } = { unitPrice: tierUnitPrice, promotionId: null };
  const ordered = [...promotions].sort((a, b) => (a.promotionId < b.promotionId ? -1 : 1));
  for (const promotion of ordered) {
    const price = promotionPrice(tierUnitPrice, promotion);
    if (price === undefined || price < 0) continue;
    if (price < best.unitPrice) best = { unitPrice: price, promotionId: promotion.promotionId };
  }
  return best;
}

/** The answer of GET /api/products/:id/price. */
export type PriceQuote = {
  quantity: number;
  tierUnitPrice: number;
  unitPrice: number;
  promotionId: string | null;
  moq: number;
  meetsMoq: boolean;
};

/** Prices `quantity` units of a loaded product: tier, then best promotion, plus the MOQ check. */
export function quotePrice(pricing: ProductPricing, quantity: number): PriceQuote {
  const tierUnitPrice = tierPrice(pricing.tiers, quantity) ?? 0;
  const best = bestPromotion(tierUnitPrice, pricing.promotions);
  return {
    quantity,
    tierUnitPrice,
    unitPrice: best.unitPrice,
    promotionId: best.promotionId,
    moq: pricing.product.moq,
    meetsMoq: quantity >= pricing.product.moq,
  };
}

/** A product with what pricing needs: its tiers (sorted) and the promotions running on it at the given instant. */
export type ProductPricing = {
  product: {
    id: string;
    supplierId: string;
    categoryId: string;
    title: string;
    unit: string;
    moq: number;
    stock: number;
    currency: string;
    status: string;
  };
  tiers: PriceTier[];
  promotions: ActivePromotion[];
};

/**
 * Loads products with their tiers and the promotions active at `at` (ISO instant), keyed by product id. Unknown ids
 * are simply absent from the map. Runs on the given executor, so it can join the caller's transaction.
 */
export async function loadPricing(
  db: Executor,
  productIds: readonly string[],
  at: string,
): Promise<Map<string, ProductPricing>> {
  const ids = [...new Set(productIds)];
  const out = new Map<string, ProductPricing>();
  if (ids.length === 0) return out;
  const products = await db
    .selectFrom('products')
    .select(['id', 'supplierId', 'categoryId', 'title', 'unit', 'moq', 'stock', 'currency', 'status'])
    .where('id', 'in', ids)
    .execute();
  for (const product of products) out.set(product.id, { product, tiers: [], promotions: [] });
  if (products.length === 0) return out;
  const found = products.map((p) => p.id);
  const tiers = await db
    .selectFrom('priceTiers')
    .select(['productId', 'minQuantity', 'unitPrice'])
    .where('productId', 'in', found)
    .orderBy('productId')
    .orderBy('minQuantity')
    .execute();
  for (const t of tiers) out.get(t.productId)?.tiers.push({ minQuantity: t.minQuantity, unitPrice: t.unitPrice });
  const promos = await activePromotionRows(db, found, at);
  for (const p of promos) out.get(p.productId)?.promotions.push(toActivePromotion(p));
  return out;
}

/** Promotion rows (one per promotion × product) running at `at` on the given products. */
export async function activePromotionRows(db: Executor, productIds: readonly string[], at: string) {
  if (productIds.length === 0) return [];
  return db
    .selectFrom('promotionProducts')
    .innerJoin('promotions', 'promotions.id', 'promotionProducts.promotionId')
    .select([
      'promotionProducts.productId',
      'promotionProducts.unitPrice',
      'promotions.id as promotionId',
      'promotions.name',
      'promotions.kind',
      'promotions.percentOff',
      'promotions.startsAt',
      'promotions.endsAt',
    ])
    .where('promotionProducts.productId', 'in', [...productIds])
    .where('promotions.status', '=', 'active')
    .where('promotions.startsAt', '<=', at)
    .where('promotions.endsAt', '>', at)
    .orderBy('promotions.id')
    .execute();
}

function toActivePromotion(row: {
  promotionId: string;
  kind: string;
  percentOff: number | null;
  unitPrice: number | null;
}): ActivePromotion {
  return {
    promotionId: row.promotionId,
    kind: row.kind === 'percent_off' ? 'percent_off' : 'price',
    percentOff: row.percentOff,
    unitPrice: row.unitPrice,
  };
}
