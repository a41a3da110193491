import { clickHouseDialect } from '@tradeloop/storage';
import { checkedInteger, periodIndexSql } from './shared.js';
import type { AnalyticsDialect, NextPathOptions } from './types.js';

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
  // --- Funnels: paths ---
  nextPath: (o) => nextPathSql(o),
};

/**
 * One pass, no join: per actor, the rows as one array sorted by instant; each `next` column's flagged instants as a
 * sorted array, the entries (and their own columns) filtered from it, and the (instant, value) arrays of the other
 * columns hops read. ARRAY JOIN gives one row per entry; each hop then finds the first later flagged instant with
 * arrayFirstIndex (the arrays hold only the flagged instants, short per actor). 18.16 resolves a column captured by
 * a lambda only when the SELECT names it outside the lambda too: `at` columns are always selected alongside.
 */
function nextPathSql(o: NextPathOptions): string {
  const q = clickHouseDialect.quoteIdentifier;
  if (o.select.length === 0) throw new Error('nextPath: select at least one column');
  const rest = o.cols.filter((c) => c !== o.actor && c !== o.ts);
  const fields = [o.ts, ...rest];
  const col = (c: string) => q(`np_c${fields.indexOf(c)}`);
  const t = col(o.ts);
  const arrays = fields.map((c, i) => `arrayMap(x -> tupleElement(x, ${i + 1}), ${q('np_s')}) AS ${col(c)}`);
  const nextIndex = new Map(o.next.map((x, j) => [x.as, j]));
  o.next.forEach((x, j) => {
    arrays.push(
      x.flag
        ? `arrayFilter((t, f) -> ifNull(f, 0) = 1, ${t}, ${col(x.flag)}) AS ${q(`np_l${j}`)}`
        : `${t} AS ${q(`np_l${j}`)}`,
    );
  });
  const entryCond = `ifNull(f, 0) = 1 AND t < ${Math.floor(o.entry.beforeMs)}`;
  const atEntries = (arr: string) => `arrayFilter((v, f, t) -> ${entryCond}, ${arr}, ${col(o.entry.flag)}, ${t})`;
  const own = o.select.filter(([c]) => !nextIndex.has(c) && c !== o.ts);
  const joined = [
    `${atEntries(t)} AS ${q('np_e')}`,
    ...own.map(([c], i) => `${atEntries(col(c))} AS ${q(`np_eo${i}`)}`),
  ];
  const looked = [...new Set(o.hops.flatMap((h) => h.fetch.map(([c]) => c)).filter((c) => !nextIndex.has(c)))];
  looked.forEach((c, i) => {
    arrays.push(`arrayFilter((t, v) -> isNotNull(v), ${t}, ${col(c)}) AS ${q(`np_vt${i}`)}`);
    arrays.push(`arrayFilter(v -> isNotNull(v), ${col(c)}) AS ${q(`np_vv${i}`)}`);
  });
  const carry = [...o.next.map((_, j) => q(`np_l${j}`)), ...looked.flatMap((_, i) => [q(`np_vt${i}`), q(`np_vv${i}`)])];
  let k = 0;
  /** Column c at the instant in column `at`: [helper expressions, the value]. */
  const read = (c: string, at: string, as: string): string[] => {
    const i = q(`np_k${k++}`);
    const j = nextIndex.get(c);
    if (j !== undefined) {
      const l = q(`np_l${j}`);
      return [
        `arrayFirstIndex(x -> ifNull(x > ${at}, 0) = 1, ${l}) AS ${i}`,
        `if(${i} = 0, NULL, ${l}[${i}]) AS ${as}`,
      ];
    }
    const n = looked.indexOf(c);
    return [`indexOf(${q(`np_vt${n}`)}, ${at}) AS ${i}`, `if(${i} = 0, NULL, ${q(`np_vv${n}`)}[${i}]) AS ${as}`];
  };
  const x = q('np_x');
  const first = o.select.flatMap(([c, as]) => {
    if (nextIndex.has(c)) return read(c, x, as);
    if (c === o.ts) return [`${x} AS ${as}`];
    return [`${q(`np_eo${own.findIndex(([oc]) => oc === c)}`)} AS ${as}`];
  });
  const grouped =
    `SELECT ${o.actor} AS ${q('np_actor')}, arraySort(groupArray(tuple(${fields.join(', ')}))) AS ${q('np_s')}, ` +
    `${[...arrays, ...joined].join(', ')} FROM (${o.rel}) GROUP BY ${o.actor}`;
  const arrayJoin = [`${q('np_e')} AS ${x}`, ...own.map((_, i) => q(`np_eo${i}`))];
  let cols = [q('actor'), ...o.select.map(([, as]) => as)];
  let sql =
    `SELECT ${q('np_actor')} AS ${q('actor')}, ${x}, ${[...first, ...carry].join(', ')} FROM (${grouped}) ` +
    `ARRAY JOIN ${arrayJoin.join(', ')}`;
  for (const hop of o.hops) {
    if (hop.fetch.length === 0) continue;
    const fetched = hop.fetch.flatMap(([c, as]) => read(c, hop.at, as));
    sql = `SELECT ${[...cols, ...fetched, ...carry].join(', ')} FROM (${sql})`;
    cols = [...cols, ...hop.fetch.map(([, as]) => as)];
  }
  return `SELECT ${cols.join(', ')} FROM (${sql})`;
}
