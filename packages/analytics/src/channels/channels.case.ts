import { ChannelQuadrantQuery, type ChannelQuadrantQueryInput, type ChannelQuadrantResult } from '@tradeloop/schema';
import type { SqlEventStore } from '@tradeloop/storage';
import type { EventStoreTestTarget } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarketplaceData } from '../context.js';
import { runQuery } from '../run.js';
import { type Fixture, loadFixture } from '../testing/fixtures.js';
import type { ChannelSpend } from './data.js';

/**
 * The channel quadrant on each engine (March 2026), hand-computed:
 * | org | first touch (≤ first signup)            | first signup        | paid in range after signup |
 * | o1  | baidu (anonymous a1, merged into u1)    | 03-01               | yes (03-05)                |
 * | o2  | wechat 03-02 (baidu 03-03 comes later)  | 03-03               | no                         |
 * | o3  | mysteel by colleague u4 03-02           | 03-04 (u4 again 03-08) | yes                     |
 * | o4  | none → (direct)                         | 03-05               | yes                        |
 * | o5  | —                                       | 02-20: not new      | (pays 03-10: ignored)      |
 * | o6  | baidu 03-05                             | 03-06               | no (pays 04-02)            |
 * | o7  | wechat only after signup → (direct)     | 03-07               | no                         |
 * Spend (March): baidu 1000 + 1000, wechat 300, mysteel 900, expo 500 (baidu 99999 on 02-28 is outside).
 * CPR: baidu 2000/2 = 1000, wechat 300, mysteel 900, expo none; CPP: baidu 2000, mysteel 900.
 * Medians: CPR of [300, 900, 1000] = 900; CPP of [900, 2000] = 1450.
 */
export function channelsConformance({ engine, skipReason, open }: EventStoreTestTarget): void {
  const test = it.skipIf(skipReason !== '');
  let store: SqlEventStore;

  const fixture: Fixture = {
    events: [
      { who: 'a1', event: '$pageview', at: '2026-03-01 10:00', utmSource: 'baidu' },
      { who: 'u1', event: 'signup', at: '2026-03-01 10:10' },
      { who: 'u1', event: 'order_paid', at: '2026-03-05 10:00', props: { total: 100 } },
      { who: 'u2', event: '$pageview', at: '2026-03-02 10:00', utmSource: 'wechat' },
      { who: 'u2', event: '$pageview', at: '2026-03-03 10:00', utmSource: 'baidu' },
      { who: 'u2', event: 'signup', at: '2026-03-03 12:00' },
      { who: 'u4', event: '$pageview', at: '2026-03-02 09:00', utmSource: 'mysteel' },
      { who: 'u3', event: 'signup', at: '2026-03-04 10:00' },
      { who: 'u4', event: 'signup', at: '2026-03-08 10:00' },
      { who: 'u3', event: 'order_paid', at: '2026-03-06 10:00', props: { total: 100 } },
      { who: 'u5', event: 'signup', at: '2026-03-05 10:00' },
      { who: 'u5', event: 'order_paid', at: '2026-03-06 10:00', props: { total: 100 } },
      { who: 'u6', event: 'signup', at: '2026-02-20 10:00' },
      { who: 'u6', event: 'order_paid', at: '2026-03-10 10:00', props: { total: 100 } },
      { who: 'u7', event: '$pageview', at: '2026-03-05 10:00', utmSource: 'baidu' },
      { who: 'u7', event: 'signup', at: '2026-03-06 10:00' },
      { who: 'u7', event: 'order_paid', at: '2026-04-02 10:00', props: { total: 100 } },
      { who: 'u8', event: 'signup', at: '2026-03-07 10:00' },
      { who: 'u8', event: '$pageview', at: '2026-03-08 10:00', utmSource: 'wechat' },
    ],
    personMap: { a1: 'P1', u1: 'P1', u2: 'P2', u3: 'P3', u4: 'P4', u5: 'P5', u6: 'P6', u7: 'P7', u8: 'P8' },
    persons: [
      { personId: 'P1', organizationId: 'o1' },
      { personId: 'P2', organizationId: 'o2' },
      { personId: 'P3', organizationId: 'o3' },
      { personId: 'P4', organizationId: 'o3' },
      { personId: 'P5', organizationId: 'o4' },
      { personId: 'P6', organizationId: 'o5' },
      { personId: 'P7', organizationId: 'o6' },
      { personId: 'P8', organizationId: 'o7' },
    ],
    organizations: [
      { organizationId: 'o1', region: 'east' },
      { organizationId: 'o2', region: 'north' },
      { organizationId: 'o3', region: 'east' },
      { organizationId: 'o4', region: 'north' },
      { organizationId: 'o5', region: 'north' },
      { organizationId: 'o6', region: 'north' },
      { organizationId: 'o7', region: 'north' },
    ],
  };
  const spend: ChannelSpend[] = [
    { channel: 'baidu', day: '2026-02-28', amount: 99_999, currency: 'CNY' },
    { channel: 'baidu', day: '2026-03-01', amount: 1000, currency: 'CNY' },
    { channel: 'baidu', day: '2026-03-31', amount: 1000, currency: 'CNY' },
    { channel: 'wechat', day: '2026-03-10', amount: 300, currency: 'CNY' },
    { channel: 'mysteel', day: '2026-03-10', amount: 900, currency: 'CNY' },
    { channel: 'expo', day: '2026-03-15', amount: 500, currency: 'CNY' },
  ];
  /** The data port over fixed spend rows (the server implements it over the operational store). */
  const marketplace = (rows: ChannelSpend[]): MarketplaceData => ({
    channelSpend: async (from, to) => rows.filter((r) => r.day >= from && r.day <= to),
    products: async () => [],
    orderLines: async () => [],
    orderRatings: async () => [],
  });

  beforeAll(async () => {
    if (skipReason) return;
    store = await open();
    await loadFixture(store, fixture);
  });
  afterAll(async () => store?.close());

  async function run(
    input: Partial<ChannelQuadrantQueryInput> = {},
    options: { scope?: { regions: string[] }; spend?: ChannelSpend[] } = {},
  ): Promise<ChannelQuadrantResult> {
    const node = ChannelQuadrantQuery.parse({
      kind: 'ChannelQuadrantQuery',
      dateRange: { from: '2026-03-01', to: '2026-03-31' },
      ...input,
    });
    return (await runQuery(node, {
      store,
      scope: options.scope ?? null,
      marketplace: marketplace(options.spend ?? spend),
    })) as ChannelQuadrantResult;
  }

  const row = (r: ChannelQuadrantResult, channel: string) => r.channels.find((c) => c.channel === channel);

  describe(`channel quadrant on ${engine}`, () => {
    test('registrations by first touch, paying organisations, costs, median thresholds and quadrants', async () => {
      const r = await run();
      expect(r.thresholdRule).toBe('median');
      expect(r.thresholds).toEqual({ costPerRegistration: 900, costPerPaying: 1450 });
      expect(r.currency).toBe('CNY');
      expect(r.rule).toContain('star: CPR ≤ 900 and CPP ≤ 1450');
      expect(r.channels).toEqual([
        {
          channel: 'baidu',
          spend: 2000,
          registrations: 2,
          paying: 1,
          costPerRegistration: 1000,
          costPerPaying: 2000,
          quadrant: 'question',
        },
        {
          channel: 'mysteel',
          spend: 900,
          registrations: 1,
          paying: 1,
          costPerRegistration: 900,
          costPerPaying: 900,
          quadrant: 'star',
        },
        {
          channel: 'expo',
          spend: 500,
          registrations: 0,
          paying: 0,
          costPerRegistration: null,
          costPerPaying: null,
          quadrant: 'question',
        },
        {
          channel: 'wechat',
          spend: 300,
          registrations: 1,
          paying: 0,
          costPerRegistration: 300,
          costPerPaying: null,
          quadrant: 'volume',
        },
        {
          channel: '(direct)',
          spend: 0,
          registrations: 2,
          paying: 1,
          costPerRegistration: null,
          costPerPaying: null,
          quadrant: null,
        },
      ]);
    });

    test('given thresholds, the scope, no spend, and spend in two currencies', async () => {
      const given = await run({ thresholds: { costPerRegistration: 1000, costPerPaying: 1000 } });
      expect(given.thresholdRule).toBe('given');
      expect(row(given, 'baidu')?.quadrant).toBe('volume');
      expect(row(given, 'mysteel')?.quadrant).toBe('star');
      const mixed = await run({ thresholds: { costPerPaying: 3000 } });
      expect(mixed.thresholdRule).toBe('mixed');
      expect(mixed.thresholds).toEqual({ costPerRegistration: 900, costPerPaying: 3000 });
      expect(row(mixed, 'baidu')?.quadrant).toBe('niche');

      const east = await run({}, { scope: { regions: ['east'] } });
      expect(east.channels.map((c) => [c.channel, c.registrations, c.paying])).toEqual([
        ['baidu', 1, 1],
        ['mysteel', 1, 1],
        ['expo', 0, 0],
        ['wechat', 0, 0],
      ]);

      const none = await run({}, { spend: [] });
      expect(none.thresholds).toEqual({ costPerRegistration: null, costPerPaying: null });
      expect(none.channels.every((c) => c.quadrant === null && c.costPerRegistration === null)).toBe(true);
      expect(none.channels.map((c) => c.registrations).reduce((a, b) => a + b, 0)).toBe(6);

      await expect(
        run({}, { spend: [...spend, { channel: 'expo', day: '2026-03-16', amount: 5, currency: 'USD' }] }),
      ).rejects.toThrow(/several currencies/);
      const unknown = await run({ signupEvent: 'no_such_event' });
      expect(unknown.channels.every((c) => c.registrations === 0)).toBe(true);
    });
  });
}
