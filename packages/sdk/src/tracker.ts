import { type Campaign, parseCampaign } from './campaign.js';
import { env, inBrowser, type KeyValueStorage, webStorage } from './env.js';
import { type ExposureOptions, type ExposureRoot, observeExposures } from './exposure.js';
import {
  type Message,
  type MessageContext,
  type PageContext,
  type Properties,
  pageContext,
  staticContext,
  type Traits,
} from './message.js';
import { MessageQueue, type RetryOptions } from './queue.js';
import { memoryStorage, safeGet, safeSet } from './storage.js';
import { batchBody, type FetchLike, postBatch, sendOnUnload } from './transport.js';
import { uuidv4 } from './uuid.js';

export type TrackerOptions = {
  /** The source's write key. */
  writeKey: string;
  /** Base URL of the Tradeloop server, e.g. `https://track.example.com`; messages go to `{host}/v1/batch`. */
  host: string;
  /** Send as soon as this many messages are queued (and at most this many per request). Default 20. */
  flushAt?: number;
  /** Send whatever is queued this long after the first message arrived. Default 5000. */
  flushIntervalMs?: number;
  /** Keep at most this many undelivered messages; the oldest are dropped beyond it. Default 1000. */
  maxQueue?: number;
  /**
   * Where the anonymous id, user id, group id, campaign and unsent queue are kept. Default: localStorage (and
   * sessionStorage for the campaign) in browsers, memory in Node.
   */
  storage?: KeyValueStorage;
  /** The fetch to use. Default: globalThis.fetch. */
  fetch?: FetchLike;
  retry?: RetryOptions;
  /** Abort a request that has not been answered after this long (then retry). Default 10 000. */
  requestTimeoutMs?: number;
  /** Receives warnings (dropped messages, refused batches). Default: console.warn. */
  onWarning?: (message: string) => void;
};

/** The tracking client returned by createTracker. Calls queue a message and return at once. */
export type Tracker = {
  /** Ties the visitor to a user id (kept for later messages) and records traits. */
  identify(userId: string, traits?: Traits): void;
  /** Ties the user to an organisation (kept, and sent as context.groupId on later messages). */
  group(groupId: string, traits?: Traits): void;
  /** Records a page view; url, path, title, referrer and search are added to the properties in browsers. */
  page(name?: string, properties?: Properties): void;
  /** Records an event, e.g. `track('add_to_cart', { productId, quantity })`. */
  track(event: string, properties?: Properties): void;
  /** Links a new user id to the previous id (default: the current user id, else the anonymous id). */
  alias(userId: string, previousId?: string): void;
  /** Forgets the user and group and starts a new anonymous id (on logout). */
  reset(): void;
  /** Sends everything queued; resolves once it was delivered, refused by the server, or given up after retries. */
  flush(): Promise<void>;
  /**
   * Flushes, then stops timers and page listeners. Gives up after `timeoutMs` (default 10 000); undelivered messages
   * stay in the persisted queue.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
  /**
   * Sends one `exposure` event per element carrying `data-tl-product-id` once it has been at least `threshold`
   * visible for `minVisibleMs`, once per element per page view. Returns a function that stops observing.
   */
  observeExposures(root: ExposureRoot, options?: ExposureOptions): () => void;
  /** The identity messages are currently sent with. */
  user(): { anonymousId: string; userId: string | null; groupId: string | null };
  /** Number of messages not yet delivered. */
  queued(): number;
};

const KEY_ANONYMOUS_ID = 'tl.anonymousId';
const KEY_USER_ID = 'tl.userId';
const KEY_GROUP_ID = 'tl.groupId';
const KEY_CAMPAIGN = 'tl.campaign';
/** sendBeacon and keepalive fetch share a 64 KB budget per page: chunks stay well under it. */
const UNLOAD_CHUNK_BYTES = 48 * 1024;

function positiveInt(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 1) throw new RangeError(`${name} must be a positive number`);
  return Math.floor(value);
}

/**
 * Creates a tracker that queues Segment-spec messages and posts them in batches to `{host}/v1/batch`.
 *
 * @example
 * import { createTracker } from '@tradeloop/sdk';
 * const tracker = createTracker({ writeKey: 'wk_...', host: 'https://track.example.com' });
 * tracker.page();
 * tracker.identify('user_42', { email: 'buyer@example.com' });
 * tracker.track('add_to_cart', { productId: 'prd_1', quantity: 10 });
 * tracker.observeExposures(document, { slot: 'search' });
 * await tracker.flush(); // Node: wait for delivery
 */
export function createTracker(options: TrackerOptions): Tracker {
  if (!options.writeKey) throw new TypeError('writeKey is required');
  if (!/^https?:\/\//i.test(options.host)) throw new TypeError('host must be an http(s) URL');
  const endpoint = `${options.host.replace(/\/+$/, '')}/v1/batch`;
  const fetchFn: FetchLike | undefined =
    options.fetch ?? (typeof fetch === 'function' ? (fetch.bind(globalThis) as FetchLike) : undefined);
  const warn = options.onWarning ?? ((message: string) => console.warn(`[@tradeloop/sdk] ${message}`));
  const browser = inBrowser();
  const storage = options.storage ?? webStorage('localStorage') ?? memoryStorage();
  // The landing campaign lasts for the browser session (tab), like the session it attributes.
  const sessionStorage = options.storage ?? webStorage('sessionStorage') ?? memoryStorage();
  const flushAt = positiveInt(options.flushAt, 20, 'flushAt');
  const requestTimeoutMs = positiveInt(options.requestTimeoutMs, 10_000, 'requestTimeoutMs');

  const queue = new MessageQueue({
    flushAt,
    flushIntervalMs: positiveInt(options.flushIntervalMs, 5000, 'flushIntervalMs'),
    maxQueue: positiveInt(options.maxQueue, 1000, 'maxQueue'),
    retry: {
      baseDelayMs: options.retry?.baseDelayMs ?? 1000,
      maxDelayMs: options.retry?.maxDelayMs ?? 60_000,
      maxAttempts: positiveInt(options.retry?.maxAttempts, 10, 'retry.maxAttempts'),
    },
    send: async (batch) => {
      if (!fetchFn) return { kind: 'retry', reason: 'no fetch available' };
      return postBatch(fetchFn, endpoint, options.writeKey, batchBody(batch, options.writeKey), requestTimeoutMs);
    },
    persist: { storage, key: `tl.queue.${options.writeKey}` },
    warn,
  });

  let anonymousId = safeGet(storage, KEY_ANONYMOUS_ID) ?? '';
  if (!anonymousId) {
    anonymousId = uuidv4();
    safeSet(storage, KEY_ANONYMOUS_ID, anonymousId);
  }
  let userId = safeGet(storage, KEY_USER_ID);
  let groupId = safeGet(storage, KEY_GROUP_ID);

  let campaign: Campaign | undefined;
  const landing = browser ? parseCampaign(env.window!.location.search) : undefined;
  if (landing) {
    campaign = landing;
    safeSet(sessionStorage, KEY_CAMPAIGN, JSON.stringify(landing));
  } else {
    try {
      const stored = safeGet(sessionStorage, KEY_CAMPAIGN);
      campaign = stored ? (JSON.parse(stored) as Campaign) : undefined;
    } catch {
      campaign = undefined;
    }
  }

  const fixedContext = staticContext();
  let pageView = 0;
  let closed = false;

  function enqueue(fields: Omit<Message, 'messageId' | 'timestamp' | 'anonymousId' | 'context'>): void {
    if (closed) {
      warn(`tracker is closed; ${fields.type} message dropped`);
      return;
    }
    const context: MessageContext = { ...fixedContext };
    const page = pageContext();
    if (page) context.page = page;
    if (campaign) context.campaign = { ...campaign };
    if (groupId) context.groupId = groupId;
    const message: Message = {
      ...fields,
      messageId: uuidv4(),
      timestamp: new Date().toISOString(),
      anonymousId,
      context,
    };
    if (userId && message.userId === undefined) message.userId = userId;
    queue.push(message);
  }

  function onPageHide(): void {
    if (queue.size === 0) return;
    const unsent: Message[] = [];
    let chunk: Message[] = [];
    let chunkBytes = 0;
    const sendChunk = () => {
      if (chunk.length > 0 && !sendOnUnload(fetchFn, endpoint, batchBody(chunk, options.writeKey)))
        unsent.push(...chunk);
      chunk = [];
      chunkBytes = 0;
    };
    for (const message of queue.takeAll()) {
      // JSON length approximates bytes; the margin covers sentAt, writeKey and multi-byte characters in most pages.
      const bytes = JSON.stringify(message).length + 1;
      if (chunk.length > 0 && chunkBytes + bytes > UNLOAD_CHUNK_BYTES) sendChunk();
      chunk.push(message);
      chunkBytes += bytes;
    }
    sendChunk();
    // Whatever the browser would not take stays persisted, for the next page load.
    if (unsent.length > 0) queue.restore(unsent);
  }
  const onVisibilityChange = () => {
    if (env.document?.visibilityState === 'hidden') onPageHide();
  };
  if (browser) {
    env.window!.addEventListener('pagehide', onPageHide);
    env.document!.addEventListener('visibilitychange', onVisibilityChange);
  }

  const tracker: Tracker = {
    identify(id, traits) {
      userId = String(id);
      safeSet(storage, KEY_USER_ID, userId);
      enqueue({ type: 'identify', userId, traits: { ...traits } });
    },
    group(id, traits) {
      groupId = String(id);
      safeSet(storage, KEY_GROUP_ID, groupId);
      enqueue({ type: 'group', groupId, traits: { ...traits } });
    },
    page(name, properties) {
      pageView++;
      const page: Partial<PageContext> = pageContext() ?? {};
      const fields: Omit<Message, 'messageId' | 'timestamp' | 'anonymousId' | 'context'> = {
        type: 'page',
        properties: { ...page, ...(name === undefined ? {} : { name }), ...properties },
      };
      if (name !== undefined) fields.name = name;
      enqueue(fields);
    },
    track(event, properties) {
      enqueue({ type: 'track', event, properties: { ...properties } });
    },
    alias(newUserId, previousId) {
      enqueue({ type: 'alias', userId: String(newUserId), previousId: previousId ?? userId ?? anonymousId });
    },
    reset() {
      userId = null;
      groupId = null;
      anonymousId = uuidv4();
      safeSet(storage, KEY_USER_ID, null);
      safeSet(storage, KEY_GROUP_ID, null);
      safeSet(storage, KEY_ANONYMOUS_ID, anonymousId);
    },
    flush() {
      return queue.flush();
    },
    async close(closeOptions) {
      if (closed) return;
      if (browser) {
        env.window!.removeEventListener('pagehide', onPageHide);
        env.document!.removeEventListener('visibilitychange', onVisibilityChange);
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, closeOptions?.timeoutMs ?? 10_000);
      });
      await Promise.race([queue.flush(), timeout]);
      clearTimeout(timer);
      closed = true;
      queue.stop();
    },
    observeExposures(root, exposureOptions) {
      return observeExposures(root, exposureOptions ?? {}, {
        pageView: () => pageView,
        emit: (properties) => tracker.track('exposure', properties),
      });
    },
    user() {
      return { anonymousId, userId, groupId };
    },
    queued() {
      return queue.size;
    },
  };
  return tracker;
}
