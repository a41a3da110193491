import { describe, expect, it } from 'vitest';
import {
  actorsQuery,
  decodeFilter,
  type FunnelState,
  funnelQuery,
  move,
  paramsFromState,
  removeStep,
  stateFromParams,
} from './funnel-state';

const TODAY = '2026-11-30';
const url = (s: string) => stateFromParams(new URLSearchParams(s), TODAY);

describe('funnel builder state', () => {
  it('falls back to a two-step funnel over the last 30 days with a daily trend', () => {
    const s = url('');
    expect(s.steps).toEqual([
      { event: 'product_view', filters: [] },
      { event: 'add_to_cart', filters: [] },
    ]);
    expect(s.window).toEqual({ value: 14, unit: 'day' });
    expect(s).toMatchObject({ order: 'ordered', aggregateBy: 'person', breakdown: null, dropStep: 1 });
    expect(s).toMatchObject({ exclusions: [], interval: 'day' });
    expect(s.range).toEqual({ from: '2026-11-01', to: TODAY });
    expect(url('from=2025-12-01&to=2026-11-30').interval).toBe('week');
  });

  it('round-trips steps, step filters, exclusions, breakdown and trend through the URL', () => {
    const s: FunnelState = {
      steps: [
        {
          event: 'product_view',
          filters: [
            { property: { source: 'event', name: 'slot' }, operator: 'eq', value: 'search' },
            { property: { source: 'event', name: 'unitPrice' }, operator: 'gte', value: '1500.5' },
            // Text with the separators in it survives: the value is the rest of the parameter.
            { property: { source: 'person', name: 'name' }, operator: 'contains', value: 'a.b|c, "d"' },
          ],
        },
        {
          event: 'add_to_cart',
          filters: [
            { property: { source: 'organization', name: 'region' }, operator: 'in', value: ['north', 'east,1'] },
            { property: { source: 'event_field', name: 'utm_source' }, operator: 'is_set', value: null },
          ],
        },
        { event: 'order placed: v2', filters: [] },
      ],
      exclusions: [
        { event: 'add_to_favorites', fromStep: 0, toStep: 1 },
        { event: 'coupon.used', fromStep: 1, toStep: 2 },
      ],
      window: { value: 3, unit: 'hour' },
      order: 'strict',
      aggregateBy: 'organization',
      breakdown: { source: 'event', name: 'slot' },
      interval: 'week',
      range: { from: '2026-10-01', to: '2026-10-31' },
      dropStep: 2,
      dropValue: 'north',
    };
    const params = paramsFromState(s);
    expect(params.getAll('step')).toEqual(['product_view', 'add_to_cart', 'order placed: v2']);
    expect(params.getAll('sf')[0]).toBe('0.event.slot.eq.search');
    expect(params.getAll('ex')).toEqual(['0.1.add_to_favorites', '1.2.coupon.used']);
    expect(params.get('breakdown')).toBe('event.slot');
    // Through the string form, as a shared link travels.
    expect(stateFromParams(new URLSearchParams(params.toString()), TODAY)).toEqual(s);
  });

  it('leaves out malformed filters, exclusions and values, and reads old breakdown links', () => {
    const s = url(
      [
        'step=product_view',
        'step=add_to_cart',
        'sf=0.event.slot.eq.search', // kept
        'sf=5.event.slot.eq.search', // no step 5
        'sf=0.event.unitPrice.gt.cheap', // gt needs a number
        'sf=0.event.slot.eq', // eq needs a value
        'sf=0.event.slot.is_set.x', // is_set takes none
        'sf=0.event.slot.in.notjson', // in needs a JSON list
        'sf=0.event_field.not_a_field.eq.x', // not an event field
        'sf=0.event.bad-name.eq.x', // not a property name
        'sf=0.event.slot.like.x', // not an operator
        'ex=1.0.login', // to before from
        'ex=0.2.login', // no step 2
        'ex=0.1.', // no event
        'ex=0.1.add_to_favorites', // kept
        'window=999999&unit=week&order=x&by=y&breakdown=region&interval=hour&drop=7',
        'from=2026-01-01&to=2026-11-30',
      ].join('&'),
    );
    expect(s.steps[0]?.filters).toEqual([
      { property: { source: 'event', name: 'slot' }, operator: 'eq', value: 'search' },
    ]);
    expect(s.exclusions).toEqual([{ event: 'add_to_favorites', fromStep: 0, toStep: 1 }]);
    expect(s).toMatchObject({ window: { value: 1, unit: 'week' }, order: 'ordered', aggregateBy: 'person' });
    expect(s.breakdown).toEqual({ source: 'organization', name: 'region' });
    expect(s.interval).toBe('week'); // hourly is refused over 334 days; longer than 180 days → weekly
    expect(s.dropStep).toBe(1);
    expect(url('breakdown=organization.nope').breakdown).toBeNull();
    expect(decodeFilter('0.event.slot.not_in.["a"]')).toEqual([
      0,
      { property: { source: 'event', name: 'slot' }, operator: 'not_in', value: ['a'] },
    ]);
  });

  it('makes the FunnelQuery node with typed filter values, exclusions and the trend; none while a step is blank', () => {
    const s = url(
      'step=product_view&step=add_to_cart&step=order_placed&sf=0.event.slot.eq.search&sf=0.event.unitPrice.lt.2000' +
        '&sf=1.event.quantity.in.["10","x"]&ex=0.1.add_to_favorites&breakdown=event_field.utm_source&interval=week',
    );
    const node = funnelQuery(s);
    expect(node).toMatchObject({
      kind: 'FunnelQuery',
      steps: [
        {
          event: 'product_view',
          filters: [
            { property: { source: 'event', name: 'slot' }, operator: 'eq', value: 'search' },
            { property: { source: 'event', name: 'unitPrice' }, operator: 'lt', value: 2000 },
          ],
        },
        { event: 'add_to_cart', filters: [{ operator: 'in', value: [10, 'x'] }] },
        { event: 'order_placed' },
      ],
      exclusions: [{ event: 'add_to_favorites', fromStep: 0, toStep: 1 }],
      breakdown: { property: { source: 'event_field', name: 'utm_source' }, limit: 10 },
      trends: { interval: 'week' },
      timezone: 'Asia/Shanghai',
    });
    expect(node?.steps[2]).toEqual({ event: 'order_placed' });
    expect(funnelQuery({ ...s, steps: [s.steps[0] ?? { event: 'x', filters: [] }, { event: '', filters: [] }] })).toBe(
      null,
    );
    if (!node) throw new Error('no node');
    const actors = actorsQuery(node, 1, 100);
    expect(actors).toMatchObject({ kind: 'FunnelActorsQuery', step: 1, status: 'dropped', limit: 100 });
    expect('breakdown' in actors.funnel).toBe(false);
    expect('trends' in actors.funnel).toBe(false);
    expect(actors.funnel.exclusions).toEqual(node.exclusions);
    // One breakdown value's drop-offs: the funnel keeps its breakdown for the value to mean something.
    const north = actorsQuery(node, 2, 20, 40, 'north');
    expect(north).toMatchObject({ step: 2, breakdownValue: 'north', limit: 20, offset: 40 });
    expect(north.funnel.breakdown).toEqual(node.breakdown);
    expect(url('dropby=north').dropValue).toBeNull(); // no breakdown, no value
  });

  it('removes a step with its filters and keeps exclusions on the same steps', () => {
    const s = url(
      'step=a&step=b&step=c&step=d&sf=1.event.x.eq.1&sf=3.event.y.eq.2&ex=0.1.e1&ex=2.3.e2&ex=0.3.e3&drop=3',
    );
    const r = removeStep(s, 1);
    expect(r.steps.map((x) => x.event)).toEqual(['a', 'c', 'd']);
    expect(r.steps[2]?.filters).toEqual([{ property: { source: 'event', name: 'y' }, operator: 'eq', value: '2' }]);
    expect(r.exclusions).toEqual([
      { event: 'e2', fromStep: 1, toStep: 2 },
      { event: 'e3', fromStep: 0, toStep: 2 },
    ]);
    expect(r.dropStep).toBe(2);
    expect(move(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(move(['a', 'b'], 1, 2)).toEqual(['a', 'b']);
  });
});
