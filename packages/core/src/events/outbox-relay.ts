import type { TrackedEvent } from '@tradeloop/schema';
import type { OltpStore } from '@tradeloop/storage';
import type { NormalizedBatch } from './ingest/validate.js';

/** What the relay hands events to: the ingestion pipeline (durable once `ingest` resolves). */
export type OutboxTarget = { ingest(batch: NormalizedBatch): Promise<unknown> };

export type OutboxRelay = {
  /** Moves every outbox row into the pipeline now; resolves with how many moved. */
  drain(): Promise<number>;
  stop(): Promise<void>;
};

/**
 * Moves server-side events from the outbox (written with the marketplace change) into the ingestion pipeline, oldest
 * first, and deletes them once the pipeline has made them durable. A crash between the two re-sends rows that the
 * pipeline dedupes by event id, so each event is stored once.
 */
export function startOutboxRelay(options: {
  store: OltpStore;
  target: OutboxTarget;
  intervalMs?: number;
  batchSize?: number;
  onError?: (error: unknown) => void;
}): OutboxRelay {
  const { store, target } = options;
  const batchSize = options.batchSize ?? 2_000;
  let running: Promise<number> | undefined;
  let stopped = false;

  const moveOnce = async (): Promise<number> => {
    const rows = await store.db
      .selectFrom('eventOutbox')
      .select(['id', 'event'])
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return 0;
    const batch: NormalizedBatch = {
      events: rows.map((r) => JSON.parse(r.event) as TrackedEvent),
      encoded: rows.map((r) => r.event),
      commands: [],
      rejected: [],
      received: rows.length,
    };
    await target.ingest(batch);
    await store.db
      .deleteFrom('eventOutbox')
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    return rows.length;
  };

  const drain = (): Promise<number> => {
    // One pass at a time: a tick and an explicit drain never move the same rows twice.
    running ??= (async () => {
      let moved = 0;
      try {
        for (let n = await moveOnce(); n > 0; n = await moveOnce()) moved += n;
      } finally {
        running = undefined;
      }
      return moved;
    })();
    return running;
  };

  const timer = setInterval(() => {
    if (!stopped) drain().catch((error: unknown) => options.onError?.(error));
  }, options.intervalMs ?? 250);
  timer.unref();

  return {
    drain,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
