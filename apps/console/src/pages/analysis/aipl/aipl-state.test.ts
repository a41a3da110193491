import { describe, expect, it } from 'vitest';
import {
  type AiplResult,
  aiplQuery,
  defaultRange,
  flowRows,
  paramsFromState,
  periodEnds,
  periodStart,
  sankeyData,
  stageSummary,
  stateFromParams,
} from './aipl-state';

const TODAY = '2026-12-01';

describe('AIPL state in the URL', () => {
  it('defaults to the last six months by month, per person', () => {
    expect(stateFromParams(new URLSearchParams(), TODAY)).toEqual({
      interval: 'month',
      aggregateBy: 'person',
      range: { from: '2026-07-01', to: TODAY },
    });
    expect(defaultRange('2026-02-15', 3)).toEqual({ from: '2025-12-01', to: '2026-02-15' });
  });

  it('round-trips through the URL and ignores malformed values', () => {
    const s = {
      interval: 'week',
      aggregateBy: 'organization',
      range: { from: '2026-09-07', to: '2026-11-30' },
    } as const;
    expect(stateFromParams(paramsFromState(s), TODAY)).toEqual(s);
    const bad = stateFromParams(new URLSearchParams('interval=hour&by=x&from=2026-13-01&to=2026-11-30'), TODAY);
    expect(bad).toEqual({ interval: 'month', aggregateBy: 'person', range: { from: '2026-07-01', to: TODAY } });
    const reversed = stateFromParams(new URLSearchParams('from=2026-11-30&to=2026-11-01'), TODAY);
    expect(reversed.range).toEqual({ from: '2026-07-01', to: TODAY });
  });
});

describe('the AiplQuery', () => {
  it('starts the day before the first period, so the first period end is the stock at the start', () => {
    expect(periodStart('2026-11-26', 'week')).toBe('2026-11-23'); // a Thursday → its Monday
    expect(periodStart('2026-11-23', 'week')).toBe('2026-11-23');
    expect(periodStart('2026-11-29', 'week')).toBe('2026-11-23'); // Sunday ends the ISO week
    expect(periodStart('2026-11-26', 'month')).toBe('2026-11-01');
    expect(periodStart('2026-11-26', 'day')).toBe('2026-11-26');
    const node = aiplQuery({
      interval: 'month',
      aggregateBy: 'organization',
      range: { from: '2026-07-15', to: TODAY },
    });
    expect(node).toEqual({
      kind: 'AiplQuery',
      interval: 'month',
      aggregateBy: 'organization',
      dateRange: { from: '2026-06-30', to: TODAY },
      timezone: 'Asia/Shanghai',
    });
  });

  it('gives each period the day its stock is measured', () => {
    expect(periodEnds(['2026-06-01', '2026-07-01', '2026-08-01'], '2026-08-20')).toEqual([
      '2026-06-30',
      '2026-07-31',
      '2026-08-20',
    ]);
  });
});

const result: AiplResult = {
  kind: 'AiplQuery',
  stock: [
    { period: '2026-06-01', awareness: 10, interest: 20, purchase: 5, loyalty: 0 },
    { period: '2026-07-01', awareness: 8, interest: 25, purchase: 4, loyalty: 2 },
    { period: '2026-08-01', awareness: 6, interest: 20, purchase: 5, loyalty: 3 },
  ],
  flows: [
    { period: '2026-07-01', from: 'none', to: 'interest', count: 6 },
    { period: '2026-07-01', from: 'awareness', to: 'interest', count: 2 },
    { period: '2026-07-01', from: 'interest', to: 'purchase', count: 3 },
    { period: '2026-07-01', from: 'purchase', to: 'loyalty', count: 2 },
    { period: '2026-07-01', from: 'purchase', to: 'none', count: 2 },
    { period: '2026-08-01', from: 'awareness', to: 'none', count: 2 },
    { period: '2026-08-01', from: 'interest', to: 'none', count: 6 },
    { period: '2026-08-01', from: 'interest', to: 'purchase', count: 1 },
    { period: '2026-08-01', from: 'purchase', to: 'loyalty', count: 1 },
    { period: '2026-08-01', from: 'none', to: 'interest', count: 2 },
    { period: '2026-08-01', from: 'none', to: 'purchase', count: 1 },
  ],
};

describe('shaping the answer', () => {
  it('sums each stage: stock at start and end, moves in and out', () => {
    const s = stageSummary(result);
    expect(s.find((x) => x.stage === 'interest')).toEqual({
      stage: 'interest',
      start: 20,
      end: 20,
      inflow: 10,
      outflow: 10,
    });
    // start + in − out = end, for every stage (the flows are consistent with the stock)
    for (const x of s) expect(x.start + x.inflow - x.outflow).toBe(x.end);
  });

  it('lists the moves summed over the periods with their share', () => {
    const rows = flowRows(result);
    expect(rows[0]).toEqual({ from: 'none', to: 'interest', count: 8, share: 8 / 28 });
    expect(rows.map((r) => `${r.from}>${r.to}`)).toEqual([
      'none>interest',
      'none>purchase',
      'awareness>none',
      'awareness>interest',
      'interest>none',
      'interest>purchase',
      'purchase>none',
      'purchase>loyalty',
    ]);
    expect(rows.reduce((a, r) => a + r.share, 0)).toBeCloseTo(1, 10);
    expect(flowRows({ ...result, flows: [] })).toEqual([]);
  });

  it('builds a layered Sankey whose links into each stock node add up to its stock', () => {
    const { nodes, links } = sankeyData(result);
    const names = new Set(nodes.map((n) => n.name));
    for (const l of links) {
      expect(names.has(l.source), l.source).toBe(true);
      expect(names.has(l.target), l.target).toBe(true);
      expect(l.value).toBeGreaterThan(0);
    }
    for (const n of nodes.filter((x) => x.column > 0 && !['new', 'left'].includes(x.stage))) {
      const into = links.filter((l) => l.target === n.name).reduce((a, l) => a + l.value, 0);
      expect(into, n.name).toBe(n.value);
    }
    for (const n of nodes.filter((x) => x.column < 2 && !['new', 'left'].includes(x.stage))) {
      const out = links.filter((l) => l.source === n.name).reduce((a, l) => a + l.value, 0);
      expect(out, n.name).toBe(n.value);
    }
    expect(nodes.find((n) => n.name === '0:new')).toMatchObject({ value: 6, depth: 0 });
    expect(nodes.find((n) => n.name === '2:left')).toMatchObject({ value: 8, depth: 2 });
    expect(nodes.some((n) => n.name === '0:loyalty')).toBe(false); // empty stages draw no node
  });
});
