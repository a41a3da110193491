export { CLICK_ID_PARAMS, channelFromUrl, type UrlChannel, urlPath } from './channel.js';
export { RecentIds } from './dedupe.js';
export { normalizeSegmentBatch, normalizeSegmentCall, RequestRejected } from './normalize-segment.js';
export { decodeSensorsData, normalizeSensorsRecords, SENSORS_MAX_DECODED_BYTES } from './normalize-sensors.js';
export {
  type IdentitySink,
  type IngestOutcome,
  IngestOverloaded,
  IngestPipeline,
  IngestUnavailable,
  type PipelineLogger,
  type PipelineOptions,
  type PipelineStats,
} from './pipeline.js';
export { DEFAULT_SOURCE_NAME, newWriteKey, SourcesService } from './sources.js';
export {
  EventRejected,
  type IngestContext,
  MAX_FUTURE_MS,
  type NormalizedBatch,
  type PendingCommand,
} from './validate.js';
export {
  comparePositions,
  type RecoveryReport,
  readCheckpoint,
  recoverWal,
  type WalOptions,
  type WalPosition,
  WriteAheadLog,
} from './wal.js';
export { lockWal, WalLocked, walOwner } from './wal-lock.js';
