import type { BuyerTruth, RfqTruth, SegmentDef, Simulator } from './behaviour.js';
import { SEGMENTS } from './behaviour.js';
import { CHANNELS, type ChannelKey } from './channels.js';
import { INDUSTRIES, type SupplierQuality, type World } from './world.js';

/**
 * The ground truth of one generation: what was planted (segments, channel quality, supplier quality, demand/supply
 * imbalance) and what each agent turned out to be (a buyer's segment, rate, churn date; an RFQ's true matches).
 * Written as truth.json (summary) + truth/buyers.ndjson + truth/rfq-matches.ndjson beside the data; later features
 * (segmentation, churn, attribution, matching) are tested against it.
 */
export type TruthSummary = {
  generator: { name: 'tradeloop-sim'; version: string; seed: number; scale: string; locale: string };
  period: { start: string; end: string; days: number; festival: { name: string; from: string; to: string } };
  segments: readonly SegmentDef[];
  channels: {
    key: ChannelKey;
    costPerDay: number;
    visitorShare: number;
    conversion: number;
    returnProbability: number;
    segmentMix: readonly number[];
    /** Realised in this generation. */
    visitors: number;
    signups: number;
  }[];
  suppliers: ({ organizationId: string; creditCode: string; name: string; industry: string } & SupplierQuality)[];
  categories: {
    categoryId: string;
    key: string;
    industry: string;
    /** Planted share of purchases that start as RFQs in this industry. */
    rfqShare: number;
    listings: number;
    rfqs: number;
    orders: number;
    rfqsExceedListings: boolean;
  }[];
  counts: {
    buyers: number;
    suppliers: number;
    contacts: number;
    /** Distinct people (devices): visitors who never signed up plus buyer contacts. */
    persons: number;
    products: number;
    messages: number;
    serverMessages: number;
    operations: number;
    orders: number;
    rfqs: number;
  };
  files: { buyers: string; rfqMatches: string };
};

export type Truth = { summary: TruthSummary; buyers: BuyerTruth[]; rfqMatches: RfqTruth[] };

export type Counters = { messages: number; serverMessages: number; operations: number };

export function buildTruth(
  sim: Simulator,
  world: World,
  meta: { seed: number; scale: string; locale: string; start: number; end: number; days: number },
  festival: { from: number; to: number },
  counters: Counters,
): Truth {
  const buyers = sim.buyerTruth();
  const listingsByCategory = new Map<string, number>();
  for (const p of world.products) listingsByCategory.set(p.categoryId, (listingsByCategory.get(p.categoryId) ?? 0) + 1);
  const summary: TruthSummary = {
    generator: { name: 'tradeloop-sim', version: '0.1.0', seed: meta.seed, scale: meta.scale, locale: meta.locale },
    period: {
      start: new Date(meta.start).toISOString(),
      end: new Date(meta.end).toISOString(),
      days: meta.days,
      festival: { name: '818', from: new Date(festival.from).toISOString(), to: new Date(festival.to).toISOString() },
    },
    segments: SEGMENTS,
    channels: CHANNELS.map((c) => ({
      key: c.key,
      costPerDay: c.costPerDay,
      visitorShare: c.visitorShare,
      conversion: c.conversion,
      returnProbability: c.returnProbability,
      segmentMix: c.segmentMix,
      visitors: sim.visitorsByChannel.get(c.key)?.visitors ?? 0,
      signups: sim.visitorsByChannel.get(c.key)?.signups ?? 0,
    })),
    suppliers: world.suppliers.map((s) => ({
      organizationId: s.id,
      creditCode: s.creditCode,
      name: s.name,
      industry: s.industryKey,
      ...(world.quality.get(s.id) as SupplierQuality),
    })),
    categories: world.categories
      .filter((c) => c.parentId !== null)
      .map((c) => {
        const listings = listingsByCategory.get(c.id) ?? 0;
        const rfqs = sim.rfqsByCategory.get(c.id) ?? 0;
        return {
          categoryId: c.id,
          key: c.key,
          industry: c.industry,
          rfqShare: INDUSTRIES.find((i) => i.key === c.industry)?.rfqShare ?? 0,
          listings,
          rfqs,
          orders: sim.ordersByCategory.get(c.id) ?? 0,
          rfqsExceedListings: rfqs > listings,
        };
      }),
    counts: {
      buyers: buyers.length,
      suppliers: world.suppliers.length,
      contacts:
        buyers.reduce((n, b) => n + b.contactIds.length, 0) +
        world.suppliers.reduce((n, s) => n + s.contacts.length, 0),
      persons: sim.persons,
      products: world.products.length,
      messages: counters.messages,
      serverMessages: counters.serverMessages,
      operations: counters.operations,
      orders: buyers.reduce((n, b) => n + b.orders, 0),
      rfqs: sim.rfqTruth.length,
    },
    files: { buyers: 'truth/buyers.ndjson', rfqMatches: 'truth/rfq-matches.ndjson' },
  };
  return { summary, buyers, rfqMatches: sim.rfqTruth };
}
