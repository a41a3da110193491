import { DAY_MS } from '../../clock.js';

/**
 * The order state machine as data: which transitions exist and which party may make each.
 *
 * placed → paid | cancelled; paid → shipped | cancelled; shipped → delivered; delivered → completed |
 * return_requested; completed → return_requested; return_requested → returned | return_refused;
 * return_refused → completed (only when the order was not completed before the return was requested).
 */
export type OrderStatus =
  | 'placed'
  | 'paid'
  | 'shipped'
  | 'delivered'
  | 'completed'
  | 'cancelled'
  | 'return_requested'
  | 'returned'
  | 'return_refused';

export type OrderAction =
  | 'pay'
  | 'ship'
  | 'deliver'
  | 'complete'
  | 'cancel'
  | 'request-return'
  | 'approve-return'
  | 'refuse-return';

/** Who is acting on an order: a member of its buyer or supplier, or the platform (operator, admin, system). */
export type OrderParty = 'buyer' | 'supplier' | 'platform';

export const ACTION_TARGET: Record<OrderAction, OrderStatus> = {
  pay: 'paid',
  ship: 'shipped',
  deliver: 'delivered',
  complete: 'completed',
  cancel: 'cancelled',
  'request-return': 'return_requested',
  'approve-return': 'returned',
  'refuse-return': 'return_refused',
};

type Edge = { to: OrderStatus; parties: readonly OrderParty[] };

const EDGES: Record<OrderStatus, readonly Edge[]> = {
  placed: [
    { to: 'paid', parties: ['buyer', 'platform'] },
    { to: 'cancelled', parties: ['buyer', 'supplier', 'platform'] },
  ],
  paid: [
    { to: 'shipped', parties: ['supplier', 'platform'] },
    { to: 'cancelled', parties: ['supplier', 'platform'] },
  ],
  shipped: [{ to: 'delivered', parties: ['buyer', 'supplier', 'platform'] }],
  delivered: [
    { to: 'completed', parties: ['buyer', 'platform'] },
    { to: 'return_requested', parties: ['buyer'] },
  ],
  completed: [{ to: 'return_requested', parties: ['buyer'] }],
  return_requested: [
    { to: 'returned', parties: ['supplier', 'platform'] },
    { to: 'return_refused', parties: ['supplier', 'platform'] },
  ],
  return_refused: [{ to: 'completed', parties: ['buyer', 'platform'] }],
  cancelled: [],
  returned: [],
};

/** Days after delivery during which the buyer may request a return. */
export const RETURN_WINDOW_DAYS = 7;

/** The statuses an order may move to from `from` (whoever asks). */
export function allowedTargets(from: OrderStatus, order: { completedAt: string | null }): OrderStatus[] {
  return EDGES[from]
    .filter((e) => !(from === 'return_refused' && e.to === 'completed' && order.completedAt !== null))
    .map((e) => e.to);
}

/** The parties that may move an order from `from` to `to`, or undefined when the transition does not exist. */
export function partiesFor(
  from: OrderStatus,
  to: OrderStatus,
  order: { completedAt: string | null },
): readonly OrderParty[] | undefined {
  if (!allowedTargets(from, order).includes(to)) return undefined;
  return EDGES[from].find((e) => e.to === to)?.parties;
}

/**
 * Whether a return may still be requested at `at`. Boundary: a request exactly 7 × 24 h after `deliveredAt` is
 * accepted; one millisecond later it is refused.
 */
export function withinReturnWindow(deliveredAt: string | null, at: string): boolean {
  if (deliveredAt === null) return false;
  return Date.parse(at) <= Date.parse(deliveredAt) + RETURN_WINDOW_DAYS * DAY_MS;
}

export const isOrderStatus = (s: string): s is OrderStatus => s in EDGES;
