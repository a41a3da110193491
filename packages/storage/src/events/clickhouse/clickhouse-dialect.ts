import { checkedPropertyName, type EventSqlDialect } from '../sql.js';

/** Text columns of dim_organizations besides the id and the nullable member level. */
const ORG_TEXT = ['kind', 'region', 'industry', 'business_line', 'certification_status'];

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
  // ReplacingMergeTree merges later: argMax picks the highest version now (aliased apart from the column names, which
  // ClickHouse would read as cyclic aliases). `nullIf` gives back the NULLs that argMax over '' stands in for.
  currentOrganizations: () =>
    `SELECT \`organization_id\`, ${ORG_TEXT.map((c) => `\`cur_${c}\` AS \`${c}\``).join(', ')}, ` +
    "nullIf(`cur_member_level`, '') AS `member_level` FROM (SELECT `organization_id`, " +
    ORG_TEXT.map((c) => `argMax(\`${c}\`, \`version\`) AS \`cur_${c}\``).join(', ') +
    ", argMax(ifNull(`member_level`, ''), `version`) AS `cur_member_level` " +
    'FROM `dim_organizations` GROUP BY `organization_id`)',
  currentPersons: () =>
    "SELECT `person_id`, nullIf(`cur_org`, '') AS `organization_id`, `cur_traits` AS `traits` FROM (SELECT " +
    "`person_id`, argMax(ifNull(`organization_id`, ''), `version`) AS `cur_org`, " +
    'argMax(`traits`, `version`) AS `cur_traits` FROM `dim_persons` GROUP BY `person_id`)',
};
