/**
 * Which order actions the console offers an operator: the platform's edges of the order state machine
 * (packages/core/src/marketplace/orders/state-machine.ts). A return may only be requested by the buyer, so operators
 * never see that one; `complete` after a refused return only when the order was not completed before.
 */
import type { OrderStatus } from './types';

export type OperatorOrderAction =
  | 'pay'
  | 'ship'
  | 'deliver'
  | 'complete'
  | 'cancel'
  | 'approve-return'
  | 'refuse-return';

const PLATFORM_ACTIONS: Record<OrderStatus, readonly OperatorOrderAction[]> = {
  placed: ['pay', 'cancel'],
  paid: ['ship', 'cancel'],
  shipped: ['deliver'],
  delivered: ['complete'],
  completed: [],
  cancelled: [],
  return_requested: ['approve-return', 'refuse-return'],
  returned: [],
  return_refused: ['complete'],
};

/** The actions an operator may take on an order now; none without `order:write`. */
export function orderActions(
  order: { status: OrderStatus; completedAt: string | null },
  mayWrite: boolean,
): OperatorOrderAction[] {
  if (!mayWrite) return [];
  const actions = PLATFORM_ACTIONS[order.status] ?? [];
  return order.status === 'return_refused' && order.completedAt !== null ? [] : [...actions];
}

/** Actions that undo or refuse something: shown as danger buttons, with a reason the operator may give. */
export const DESTRUCTIVE: ReadonlySet<OperatorOrderAction> = new Set(['cancel', 'refuse-return']);

/** The status an action leads to (for the confirmation text and the timeline). */
export const ACTION_TARGET: Record<OperatorOrderAction, OrderStatus> = {
  pay: 'paid',
  ship: 'shipped',
  deliver: 'delivered',
  complete: 'completed',
  cancel: 'cancelled',
  'approve-return': 'returned',
  'refuse-return': 'return_refused',
};
