import { NONE_BREAKDOWN, type PropertyRef, type TrendSeries, type TrendsQuery } from '@tradeloop/schema';
import type { AnalyticsScope } from '../context.js';
import type { AnalyticsDialect } from '../dialect/types.js';
import { filtersSql, propertyNumber, propertyText, refsOf } from '../sql/properties.js';
import { eventsRelation } from '../sql/relation.js';

/**
 * SQL of a trend: ONE scan of the events of every series (conditional aggregates per series), grouped by period
 * label and breakdown value. Breakdown values outside the top list are mapped to `(other)` before aggregating, so
 * a unique count over `(other)` is unique across those values; rows without the value get `(none)`.
 */

export const OTHER_BREAKDOWN = '(other)';

/** Maths whose total over the range follows from the per-period values (no second scan needed). */
export const ADDITIVE_MATHS = new Set<TrendSeries['math']>(['count', 'sum', 'avg', 'min', 'max']);

export type TrendSql = {
  /** `bd`, `m`: the first series' value over the range per raw breakdown value, best first, at most `limit`. */
  topValues: string | null;
  /** `pi` (period index), `bd`, and per series i the columns of `seriesColumns(i)`. */
  perPeriod: (top: readonly string[] | null) => string;
  /** `bd` and the series columns over the whole range. */
  totals: (top: readonly string[] | null) => string;
};

/** Result columns of series i: `v{i}` (count, unique, sum, min, max, median) and `n{i}` (numeric values: for avg). */
export const valueColumn = (i: number) => `v${i}`;
export const countColumn = (i: number) => `n${i}`;

export function buildTrendSql(
  d: AnalyticsDialect,
  node: TrendsQuery,
  range: { fromMs: number; toMs: number },
  /** Start instants of the periods (time.ts), the rows are bucketed by. */
  starts: readonly number[],
  scope: AnalyticsScope | null | undefined,
): TrendSql {
  const q = (n: string) => d.quoteIdentifier(n);
  const anyEvent = node.series.some((s) => s.event === '$any');
  const events = anyEvent ? null : [...new Set(node.series.map((s) => s.event))];
  const refs: PropertyRef[] = node.series.flatMap((s) => refsOf(s.filters));
  if (node.breakdown) refs.push(node.breakdown.property);
  const relation = eventsRelation(d, { ...range, events, filters: node.filters, refs, scope });

  // The inner SELECT: per row its period, raw breakdown value, and per series whether it counts and its number.
  const conds = node.series.map((s) => seriesCondition(d, s));
  const inner = (withLabel: boolean) =>
    'SELECT ' +
    [
      ...(withLabel ? [`${d.periodIndex(q('ts_ms'), starts)} AS ${q('pi')}`] : []),
      `${node.breakdown ? propertyText(d, node.breakdown.property) : 'NULL'} AS ${q('raw_bd')}`,
      q('person_id'),
      q('organization_id'),
      ...node.series.flatMap((s, i) => [
        `(${conds[i]}) AS ${q(`c${i}`)}`,
        ...(s.property ? [`${propertyNumber(d, { source: 'event', name: s.property })} AS ${q(`x${i}`)}`] : []),
      ]),
    ].join(', ') +
    ` FROM (${relation}) AS r`;

  const aggregates = node.series
    .flatMap((s, i) => {
      const a = seriesAggregates(d, s, i);
      return [`${a.value} AS ${q(valueColumn(i))}`, ...(a.count ? [`${a.count} AS ${q(countColumn(i))}`] : [])];
    })
    .join(', ');
  const first = seriesAggregates(d, node.series[0] as TrendSeries, 0);
  // The rank of a breakdown value: the first series over the range (an average ranks by its average).
  const rank = first.count ? `${first.value} / ${first.count}` : first.value;
  const bucket = (top: readonly string[] | null) => {
    const raw = q('raw_bd');
    if (!node.breakdown) return `NULL AS ${q('bd')}`;
    const known = top?.length ? `WHEN ${d.inList(raw, top)} THEN ${raw} ` : '';
    return (
      `CASE WHEN ${raw} IS NULL THEN ${d.stringLiteral(NONE_BREAKDOWN)} ${known}` +
      `ELSE ${d.stringLiteral(OTHER_BREAKDOWN)} END AS ${q('bd')}`
    );
  };
  return {
    topValues: node.breakdown
      ? `SELECT ${q('raw_bd')} AS ${q('bd')}, ${rank} AS ${q('m')} ` +
        `FROM (${inner(false)}) AS t WHERE ${q('raw_bd')} IS NOT NULL GROUP BY ${q('raw_bd')} ` +
        `ORDER BY ${q('m')} DESC NULLS LAST, ${q('bd')} ASC LIMIT ${node.breakdown.limit}`
      : null,
    perPeriod: (top) =>
      `SELECT ${q('pi')}, ${q('bd')}, ${aggregates} FROM (SELECT *, ${bucket(top)} FROM (${inner(true)}) AS t) AS b ` +
      `GROUP BY ${q('pi')}, ${q('bd')}`,
    totals: (top) =>
      `SELECT ${q('bd')}, ${aggregates} FROM (SELECT *, ${bucket(top)} FROM (${inner(false)}) AS t) AS b GROUP BY ${q('bd')}`,
  };
}

/** Whether a row of the relation counts for a series: its event and its own filters. */
function seriesCondition(d: AnalyticsDialect, s: TrendSeries): string {
  const parts: string[] = [];
  if (s.event !== '$any') parts.push(`${d.quoteIdentifier('event')} = ${d.stringLiteral(s.event)}`);
  if (s.filters.length) parts.push(filtersSql(d, s.filters));
  return parts.length ? parts.join(' AND ') : '1 = 1';
}

/** The aggregate of series i (`value`) and, for avg, the number of values it averages (`count`). */
function seriesAggregates(d: AnalyticsDialect, s: TrendSeries, i: number): { value: string; count?: string } {
  const q = (n: string) => d.quoteIdentifier(n);
  const c = q(`c${i}`);
  const x = q(`x${i}`);
  switch (s.math) {
    case 'count':
      return { value: `sum(CASE WHEN ${c} THEN 1 ELSE 0 END)` };
    case 'unique_persons':
      return { value: d.countDistinctIf(q('person_id'), c) };
    case 'unique_organizations':
      return { value: d.countDistinctIf(q('organization_id'), c) };
    case 'sum':
      return { value: `sum(CASE WHEN ${c} THEN ${x} END)` };
    case 'avg':
      return {
        value: `sum(CASE WHEN ${c} THEN ${x} END)`,
        count: `sum(CASE WHEN ${c} AND ${x} IS NOT NULL THEN 1 ELSE 0 END)`,
      };
    case 'min':
      return { value: `min(CASE WHEN ${c} THEN ${x} END)` };
    case 'max':
      return { value: `max(CASE WHEN ${c} THEN ${x} END)` };
    case 'median':
      return { value: d.medianIf(x, c) };
  }
}
