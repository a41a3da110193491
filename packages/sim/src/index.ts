export { type BuyerTruth, type RfqTruth, SEGMENTS, type SegmentDef, type SegmentKey } from './behaviour.js';
export { CHANNELS, type Channel, type ChannelKey } from './channels.js';
export {
  DEFAULT_END,
  LOCALES,
  type ResolvedOptions,
  resolveOptions,
  SCALE_PARAMS,
  SCALES,
  type SimLocale,
  type SimScale,
  Simulation,
  type SimulationOptions,
  simulate,
} from './generate.js';
export { type MarketOp, SERVER_EVENTS, type SegmentOut, type SimItem } from './items.js';
export {
  type LoadMode,
  type LoadOptions,
  type LoadProgress,
  type LoadReport,
  type LoadTarget,
  loadSimulation,
} from './load.js';
export { OUT_FILES, type WriteResult, writeSimulation, writeTruth } from './out.js';
export { hashString, Rng } from './rng.js';
export { channelSpend, type SimSpendRow } from './spend.js';
export type { Truth, TruthSummary } from './truth.js';
export type { SimCategory, SimContact, SimCoupon, SimOrganization, SimProduct, SupplierQuality } from './world.js';
