import { NONE_BREAKDOWN, type PropertyRef, type RetentionQuery } from '@tradeloop/schema';
import type { AnalyticsScope } from '../context.js';
import type { AnalyticsDialect } from '../dialect/types.js';
import { filtersSql, propertyText, refsOf } from '../sql/properties.js';
import { eventsRelation } from '../sql/relation.js';

/**
 * SQL of a retention query, set-based on both engines (no window functions):
 * - cohorts: per actor the first cohort event (`first_time`: read from the beginning of the data, so an actor whose
 *   first such event lies before the range is not in any cohort; `first_in_range`: the first in the range), its
 *   period index and the breakdown value of that event;
 * - returns: distinct (actor, period index) of the return event in the range;
 * - joined on the actor: per cohort period and breakdown value, the actors per period offset n (bounded) or per
 *   last offset returned (unbounded: counted for every n up to it).
 * Period indexes come from the JavaScript period starts (`periodIndex`), so buckets equal the labels exactly.
 */
export type RetentionSql = {
  /** `pi`, `bd`, `actors`: cohort sizes. */
  sizes: string;
  /** `pi`, `bd`, `n`, `actors`: bounded → returned in period n exactly; unbounded → last returned in period n. */
  returned: string;
  /** Repurchase: `repeat_actors` (actors with ≥ 2 return events from their cohort event on). */
  repeatActors: string | null;
  /** Repurchase: `median_ms` and `b0..` (gaps between consecutive return events per bucket of GAP_BUCKETS_DAYS). */
  gaps: string | null;
};

/** Buckets of days between consecutive purchases: [from, to) (the last one is open). */
export const GAP_BUCKETS_DAYS: readonly [number, number | null][] = [
  [0, 1],
  [1, 7],
  [7, 14],
  [14, 30],
  [30, 60],
  [60, 90],
  [90, 180],
  [180, 365],
  [365, null],
];
const DAY_MS = 86_400_000;

export function buildRetentionSql(
  d: AnalyticsDialect,
  node: RetentionQuery,
  range: { fromMs: number; toMs: number },
  starts: readonly number[],
  scope: AnalyticsScope | null | undefined,
): RetentionSql {
  const q = (n: string) => d.quoteIdentifier(n);
  const actor = q(node.aggregateBy === 'organization' ? 'organization_id' : 'person_id');
  const ts = q('ts_ms');
  const eventCond = (e: RetentionQuery['cohort']) =>
    [
      ...(e.event === '$any' ? [] : [`${q('event')} = ${d.stringLiteral(e.event)}`]),
      ...(e.filters.length ? [filtersSql(d, e.filters)] : []),
      `${actor} IS NOT NULL`,
    ].join(' AND ');

  const cohortRefs: PropertyRef[] = [...refsOf(node.cohort.filters)];
  if (node.breakdown) cohortRefs.push(node.breakdown.property);
  const cohortRel = eventsRelation(d, {
    fromMs: node.cohortType === 'first_time' ? 0 : range.fromMs,
    toMs: range.toMs,
    events: node.cohort.event === '$any' ? null : [node.cohort.event],
    filters: node.filters,
    refs: cohortRefs,
    scope,
  });
  // The breakdown value of the first event (NULL → '(none)' first: argMin skips NULL values on both engines).
  const bd = node.breakdown
    ? `coalesce(${propertyText(d, node.breakdown.property)}, ${d.stringLiteral(NONE_BREAKDOWN)})`
    : d.stringLiteral('');
  const firsts =
    `SELECT ${actor} AS ${q('c_actor')}, min(${ts}) AS ${q('first_ms')}, ` +
    `${d.argMinOf(bd, [ts, q('event_id')])} AS ${q('c_bd')} FROM (${cohortRel}) AS r ` +
    `WHERE ${eventCond(node.cohort)} GROUP BY ${actor} ` +
    `HAVING min(${ts}) >= ${Math.floor(range.fromMs)} AND min(${ts}) < ${Math.floor(range.toMs)}`;
  const cohorts =
    `SELECT ${q('c_actor')}, ${q('first_ms')}, ${q('c_bd')}, ${d.periodIndex(q('first_ms'), starts)} AS ${q('c_pi')} ` +
    `FROM (${firsts}) AS f`;

  const returnRel = eventsRelation(d, {
    ...range,
    events: node.returning.event === '$any' ? null : [node.returning.event],
    filters: node.filters,
    refs: refsOf(node.returning.filters),
    scope,
  });
  const returnRows = `SELECT ${actor} AS ${q('r_actor')}, ${ts} AS ${q('r_ms')} FROM (${returnRel}) AS r WHERE ${eventCond(node.returning)}`;
  const returnPeriods = `SELECT DISTINCT ${q('r_actor')}, ${d.periodIndex(q('r_ms'), starts)} AS ${q('rp')} FROM (${returnRows}) AS rr`;

  const sizes =
    `SELECT ${q('c_pi')} AS ${q('pi')}, ${q('c_bd')} AS ${q('bd')}, count(*) AS ${q('actors')} ` +
    `FROM (${cohorts}) AS c GROUP BY ${q('c_pi')}, ${q('c_bd')}`;
  const n = node.periods;
  const returned =
    node.mode === 'bounded'
      ? `SELECT ${q('c_pi')} AS ${q('pi')}, ${q('c_bd')} AS ${q('bd')}, ${q('rp')} - ${q('c_pi')} AS ${q('n')}, count(*) AS ${q('actors')} ` +
        `FROM (${returnPeriods}) AS r INNER JOIN (${cohorts}) AS c ON r.${q('r_actor')} = c.${q('c_actor')} ` +
        `WHERE ${q('rp')} > ${q('c_pi')} AND ${q('rp')} <= ${q('c_pi')} + ${n} ` +
        `GROUP BY ${q('c_pi')}, ${q('c_bd')}, ${q('rp')} - ${q('c_pi')}`
      : `SELECT ${q('c_pi')} AS ${q('pi')}, ${q('c_bd')} AS ${q('bd')}, ${q('last_rp')} - ${q('c_pi')} AS ${q('n')}, count(*) AS ${q('actors')} ` +
        `FROM (SELECT ${q('r_actor')}, max(${q('rp')}) AS ${q('last_rp')} FROM (${returnPeriods}) AS rp GROUP BY ${q('r_actor')}) AS r ` +
        `INNER JOIN (${cohorts}) AS c ON r.${q('r_actor')} = c.${q('c_actor')} WHERE ${q('last_rp')} > ${q('c_pi')} ` +
        `GROUP BY ${q('c_pi')}, ${q('c_bd')}, ${q('last_rp')} - ${q('c_pi')}`;

  // Repurchase: the cohort event repeated (e.g. order_paid → order_paid).
  if (node.cohort.event === '$any' || node.cohort.event !== node.returning.event) {
    return { sizes, returned, repeatActors: null, gaps: null };
  }
  const purchases =
    `SELECT ${q('r_actor')}, ${q('r_ms')} FROM (${returnRows}) AS r ` +
    `INNER JOIN (SELECT ${q('c_actor')}, ${q('first_ms')} FROM (${firsts}) AS f) AS c ON r.${q('r_actor')} = c.${q('c_actor')} ` +
    `WHERE ${q('r_ms')} >= ${q('first_ms')}`;
  const repeatActors =
    `SELECT count(*) AS ${q('repeat_actors')} FROM (SELECT ${q('r_actor')} FROM (${purchases}) AS p ` +
    `GROUP BY ${q('r_actor')} HAVING count(*) >= 2) AS x`;
  const gap = q('gap');
  const buckets = GAP_BUCKETS_DAYS.map(
    ([from, to], i) =>
      `sum(CASE WHEN ${gap} >= ${from * DAY_MS}${to === null ? '' : ` AND ${gap} < ${to * DAY_MS}`} THEN 1 ELSE 0 END) AS ${q(`b${i}`)}`,
  );
  const gaps =
    `SELECT ${d.medianIf(gap, '1 = 1')} AS ${q('median_ms')}, ${buckets.join(', ')} ` +
    `FROM (${d.consecutiveGaps(purchases, q('r_actor'), q('r_ms'))}) AS g`;
  return { sizes, returned, repeatActors, gaps };
}
