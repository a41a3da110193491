import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdentityService, IngestPipeline, startOutboxRelay, systemClock } from '@tradeloop/core';
import { type EventStore, type OltpStore, openEventStore, openOltpStore } from '@tradeloop/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEGMENTS, type SegmentKey } from './behaviour.js';
import { CHANNELS } from './channels.js';
import { simulate } from './generate.js';
import { type LoadReport, loadSimulation } from './load.js';
import type { Truth } from './truth.js';

// The small demo loaded the way first start loads it (services + the real ingestion pipeline) into fresh SQLite and
// DuckDB files; every assertion below reads the LOADED stores, not the generator's truth, except to know who is who.
describe('loadSimulation (small, SQLite + DuckDB)', () => {
  let dir: string;
  let store: OltpStore;
  let events: EventStore;
  let report: LoadReport;
  let truth: Truth;
  let elapsedMs: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tradeloop-sim-load-'));
    store = await openOltpStore({ dataDir: dir });
    events = await openEventStore({ dataDir: dir });
    const identity = new IdentityService({ store, clock: systemClock, events });
    const ingest = await IngestPipeline.open({ dataDir: dir, store: events, identity });
    const relay = startOutboxRelay({ store, target: ingest, intervalMs: 60_000 });
    const sim = simulate({ seed: 1, scale: 'small' });
    const started = performance.now();
    try {
      report = await loadSimulation(sim, { store, events, ingest, relay });
    } finally {
      await relay.stop();
      await ingest.close();
    }
    elapsedMs = performance.now() - started;
    truth = sim.truth();
  }, 120_000);

  afterAll(async () => {
    await events?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads within 60 s, every operation accepted by the services and every message by the normaliser', async () => {
    process.stdout.write(`small demo loaded in ${(elapsedMs / 1000).toFixed(1)} s (${report.messages} messages)\n`);
    expect(elapsedMs).toBeLessThan(60_000);
    expect(report.failures).toEqual([]);
    expect(report.rejections).toEqual([]);
    expect(report.organizations).toBe(truth.summary.counts.buyers + truth.summary.counts.suppliers);
    // Client messages through the pipeline + the server events the services emitted themselves.
    expect(await events.count({})).toBe(truth.summary.counts.messages);
    const orders = await store.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    expect(Number(orders?.n)).toBe(truth.summary.counts.orders);
  });

  it('stores the channel spend (paid channels × days) the channel quadrant reads', async () => {
    const rows = await store.db.selectFrom('channelSpend').select(['channel', 'day', 'amount']).execute();
    expect(rows.length).toBe(report.spendRows);
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['baidu', 'wechat', 'mysteel', 'expo', 'referral']));
    expect(new Set(rows.map((r) => r.day)).size).toBe(truth.summary.period.days);
  });

  it('shows repeat-purchase rates ordered by segment as planted (orders in the marketplace store)', async () => {
    const orgs = await store.db.selectFrom('organizations').select(['id', 'creditCode']).execute();
    const segmentOf = new Map(truth.buyers.map((b) => [b.creditCode, b.segment] as const));
    const segmentById = new Map(orgs.map((o) => [o.id, segmentOf.get(o.creditCode)] as const));
    const rows = await store.db
      .selectFrom('orders')
      .select(['buyerId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '!=', 'cancelled')
      .groupBy('buyerId')
      .execute();
    const stats = new Map<SegmentKey, { buyers: number; repeat: number }>();
    for (const r of rows) {
      const segment = segmentById.get(r.buyerId);
      if (!segment) continue;
      const s = stats.get(segment) ?? { buyers: 0, repeat: 0 };
      s.buyers++;
      if (Number(r.n) >= 2) s.repeat++;
      stats.set(segment, s);
    }
    const rates = SEGMENTS.map((s) => {
      const x = stats.get(s.key) ?? { buyers: 0, repeat: 0 };
      return x.repeat / Math.max(1, x.buyers);
    });
    process.stdout.write(
      `repeat-purchase rate by segment ${SEGMENTS.map((s, i) => `${s.key}=${rates[i]?.toFixed(2)}`).join(' ')}\n`,
    );
    // SEGMENTS is listed from the most to the least loyal.
    for (let i = 1; i < rates.length; i++) expect(rates[i - 1]).toBeGreaterThan(rates[i] as number);
  });

  it('shows visitor → signup conversion ordered by channel as planted (events in the event store)', async () => {
    const pages = await events.find({ events: ['$pageview'] }, { limit: 1_000_000, order: 'asc' });
    const firstPage = new Map<string, { userId: string | null; utmSource: string | null }>();
    for (const e of pages) {
      if (e.anonymousId && !firstPage.has(e.anonymousId)) firstPage.set(e.anonymousId, e);
    }
    const signups = await events.find({ events: ['signup'] }, { limit: 1_000_000 });
    const signedUp = new Set(signups.map((e) => e.anonymousId));
    const bySource = new Map<string, { visitors: number; signups: number }>();
    for (const [anonymousId, page] of firstPage) {
      if (page.userId !== null) continue; // a known buyer's device, not a new visitor
      const key = page.utmSource ?? 'direct';
      const s = bySource.get(key) ?? { visitors: 0, signups: 0 };
      s.visitors++;
      if (signedUp.has(anonymousId)) s.signups++;
      bySource.set(key, s);
    }
    const planted = [...CHANNELS].sort((a, b) => b.conversion - a.conversion);
    const measured = planted.map((c) => {
      const s = bySource.get(c.utm?.source ?? 'direct') ?? { visitors: 0, signups: 0 };
      return s.signups / Math.max(1, s.visitors);
    });
    process.stdout.write(
      `conversion by channel ${planted.map((c, i) => `${c.key}=${measured[i]?.toFixed(3)}`).join(' ')}\n`,
    );
    for (let i = 1; i < measured.length; i++) expect(measured[i - 1]).toBeGreaterThan(measured[i] as number);
  });

  it('stitches identity: a buyer device, its contact and its organisation are one person in one organisation', async () => {
    const buyer = truth.buyers.find((b) => b.orders > 3 && b.channel !== 'direct') ?? truth.buyers[0];
    if (!buyer) throw new Error('no buyer');
    const org = await store.db
      .selectFrom('organizations')
      .select('id')
      .where('creditCode', '=', buyer.creditCode)
      .executeTakeFirstOrThrow();
    const device = buyer.anonymousIds[0] as string;
    const link = await store.db
      .selectFrom('personDistinctIds')
      .selectAll()
      .where('distinctId', '=', device)
      .executeTakeFirstOrThrow();
    const person = await store.db
      .selectFrom('persons')
      .selectAll()
      .where('id', '=', link.personId)
      .executeTakeFirstOrThrow();
    expect(person.organizationId).toBe(org.id);
    const contacts = await store.db.selectFrom('contacts').select('id').where('organizationId', '=', org.id).execute();
    const linked = await store.db
      .selectFrom('personDistinctIds')
      .select('distinctId')
      .where('personId', '=', link.personId)
      .execute();
    expect(linked.map((l) => l.distinctId)).toEqual(expect.arrayContaining([device]));
    expect(contacts.map((c) => c.id)).toEqual(
      expect.arrayContaining([linked.find((l) => l.distinctId !== device)?.distinctId]),
    );
  });
});

describe('loadSimulation (bulk mode)', () => {
  it('appends every message through the normaliser straight to the store, stitching identity through the pipeline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradeloop-sim-bulk-'));
    const store = await openOltpStore({ dataDir: dir });
    const events = await openEventStore({ dataDir: dir });
    try {
      const identity = new IdentityService({ store, clock: systemClock, events });
      const ingest = await IngestPipeline.open({ dataDir: dir, store: events, identity });
      const relay = startOutboxRelay({ store, target: ingest, intervalMs: 60_000 });
      const sim = simulate({ seed: 2, scale: 'small', days: 60 });
      let appended = 0;
      let report: LoadReport;
      try {
        report = await loadSimulation(
          sim,
          { store, events, ingest, relay },
          { mode: 'bulk', batchSize: 5_000, onAppend: (n) => (appended += n) },
        );
      } finally {
        await relay.stop();
        await ingest.close();
      }
      const truth = sim.truth();
      expect(report.rejections).toEqual([]);
      expect(report.operations).toBe(0);
      expect(report.messages).toBe(truth.summary.counts.messages);
      expect(appended).toBe(report.appendedEvents);
      // Server-side events come from the generation itself (no operations ran), so the store holds every message.
      expect(await events.count({})).toBe(truth.summary.counts.messages);
      expect(await events.count({ events: ['order_placed'] })).toBeGreaterThan(0);
      const orders = await store.db.selectFrom('orders').select('id').execute();
      expect(orders).toEqual([]);
      const linked = await store.db
        .selectFrom('persons')
        .select('id')
        .where('organizationId', 'is not', null)
        .execute();
      expect(linked.length).toBeGreaterThan(50);
    } finally {
      await events.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
