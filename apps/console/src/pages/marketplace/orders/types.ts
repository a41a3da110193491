/** Shapes of the order answers (mirrors packages/schema/src/marketplace/orders.ts). */
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
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type OrderItem = {
  id: string;
  lineNo: number;
  productId: string | null;
  bundleId: string | null;
  promotionId: string | null;
  title: string;
  unit: string;
  quantity: number;
  listUnitPrice: number;
  unitPrice: number;
  lineTotal: number;
};

export type OrderTransition = {
  id: string;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  actorKind: 'admin' | 'operator' | 'member' | 'system';
  actorId: string | null;
  reason: string | null;
  at: string;
};

export type Order = {
  id: string;
  buyerId: string;
  supplierId: string;
  status: OrderStatus;
  source: 'catalog' | 'quote';
  quoteId: string | null;
  currency: string;
  subtotal: number;
  discount: number;
  total: number;
  couponId: string | null;
  pointsEarned: number;
  idempotencyKey: string | null;
  note: string | null;
  placedAt: string;
  paidAt: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  updatedAt: string;
};

export type OrderDetail = Order & { items: OrderItem[]; transitions: OrderTransition[] };
export type OrderPage = { items: Order[]; total: number; limit: number; offset: number };
