import {
  type Coupon,
  type CouponCreate,
  type CouponListQuery,
  type CouponRedemption,
  type CouponUpdate,
  couponIssues,
  type Page,
  type Pagination,
} from '@tradeloop/schema';
import type { Database } from '@tradeloop/storage';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { newId } from '../../ids.js';
import { orgColumnInScope, type Principal, requirePermission, restrictingScope } from '../access.js';
import { assertSupplierUsable, requireSupplierWrite, resolveSupplierForWrite } from '../catalog/suppliers.js';
import { type Executor, inTransaction, type MarketplaceDeps, nowIso } from '../context.js';
import { MarketplaceError, notFound } from '../errors.js';
import { listPage } from '../paging.js';
import { normalizeCouponCode } from './rules.js';

/**
 * Coupons: amount-off or percent-off with a minimum subtotal, a validity window and per-organisation and total
 * limits. Platform coupons (no supplier) apply to any order; supplier-funded coupons only to that supplier's
 * orders. Order placement applies them (see rules.ts `couponDiscount`) and records redemptions.
 *
 * Visibility: admin all; operators platform coupons and coupons of suppliers in their scope; members their own
 * organisation's coupons and every active one (codes are handed out to buyers). Writes: `marketing:write`, or a
 * supplier member for their own supplier coupons.
 */
export class CouponsService {
  constructor(private readonly deps: MarketplaceDeps) {}

  /** Coupons visible to the principal, newest first; `validAt` keeps those usable at that instant. */
  async list(p: Principal, query: CouponListQuery): Promise<Page<Coupon>> {
    const { db } = this.deps.store;
    let base = db.selectFrom('coupons');
    const visible = couponVisible(p);
    if (visible) base = base.where(visible);
    if (query.supplierId) base = base.where('coupons.supplierId', '=', query.supplierId);
    if (query.status) base = base.where('coupons.status', '=', query.status);
    if (query.code) base = base.where('coupons.code', '=', normalizeCouponCode(query.code));
    if (query.validAt) {
      base = base
        .where('coupons.status', '=', 'active')
        .where('coupons.validFrom', '<=', query.validAt)
        .where('coupons.validUntil', '>', query.validAt);
    }
    return listPage(
      db,
      base,
      query,
      (q) =>
        q
          .selectAll('coupons')
          .select((eb) => redeemedCount(eb))
          .orderBy('coupons.createdAt', 'desc')
          .orderBy('coupons.id', 'desc'),
      toCoupon,
    );
  }

  /** One coupon, with how often it has been redeemed. */
  async get(p: Principal, id: string): Promise<Coupon> {
    return toCoupon(await findVisible(this.deps.store.db, p, id));
  }

  /** Creates a coupon; a code already taken is `duplicate` at ['code']. */
  async create(p: Principal, input: CouponCreate): Promise<Coupon> {
    assertNoIssues(couponIssues(input));
    const code = normalizeCouponCode(input.code);
    const at = nowIso(this.deps.clock);
    const id = newId('cpn');
    await inTransaction(this.deps, async (trx) => {
      let supplierId: string | null = null;
      if (p.kind === 'member') {
        supplierId = await resolveSupplierForWrite(trx, p, input.supplierId, 'marketing:write');
        await assertSupplierUsable(trx, p, supplierId, ['supplierId']);
      } else {
        requirePermission(p, 'marketing:write');
        if (input.supplierId) {
          await assertSupplierUsable(trx, p, input.supplierId, ['supplierId']);
          supplierId = input.supplierId;
        }
      }
      const taken = await trx.selectFrom('coupons').select('id').where('code', '=', code).executeTakeFirst();
      if (taken) throw new MarketplaceError('duplicate', `coupon code ${code} is taken`, { path: ['code'] });
      await trx
        .insertInto('coupons')
        .values({
          id,
          code,
          name: input.name,
          kind: input.kind,
          amountOff: input.kind === 'amount_off' ? (input.amountOff ?? null) : null,
          percentOff: input.kind === 'percent_off' ? (input.percentOff ?? null) : null,
          threshold: input.threshold,
          currency: input.currency,
          supplierId,
          validFrom: input.validFrom,
          validUntil: input.validUntil,
          perOrgLimit: input.perOrgLimit,
          totalLimit: input.totalLimit ?? null,
          status: input.status,
          createdAt: at,
          updatedAt: at,
        })
        .execute();
    });
    return this.get(p, id);
  }

  /** Changes a coupon's terms, window, limits or status (code, kind, currency and supplier are fixed). */
  async update(p: Principal, id: string, input: CouponUpdate): Promise<Coupon> {
    await inTransaction(this.deps, async (trx) => {
      const row = await findVisible(trx, p, id);
      if (row.supplierId === null) {
        // Platform coupons are the platform's; members may not touch them.
        if (p.kind === 'member') throw new MarketplaceError('forbidden', 'platform coupons are managed by operators');
        requirePermission(p, 'marketing:write');
      } else {
        requireSupplierWrite(p, row.supplierId, 'marketing:write');
      }
      assertNoIssues(
        couponIssues({
          kind: row.kind === 'percent_off' ? 'percent_off' : 'amount_off',
          amountOff: input.amountOff ?? row.amountOff,
          percentOff: input.percentOff ?? row.percentOff,
          validFrom: input.validFrom ?? row.validFrom,
          validUntil: input.validUntil ?? row.validUntil,
        }),
      );
      await trx
        .updateTable('coupons')
        .set({ ...input, updatedAt: nowIso(this.deps.clock) })
        .where('id', '=', id)
        .execute();
    });
    return this.get(p, id);
  }

  /**
   * Redemptions of a coupon, newest first. Operators see those of organisations in their scope; members see all
   * redemptions of their own supplier coupons, else only their own organisation's.
   */
  async redemptions(p: Principal, id: string, query: Pagination): Promise<Page<CouponRedemption>> {
    const { db } = this.deps.store;
    const coupon = await findVisible(db, p, id);
    let base = db.selectFrom('couponRedemptions').where('couponRedemptions.couponId', '=', id);
    if (p.kind === 'member' && coupon.supplierId !== p.organizationId) {
      base = base.where('couponRedemptions.organizationId', '=', p.organizationId);
    }
    const scope = restrictingScope(p);
    if (scope) base = base.where((eb) => orgColumnInScope(eb, 'couponRedemptions.organizationId', scope));
    return listPage(
      db,
      base,
      query,
      (q) =>
        q
          .selectAll('couponRedemptions')
          .orderBy('couponRedemptions.createdAt', 'desc')
          .orderBy('couponRedemptions.id', 'desc'),
      (r) => r,
    );
  }
}

function couponVisible(
  p: Principal,
): ((eb: ExpressionBuilder<Database, 'coupons'>) => Expression<SqlBool>) | undefined {
  if (p.kind === 'member') {
    return (eb) => eb.or([eb('coupons.supplierId', '=', p.organizationId), eb('coupons.status', '=', 'active')]);
  }
  const scope = restrictingScope(p);
  if (!scope) return undefined;
  return (eb) => eb.or([eb('coupons.supplierId', 'is', null), orgColumnInScope(eb, 'coupons.supplierId', scope)]);
}

const redeemedCount = (eb: ExpressionBuilder<Database, 'coupons'>) =>
  eb
    .selectFrom('couponRedemptions')
    .select((r) => r.fn.countAll<number>().as('n'))
    .whereRef('couponRedemptions.couponId', '=', 'coupons.id')
    .as('redeemedCount');

async function findVisible(db: Executor, p: Principal, id: string) {
  let q = db
    .selectFrom('coupons')
    .selectAll('coupons')
    .select((eb) => redeemedCount(eb))
    .where('coupons.id', '=', id);
  const visible = couponVisible(p);
  if (visible) q = q.where(visible);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('coupon', id);
  return row;
}

function toCoupon(row: Awaited<ReturnType<typeof findVisible>>): Coupon {
  return {
    ...row,
    kind: row.kind as Coupon['kind'],
    status: row.status as Coupon['status'],
    redeemedCount: Number(row.redeemedCount ?? 0),
  };
}

function assertNoIssues(issues: { path: (string | number)[]; message: string }[]): void {
  const first = issues[0];
  if (first) throw new MarketplaceError('validation_failed', first.message, { path: first.path });
}
