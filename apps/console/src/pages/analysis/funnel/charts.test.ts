import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../lib/csv';
import { breakdownRows, stepsOption, timeToConvertBars, trendOption, trendTotals } from './charts';
import { dropOffCsvRows } from './DropOffs';
import { draftToFilter } from './FilterPopover';
import type { FunnelResult, FunnelStepResult } from './types';

const f = { count: (n: number) => String(n), percent: (v: number) => `${(v * 100).toFixed(1)}%`, duration: String };
const step = (event: string, count: number, rate: number): FunnelStepResult => ({
  event,
  label: '',
  count,
  conversionRate: rate,
  conversionRateFromPrevious: rate,
  medianSecondsToConvert: null,
  averageSecondsToConvert: null,
});
const result: FunnelResult = {
  kind: 'FunnelQuery',
  steps: [step('product_view', 200, 1), step('add_to_cart', 50, 0.25)],
  timeToConvert: [
    { fromSeconds: 0, toSeconds: 10, count: 1 },
    { fromSeconds: 10, toSeconds: 60, count: 4 },
    { fromSeconds: 7 * 86_400, toSeconds: 14 * 86_400 + 1, count: 2 },
  ],
  breakdowns: [
    { value: 'north', steps: [step('product_view', 120, 1), step('add_to_cart', 30, 0.25)] },
    { value: '(none)', steps: [step('product_view', 0, 0), step('add_to_cart', 0, 0)] },
  ],
  trends: [
    { period: '2026-11-01', entered: 10, converted: 2, conversionRate: 0.2 },
    { period: '2026-11-02', entered: 0, converted: 0, conversionRate: 0 },
  ],
};

describe('funnel charts', () => {
  it('draws one labelled series without a breakdown and a series per value with one', () => {
    const plain = stepsOption({ ...result, breakdowns: undefined }, { steps: ['1. a', '2. b'], count: 'n' }, f);
    const series = plain.series as { data: number[]; label: { formatter: (p: object) => string } }[];
    expect(series).toHaveLength(1);
    expect(series[0]?.data).toEqual([200, 50]);
    expect(series[0]?.label.formatter({ dataIndex: 1, value: 50 })).toBe('50 (25.0%)');
    const grouped = stepsOption(result, { steps: ['1. a', '2. b'], count: 'n' }, f);
    expect((grouped.series as { name: string }[]).map((s) => s.name)).toEqual(['north', '(none)']);
  });

  it('labels time-to-convert bins, the last ending at the window', () => {
    const bars = timeToConvertBars(result.timeToConvert, 14 * 86_400, f);
    expect(bars.map((b) => b.label)).toEqual(['0–10', '10–60', `${7 * 86_400}–${14 * 86_400}`]);
    expect(bars.map((b) => b.count)).toEqual([1, 4, 2]);
  });

  it('shapes breakdown conversion and the trend', () => {
    expect(breakdownRows(result)).toEqual([
      { value: 'north', entered: 120, converted: 30, rate: 0.25 },
      { value: '(none)', entered: 0, converted: 0, rate: 0 },
    ]);
    const option = trendOption(result.trends ?? [], ['11/1', '11/2'], { rate: 'r', entered: 'e' }, f);
    expect((option.series as { data: number[] }[]).map((s) => s.data)).toEqual([
      [0.2, 0],
      [10, 0],
    ]);
    expect(trendTotals(result.trends ?? [])).toEqual({ periods: 2, entered: 10, converted: 2 });
  });

  it('writes the drop-off CSV rows and turns the filter form into a filter', () => {
    const { header, rows } = dropOffCsvRows(
      [{ id: 'p1', enteredAt: '2026-11-02T01:00:00.000Z', furthestStep: 0 }],
      ['product_view', 'add_to_cart'],
      1,
    );
    expect(toCsv(header, rows)).toBe(
      'id,entered_at,furthest_step,furthest_event,dropped_at_step,dropped_at_event\r\n' +
        'p1,2026-11-02T01:00:00.000Z,1,product_view,2,add_to_cart',
    );
    const draft = { source: 'event' as const, name: ' slot ', operator: 'in' as const, value: '', values: ['a', ' '] };
    expect(draftToFilter(draft)).toEqual({
      property: { source: 'event', name: 'slot' },
      operator: 'in',
      value: ['a'],
    });
    expect(draftToFilter({ ...draft, operator: 'is_set' }).value).toBeNull();
  });
});
