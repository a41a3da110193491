import { type FunnelQuery, NONE_BREAKDOWN, type PropertyRef } from '@tradeloop/schema';
import type { AnalyticsScope } from '../context.js';
import type { AnalyticsDialect, NextFlaggedOptions } from '../dialect/types.js';
import { filtersSql, propertyText } from '../sql/properties.js';
import { eventsRelation } from '../sql/relation.js';

/**
 * SQL of a funnel, the same plan on every engine (only capability functions differ):
 *
 * 1. The events, read through `eventsRelation` (scope, identity merges, organisations), with 0/1 flags `s<i>`
 *    (matches step i, with its filters) and `x<j>` (matches exclusion j), and the breakdown value encoded as
 *    `'v' || value` or `'n'` (NULL). Steps may complete after the date range, up to the window's end; entries start
 *    inside the range. They become one row per actor and instant (nextOptions). Ordered / strict funnels follow
 *    each entry's path through them in one aggregation per actor (d.nextPath: no window pass, no join); unordered
 *    funnels add the next instant of every step's events to each instant (d.nextFlagged) and look up from there.
 * 2. Entries: every step-0 instant in the range (any step's instant for `unordered`).
 * 3. Steps (ordered / strict): step k is reached at the first event of step k strictly after step k-1's instant
 *    (a later millisecond) and at most `window` after the entry (the window's end is included). `strict` also
 *    requires that the actor has no other event (of any name, in the range) between the two steps: the first event
 *    after step k-1 must be a step-k event. Taking the earliest match at each step reaches furthest (greedy).
 *    `unordered`: per distinct step condition, its first instants at or after the entry (m of them for a condition
 *    that appears m times among the steps); those within the window, sorted, are the times of steps 0, 1, 2, ...
 *    (so "step i" means "i + 1 of the steps, in any order").
 * 4. Exclusions: an exclusion event strictly after step `fromStep` and strictly before step `toStep` (before the
 *    window's end when `toStep` was not reached) removes the entry.
 * 5. One row per actor (and per period of entry for trends): the entry that reached furthest, the earliest on ties.
 *    Columns `actor`, `t0` .. `t<n-1>` (epoch ms, -1 where not reached), `reached` (1..n) and `bv` (encoded).
 */

/** More than any epoch-ms instant until the year 2286 (orders "furthest, then earliest" in one number). */
const MS_SPAN = 10_000_000_000_000;

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;

/** The conversion window in ms. */
export function windowMs(node: FunnelQuery): number {
  return node.window.value * UNIT_MS[node.window.unit];
}

export type FunnelSqlOptions = {
  fromMs: number;
  toMs: number;
  scope?: AnalyticsScope | null;
  /** Group entries by the period of entry too (funnel trends): one row per actor and period, with `period`. */
  periods?: boolean;
};

/** The encoded breakdown value as its label: '(none)' for NULL. */
export function decodeBreakdown(encoded: string): string {
  return encoded === 'n' || encoded === '' ? NONE_BREAKDOWN : encoded.slice(1);
}

type Ctx = { d: AnalyticsDialect; q: (name: string) => string; node: FunnelQuery; w: number; n: number };

/** Indices of the steps whose breakdown value an entry needs. */
function breakdownSteps(node: FunnelQuery): number[] {
  const b = node.breakdown;
  if (!b) return [];
  if (b.attribution === 'first_touch') return [0];
  if (b.attribution === 'last_touch') return node.steps.map((_, i) => i);
  return [b.attribution.step];
}

/** Flag columns and the events relation of a funnel (step 1 of the plan). */
function eventsSql(c: Ctx, o: FunnelSqlOptions): string {
  const { d, q, node } = c;
  const refs: PropertyRef[] = [
    ...node.steps.flatMap((s) => s.filters.map((f) => f.property)),
    ...node.exclusions.flatMap((x) => x.filters.map((f) => f.property)),
    ...(node.breakdown ? [node.breakdown.property] : []),
  ];
  const names = [...new Set([...node.steps.map((s) => s.event), ...node.exclusions.map((x) => x.event)])];
  const relation = eventsRelation(d, {
    fromMs: o.fromMs,
    toMs: o.toMs + c.w + 1, // the window's end is included
    // strict: every event of the actor counts (an event between two steps breaks the sequence).
    events: node.order === 'strict' ? null : names,
    filters: node.filters,
    refs,
    scope: o.scope,
    // Persons need only person_id: the person dimension is joined only for organisations (or scope / refs).
    organizationIds: node.aggregateBy === 'organization',
  });
  const match = (event: string, filters: FunnelQuery['filters']) =>
    `CASE WHEN ${q('event')} = ${d.stringLiteral(event)} AND ${filtersSql(d, filters)} THEN 1 ELSE 0 END`;
  const actor = q(node.aggregateBy === 'organization' ? 'organization_id' : 'person_id');
  const cols = [
    `${actor} AS ${q('actor')}`,
    `${q('ts_ms')} AS ${q('ts')}`,
    ...node.steps.map((s, i) => `${match(s.event, s.filters)} AS ${q(`s${i}`)}`),
    ...node.exclusions.map((x, j) => `${match(x.event, x.filters)} AS ${q(`x${j}`)}`),
  ];
  if (node.breakdown) {
    const v = propertyText(d, node.breakdown.property);
    cols.push(`CASE WHEN ${v} IS NULL THEN 'n' ELSE concat('v', ${v}) END AS ${q('bv')}`);
  }
  return `SELECT ${cols.join(', ')} FROM (${relation}) AS r WHERE ${actor} IS NOT NULL`;
}

/**
 * The options of nextFlagged / nextPath over the events `ev`: one row per actor and instant, which steps and
 * exclusions happen then (`f<k>`, `g<j>`), the breakdown values of the steps that need one (`v<k>`, the least value at
 * that instant; `vany` for unordered), and the next-instant columns: of each step's events (`nx<k>`), of any event
 * (`na`, strict) and of each exclusion's events (`nxx<j>`).
 */
function nextOptions(c: Ctx, ev: string): NextFlaggedOptions {
  const { q, node, n } = c;
  const bSteps = new Set(breakdownSteps(node));
  const strict = node.order === 'strict';
  const unordered = node.order === 'unordered';
  const stepIdx = [...Array(n).keys()];
  const anyValue = unordered && !!node.breakdown;
  const anyStep = stepIdx.map((k) => `${q(`s${k}`)} = 1`).join(' OR ');
  // 1. One row per actor and instant: which steps / exclusions happen then, and each step's (least) value.
  const instants =
    `SELECT ${q('actor')}, ${q('ts')}, ` +
    [
      ...stepIdx.map((k) => `max(${q(`s${k}`)}) AS ${q(`f${k}`)}`),
      ...node.exclusions.map((_, j) => `max(${q(`x${j}`)}) AS ${q(`g${j}`)}`),
      ...[...bSteps].map((k) => `min(CASE WHEN ${q(`s${k}`)} = 1 THEN ${q('bv')} END) AS ${q(`v${k}`)}`),
      ...(anyValue ? [`min(CASE WHEN ${anyStep} THEN ${q('bv')} END) AS ${q('vany')}`] : []),
    ].join(', ') +
    ` FROM ${ev} GROUP BY ${q('actor')}, ${q('ts')}`;
  const instantCols = [
    q('actor'),
    q('ts'),
    ...stepIdx.map((k) => q(`f${k}`)),
    ...node.exclusions.map((_, j) => q(`g${j}`)),
    ...[...bSteps].map((k) => q(`v${k}`)),
    ...(anyValue ? [q('vany')] : []),
  ];
  return {
    rel: instants,
    cols: instantCols,
    actor: q('actor'),
    ts: q('ts'),
    next: [
      ...stepIdx.slice(unordered ? 0 : 1).map((k) => ({ flag: q(`f${k}`), as: q(`nx${k}`) })),
      ...(strict ? [{ flag: null, as: q('na') }] : []),
      ...node.exclusions.map((_, j) => ({ flag: q(`g${j}`), as: q(`nxx${j}`) })),
    ],
  };
}

/**
 * Entries of an ordered or strict funnel with their step instants `t0..t<n-1>` (NULL where not reached) and
 * breakdown values `b<k>`, exclusions applied, from the instants of nextOptions.
 *
 * The greedy path does not depend on the window: from the entry, `c<k>` is the next step-k instant after `c<k-1>`
 * (`c0` the entry). So the path is followed first (d.nextPath: one aggregation per actor on either engine), reading at
 * each `c<k>` the next step's instant, the next instant of any event (`n<k+1>`, strict), the step's breakdown value and
 * the next instants of exclusions starting there; then step k is reached when every step up to k lies within the
 * window (and, strict, was the very next instant).
 */
function sequenceSql(c: Ctx, next: NextFlaggedOptions, o: FunnelSqlOptions): { sql: string; cols: string[] } {
  const { d, q, node, w, n } = c;
  const bSteps = new Set(breakdownSteps(node));
  const strict = node.order === 'strict';
  /** Columns read at the instant of step k: the next step's candidates, its value, exclusions starting there. */
  const at = (k: number): [string, string][] => [
    ...(k + 1 < n ? [[q(`nx${k + 1}`), q(`c${k + 1}`)] as [string, string]] : []),
    ...(strict && k + 1 < n ? [[q('na'), q(`n${k + 1}`)] as [string, string]] : []),
    ...(bSteps.has(k) ? [[q(`v${k}`), q(`b${k}`)] as [string, string]] : []),
    ...node.exclusions.flatMap((x, j) => (x.fromStep === k ? [[q(`nxx${j}`), q(`xn${j}`)] as [string, string]] : [])),
  ];
  const path = d.nextPath({
    ...next,
    entry: { flag: q('f0'), beforeMs: o.toMs },
    select: [[q('ts'), q('t0')], ...at(0)],
    hops: [...Array(n).keys()].slice(1).map((k) => ({ at: q(`c${k}`), fetch: at(k) })),
  });
  // Step k is reached when steps 1..k all are (each within the window; strict: each the very next instant).
  const ok = [...Array(n).keys()]
    .slice(1)
    .map((k) => `${q(`c${k}`)} <= ${q('t0')} + ${w}${strict ? ` AND ${q(`c${k}`)} = ${q(`n${k}`)}` : ''}`);
  const ts = [...Array(n).keys()]
    .slice(1)
    .map((k) => `CASE WHEN ${ok.slice(0, k).join(' AND ')} THEN ${q(`c${k}`)} END AS ${q(`t${k}`)}`);
  const values = [...bSteps].map((k) => q(`b${k}`));
  const cols = [q('t0'), ...[...Array(n).keys()].slice(1).map((k) => q(`t${k}`)), ...values];
  const carried = [...values, ...node.exclusions.map((_, j) => q(`xn${j}`))];
  const steps = `SELECT ${[q('actor'), q('t0'), ...ts, ...carried].join(', ')} FROM (${path}) AS p`;
  // 4. Exclusions: the first exclusion event after `fromStep` (when reached) must not come before `toStep` (or the
  // window's end).
  const keep = node.exclusions.map((x, j) => {
    const xn = q(`xn${j}`);
    return `(${q(`t${x.fromStep}`)} IS NULL OR ${xn} IS NULL OR ${xn} >= coalesce(${q(`t${x.toStep}`)}, ${q('t0')} + ${w + 1}))`;
  });
  const where = keep.length ? ` WHERE ${keep.join(' AND ')}` : '';
  return { sql: `SELECT ${q('actor')}, ${cols.join(', ')} FROM (${steps}) AS z${where}`, cols };
}

/**
 * Greater than any epoch-ms instant: sorts the steps an entry did not complete last. Written as a signed expression
 * (ClickHouse types a bare 9000000000000000 as UInt64, which does not mix with Int64).
 */
const NEVER = '(0 - -9000000000000000)';

/**
 * `sql` (columns `cols`) with columns of `tn` (nextFlagged over nextOptions) read at the instant in column `at` of the same
 * actor (NULLs when `at` is NULL): `fetch` maps a column of `tn` to its new name.
 */
function lookup(c: Ctx, tn: string, sql: string, cols: string[], at: string, fetch: [string, string][]): string {
  const { q } = c;
  return (
    `SELECT ${cols.map((x) => `l.${x} AS ${x}`).join(', ')}, ${fetch.map(([from, as]) => `r.${from} AS ${as}`).join(', ')} ` +
    `FROM (${sql}) AS l LEFT JOIN (SELECT * FROM ${tn}) AS r ON l.${q('actor')} = r.${q('actor')} AND l.${at} = r.${q('ts')}`
  );
}

/**
 * Entries of an unordered funnel with their completion instants `t0..` and breakdown values, exclusions applied.
 * An entry starts at any step's event; per distinct step condition (event and filters), its first instant at or
 * after the entry, then (for a condition that appears m times among the steps) the next m - 1 instants, each from
 * `tn`'s next-instant columns; those within the window, sorted, are the completion instants.
 */
function unorderedSql(c: Ctx, tn: string, o: FunnelSqlOptions): { sql: string; cols: string[] } {
  const { d, q, node, w, n } = c;
  const groups = new Map<string, number[]>();
  node.steps.forEach((s, i) => {
    const key = JSON.stringify([s.event, s.filters]);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const conds = [...groups.values()];
  const first = (gi: number) => conds[gi]?.[0] ?? 0;
  const occ = (gi: number, r: number) => q(`o${gi}_${r}`);
  const b = node.breakdown;
  const anyStep = node.steps.map((_, k) => `${q(`f${k}`)} = 1`).join(' OR ');
  const firstAt = conds.map(
    (_, gi) => `CASE WHEN ${q(`f${first(gi)}`)} = 1 THEN ${q('ts')} ELSE ${q(`nx${first(gi)}`)} END AS ${occ(gi, 1)}`,
  );
  let cols = [q('actor'), q('t0'), ...(b ? [q('b0')] : []), ...conds.map((_, gi) => occ(gi, 1))];
  let sql =
    `SELECT ${q('actor')}, ${q('ts')} AS ${q('t0')}${b ? `, ${q('vany')} AS ${q('b0')}` : ''}, ${firstAt.join(', ')} ` +
    `FROM ${tn} WHERE (${anyStep}) AND ${q('ts')} < ${Math.floor(o.toMs)}`;
  conds.forEach((g, gi) => {
    for (let r = 2; r <= g.length; r++) {
      sql = lookup(c, tn, sql, cols, occ(gi, r - 1), [[q(`nx${first(gi)}`), occ(gi, r)]]);
      cols = [...cols, occ(gi, r)];
    }
  });
  const within = (x: string) => `CASE WHEN ${x} <= ${q('t0')} + ${w} THEN ${x} ELSE ${NEVER} END`;
  const done = d.arrayConcatSorted(conds.flatMap((g, gi) => g.map((_, r) => `[${within(occ(gi, r + 1))}]`)));
  const ts = [...Array(n).keys()]
    .slice(1)
    .map((k) => `CASE WHEN ${done}[${k + 1}] < ${NEVER} THEN ${done}[${k + 1}] END AS ${q(`t${k}`)}`);
  const keep = [q('actor'), q('t0'), ...(b ? [q('b0')] : [])];
  const occs = conds.map((_, gi) => occ(gi, 1));
  sql = `SELECT ${[...keep, ...occs].join(', ')}, ${ts.join(', ')} FROM (${sql}) AS u`;
  cols = [...keep, ...occs, ...[...Array(n).keys()].slice(1).map((k) => q(`t${k}`))];
  if (b && b.attribution !== 'first_touch') {
    if (b.attribution === 'last_touch') {
      // The value at the instant that completed the furthest step (the least value of the step events then).
      const last = `CASE ${[...Array(n).keys()]
        .slice(1)
        .reverse()
        .map((k) => `WHEN ${q(`t${k}`)} IS NOT NULL THEN ${q(`t${k}`)}`)
        .join(' ')} ELSE ${q('t0')} END`;
      sql = `SELECT ${cols.join(', ')}, ${last} AS ${q('tlast')} FROM (${sql}) AS lt`;
      sql = lookup(c, tn, sql, cols, q('tlast'), [[q('vany'), q('blast')]]);
      cols = [...cols, q('blast')];
    } else {
      // The value on the first event of the chosen step's condition within the window.
      const s = b.attribution.step;
      const gi = conds.findIndex((g) => g.includes(s));
      sql = lookup(c, tn, sql, cols, occ(gi, 1), [[q(`v${s}`), q('bs')]]);
      sql = `SELECT ${cols.join(', ')}, CASE WHEN ${occ(gi, 1)} <= ${q('t0')} + ${w} THEN ${q('bs')} END AS ${q('bstep')} FROM (${sql}) AS bs`;
      cols = [...cols, q('bstep')];
    }
  }
  return excludeSql(c, tn, { sql, cols: cols.slice(1) });
}

/**
 * Drops entries with an exclusion event strictly between steps `fromStep` and `toStep` (before the window's end when
 * `toStep` was not reached): the first exclusion instant after `fromStep`'s, read from `tn`, decides.
 */
function excludeSql(c: Ctx, tn: string, seq: { sql: string; cols: string[] }): { sql: string; cols: string[] } {
  const { q, node, w } = c;
  if (node.exclusions.length === 0) return seq;
  let cols = [q('actor'), ...seq.cols];
  let sql = seq.sql;
  node.exclusions.forEach((x, j) => {
    sql = lookup(c, tn, sql, cols, q(`t${x.fromStep}`), [[q(`nxx${j}`), q(`xn${j}`)]]);
    cols = [...cols, q(`xn${j}`)];
  });
  const keep = node.exclusions.map((x, j) => {
    const xn = q(`xn${j}`);
    return `(${xn} IS NULL OR ${xn} >= coalesce(${q(`t${x.toStep}`)}, ${q('t0')} + ${w + 1}))`;
  });
  const out = [q('actor'), ...seq.cols];
  return { sql: `SELECT ${out.join(', ')} FROM (${sql}) AS z WHERE ${keep.join(' AND ')}`, cols: seq.cols };
}

/** The breakdown value an entry is attributed to (encoded), from its step values. */
function attributedValue(c: Ctx): string {
  const { q, node, n } = c;
  const b = node.breakdown;
  if (!b) return "''";
  if (b.attribution === 'first_touch') return q('b0');
  if (b.attribution === 'last_touch') {
    if (node.order === 'unordered') return q('blast');
    const arms = [...Array(n - 1).keys()]
      .map((i) => n - 1 - i)
      .map((k) => `WHEN ${q(`t${k}`)} IS NOT NULL THEN ${q(`b${k}`)}`);
    return `CASE ${arms.join(' ')} ELSE ${q('b0')} END`;
  }
  const s = b.attribution.step;
  if (node.order === 'unordered') return `coalesce(${q('bstep')}, 'n')`;
  return s === 0 ? q('b0') : `CASE WHEN ${q(`t${s}`)} IS NOT NULL THEN ${q(`b${s}`)} ELSE 'n' END`;
}

/**
 * One row per actor (per actor and period with `periods`): the furthest entry, the earliest on ties. Columns:
 * `actor`, `t0`..`t<n-1>` (-1 where not reached), `reached`, `bv` (encoded breakdown value, '' without breakdown),
 * `period` (with `periods`).
 */
export function actorRowsSql(d: AnalyticsDialect, node: FunnelQuery, o: FunnelSqlOptions): string {
  const c: Ctx = { d, q: (x) => d.quoteIdentifier(x), node, w: windowMs(node), n: node.steps.length };
  const { q, n } = c;
  const unordered = node.order === 'unordered';
  // The events are read once, into the instants of nextOptions; everything else follows from those.
  const next = nextOptions(c, `(${eventsSql(c, o)}) AS ev`);
  // Ordered / strict: one path pass (nextPath shares the instants itself); unordered reads them several times.
  const body = (entries: string) => {
    const reached = [...Array(n - 1).keys()]
      .map((i) => `CASE WHEN ${q(`t${i + 1}`)} IS NOT NULL THEN 1 ELSE 0 END`)
      .join(' + ');
    const period = o.periods && node.trends ? d.periodLabel(q('t0'), node.trends.interval, node.timezone) : "''";
    // Scored columns are named apart from the output's: ClickHouse would read `argMin(t0, ...) AS t0` as a cycle.
    const ts = [...Array(n).keys()].map((i) => `t${i}`);
    const scored =
      `SELECT ${q('actor')}, ${q('t0')} AS ${q('e_t0')}, ` +
      ts
        .slice(1)
        .map((t) => `coalesce(${q(t)}, -1) AS ${q(`e_${t}`)}`)
        .join(', ') +
      `, 1 + ${reached} AS ${q('e_reached')}, ${attributedValue(c)} AS ${q('e_bv')}, ${period} AS ${q('period')} ` +
      `FROM (${entries}) AS e`;
    // Furthest first, then earliest: (n - reached) * 10^13 + t0 orders both (epoch ms stay below 10^13 until 2286).
    const key = `(${n} - ${q('e_reached')}) * ${MS_SPAN} + ${q('e_t0')}`;
    const best = (col: string) => `${d.argMinOf(q(`e_${col}`), [key])} AS ${q(col)}`;
    const group = [q('actor'), ...(o.periods ? [q('period')] : [])];
    return (
      `SELECT ${group.join(', ')}, ${[...ts, 'bv'].map(best).join(', ')}, ` +
      `max(${q('e_reached')}) AS ${q('reached')} FROM (${scored}) AS sc GROUP BY ${group.join(', ')}`
    );
  };
  if (!unordered) return body(sequenceSql(c, next, o).sql);
  const defs = [{ name: 'funnel_next', sql: d.nextFlagged(next) }];
  return d.withRelations(defs, (ref) => body(unorderedSql(c, ref('funnel_next'), o).sql));
}

/** Edges (seconds) of the time-to-convert histogram: roughly log-spaced, cut at the window. */
export function timeToConvertEdges(node: FunnelQuery): number[] {
  const edges = [
    0,
    10,
    60,
    300,
    900,
    3600,
    3 * 3600,
    6 * 3600,
    12 * 3600,
    86_400,
    2 * 86_400,
    3 * 86_400,
    7 * 86_400,
    14 * 86_400,
    30 * 86_400,
    60 * 86_400,
    90 * 86_400,
    180 * 86_400,
  ];
  const w = windowMs(node) / 1000;
  const kept = edges.filter((e) => e < w);
  // The window's end is included: the last bucket ends just after it.
  return [...kept, w + 1];
}

/**
 * Per breakdown label (one row with label '' without breakdown): `c<i>` actors reaching step i, `sum<i>` and
 * `med<i>` (ms from step i-1 to i), `h<j>` converted actors per time-to-convert bucket.
 */
export function stepsSql(d: AnalyticsDialect, node: FunnelQuery, actorRows: string): string {
  const q = (x: string) => d.quoteIdentifier(x);
  const n = node.steps.length;
  const edges = timeToConvertEdges(node);
  const last = q(`t${n - 1}`);
  return d.withRelations([{ name: 'funnel_actors', sql: actorRows }], (ref) => {
    const rows = ref('funnel_actors');
    const aggs = [`count(*) AS ${q('c0')}`];
    for (let k = 1; k < n; k++) {
      const t = q(`t${k}`);
      const gap = `${t} - ${q(`t${k - 1}`)}`;
      aggs.push(
        `sum(CASE WHEN ${t} >= 0 THEN 1 ELSE 0 END) AS ${q(`c${k}`)}`,
        `sum(CASE WHEN ${t} >= 0 THEN ${gap} ELSE 0 END) AS ${q(`sum${k}`)}`,
        `${d.medianIf(gap, `${t} >= 0`)} AS ${q(`med${k}`)}`,
      );
    }
    for (let j = 0; j + 1 < edges.length; j++) {
      const lo = (edges[j] ?? 0) * 1000;
      const hi = (edges[j + 1] ?? 0) * 1000;
      const dur = `${last} - ${q('t0')}`;
      aggs.push(
        `sum(CASE WHEN ${last} >= 0 AND ${dur} >= ${lo} AND ${dur} < ${hi} THEN 1 ELSE 0 END) AS ${q(`h${j}`)}`,
      );
    }
    const overall = `SELECT '' AS ${q('label')}, ${aggs.join(', ')} FROM ${rows}`;
    if (!node.breakdown) return overall;
    const label = breakdownLabel(d, node, rows);
    const byValue = `SELECT ${q('label')}, ${aggs.join(', ')} FROM (SELECT *, ${label} AS ${q('label')} FROM ${rows}) AS b GROUP BY ${q('label')}`;
    // '' never names a breakdown (labels are '(none)', '(other)' or 'v'-prefixed values): it marks the totals.
    return `${overall} UNION ALL ${byValue}`;
  });
}

/**
 * The label of an actor row's breakdown value: the `limit` most frequent values (by actors, ties by value) keep
 * their encoded value ('v…'), NULL is 'n' (shown as "(none)"), the rest '(other)'.
 */
export function breakdownLabel(d: AnalyticsDialect, node: FunnelQuery, rows: string): string {
  const q = (x: string) => d.quoteIdentifier(x);
  const limit = node.breakdown?.limit ?? 10;
  const top =
    `SELECT ${q('bv')} FROM ${rows} WHERE ${q('bv')} <> 'n' GROUP BY ${q('bv')} ` +
    `ORDER BY count(*) DESC, ${q('bv')} LIMIT ${Math.trunc(limit)}`;
  return `CASE WHEN ${q('bv')} = 'n' THEN 'n' WHEN ${q('bv')} IN (${top}) THEN ${q('bv')} ELSE '(other)' END`;
}

/** Entered and converted actors per period of entry (rows of actorRowsSql with `periods`). */
export function trendsSql(d: AnalyticsDialect, node: FunnelQuery, actorRows: string): string {
  const q = (x: string) => d.quoteIdentifier(x);
  return (
    `SELECT ${q('period')}, count(*) AS ${q('entered')}, ` +
    `sum(CASE WHEN ${q('reached')} = ${node.steps.length} THEN 1 ELSE 0 END) AS ${q('converted')} ` +
    `FROM (${actorRows}) AS a GROUP BY ${q('period')}`
  );
}
