import { newId } from '../../ids.js';
import type { Executor } from '../context.js';

export type OrderLineDraft = {
  productId: string | null;
  bundleId: string | null;
  promotionId: string | null;
  title: string;
  unit: string;
  quantity: number;
  /** Tier or quoted price before promotions, minor units. */
  listUnitPrice: number;
  /** Price charged per unit, minor units. */
  unitPrice: number;
  /**
   * Line total when it is not quantity × unitPrice: a bundle's set price spread over its lines need not divide
   * evenly by the quantity (unitPrice is then the rounded average). Defaults to quantity × unitPrice.
   */
  lineTotal?: number;
};

/** A fully priced order, ready to be written. */
export type OrderDraft = {
  buyerId: string;
  supplierId: string;
  source: 'catalog' | 'quote';
  quoteId: string | null;
  currency: string;
  lines: OrderLineDraft[];
  /** Coupon discount on the subtotal, minor units. */
  discount: number;
  couponId: string | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  note: string | null;
};

/**
 * Writes an order, its lines and its first transition (→ placed). Call it inside the caller's transaction: catalog
 * orders and accepted quotes both end here.
 */
export async function insertOrder(
  db: Executor,
  draft: OrderDraft,
  actor: { actorKind: string; actorId: string | null },
  at: string,
): Promise<{ id: string; subtotal: number; total: number }> {
  const id = newId('ord');
  const lines = draft.lines.map((line, i) => ({
    id: newId('oit'),
    orderId: id,
    lineNo: i + 1,
    productId: line.productId,
    bundleId: line.bundleId,
    promotionId: line.promotionId,
    title: line.title,
    unit: line.unit,
    quantity: line.quantity,
    listUnitPrice: line.listUnitPrice,
    unitPrice: line.unitPrice,
    lineTotal: line.lineTotal ?? line.quantity * line.unitPrice,
  }));
  const subtotal = lines.reduce((s, l) => s + l.lineTotal, 0);
  const total = Math.max(0, subtotal - draft.discount);
  await db
    .insertInto('orders')
    .values({
      id,
      buyerId: draft.buyerId,
      supplierId: draft.supplierId,
      status: 'placed',
      source: draft.source,
      quoteId: draft.quoteId,
      currency: draft.currency,
      subtotal,
      discount: subtotal - total,
      total,
      couponId: draft.couponId,
      pointsEarned: 0,
      idempotencyKey: draft.idempotencyKey,
      requestHash: draft.requestHash,
      note: draft.note,
      placedAt: at,
      paidAt: null,
      shippedAt: null,
      deliveredAt: null,
      completedAt: null,
      cancelledAt: null,
      updatedAt: at,
    })
    .execute();
  if (lines.length) await db.insertInto('orderItems').values(lines).execute();
  await db
    .insertInto('orderTransitions')
    .values({ id: newId('otr'), orderId: id, fromStatus: null, toStatus: 'placed', ...actor, reason: null, at })
    .execute();
  return { id, subtotal, total };
}
