import { DIRECT_CHANNEL } from '@tradeloop/models';
import type { ChannelQuadrantQuery } from '@tradeloop/schema';
import type { AnalyticsScope } from '../context.js';
import type { AnalyticsDialect } from '../dialect/types.js';
import { propertyText } from '../sql/properties.js';
import { eventsRelation } from '../sql/relation.js';

/**
 * The SQL of the channel quadrant's event side: one row per first-touch channel with `registrations` (organisations
 * whose first signup falls in the range) and `paying` (those with a paying event in the range at or after it).
 * Signups and touches are read from the beginning of the data (a first signup is first over all time; a first touch
 * may precede the range). One JOIN per SELECT (ClickHouse 18.16).
 */
export function buildQuadrantSql(
  d: AnalyticsDialect,
  node: ChannelQuadrantQuery,
  range: { fromMs: number; toMs: number },
  scope: AnalyticsScope | null | undefined,
): string {
  const q = (name: string) => d.quoteIdentifier(name);
  const org = q('organization_id');
  const from = Math.floor(range.fromMs);
  const everything = { fromMs: 0, toMs: range.toMs };

  const signups = eventsRelation(d, { ...everything, events: [node.signupEvent], filters: node.filters, scope });
  const registered =
    `SELECT ${org} AS r_org, min(${q('ts_ms')}) AS r_ts FROM (${signups}) AS s WHERE ${org} IS NOT NULL ` +
    `GROUP BY ${org} HAVING min(${q('ts_ms')}) >= ${from}`;

  const channel = propertyText(d, node.channel);
  const touchRelation = eventsRelation(d, {
    ...everything,
    events: null,
    refs: [node.channel],
    filters: node.filters,
    scope,
  });
  const touches =
    `SELECT ${org} AS t_org, ${q('ts_ms')} AS t_ts, coalesce(${channel}, '') AS t_channel FROM (${touchRelation}) AS t ` +
    `WHERE ${org} IS NOT NULL AND ${channel} IS NOT NULL AND ${channel} != ''`;
  const firstTouch =
    `SELECT r_org AS f_org, ${d.argMinOf('t_channel', ['t_ts', 't_channel'])} AS f_channel ` +
    `FROM (SELECT r_org, t_ts, t_channel FROM (${registered}) AS r INNER JOIN (${touches}) AS t ON r.r_org = t.t_org ` +
    'WHERE t_ts <= r_ts) AS rt GROUP BY r_org';

  const payRelation = eventsRelation(d, { ...range, events: [node.payingEvent], filters: node.filters, scope });
  const pays = `SELECT ${org} AS p_org, ${q('ts_ms')} AS p_ts FROM (${payRelation}) AS p WHERE ${org} IS NOT NULL`;
  const paying =
    `SELECT r_org AS y_org FROM (${registered}) AS r INNER JOIN (${pays}) AS p ON r.r_org = p.p_org ` +
    'WHERE p_ts >= r_ts GROUP BY r_org';

  const perOrg =
    `SELECT coalesce(f_channel, ${d.stringLiteral(DIRECT_CHANNEL)}) AS channel, ` +
    `CASE WHEN r_org IN (${paying}) THEN 1 ELSE 0 END AS paid ` +
    `FROM (${registered}) AS r LEFT JOIN (${firstTouch}) AS f ON r.r_org = f.f_org`;
  return `SELECT channel, count(*) AS registrations, sum(paid) AS paying FROM (${perOrg}) AS x GROUP BY channel`;
}
