import { EVENT_FIELDS, ORGANIZATION_FIELDS, type PropertyFilter, type PropertyRef } from '@tradeloop/schema';
import type { AnalyticsScope } from '../context.js';
import type { AnalyticsDialect } from '../dialect/types.js';
import { filtersSql } from './properties.js';

export type RelationOptions = {
  /** `[fromMs, toMs)` on the event time. */
  fromMs: number;
  toMs: number;
  /** Only these events (null: every event). */
  events: readonly string[] | null;
  /** Conditions every row must meet (the query's global filters). */
  filters?: readonly PropertyFilter[];
  /** Property references the caller will read from the relation (breakdowns, per-step filters). */
  refs?: readonly PropertyRef[];
  /** The operator's data scope: only events of organisations in these regions / business lines. */
  scope?: AnalyticsScope | null;
  /**
   * Whether the caller reads `organization_id` (default true). With false, and no person or organisation refs and no
   * scope, the person dimension is not joined and the relation has no `organization_id` column: a funnel of persons
   * needs only `person_id`, and that join is a large share of its time.
   */
  organizationIds?: boolean;
};

/**
 * The events a query reads, as one SQL relation with the columns every runner uses:
 * `event_id`, `event`, `ts_ms`, `distinct_id`, `properties`, the event fields named by `refs`,
 * `person_id` (the current person of the distinct id: identity merges apply retroactively; an unmapped distinct id is
 * its own person), `organization_id` (the event's organisation, else the person's current one), and when needed
 * `p_traits` (person traits JSON) and `o_<field>` (organisation attributes).
 *
 * Joins are nested one per SELECT (ClickHouse 18.16 allows a single JOIN per SELECT) and LEFT, so an event without
 * a mapped person or known organisation is kept (NULLs: the ClickHouse adapter reads with join_use_nulls).
 * The time range and event names are applied to the events table directly (its sort key on ClickHouse).
 */
export function eventsRelation(d: AnalyticsDialect, o: RelationOptions): string {
  const q = (name: string) => d.quoteIdentifier(name);
  const refs = [...(o.refs ?? []), ...(o.filters ?? []).map((f) => f.property)];
  const scoped = !!o.scope && (!!o.scope.regions || !!o.scope.businessLines);
  const needPersons = refs.some((r) => r.source === 'person');
  const orgFields = new Set<string>(refs.filter((r) => r.source === 'organization').map((r) => r.name));
  if (o.scope?.regions) orgFields.add('region');
  if (o.scope?.businessLines) orgFields.add('business_line');
  const fields = new Set<string>(
    refs.filter((r) => r.source === 'event_field').map((r) => r.name as (typeof EVENT_FIELDS)[number]),
  );
  for (const f of fields)
    if (!(EVENT_FIELDS as readonly string[]).includes(f)) throw new Error(`not an event field: ${f}`);
  for (const f of orgFields) {
    if (!(ORGANIZATION_FIELDS as readonly string[]).includes(f)) throw new Error(`not an organisation field: ${f}`);
  }
  // A filter or breakdown on the event field organization_id reads the resolved column too.
  const readsOrgIds = o.organizationIds !== false || fields.has('organization_id');
  fields.delete('organization_id'); // always there (resolved below)

  // 1. The events themselves: range and names first.
  const base = ['event_id', 'event', 'ts_ms', 'distinct_id', 'organization_id', 'properties', ...fields];
  const where = [`${q('ts_ms')} >= ${Math.floor(o.fromMs)}`, `${q('ts_ms')} < ${Math.floor(o.toMs)}`];
  if (o.events) where.push(d.inList(q('event'), o.events));
  let sql = `SELECT ${base.map(q).join(', ')} FROM ${q('events')} WHERE ${where.join(' AND ')}`;
  let cols = base.filter((c) => c !== 'organization_id').map(q);

  // 2. The current person of each distinct id.
  sql =
    `SELECT ${cols.map((c) => `e.${c} AS ${c}`).join(', ')}, e.${q('organization_id')} AS ${q('event_org')}, ` +
    `coalesce(pm.${q('pm_person')}, e.${q('distinct_id')}) AS ${q('person_id')} ` +
    `FROM (${sql}) AS e LEFT JOIN (SELECT ${q('distinct_id')} AS ${q('pm_distinct')}, ${q('person_id')} AS ${q('pm_person')} ` +
    `FROM (${d.currentPersonMap()})) AS pm ON e.${q('distinct_id')} = pm.${q('pm_distinct')}`;
  cols = [...cols, q('person_id')];

  // 3. The person's current organisation (and traits when asked for) — skipped when nothing reads either.
  if (!readsOrgIds && !needPersons && orgFields.size === 0) {
    sql = `SELECT ${cols.join(', ')} FROM (${sql}) AS ep`;
    return withConditions(d, sql, o, scoped);
  }
  sql =
    `SELECT ${cols.map((c) => `ep.${c} AS ${c}`).join(', ')}, ` +
    `coalesce(ep.${q('event_org')}, p.${q('p_org')}) AS ${q('organization_id')}` +
    (needPersons ? `, p.${q('p_traits_raw')} AS ${q('p_traits')}` : '') +
    ` FROM (${sql}) AS ep LEFT JOIN (SELECT ${q('person_id')} AS ${q('p_person')}, ${q('organization_id')} AS ${q('p_org')}, ` +
    `${q('traits')} AS ${q('p_traits_raw')} FROM (${d.currentPersons()})) AS p ON ep.${q('person_id')} = p.${q('p_person')}`;
  cols = [...cols, q('organization_id'), ...(needPersons ? [q('p_traits')] : [])];

  // 4. The organisation's attributes, when filtered, broken down or scoped by.
  if (orgFields.size > 0) {
    const list = [...orgFields];
    sql =
      `SELECT ${cols.map((c) => `eo.${c} AS ${c}`).join(', ')}, ` +
      list.map((f) => `o.${q(`d_${f}`)} AS ${q(`o_${f}`)}`).join(', ') +
      ` FROM (${sql}) AS eo LEFT JOIN (SELECT ${q('organization_id')} AS ${q('o_id')}, ` +
      list.map((f) => `${q(f)} AS ${q(`d_${f}`)}`).join(', ') +
      ` FROM (${d.currentOrganizations()})) AS o ON eo.${q('organization_id')} = o.${q('o_id')}`;
    cols = [...cols, ...list.map((f) => q(`o_${f}`))];
  }

  return withConditions(d, sql, o, scoped);
}

/** Step 5 of eventsRelation: filters and scope over the joined columns. */
function withConditions(d: AnalyticsDialect, sql: string, o: RelationOptions, scoped: boolean): string {
  const q = (name: string) => d.quoteIdentifier(name);
  const conditions: string[] = [];
  if (o.filters?.length) conditions.push(filtersSql(d, o.filters));
  if (scoped && o.scope) {
    if (o.scope.regions) conditions.push(d.inList(q('o_region'), o.scope.regions));
    if (o.scope.businessLines) conditions.push(d.inList(q('o_business_line'), o.scope.businessLines));
  }
  if (conditions.length === 0) return sql;
  return `SELECT * FROM (${sql}) AS r WHERE ${conditions.join(' AND ')}`;
}
