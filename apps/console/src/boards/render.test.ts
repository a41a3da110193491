import { describe, expect, it } from 'vitest';
import { drawingOf, formatCell, isMoneySeries } from './render';
import type { QueryNodeLike } from './types';

const t = (key: string, values?: Record<string, string | number>) =>
  values ? `${key}:${JSON.stringify(values)}` : key;
const ctx = { t: t as never, locale: 'en' as const };
/** The option of a chart drawing, typed as the test reads it. */
// biome-ignore lint/suspicious/noExplicitAny: tests read into ECharts options freely
const optionOf = (d: unknown): any => (d as { option: unknown }).option;

const gmvNode: QueryNodeLike = {
  kind: 'TrendsQuery',
  series: [
    { event: 'order_paid', math: 'sum', property: 'total', name: 'GMV' },
    { event: 'order_paid', math: 'count', name: 'orders' },
  ],
  dateRange: { from: '2026-11-01', to: '2026-11-02' },
};
const trends = {
  kind: 'TrendsQuery',
  periods: ['2026-11-01', '2026-11-02'],
  lines: [
    { name: 'GMV', series: 0, breakdownValue: null, data: [1000, null], total: 1000 },
    { name: 'orders', series: 1, breakdownValue: null, data: [2, 0], total: 2 },
  ],
};

describe('tile drawings', () => {
  it('tells money series by their summed property', () => {
    expect(isMoneySeries(gmvNode, 0)).toBe(true);
    expect(isMoneySeries(gmvNode, 1)).toBe(false);
    expect(isMoneySeries(gmvNode, null)).toBe(false);
  });

  it('draws a trend as lines, bars, a number or a table', () => {
    const line = drawingOf(gmvNode, trends, 'line', ctx);
    expect(line.kind).toBe('chart');
    const option = optionOf(line);
    expect(option.series.map((s: { type: string }) => s.type)).toEqual(['line', 'line']);
    expect(option.series[0]?.data).toEqual([1000, 0]);
    expect(option.xAxis.data).toEqual(['Nov 1', 'Nov 2']);
    const bar = optionOf(drawingOf(gmvNode, trends, 'bar', ctx));
    expect(bar.series[0]?.type).toBe('bar');
    expect(drawingOf(gmvNode, trends, 'number', ctx)).toEqual({
      kind: 'number',
      value: 1000,
      money: true,
      label: 'GMV',
      others: [{ label: 'orders', value: '2' }],
    });
    const table = drawingOf(gmvNode, trends, 'table', ctx);
    expect(table).toMatchObject({
      kind: 'table',
      rows: [
        { name: 'GMV', total: 1000 },
        { name: 'orders', total: 2 },
      ],
    });
    expect(drawingOf(gmvNode, { ...trends, lines: [] }, 'line', ctx)).toEqual({ kind: 'empty' });
  });

  it('draws funnel steps as horizontal bars with their conversion, or as a table', () => {
    const funnel = {
      kind: 'FunnelQuery',
      steps: [
        {
          event: 'product_viewed',
          label: 'product_viewed',
          count: 200,
          conversionRate: 1,
          conversionRateFromPrevious: 1,
          medianSecondsToConvert: null,
        },
        {
          event: 'order_paid',
          label: 'order_paid',
          count: 50,
          conversionRate: 0.25,
          conversionRateFromPrevious: 0.25,
          medianSecondsToConvert: 60,
        },
      ],
    };
    const node = { kind: 'FunnelQuery' as const };
    const chart = { option: optionOf(drawingOf(node, funnel, 'funnel', ctx)) };
    expect(chart.option.yAxis.data).toEqual(['1. product_viewed', '2. order_paid']);
    expect(chart.option.series[0]?.data).toEqual([200, 50]);
    expect(chart.option.series[0]?.label.formatter({ dataIndex: 1 })).toBe('50 (25.0%)');
    expect(drawingOf(node, funnel, 'table', ctx)).toMatchObject({
      kind: 'table',
      rows: [{ count: 200 }, { count: 50, rate: 0.25 }],
    });
  });

  it('draws retention as a heatmap of percentages and AIPL flows as a cycle-free sankey', () => {
    const retention = {
      kind: 'RetentionQuery',
      cohorts: [
        { period: '2026-11-02', size: 10, retained: [10, 4], rates: [1, 0.4] },
        { period: '2026-11-09', size: 5, retained: [5], rates: [1] },
      ],
      average: [1, 0.4],
    };
    const heat = { option: optionOf(drawingOf({ kind: 'RetentionQuery' }, retention, 'heatmap', ctx)) };
    expect(heat.option.series[0]?.data).toEqual([
      [0, 0, 100],
      [1, 0, 40],
      [0, 1, 100],
    ]);
    const aipl = {
      kind: 'AiplQuery',
      stock: [{ period: '2026-11-01', awareness: 5, interest: 3, purchase: 2, loyalty: 1 }],
      flows: [
        { period: '2026-11-01', from: 'awareness', to: 'interest', count: 3 },
        { period: '2026-11-02', from: 'awareness', to: 'interest', count: 2 },
        { period: '2026-11-02', from: 'interest', to: 'awareness', count: 1 },
        { period: '2026-11-02', from: 'loyalty', to: 'loyalty', count: 9 },
      ],
    };
    const sankey = { option: optionOf(drawingOf({ kind: 'AiplQuery' }, aipl, 'sankey', ctx)) };
    expect(sankey.option.series[0]?.links).toEqual([
      { source: 'from:awareness', target: 'to:interest', value: 5 },
      { source: 'from:interest', target: 'to:awareness', value: 1 },
    ]);
  });

  it('formats cells by column kind', () => {
    expect(formatCell(123456, 'money', 'en')).toBe('¥1,234.56');
    expect(formatCell(0.256, 'percent', 'en')).toBe('25.6%');
    expect(formatCell(null, 'count', 'en')).toBe('—');
    expect(formatCell('x', 'count', 'en')).toBe('x');
  });
});
