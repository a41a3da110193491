export {
  findClickHouseServer,
  startTestClickHouse,
  type TestClickHouse,
} from './clickhouse-server.js';
export { createTestDatabase, type OltpTestTarget, oltpTestTargets } from './dialects.js';
export { type EventStoreTestTarget, eventStoreTestTargets } from './event-stores.js';
export { findPostgresBinaries, freePort, startTestPostgres, type TestPostgres } from './postgres-server.js';
export { snapshotTables } from './snapshot.js';
