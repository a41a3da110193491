/**
 * Coupon arithmetic, pure so order placement and the coupon service share it.
 *
 * @example
 * couponDiscount({ kind: 'amount_off', amountOff: 2000, percentOff: null }, 1500); // 1500
 * couponDiscount({ kind: 'percent_off', amountOff: null, percentOff: 15 }, 9999); // 1500
 */
export type CouponTerms = { kind: string; amountOff: number | null; percentOff: number | null };

/**
 * The discount (minor units) a coupon gives on `subtotal`: amount_off → min(amountOff, subtotal); percent_off →
 * subtotal × percentOff / 100 rounded half up. Never negative, never above the subtotal. Thresholds, validity and
 * limits are checked by the caller.
 */
export function couponDiscount(coupon: CouponTerms, subtotal: number): number {
  if (subtotal <= 0) return 0;
  if (coupon.kind === 'amount_off') return Math.max(0, Math.min(coupon.amountOff ?? 0, subtotal));
  if (coupon.kind === 'percent_off') {
    const pct = coupon.percentOff ?? 0;
    return Math.min(subtotal, Math.max(0, Math.floor((subtotal * pct + 50) / 100)));
  }
  return 0;
}

/** Code normalisation: coupon codes are stored upper case, so lookups are case-insensitive. */
export const normalizeCouponCode = (code: string): string => code.trim().toUpperCase();

/** Pattern of a stored coupon code. */
export const COUPON_CODE_PATTERN = /^[A-Z0-9_-]{3,32}$/;
