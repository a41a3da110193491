import type { KeyValueStorage } from './env.js';
import type { Message } from './message.js';
import { safeGet, safeSet } from './storage.js';
import type { SendOutcome } from './transport.js';

/** Segment's limits: 32 KB per message, 500 KB per batch (kept a little under). */
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 480 * 1024;

export type RetryOptions = {
  /** First retry delay; doubles on each further failure (with jitter). Default 1000. */
  baseDelayMs?: number;
  /** Cap of the backoff delay. Default 60 000. */
  maxDelayMs?: number;
  /** Tries per batch (first send included) before it is dropped with a warning. Default 10. */
  maxAttempts?: number;
};

export type QueueOptions = {
  flushAt: number;
  flushIntervalMs: number;
  maxQueue: number;
  retry: Required<RetryOptions>;
  send: (batch: Message[]) => Promise<SendOutcome>;
  /** Where the unsent queue is kept between page loads (browsers) or processes (a durable storage in Node). */
  persist?: { storage: KeyValueStorage; key: string };
  warn: (message: string) => void;
};

const encoder = new TextEncoder();
const byteLength = (message: Message): number => encoder.encode(JSON.stringify(message)).length;

/** Exponential backoff with "equal jitter": half the delay fixed, half random, so clients do not retry in step. */
export function backoffDelay(failures: number, retry: Required<RetryOptions>, random = Math.random): number {
  const delay = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return delay / 2 + random() * (delay / 2);
}

/** Longest Retry-After the queue will wait for; a larger one is treated as this (the server may be misconfigured). */
const MAX_RETRY_AFTER_MS = 10 * 60 * 1000;

/**
 * The outgoing queue: messages wait here until a batch (flushAt messages, or whatever is queued when the interval
 * ends) is delivered. One batch is in flight at a time, so order is kept and a retrying server is not flooded.
 * Messages stay in the queue (and in the persisted copy) until the server accepted or refused them.
 */
export class MessageQueue {
  private items: Message[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private draining: Promise<void> | undefined;
  private stopped = false;
  /** Set by flush() and the interval: send everything, not only full batches. */
  private sendAll = false;
  private wake: (() => void) | undefined;
  private persistScheduled = false;
  private warnedOverflow = false;

  constructor(private readonly options: QueueOptions) {
    const stored = options.persist ? safeGet(options.persist.storage, options.persist.key) : null;
    if (stored) {
      try {
        const parsed: unknown = JSON.parse(stored);
        if (Array.isArray(parsed)) this.items = parsed.filter(isMessage).slice(-options.maxQueue);
      } catch {
        // A corrupt copy is dropped rather than blocking the tracker.
      }
      if (this.items.length > 0) this.schedule();
    }
  }

  /** Messages not yet delivered. */
  get size(): number {
    return this.items.length;
  }

  push(message: Message): void {
    if (this.stopped) {
      this.options.warn(`tracker is closed; ${message.type} message dropped`);
      return;
    }
    const bytes = byteLength(message);
    if (bytes > MAX_MESSAGE_BYTES) {
      this.options.warn(`${message.type} message of ${bytes} bytes exceeds ${MAX_MESSAGE_BYTES} bytes; dropped`);
      return;
    }
    this.items.push(message);
    const overflow = this.items.length - this.options.maxQueue;
    if (overflow > 0) {
      this.items.splice(0, overflow);
      if (!this.warnedOverflow) {
        this.warnedOverflow = true;
        this.options.warn(`queue is full (maxQueue ${this.options.maxQueue}); dropping the oldest messages`);
      }
    }
    this.schedulePersist();
    if (this.items.length >= this.options.flushAt) void this.drain();
    else this.schedule();
  }

  /** Sends everything queued; resolves when the queue is empty (delivered, refused, or out of attempts). */
  flush(): Promise<void> {
    this.clearTimer();
    this.sendAll = true;
    return this.drain();
  }

  /** Removes and returns every queued message (for delivery by sendBeacon when the page goes away). */
  takeAll(): Message[] {
    const taken = this.items;
    this.items = [];
    this.clearTimer();
    this.persistNow();
    return taken;
  }

  /** Puts messages back at the head of the queue (a hand-off that failed). */
  restore(messages: readonly Message[]): void {
    this.items = [...messages, ...this.items].slice(-this.options.maxQueue);
    this.persistNow();
    // The page may come back (a tab hidden, not closed): deliver them then.
    this.schedule();
  }

  /** Stops timers and retries; what is still queued stays in the persisted copy. */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
    this.wake?.();
    this.persistNow();
  }

  persistNow(): void {
    const persist = this.options.persist;
    if (!persist) return;
    const value = this.items.length > 0 ? JSON.stringify(this.items) : null;
    if (!safeSet(persist.storage, persist.key, value)) this.options.warn('could not persist the queue (storage full?)');
  }

  private schedulePersist(): void {
    if (!this.options.persist || this.persistScheduled) return;
    // Coalesce the writes of one task (a burst of exposures) into one serialisation.
    this.persistScheduled = true;
    queueMicrotask(() => {
      this.persistScheduled = false;
      this.persistNow();
    });
  }

  private schedule(): void {
    if (this.timer !== undefined || this.draining !== undefined || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.sendAll = true;
      void this.drain();
    }, this.options.flushIntervalMs);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private drain(): Promise<void> {
    this.clearTimer();
    this.draining ??= this.run().finally(() => {
      this.draining = undefined;
      this.sendAll = false;
      if (this.items.length > 0) this.schedule();
    });
    return this.draining;
  }

  private nextBatch(): Message[] {
    const batch: Message[] = [];
    let bytes = 0;
    for (const message of this.items) {
      if (batch.length >= this.options.flushAt) break;
      const size = byteLength(message);
      if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
      batch.push(message);
      bytes += size;
    }
    return batch;
  }

  private remove(batch: readonly Message[]): void {
    const ids = new Set(batch.map((m) => m.messageId));
    this.items = this.items.filter((m) => !ids.has(m.messageId));
    this.persistNow();
  }

  private async run(): Promise<void> {
    let failures = 0;
    // Reaching flushAt sends full batches only; the rest waits for the interval or an explicit flush.
    while (!this.stopped && this.items.length >= (this.sendAll ? 1 : this.options.flushAt)) {
      const batch = this.nextBatch();
      let outcome: SendOutcome;
      try {
        outcome = await this.options.send(batch);
      } catch (error) {
        outcome = { kind: 'retry', reason: String(error) };
      }
      if (outcome.kind === 'retry') {
        failures++;
        if (failures >= this.options.retry.maxAttempts) {
          this.options.warn(`dropping ${batch.length} messages after ${failures} attempts (${outcome.reason})`);
          this.remove(batch);
          failures = 0;
          continue;
        }
        const delay =
          outcome.retryAfterMs !== undefined
            ? Math.min(outcome.retryAfterMs, MAX_RETRY_AFTER_MS)
            : backoffDelay(failures, this.options.retry);
        await this.sleep(delay);
        continue;
      }
      if (outcome.kind === 'drop') {
        this.options.warn(`server refused ${batch.length} messages, dropped (${outcome.reason})`);
      }
      this.remove(batch);
      failures = 0;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }
}

function isMessage(value: unknown): value is Message {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<Message>;
  return typeof m.messageId === 'string' && typeof m.type === 'string' && typeof m.anonymousId === 'string';
}
