export { clickHouseDialect } from './events/clickhouse/clickhouse-dialect.js';
export {
  type ClickHouseEventStore,
  type OpenClickHouseOptions,
  openClickHouseEventStore,
} from './events/clickhouse/clickhouse-event-store.js';
export {
  ORGANIZATION_DIMENSION_COLUMNS,
  type OrganizationDimension,
  type PersonDimension,
} from './events/dimensions.js';
export { duckDbDialect } from './events/duckdb/duckdb-dialect.js';
export { type DuckDbEventStore, openDuckDbEventStore } from './events/duckdb/duckdb-event-store.js';
export { type OpenEventStoreOptions, openEventStore } from './events/open.js';
export type { EventEngine, EventFilter, EventStore, FindOptions, PersonDistinctId } from './events/port.js';
export { checkedPropertyName, type EventSqlDialect, type SqlEventStore } from './events/sql.js';
export type * from './oltp/database.js';
export { MigrationError, migrateToLatest } from './oltp/migrate.js';
export { type OpenOltpOptions, openOltpStore } from './oltp/open.js';
export { openPostgresStore, redactUrl } from './oltp/postgres/postgres-adapter.js';
export { openSqliteStore } from './oltp/sqlite/sqlite-adapter.js';
export type { OltpCapabilities, OltpDialect, OltpStore } from './oltp/store.js';
