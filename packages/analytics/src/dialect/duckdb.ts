import { duckDbDialect } from '@tradeloop/storage';
import type { AnalyticsDialect } from './types.js';

const FORMAT = { hour: '%Y-%m-%d %H:00', day: '%Y-%m-%d', week: '%Y-%m-%d', month: '%Y-%m-%d' } as const;

/** DuckDB: time zones through the bundled ICU extension (`timezone(tz, timestamptz)` gives the wall clock). */
export const duckDbAnalytics: AnalyticsDialect = {
  ...duckDbDialect,
  periodLabel(msExpr, interval, tz) {
    const local = `timezone(${duckDbDialect.stringLiteral(tz)}, to_timestamp(${msExpr} / 1000.0))`;
    return `strftime(date_trunc('${interval}', ${local}), '${FORMAT[interval]}')`;
  },
  toNumber: (textExpr) => `TRY_CAST(${textExpr} AS DOUBLE)`,
  containsText: (textExpr, needle) => `contains(lower(${textExpr}), lower(${duckDbDialect.stringLiteral(needle)}))`,
  periodIndex: (msExpr, starts) => periodIndexSql(msExpr, starts, (a, b) => `((${a}) // ${b})`),
  countDistinctIf: (expr, cond) => `count(DISTINCT ${expr}) FILTER (WHERE ${cond})`,
  argMinOf: (valueExpr, orderExprs) => `arg_min(${valueExpr}, (${orderExprs.join(', ')}))`,
  medianIf(expr, cond) {
    const l = `list_sort(list(CAST(${expr} AS DOUBLE)) FILTER (WHERE (${cond}) AND (${expr}) IS NOT NULL))`;
    return `((${l}[(len(${l}) + 1) // 2] + ${l}[len(${l}) // 2 + 1]) / 2)`;
  },
  explodeIndexes(values, cond) {
    const list = `([${values.map((v) => checkedInteger(v)).join(', ')}]::BIGINT[])`;
    return `unnest(list_filter(range(1, ${values.length + 1}), lambda i: ${cond(`${list}[i]`)}))`;
  },
  consecutiveGaps: (rel, key, ts) =>
    `SELECT k, gap FROM (SELECT ${key} AS k, ${ts} - lag(${ts}) OVER (PARTITION BY ${key} ORDER BY ${ts}) AS gap ` +
    `FROM (${rel}) AS g) AS gg WHERE gap IS NOT NULL`,
  // --- Funnels ---
  withRelations: (defs, body) => {
    const ref = (name: string) => duckDbDialect.quoteIdentifier(name);
    const ctes = defs.map((x) => `${ref(x.name)} AS MATERIALIZED (${typeof x.sql === 'string' ? x.sql : x.sql(ref)})`);
    return `WITH ${ctes.join(', ')} ${body(ref)}`;
  },
  // The first flagged instant among the later rows (measured faster here than min() or ASOF joins).
  nextFlagged: (o) =>
    `SELECT ${o.cols.join(', ')}, ` +
    o.next
      .map((x) =>
        x.flag
          ? `first_value(CASE WHEN ${x.flag} = 1 THEN ${o.ts} END IGNORE NULLS) OVER later AS ${x.as}`
          : `lead(${o.ts}) OVER (PARTITION BY hash(${o.actor}), ${o.actor} ORDER BY ${o.ts}) AS ${x.as}`,
      )
      .join(', ') +
    // Partitioning by the hash first (then the actor, so that it stays exact) sorts much faster than by text alone.
    ` FROM (${o.rel}) AS nf WINDOW later AS (PARTITION BY hash(${o.actor}), ${o.actor} ORDER BY ${o.ts} ` +
    'ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)',
  arrayConcatSorted: (arrayExprs) => `list_sort(${arrayExprs.reduce((a, b) => `list_concat(${a}, ${b})`)})`,
  // --- Attribution ---
  orderedArray: (valueExpr, orderExpr) => `list(${valueExpr} ORDER BY ${orderExpr}, ${valueExpr})`,
  keepRunEnds: (v, k) =>
    `list_transform(list_filter(range(1, len(${k}) + 1), lambda i: i = len(${k}) OR ${k}[i] != ${k}[i + 1]), lambda i: ${v}[i])`,
  arrayToText: (arrayExpr, separator) => `array_to_string(${arrayExpr}, ${duckDbDialect.stringLiteral(separator)})`,
};

/** A safe integer as SQL text (explodeIndexes takes literal lists only). */
function checkedInteger(v: number): string {
  if (!Number.isSafeInteger(v)) throw new Error(`not a safe integer: ${v}`);
  return String(v);
}

/** See AnalyticsDialect.periodIndex; `div` is the engine's integer division. */
function periodIndexSql(ms: string, starts: readonly number[], div: (a: string, b: string) => string): string {
  if (starts.length === 0) throw new Error('periodIndex needs at least one period');
  for (const s of starts) checkedInteger(s);
  const first = starts[0] as number;
  const step = (starts[1] ?? first + 1) - first;
  if (starts.every((s, i) => s === first + i * step)) {
    return `least(${div(`${ms} - ${first}`, String(step))}, ${starts.length - 1})`;
  }
  const search = (lo: number, hi: number): string => {
    // the index in [lo, hi] of the last start <= ms
    if (lo === hi) return String(lo);
    const mid = Math.ceil((lo + hi) / 2);
    return `CASE WHEN ${ms} < ${starts[mid]} THEN ${search(lo, mid - 1)} ELSE ${search(mid, hi)} END`;
  };
  return `(${search(0, starts.length - 1)})`;
}
