import { join } from 'node:path';
import type { FirstStartContext } from '@tradeloop/server';
import { type LoadReport, loadSimulation, type Simulation, simulate, writeTruth } from '@tradeloop/sim';

/** TRADELOOP_DEMO=0 (or false/off/no) starts an empty platform; anything else loads the demo on first start. */
export function demoEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env.TRADELOOP_DEMO ?? '').trim().toLowerCase();
  return !['0', 'false', 'off', 'no'].includes(v);
}

/** Today's date in Beijing (YYYY-MM-DD): the first-start demo ends today, so recent-days dashboards have data. */
export function beijingToday(now: number = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The first-start hook of `tradeloop start`: loads the small demo (seed 1, ending today) through the running
 * platform's own ingestion pipeline and outbox relay, before the server listens, and writes the ground truth to
 * `<dataDir>/demo/`.
 */
export async function loadFirstStartDemo(
  ctx: FirstStartContext,
  say: (line: string) => void,
): Promise<{ sim: Simulation; report: LoadReport; elapsedMs: number }> {
  const sim = simulate({ scale: 'small', seed: 1, end: beijingToday() });
  say('  First start: loading the demo marketplace (small, seed 1; TRADELOOP_DEMO=0 starts empty)...');
  const started = performance.now();
  const report = await loadSimulation(sim, {
    store: ctx.store,
    events: ctx.events,
    ingest: ctx.platform.ingest,
    relay: ctx.platform.relay,
  });
  writeTruth(sim.truth(), join(ctx.dataDir, 'demo'));
  const elapsedMs = performance.now() - started;
  const counts = sim.truth().summary.counts;
  say(
    `  Demo loaded in ${(elapsedMs / 1000).toFixed(1)} s: ${counts.buyers} buyers, ${counts.suppliers} suppliers, ` +
      `${counts.products} products, ${counts.orders} orders, ${report.messages + counts.serverMessages} events ` +
      `(ground truth in ${join(ctx.dataDir, 'demo', 'truth.json')})`,
  );
  return { sim, report, elapsedMs };
}
