import { oltpTestTargets } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestOrg } from '../../testing/actors.js';
import type { TestApi } from '../../testing/harness.js';
import { memberTrack, startTwoRegions, type TwoRegions } from '../../testing/two-regions.js';

/**
 * `POST /api/query` with funnel nodes: the admin gets every region, a member is refused, an operator scoped to one
 * region gets that region's numbers only, a bad node is a 400 naming the field (events through /v1/batch,
 * organisations from the marketplace).
 */
describe.each(oltpTestTargets())('funnels over HTTP ($dialect)', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  const test = it.skipIf(skipReason !== '');
  let api: TestApi;
  let east: TestOrg;
  let west: TestOrg;
  let eastAnalyst: string;
  let send: TwoRegions['send'];

  beforeAll(async () => {
    if (skipReason) return;
    ({ api, east, west, eastAnalyst, send } = await startTwoRegions({ dialect, skipReason, ...target }));
    // Standard events are checked against their schemas.
    const track = (who: TestOrg, event: string, at: string) =>
      memberTrack(who, event, at, { productId: 'p1', quantity: 1, orderId: `ord_${at}`, total: 100 });
    await send([
      track(east, 'product_view', '2026-03-02T02:00:00Z'),
      track(east, 'add_to_cart', '2026-03-02T02:10:00Z'),
      track(east, 'order_paid', '2026-03-02T03:00:00Z'),
      track(west, 'product_view', '2026-03-02T02:00:00Z'),
      track(west, 'add_to_cart', '2026-03-02T02:30:00Z'),
    ]);
  });
  afterAll(async () => api?.close());

  const funnel = {
    kind: 'FunnelQuery',
    steps: [{ event: 'product_view' }, { event: 'add_to_cart' }, { event: 'order_paid' }],
    window: { value: 1, unit: 'day' },
    dateRange: { from: '2026-03-01', to: '2026-03-31' },
  };
  const counts = (body: { steps: { count: number }[] }) => body.steps.map((s) => s.count);

  test('the admin gets the steps of every region', async () => {
    const res = await api.request('POST', '/api/query', { body: funnel });
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('FunnelQuery');
    expect(counts(res.body)).toEqual([2, 2, 1]);
    expect(res.body.steps[1]).toMatchObject({ event: 'add_to_cart', conversionRate: 1, medianSecondsToConvert: 1200 });
    const byOrg = await api.request('POST', '/api/query', { body: { ...funnel, aggregateBy: 'organization' } });
    expect(counts(byOrg.body)).toEqual([2, 2, 1]);
    const dropped = await api.request('POST', '/api/query', {
      body: { kind: 'FunnelActorsQuery', funnel: { ...funnel, aggregateBy: 'organization' }, step: 2 },
    });
    expect(dropped.status).toBe(200);
    expect(dropped.body).toMatchObject({ total: 1, actors: [{ id: west.organizationId, furthestStep: 1 }] });
  });

  test('a member is refused; a region-scoped operator gets that region only', async () => {
    const member = await api.request('POST', '/api/query', { token: east.token, body: funnel });
    expect(member.status).toBe(403);
    const scoped = await api.request('POST', '/api/query', { token: eastAnalyst, body: funnel });
    expect(scoped.status).toBe(200);
    expect(counts(scoped.body)).toEqual([1, 1, 1]);
  });

  test('a bad node is a 400 naming the field', async () => {
    const res = await api.request('POST', '/api/query', {
      body: { ...funnel, exclusions: [{ event: 'order_cancelled', fromStep: 1, toStep: 5 }] },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('exclusions');
    expect(JSON.stringify(res.body)).toContain('toStep');
    const injected = await api.request('POST', '/api/query', {
      body: { ...funnel, steps: [{ event: "view' OR 1=1 --" }, { event: 'order_paid' }] },
    });
    expect(injected.status).toBe(400);
    expect(JSON.stringify(injected.body)).toContain('steps');
  });
});
