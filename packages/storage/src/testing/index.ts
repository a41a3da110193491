export { createTestDatabase, type OltpTestTarget, oltpTestTargets } from './dialects.js';
export { findPostgresBinaries, freePort, startTestPostgres, type TestPostgres } from './postgres-server.js';
export { snapshotTables } from './snapshot.js';
