export {
  type ClickHouseEventStore,
  type OpenClickHouseOptions,
  openClickHouseEventStore,
} from './events/clickhouse/clickhouse-event-store.js';
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
