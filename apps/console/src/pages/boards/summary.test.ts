import { describe, expect, it } from 'vitest';
import { summaryOf } from './summary';

describe('saved query summary', () => {
  it('names what each kind of node reads', () => {
    expect(
      summaryOf({
        kind: 'TrendsQuery',
        series: [{ event: 'order_paid', math: 'sum', property: 'total' }, { event: 'signup' }],
      }),
    ).toBe('sum(order_paid.total), count(signup)');
    expect(summaryOf({ kind: 'FunnelQuery', steps: [{ event: 'product_viewed' }, { event: 'order_paid' }] })).toBe(
      'product_viewed → order_paid',
    );
    expect(
      summaryOf({ kind: 'RetentionQuery', cohort: { event: 'order_paid' }, returning: { event: 'order_paid' } }),
    ).toBe('order_paid ↩ order_paid');
    expect(summaryOf({ kind: 'AiplQuery' })).toBe('AiplQuery');
  });
});
