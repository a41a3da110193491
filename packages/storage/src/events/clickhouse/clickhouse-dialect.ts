import { checkedPropertyName, type EventSqlDialect } from '../sql.js';

function literal(value: string): string {
  // ClickHouse string literals use backslash escapes; escape the backslash first, then the quote.
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function rawProperty(jsonExpr: string, name: string): string {
  return `visitParamExtractRaw(${jsonExpr}, ${literal(checkedPropertyName(name))})`;
}

/**
 * ClickHouse's SQL for the event store, limited to what 18.16 (Debian's package) supports: no DateTime64 (times
 * are Int64 epoch ms plus a second-precision DateTime), no JSONExtract* (the visitParam* functions instead, which
 * match the first field of that name at any depth: fine for our flat, identifier-named properties), no query
 * parameters (values are inlined as escaped literals).
 */
export const clickHouseDialect: EventSqlDialect = {
  engine: 'clickhouse',
  quoteIdentifier: (name) => `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``,
  stringLiteral: literal,
  inList(expr, values) {
    if (values.length === 0) return '1 = 0';
    return `${expr} IN (${values.map(literal).join(', ')})`;
  },
  timeFromEpochMs: (msExpr) => `toDateTime(intDiv(${msExpr}, 1000))`,
  epochMsFromTime: (timeExpr) => `(toInt64(toUnixTimestamp(${timeExpr})) * 1000)`,
  jsonPropertyText(jsonExpr, name) {
    const raw = rawProperty(jsonExpr, name);
    // Strings come back unescaped, other JSON values as their text; absent and null are NULL (as in DuckDB).
    return (
      `if(${raw} IN ('', 'null'), NULL, if(substring(${raw}, 1, 1) = '"', ` +
      `visitParamExtractString(${jsonExpr}, ${literal(name)}), ${raw}))`
    );
  },
  jsonPropertyNumber: (jsonExpr, name) => `toFloat64OrNull(${rawProperty(jsonExpr, name)})`,
  currentPersonMap: () =>
    'SELECT `distinct_id`, `current_person` AS `person_id` FROM (SELECT `distinct_id`, ' +
    'argMax(`person_id`, `version`) AS `current_person` FROM `person_distinct_ids` GROUP BY `distinct_id`)',
};
