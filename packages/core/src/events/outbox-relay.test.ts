import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, openDuckDbEventStore } from '@tradeloop/storage';
import { oltpTestTargets } from '@tradeloop/storage/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../marketplace/context.js';
import { IngestPipeline } from './ingest/pipeline.js';
import { recordServerEvent } from './outbox.js';
import { startOutboxRelay } from './outbox-relay.js';

describe.each(oltpTestTargets())('outbox relay on $dialect', ({ dialect, skipReason, open }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  let dir: string;
  let events: EventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tl-outbox-'));
    events = await openDuckDbEventStore(':memory:');
  });
  afterEach(async () => {
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(skipReason !== '')(
    'moves committed events into the event store once, and rolled-back ones never',
    async () => {
      const store = await open();
      const pipeline = await IngestPipeline.open({ dataDir: dir, store: events, maxBatchDelayMs: 10 });
      const relay = startOutboxRelay({ store, target: pipeline, intervalMs: 60_000 });
      try {
        const deps = { store, clock: () => new Date() };
        const at = new Date().toISOString();
        for (let i = 0; i < 3; i++) {
          await inTransaction(deps, (trx) =>
            recordServerEvent(trx, {
              event: 'order_paid',
              organizationId: 'org_b',
              actor: { kind: 'system' },
              properties: { orderId: `ord_${i}`, total: 100 * i },
              at,
            }),
          );
        }
        // A transaction that fails takes its event with it.
        await expect(
          inTransaction(deps, async (trx) => {
            await recordServerEvent(trx, {
              event: 'order_paid',
              organizationId: 'org_b',
              actor: { kind: 'system' },
              properties: { orderId: 'ord_rolled_back', total: 1 },
              at,
            });
            throw new Error('refused');
          }),
        ).rejects.toThrow('refused');

        const pending = await store.db.selectFrom('eventOutbox').selectAll().execute();
        expect(pending).toHaveLength(3);
        expect(await relay.drain()).toBe(3);
        await pipeline.drain();
        const stored = await events.find({ organizationId: 'org_b' });
        expect(stored.map((e) => e.properties.orderId).sort()).toEqual(['ord_0', 'ord_1', 'ord_2']);
        expect(stored.every((e) => e.sourceId === 'server' && e.distinctId === 'org:org_b')).toBe(true);
        expect(await store.db.selectFrom('eventOutbox').selectAll().execute()).toEqual([]);

        // A relay that crashed after the pipeline acknowledged but before deleting re-sends: stored once all the same.
        await pipeline.ingest({
          events: pending.map((r) => JSON.parse(r.event)),
          encoded: pending.map((r) => r.event),
          commands: [],
          rejected: [],
          received: pending.length,
        });
        await pipeline.drain();
        expect(await events.count({ organizationId: 'org_b' })).toBe(3);
      } finally {
        await relay.stop();
        await pipeline.close();
        await store.close();
      }
    },
  );
});
