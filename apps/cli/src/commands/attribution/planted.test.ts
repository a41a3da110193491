import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChannelSpend, type MarketplaceData, runQuery } from '@tradeloop/analytics';
import { DimensionSync, IdentityService, IngestPipeline, startOutboxRelay, systemClock } from '@tradeloop/core';
import type { AttributionResult, ChannelQuadrantResult, RetentionResult } from '@tradeloop/schema';
import { QueryNode } from '@tradeloop/schema';
import { CHANNELS, loadSimulation, simulate, type TruthSummary } from '@tradeloop/sim';
import { type OltpStore, openEventStore, openOltpStore, type SqlEventStore } from '@tradeloop/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The simulator's planted channel structure read back by attribution and the channel quadrant: the small demo loaded
 * as first start loads it (services + ingestion pipeline), then the signups credited by first touch must equal the
 * signups the generator made per channel, and with the planted daily costs as spend, referral (cheap, converting)
 * must be the star with the lowest cost per registration.
 */
describe('planted channel structure (small simulation, SQLite + DuckDB)', () => {
  let dir: string;
  let store: OltpStore;
  let events: SqlEventStore;
  let truth: TruthSummary;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tradeloop-planted-'));
    store = await openOltpStore({ dataDir: dir });
    events = await openEventStore({ dataDir: dir });
    const identity = new IdentityService({ store, clock: systemClock, events });
    const ingest = await IngestPipeline.open({ dataDir: dir, store: events, identity });
    const relay = startOutboxRelay({ store, target: ingest, intervalMs: 60_000 });
    const sim = simulate({ seed: 1, scale: 'small' });
    try {
      await loadSimulation(sim, { store, events, ingest, relay });
    } finally {
      await relay.stop();
      await ingest.close();
    }
    await new DimensionSync({ store, events }).sync();
    truth = sim.truth().summary;
  }, 180_000);

  afterAll(async () => {
    await events?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const sourceOf = (key: string) => CHANNELS.find((c) => c.key === key)?.utm?.source ?? '(direct)';

  it('first-touch attribution of signups gives each channel the signups planted through it', async () => {
    const node = QueryNode.parse({
      kind: 'AttributionQuery',
      conversion: { event: 'signup' },
      lookback: { value: 365, unit: 'day' },
      models: ['first', 'markov'],
      dateRange: { from: truth.period.start, to: truth.period.end },
    });
    const r = (await runQuery(node, { store: events })) as AttributionResult;
    const credited = Object.fromEntries(r.channels.map((c) => [c.channel, c.credit.first?.conversions ?? 0]));
    const planted = Object.fromEntries(truth.channels.map((c) => [sourceOf(c.key), c.signups]));
    process.stdout.write(`signups by first touch ${JSON.stringify(credited)}, planted ${JSON.stringify(planted)}\n`);
    expect(credited).toEqual(planted);
    expect(r.conversions).toBe(truth.channels.reduce((s, c) => s + c.signups, 0));
    expect(r.nonConverting).toBeGreaterThan(0);
  });

  it('the quadrant over the planted costs: referral is the star with the lowest cost per registration', async () => {
    const days: string[] = [];
    for (let t = Date.parse(truth.period.start); t < Date.parse(truth.period.end); t += 86_400_000) {
      days.push(new Date(t + 8 * 3_600_000).toISOString().slice(0, 10)); // Beijing days
    }
    const spend: ChannelSpend[] = truth.channels
      .filter((c) => c.costPerDay > 0)
      .flatMap((c) => days.map((day) => ({ channel: sourceOf(c.key), day, amount: c.costPerDay, currency: 'CNY' })));
    const marketplace: MarketplaceData = {
      channelSpend: async (from, to) => spend.filter((s) => s.day >= from && s.day <= to),
      products: async () => [],
      orderLines: async () => [],
      orderRatings: async () => [],
    };
    const node = QueryNode.parse({
      kind: 'ChannelQuadrantQuery',
      dateRange: { from: truth.period.start, to: truth.period.end },
    });
    const r = (await runQuery(node, { store: events, marketplace })) as ChannelQuadrantResult;
    process.stdout.write(
      `quadrant ${JSON.stringify(r.channels.map((c) => [c.channel, c.registrations, c.paying, c.costPerRegistration, c.quadrant]))}\n`,
    );
    const registrations = Object.fromEntries(r.channels.map((c) => [c.channel, c.registrations]));
    expect(registrations).toEqual(Object.fromEntries(truth.channels.map((c) => [sourceOf(c.key), c.signups])));
    const paid = r.channels.filter((c) => c.costPerRegistration !== null);
    const cheapest = paid.reduce((a, b) => ((a.costPerRegistration ?? 0) <= (b.costPerRegistration ?? 0) ? a : b));
    expect(cheapest.channel).toBe('referral');
    expect(r.channels.find((c) => c.channel === 'referral')?.quadrant).toBe('star');
  });

  it('retention by acquisition channel: buyers from referral and trade events come back to buy more than from social', async () => {
    // Cohort: the organisation's signup (its session carries the channel); return: an order paid in a later month.
    const node = QueryNode.parse({
      kind: 'RetentionQuery',
      cohort: { event: 'signup' },
      returning: { event: 'order_paid' },
      interval: 'month',
      periods: 12,
      mode: 'unbounded',
      aggregateBy: 'organization',
      breakdown: { property: { source: 'event_field', name: 'utm_source' } },
      dateRange: { from: truth.period.start, to: truth.period.end },
    });
    const r = (await runQuery(node, { store: events })) as RetentionResult;
    // Share of each channel's organisations that paid an order in the month after signup or later.
    const share = Object.fromEntries(
      (r.breakdowns ?? []).map((b) => {
        const size = b.cohorts.reduce((n, c) => n + c.size, 0);
        const back = b.cohorts.reduce((n, c) => n + (c.retained[1] ?? 0), 0);
        return [b.value, size ? back / size : 0];
      }),
    );
    process.stdout.write(`repeat buyers by channel ${JSON.stringify(share)}\n`);
    const planted = (key: string) => CHANNELS.find((c) => c.key === key)?.segmentMix[0] ?? 0;
    expect(planted('referral')).toBeGreaterThan(planted('social'));
    expect(share.referral).toBeGreaterThan(share.wechat ?? 0);
    expect(share.expo).toBeGreaterThan(share.wechat ?? 0);
  });
});
