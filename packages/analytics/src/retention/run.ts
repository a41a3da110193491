import { NONE_BREAKDOWN, type RetentionQuery, type RetentionResult } from '@tradeloop/schema';
import type { QueryContext } from '../context.js';
import { analyticsDialect } from '../dialect/index.js';
import { AnalyticsError } from '../errors.js';
import { queryRange } from '../sql/range.js';
import { periodLabels, periodStartMs } from '../time.js';
import { buildRetentionSql, GAP_BUCKETS_DAYS } from './build.js';

const OTHER = '(other)';
type Cohort = RetentionResult['cohorts'][number];

/**
 * RetentionQuery: actors (persons after identity merges, or organisations) cohorted by the period of their first
 * cohort event, and how many of each cohort did the return event in each later period.
 *
 * Rules: `retained[0]` is the cohort size (period 0 is the cohort period itself); for n ≥ 1, `bounded` counts actors
 * with a return event in period n, `unbounded` those with one in period n or later. Only return events inside the
 * date range count, so a cohort lists the periods that start before the range ends (at most `periods` after its
 * own): the later cohorts have shorter rows. `average[n]` = Σ retained[n] / Σ size over the cohorts that have
 * period n. Every period of the range is a cohort row (size 0 when nobody started then). A breakdown groups actors
 * by the value on their cohort event (top `limit` by actors, the rest `(other)`, no value `(none)`).
 * When the cohort and return events are the same named event (order_paid → order_paid), `repurchase` gives over
 * all cohorts: actors, those with ≥ 2 such events from their cohort event on, and the days between consecutive
 * ones (median = middle value or mean of the two middle values; histogram buckets).
 *
 * @example
 * await runRetention(RetentionQuery.parse({ kind: 'RetentionQuery', cohort: { event: 'order_paid' },
 *   returning: { event: 'order_paid' }, interval: 'week', periods: 12,
 *   dateRange: { from: '2026-01-05', to: '2026-04-05' } }), { store })
 */
export async function runRetention(node: RetentionQuery, ctx: QueryContext): Promise<RetentionResult> {
  const d = analyticsDialect(ctx.store.dialect);
  const range = queryRange(node);
  let labels: string[];
  try {
    labels = periodLabels(range.fromMs, range.toMs, node.interval, node.timezone, 1000);
  } catch (error) {
    if (error instanceof RangeError) throw new AnalyticsError('invalid_query', error.message, ['interval']);
    throw error;
  }
  const starts = labels.map((l) => periodStartMs(l, node.timezone));
  const sql = buildRetentionSql(d, node, range, starts, ctx.scope);
  const [sizeRows, returnedRows, repeatRows, gapRows] = await Promise.all([
    ctx.store.queryRows(sql.sizes),
    ctx.store.queryRows(sql.returned),
    sql.repeatActors ? ctx.store.queryRows(sql.repeatActors) : Promise.resolve(null),
    sql.gaps ? ctx.store.queryRows(sql.gaps) : Promise.resolve(null),
  ]);

  // Per breakdown value: sizes[pi] and counts[pi][n] (bounded: exact n; unbounded: last n, cumulated below).
  const width = (pi: number) => Math.min(node.periods, labels.length - 1 - pi) + 1;
  type Grid = { sizes: number[]; counts: number[][] };
  const grids = new Map<string, Grid>();
  const gridOf = (bd: string) => {
    let g = grids.get(bd);
    if (!g) {
      g = { sizes: labels.map(() => 0), counts: labels.map((_, pi) => new Array<number>(width(pi)).fill(0)) };
      grids.set(bd, g);
    }
    return g;
  };
  for (const r of sizeRows) {
    const pi = Number(r.pi);
    if (pi >= 0 && pi < labels.length) gridOf(String(r.bd)).sizes[pi] = Number(r.actors);
  }
  for (const r of returnedRows) {
    const pi = Number(r.pi);
    if (!(pi >= 0 && pi < labels.length)) continue;
    const row = gridOf(String(r.bd)).counts[pi] as number[];
    const n = Math.min(Number(r.n), row.length - 1); // unbounded: returned after the last period shown
    if (n >= 1) row[n] = (row[n] ?? 0) + Number(r.actors);
  }

  const cohortsOf = (g: Grid): Cohort[] =>
    labels.map((period, pi) => {
      const size = g.sizes[pi] ?? 0;
      const counts = g.counts[pi] as number[];
      const retained = counts.map((_, n) => {
        if (n === 0) return size;
        if (node.mode === 'bounded') return counts[n] ?? 0;
        let sum = 0;
        for (let k = n; k < counts.length; k++) sum += counts[k] ?? 0;
        return sum;
      });
      return { period, size, retained, rates: retained.map((x) => (size === 0 ? 0 : x / size)) };
    });
  const merge = (parts: Grid[]): Grid => ({
    sizes: labels.map((_, pi) => parts.reduce((s, g) => s + (g.sizes[pi] ?? 0), 0)),
    counts: labels.map((_, pi) =>
      new Array<number>(width(pi)).fill(0).map((_, n) => parts.reduce((s, g) => s + (g.counts[pi]?.[n] ?? 0), 0)),
    ),
  });

  const cohorts = cohortsOf(merge([...grids.values()]));
  const result: RetentionResult = { kind: 'RetentionQuery', cohorts, average: averageOf(cohorts) };

  if (node.breakdown) {
    const total = (g: Grid) => g.sizes.reduce((a, b) => a + b, 0);
    const ranked = [...grids.entries()]
      .filter(([v]) => v !== NONE_BREAKDOWN)
      .sort(([va, a], [vb, b]) => total(b) - total(a) || (va < vb ? -1 : va > vb ? 1 : 0));
    const top = ranked.slice(0, node.breakdown.limit);
    const rest = ranked.slice(node.breakdown.limit).map(([, g]) => g);
    const none = grids.get(NONE_BREAKDOWN);
    result.breakdowns = [
      ...top.map(([value, g]) => ({ value, cohorts: cohortsOf(g) })),
      ...(rest.length ? [{ value: OTHER, cohorts: cohortsOf(merge(rest)) }] : []),
      ...(none ? [{ value: NONE_BREAKDOWN, cohorts: cohortsOf(none) }] : []),
    ];
  }

  if (repeatRows && gapRows) {
    const actors = cohorts.reduce((a, c) => a + c.size, 0);
    const repeatActors = Number(repeatRows[0]?.repeat_actors ?? 0);
    const g = gapRows[0] ?? {};
    const median = g.median_ms === null || g.median_ms === undefined ? null : Number(g.median_ms);
    result.repurchase = {
      actors,
      repeatActors,
      repurchaseRate: actors === 0 ? 0 : repeatActors / actors,
      medianIntervalDays: median === null ? null : median / 86_400_000,
      intervalDays: GAP_BUCKETS_DAYS.map(([fromDays, toDays], i) => ({
        fromDays,
        toDays,
        count: Number(g[`b${i}`] ?? 0),
      })),
    };
  }
  return result;
}

/** Size-weighted average rate per period over the cohorts that have that period (0 when they are all empty). */
function averageOf(cohorts: Cohort[]): number[] {
  const longest = Math.max(0, ...cohorts.map((c) => c.retained.length));
  return Array.from({ length: longest }, (_, n) => {
    let kept = 0;
    let size = 0;
    for (const c of cohorts) {
      if (c.retained.length > n) {
        kept += c.retained[n] ?? 0;
        size += c.size;
      }
    }
    return size === 0 ? 0 : kept / size;
  });
}
