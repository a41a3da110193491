import { describe, expect, it } from 'vitest';
import {
  attributionQuery,
  barSeries,
  creditRows,
  hasValue,
  paramsFromState,
  pathRows,
  pathSankey,
  stateFromParams,
} from './attribution-state';
import type { AttributionResult } from './types';

const TODAY = '2026-11-30';

const result: AttributionResult = {
  kind: 'AttributionQuery',
  conversions: 10,
  value: 100_000,
  channels: [
    {
      channel: 'baidu',
      credit: { first: { conversions: 2, value: 20_000 }, markov: { conversions: 2.5, value: 25_000 } },
    },
    {
      channel: '(direct)',
      credit: { first: { conversions: 5, value: 50_000 }, markov: { conversions: 4.25, value: 40_000 } },
    },
    {
      channel: 'wechat',
      credit: { first: { conversions: 3, value: 30_000 }, markov: { conversions: 3.25, value: 35_000 } },
    },
  ],
  paths: [
    { path: ['(direct)'], conversions: 5, value: 50_000 },
    { path: ['wechat', 'baidu', 'wechat'], conversions: 2, value: 20_000 },
    { path: ['wechat', 'baidu'], conversions: 1, value: 5_000 },
  ],
  nonConverting: 42,
  removalEffects: { baidu: 0.3, wechat: 0.4, '(direct)': 0.5 },
};

describe('attribution state in the URL', () => {
  it('defaults to paid orders over the last 90 days with all six models, and leaves defaults out of the URL', () => {
    const s = stateFromParams(new URLSearchParams(), TODAY);
    expect(s).toEqual({
      range: { from: '2026-09-02', to: TODAY },
      conversion: 'order_paid',
      lookback: { value: 30, unit: 'day' },
      models: ['first', 'last', 'linear', 'time_decay', 'position', 'markov'],
      aggregateBy: 'person',
      metric: 'conversions',
    });
    expect(paramsFromState(new URLSearchParams('c.sort=-value'), s, TODAY).toString()).toBe('c.sort=-value');
  });

  it('round-trips a changed state and drops unknown models, bad lookbacks and unknown conversions', () => {
    const s = stateFromParams(
      new URLSearchParams('conv=signup&lb=4&lbu=week&models=markov,bogus,first,first&by=organization&metric=value'),
      TODAY,
    );
    expect(s.models).toEqual(['first', 'markov']);
    expect(s.lookback).toEqual({ value: 4, unit: 'week' });
    const again = stateFromParams(paramsFromState(new URLSearchParams(), s, TODAY), TODAY);
    expect(again).toEqual(s);
    const bad = stateFromParams(new URLSearchParams('conv=nope&lb=400&models=zzz'), TODAY);
    expect(bad.conversion).toBe('order_paid');
    expect(bad.lookback.value).toBe(30);
    expect(bad.models).toHaveLength(6);
  });

  it('builds the node: a value property only for conversions that carry one', () => {
    const paid = stateFromParams(new URLSearchParams('models=first,last'), TODAY);
    expect(attributionQuery(paid)).toEqual({
      kind: 'AttributionQuery',
      conversion: { event: 'order_paid', valueProperty: 'total' },
      lookback: { value: 30, unit: 'day' },
      models: ['first', 'last'],
      pathLimit: 20,
      aggregateBy: 'person',
      dateRange: { from: '2026-09-02', to: TODAY },
    });
    const signup = stateFromParams(new URLSearchParams('conv=signup'), TODAY);
    expect(attributionQuery(signup).conversion).toEqual({ event: 'signup' });
    expect(hasValue(signup)).toBe(false);
  });
});

describe('shaping the answer', () => {
  it('orders the bars by total credit over the shown models, a series per model', () => {
    const bars = barSeries(result, ['first', 'markov'], 'conversions');
    expect(bars.channels).toEqual(['(direct)', 'wechat', 'baidu']);
    expect(bars.series).toEqual([
      { model: 'first', data: [5, 3, 2] },
      { model: 'markov', data: [4.25, 3.25, 2.5] },
    ]);
    expect(barSeries(result, ['markov'], 'value').series[0]?.data).toEqual([40_000, 35_000, 25_000]);
  });

  it('lists channel × model rows with shares within each model and the Markov removal effect', () => {
    const rows = creditRows(result, ['first', 'markov']);
    expect(rows).toHaveLength(6);
    const wechatFirst = rows.find((r) => r.channel === 'wechat' && r.model === 'first');
    expect(wechatFirst).toMatchObject({ conversions: 3, value: 30_000, share: 0.3, removalEffect: null });
    const baiduMarkov = rows.find((r) => r.channel === 'baidu' && r.model === 'markov');
    expect(baiduMarkov?.share).toBeCloseTo(0.25);
    expect(baiduMarkov?.removalEffect).toBe(0.3);
    for (const model of ['first', 'markov']) {
      const total = rows.filter((r) => r.model === model).reduce((n, r) => n + r.share, 0);
      expect(total).toBeCloseTo(1);
    }
  });

  it('gives the paths their share of all conversions', () => {
    expect(pathRows(result).map((p) => [p.steps, p.share])).toEqual([
      [1, 0.5],
      [3, 0.2],
      [2, 0.1],
    ]);
  });

  it('draws paths as an acyclic Sankey: a node per position and channel, every path ending in the conversion', () => {
    const { nodes, links } = pathSankey(result.paths, 'Conversion');
    expect(nodes.map((n) => n.name).sort()).toEqual(
      ['1. (direct)', '1. wechat', '2. baidu', '3. wechat', 'Conversion'].sort(),
    );
    const link = (s: string, t: string) => links.find((l) => l.source === s && l.target === t)?.value;
    expect(link('1. wechat', '2. baidu')).toBe(3);
    expect(link('2. baidu', '3. wechat')).toBe(2);
    expect(link('2. baidu', 'Conversion')).toBe(1);
    expect(link('3. wechat', 'Conversion')).toBe(2);
    expect(link('1. (direct)', 'Conversion')).toBe(5);
    // Into the conversion node flows every listed conversion.
    expect(links.filter((l) => l.target === 'Conversion').reduce((n, l) => n + l.value, 0)).toBe(8);
    expect(pathSankey([], 'Conversion')).toEqual({ nodes: [], links: [] });
  });
});
