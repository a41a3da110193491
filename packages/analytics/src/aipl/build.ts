import { type AiplQuery, NONE_BREAKDOWN } from '@tradeloop/schema';
import type { AnalyticsScope } from '../context.js';
import type { AnalyticsDialect } from '../dialect/types.js';
import { propertyText } from '../sql/properties.js';
import { eventsRelation } from '../sql/relation.js';

/** Stage codes in SQL (0 = none): the order is the lifecycle order, so "highest stage" is the largest code. */
export const STAGE_NAMES = ['none', 'awareness', 'interest', 'purchase', 'loyalty'] as const;

export type AiplPlan = {
  /** `[fromMs, toMs)` of the events read: the range plus the longest lookback before it. */
  readFromMs: number;
  toMs: number;
  /** Start instants of the calendar days read (day index 0 = the first). */
  dayStarts: readonly number[];
  /** Per period (in order), the day index of its last day (the range's last day for a partial period). */
  endDays: readonly number[];
};

/**
 * SQL of an AIPL query, in one statement, set-based on both engines:
 * 1. per actor and calendar day (in the query time zone): how many awareness, interest and purchase events;
 * 2. each actor-day is repeated for every period end whose lookback covers it (`explodeIndexes`), and summed per
 *    actor and period end into the stage at that end (loyalty: ≥ loyaltyPurchases purchases on the loyaltyDays days
 *    up to the end; purchase / interest / awareness: at least one such event on the lookbackDays days up to it);
 * 3. each staged (actor, k) row is repeated as "current stage at k" and "previous stage at k + 1", and grouped per
 *    actor and k into (prev, cur): its counts per (k, prev, cur) give both the stock (by cur) and the flows
 *    (prev ≠ cur, from the second period on), per breakdown value of the actor when asked.
 * Columns: `k` (1-based period), `prev`, `cur` (stage codes), `bd`, `actors`.
 */
export function buildAiplSql(
  d: AnalyticsDialect,
  node: AiplQuery,
  plan: AiplPlan,
  range: { fromMs: number },
  scope: AnalyticsScope | null | undefined,
): string {
  const q = (n: string) => d.quoteIdentifier(n);
  const def = node.definitions;
  const actor = q(node.aggregateBy === 'organization' ? 'organization_id' : 'person_id');
  const events = [...new Set([...def.awareness, ...def.interest, ...def.purchase])];
  const rel = eventsRelation(d, {
    fromMs: plan.readFromMs,
    toMs: plan.toMs,
    events,
    filters: node.filters,
    refs: node.breakdown ? [node.breakdown.property] : [],
    scope,
  });
  const flag = (names: readonly string[]) => `CASE WHEN ${d.inList(q('event'), names)} THEN 1 ELSE 0 END`;
  const daily =
    `SELECT ${q('a')}, ${q('day')}, sum(${q('e_aw')}) AS ${q('aw')}, sum(${q('e_it')}) AS ${q('it')}, sum(${q('e_pu')}) AS ${q('pu')} ` +
    `FROM (SELECT ${actor} AS ${q('a')}, ${d.periodIndex(q('ts_ms'), plan.dayStarts)} AS ${q('day')}, ` +
    `${flag(def.awareness)} AS ${q('e_aw')}, ${flag(def.interest)} AS ${q('e_it')}, ${flag(def.purchase)} AS ${q('e_pu')} ` +
    `FROM (${rel}) AS r WHERE ${actor} IS NOT NULL) AS e GROUP BY ${q('a')}, ${q('day')}`;

  const window = Math.max(def.lookbackDays, def.loyaltyDays);
  const day = q('day');
  const ends = plan.endDays;
  const end = `[${ends.map((e) => String(Math.trunc(e))).join(', ')}][${q('k')}]`;
  const within = (days: number) => `${day} > ${end} - ${days}`;
  const sumWithin = (col: string, days: number) => `sum(CASE WHEN ${within(days)} THEN ${q(col)} ELSE 0 END)`;
  const perEnd =
    `SELECT ${q('a')}, ${q('k')}, ${sumWithin('aw', def.lookbackDays)} AS ${q('w_aw')}, ` +
    `${sumWithin('it', def.lookbackDays)} AS ${q('w_it')}, ${sumWithin('pu', def.lookbackDays)} AS ${q('w_pu')}, ` +
    `${sumWithin('pu', def.loyaltyDays)} AS ${q('w_loy')} ` +
    `FROM (SELECT ${q('a')}, ${day}, ${q('aw')}, ${q('it')}, ${q('pu')}, ` +
    `${d.explodeIndexes(ends, (v) => `${v} >= ${day} AND ${v} - ${window} < ${day}`)} AS ${q('k')} ` +
    `FROM (${daily}) AS dd) AS x GROUP BY ${q('a')}, ${q('k')}`;
  const stage =
    `CASE WHEN ${q('w_loy')} >= ${def.loyaltyPurchases} THEN 4 WHEN ${q('w_pu')} >= 1 THEN 3 ` +
    `WHEN ${q('w_it')} >= 1 THEN 2 WHEN ${q('w_aw')} >= 1 THEN 1 ELSE 0 END`;
  const staged = `SELECT ${q('a')}, ${q('k')}, ${stage} AS ${q('stage')} FROM (${perEnd}) AS pe`;
  // Row copy 1 = the stage at k, copy 2 = the previous stage as seen from k + 1.
  const pairs =
    `SELECT ${q('a')}, ${q('k')} + ${q('copy')} - 1 AS ${q('kk')}, ` +
    `CASE WHEN ${q('copy')} = 1 THEN ${q('stage')} ELSE 0 END AS ${q('p_cur')}, ` +
    `CASE WHEN ${q('copy')} = 2 THEN ${q('stage')} ELSE 0 END AS ${q('p_prev')} ` +
    `FROM (SELECT ${q('a')}, ${q('k')}, ${q('stage')}, ${d.explodeIndexes([1, 2], () => '1 = 1')} AS ${q('copy')} ` +
    `FROM (${staged}) AS s WHERE ${q('stage')} > 0) AS c`;
  let byActor =
    `SELECT ${q('a')}, ${q('kk')}, max(${q('p_cur')}) AS ${q('cur')}, max(${q('p_prev')}) AS ${q('prev')} ` +
    `FROM (${pairs}) AS p WHERE ${q('kk')} <= ${ends.length} GROUP BY ${q('a')}, ${q('kk')}`;
  let bd = d.stringLiteral('');
  if (node.breakdown) {
    // The actor's value on their first event in the range (else their first event read, in the lookback).
    const value = `coalesce(${propertyText(d, node.breakdown.property)}, ${d.stringLiteral(NONE_BREAKDOWN)})`;
    const inRangeFirst = `CASE WHEN ${q('ts_ms')} >= ${Math.floor(range.fromMs)} THEN 0 ELSE 1 END`;
    const actorBd =
      `SELECT ${actor} AS ${q('b_actor')}, ${d.argMinOf(value, [inRangeFirst, q('ts_ms'), q('event_id')])} AS ${q('b_value')} ` +
      `FROM (${rel}) AS r WHERE ${actor} IS NOT NULL GROUP BY ${actor}`;
    byActor =
      `SELECT ba.${q('kk')} AS ${q('kk')}, ba.${q('cur')} AS ${q('cur')}, ba.${q('prev')} AS ${q('prev')}, ` +
      `b.${q('b_value')} AS ${q('b_value')} FROM (${byActor}) AS ba INNER JOIN (${actorBd}) AS b ON ba.${q('a')} = b.${q('b_actor')}`;
    bd = q('b_value');
  }
  return (
    `SELECT ${q('kk')} AS ${q('k')}, ${q('prev')}, ${q('cur')}, ${bd} AS ${q('bd')}, count(*) AS ${q('actors')} ` +
    `FROM (${byActor}) AS t GROUP BY ${q('kk')}, ${q('prev')}, ${q('cur')}, ${bd}`
  );
}
