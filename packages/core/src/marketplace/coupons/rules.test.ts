import { describe, expect, it } from 'vitest';
import { couponDiscount } from './rules.js';

describe('couponDiscount', () => {
  it('takes amount off, never more than the subtotal', () => {
    const c = { kind: 'amount_off', amountOff: 2000, percentOff: null };
    expect(couponDiscount(c, 10_000)).toBe(2000);
    expect(couponDiscount(c, 1500)).toBe(1500);
    expect(couponDiscount(c, 0)).toBe(0);
  });

  it('takes a percentage off, rounded half up to the minor unit', () => {
    const c = { kind: 'percent_off', amountOff: null, percentOff: 15 };
    expect(couponDiscount(c, 10_000)).toBe(1500);
    expect(couponDiscount(c, 9999)).toBe(1500); // 1499.85
    expect(couponDiscount(c, 10)).toBe(2); // 1.5 → 2
    expect(couponDiscount(c, 3)).toBe(0); // 0.45
  });
});
