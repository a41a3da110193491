import { checkedPropertyName, type EventSqlDialect } from '../sql.js';

/** DuckDB's SQL for the event store: standard quoting (no backslash escapes), the json extension, epoch_ms(). */
export const duckDbDialect: EventSqlDialect = {
  engine: 'duckdb',
  quoteIdentifier: (name) => `"${name.replaceAll('"', '""')}"`,
  stringLiteral: (value) => {
    const quoted = (part: string) => `'${part.replaceAll("'", "''")}'`;
    // DuckDB's parser reads the SQL text as a C string, which ends at a NUL: spell NULs as chr(0).
    return value.includes('\u0000') ? `(${value.split('\u0000').map(quoted).join(' || chr(0) || ')})` : quoted(value);
  },
  inList(expr, values) {
    if (values.length === 0) return '1 = 0';
    return `${expr} IN (${values.map((v) => duckDbDialect.stringLiteral(v)).join(', ')})`;
  },
  timeFromEpochMs: (msExpr) => `epoch_ms(CAST(${msExpr} AS BIGINT))`,
  epochMsFromTime: (timeExpr) => `epoch_ms(${timeExpr})`,
  jsonPropertyText: (jsonExpr, name) =>
    `json_extract_string(${jsonExpr}, ${duckDbDialect.stringLiteral(`$."${checkedPropertyName(name)}"`)})`,
  jsonPropertyNumber: (jsonExpr, name) =>
    `TRY_CAST(json_extract(${jsonExpr}, ${duckDbDialect.stringLiteral(`$."${checkedPropertyName(name)}"`)}) AS DOUBLE)`,
  currentPersonMap: () => 'SELECT "distinct_id", "person_id" FROM "person_distinct_ids"',
  // Upserts keep one row per key (ON CONFLICT ... WHERE excluded.version > version).
  currentOrganizations: () =>
    'SELECT "organization_id", "kind", "region", "industry", "business_line", "certification_status", "member_level" ' +
    'FROM "dim_organizations"',
  currentPersons: () => 'SELECT "person_id", "organization_id", "traits" FROM "dim_persons"',
};
