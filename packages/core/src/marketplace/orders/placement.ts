import { createHash } from 'node:crypto';
import type { Database } from '@tradeloop/storage';
import type { Transaction } from 'kysely';
import { bestPromotion, loadPricing, type ProductPricing, tierPrice } from '../catalog/pricing.js';
import { couponDiscount, normalizeCouponCode } from '../coupons/rules.js';
import { MarketplaceError } from '../errors.js';
import type { OrderLineDraft } from './insert.js';

/**
 * Order placement steps, each run inside the placement transaction: price the request (tiers, promotions,
 * bundles), check the coupon, reserve stock. Each step validates before it writes, and any refusal throws, so
 * the transaction rolls back and a refused order leaves no trace.
 */

export type PlacementRequest = {
  items: { productId: string; quantity: number }[];
  bundles?: { bundleId: string; quantity: number }[] | undefined;
  couponCode?: string | undefined;
  note?: string | undefined;
};

type Path = (string | number)[];

/** A priced line plus where it came from in the request (for error paths) and the stock it needs. */
export type PricedLine = OrderLineDraft & { path: Path; lineTotal: number };

export type PricedOrder = { supplierId: string; currency: string; lines: PricedLine[]; subtotal: number };

/** sha256 of the canonical request and buyer: tells a retry (same hash) from a reuse of the key (other hash). */
export function requestHash(buyerId: string, req: PlacementRequest): string {
  const canonical = {
    buyerId,
    items: req.items.map((i) => [i.productId, i.quantity]),
    bundles: (req.bundles ?? []).map((b) => [b.bundleId, b.quantity]),
    couponCode: req.couponCode === undefined ? null : normalizeCouponCode(req.couponCode),
    note: req.note ?? null,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** Prices every item and bundle of the request at `at`; checks status, one supplier, one currency and MOQ. */
export async function priceRequest(
  trx: Transaction<Database>,
  req: PlacementRequest,
  at: string,
): Promise<PricedOrder> {
  const bundles = req.bundles ?? [];
  const bundleRows = bundles.length
    ? await trx
        .selectFrom('bundles')
        .selectAll()
        .where(
          'id',
          'in',
          bundles.map((b) => b.bundleId),
        )
        .execute()
    : [];
  const bundleItems = bundleRows.length
    ? await trx
        .selectFrom('bundleItems')
        .selectAll()
        .where(
          'bundleId',
          'in',
          bundleRows.map((b) => b.id),
        )
        .orderBy('bundleId')
        .orderBy('productId')
        .execute()
    : [];
  const pricing = await loadPricing(
    trx,
    [...req.items.map((i) => i.productId), ...bundleItems.map((b) => b.productId)],
    at,
  );

  let supplierId: string | undefined;
  let currency: string | undefined;
  const sameSeller = (s: string, c: string, path: Path) => {
    supplierId ??= s;
    currency ??= c;
    if (s !== supplierId) {
      throw new MarketplaceError('mixed_suppliers', 'all items of an order must come from one supplier', {
        path,
        details: { supplierId, otherSupplierId: s },
      });
    }
    if (c !== currency) {
      throw new MarketplaceError('currency_mismatch', `items are priced in ${currency} and ${c}`, {
        path,
        details: { currency, otherCurrency: c },
      });
    }
  };
  const available = (p: ProductPricing | undefined): p is ProductPricing =>
    p !== undefined && p.product.status === 'active' && p.tiers.length > 0;

  const lines: PricedLine[] = [];
  req.items.forEach((item, i) => {
    const p = pricing.get(item.productId);
    if (!available(p)) {
      throw new MarketplaceError('product_unavailable', `product ${item.productId} is not available`, {
        path: ['items', i, 'productId'],
        details: { productId: item.productId },
      });
    }
    sameSeller(p.product.supplierId, p.product.currency, ['items', i, 'productId']);
    if (item.quantity < p.product.moq) {
      throw new MarketplaceError('below_moq', `minimum order quantity of ${p.product.title} is ${p.product.moq}`, {
        path: ['items', i, 'quantity'],
        details: { moq: p.product.moq, quantity: item.quantity },
      });
    }
    const listUnitPrice = tierPrice(p.tiers, item.quantity) ?? 0;
    const best = bestPromotion(listUnitPrice, p.promotions);
    lines.push({
      productId: item.productId,
      bundleId: null,
      promotionId: best.promotionId,
      title: p.product.title,
      unit: p.product.unit,
      quantity: item.quantity,
      listUnitPrice,
      unitPrice: best.unitPrice,
      lineTotal: item.quantity * best.unitPrice,
      path: ['items', i, 'quantity'],
    });
  });

  bundles.forEach((req, j) => {
    const path = ['bundles', j, 'bundleId'];
    const bundle = bundleRows.find((b) => b.id === req.bundleId);
    const items = bundleItems.filter((b) => b.bundleId === req.bundleId);
    const running =
      bundle !== undefined &&
      bundle.status === 'active' &&
      (bundle.startsAt === null || bundle.startsAt <= at) &&
      (bundle.endsAt === null || at < bundle.endsAt);
    if (!bundle || !running || items.length === 0) {
      throw new MarketplaceError('product_unavailable', `bundle ${req.bundleId} is not available`, {
        path,
        details: { bundleId: req.bundleId },
      });
    }
    sameSeller(bundle.supplierId, bundle.currency, path);
    const priced = items.map((bi) => {
      const p = pricing.get(bi.productId);
      if (!available(p)) {
        throw new MarketplaceError(
          'product_unavailable',
          `product ${bi.productId} of bundle ${bundle.id} is not available`,
          {
            path,
            details: { bundleId: bundle.id, productId: bi.productId },
          },
        );
      }
      sameSeller(p.product.supplierId, p.product.currency, path);
      const quantity = bi.quantity * req.quantity;
      return { p, setQuantity: bi.quantity, quantity, listUnitPrice: tierPrice(p.tiers, quantity) ?? 0 };
    });
    // The set price is spread over the lines in proportion to their list value (by quantity when that is 0); the
    // last line takes the rounding remainder so the lines add up to exactly price × sets.
    const weights = priced.map((x) => x.setQuantity * x.listUnitPrice);
    const weightSum = weights.reduce((s, w) => s + w, 0);
    const shares = priced.map((x, k) =>
      weightSum > 0
        ? Math.floor((bundle.price * (weights[k] ?? 0)) / weightSum)
        : Math.floor((bundle.price * x.setQuantity) / priced.reduce((s, y) => s + y.setQuantity, 0)),
    );
    const spread = shares.slice(0, -1).reduce((s, v) => s + v, 0);
    shares[shares.length - 1] = bundle.price - spread;
    priced.forEach((x, k) => {
      const lineTotal = (shares[k] ?? 0) * req.quantity;
      lines.push({
        productId: x.p.product.id,
        bundleId: bundle.id,
        promotionId: null,
        title: `${bundle.name} · ${x.p.product.title}`,
        unit: x.p.product.unit,
        quantity: x.quantity,
        listUnitPrice: x.listUnitPrice,
        unitPrice: Math.round(lineTotal / x.quantity),
        lineTotal,
        path: ['bundles', j, 'quantity'],
      });
    });
  });

  if (supplierId === undefined || currency === undefined) {
    throw new MarketplaceError('validation_failed', 'an order needs at least one item or bundle', { path: ['items'] });
  }
  return { supplierId, currency, lines, subtotal: lines.reduce((s, l) => s + l.lineTotal, 0) };
}

/**
 * Checks the coupon against the priced order and returns its id and discount. The coupon row is locked (FOR UPDATE
 * where the store has row locks) so concurrent orders count redemptions one after the other.
 */
export async function applyCoupon(
  trx: Transaction<Database>,
  input: { code: string; buyerId: string; order: PricedOrder; at: string; rowLocks: boolean },
): Promise<{ couponId: string; discount: number }> {
  const path = ['couponCode'];
  const code = normalizeCouponCode(input.code);
  let query = trx.selectFrom('coupons').selectAll().where('code', '=', code);
  if (input.rowLocks) query = query.forUpdate();
  const coupon = await query.executeTakeFirst();
  if (coupon?.status !== 'active') {
    throw new MarketplaceError('coupon_invalid', `coupon ${code} does not exist or is disabled`, { path });
  }
  if (input.at < coupon.validFrom) {
    throw new MarketplaceError('coupon_not_started', `coupon ${code} is valid from ${coupon.validFrom}`, {
      path,
      details: { validFrom: coupon.validFrom },
    });
  }
  if (input.at >= coupon.validUntil) {
    throw new MarketplaceError('coupon_expired', `coupon ${code} expired at ${coupon.validUntil}`, {
      path,
      details: { validUntil: coupon.validUntil },
    });
  }
  if (coupon.supplierId !== null && coupon.supplierId !== input.order.supplierId) {
    throw new MarketplaceError('coupon_not_applicable', `coupon ${code} applies only to another supplier's orders`, {
      path,
      details: { supplierId: coupon.supplierId },
    });
  }
  if (coupon.currency !== input.order.currency) {
    throw new MarketplaceError('coupon_not_applicable', `coupon ${code} is in ${coupon.currency}`, {
      path,
      details: { currency: coupon.currency },
    });
  }
  if (input.order.subtotal < coupon.threshold) {
    throw new MarketplaceError(
      'coupon_threshold_not_met',
      `coupon ${code} needs a subtotal of at least ${coupon.threshold}`,
      { path, details: { threshold: coupon.threshold, subtotal: input.order.subtotal } },
    );
  }
  const counts = await trx
    .selectFrom('couponRedemptions')
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      eb.fn.sum<number>(eb.case().when('organizationId', '=', input.buyerId).then(1).else(0).end()).as('byOrg'),
    ])
    .where('couponId', '=', coupon.id)
    .executeTakeFirstOrThrow();
  const total = Number(counts.total);
  const byOrg = Number(counts.byOrg ?? 0);
  if (byOrg >= coupon.perOrgLimit) {
    throw new MarketplaceError('coupon_limit_reached', `coupon ${code} was already used ${byOrg} time(s)`, {
      path,
      details: { perOrgLimit: coupon.perOrgLimit, used: byOrg },
    });
  }
  if (coupon.totalLimit !== null && total >= coupon.totalLimit) {
    throw new MarketplaceError('coupon_limit_reached', `coupon ${code} is used up`, {
      path,
      details: { totalLimit: coupon.totalLimit, used: total },
    });
  }
  return { couponId: coupon.id, discount: couponDiscount(coupon, input.order.subtotal) };
}

/**
 * Takes the stock of every product the order needs. The UPDATE is guarded (`stock >= demand`), so of concurrent
 * orders competing for the last units only those that fit succeed: stock never goes negative.
 */
export async function reserveStock(trx: Transaction<Database>, lines: PricedLine[], at: string): Promise<void> {
  const demand = new Map<string, { quantity: number; path: Path }>();
  for (const line of lines) {
    if (line.productId === null) continue;
    const d = demand.get(line.productId);
    if (d) d.quantity += line.quantity;
    else demand.set(line.productId, { quantity: line.quantity, path: line.path });
  }
  for (const [productId, d] of demand) {
    const res = await trx
      .updateTable('products')
      .set((eb) => ({ stock: eb('stock', '-', d.quantity), updatedAt: at }))
      .where('id', '=', productId)
      .where('stock', '>=', d.quantity)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 1) continue;
    const row = await trx.selectFrom('products').select('stock').where('id', '=', productId).executeTakeFirst();
    throw new MarketplaceError('insufficient_stock', `only ${row?.stock ?? 0} in stock for product ${productId}`, {
      path: d.path,
      details: { productId, available: row?.stock ?? 0, requested: d.quantity },
    });
  }
}

/** Gives back the stock of an order's lines (cancellation, accepted return). */
export async function restoreStock(trx: Transaction<Database>, orderId: string, at: string): Promise<void> {
  const lines = await trx
    .selectFrom('orderItems')
    .select(['productId', 'quantity'])
    .where('orderId', '=', orderId)
    .where('productId', 'is not', null)
    .execute();
  for (const line of lines) {
    if (line.productId === null) continue;
    await trx
      .updateTable('products')
      .set((eb) => ({ stock: eb('stock', '+', line.quantity), updatedAt: at }))
      .where('id', '=', line.productId)
      .execute();
  }
}
