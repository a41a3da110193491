import { join } from 'node:path';
import type { IdentityCommand, TrackedEvent } from '@tradeloop/schema';
import type { EventStore } from '@tradeloop/storage';
import { RecentIds } from './dedupe.js';
import type { NormalizedBatch, PendingCommand } from './validate.js';
import { type RecoveryReport, recoverWal, type WalOptions, type WalPosition, WriteAheadLog } from './wal.js';
import { lockWal } from './wal-lock.js';

/**
 * Where identity commands go (implemented by the identity service). Called by the applier in WAL order, after the
 * events of the same records were appended to the event store and before the checkpoint moves past them, with one
 * entry per WAL record and the position just after it. After a crash, records after the last checkpoint are delivered
 * again (possibly batched differently), so the sink remembers the highest position it applied, in the same
 * transaction as the changes, and skips records at or before it: increments and appends are never doubled.
 */
export type IdentitySink = {
  applyRecords(records: readonly { position: WalPosition; commands: readonly IdentityCommand[] }[]): Promise<unknown>;
};

/** The pino-style logger subset the pipeline uses (Fastify's `app.log` fits). */
export type PipelineLogger = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

export type PipelineOptions = {
  /** The WAL lives in `<dataDir>/wal/`. */
  dataDir: string;
  store: EventStore;
  identity?: IdentitySink | undefined;
  logger?: PipelineLogger | undefined;
  /** Ids remembered for dedupe (default 1 000 000: the last 500 000 ids at least; see RecentIds). */
  dedupeCapacity?: number;
  /** The applier appends at most this many events per store append (default 50 000). */
  maxBatchEvents?: number;
  /** ...and waits at most this long for a batch to fill (default 200 ms). */
  maxBatchDelayMs?: number;
  /** Acknowledged events not yet in the store above which requests are refused with 503 (default 500 000). */
  maxBacklogEvents?: number;
  wal?: Omit<WalOptions, 'dir'>;
};

/** Thrown when the backlog is over its bound: answer 503 with Retry-After. */
export class IngestOverloaded extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('ingestion backlog is full; retry later');
    this.name = 'IngestOverloaded';
  }
}

/** Thrown once the pipeline is closing or its WAL failed: answer 503. */
export class IngestUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IngestUnavailable';
  }
}

export type IngestOutcome = { stored: number; duplicates: number; commands: number };

export type PipelineStats = {
  wal: WriteAheadLog['stats'];
  backlogEvents: number;
  appliedEvents: number;
  duplicates: number;
  replayedEvents: number;
  applyErrors: number;
  checkpoint: WalPosition | null;
  recovery: RecoveryReport;
};

/** One WAL record on its way to the store. `end` is set once it is durable; `replay` means check the store first. */
type Entry = {
  seq: number;
  events: TrackedEvent[];
  commands: IdentityCommand[];
  end: WalPosition | null;
  durableAt: number;
  replay: boolean;
};

type WalRecord = { e?: TrackedEvent[]; c?: IdentityCommand[] };

/**
 * The WAL record `{"e":[<event JSON>,...],"c":<commands JSON>}` as UTF-8, written part by part into one buffer of the
 * exact size: joining the (often two-byte) event texts into one string first would copy them twice more before encoding.
 */
function encodeRecord(encoded: readonly string[], commandsJson: string): Buffer {
  let bytes = '{"e":['.length + Math.max(0, encoded.length - 1) + '],"c":'.length + Buffer.byteLength(commandsJson) + 1;
  for (const text of encoded) bytes += Buffer.byteLength(text);
  const out = Buffer.allocUnsafe(bytes);
  let at = out.write('{"e":[', 0, 'latin1');
  for (let i = 0; i < encoded.length; i++) {
    if (i > 0) out[at++] = 0x2c; // ,
    at += out.write(encoded[i] as string, at);
  }
  at += out.write('],"c":', at, 'latin1');
  at += out.write(commandsJson, at);
  out[at++] = 0x7d; // }
  // Byte counts and writes use the same UTF-8 encoder, so this holds; were it ever not to, take the plain way.
  if (at !== bytes) return Buffer.from(`{"e":[${encoded.join(',')}],"c":${commandsJson}}`);
  return out;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Ingestion's durable path: dedupe → WAL (group commit; the caller's promise resolves after the fsync covering its
 * record) → applier (batches into the EventStore, hands identity commands to the sink, checkpoints, deletes applied
 * segments). Opening it recovers: the WAL tail after the last checkpoint is replayed, skipping ids already stored, so
 * every acknowledged event is stored exactly once after a crash.
 *
 * @example
 * const pipeline = await IngestPipeline.open({ dataDir: './data', store: await openDuckDbEventStore(':memory:') });
 * await pipeline.ingest(normalizeSegmentBatch(body, ctx)); // durable once this resolves
 * await pipeline.close();
 */
export class IngestPipeline {
  private readonly queue: Entry[] = [];
  private readonly recent: RecentIds;
  private readonly maxBatchEvents: number;
  private readonly maxBatchDelayMs: number;
  private readonly maxBacklogEvents: number;
  private backlogEvents = 0;
  private appliedEvents = 0;
  private duplicates = 0;
  private replayedEvents = 0;
  private applyErrors = 0;
  private lastCheckpoint: WalPosition | null;
  private nextSeq = 1;
  private appliedSeq = 0;
  private drainWaiters: { seq: number; resolve: () => void }[] = [];
  private urgent = 0;
  private closing = false;
  private stopped = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> = Promise.resolve();
  private unlock: () => Promise<void> = async () => undefined;

  private constructor(
    private readonly options: PipelineOptions,
    private readonly wal: WriteAheadLog,
    private readonly recovery: RecoveryReport,
  ) {
    this.recent = new RecentIds(options.dedupeCapacity);
    this.maxBatchEvents = options.maxBatchEvents ?? 50_000;
    this.maxBatchDelayMs = options.maxBatchDelayMs ?? 200;
    this.maxBacklogEvents = options.maxBacklogEvents ?? 500_000;
    this.lastCheckpoint = recovery.checkpoint;
  }

  /** Recovers the WAL in `<dataDir>/wal/` (replaying its tail into the store) and starts the applier. */
  static async open(options: PipelineOptions): Promise<IngestPipeline> {
    const dir = join(options.dataDir, 'wal');
    // One process per WAL: a second one (an import while the server runs on this data directory) is refused.
    const unlock = await lockWal(dir);
    try {
      return await IngestPipeline.openLocked(options, dir, unlock);
    } catch (err) {
      await unlock();
      throw err;
    }
  }

  private static async openLocked(
    options: PipelineOptions,
    dir: string,
    unlock: () => Promise<void>,
  ): Promise<IngestPipeline> {
    const replayed: { events: TrackedEvent[]; commands: IdentityCommand[]; end: WalPosition }[] = [];
    const report = await recoverWal(dir, (payload, end) => {
      if (payload.length === 0) return; // a barrier record
      try {
        const record = JSON.parse(payload.toString('utf8')) as WalRecord;
        replayed.push({ events: record.e ?? [], commands: record.c ?? [], end });
      } catch (err) {
        // The CRC matched, so this was written like this: skip it rather than refuse to start.
        options.logger?.error({ err, end }, 'unreadable WAL record skipped');
      }
    });
    for (const t of report.truncated) {
      options.logger?.warn(
        t,
        'WAL segment had a torn or corrupt tail: truncated (those records were never acknowledged)',
      );
    }
    const wal = await WriteAheadLog.open({ dir, ...(options.wal ?? {}) }, report.lastSegment);
    const pipeline = new IngestPipeline(options, wal, report);
    pipeline.unlock = unlock;
    const now = Date.now();
    for (const r of replayed) {
      for (const e of r.events) pipeline.recent.add(e.eventId);
      pipeline.replayedEvents += r.events.length;
      pipeline.backlogEvents += Math.max(1, r.events.length);
      pipeline.queue.push({
        seq: pipeline.nextSeq++,
        events: r.events,
        commands: r.commands,
        end: r.end,
        durableAt: now,
        replay: true,
      });
    }
    if (replayed.length) {
      options.logger?.info({ records: replayed.length, events: pipeline.replayedEvents }, 'replaying the WAL tail');
    }
    // The tail is applied in the background (call drain() to wait): a slow store must not delay accepting events.
    pipeline.loop = pipeline.run();
    return pipeline;
  }

  /** True when new requests should be refused with 503 (backlog over its bound). */
  get overloaded(): boolean {
    return this.backlogEvents >= this.maxBacklogEvents;
  }

  /**
   * Makes the batch's new events (and identity commands) durable: resolves once the WAL record holding them is
   * fsync'd. Ids seen recently are counted as duplicates and not written again.
   */
  async ingest(batch: NormalizedBatch): Promise<IngestOutcome> {
    if (this.closing) throw new IngestUnavailable('ingestion is shutting down');
    if (this.overloaded) throw new IngestOverloaded(1);
    const { events, encoded } = batch;
    let keptEvents = events;
    let keptEncoded = encoded;
    let copying = false;
    for (let i = 0; i < events.length; i++) {
      const id = (events[i] as TrackedEvent).eventId;
      // `add` is false for ids seen before and for a repeat within this request (its first occurrence is kept).
      if (this.recent.add(id)) {
        if (copying) {
          keptEvents.push(events[i] as TrackedEvent);
          keptEncoded.push(encoded[i] as string);
        }
      } else if (!copying) {
        // First duplicate: start copying the kept ones (the common case, no duplicates, copies nothing).
        copying = true;
        keptEvents = events.slice(0, i);
        keptEncoded = encoded.slice(0, i);
      }
    }
    const duplicates = events.length - keptEvents.length;
    this.duplicates += duplicates;
    const keptIds = !copying ? null : new Set(keptEvents.map((e) => e.eventId));
    const commands: IdentityCommand[] = [];
    for (const c of batch.commands as PendingCommand[]) {
      if (c.eventId === null || keptIds === null || keptIds.has(c.eventId)) commands.push(c.command);
    }
    if (keptEvents.length === 0 && commands.length === 0) {
      // Acknowledge a repeat only once whatever it repeats is durable too.
      await this.wal.barrier();
      return { stored: 0, duplicates, commands: 0 };
    }
    const payload = encodeRecord(keptEncoded, JSON.stringify(commands));
    const entry: Entry = {
      seq: this.nextSeq++,
      events: keptEvents,
      commands,
      end: null,
      durableAt: 0,
      replay: false,
    };
    // Queued before the await so the applier sees records in WAL order; it only takes the durable prefix.
    this.queue.push(entry);
    this.backlogEvents += Math.max(1, keptEvents.length);
    try {
      entry.end = await this.wal.append(payload);
    } catch (err) {
      const i = this.queue.indexOf(entry);
      if (i >= 0) this.queue.splice(i, 1);
      this.backlogEvents -= Math.max(1, keptEvents.length);
      for (const e of keptEvents) this.recent.delete(e.eventId);
      this.kick();
      throw new IngestUnavailable(`the write-ahead log failed: ${(err as Error).message}`);
    }
    entry.durableAt = Date.now();
    this.kick();
    return { stored: keptEvents.length, duplicates, commands: commands.length };
  }

  /** Resolves once everything acknowledged before this call is in the event store (and checkpointed). */
  drain(): Promise<void> {
    const last = this.queue[this.queue.length - 1];
    if (!last) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.drainWaiters.push({ seq: last.seq, resolve });
      this.urgent++;
      this.kick();
    });
  }

  stats(): PipelineStats {
    return {
      wal: { ...this.wal.stats },
      backlogEvents: this.backlogEvents,
      appliedEvents: this.appliedEvents,
      duplicates: this.duplicates,
      replayedEvents: this.replayedEvents,
      applyErrors: this.applyErrors,
      checkpoint: this.lastCheckpoint,
      recovery: this.recovery,
    };
  }

  /** Stops accepting, applies everything acknowledged, checkpoints and closes the WAL (the store stays open). */
  async close(): Promise<void> {
    if (this.stopped) return;
    this.closing = true;
    this.kick();
    await this.loop;
    this.stopped = true;
    await this.wal.close();
    await this.unlock();
  }

  /** Test hook for a crash (kill -9): stop the applier and the WAL where they are, applying and checkpointing nothing. */
  abandon(): void {
    this.closing = true;
    this.stopped = true;
    this.wal.abandon();
    this.kick();
  }

  private kick(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private sleepUntilKick(ms?: number): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | null = null;
      this.wake = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
      if (ms !== undefined) {
        timer = setTimeout(() => {
          this.wake = null;
          resolve();
        }, ms);
      }
    });
  }

  /** The durable prefix of the queue, up to maxBatchEvents events (at least one record). */
  private readyPrefix(): { count: number; events: number } {
    let count = 0;
    let events = 0;
    for (const entry of this.queue) {
      if (entry.end === null) break;
      if (count > 0 && events + entry.events.length > this.maxBatchEvents) break;
      count++;
      events += entry.events.length;
    }
    return { count, events };
  }

  private async run(): Promise<void> {
    let backoff = 100;
    for (;;) {
      if (this.stopped) return;
      const ready = this.readyPrefix();
      if (ready.count === 0) {
        if (this.closing && this.queue.length === 0) return;
        await this.sleepUntilKick();
        continue;
      }
      const first = this.queue[0] as Entry;
      const full = ready.events >= this.maxBatchEvents || ready.count < this.queue.length;
      if (!full && !this.closing && this.urgent === 0) {
        const wait = first.durableAt + this.maxBatchDelayMs - Date.now();
        if (wait > 0) {
          await this.sleepUntilKick(wait);
          continue;
        }
      }
      const entries = this.queue.slice(0, ready.count);
      try {
        await this.apply(entries);
        backoff = 100;
      } catch (err) {
        if (this.stopped) return;
        this.applyErrors++;
        // Whatever part of the batch reached the store is skipped by the replay check on the retry.
        for (const e of entries) e.replay = true;
        this.options.logger?.error({ err }, 'applying ingested events failed; retrying');
        if (this.closing) return; // leave it in the WAL: the next start replays it
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 5_000);
        continue;
      }
      if (this.stopped) return;
      this.queue.splice(0, entries.length);
      let events = 0;
      for (const e of entries) events += Math.max(1, e.events.length);
      this.backlogEvents -= events;
      this.appliedSeq = (entries[entries.length - 1] as Entry).seq;
      this.resolveDrains();
    }
  }

  private resolveDrains(): void {
    if (this.drainWaiters.length === 0) return;
    const still: typeof this.drainWaiters = [];
    for (const w of this.drainWaiters) {
      if (w.seq <= this.appliedSeq) {
        this.urgent--;
        w.resolve();
      } else still.push(w);
    }
    this.drainWaiters = still;
  }

  private async apply(entries: Entry[]): Promise<void> {
    const { store, identity } = this.options;
    let events: TrackedEvent[] = [];
    const records: { position: WalPosition; commands: IdentityCommand[] }[] = [];
    const toCheck: string[] = [];
    for (const e of entries) {
      if (e.replay) for (const ev of e.events) toCheck.push(ev.eventId);
      for (const ev of e.events) events.push(ev);
      if (e.commands.length) records.push({ position: e.end as WalPosition, commands: e.commands });
    }
    if (toCheck.length) {
      const existing = new Set<string>();
      for (let i = 0; i < toCheck.length; i += 10_000) {
        for (const id of await store.existingEventIds(toCheck.slice(i, i + 10_000))) existing.add(id);
      }
      if (existing.size) events = events.filter((ev) => !existing.has(ev.eventId));
    }
    if (this.stopped) throw new Error('stopped');
    if (events.length) await store.append(events);
    const end = (entries[entries.length - 1] as Entry).end as WalPosition;
    if (identity && records.length) await identity.applyRecords(records);
    if (this.stopped) throw new Error('stopped');
    await this.wal.checkpoint(end);
    this.lastCheckpoint = end;
    this.appliedEvents += events.length;
  }
}
