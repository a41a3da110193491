import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  unlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IdentityCommand } from '@tradeloop/schema';
import { type EventStore, openDuckDbEventStore } from '@tradeloop/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeSegmentBatch } from './normalize-segment.js';
import { type IdentitySink, IngestOverloaded, IngestPipeline } from './pipeline.js';
import type { IngestContext } from './validate.js';
import type { WalPosition } from './wal.js';

const ctx = (): IngestContext => {
  const now = Date.now();
  return { sourceId: 'src_t', receivedMs: now, receivedAt: new Date(now).toISOString(), ip: null, userAgent: null };
};

const batchOf = (ids: string[], extra: Record<string, unknown>[] = []) =>
  normalizeSegmentBatch(
    {
      batch: [
        ...ids.map((id) => ({
          type: 'track',
          event: 'search',
          anonymousId: `a_${id}`,
          messageId: id,
          properties: { query: id },
        })),
        ...extra,
      ],
    },
    ctx(),
  );

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** A test double of the identity service's port: records what it is given. */
class RecordingSink implements IdentitySink {
  readonly calls: { commands: readonly IdentityCommand[]; position: WalPosition }[] = [];
  async applyRecords(
    records: readonly { position: WalPosition; commands: readonly IdentityCommand[] }[],
  ): Promise<void> {
    for (const r of records) this.calls.push(r);
  }
  get commands() {
    return this.calls.flatMap((c) => c.commands);
  }
}

describe('IngestPipeline over DuckDB', () => {
  let dir: string;
  let store: EventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tl-ingest-'));
    store = await openDuckDbEventStore(':memory:');
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (extra: Partial<Parameters<typeof IngestPipeline.open>[0]> = {}) =>
    IngestPipeline.open({ dataDir: dir, store, maxBatchDelayMs: 20, ...extra });

  it('stores acknowledged events once, dedupes messageIds and hands identity commands over in order', async () => {
    const sink = new RecordingSink();
    const p = await open({ identity: sink });
    const first = await p.ingest(
      batchOf(ids('e', 10), [{ type: 'identify', userId: 'u1', anonymousId: 'a_e0', messageId: 'idf1' }]),
    );
    expect(first).toEqual({ stored: 11, duplicates: 0, commands: 1 });
    // A repeat of the same messageIds (and one repeated inside the request) is acknowledged, not stored again.
    const again = await p.ingest(batchOf(['e1', 'e2', 'n1', 'n1']));
    expect(again).toEqual({ stored: 1, duplicates: 3, commands: 0 });
    const identifyAgain = await p.ingest(batchOf([], [{ type: 'identify', userId: 'u1', messageId: 'idf1' }]));
    expect(identifyAgain).toEqual({ stored: 0, duplicates: 1, commands: 0 });
    await p.drain();
    expect(await store.count({})).toBe(12);
    expect(sink.commands).toEqual([expect.objectContaining({ kind: 'identify', userId: 'u1', anonymousId: 'a_e0' })]);
    expect(p.stats().checkpoint).not.toBeNull();
    await p.close();
  });

  it('group commit: concurrent requests share fsyncs, and none is acknowledged before the fsync covering it', async () => {
    const p = await open({ wal: { commitDelayMs: 5 } });
    const syncsAtAck: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        p.ingest(batchOf(ids(`g${i}_`, 20))).then((r) => {
          syncsAtAck.push(p.stats().wal.syncs);
          return r;
        }),
      ),
    );
    expect(results.every((r) => r.stored === 20)).toBe(true);
    const { wal } = p.stats();
    expect(wal.records).toBe(40);
    expect(wal.syncs).toBeGreaterThan(0);
    expect(wal.syncs).toBeLessThan(40);
    // Every ack happened after at least one fsync, and the bytes acknowledged are on disk (file size covers them).
    expect(Math.min(...syncsAtAck)).toBeGreaterThan(0);
    const segments = readdirSync(join(dir, 'wal')).filter((n) => n.endsWith('.wal'));
    const onDisk = segments.reduce((n, s) => n + statSync(join(dir, 'wal', s)).size, 0);
    expect(onDisk).toBeGreaterThanOrEqual(wal.bytes);
    await p.drain();
    expect(await store.count({})).toBe(800);
    await p.close();
  });

  it('crash before apply: every acknowledged event is stored exactly once after reopening', async () => {
    const sink = new RecordingSink();
    const p1 = await open({ maxBatchDelayMs: 60_000, identity: sink });
    await p1.ingest(batchOf(ids('c', 100), [{ type: 'alias', userId: 'u9', previousId: 'a9', messageId: 'al1' }]));
    await p1.ingest(batchOf(ids('d', 50)));
    p1.abandon(); // kill -9: nothing applied, nothing checkpointed
    expect(await store.count({})).toBe(0);

    const p2 = await open({ identity: sink });
    expect(p2.stats().replayedEvents).toBe(151);
    await p2.drain();
    expect(await store.count({})).toBe(151);
    expect(sink.commands.filter((c) => c.kind === 'alias')).toHaveLength(1);
    // Replayed ids are known to the dedupe window again.
    expect(await p2.ingest(batchOf(['c0', 'd49']))).toMatchObject({ stored: 0, duplicates: 2 });
    await p2.close();

    const p3 = await open();
    expect(p3.stats().replayedEvents).toBe(0);
    await p3.close();
    expect(await store.count({})).toBe(151);
  });

  it('crash after apply but before checkpoint: the replay skips ids the store already has', async () => {
    const p1 = await open();
    await p1.ingest(batchOf(ids('x', 30)));
    await p1.drain();
    await p1.ingest(batchOf(ids('y', 20)));
    p1.abandon();
    // Forget the checkpoint: the whole segment is replayed, 30 of its events are already stored.
    unlinkSync(join(dir, 'wal', 'checkpoint.json'));
    const p2 = await open();
    expect(p2.stats().replayedEvents).toBe(50);
    await p2.drain();
    expect(await store.count({})).toBe(50);
    const stored = await store.find({}, { limit: 100 });
    expect(new Set(stored.map((e) => e.eventId)).size).toBe(50);
    await p2.close();
  });

  it('a torn tail is detected by its framing and dropped; the records before it are replayed', async () => {
    const p1 = await open({ maxBatchDelayMs: 60_000 });
    await p1.ingest(batchOf(ids('t', 5)));
    await p1.ingest(batchOf(ids('u', 7)));
    p1.abandon();
    const walDir = join(dir, 'wal');
    const segment = join(
      walDir,
      readdirSync(walDir)
        .filter((n) => n.endsWith('.wal'))
        .sort()
        .at(-1) as string,
    );
    const size = statSync(segment).size;
    // A half-written third record: a header promising more bytes than follow.
    const header = Buffer.alloc(8);
    header.writeUInt32LE(5000, 0);
    appendFileSync(segment, Buffer.concat([header, Buffer.from('{"e":[')]));
    const p2 = await open();
    expect(p2.stats().recovery.truncated).toEqual([
      expect.objectContaining({ offset: size, bytes: 14, reason: 'torn payload' }),
    ]);
    expect(statSync(segment).size).toBe(size);
    await p2.drain();
    expect(await store.count({})).toBe(12);
    await p2.close();

    // A record whose bytes were damaged (CRC mismatch) ends its segment too.
    const p3 = await open({ maxBatchDelayMs: 60_000 });
    await p3.ingest(batchOf(ids('v', 3)));
    await p3.ingest(batchOf(ids('w', 4)));
    p3.abandon();
    const seg3 = join(
      walDir,
      readdirSync(walDir)
        .filter((n) => n.endsWith('.wal'))
        .sort()
        .at(-1) as string,
    );
    const bytes = readFileSync(seg3);
    const firstLen = bytes.readUInt32LE(0);
    truncateSync(seg3, bytes.length - 3); // the second record loses its last bytes
    const p4 = await open();
    expect(p4.stats().recovery.truncated[0]).toMatchObject({ offset: 8 + firstLen });
    await p4.drain();
    expect(await store.count({})).toBe(15);
    await p4.close();
  });

  it('refuses with IngestOverloaded when the backlog is over its bound', async () => {
    const p = await open({ maxBacklogEvents: 10, maxBatchDelayMs: 60_000 });
    await p.ingest(batchOf(ids('o', 10)));
    expect(p.overloaded).toBe(true);
    await expect(p.ingest(batchOf(['o99']))).rejects.toBeInstanceOf(IngestOverloaded);
    await p.drain();
    expect(p.overloaded).toBe(false);
    await p.ingest(batchOf(['o99']));
    await p.close();
    expect(await store.count({})).toBe(11);
  });

  it('deletes fully applied segments', async () => {
    const p = await open({ wal: { segmentBytes: 2_000 } });
    for (let i = 0; i < 6; i++) await p.ingest(batchOf(ids(`s${i}_`, 10)));
    await p.drain();
    await p.ingest(batchOf(['last']));
    await p.drain();
    const segments = readdirSync(join(dir, 'wal')).filter((n) => n.endsWith('.wal'));
    expect(segments.length).toBeLessThanOrEqual(2);
    await p.close();
    expect(await store.count({})).toBe(61);
  });
});
