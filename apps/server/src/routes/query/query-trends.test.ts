import { oltpTestTargets } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestOrg } from '../../testing/actors.js';
import type { TestApi } from '../../testing/harness.js';
import { memberTrack, startTwoRegions, type TwoRegions } from '../../testing/two-regions.js';

/**
 * `POST /api/query` with trends and retention nodes: the admin sees every region, an operator scoped to one region
 * gets that region's numbers only (events collected through /v1/batch, organisations from the marketplace).
 */
describe.each(oltpTestTargets())('trends and retention over HTTP ($dialect)', ({ dialect, skipReason, ...target }) => {
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
    let n = 0;
    const order = (who: TestOrg, at: string, total: number) =>
      memberTrack(who, 'order_paid', at, { orderId: `ord_${++n}`, total });
    await send([
      order(east, '2026-03-02T02:00:00Z', 100), // 03-02 10:00 Shanghai
      order(east, '2026-03-03T02:00:00Z', 50),
      order(west, '2026-03-02T03:00:00Z', 30),
      order(west, '2026-03-02T04:00:00Z', 20),
      order(west, '2026-03-03T16:30:00Z', 10), // 03-04 00:30 Shanghai
    ]);
  });
  afterAll(async () => api?.close());

  const trend = {
    kind: 'TrendsQuery',
    series: [
      { event: 'order_paid', math: 'sum', property: 'total' },
      { event: 'order_paid', math: 'unique_organizations' },
    ],
    formulas: [{ name: 'per organisation', expression: 'A / B' }],
    dateRange: { from: '2026-03-02', to: '2026-03-04' },
  };

  test('the admin gets every region; a region-scoped operator that region only', async () => {
    const all = await api.request('POST', '/api/query', { body: trend });
    expect(all.status).toBe(200);
    expect(all.body.periods).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
    expect(all.body.lines.map((l: { data: unknown; total: unknown }) => [l.data, l.total])).toEqual([
      [[150, 50, 10], 210],
      [[2, 1, 1], 2],
      [[75, 50, 10], 105],
    ]);
    const scoped = await api.request('POST', '/api/query', { token: eastAnalyst, body: trend });
    expect(scoped.status).toBe(200);
    expect(scoped.body.lines.map((l: { data: unknown; total: unknown }) => [l.data, l.total])).toEqual([
      [[100, 50, 0], 150],
      [[1, 1, 0], 1],
      [[100, 50, null], 150],
    ]);
  });

  test('a breakdown by region and a retention query keep to the scope too', async () => {
    const byRegion = { ...trend, formulas: [], breakdown: { property: { source: 'organization', name: 'region' } } };
    const all = await api.request('POST', '/api/query', { body: byRegion });
    expect(
      all.body.lines
        .filter((l: { series: number }) => l.series === 0)
        .map((l: { breakdownValue: string }) => l.breakdownValue),
    ).toEqual(['east', 'southwest']);
    const scoped = await api.request('POST', '/api/query', { token: eastAnalyst, body: byRegion });
    expect(scoped.body.lines.map((l: { breakdownValue: string }) => l.breakdownValue)).toEqual(['east', 'east']);

    const retention = {
      kind: 'RetentionQuery',
      cohort: { event: 'order_paid' },
      returning: { event: 'order_paid' },
      interval: 'day',
      periods: 2,
      aggregateBy: 'organization',
      dateRange: { from: '2026-03-02', to: '2026-03-04' },
    };
    const r = await api.request('POST', '/api/query', { body: retention });
    expect(r.status).toBe(200);
    expect(r.body.cohorts.map((c: { retained: number[] }) => c.retained)).toEqual([[2, 1, 1], [0, 0], [0]]);
    const rs = await api.request('POST', '/api/query', { token: eastAnalyst, body: retention });
    expect(rs.body.cohorts.map((c: { retained: number[] }) => c.retained)).toEqual([[1, 1, 0], [0, 0], [0]]);
    expect(rs.body.repurchase).toMatchObject({ actors: 1, repeatActors: 1, medianIntervalDays: 1 });
  });

  test('a bad formula is a 400 naming the field', async () => {
    const res = await api.request('POST', '/api/query', {
      body: { ...trend, formulas: [{ name: 'f', expression: 'A +' }] },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('formulas');
  });
});
