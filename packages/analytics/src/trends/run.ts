import { NONE_BREAKDOWN, type TrendSeries, type TrendsQuery, type TrendsResult } from '@tradeloop/schema';
import type { QueryContext } from '../context.js';
import { analyticsDialect } from '../dialect/index.js';
import { AnalyticsError } from '../errors.js';
import { queryRange } from '../sql/range.js';
import { periodLabels, periodStartMs } from '../time.js';
import { ADDITIVE_MATHS, buildTrendSql, countColumn, OTHER_BREAKDOWN, valueColumn } from './build.js';
import { evaluateFormula, parseFormula } from './formula.js';

/**
 * TrendsQuery: per series and period (empty periods filled in), a count, a unique count of persons or
 * organisations, or the sum/avg/min/max/median of a numeric event property; a total over the whole range (uniques
 * and medians are computed over the range, not summed); an optional breakdown (top `limit` values by the first
 * series over the range, the rest as `(other)`, rows without a value as `(none)`); formula lines over the series.
 *
 * Values: a count, unique count or sum over no event is 0; an avg/min/max/median over no value is null. Sums and
 * averages are rounded to 12 significant digits, so that engines adding doubles in different orders agree.
 *
 * @example
 * await runTrends(TrendsQuery.parse({ kind: 'TrendsQuery', series: [{ event: 'order_paid', math: 'sum',
 *   property: 'total' }], interval: 'week', dateRange: { from: '2026-01-01', to: '2026-03-31' } }), { store })
 */
export async function runTrends(node: TrendsQuery, ctx: QueryContext): Promise<TrendsResult> {
  const d = analyticsDialect(ctx.store.dialect);
  const range = queryRange(node);
  let periods: string[];
  try {
    periods = periodLabels(range.fromMs, range.toMs, node.interval, node.timezone);
  } catch (error) {
    if (error instanceof RangeError) throw new AnalyticsError('invalid_query', error.message, ['interval']);
    throw error;
  }
  const formulas = node.formulas.map((f, i) =>
    parseFormula(f.expression, node.series.length, ['formulas', i, 'expression']),
  );
  const starts = periods.map((p) => periodStartMs(p, node.timezone));
  const sql = buildTrendSql(d, node, range, starts, ctx.scope);

  const top = sql.topValues ? (await ctx.store.queryRows(sql.topValues)).map((r) => String(r.bd)) : null;
  const needTotals = node.series.some((s) => !ADDITIVE_MATHS.has(s.math));
  const [periodRows, totalRows] = await Promise.all([
    ctx.store.queryRows(sql.perPeriod(top)),
    needTotals ? ctx.store.queryRows(sql.totals(top)) : Promise.resolve(null),
  ]);

  // Breakdown values in display order: the top values, then (other) and (none) when they hold rows (no lines at
  // all when a broken-down trend has no events).
  const present = new Set(periodRows.map((r) => bdKey(r.bd)));
  const values: (string | null)[] = node.breakdown
    ? [...(top ?? []), OTHER_BREAKDOWN, NONE_BREAKDOWN].filter((v) => present.has(v))
    : [null];

  const lines: TrendsResult['lines'] = [];
  // cells[value][series] = per-period raw aggregates
  const cells = new Map<string, { v: (number | null)[]; n: number[] }[]>();
  const cellsOf = (bd: string) => {
    let c = cells.get(bd);
    if (!c) {
      c = node.series.map(() => ({ v: periods.map(() => null), n: periods.map(() => 0) }));
      cells.set(bd, c);
    }
    return c;
  };
  for (const r of periodRows) {
    const p = Number(r.pi);
    if (!(p >= 0 && p < periods.length)) continue; // cannot happen: rows come from the range
    const c = cellsOf(bdKey(r.bd));
    node.series.forEach((s, i) => {
      const cell = c[i] as { v: (number | null)[]; n: number[] };
      cell.v[p] = num(r[valueColumn(i)]);
      if (s.math === 'avg') cell.n[p] = num(r[countColumn(i)]) ?? 0;
    });
  }
  const totalsByBd = new Map((totalRows ?? []).map((r) => [bdKey(r.bd), r]));

  for (const value of values) {
    const c = cellsOf(value ?? '');
    const seriesData: (number | null)[][] = [];
    const seriesTotals: (number | null)[] = [];
    node.series.forEach((s, i) => {
      const cell = c[i] as { v: (number | null)[]; n: number[] };
      const data = cell.v.map((v, p) => periodValue(s, v, cell.n[p] ?? 0));
      const total = ADDITIVE_MATHS.has(s.math)
        ? additiveTotal(s, cell.v, cell.n)
        : periodValue(s, num(totalsByBd.get(value ?? '')?.[valueColumn(i)]), 0);
      seriesData.push(data);
      seriesTotals.push(total);
      lines.push({ name: seriesName(s, i), series: i, breakdownValue: value, data, total });
    });
    node.formulas.forEach((f, k) => {
      const tree = formulas[k] as ReturnType<typeof parseFormula>;
      lines.push({
        name: f.name,
        series: null,
        breakdownValue: value,
        data: periods.map((_, p) =>
          roundSum(
            evaluateFormula(
              tree,
              seriesData.map((sd) => sd[p] ?? null),
            ),
          ),
        ),
        total: roundSum(evaluateFormula(tree, seriesTotals)),
      });
    });
  }
  return { kind: 'TrendsQuery', periods, lines };
}

/** The key a breakdown value is stored under ('' when there is no breakdown). */
const bdKey = (v: unknown) => (v === null || v === undefined ? '' : String(v));

function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** 12 significant digits: engines add doubles in different orders; the last bits must not show. */
function roundSum(v: number | null): number | null {
  return v === null ? null : Number(v.toPrecision(12));
}

/** A period's value from its raw aggregates (the average from sum and count). */
function periodValue(s: TrendSeries, v: number | null, n: number): number | null {
  switch (s.math) {
    case 'count':
    case 'unique_persons':
    case 'unique_organizations':
      return v ?? 0;
    case 'sum':
      return roundSum(v ?? 0);
    case 'avg':
      return v === null || n === 0 ? null : roundSum(v / n);
    default:
      return v;
  }
}

/** The total of an additive series from its per-period raw aggregates. */
function additiveTotal(s: TrendSeries, v: (number | null)[], n: number[]): number | null {
  const present = v.filter((x): x is number => x !== null);
  switch (s.math) {
    case 'min':
      return present.length ? Math.min(...present) : null;
    case 'max':
      return present.length ? Math.max(...present) : null;
    case 'avg': {
      const count = n.reduce((a, b) => a + b, 0);
      return count === 0 ? null : roundSum(present.reduce((a, b) => a + b, 0) / count);
    }
    default:
      return roundSum(present.reduce((a, b) => a + b, 0));
  }
}

function seriesName(s: TrendSeries, i: number): string {
  if (s.name) return s.name;
  const letter = String.fromCharCode(65 + i);
  const what = s.property ? `${s.math}(${s.property})` : s.math;
  return `${letter}: ${s.event} ${what}`;
}
