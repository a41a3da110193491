import type { Order, OrderDetail, OrderListQuery, Page, StandardEventName } from '@tradeloop/schema';
import { recordServerEvent } from '../../events/outbox.js';
import { newId } from '../../ids.js';
import {
  actorOf,
  orgColumnInScope,
  orgInScope,
  type Principal,
  requirePermission,
  restrictingScope,
} from '../access.js';
import { inTransaction, type MarketplaceDeps, nowIso } from '../context.js';
import { MarketplaceError, notFound } from '../errors.js';
import { listPage } from '../paging.js';
import { earnPointsForOrder, revokePointsForOrder } from '../points/ledger.js';
import { insertOrder } from './insert.js';
import {
  applyCoupon,
  type PlacementRequest,
  priceRequest,
  requestHash,
  reserveStock,
  restoreStock,
} from './placement.js';
import { findByIdempotencyKey, findOrder, type OrderRow, orderDetail, toOrder } from './repository.js';
import {
  ACTION_TARGET,
  allowedTargets,
  isOrderStatus,
  type OrderAction,
  type OrderParty,
  partiesFor,
  RETURN_WINDOW_DAYS,
  withinReturnWindow,
} from './state-machine.js';

export type PlaceOrderInput = PlacementRequest & { buyerId?: string | undefined };

/** The result of a placement: the order, and whether it is the replay of an earlier request with the same key. */
export type PlacedOrder = { order: OrderDetail; replayed: boolean };

/**
 * Orders: placement from the catalog (tiers, promotions, bundles, coupons, stock, idempotency) and the state
 * machine (state-machine.ts), every transition recorded with its actor and time.
 */
/** The standard event each order transition emits into the event pipeline (through the outbox). */
const SERVER_EVENT_OF: Partial<Record<string, StandardEventName>> = {
  paid: 'order_paid',
  shipped: 'order_shipped',
  completed: 'order_completed',
  return_requested: 'return_requested',
};

export class OrdersService {
  constructor(private readonly deps: MarketplaceDeps) {}

  /**
   * Places an order in one transaction: prices it, applies the coupon, takes the stock and writes the order.
   *
   * Idempotency (Stripe semantics): with `idempotencyKey`, a retry of the same request by the same buyer returns the
   * original order (`replayed: true`) and writes nothing; the same key with a different request is refused with
   * idempotency_key_reused. Keys are scoped to the buyer organisation and kept for the life of the order.
   *
   * @example
   * const { order } = await orders.place(p, { items: [{ productId, quantity: 100 }] }, 'retry-key-1');
   */
  async place(p: Principal, input: PlaceOrderInput, idempotencyKey?: string): Promise<PlacedOrder> {
    const buyerId = await this.resolveBuyer(p, input.buyerId);
    const hash = requestHash(buyerId, input);
    const key = idempotencyKey ?? null;
    const at = nowIso(this.deps.clock);
    const { capabilities } = this.deps.store;

    if (key !== null) {
      const earlier = await this.replay(buyerId, key, hash);
      if (earlier) return earlier;
    }
    try {
      return await inTransaction(this.deps, async (trx) => {
        if (key !== null) {
          // Checked again inside the transaction: on SQLite (one writer) this closes the race by itself.
          const earlier = await findByIdempotencyKey(trx, buyerId, key);
          if (earlier) return { order: await this.checkReplay(trx, earlier, hash), replayed: true };
        }
        const priced = await priceRequest(trx, input, at);
        const coupon = input.couponCode
          ? await applyCoupon(trx, {
              code: input.couponCode,
              buyerId,
              order: priced,
              at,
              rowLocks: capabilities.rowLocks,
            })
          : undefined;
        await reserveStock(trx, priced.lines, at);
        const { id, total } = await insertOrder(
          trx,
          {
            buyerId,
            supplierId: priced.supplierId,
            source: 'catalog',
            quoteId: null,
            currency: priced.currency,
            lines: priced.lines.map(({ path: _path, ...line }) => line),
            discount: coupon?.discount ?? 0,
            couponId: coupon?.couponId ?? null,
            idempotencyKey: key,
            requestHash: hash,
            note: input.note ?? null,
          },
          actorOf(p),
          at,
        );
        await recordServerEvent(trx, {
          event: 'order_placed',
          organizationId: buyerId,
          actor: p,
          properties: {
            orderId: id,
            supplierId: priced.supplierId,
            total,
            currency: priced.currency,
            itemCount: priced.lines.length,
            source: 'catalog',
            ...(input.couponCode ? { couponCode: input.couponCode } : {}),
          },
          at,
        });
        if (coupon) {
          await recordServerEvent(trx, {
            event: 'coupon_used',
            organizationId: buyerId,
            actor: p,
            properties: { couponId: coupon.couponId, orderId: id, discount: priced.subtotal - total },
            at,
          });
          await trx
            .insertInto('couponRedemptions')
            .values({
              id: newId('cpr'),
              couponId: coupon.couponId,
              organizationId: buyerId,
              orderId: id,
              amount: priced.subtotal - total,
              createdAt: at,
            })
            .execute();
        }
        const row = await findOrder(trx, id);
        if (!row) throw new Error(`order ${id} vanished inside its own transaction`);
        return { order: await orderDetail(trx, row), replayed: false };
      });
    } catch (error) {
      // A concurrent request with the same key committed first (unique (buyer_id, idempotency_key) violated on
      // PostgreSQL): answer as a retry would be answered, never with a 500.
      if (key !== null && !(error instanceof MarketplaceError)) {
        const earlier = await this.replay(buyerId, key, hash);
        if (earlier) return earlier;
      }
      throw error;
    }
  }

  /** One order with its lines and timeline; 404 when the caller may not see it. */
  async get(p: Principal, id: string): Promise<OrderDetail> {
    const row = await this.visible(p, id);
    return orderDetail(this.deps.store.db, row);
  }

  /**
   * Orders the caller may see, newest first unless `sort` says otherwise (ties broken by id): members those where
   * their organisation is buyer or supplier; operators those whose buyer organisation lies in their data scope.
   */
  async list(p: Principal, query: OrderListQuery): Promise<Page<Order>> {
    const scope = restrictingScope(p);
    let q = this.deps.store.db.selectFrom('orders');
    if (p.kind === 'member') {
      const org = p.organizationId;
      q = q.where((eb) => eb.or([eb('orders.buyerId', '=', org), eb('orders.supplierId', '=', org)]));
    }
    if (scope) q = q.where((eb) => orgColumnInScope(eb, 'orders.buyerId', scope));
    if (query.buyerId) q = q.where('orders.buyerId', '=', query.buyerId);
    if (query.supplierId) q = q.where('orders.supplierId', '=', query.supplierId);
    if (query.status) q = q.where('orders.status', '=', query.status);
    if (query.placedFrom) q = q.where('orders.placedAt', '>=', query.placedFrom);
    if (query.placedTo) q = q.where('orders.placedAt', '<', query.placedTo);
    return listPage(
      this.deps.store.db,
      q,
      query,
      (rows) => {
        const sort = query.sort ?? '-placedAt';
        const desc = sort.startsWith('-');
        const field = sort.replace(/^-/, '') as 'placedAt' | 'total';
        return rows
          .selectAll('orders')
          .orderBy(`orders.${field}`, desc ? 'desc' : 'asc')
          .orderBy('orders.id', desc ? 'desc' : 'asc');
      },
      toOrder,
    );
  }

  /**
   * Moves an order along the state machine (one transaction: the status, its timestamp, side effects and the
   * transition row). Refuses with illegal_transition (409, details {from, to, allowed}) when the move does not exist
   * from the current status, forbidden when the caller's party may not make it, return_window_closed when a return
   * is requested more than 7 days after delivery.
   */
  async transition(p: Principal, id: string, action: OrderAction, reason?: string): Promise<OrderDetail> {
    await this.visible(p, id);
    const to = ACTION_TARGET[action];
    const at = nowIso(this.deps.clock);
    return inTransaction(this.deps, async (trx) => {
      const order = await findOrder(trx, id, this.deps.store.capabilities.rowLocks);
      if (!order) throw notFound('order', id);
      const from = order.status;
      if (!isOrderStatus(from)) throw new Error(`order ${id} has unknown status ${from}`);
      const parties = partiesFor(from, to, order);
      if (!parties) {
        throw new MarketplaceError('illegal_transition', `an order that is ${from} cannot become ${to}`, {
          details: { from, to, allowed: allowedTargets(from, order) },
        });
      }
      const party = partyOf(p, order);
      if (!parties.includes(party)) {
        throw new MarketplaceError('forbidden', `the ${party} may not ${action} this order`, {
          details: { action, allowedParties: parties },
        });
      }
      if (party === 'platform') requirePermission(p, 'order:write');
      if (to === 'return_requested' && !withinReturnWindow(order.deliveredAt, at)) {
        throw new MarketplaceError(
          'return_window_closed',
          `returns must be requested within ${RETURN_WINDOW_DAYS} days of delivery`,
          { details: { deliveredAt: order.deliveredAt, windowDays: RETURN_WINDOW_DAYS } },
        );
      }

      const set: Partial<OrderRow> = { status: to, updatedAt: at };
      if (to === 'paid') set.paidAt = at;
      if (to === 'shipped') set.shippedAt = at;
      if (to === 'delivered') set.deliveredAt = at;
      if (to === 'cancelled') {
        set.cancelledAt = at;
        await restoreStock(trx, id, at);
        // Releasing the redemption gives the coupon back to the buyer (per-org and total limits count rows).
        await trx.deleteFrom('couponRedemptions').where('orderId', '=', id).execute();
      }
      if (to === 'completed') {
        set.completedAt = at;
        set.pointsEarned = await earnPointsForOrder(trx, {
          organizationId: order.buyerId,
          orderId: id,
          total: order.total,
          at,
        });
      }
      if (to === 'returned') {
        await restoreStock(trx, id, at);
        await revokePointsForOrder(trx, { organizationId: order.buyerId, orderId: id, at });
      }
      // Guarded on the status read above, so two concurrent transitions cannot both apply.
      const res = await trx
        .updateTable('orders')
        .set(set)
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) {
        throw new MarketplaceError('illegal_transition', `order ${id} changed while it was being updated`, {
          details: { from, to, allowed: [] },
        });
      }
      await trx
        .insertInto('orderTransitions')
        .values({
          id: newId('otr'),
          orderId: id,
          fromStatus: from,
          toStatus: to,
          ...actorOf(p),
          reason: reason ?? null,
          at,
        })
        .execute();
      const event = SERVER_EVENT_OF[to];
      if (event) {
        await recordServerEvent(trx, {
          event,
          organizationId: order.buyerId,
          actor: p,
          properties: {
            orderId: id,
            supplierId: order.supplierId,
            total: order.total,
            currency: order.currency,
            ...(to === 'return_requested' && reason ? { reason } : {}),
          },
          at,
        });
      }
      const row = await findOrder(trx, id);
      if (!row) throw notFound('order', id);
      return orderDetail(trx, row);
    });
  }

  /** The order when the caller may see it, else 404 (existence is not leaked). */
  async visible(p: Principal, id: string): Promise<OrderRow> {
    const { db } = this.deps.store;
    const row = await findOrder(db, id);
    if (!row) throw notFound('order', id);
    if (p.kind === 'member') {
      if (row.buyerId !== p.organizationId && row.supplierId !== p.organizationId) throw notFound('order', id);
      return row;
    }
    const scope = restrictingScope(p);
    if (scope) {
      const buyer = await db
        .selectFrom('organizations')
        .select(['region', 'businessLine'])
        .where('id', '=', row.buyerId)
        .executeTakeFirst();
      if (!buyer || !orgInScope(scope, buyer)) throw notFound('order', id);
    }
    return row;
  }

  private async resolveBuyer(p: Principal, buyerId: string | undefined): Promise<string> {
    if (p.kind === 'member') {
      if (buyerId !== undefined && buyerId !== p.organizationId) {
        throw new MarketplaceError('forbidden', 'members may place orders only for their own organisation', {
          path: ['buyerId'],
        });
      }
      if (p.organizationKind === 'supplier') {
        throw new MarketplaceError('forbidden', 'a supplier organisation cannot place orders', { path: ['buyerId'] });
      }
      return p.organizationId;
    }
    requirePermission(p, 'order:write');
    if (buyerId === undefined) {
      throw new MarketplaceError('validation_failed', 'buyerId is required when ordering on behalf of a buyer', {
        path: ['buyerId'],
      });
    }
    const buyer = await this.deps.store.db
      .selectFrom('organizations')
      .select(['kind', 'region', 'businessLine'])
      .where('id', '=', buyerId)
      .executeTakeFirst();
    const scope = restrictingScope(p);
    if (!buyer || (scope && !orgInScope(scope, buyer))) {
      throw new MarketplaceError('invalid_reference', `organisation ${buyerId} not found`, { path: ['buyerId'] });
    }
    if (buyer.kind === 'supplier') {
      throw new MarketplaceError('invalid_reference', `organisation ${buyerId} is not a buyer`, { path: ['buyerId'] });
    }
    return buyerId;
  }

  private async replay(buyerId: string, key: string, hash: string): Promise<PlacedOrder | undefined> {
    const db = this.deps.store.db;
    const earlier = await findByIdempotencyKey(db, buyerId, key);
    if (!earlier) return undefined;
    return { order: await this.checkReplay(db, earlier, hash), replayed: true };
  }

  private async checkReplay(
    db: Parameters<typeof orderDetail>[0],
    earlier: OrderRow,
    hash: string,
  ): Promise<OrderDetail> {
    if (earlier.requestHash !== hash) {
      throw new MarketplaceError(
        'idempotency_key_reused',
        'this Idempotency-Key was already used with a different request',
        { path: ['headers', 'idempotency-key'], details: { orderId: earlier.id } },
      );
    }
    return orderDetail(db, earlier);
  }
}

/** The side the principal acts for on this order. */
function partyOf(p: Principal, order: OrderRow): OrderParty {
  if (p.kind !== 'member') return 'platform';
  return p.organizationId === order.buyerId ? 'buyer' : 'supplier';
}
