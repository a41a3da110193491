import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../bench/net.js';

/**
 * What an operator sees after `npm start` on an empty data directory: the small demo is loaded, and every analytics
 * query kind answers with real numbers through POST /api/query.
 */
const bin = fileURLToPath(new URL('../../../bin/tradeloop.js', import.meta.url));
const TOKEN = 'demo-queries-admin-token-0123456789abcdef';

describe('analytics on the first-start demo', () => {
  let dir: string;
  let child: ChildProcess;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tl-demo-queries-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [bin, 'start', '--port', String(port), '--data-dir', join(dir, 'data')], {
      env: { ...process.env, LOG_LEVEL: 'warn', TRADELOOP_ADMIN_TOKEN: TOKEN, TRADELOOP_DEMO: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
    });
    child.stderr?.on('data', (d) => {
      out += d;
    });
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`tradeloop start exited ${child.exitCode}: ${out}`);
      if (Date.now() > deadline) throw new Error(`no answer from ${url}/health: ${out}`);
      const ok = await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 150_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  // The first-start demo is the year up to today.
  const today = new Date();
  const day = (offsetDays: number) => new Date(today.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
  const year = { from: day(-365), to: day(0) };
  const twelveWeeks = { from: day(-84), to: day(0) };

  async function query<T>(node: Record<string, unknown>): Promise<T> {
    const res = await fetch(`${url}/api/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(node),
    });
    const body = await res.text();
    expect(res.status, body.slice(0, 500)).toBe(200);
    return JSON.parse(body) as T;
  }

  it('answers every query kind with the demo’s numbers', async () => {
    const funnel = await query<{ steps: { count: number }[]; breakdowns: { value: string }[] }>({
      kind: 'FunnelQuery',
      steps: [{ event: 'product_view' }, { event: 'add_to_cart' }, { event: 'order_placed' }],
      aggregateBy: 'organization',
      breakdown: { property: { source: 'event_field', name: 'utm_source' } },
      dateRange: year,
    });
    const counts = funnel.steps.map((s) => s.count);
    expect(counts[0]).toBeGreaterThan(50);
    expect(counts[2]).toBeGreaterThan(0);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(funnel.breakdowns.map((b) => b.value)).toEqual(expect.arrayContaining(['baidu', 'referral']));

    const actors = await query<{ total: number; actors: unknown[] }>({
      kind: 'FunnelActorsQuery',
      funnel: { kind: 'FunnelQuery', steps: [{ event: 'product_view' }, { event: 'order_placed' }], dateRange: year },
      step: 1,
      status: 'dropped',
    });
    expect(actors.total).toBeGreaterThan(0);
    expect(actors.actors.length).toBeGreaterThan(0);

    const retention = await query<{ cohorts: { size: number; retained: number[] }[]; repurchase?: { actors: number } }>(
      {
        kind: 'RetentionQuery',
        cohort: { event: 'order_paid' },
        returning: { event: 'order_paid' },
        interval: 'month',
        periods: 6,
        aggregateBy: 'organization',
        dateRange: year,
      },
    );
    expect(retention.cohorts.reduce((n, c) => n + c.size, 0)).toBeGreaterThan(20);
    expect(retention.cohorts.some((c) => c.retained.slice(1).some((r) => r > 0))).toBe(true);
    expect(retention.repurchase?.actors).toBeGreaterThan(0);

    const trends = await query<{ lines: { name: string; total: number | null }[] }>({
      kind: 'TrendsQuery',
      series: [
        { event: 'order_paid', math: 'sum', property: 'total', name: 'GMV' },
        { event: 'order_paid', math: 'unique_organizations', name: 'paying' },
      ],
      formulas: [{ name: 'ARPU', expression: 'A / B' }],
      interval: 'week',
      dateRange: year,
    });
    const total = (name: string) => trends.lines.find((l) => l.name === name)?.total ?? 0;
    expect(total('GMV')).toBeGreaterThan(0);
    expect(total('paying')).toBeGreaterThan(10);
    // Results carry 12 significant digits (the engines add in different orders).
    expect(Math.abs(total('ARPU') / (total('GMV') / total('paying')) - 1)).toBeLessThan(1e-9);

    const attribution = await query<{ conversions: number; channels: { channel: string }[] }>({
      kind: 'AttributionQuery',
      conversion: { event: 'signup' },
      models: ['first', 'last', 'linear', 'time_decay', 'position', 'markov'],
      dateRange: year,
    });
    expect(attribution.conversions).toBeGreaterThan(20);
    expect(attribution.channels.map((c) => c.channel)).toEqual(expect.arrayContaining(['baidu', 'referral']));

    const aipl = await query<{ stock: { awareness: number; interest: number; purchase: number; loyalty: number }[] }>({
      kind: 'AiplQuery',
      interval: 'week',
      dateRange: twelveWeeks,
    });
    const last = aipl.stock[aipl.stock.length - 1];
    expect(last && last.awareness + last.interest + last.purchase + last.loyalty).toBeGreaterThan(0);

    const quadrant = await query<{ channels: { channel: string; registrations: number }[] }>({
      kind: 'ChannelQuadrantQuery',
      dateRange: year,
    });
    expect(quadrant.channels.reduce((n, c) => n + c.registrations, 0)).toBeGreaterThan(20);

    const products = await query<{ rows: { gmv: number; views: number; role: string; stage: string }[] }>({
      kind: 'ProductPerformanceQuery',
      dateRange: year,
      limit: 20,
    });
    expect(products.rows.length).toBeGreaterThan(0);
    expect(products.rows[0]?.gmv).toBeGreaterThan(0);
    expect(products.rows.some((r) => r.views > 0)).toBe(true);
  }, 120_000);
});
