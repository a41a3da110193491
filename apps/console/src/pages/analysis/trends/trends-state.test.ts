import { describe, expect, it } from 'vitest';
import type { TrendsResult } from '../../../api/types';
import {
  exportValue,
  paramsFromState,
  parseBreakdown,
  parseSeries,
  problems,
  removeSeries,
  stateFromParams,
  type TrendsState,
  tableRows,
  trendsQuery,
} from './trends-state';

const TODAY = '2026-12-01';

const gmvArpu: TrendsState = {
  series: [
    { event: 'order_paid', math: 'sum', property: 'total' },
    { event: 'order_paid', math: 'unique_organizations', property: '' },
  ],
  formulas: [{ expression: 'A / B', name: 'ARPU' }],
  interval: 'week',
  breakdown: { source: 'organization', name: 'region' },
  range: { from: '2026-09-01', to: '2026-11-30' },
};

describe('trends state in the URL', () => {
  it('defaults to one series (paid orders) per day over the last 30 days', () => {
    expect(stateFromParams(new URLSearchParams(), TODAY)).toEqual({
      series: [{ event: 'order_paid', math: 'count', property: '' }],
      formulas: [],
      interval: 'day',
      breakdown: null,
      range: { from: '2026-11-02', to: TODAY },
    });
  });

  it('round-trips series, formulas, interval, breakdown and range', () => {
    const p = paramsFromState(gmvArpu);
    expect(p.getAll('s')).toEqual(['order_paid~sum~total', 'order_paid~unique_organizations']);
    expect(p.getAll('f')).toEqual(['A / B~ARPU']);
    expect(p.get('bd')).toBe('organization:region');
    expect(stateFromParams(new URLSearchParams(p.toString()), TODAY)).toEqual(gmvArpu);
  });

  it('drops malformed parts', () => {
    expect(parseSeries('1bad~count')).toBeNull();
    expect(parseSeries('$any~unique_persons')).toEqual({ event: '$any', math: 'unique_persons', property: '' });
    expect(parseSeries('order_paid~bogus~total')).toEqual({ event: 'order_paid', math: 'count', property: '' });
    expect(parseSeries('order_paid~sum~to tal')).toEqual({ event: 'order_paid', math: 'sum', property: '' });
    expect(parseBreakdown('organization:planet')).toBeNull();
    expect(parseBreakdown('event_field:utm_source')).toEqual({ source: 'event_field', name: 'utm_source' });
    expect(parseBreakdown('event:slot')).toEqual({ source: 'event', name: 'slot' });
    expect(parseBreakdown('sql:1=1')).toBeNull();
    const s = stateFromParams(new URLSearchParams('s=&f=~x&interval=year&bd=person:'), TODAY);
    expect(s.series).toHaveLength(1);
    expect(s.formulas).toEqual([]);
    expect(s.interval).toBe('day');
    expect(s.breakdown).toBeNull();
  });
});

describe('the TrendsQuery node', () => {
  it('carries the series, formulas and breakdown', () => {
    expect(trendsQuery(gmvArpu)).toEqual({
      kind: 'TrendsQuery',
      series: [
        { event: 'order_paid', math: 'sum', property: 'total' },
        { event: 'order_paid', math: 'unique_organizations' },
      ],
      formulas: [{ name: 'ARPU', expression: 'A / B' }],
      interval: 'week',
      breakdown: { property: { source: 'organization', name: 'region' }, limit: 10 },
      dateRange: { from: '2026-09-01', to: '2026-11-30' },
      timezone: 'Asia/Shanghai',
    });
  });

  it('is not made while the schema would refuse it, and says why', () => {
    const bad: TrendsState = {
      ...gmvArpu,
      series: [{ event: 'order_paid', math: 'avg', property: '' }],
      formulas: [
        { expression: 'A / C', name: 'x' },
        { expression: 'A; DROP', name: 'y' },
      ],
    };
    expect(problems(bad)).toEqual([
      { kind: 'needsProperty', series: 'A' },
      { kind: 'missingSeries', formula: 'A / C', series: 'C' },
      { kind: 'badFormula', formula: 'A; DROP' },
    ]);
    expect(trendsQuery(bad)).toBeNull();
  });

  it('removing a series drops the formulas naming it and renames the later letters', () => {
    const three: TrendsState = {
      ...gmvArpu,
      series: [...gmvArpu.series, { event: 'order_placed', math: 'count', property: '' }],
      formulas: [
        { expression: 'A / B', name: 'ARPU' },
        { expression: 'C / A', name: 'C / A' },
      ],
    };
    const next = removeSeries(three, 1);
    expect(next.series.map((s) => s.event)).toEqual(['order_paid', 'order_placed']);
    expect(next.formulas).toEqual([{ expression: 'B / A', name: 'B / A' }]);
    expect(trendsQuery(next)).not.toBeNull();
  });
});

describe('table rows', () => {
  const result: TrendsResult = {
    kind: 'TrendsQuery',
    periods: ['2026-11-23', '2026-11-30'],
    lines: [
      { name: 'A: order_paid sum(total)', series: 0, breakdownValue: 'east', data: [123456, 0], total: 123456 },
      { name: 'B', series: 1, breakdownValue: 'east', data: [3, 0], total: 3 },
      { name: 'ARPU', series: null, breakdownValue: 'east', data: [41152, null], total: 41152 },
    ],
  };

  it('marks money lines and formulas; exports money in yuan', () => {
    const rows = tableRows(gmvArpu, result, (l) => l.name);
    expect(rows.map((r) => [r.name, r.breakdown, r.money, r.formula])).toEqual([
      ['A: order_paid sum(total)', 'east', true, false],
      ['B', 'east', false, false],
      ['ARPU', 'east', false, true],
    ]);
    expect(exportValue(123456, true)).toBe(1234.56);
    expect(exportValue(2 / 3, false)).toBe(0.6667);
    expect(exportValue(null, false)).toBeNull();
  });
});
