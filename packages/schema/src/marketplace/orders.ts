import { z } from 'zod';
import { Id, Instant, Pagination, page } from '../common.js';

/**
 * placed → paid | cancelled; paid → shipped | cancelled; shipped → delivered; delivered → completed |
 * return_requested; completed → return_requested; return_requested → returned | return_refused;
 * return_refused → completed (when it was not completed before).
 */
export const ORDER_STATUSES = [
  'placed',
  'paid',
  'shipped',
  'delivered',
  'completed',
  'cancelled',
  'return_requested',
  'returned',
  'return_refused',
] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** The transition routes: POST /api/orders/:id/<action>. */
export const ORDER_ACTIONS = [
  'pay',
  'ship',
  'deliver',
  'complete',
  'cancel',
  'request-return',
  'approve-return',
  'refuse-return',
] as const;
export const OrderAction = z.enum(ORDER_ACTIONS);
export type OrderAction = z.infer<typeof OrderAction>;

/** Order quantities: a positive integer of at most one million units per line. */
export const OrderQuantity = z.number().int().min(1).max(1_000_000);

export const PlaceOrder = z
  .strictObject({
    /** Required for operators and the admin token placing on behalf of a buyer; members order for their own org. */
    buyerId: Id.optional(),
    items: z
      .array(z.strictObject({ productId: Id, quantity: OrderQuantity }))
      .max(100)
      .default([]),
    /** Bundle offers (套餐): `quantity` sets of the supplier's defined set, at the bundle price. */
    bundles: z
      .array(z.strictObject({ bundleId: Id, quantity: OrderQuantity }))
      .max(20)
      .optional(),
    couponCode: z.string().trim().min(1).max(32).optional(),
    note: z.string().max(500).optional(),
  })
  .refine((b) => b.items.length > 0 || (b.bundles?.length ?? 0) > 0, {
    path: ['items'],
    message: 'an order needs at least one item or bundle',
  });
export type PlaceOrder = z.infer<typeof PlaceOrder>;

/** The `Idempotency-Key` header of POST /api/orders. */
export const IdempotencyKey = z
  .string()
  .min(1)
  .max(100)
  .describe(
    'Retry key, at most 100 characters, scoped to the buyer. The same key with the same request returns the ' +
      'original order (200, header Idempotent-Replayed: true); with a different request, 409 idempotency_key_reused.',
  );

export const TransitionOrder = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() });
export type TransitionOrder = z.infer<typeof TransitionOrder>;

export const OrderItem = z.object({
  id: z.string(),
  lineNo: z.number().int(),
  productId: z.string().nullable(),
  bundleId: z.string().nullable(),
  promotionId: z.string().nullable(),
  title: z.string(),
  unit: z.string(),
  quantity: z.number().int(),
  /** Tier (or quoted) unit price before promotions and bundle pricing. */
  listUnitPrice: z.number().int(),
  /** Unit price charged; for bundle lines the line total is authoritative and this is rounded. */
  unitPrice: z.number().int(),
  lineTotal: z.number().int(),
});
export type OrderItem = z.infer<typeof OrderItem>;

export const OrderTransition = z.object({
  id: z.string(),
  fromStatus: OrderStatus.nullable(),
  toStatus: OrderStatus,
  actorKind: z.enum(['admin', 'operator', 'member', 'system']),
  actorId: z.string().nullable(),
  reason: z.string().nullable(),
  at: z.string(),
});
export type OrderTransition = z.infer<typeof OrderTransition>;

export const Order = z.object({
  id: z.string(),
  buyerId: z.string(),
  supplierId: z.string(),
  status: OrderStatus,
  source: z.enum(['catalog', 'quote']),
  quoteId: z.string().nullable(),
  currency: z.string(),
  subtotal: z.number().int(),
  discount: z.number().int(),
  total: z.number().int(),
  couponId: z.string().nullable(),
  pointsEarned: z.number().int(),
  idempotencyKey: z.string().nullable(),
  note: z.string().nullable(),
  placedAt: z.string(),
  paidAt: z.string().nullable(),
  shippedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type Order = z.infer<typeof Order>;

/** An order with its lines and its timeline of transitions (oldest first). */
export const OrderDetail = Order.extend({ items: z.array(OrderItem), transitions: z.array(OrderTransition) });
export type OrderDetail = z.infer<typeof OrderDetail>;

/** The orders an order list can come in (`-` = descending). */
export const ORDER_SORTS = ['placedAt', '-placedAt', 'total', '-total'] as const;

export const OrderListQuery = Pagination.extend({
  buyerId: Id.optional(),
  supplierId: Id.optional(),
  status: OrderStatus.optional(),
  /** placedAt ≥ placedFrom. */
  placedFrom: Instant.optional(),
  /** placedAt < placedTo. */
  placedTo: Instant.optional(),
  sort: z
    .enum(ORDER_SORTS)
    .optional()
    .describe(
      'Order of the list: a field, descending with a leading "-" (ties broken by id); default -placedAt. Totals ' +
        'compare as amounts in minor units, whatever the currency',
    ),
}).strict();
export type OrderListQuery = z.infer<typeof OrderListQuery>;

export const OrderPage = page(Order);
