import { clickHouseDialect } from '@tradeloop/storage';
import type { AnalyticsDialect } from './types.js';

/** ClickHouse 18.16: date functions take the time zone as an argument of toDateTime (and of formatDateTime). */
export const clickHouseAnalytics: AnalyticsDialect = {
  ...clickHouseDialect,
  periodLabel(msExpr, interval, tz) {
    const zone = clickHouseDialect.stringLiteral(tz);
    const local = `toDateTime(intDiv(${msExpr}, 1000), ${zone})`;
    switch (interval) {
      case 'hour':
        return `formatDateTime(toStartOfHour(${local}), '%Y-%m-%d %H:00', ${zone})`;
      case 'day':
        return `toString(toDate(${local}))`;
      case 'week':
        return `toString(toMonday(${local}))`;
      default:
        return `toString(toStartOfMonth(${local}))`;
    }
  },
  toNumber: (textExpr) => `toFloat64OrNull(toString(${textExpr}))`,
  containsText: (textExpr, needle) =>
    `(positionCaseInsensitiveUTF8(${textExpr}, ${clickHouseDialect.stringLiteral(needle)}) > 0)`,
  periodIndex: (msExpr, starts) => periodIndexSql(msExpr, starts, (a, b) => `intDiv(${a}, ${b})`),
  countDistinctIf: (expr, cond) => `uniqExactIf(${expr}, (${cond}) AND isNotNull(${expr}))`,
  argMinOf: (valueExpr, orderExprs) => `argMin(${valueExpr}, tuple(${orderExprs.join(', ')}))`,
  medianIf(expr, cond) {
    const l = `arraySort(groupArrayIf(toFloat64(${expr}), (${cond}) AND isNotNull(${expr})))`;
    return `if(length(${l}) = 0, NULL, (${l}[intDiv(length(${l}) + 1, 2)] + ${l}[intDiv(length(${l}), 2) + 1]) / 2)`;
  },
  explodeIndexes(values, cond) {
    const list = `[${values.map((v) => `toInt64(${checkedInteger(v)})`).join(', ')}]`;
    return `arrayJoin(arrayFilter((i, v) -> ${cond('v')}, arrayEnumerate(${list}), ${list}))`;
  },
  consecutiveGaps: (rel, key, ts) =>
    `SELECT k, gap FROM (SELECT ${key} AS k, arraySort(groupArray(${ts})) AS t FROM (${rel}) AS g GROUP BY k) AS gg ` +
    'ARRAY JOIN arrayMap(i -> t[i + 1] - t[i], arraySlice(arrayEnumerate(t), 1, length(t) - 1)) AS gap',
  // --- Funnels ---
  // No subquery CTEs in 18.16: each reference inlines the relation's SQL.
  withRelations: (defs, body) => {
    const sql = new Map<string, string>();
    const ref = (name: string) => {
      const text = sql.get(name);
      if (text === undefined) throw new Error(`unknown relation ${name}`);
      return `(${text})`;
    };
    for (const x of defs) sql.set(x.name, typeof x.sql === 'string' ? x.sql : x.sql(ref));
    return body(ref);
  },
  // No window functions: per actor, the rows as one array sorted by instant; the next flagged instant after row i is
  // the (cumsum(flags)[i] + 1)-th flagged instant. Linear per actor; ARRAY JOIN gives the rows back.
  nextFlagged(o) {
    const rest = o.cols.filter((c) => c !== o.actor && c !== o.ts);
    const fields = [o.ts, ...rest];
    const col = (c: string) => `\`nf_c${fields.indexOf(c)}\``;
    const arrays = fields.map((c, i) => `arrayMap(x -> tupleElement(x, ${i + 1}), \`nf_s\`) AS ${col(c)}`);
    const t = col(o.ts);
    o.next.forEach((x, j) => {
      if (x.flag) {
        const flags = `arrayMap(f -> ifNull(f, 0), ${col(x.flag)})`; // a flag may be Nullable(UInt8)
        const flagged = `arrayFilter((t, f) -> f = 1, ${t}, ${flags})`;
        arrays.push(`${flagged} AS \`nf_p${j}\``);
        arrays.push(
          `arrayMap(c -> if(c < length(\`nf_p${j}\`), \`nf_p${j}\`[c + 1], -1), arrayCumSum(${flags})) AS \`nf_n${j}\``,
        );
      } else {
        arrays.push(`arrayMap(i -> if(i < length(${t}), ${t}[i + 1], -1), arrayEnumerate(${t})) AS \`nf_n${j}\``);
      }
    });
    const joined = [...fields.map(col), ...o.next.map((_, j) => `\`nf_n${j}\``)];
    return (
      `SELECT \`nf_actor\` AS ${o.actor}, ${fields.map((c) => `${col(c)} AS ${c}`).join(', ')}, ` +
      o.next.map((x, j) => `if(\`nf_n${j}\` < 0, NULL, \`nf_n${j}\`) AS ${x.as}`).join(', ') +
      ` FROM (SELECT ${o.actor} AS \`nf_actor\`, arraySort(groupArray(tuple(${fields.join(', ')}))) AS \`nf_s\`, ` +
      `${arrays.join(', ')} FROM (${o.rel}) GROUP BY ${o.actor}) ARRAY JOIN ${joined.join(', ')}`
    );
  },
  arrayConcatSorted: (arrayExprs) => `arraySort(arrayConcat(${arrayExprs.join(', ')}))`,
  // --- Attribution ---
  orderedArray: (valueExpr, orderExpr) =>
    `arrayMap(x -> tupleElement(x, 2), arraySort(groupArray(tuple(${orderExpr}, ${valueExpr}))))`,
  // 18.16 lambdas cannot read other columns: compare each key with the keys shifted by one instead.
  keepRunEnds: (v, k) => `arrayFilter((x, a, b) -> a != b, ${v}, ${k}, arrayPushBack(arrayPopFront(${k}), ''))`,
  arrayToText: (arrayExpr, separator) =>
    `arrayStringConcat(arrayMap(x -> toString(x), ${arrayExpr}), ${clickHouseDialect.stringLiteral(separator)})`,
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
