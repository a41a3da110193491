export { type Clock, DAY_MS, manualClock, systemClock } from './clock.js';
export { DimensionSync, type DimensionSyncResult } from './events/dimension-sync.js';
export * from './events/import/index.js';
export * from './events/ingest/index.js';
export { recordServerEvent, SERVER_SOURCE_ID, type ServerEventInput } from './events/outbox.js';
export { type OutboxRelay, type OutboxTarget, startOutboxRelay } from './events/outbox-relay.js';
export * from './identity/index.js';
export { newId } from './ids.js';
export * from './marketplace/index.js';
