import type { SimCategory, SimCoupon, SimOrganization, SimProduct } from './world.js';

/**
 * What the simulation yields, in time order: entities when they come into existence, marketplace operations (the
 * calls a buyer or supplier makes through the marketplace API) and tracked messages in the Segment HTTP shape.
 * Ids are the simulator's own (`org_sim…`, `ord_sim…`); a loader maps them to the ids the platform assigns.
 */
export type MarketOp =
  | {
      op: 'place-order';
      orderId: string;
      buyerId: string;
      contactId: string;
      items: { productId: string; quantity: number }[];
      couponCode?: string;
    }
  | {
      op: 'transition';
      orderId: string;
      action: 'pay' | 'ship' | 'deliver' | 'complete' | 'cancel' | 'request-return' | 'approve-return';
      /** Who acts: a contact of the buyer or the supplier, or the platform (logistics confirmations). */
      by: 'buyer' | 'supplier' | 'platform';
      organizationId: string;
      contactId: string | null;
      reason?: string;
    }
  | {
      op: 'create-rfq';
      rfqId: string;
      buyerId: string;
      contactId: string;
      categoryId: string;
      title: string;
      quantity: number;
      unit: string;
      targetUnitPrice: number;
      deadline: string;
      deliveryRegion: SimOrganization['region'];
    }
  | {
      op: 'submit-quote';
      quoteId: string;
      rfqId: string;
      supplierId: string;
      contactId: string;
      productId: string | null;
      unitPrice: number;
      quantity: number;
      leadTimeDays: number;
      validUntil: string;
    }
  | { op: 'accept-quote'; quoteId: string; orderId: string; buyerId: string; contactId: string }
  | { op: 'close-rfq'; rfqId: string; buyerId: string; contactId: string }
  | {
      op: 'review';
      orderId: string;
      buyerId: string;
      contactId: string;
      ratingDescription: number;
      ratingShipping: number;
      ratingResponse: number;
      text: string;
    };

/** A message as sent to `POST /v1/batch` (Segment spec), with a historical timestamp and a deterministic messageId. */
export type SegmentOut = {
  type: 'track' | 'identify' | 'group' | 'page';
  messageId: string;
  timestamp: string;
  anonymousId?: string;
  userId?: string;
  event?: string;
  name?: string;
  groupId?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context: Record<string, unknown>;
};

export type SimItem =
  | { kind: 'category'; at: number; seq: number; category: SimCategory }
  | { kind: 'organization'; at: number; seq: number; organization: SimOrganization }
  | { kind: 'product'; at: number; seq: number; product: SimProduct }
  | { kind: 'coupon'; at: number; seq: number; coupon: SimCoupon }
  | { kind: 'op'; at: number; seq: number; op: MarketOp }
  /**
   * `server: true` marks the events the marketplace emits itself when the matching operation runs through its
   * services (order_placed, order_paid, rfq_submitted...): a loader that runs the operations skips these, a bulk
   * loader (no operations) stores them.
   */
  | { kind: 'message'; at: number; seq: number; server: boolean; message: SegmentOut };

/** Event names the marketplace services record themselves (packages/core recordServerEvent callers). */
export const SERVER_EVENTS: ReadonlySet<string> = new Set([
  'order_placed',
  'order_paid',
  'order_shipped',
  'order_completed',
  'return_requested',
  'coupon_used',
  'review_submitted',
  'rfq_submitted',
  'quote_received',
]);
