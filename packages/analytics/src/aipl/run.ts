import { type AiplQuery, type AiplResult, type AiplStage, NONE_BREAKDOWN } from '@tradeloop/schema';
import type { QueryContext } from '../context.js';
import { analyticsDialect } from '../dialect/index.js';
import { AnalyticsError } from '../errors.js';
import { queryRange } from '../sql/range.js';
import { periodLabel, periodLabels, periodStartMs } from '../time.js';
import { type AiplPlan, buildAiplSql, STAGE_NAMES } from './build.js';

const OTHER = '(other)';
const DAY_MS = 86_400_000;
type Stock = AiplResult['stock'][number];
type StageName = (typeof STAGE_NAMES)[number];

/**
 * AiplQuery: the AIPL lifecycle of actors (persons after identity merges, or organisations) at the end of each
 * period of the range. The rule (see AiplDefinitions in the schema): at a period's last day (calendar days in the
 * query time zone; the range's last day for a partial period), an actor is in the highest stage they meet —
 * loyalty: ≥ loyaltyPurchases purchase events on the loyaltyDays days up to and including that day; purchase: a
 * purchase event on the lookbackDays days up to it; interest: an interest event in those days; awareness: an
 * awareness event in those days; else none. Events before the range count within the lookback.
 * `stock` = actors per stage at each period end; `flows` = actors whose stage changed from one period end to the
 * next (`none` = in no stage), listed under the later period; `breakdowns` = stock per value of the property on the
 * actor's first event in the range (top `limit` values by stock summed over the periods, the rest `(other)`, no
 * value `(none)`).
 *
 * @example
 * await runAipl(AiplQuery.parse({ kind: 'AiplQuery', interval: 'week',
 *   dateRange: { from: '2026-01-05', to: '2026-03-29' } }), { store })
 */
export async function runAipl(node: AiplQuery, ctx: QueryContext): Promise<AiplResult> {
  const d = analyticsDialect(ctx.store.dialect);
  const range = queryRange(node);
  const def = node.definitions;
  let labels: string[];
  let plan: AiplPlan;
  try {
    labels = periodLabels(range.fromMs, range.toMs, node.interval, node.timezone, 1000);
    const window = Math.max(def.lookbackDays, def.loyaltyDays);
    // Whole days from `window` days before the first period's start (a day of slack for DST) to the range's end.
    const readFromMs = periodStartMs(
      periodLabel(range.fromMs - (window + 1) * DAY_MS, 'day', node.timezone),
      node.timezone,
    );
    const days = periodLabels(readFromMs, range.toMs, 'day', node.timezone, 5000);
    const dayIndex = new Map(days.map((label, i) => [label, i]));
    const endDays = labels.map((label, k) => {
      const next = labels[k + 1];
      const endMs = Math.min(next ? periodStartMs(next, node.timezone) : range.toMs, range.toMs);
      const index = dayIndex.get(periodLabel(endMs - 1, 'day', node.timezone));
      if (index === undefined) throw new Error(`no day index for the end of ${label}`);
      return index;
    });
    plan = { readFromMs, toMs: range.toMs, dayStarts: days.map((l) => periodStartMs(l, node.timezone)), endDays };
  } catch (error) {
    if (error instanceof RangeError) throw new AnalyticsError('invalid_query', error.message, ['interval']);
    throw error;
  }
  const rows = await ctx.store.queryRows(buildAiplSql(d, node, plan, range, ctx.scope));

  const empty = (period: string): Stock => ({ period, awareness: 0, interest: 0, purchase: 0, loyalty: 0 });
  const stockByBd = new Map<string, Stock[]>();
  const stockOf = (bd: string) => {
    let s = stockByBd.get(bd);
    if (!s) {
      s = labels.map(empty);
      stockByBd.set(bd, s);
    }
    return s;
  };
  const flowCounts = new Map<string, number>();
  for (const r of rows) {
    const k = Number(r.k) - 1;
    const prev = STAGE_NAMES[Number(r.prev)] as StageName;
    const cur = STAGE_NAMES[Number(r.cur)] as StageName;
    const n = Number(r.actors);
    if (!(k >= 0 && k < labels.length)) continue;
    if (cur !== 'none') (stockOf(String(r.bd))[k] as Stock)[cur as AiplStage] += n;
    if (k >= 1 && prev !== cur) {
      const key = `${k}|${prev}|${cur}`;
      flowCounts.set(key, (flowCounts.get(key) ?? 0) + n);
    }
  }

  const sum = (parts: Stock[][]): Stock[] =>
    labels.map((period, k) => {
      const s = empty(period);
      for (const p of parts) {
        const x = p[k] as Stock;
        s.awareness += x.awareness;
        s.interest += x.interest;
        s.purchase += x.purchase;
        s.loyalty += x.loyalty;
      }
      return s;
    });
  const flows = [...flowCounts.entries()]
    .map(([key, count]) => {
      const [k, from, to] = key.split('|') as [string, StageName, StageName];
      return { k: Number(k), from, to, count };
    })
    .sort(
      (a, b) =>
        a.k - b.k ||
        STAGE_NAMES.indexOf(a.from) - STAGE_NAMES.indexOf(b.from) ||
        STAGE_NAMES.indexOf(a.to) - STAGE_NAMES.indexOf(b.to),
    )
    .map(({ k, from, to, count }) => ({ period: labels[k] as string, from, to, count }));
  const result: AiplResult = { kind: 'AiplQuery', stock: sum([...stockByBd.values()]), flows };

  if (node.breakdown) {
    const total = (s: Stock[]) => s.reduce((a, x) => a + x.awareness + x.interest + x.purchase + x.loyalty, 0);
    const ranked = [...stockByBd.entries()]
      .filter(([v]) => v !== NONE_BREAKDOWN)
      .sort(([va, a], [vb, b]) => total(b) - total(a) || (va < vb ? -1 : va > vb ? 1 : 0));
    const rest = ranked.slice(node.breakdown.limit).map(([, s]) => s);
    const none = stockByBd.get(NONE_BREAKDOWN);
    result.breakdowns = [
      ...ranked.slice(0, node.breakdown.limit).map(([value, stock]) => ({ value, stock })),
      ...(rest.length ? [{ value: OTHER, stock: sum(rest) }] : []),
      ...(none ? [{ value: NONE_BREAKDOWN, stock: none }] : []),
    ];
  }
  return result;
}
