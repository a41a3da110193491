export { type Campaign, CLICK_ID_PARAMS, parseCampaign } from './campaign.js';
export type { KeyValueStorage } from './env.js';
export type { ExposureElement, ExposureOptions, ExposureRoot } from './exposure.js';
export {
  type Message,
  type MessageContext,
  type PageContext,
  type Properties,
  SDK_NAME,
  SDK_VERSION,
  type Traits,
} from './message.js';
export type { RetryOptions } from './queue.js';
export { memoryStorage } from './storage.js';
export { createTracker, type Tracker, type TrackerOptions } from './tracker.js';
export type { FetchLike } from './transport.js';
