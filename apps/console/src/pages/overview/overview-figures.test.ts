import { describe, expect, it } from 'vitest';
import type { TrendsResult } from '../../api/types';
import { aiplSummary, categoryNames, rfqListingRatio, rfqsByCategory, rfqTotal } from './queries';

describe('aiplSummary', () => {
  it('takes each stage at the first and last period end and classifies the flows by direction', () => {
    const s = aiplSummary({
      kind: 'AiplQuery',
      stock: [
        { period: 'w1', awareness: 10, interest: 20, purchase: 5, loyalty: 2 },
        { period: 'w2', awareness: 12, interest: 18, purchase: 6, loyalty: 3 },
      ],
      flows: [
        { period: 'w2', from: 'none', to: 'awareness', count: 4 },
        { period: 'w2', from: 'interest', to: 'purchase', count: 3 },
        { period: 'w2', from: 'purchase', to: 'interest', count: 1 },
        { period: 'w2', from: 'interest', to: 'none', count: 5 },
      ],
    });
    expect(s.stages).toEqual([
      { stage: 'awareness', start: 10, end: 12 },
      { stage: 'interest', start: 20, end: 18 },
      { stage: 'purchase', start: 5, end: 6 },
      { stage: 'loyalty', start: 2, end: 3 },
    ]);
    expect(s.flows).toEqual({ entered: 4, advanced: 3, fell: 1, left: 5 });
  });

  it('gives zeros for an empty answer', () => {
    expect(aiplSummary({ kind: 'AiplQuery', stock: [], flows: [] }).stages[0]).toEqual({
      stage: 'awareness',
      start: 0,
      end: 0,
    });
  });
});

describe('RFQ figures', () => {
  const result: TrendsResult = {
    kind: 'TrendsQuery',
    periods: ['d1', 'd2'],
    lines: [
      { name: 'rfqs', series: 0, breakdownValue: 'cat_a', data: [2, 1], total: 3 },
      { name: 'rfqs', series: 0, breakdownValue: 'cat_b', data: [null, 4], total: null },
      { name: 'rfqs', series: 0, breakdownValue: '(none)', data: [1, 0], total: 1 },
      { name: 'rfqs', series: 0, breakdownValue: '(other)', data: [2, 0], total: 2 },
    ],
  };

  it('counts per category without the none/other buckets, and in all with them', () => {
    expect([...rfqsByCategory(result)]).toEqual([
      ['cat_a', 3],
      ['cat_b', 4],
    ]);
    expect(rfqTotal(result)).toBe(10);
  });

  it('divides RFQs by listings, with no ratio without listings', () => {
    expect(rfqListingRatio(10, 40)).toBe(0.25);
    expect(rfqListingRatio(10, 0)).toBeNull();
  });

  it('names categories by their path in the tree', () => {
    const names = categoryNames([{ id: 'a', name: '钢铁', children: [{ id: 'b', name: '板材' }] }]);
    expect(names.get('b')).toBe('钢铁 / 板材');
    expect(names.get('a')).toBe('钢铁');
  });
});
