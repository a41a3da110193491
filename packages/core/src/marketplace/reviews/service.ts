import {
  type CreateReview,
  DSR_DEFAULT_DAYS,
  type Dsr,
  type Page,
  type Review,
  type ReviewListQuery,
} from '@tradeloop/schema';
import { sql } from 'kysely';
import { DAY_MS } from '../../clock.js';
import { recordServerEvent } from '../../events/outbox.js';
import { newId } from '../../ids.js';
import { orgColumnInScope, orgInScope, type Principal, requirePermission, restrictingScope } from '../access.js';
import { inTransaction, type MarketplaceDeps, nowIso } from '../context.js';
import { MarketplaceError, notFound } from '../errors.js';
import { OrdersService } from '../orders/service.js';
import { listPage } from '../paging.js';

/** Rounds to 2 decimals (half away from zero on the hundredths), for DSR averages. */
const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * Reviews of completed orders with three DSR scores, and the supplier DSR: rolling averages of those scores over
 * the last N days (default 180) of reviews.
 */
export class ReviewsService {
  private readonly orders: OrdersService;

  constructor(private readonly deps: MarketplaceDeps) {
    this.orders = new OrdersService(deps);
  }

  /**
   * Reviews an order: by a member of its buyer, or by an operator with review:write on the buyer's behalf. The order
   * must have been completed (completedAt set) and not returned; one review per order.
   */
  async create(p: Principal, orderId: string, input: CreateReview): Promise<Review> {
    const order = await this.orders.visible(p, orderId);
    if (p.kind === 'member') {
      if (p.organizationId !== order.buyerId) {
        throw new MarketplaceError('forbidden', 'only the buyer reviews an order');
      }
    } else {
      requirePermission(p, 'review:write');
    }
    if (order.completedAt === null || order.status === 'returned') {
      throw new MarketplaceError('review_not_allowed', 'only completed orders that were not returned can be reviewed', {
        details: { status: order.status, completedAt: order.completedAt },
      });
    }
    const { db } = this.deps.store;
    const existing = await db.selectFrom('reviews').select('id').where('orderId', '=', orderId).executeTakeFirst();
    if (existing) throw duplicateReview(orderId, existing.id);
    const review: Review = {
      id: newId('rev'),
      orderId,
      buyerId: order.buyerId,
      supplierId: order.supplierId,
      ratingDescription: input.ratingDescription,
      ratingShipping: input.ratingShipping,
      ratingResponse: input.ratingResponse,
      text: input.text,
      createdAt: nowIso(this.deps.clock),
    };
    try {
      await inTransaction(this.deps, async (trx) => {
        await trx.insertInto('reviews').values(review).execute();
        await recordServerEvent(trx, {
          event: 'review_submitted',
          organizationId: order.buyerId,
          actor: p,
          properties: {
            orderId,
            supplierId: order.supplierId,
            ratingDescription: review.ratingDescription,
            ratingShipping: review.ratingShipping,
            ratingResponse: review.ratingResponse,
          },
          at: review.createdAt,
        });
      });
    } catch (error) {
      // A concurrent review of the same order won the unique (order_id) race.
      const winner = await db.selectFrom('reviews').select('id').where('orderId', '=', orderId).executeTakeFirst();
      if (winner) throw duplicateReview(orderId, winner.id);
      throw error;
    }
    return review;
  }

  /**
   * Reviews the caller may see, newest first: operators those of suppliers in their scope; members those where their
   * organisation is the buyer or the supplier.
   */
  async list(p: Principal, query: ReviewListQuery): Promise<Page<Review>> {
    let q = this.deps.store.db.selectFrom('reviews');
    if (p.kind === 'member') {
      const org = p.organizationId;
      q = q.where((eb) => eb.or([eb('reviews.buyerId', '=', org), eb('reviews.supplierId', '=', org)]));
    }
    const scope = restrictingScope(p);
    if (scope) q = q.where((eb) => orgColumnInScope(eb, 'reviews.supplierId', scope));
    if (query.supplierId) q = q.where('reviews.supplierId', '=', query.supplierId);
    if (query.buyerId) q = q.where('reviews.buyerId', '=', query.buyerId);
    return listPage(
      this.deps.store.db,
      q,
      query,
      (rows) => rows.selectAll('reviews').orderBy('reviews.createdAt', 'desc').orderBy('reviews.id', 'desc'),
      (r) => r,
    );
  }

  /**
   * A supplier's DSR: averages of the scores of reviews created in the last `days` days (createdAt > now − days),
   * rounded to 2 decimals; null when there is none. Any member may read it (it is the supplier's public
   * reputation); operators only for suppliers in their scope.
   */
  async dsr(p: Principal, supplierId: string, days: number = DSR_DEFAULT_DAYS): Promise<Dsr> {
    const { db } = this.deps.store;
    const org = await db
      .selectFrom('organizations')
      .select(['kind', 'region', 'businessLine'])
      .where('id', '=', supplierId)
      .executeTakeFirst();
    const scope = restrictingScope(p);
    if (!org || (scope && !orgInScope(scope, org))) throw notFound('organisation', supplierId);
    const since = new Date(this.deps.clock().getTime() - days * DAY_MS).toISOString();
    const row = await db
      .selectFrom('reviews')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.coalesce(eb.fn.sum<number>('ratingDescription'), sql<number>`0`).as('description'),
        eb.fn.coalesce(eb.fn.sum<number>('ratingShipping'), sql<number>`0`).as('shipping'),
        eb.fn.coalesce(eb.fn.sum<number>('ratingResponse'), sql<number>`0`).as('response'),
      ])
      .where('supplierId', '=', supplierId)
      .where('createdAt', '>', since)
      .executeTakeFirstOrThrow();
    const n = Number(row.n);
    const avg = (sum: number) => (n === 0 ? null : round2(Number(sum) / n));
    return {
      supplierId,
      windowDays: days,
      reviewCount: n,
      description: avg(row.description),
      shipping: avg(row.shipping),
      response: avg(row.response),
    };
  }
}

const duplicateReview = (orderId: string, reviewId: string): MarketplaceError =>
  new MarketplaceError('duplicate', `order ${orderId} has already been reviewed`, { details: { reviewId } });
