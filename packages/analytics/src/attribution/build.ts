import type { AttributionQuery, PropertyRef } from '@tradeloop/schema';
import type { AnalyticsScope } from '../context.js';
import type { AnalyticsDialect } from '../dialect/types.js';
import { propertyNumber, propertyText } from '../sql/properties.js';
import { eventsRelation } from '../sql/relation.js';

/** Separates the channels of a path in the SQL result (a control character: channel names hold none). */
export const PATH_SEPARATOR = '\u001f';
/** Separates the touchpoint ages (whole hours) of a path in the SQL result. */
export const AGE_SEPARATOR = ',';

const HOUR_MS = 3_600_000;
const LOOKBACK_MS = { day: 86_400_000, week: 604_800_000 } as const;

export type AttributionSql = {
  /**
   * One row per distinct (path, ages) of the conversions in the range: `path` (channels joined by PATH_SEPARATOR,
   * empty for a conversion without touchpoints), `ages` (hours before the conversion, joined by AGE_SEPARATOR; empty
   * unless time-decay is asked for), `n` (conversions), `v` (their value).
   */
  conversions: string;
  /** One row per distinct path of the actors with touchpoints in the range and no conversion: `path`, `n`. */
  nonConverting: string;
};

/**
 * The SQL of an attribution query. Paths are built per actor in SQL and only distinct paths with their counts come
 * back (the models run in JavaScript over those, packages/models):
 * 1. conversions `(c_id, c_actor, c_ts, c_value)` and touches `(t_actor, t_ts, t_channel)` from the scoped relation;
 * 2. each conversion joined to its actor's touches within `[c_ts - lookback, c_ts]`, gathered in time order into an
 *    array, consecutive repeats collapsed (the most recent touch of a run kept, for its age);
 * 3. every conversion LEFT JOINed to its path (none: a direct conversion), grouped by path.
 * One JOIN per SELECT, no window functions (ClickHouse 18.16).
 */
export function buildAttributionSql(
  d: AnalyticsDialect,
  node: AttributionQuery,
  range: { fromMs: number; toMs: number },
  scope: AnalyticsScope | null | undefined,
): AttributionSql {
  const q = (name: string) => d.quoteIdentifier(name);
  const lookbackMs = node.lookback.value * LOOKBACK_MS[node.lookback.unit];
  const channelRef: PropertyRef = node.touchpoint.channel;
  const actor =
    node.aggregateBy === 'organization'
      ? `coalesce(${q('organization_id')}, concat('person:', ${q('person_id')}))`
      : q('person_id');

  const conversionRelation = eventsRelation(d, {
    ...range,
    events: [node.conversion.event],
    filters: [...node.filters, ...node.conversion.filters],
    scope,
  });
  const value = node.conversion.valueProperty
    ? `coalesce(${propertyNumber(d, { source: 'event', name: node.conversion.valueProperty })}, 0)`
    : '0';
  const conversions =
    `SELECT ${q('event_id')} AS c_id, ${actor} AS c_actor, ${q('ts_ms')} AS c_ts, ${value} AS c_value ` +
    `FROM (${conversionRelation}) AS cr`;

  // Touches may precede the range by the lookback (a conversion on its first day looks back before it).
  const touchRelation = eventsRelation(d, {
    fromMs: range.fromMs - lookbackMs,
    toMs: range.toMs,
    events: node.touchpoint.events ?? null,
    filters: node.filters,
    refs: [channelRef],
    scope,
  });
  const channel = propertyText(d, channelRef);
  // coalesce: a non-NULL channel type (ClickHouse lambdas over its array must not return Nullable).
  const touches =
    `SELECT ${actor} AS t_actor, ${q('ts_ms')} AS t_ts, coalesce(${channel}, '') AS t_channel FROM (${touchRelation}) AS tr ` +
    `WHERE ${channel} IS NOT NULL AND ${channel} != ''`;

  const withAges = node.models.includes('time_decay');
  const agesText = withAges ? d.arrayToText(d.keepRunEnds('ages', 'chs'), AGE_SEPARATOR) : `''`;
  const paired =
    `SELECT c_id, t_channel, t_ts, floor((c_ts - t_ts) / ${HOUR_MS}) AS age_h ` +
    `FROM (${conversions}) AS c INNER JOIN (${touches}) AS t ON c.c_actor = t.t_actor ` +
    `WHERE t_ts >= c_ts - ${lookbackMs} AND t_ts <= c_ts`;
  const gathered =
    `SELECT c_id AS g_id, ${d.orderedArray('t_channel', 't_ts')} AS chs` +
    (withAges ? `, ${d.orderedArray('age_h', 't_ts')} AS ages` : '') +
    ` FROM (${paired}) AS pr GROUP BY c_id`;
  const pathOf =
    `SELECT g_id AS p_id, ${d.arrayToText(d.keepRunEnds('chs', 'chs'), PATH_SEPARATOR)} AS p_path, ` +
    `${agesText} AS p_ages FROM (${gathered}) AS g`;
  const conversionPaths =
    `SELECT path, ages, count(*) AS n, sum(c_value) AS v FROM (` +
    `SELECT coalesce(p_path, '') AS path, coalesce(p_ages, '') AS ages, c_value ` +
    `FROM (${conversions}) AS c LEFT JOIN (${pathOf}) AS p ON c.c_id = p.p_id) AS x GROUP BY path, ages`;

  const idle =
    `SELECT t_actor AS i_actor, ${d.orderedArray('t_channel', 't_ts')} AS chs FROM (${touches}) AS t ` +
    `WHERE t_ts >= ${Math.floor(range.fromMs)} AND t_actor NOT IN (SELECT c_actor FROM (${conversions}) AS c) ` +
    'GROUP BY t_actor';
  const nonConverting =
    `SELECT path, count(*) AS n FROM (SELECT ${d.arrayToText(d.keepRunEnds('chs', 'chs'), PATH_SEPARATOR)} AS path ` +
    `FROM (${idle}) AS i) AS x GROUP BY path`;

  return { conversions: conversionPaths, nonConverting };
}
