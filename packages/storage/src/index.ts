export type * from './oltp/database.js';
export { MigrationError, migrateToLatest } from './oltp/migrate.js';
export { type OpenOltpOptions, openOltpStore } from './oltp/open.js';
export { openPostgresStore, redactUrl } from './oltp/postgres/postgres-adapter.js';
export { openSqliteStore } from './oltp/sqlite/sqlite-adapter.js';
export type { OltpCapabilities, OltpDialect, OltpStore } from './oltp/store.js';
export type { EventEngine, EventFilter, EventStore, FindOptions, PersonDistinctId } from './events/port.js';
