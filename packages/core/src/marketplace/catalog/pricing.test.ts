import { describe, expect, it } from 'vitest';
import { bestPromotion, percentOffPrice, quotePrice, tierPrice } from './pricing.js';

const tiers = [
  { minQuantity: 100, unitPrice: 450 },
  { minQuantity: 10, unitPrice: 500 },
  { minQuantity: 1000, unitPrice: 400 },
];

describe('tier pricing', () => {
  it.each([
    [9, 500], // below the first break: the first tier (the MOQ check is separate)
    [10, 500],
    [99, 500],
    [100, 450],
    [101, 450],
    [999, 450],
    [1000, 400],
    [5_000_000, 400],
  ])('quantity %i → %i', (quantity, price) => {
    expect(tierPrice(tiers, quantity)).toBe(price);
  });

  it('has no price without tiers', () => {
    expect(tierPrice([], 5)).toBeUndefined();
  });
});

describe('promotions', () => {
  it('rounds percent off half up to the minor unit', () => {
    expect(percentOffPrice(999, 10)).toBe(899); // 899.1
    expect(percentOffPrice(5, 50)).toBe(3); // 2.5 → 3
    expect(percentOffPrice(1, 99)).toBe(0); // 0.01 → 0
  });

  it('picks the lowest price and never goes above the tier price', () => {
    const promos = [
      { promotionId: 'prm_b', kind: 'percent_off' as const, percentOff: 10, unitPrice: null },
      { promotionId: 'prm_a', kind: 'price' as const, percentOff: null, unitPrice: 420 },
      { promotionId: 'prm_c', kind: 'price' as const, percentOff: null, unitPrice: 900 },
    ];
    expect(bestPromotion(450, promos)).toEqual({ unitPrice: 405, promotionId: 'prm_b' });
    expect(bestPromotion(460, promos)).toEqual({ unitPrice: 414, promotionId: 'prm_b' });
    expect(bestPromotion(400, [promos[2]!])).toEqual({ unitPrice: 400, promotionId: null });
    expect(bestPromotion(500, [])).toEqual({ unitPrice: 500, promotionId: null });
  });

  it('quotes a quantity with MOQ check', () => {
    const pricing = {
      product: {
        id: 'prd_1',
        supplierId: 'org_1',
        categoryId: 'cat_1',
        title: 't',
        unit: '吨',
        moq: 10,
        stock: 5,
        currency: 'CNY',
        status: 'active',
      },
      tiers,
      promotions: [{ promotionId: 'prm_a', kind: 'price' as const, percentOff: null, unitPrice: 300 }],
    };
    expect(quotePrice(pricing, 9)).toEqual({
      quantity: 9,
      tierUnitPrice: 500,
      unitPrice: 300,
      promotionId: 'prm_a',
      moq: 10,
      meetsMoq: false,
    });
    expect(quotePrice(pricing, 1000).tierUnitPrice).toBe(400);
  });
});
