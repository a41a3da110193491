import { describe, expect, it } from 'vitest';
import {
  dsrRows,
  filterByBand,
  mapLimit,
  ratingBand,
  reviewScore,
  reviewsApiPath,
  reviewsStateFromParams,
  reviewsStateToParams,
} from './reviews';
import type { Dsr, Review, Supplier } from './types';

describe('reviews URL state', () => {
  it('round-trips tab, supplier, rating band and DSR window, keeping other parameters', () => {
    const s = reviewsStateFromParams(new URLSearchParams('tab=dsr&supplier=org_1&rating=low&days=90&r_sort=x'));
    expect(s).toEqual({ tab: 'dsr', supplier: 'org_1', rating: 'low', days: 90 });
    expect(reviewsStateToParams(new URLSearchParams('r_sort=x&days=30'), s).toString()).toBe(
      'r_sort=x&tab=dsr&supplier=org_1&rating=low&days=90',
    );
    expect(reviewsStateFromParams(new URLSearchParams('tab=x&days=7&rating=bad&supplier=a%20b'))).toEqual({
      tab: 'reviews',
      days: 180,
    });
    expect(reviewsApiPath({ supplier: 'org_1' })).toBe('/api/reviews?supplierId=org_1');
    expect(reviewsApiPath({})).toBe('/api/reviews');
  });
});

const review = (id: string, d: number, s: number, r: number): Review => ({
  id,
  orderId: `o${id}`,
  buyerId: 'b',
  supplierId: 's',
  ratingDescription: d,
  ratingShipping: s,
  ratingResponse: r,
  text: '',
  createdAt: '',
});

describe('review scores', () => {
  it('averages the three scores and bands them', () => {
    expect(reviewScore(review('1', 5, 4, 4))).toBe(4.33);
    expect(ratingBand(2.99)).toBe('low');
    expect(ratingBand(3)).toBe('mid');
    expect(ratingBand(4)).toBe('high');
    const rows = [review('a', 1, 2, 2), review('b', 3, 3, 4), review('c', 5, 5, 4)];
    expect(filterByBand(rows, 'low').map((r) => r.id)).toEqual(['a']);
    expect(filterByBand(rows, 'high').map((r) => r.id)).toEqual(['c']);
    expect(filterByBand(rows, undefined)).toHaveLength(3);
  });
});

describe('DSR rows', () => {
  const suppliers: Supplier[] = [
    { id: 's1', name: 'A', industry: '钢铁', region: 'east' },
    { id: 's2', name: 'B', industry: '钢铁', region: 'north' },
    { id: 's3', name: 'C', industry: '化工', region: 'east' },
  ];
  const dsr = (supplierId: string, n: number, d: number | null, s: number | null, r: number | null): Dsr => ({
    supplierId,
    windowDays: 180,
    reviewCount: n,
    description: d,
    shipping: s,
    response: r,
  });

  it('compares each supplier with its industry average weighted by review counts', () => {
    const rows = dsrRows(suppliers, [dsr('s1', 3, 5, 4, 3), dsr('s2', 1, 1, 4, 5), dsr('s3', 0, null, null, null)]);
    const a = rows.find((r) => r.supplierId === 's1');
    // description: (5·3 + 1·1) / 4 = 4; response: (3·3 + 5·1) / 4 = 3.5
    expect(a?.industryAvg).toEqual({ description: 4, shipping: 4, response: 3.5 });
    expect(a?.vsIndustry).toEqual({ description: 1, shipping: 0, response: -0.5 });
    expect(a?.overall).toBe(4);
    const c = rows.find((r) => r.supplierId === 's3');
    expect(c).toMatchObject({ reviewCount: 0, overall: null, vsIndustry: { description: null } });
    expect(c?.industryAvg.description).toBeNull();
  });

  it('keeps suppliers without an answer, unrated', () => {
    expect(dsrRows(suppliers.slice(0, 1), [])[0]).toMatchObject({ reviewCount: 0, description: null, overall: null });
  });
});

describe('mapLimit', () => {
  it('keeps the input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});
