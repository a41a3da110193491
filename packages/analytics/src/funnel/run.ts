import {
  type FunnelActorsQuery,
  type FunnelActorsResult,
  type FunnelQuery,
  type FunnelResult,
  type FunnelStepResult,
  NONE_BREAKDOWN,
} from '@tradeloop/schema';
import type { QueryContext } from '../context.js';
import { analyticsDialect } from '../dialect/index.js';
import { AnalyticsError } from '../errors.js';
import { queryRange } from '../sql/range.js';
import { periodLabels } from '../time.js';
import { actorRowsSql, breakdownLabel, decodeBreakdown, stepsSql, timeToConvertEdges, trendsSql } from './build.js';

/** The label under which breakdown values beyond the `limit` most frequent are summed. */
export const OTHER_BREAKDOWN = '(other)';

type Row = Record<string, unknown>;
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

function stepResults(node: FunnelQuery, row: Row): FunnelStepResult[] {
  const first = num(row.c0);
  return node.steps.map((step, k) => {
    const count = num(row[`c${k}`]);
    const previous = k === 0 ? count : num(row[`c${k - 1}`]);
    const timed = k > 0 && count > 0;
    return {
      event: step.event,
      label: step.label ?? step.event,
      count,
      conversionRate: k === 0 ? (first > 0 ? 1 : 0) : first > 0 ? count / first : 0,
      conversionRateFromPrevious: k === 0 ? (first > 0 ? 1 : 0) : previous > 0 ? count / previous : 0,
      // ms in SQL (exact integers, and the median the mean of two integers), seconds here.
      medianSecondsToConvert: timed ? num(row[`med${k}`]) / 1000 : null,
      averageSecondsToConvert: timed ? num(row[`sum${k}`]) / count / 1000 : null,
    };
  });
}

/**
 * Runs a FunnelQuery: step counts, conversion, time to convert, breakdowns and trends (see build.ts for the plan
 * and the semantics).
 *
 * @example
 * await runFunnel(FunnelQuery.parse({ kind: 'FunnelQuery', steps: [{ event: 'product_view' }, { event: 'order_paid' }],
 *   dateRange: { from: '2026-01-01', to: '2026-01-31' } }), { store })
 */
export async function runFunnel(node: FunnelQuery, ctx: QueryContext): Promise<FunnelResult> {
  const d = analyticsDialect(ctx.store.dialect);
  const { fromMs, toMs } = queryRange(node);
  let labels: string[] | undefined;
  if (node.trends) {
    try {
      labels = periodLabels(fromMs, toMs, node.trends.interval, node.timezone);
    } catch (error) {
      if (error instanceof RangeError) throw new AnalyticsError('invalid_query', error.message, ['trends', 'interval']);
      throw error;
    }
  }
  const rowsSql = actorRowsSql(d, node, { fromMs, toMs, scope: ctx.scope });
  const rows = await ctx.store.queryRows(stepsSql(d, node, rowsSql));
  const overall = rows.find((r) => r.label === '') ?? {};
  const edges = timeToConvertEdges(node);
  const result: FunnelResult = {
    kind: 'FunnelQuery',
    steps: stepResults(node, overall),
    timeToConvert: edges.slice(0, -1).map((from, j) => ({
      fromSeconds: from,
      toSeconds: edges[j + 1] ?? from,
      count: num(overall[`h${j}`]),
    })),
  };
  if (node.breakdown) {
    const groups = rows
      .filter((r) => r.label !== '')
      .map((r) => {
        const label = String(r.label);
        return { value: label === OTHER_BREAKDOWN ? OTHER_BREAKDOWN : decodeBreakdown(label), row: r };
      });
    // Most actors first, then by value; "(other)" last.
    groups.sort((a, b) => {
      const oa = a.value === OTHER_BREAKDOWN ? 1 : 0;
      const ob = b.value === OTHER_BREAKDOWN ? 1 : 0;
      if (oa !== ob) return oa - ob;
      return num(b.row.c0) - num(a.row.c0) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
    });
    result.breakdowns = groups.map((g) => ({ value: g.value, steps: stepResults(node, g.row) }));
  }
  if (node.trends && labels) {
    const perPeriod = actorRowsSql(d, node, { fromMs, toMs, scope: ctx.scope, periods: true });
    const byPeriod = new Map<string, Row>();
    for (const r of await ctx.store.queryRows(trendsSql(d, node, perPeriod))) byPeriod.set(String(r.period), r);
    result.trends = labels.map((period) => {
      const r = byPeriod.get(period);
      const entered = num(r?.entered);
      const converted = num(r?.converted);
      return { period, entered, converted, conversionRate: entered > 0 ? converted / entered : 0 };
    });
  }
  return result;
}

/** The encoded label (see build.ts breakdownLabel) of a breakdown value as the result shows it. */
function encodeLabel(value: string): string {
  if (value === NONE_BREAKDOWN) return 'n';
  if (value === OTHER_BREAKDOWN) return OTHER_BREAKDOWN;
  return `v${value}`;
}

/**
 * Runs a FunnelActorsQuery: the persons (or organisations) who dropped at a step (reached `step - 1`, not `step`)
 * or reached it, ordered by id, one page at a time, with the total.
 *
 * @example
 * await runFunnelActors(FunnelActorsQuery.parse({ kind: 'FunnelActorsQuery', funnel, step: 2 }), { store })
 */
export async function runFunnelActors(node: FunnelActorsQuery, ctx: QueryContext): Promise<FunnelActorsResult> {
  const d = analyticsDialect(ctx.store.dialect);
  const q = (x: string) => d.quoteIdentifier(x);
  const funnel = node.funnel;
  const { fromMs, toMs } = queryRange(funnel);
  const rowsSql = actorRowsSql(d, funnel, { fromMs, toMs, scope: ctx.scope });
  const reached = node.status === 'dropped' ? `${q('reached')} = ${node.step}` : `${q('reached')} >= ${node.step + 1}`;
  // One statement: the page with the total alongside (DuckDB computes the actors once); an empty page asks again.
  const selected = (rows: string) => {
    const where = [reached];
    if (node.breakdownValue !== undefined && funnel.breakdown) {
      where.push(`${breakdownLabel(d, funnel, rows)} = ${d.stringLiteral(encodeLabel(node.breakdownValue))}`);
    }
    return `SELECT ${q('actor')}, ${q('t0')}, ${q('reached')} FROM ${rows} WHERE ${where.join(' AND ')}`;
  };
  const defs = [
    { name: 'funnel_actors', sql: rowsSql },
    { name: 'funnel_selected', sql: (ref: (name: string) => string) => selected(ref('funnel_actors')) },
  ];
  const statement = (withPage: boolean) =>
    d.withRelations(defs, (ref) => {
      const sel = ref('funnel_selected');
      if (!withPage) return `SELECT count(*) AS ${q('n')} FROM ${sel} AS a`;
      return (
        `SELECT ${q('actor')}, ${q('t0')}, ${q('reached')}, (SELECT count(*) FROM ${sel} AS c) AS ${q('n')} ` +
        `FROM ${sel} AS a ORDER BY ${q('actor')} LIMIT ${node.limit} OFFSET ${node.offset}`
      );
    });
  const page = await ctx.store.queryRows(statement(true));
  const total = page.length > 0 ? num(page[0]?.n) : num((await ctx.store.queryRows(statement(false)))[0]?.n);
  return {
    kind: 'FunnelActorsQuery',
    aggregateBy: funnel.aggregateBy,
    total,
    actors: page.map((r) => ({
      id: String(r.actor),
      enteredAt: new Date(num(r.t0)).toISOString(),
      furthestStep: num(r.reached) - 1,
    })),
  };
}
