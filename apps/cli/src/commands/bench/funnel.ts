import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runQuery } from '@tradeloop/analytics';
import { DimensionSync } from '@tradeloop/core';
import { QueryNode, type QueryNode as QueryNodeType } from '@tradeloop/schema';
import { openClickHouseEventStore, openDuckDbEventStore, openOltpStore, type SqlEventStore } from '@tradeloop/storage';
import cliProgress from 'cli-progress';
import { runDemo } from '../demo/run.js';

export type FunnelBenchOptions = {
  json?: boolean;
  scale: string;
  seed: string;
  dataDir?: string;
  runs: string;
  compareEventsUrl?: string;
};

type Engine = 'duckdb' | 'clickhouse';
type PerEngine = Partial<Record<Engine, number>>;

export type FunnelBenchResult = {
  benchmark: 'funnel';
  scale: string;
  seed: number;
  dataDir: string;
  events: number;
  persons: number;
  runs: number;
  /** Median ms of a 5-step ordered funnel with a 14-day window over the whole simulated year, per engine. */
  funnelMs: PerEngine;
  /** ClickHouse's own windowFunnel over the same events and persons (the reference the issue compares with). */
  clickhouseWindowFunnelMs?: number;
  /** Median ms of a 12-week weekly retention (any event → any event) over the last 12 weeks of data. */
  retentionMs: PerEngine;
  /** Median ms of a daily trend (product views) broken down by utm_source over the whole year. */
  trendMs: PerEngine;
  /** Whether every engine gave the same answers (step counts, cohorts, trend lines). */
  sameResults: boolean;
  queries: Record<string, QueryNodeType>;
};

const log = (s: string) => process.stderr.write(`${s}\n`);
const STEPS = ['exposure', 'product_view', 'add_to_cart', 'order_placed', 'order_paid'];
const MARKER = 'bench-data.json';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[(s.length - 1) / 2] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Loads the simulator's data of this scale and seed into `dir` once (bulk mode), remembered by a marker file. */
async function ensureData(dir: string, scale: string, seed: string): Promise<void> {
  if (existsSync(join(dir, MARKER))) return;
  if (existsSync(join(dir, 'events.duckdb'))) {
    throw new Error(`${dir} holds an incomplete benchmark load (no ${MARKER}): delete it and run again`);
  }
  log(`loading the ${scale} simulation (seed ${seed}) into ${dir} — once; later runs reuse it`);
  const summary = await runDemo({ scale, seed, dataDir: dir, progress: process.stderr.isTTY === true });
  writeFileSync(join(dir, MARKER), `${JSON.stringify({ scale, seed, counts: summary.counts }, null, 2)}\n`);
}

async function scalar(store: SqlEventStore, sql: string): Promise<number> {
  const [row] = await store.queryRows(sql);
  return Number(Object.values(row ?? {})[0] ?? 0);
}

/** Copies events, the person map and nothing else from DuckDB into an (empty or identical) ClickHouse database. */
async function copyToClickHouse(from: SqlEventStore, to: SqlEventStore, total: number): Promise<void> {
  const have = await scalar(to, 'SELECT count() FROM events');
  if (have === total) return;
  if (have !== 0) throw new Error(`the ClickHouse bench database holds ${have} events, not 0 or ${total}: drop it`);
  const bounds = (await from.queryRows('SELECT min(ts_ms) AS lo, max(ts_ms) AS hi FROM events'))[0] ?? {};
  const lo = Number(bounds.lo);
  const hi = Number(bounds.hi) + 1;
  const bar = new cliProgress.SingleBar(
    { format: 'copy to ClickHouse |{bar}| {value}/{total} events', stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  let copied = 0;
  const DAY = 86_400_000;
  for (let t = lo; t < hi; t += DAY) {
    const events = await from.find(
      { from: new Date(t).toISOString(), to: new Date(Math.min(hi, t + DAY)).toISOString() },
      { limit: 10_000_000 },
    );
    for (let i = 0; i < events.length; i += 100_000) await to.append(events.slice(i, i + 100_000));
    copied += events.length;
    bar.update(copied);
  }
  bar.stop();
  const map = await from.queryRows(`SELECT distinct_id, person_id FROM (${from.dialect.currentPersonMap()}) AS m`);
  for (let i = 0; i < map.length; i += 100_000) {
    await to.upsertPersonDistinctIds(
      map.slice(i, i + 100_000).map((r) => ({
        distinctId: String(r.distinct_id),
        personId: String(r.person_id),
        version: 1,
      })),
    );
  }
}

function queries(loMs: number, hiMs: number): Record<'funnel' | 'retention' | 'trend', QueryNodeType> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const year = { from: iso(loMs), to: iso(hiMs + 1) };
  const twelveWeeks = { from: iso(hiMs + 1 - 12 * 7 * 86_400_000), to: iso(hiMs + 1) };
  return {
    funnel: QueryNode.parse({
      kind: 'FunnelQuery',
      steps: STEPS.map((event) => ({ event })),
      window: { value: 14, unit: 'day' },
      order: 'ordered',
      dateRange: year,
    }),
    retention: QueryNode.parse({
      kind: 'RetentionQuery',
      cohort: { event: '$any' },
      cohortType: 'first_in_range',
      returning: { event: '$any' },
      interval: 'week',
      periods: 12,
      dateRange: twelveWeeks,
    }),
    trend: QueryNode.parse({
      kind: 'TrendsQuery',
      series: [{ event: 'product_view' }],
      interval: 'day',
      breakdown: { property: { source: 'event_field', name: 'utm_source' } },
      dateRange: year,
    }),
  };
}

async function timed<T>(runs: number, fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  let result = await fn(); // warm-up (caches, JIT); not counted
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = await fn();
    times.push(performance.now() - t0);
  }
  return { ms: round1(median(times)), result };
}

/** ClickHouse's windowFunnel over the same events, with persons resolved through the same person map. */
function windowFunnelSql(store: SqlEventStore, loMs: number, hiMs: number): string {
  const d = store.dialect;
  const conds = STEPS.map((s) => `event = ${d.stringLiteral(s)}`).join(', ');
  return (
    `SELECT level, count() AS n FROM (SELECT person_id, windowFunnel(${14 * 86_400})(ts, ${conds}) AS level FROM ` +
    `(SELECT e.ts AS ts, e.event AS event, coalesce(pm.pm_person, e.distinct_id) AS person_id FROM ` +
    `(SELECT ts, event, distinct_id FROM events WHERE ts_ms >= ${loMs} AND ts_ms <= ${hiMs} AND ` +
    `${d.inList('event', STEPS)}) AS e LEFT JOIN (SELECT distinct_id AS pm_distinct, person_id AS pm_person FROM ` +
    `(${d.currentPersonMap()})) AS pm ON e.distinct_id = pm.pm_distinct) GROUP BY person_id) GROUP BY level ORDER BY level`
  );
}

/**
 * `tradeloop bench funnel`: the simulator's data of a scale (large: ≥ 10M events, 200k persons), loaded once into a
 * data directory and reused; then a 5-step ordered funnel (14-day window), a 12-week retention and a daily trend
 * with a breakdown, each timed (median of --runs after a warm-up) on DuckDB and, with --compare-events-url, on
 * ClickHouse over the same events (copied once), with ClickHouse's own windowFunnel as the reference.
 */
export async function runFunnelBench(opts: FunnelBenchOptions): Promise<FunnelBenchResult> {
  const runs = Number(opts.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) throw new Error('--runs must be an integer 1..50');
  if (!['small', 'medium', 'large'].includes(opts.scale)) throw new Error('--scale must be small, medium or large');
  const dir = resolve(opts.dataDir ?? join('data-bench', `${opts.scale}-seed${opts.seed}`));
  await ensureData(dir, opts.scale, opts.seed);

  const oltp = await openOltpStore({ dataDir: dir });
  const duck = await openDuckDbEventStore(join(dir, 'events.duckdb'));
  const stores: [Engine, SqlEventStore][] = [['duckdb', duck]];
  try {
    const total = await scalar(duck, 'SELECT count(*) FROM events');
    const persons = await scalar(
      duck,
      // Actors as the queries count them: a distinct id's current person, or the distinct id itself when unmapped.
      `SELECT count(DISTINCT coalesce(m.person_id, e.distinct_id)) FROM events AS e LEFT JOIN (${duck.dialect.currentPersonMap()}) AS m ON e.distinct_id = m.distinct_id`,
    );
    const bounds = (await duck.queryRows('SELECT min(ts_ms) AS lo, max(ts_ms) AS hi FROM events'))[0] ?? {};
    const [lo, hi] = [Number(bounds.lo), Number(bounds.hi)];
    if (opts.compareEventsUrl) {
      const base = opts.compareEventsUrl.replace(/\/+$/, '');
      const ch = await openClickHouseEventStore(base, { database: `tradeloop_bench_${opts.scale}_${opts.seed}` });
      stores.push(['clickhouse', ch]);
      log(`ClickHouse: ${base} (database tradeloop_bench_${opts.scale}_${opts.seed})`);
      await copyToClickHouse(duck, ch, total);
    }
    const q = queries(lo, hi);
    const result: FunnelBenchResult = {
      benchmark: 'funnel',
      scale: opts.scale,
      seed: Number(opts.seed),
      dataDir: dir,
      events: total,
      persons,
      runs,
      funnelMs: {},
      retentionMs: {},
      trendMs: {},
      sameResults: true,
      queries: q,
    };
    const answers: Record<string, string[]> = { funnel: [], retention: [], trend: [] };
    for (const [engine, store] of stores) {
      await new DimensionSync({ store: oltp, events: store }).sync();
      const ctx = { store };
      for (const kind of ['funnel', 'retention', 'trend'] as const) {
        log(`${engine}: ${kind}...`);
        const { ms, result: answer } = await timed(runs, () => runQuery(q[kind], ctx));
        result[`${kind}Ms`][engine] = ms;
        answers[kind]?.push(JSON.stringify(answer));
      }
      if (engine === 'clickhouse') {
        const { ms } = await timed(runs, () => store.queryRows(windowFunnelSql(store, lo, hi)));
        result.clickhouseWindowFunnelMs = ms;
      }
    }
    result.sameResults = Object.values(answers).every((xs) => xs.every((x) => x === xs[0]));
    if (!opts.json) {
      console.table({ funnelMs: result.funnelMs, retentionMs: result.retentionMs, trendMs: result.trendMs });
      if (result.clickhouseWindowFunnelMs !== undefined)
        log(`ClickHouse windowFunnel: ${result.clickhouseWindowFunnelMs} ms`);
    }
    return result;
  } finally {
    for (const [, store] of stores) await store.close();
    await oltp.close();
  }
}
