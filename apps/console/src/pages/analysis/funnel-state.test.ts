import { describe, expect, it } from 'vitest';
import { actorsQuery, funnelQuery, move, paramsFromState, stateFromParams, toCsv } from './funnel-state';

const TODAY = '2026-11-30';

describe('funnel builder state', () => {
  it('falls back to a two-step funnel over the last 30 days', () => {
    const s = stateFromParams(new URLSearchParams(''), TODAY);
    expect(s.steps).toEqual(['product_view', 'add_to_cart']);
    expect(s.window).toEqual({ value: 14, unit: 'day' });
    expect(s).toMatchObject({ order: 'ordered', aggregateBy: 'person', breakdown: null, dropStep: 1 });
    expect(s.range).toEqual({ from: '2026-11-01', to: TODAY });
  });

  it('round-trips through the URL and rejects malformed values', () => {
    const s = stateFromParams(
      new URLSearchParams(
        'step=product_view&step=add_to_cart&step=order_placed&window=3&unit=hour&order=strict&by=organization&breakdown=region&from=2026-10-01&to=2026-10-31&drop=2',
      ),
      TODAY,
    );
    expect(stateFromParams(paramsFromState(s), TODAY)).toEqual(s);
    const bad = stateFromParams(new URLSearchParams('window=999999&unit=week&order=x&by=y&breakdown=z&drop=7'), TODAY);
    expect(bad).toMatchObject({ window: { value: 1, unit: 'week' }, order: 'ordered', aggregateBy: 'person' });
    expect(bad.breakdown).toBeNull();
    expect(bad.dropStep).toBe(1);
  });

  it('makes the FunnelQuery node, none while a step is blank, and a drop-off node without the breakdown', () => {
    const s = stateFromParams(new URLSearchParams('step=product_view&step=order_placed&breakdown=utm_source'), TODAY);
    const node = funnelQuery(s);
    expect(node).toMatchObject({
      kind: 'FunnelQuery',
      steps: [{ event: 'product_view' }, { event: 'order_placed' }],
      breakdown: { property: { source: 'event_field', name: 'utm_source' } },
    });
    expect(funnelQuery({ ...s, steps: ['product_view', ''] })).toBeNull();
    if (!node) throw new Error('no node');
    const actors = actorsQuery(node, 1, 100);
    expect(actors).toMatchObject({ kind: 'FunnelActorsQuery', step: 1, status: 'dropped', limit: 100 });
    expect('breakdown' in actors.funnel).toBe(false);
  });

  it('moves steps and writes CSV with quoting', () => {
    expect(move(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(move(['a', 'b'], 1, 2)).toEqual(['a', 'b']);
    expect(toCsv(['id', 'note'], [['p1', 'a,"b"']])).toBe('id,note\r\np1,"a,""b"""');
  });
});
