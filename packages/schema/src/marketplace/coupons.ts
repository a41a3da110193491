import { z } from 'zod';
import { Currency, Id, Instant, Money, NonEmptyText, Pagination, page } from '../common.js';

export const CouponKind = z.enum(['amount_off', 'percent_off']);
export const CouponStatus = z.enum(['active', 'disabled']);

/** Upper-cased on input, so `spring-10` and `SPRING-10` are the same code. */
export const CouponCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9_-]{3,32}$/, '3 to 32 characters of A-Z, 0-9, _ and -');

const PercentOff = z.number().int().min(1).max(99);
const Limit = z.number().int().min(1).max(100_000_000);

/** Cross-field rules shared by create and by update (after merging with the stored coupon). */
export function couponIssues(c: {
  kind: 'amount_off' | 'percent_off';
  amountOff?: number | null | undefined;
  percentOff?: number | null | undefined;
  validFrom: string;
  validUntil: string;
}): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const hasAmount = c.amountOff !== undefined && c.amountOff !== null;
  const hasPercent = c.percentOff !== undefined && c.percentOff !== null;
  if (c.kind === 'amount_off' && !hasAmount)
    issues.push({ path: ['amountOff'], message: "amountOff is required when kind is 'amount_off'" });
  if (c.kind === 'amount_off' && hasPercent)
    issues.push({ path: ['percentOff'], message: "percentOff is only for kind 'percent_off'" });
  if (c.kind === 'percent_off' && !hasPercent)
    issues.push({ path: ['percentOff'], message: "percentOff is required when kind is 'percent_off'" });
  if (c.kind === 'percent_off' && hasAmount)
    issues.push({ path: ['amountOff'], message: "amountOff is only for kind 'amount_off'" });
  if (c.validFrom >= c.validUntil) issues.push({ path: ['validUntil'], message: 'validUntil must be after validFrom' });
  return issues;
}

export const CouponCreate = z
  .strictObject({
    code: CouponCode,
    name: NonEmptyText(100),
    kind: CouponKind,
    amountOff: Money.min(1).optional(),
    percentOff: PercentOff.optional(),
    threshold: Money.default(0).describe('Minimum order subtotal, minor units'),
    currency: Currency,
    /** A supplier-funded coupon, valid only on that supplier's orders. Members: must be their own organisation. */
    supplierId: Id.nullable().optional(),
    validFrom: Instant,
    validUntil: Instant,
    perOrgLimit: Limit.default(1),
    totalLimit: Limit.nullable().optional(),
    status: CouponStatus.default('active'),
  })
  .superRefine((c, ctx) => {
    for (const issue of couponIssues(c)) ctx.addIssue({ code: 'custom', ...issue });
  });
export type CouponCreate = z.infer<typeof CouponCreate>;

/** Code, kind, currency and supplier are fixed at creation. */
export const CouponUpdate = z
  .strictObject({
    name: NonEmptyText(100).optional(),
    amountOff: Money.min(1).optional(),
    percentOff: PercentOff.optional(),
    threshold: Money.optional(),
    validFrom: Instant.optional(),
    validUntil: Instant.optional(),
    perOrgLimit: Limit.optional(),
    totalLimit: Limit.nullable().optional(),
    status: CouponStatus.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.validFrom && c.validUntil && c.validFrom >= c.validUntil) {
      ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'validUntil must be after validFrom' });
    }
  });
export type CouponUpdate = z.infer<typeof CouponUpdate>;

export const Coupon = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  kind: CouponKind,
  amountOff: z.number().int().nullable(),
  percentOff: z.number().int().nullable(),
  threshold: z.number().int(),
  currency: z.string(),
  supplierId: Id.nullable(),
  validFrom: z.string(),
  validUntil: z.string(),
  perOrgLimit: z.number().int(),
  totalLimit: z.number().int().nullable(),
  status: CouponStatus,
  /** Redemptions so far. */
  redeemedCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Coupon = z.infer<typeof Coupon>;

export const CouponListQuery = z.strictObject({
  ...Pagination.shape,
  supplierId: Id.optional(),
  status: CouponStatus.optional(),
  code: z.string().trim().min(1).max(32).optional(),
  /** Only coupons valid at this instant (active, validFrom ≤ validAt < validUntil). */
  validAt: Instant.optional(),
});
export type CouponListQuery = z.infer<typeof CouponListQuery>;

export const CouponRedemption = z.object({
  id: Id,
  couponId: Id,
  organizationId: Id,
  orderId: Id,
  amount: z.number().int(),
  createdAt: z.string(),
});
export type CouponRedemption = z.infer<typeof CouponRedemption>;

export const CouponPage = page(Coupon);
export const CouponRedemptionPage = page(CouponRedemption);
