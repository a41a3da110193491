import { describe, expect, it } from 'vitest';
import { productPatch, tierIssues, tierPriceFor, yuanToFen } from './tiers';

const tiers = [
  { minQuantity: 100, unitPrice: 2000 },
  { minQuantity: 500, unitPrice: 1800 },
  { minQuantity: 1000, unitPrice: 1700 },
];

describe('tier prices', () => {
  it('prices a quantity at the last tier it reaches, nothing below the first', () => {
    expect(tierPriceFor(tiers, 99)).toBeUndefined();
    expect(tierPriceFor(tiers, 100)).toBe(2000);
    expect(tierPriceFor(tiers, 499)).toBe(2000);
    expect(tierPriceFor(tiers, 500)).toBe(1800);
    expect(tierPriceFor(tiers, 1_000_000)).toBe(1700);
  });

  it('finds the rule each bad tier breaks, on the field the server would name', () => {
    expect(tierIssues(100, tiers)).toEqual([]);
    expect(tierIssues(50, tiers)).toEqual([{ index: 0, field: 'minQuantity', message: 'firstIsMoq' }]);
    expect(
      tierIssues(100, [
        { minQuantity: 100, unitPrice: 2000 },
        { minQuantity: 100, unitPrice: 1900 },
        { minQuantity: 300, unitPrice: 2100 },
      ]),
    ).toEqual([
      { index: 1, field: 'minQuantity', message: 'increasing' },
      { index: 2, field: 'unitPrice', message: 'nonIncreasingPrice' },
    ]);
    expect(
      tierIssues(100, [
        { minQuantity: 100, unitPrice: null },
        { minQuantity: 0, unitPrice: 5 },
      ]),
    ).toEqual([
      { index: 0, field: 'unitPrice', message: 'required' },
      { index: 1, field: 'minQuantity', message: 'positive' },
    ]);
  });

  it('converts typed yuan to fen without floating-point drift', () => {
    expect(yuanToFen(12.34)).toBe(1234);
    expect(yuanToFen(0.29)).toBe(29);
    expect(yuanToFen(218.38)).toBe(21838);
  });

  it('patches only what changed, and sends the tiers with a new MOQ', () => {
    const before = { moq: 100, status: 'active', tiers };
    expect(productPatch(before, { ...before, tiers: tiers.map((x) => ({ ...x })) })).toBeNull();
    expect(productPatch(before, { ...before, status: 'inactive' })).toEqual({ status: 'inactive' });
    const moved = [{ minQuantity: 200, unitPrice: 2000 }, ...tiers.slice(1)];
    expect(productPatch(before, { ...before, moq: 200, tiers: moved })).toEqual({ moq: 200, tiers: moved });
    const cheaper = [...tiers.slice(0, 2), { minQuantity: 1000, unitPrice: 1600 }];
    expect(productPatch(before, { ...before, tiers: cheaper })).toEqual({ tiers: cheaper });
  });
});
