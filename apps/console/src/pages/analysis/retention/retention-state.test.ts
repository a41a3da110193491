import { describe, expect, it } from 'vitest';
import {
  defaultRange,
  heatmapCells,
  paramsFromState,
  periodCount,
  type RetentionResult,
  retentionQuery,
  stateFromParams,
  switchKind,
} from './retention-state';

const TODAY = '2026-12-01'; // a Tuesday

describe('retention state in the URL', () => {
  it('defaults to retention on any activity, by week, over twelve whole weeks', () => {
    const s = stateFromParams(new URLSearchParams(), TODAY);
    expect(s).toEqual({
      kind: 'retention',
      start: '$any',
      returning: '$any',
      interval: 'week',
      periods: 8,
      count: 'bounded',
      cohortType: 'first_time',
      aggregateBy: 'person',
      range: { from: '2026-09-14', to: TODAY },
    });
    expect(new Date(`${defaultRange(TODAY).from}T00:00:00Z`).getUTCDay()).toBe(1); // a Monday
  });

  it('repurchase defaults to order_paid → order_paid, and switching the view resets the events', () => {
    const s = stateFromParams(new URLSearchParams('kind=repurchase'), TODAY);
    expect([s.start, s.returning]).toEqual(['order_paid', 'order_paid']);
    const custom = {
      ...s,
      kind: 'retention' as const,
      start: 'signup',
      returning: 'login',
      interval: 'month' as const,
    };
    expect(switchKind(custom, 'repurchase')).toMatchObject({
      kind: 'repurchase',
      start: 'order_paid',
      returning: 'order_paid',
      interval: 'month',
    });
  });

  it('round-trips through the URL and ignores malformed values', () => {
    const s = {
      kind: 'repurchase',
      start: 'order_paid',
      returning: 'order_completed',
      interval: 'month',
      periods: 6,
      count: 'unbounded',
      cohortType: 'first_in_range',
      aggregateBy: 'organization',
      range: { from: '2026-06-01', to: '2026-11-30' },
    } as const;
    expect(stateFromParams(paramsFromState(s), TODAY)).toEqual(s);
    const bad = stateFromParams(
      new URLSearchParams('start=1bad&return=%3Cscript%3E&interval=hour&periods=61&count=x&by=y&from=2026-02-30'),
      TODAY,
    );
    expect(bad).toMatchObject({ start: '$any', returning: '$any', interval: 'week', periods: 8, count: 'bounded' });
    expect(bad.range).toEqual(defaultRange(TODAY));
  });

  it('makes the RetentionQuery node', () => {
    const s = stateFromParams(new URLSearchParams('kind=repurchase&interval=month&periods=6&by=organization'), TODAY);
    expect(retentionQuery(s)).toEqual({
      kind: 'RetentionQuery',
      cohort: { event: 'order_paid' },
      returning: { event: 'order_paid' },
      cohortType: 'first_time',
      interval: 'month',
      periods: 6,
      mode: 'bounded',
      aggregateBy: 'organization',
      dateRange: { from: '2026-09-14', to: TODAY },
      timezone: 'Asia/Shanghai',
    });
  });
});

describe('heatmap cells', () => {
  const result: RetentionResult = {
    kind: 'RetentionQuery',
    cohorts: [
      { period: '2026-10-01', size: 10, retained: [10, 4, 2], rates: [1, 0.4, 0.2] },
      { period: '2026-11-01', size: 5, retained: [5, 1], rates: [1, 0.2] },
      { period: '2026-12-01', size: 0, retained: [0], rates: [0] },
    ],
    average: [1, 5 / 15, 0.2],
  };

  it('puts the sizes in column 0 and the rates in columns 1..n, the average first', () => {
    const { sizes, rates } = heatmapCells(result);
    expect(periodCount(result)).toBe(3);
    expect(sizes).toEqual([
      { x: 0, y: 0, rate: 0, count: 15 },
      { x: 0, y: 1, rate: 0, count: 10 },
      { x: 0, y: 2, rate: 0, count: 5 },
      { x: 0, y: 3, rate: 0, count: 0 },
    ]);
    expect(rates.filter((c) => c.y === 0).map((c) => [c.x, c.count])).toEqual([
      [1, 15],
      [2, 5],
      [3, 2],
    ]);
    expect(rates.filter((c) => c.y === 1)).toEqual([
      { x: 1, y: 1, rate: 1, count: 10 },
      { x: 2, y: 1, rate: 0.4, count: 4 },
      { x: 3, y: 1, rate: 0.2, count: 2 },
    ]);
    // A younger cohort has a shorter row; an empty cohort has no rate cells (0 % would mislead).
    expect(rates.filter((c) => c.y === 2)).toHaveLength(2);
    expect(rates.filter((c) => c.y === 3)).toHaveLength(0);
  });
});
