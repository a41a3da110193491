import { CHANNELS, type Channel, type ChannelKey } from './channels.js';
import type { MarketOp, SegmentOut, SimItem } from './items.js';
import type { Rng } from './rng.js';
import {
  clamp,
  INDUSTRIES,
  type IndustryKey,
  type OrgFactory,
  round2,
  type SimCategory,
  type SimContact,
  type SimOrganization,
  type SimProduct,
  type World,
} from './world.js';

/**
 * The agents: visitors arriving through channels, buyers with a latent segment (BG/NBD-like: purchases at rate λ
 * while alive, dropping out with probability p after each purchase), suppliers answering RFQs and shipping orders.
 * Each simulated day every agent decides what it does; what happens later (payment, shipment, quotes) is scheduled
 * into the day it falls on.
 */

export type SegmentKey = 'strategic' | 'regular' | 'occasional' | 'one_off';

export type SegmentDef = {
  key: SegmentKey;
  /** Mean purchases per day while alive (individual rates are Gamma-distributed around it). */
  purchaseRate: number;
  /** Probability of dropping out (going silent for good) right after each purchase. */
  dropout: number;
  /** Order quantity as a multiple of the MOQ: [min, max]. */
  quantity: readonly [number, number];
};

export const SEGMENTS: readonly SegmentDef[] = [
  { key: 'strategic', purchaseRate: 1 / 16, dropout: 0.015, quantity: [2, 12] },
  { key: 'regular', purchaseRate: 1 / 40, dropout: 0.05, quantity: [1, 6] },
  { key: 'occasional', purchaseRate: 1 / 90, dropout: 0.25, quantity: [1, 3] },
  { key: 'one_off', purchaseRate: 1 / 45, dropout: 0.9, quantity: [1, 2] },
];

export type ScaleParams = {
  suppliers: number;
  /** Buyers already on the platform when the simulated period starts. */
  initialBuyers: number;
  /** New visitors per day on an ordinary weekday. */
  visitorsPerDay: number;
  /** Browsing sessions per day of a live buyer, as a multiple of its purchase rate, plus a floor. */
  browsePerPurchase: number;
};

export type BuyerTruth = {
  organizationId: string;
  /** Unique and kept by the platform: links this truth to the loaded organisation (whose id the platform assigns). */
  creditCode: string;
  segment: SegmentKey;
  channel: ChannelKey;
  acquiredAt: string;
  /** True purchase rate per day while alive, and dropout probability after each purchase. */
  purchaseRate: number;
  dropoutProbability: number;
  /** When the buyer dropped out (its last purchase); null while alive at the end. */
  churnedAt: string | null;
  contactIds: string[];
  anonymousIds: string[];
  orders: number;
};

export type RfqTruth = {
  rfqId: string;
  categoryId: string;
  buyerId: string;
  /** Listings that truly match the request (same product and grade). */
  matchingProductIds: string[];
  quoteIds: string[];
  awardedQuoteId: string | null;
};

type Buyer = {
  org: SimOrganization;
  segment: SegmentDef;
  channel: Channel;
  acquiredAt: number;
  rate: number;
  alive: boolean;
  churnedAt: number | null;
  /** One device (anonymous id) per contact; whether it has been identified yet. */
  devices: string[];
  identified: boolean[];
  agents: string[];
  categories: SimCategory[];
  /** Last product bought per category: buyers reorder what worked. */
  usual: Map<string, SimProduct>;
  couponsUsed: Set<string>;
  hasFestivalCoupon: boolean;
  orders: number;
};

type Visitor = {
  anonymousId: string;
  channel: Channel;
  visits: number;
  /** The visit on which it signs up (0: never). */
  convertOn: number;
  industry: IndustryKey;
  agent: string;
};

const DAY = 86_400_000;
const HOUR = 3_600_000;
const LIBRARY = { name: 'tradeloop-sim', version: '0.1.0' };
const SERVER_LIBRARY = { name: 'tradeloop-server', version: '0.1.0' };
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) MicroMessenger/8.0.49',
  'Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36',
];
/** Relative activity per hour of the day, Beijing time: office hours dominate B2B buying. */
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.3, 0.3, 0.5, 1, 3, 7, 10, 11, 9, 5, 7, 10, 10, 9, 7, 4, 4, 5, 5, 3, 2];
const HOURS = HOUR_WEIGHTS.map((_, i) => i);
/** Monday-first weekday factors: weekends are quiet in B2B. */
const WEEKDAY = [0.45, 1.1, 1.15, 1.15, 1.1, 1.0, 0.55]; // index = getUTCDay() of the Beijing date (0 = Sunday)
/** Spring Festival (Chinese New Year) dates: activity collapses in the week before and the ten days after. */
const SPRING_FESTIVAL = ['2024-02-10', '2025-01-29', '2026-02-17', '2027-02-06', '2028-01-26', '2029-02-13'].map((d) =>
  Date.parse(`${d}T00:00:00+08:00`),
);

/** Day context: its start (Beijing midnight, epoch ms), its activity factor, whether the 818 festival runs. */
export type DayInfo = { index: number; start: number; factor: number; festival: boolean; purchaseBoost: number };

export function dayInfo(index: number, start: number): DayInfo {
  const local = new Date(start + 8 * HOUR);
  let factor = WEEKDAY[local.getUTCDay()] as number;
  // A mild yearly wave: spring and autumn are the busy construction/production seasons.
  const doy = Math.floor((start - Date.UTC(local.getUTCFullYear(), 0, 1) + 8 * HOUR) / DAY);
  factor *= 1 + 0.12 * Math.sin((2 * Math.PI * (doy - 60)) / 182.5);
  for (const sf of SPRING_FESTIVAL) {
    const d = (start - sf) / DAY;
    if (d >= -7 && d <= 10) factor *= 0.3;
  }
  // The 818 sourcing festival: activity builds from 8 August and peaks on the 18th.
  const month = local.getUTCMonth();
  const date = local.getUTCDate();
  const festival = month === 7 && date >= 8 && date <= 18;
  let purchaseBoost = 1;
  if (festival) {
    factor *= 1.3 + (date - 8) * 0.12;
    purchaseBoost = date === 18 ? 2.5 : 1.5;
  }
  return { index, start, factor, festival, purchaseBoost };
}

export class Simulator {
  readonly buyers: Buyer[] = [];
  readonly rfqTruth: RfqTruth[] = [];
  readonly visitorsByChannel = new Map<ChannelKey, { visitors: number; signups: number }>();
  readonly rfqsByCategory = new Map<string, number>();
  readonly ordersByCategory = new Map<string, number>();
  /** Items by day index (items for days after the end are dropped). */
  private readonly buckets: SimItem[][];
  private readonly returning: Visitor[][];
  private seq = 0;
  private msgSeq = 0;
  private visitorSeq = 0;
  private orderSeq = 0;
  private rfqSeq = 0;
  private quoteSeq = 0;
  private sessionSeq = 0;

  constructor(
    private readonly world: World,
    private readonly rng: Rng,
    private readonly orgs: OrgFactory,
    private readonly params: ScaleParams,
    private readonly startMs: number,
    private readonly days: number,
    /** Prefix of message ids and anonymous ids: derived from the seed, so two seeds never collide. */
    private readonly idPrefix: string,
  ) {
    this.buckets = Array.from({ length: days }, () => []);
    this.returning = Array.from({ length: days }, () => []);
    for (const c of CHANNELS) this.visitorsByChannel.set(c.key, { visitors: 0, signups: 0 });
  }

  get endMs(): number {
    return this.startMs + this.days * DAY;
  }

  /** Adds an item to the day it falls on; items after the simulated period are dropped (they have not happened). */
  private push(item: SimItem): void {
    const day = Math.floor((item.at - this.startMs) / DAY);
    if (day < 0 || day >= this.days) return;
    (this.buckets[day] as SimItem[]).push(item);
  }

  nextSeq(): number {
    return ++this.seq;
  }

  /** The items of a day in time order (ties in creation order); the bucket is released. */
  takeDay(day: number): SimItem[] {
    const items = this.buckets[day] as SimItem[];
    this.buckets[day] = [];
    items.sort((a, b) => a.at - b.at || a.seq - b.seq);
    return items;
  }

  /** Completes `m` in place (id and time last: no copy of the object on the hot path) and schedules it. */
  private message(at: number, server: boolean, m: Omit<SegmentOut, 'messageId' | 'timestamp'>): void {
    const message = m as SegmentOut;
    message.messageId = `${this.idPrefix}-${(++this.msgSeq).toString(36)}`;
    message.timestamp = isoTime(at);
    this.push({ kind: 'message', at, seq: ++this.seq, server, message });
  }

  private op(at: number, op: MarketOp): void {
    this.push({ kind: 'op', at, seq: ++this.seq, op });
  }

  /** A server-side event about a buyer organisation: attributed to the contact when they acted themselves. */
  private serverEvent(at: number, event: string, buyerId: string, contactId: string | null, props: object): void {
    this.message(at, true, {
      type: 'track',
      event,
      userId: contactId ?? `org:${buyerId}`,
      properties: props as Record<string, unknown>,
      context: { groupId: buyerId, library: SERVER_LIBRARY },
    });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Population

  /** Buyers already on the platform at the start (acquired before the simulated period). */
  seedInitialBuyers(): SimOrganization[] {
    const created: SimOrganization[] = [];
    const weights = CHANNELS.map((c) => c.visitorShare * c.conversion);
    for (let i = 0; i < this.params.initialBuyers; i++) {
      const channel = this.rng.weighted(CHANNELS, weights);
      const industry = this.pickIndustry();
      const buyer = this.newBuyer(channel, industry, this.startMs - this.rng.int(30, 700) * DAY, null);
      created.push(buyer.org);
    }
    return created;
  }

  private pickIndustry(): IndustryKey {
    return this.rng.weighted(
      INDUSTRIES,
      INDUSTRIES.map((i) => i.demand),
    ).key;
  }

  private newBuyer(channel: Channel, industry: IndustryKey, acquiredAt: number, device: string | null): Buyer {
    const rng = this.rng;
    const segment = rng.weighted(SEGMENTS, channel.segmentMix);
    const contacts = segment.key === 'strategic' ? rng.int(2, 3) : rng.chance(0.3) ? 2 : 1;
    const org = this.orgs.organization('buyer', industry, contacts);
    const leaves = this.world.leaves.get(industry) as SimCategory[];
    const devices = org.contacts.map((_, i) => (i === 0 && device ? device : this.newAnonymousId()));
    const buyer: Buyer = {
      org,
      segment,
      channel,
      acquiredAt,
      rate: segment.purchaseRate * rng.gamma(4, 0.25),
      alive: true,
      churnedAt: null,
      devices,
      identified: devices.map(() => false),
      agents: devices.map(() => rng.pick(USER_AGENTS)),
      categories: rng.sample(leaves, rng.int(1, Math.min(2, leaves.length))),
      usual: new Map(),
      couponsUsed: new Set(),
      hasFestivalCoupon: false,
      orders: 0,
    };
    this.buyers.push(buyer);
    return buyer;
  }

  /** Devices (anonymous ids) created: each is one person once identity is stitched (a contact has one device). */
  get persons(): number {
    return this.visitorSeq;
  }

  private newAnonymousId(): string {
    return `${this.idPrefix}-a${(++this.visitorSeq).toString(36)}`;
  }

  // -------------------------------------------------------------------------------------------------------------
  // One day

  runDay(day: DayInfo): void {
    const rng = this.rng;
    // New visitors, per channel.
    for (const channel of CHANNELS) {
      const n = rng.poisson(this.params.visitorsPerDay * channel.visitorShare * day.factor);
      for (let i = 0; i < n; i++) {
        const converts = rng.chance(channel.conversion);
        const visitor: Visitor = {
          anonymousId: this.newAnonymousId(),
          channel,
          visits: 0,
          convertOn: converts ? (rng.chance(0.6) ? 1 : rng.int(2, 3)) : 0,
          industry: this.pickIndustry(),
          agent: rng.pick(USER_AGENTS),
        };
        (this.visitorsByChannel.get(channel.key) as { visitors: number }).visitors++;
        this.visit(visitor, day);
      }
    }
    for (const visitor of this.returning[day.index] as Visitor[]) this.visit(visitor, day);
    this.returning[day.index] = [];

    // Live buyers: browse, buy, drop out.
    for (const buyer of this.buyers) {
      if (!buyer.alive || buyer.acquiredAt >= day.start + DAY) continue;
      const purchases = rng.poisson(buyer.rate * day.factor * day.purchaseBoost);
      const browses = rng.poisson((buyer.rate * this.params.browsePerPurchase + 0.004) * day.factor);
      for (let i = 0; i < browses; i++) this.buyerSession(buyer, day, false);
      for (let i = 0; i < purchases && buyer.alive; i++) {
        this.buyerSession(buyer, day, true);
        if (rng.chance(buyer.segment.dropout)) {
          buyer.alive = false;
          buyer.churnedAt = day.start + DAY - 1;
        }
      }
    }
  }

  private sessionStart(day: DayInfo): number {
    const hour = this.rng.weighted(HOURS, HOUR_WEIGHTS);
    return day.start + hour * HOUR + this.rng.int(0, 3_599) * 1000;
  }

  private visit(visitor: Visitor, day: DayInfo): void {
    const rng = this.rng;
    visitor.visits++;
    let t = this.sessionStart(day);
    const first = visitor.visits === 1;
    const context: Record<string, unknown> = {
      sessionId: `s${(++this.sessionSeq).toString(36)}`,
      library: LIBRARY,
      userAgent: visitor.agent,
    };
    if (first && visitor.channel.utm) context.campaign = campaignOf(visitor.channel, day);
    const leaf = rng.pick(this.world.leaves.get(visitor.industry) as SimCategory[]);
    t = this.pageView(t, visitor.anonymousId, undefined, context, first ? landingPath(visitor.channel) : '/', first);
    t = this.browse(t, visitor.anonymousId, undefined, context, leaf, rng.int(0, 2), false);
    if (visitor.convertOn === visitor.visits) {
      t += rng.int(30, 300) * 1000;
      const buyer = this.newBuyer(visitor.channel, visitor.industry, t, visitor.anonymousId);
      buyer.agents[0] = visitor.agent;
      this.push({ kind: 'organization', at: t, seq: ++this.seq, organization: buyer.org });
      (this.visitorsByChannel.get(visitor.channel.key) as { signups: number }).signups++;
      const contact = buyer.org.contacts[0] as SimContact;
      this.message(t + 1000, false, {
        type: 'track',
        event: 'signup',
        anonymousId: visitor.anonymousId,
        userId: contact.id,
        properties: { method: 'phone' },
        context,
      });
      this.identify(t + 2000, buyer, 0, context);
      if (rng.chance(0.7)) {
        const coupon = this.world.coupons.find((c) => c.purpose === 'welcome');
        if (coupon) {
          this.message(t + 5000, false, {
            type: 'track',
            event: 'coupon_received',
            anonymousId: visitor.anonymousId,
            userId: contact.id,
            properties: { couponId: coupon.id, couponCode: coupon.code },
            context: { ...context, groupId: buyer.org.id },
          });
        }
      }
      return;
    }
    const again = visitor.convertOn > visitor.visits || rng.chance(visitor.channel.returnProbability);
    if (again) {
      const next = day.index + 1 + Math.floor(rng.exponential(1 / 5));
      if (next < this.days) (this.returning[next] as Visitor[]).push(visitor);
    }
  }

  /** identify + group: ties the contact's device to the user and the user to the organisation. */
  private identify(at: number, buyer: Buyer, contactIndex: number, context: Record<string, unknown>): void {
    const contact = buyer.org.contacts[contactIndex] as SimContact;
    const anonymousId = buyer.devices[contactIndex] as string;
    buyer.identified[contactIndex] = true;
    this.message(at, false, {
      type: 'identify',
      anonymousId,
      userId: contact.id,
      traits: { name: contact.name, phone: contact.phone, email: contact.email, role: contact.role },
      context,
    });
    this.message(at + 500, false, {
      type: 'group',
      anonymousId,
      userId: contact.id,
      groupId: buyer.org.id,
      traits: {
        name: buyer.org.name,
        industry: buyer.org.industry,
        region: buyer.org.region,
        businessLine: buyer.org.businessLine,
      },
      context,
    });
  }

  private pageView(
    t: number,
    anonymousId: string,
    userId: string | undefined,
    context: Record<string, unknown>,
    path: string,
    landing: boolean,
  ): number {
    const url = `https://market.example.com${path}`;
    const properties: Record<string, unknown> = { path, url };
    const referrer = landing ? (context.campaign ? referrerOf(context) : null) : null;
    if (referrer) properties.referrer = referrer;
    this.message(t, false, {
      type: 'page',
      name: path === '/' ? 'home' : path.slice(1).split('/')[0],
      anonymousId,
      ...(userId ? { userId } : {}),
      properties,
      context,
    });
    return t + this.rng.int(5, 40) * 1000;
  }

  /**
   * A search or category visit: exposures with position and slot, then product views of what was clicked (clicks
   * fall with position and rise with supplier quality), the occasional favourite. Returns the time after it and, via
   * `viewed`, the products looked at.
   */
  private browse(
    t: number,
    anonymousId: string,
    userId: string | undefined,
    context: Record<string, unknown>,
    leaf: SimCategory,
    views: number,
    wantCart: boolean,
    viewed: SimProduct[] = [],
  ): number {
    const rng = this.rng;
    const candidates = this.world.productsByCategory.get(leaf.id) ?? [];
    if (candidates.length === 0) return t;
    const bySearch = rng.chance(0.65);
    const requestId = `r${(++this.sessionSeq).toString(36)}`;
    const shown = rng.sample(candidates, Math.min(candidates.length, rng.int(4, 10)));
    if (bySearch) {
      const query = (rng.pick(candidates) as SimProduct).keywords;
      this.message(t, false, {
        type: 'track',
        event: 'search',
        anonymousId,
        userId,
        properties: { query, resultCount: candidates.length, page: 1, categoryId: leaf.id },
        context,
      });
      t += rng.int(1, 4) * 1000;
    }
    const slot = bySearch ? 'search' : rng.chance(0.7) ? 'category' : 'recommend';
    for (let position = 0; position < shown.length; position++) {
      const p = shown[position] as SimProduct;
      this.message(t, false, {
        type: 'track',
        event: 'exposure',
        anonymousId,
        userId,
        properties: { productId: p.id, position, slot, listId: leaf.id, requestId },
        context,
      });
    }
    t += rng.int(3, 20) * 1000;
    let clicked = 0;
    for (let position = 0; position < shown.length && clicked < Math.max(views, 1); position++) {
      const p = shown[position] as SimProduct;
      const q = this.world.quality.get(p.supplierId);
      const appeal = q ? ((q.dsr.description + q.dsr.response) / 9) ** 2 / q.priceFactor : 1;
      if (!rng.chance((0.45 / (1 + 0.45 * position)) * appeal)) continue;
      clicked++;
      viewed.push(p);
      this.message(t, false, {
        type: 'track',
        event: 'product_view',
        anonymousId,
        userId,
        properties: {
          productId: p.id,
          categoryId: p.categoryId,
          supplierId: p.supplierId,
          unitPrice: (p.tiers[0] as { unitPrice: number }).unitPrice,
          position,
          slot,
        },
        context,
      });
      t += rng.int(15, 180) * 1000;
      if (rng.chance(0.08)) {
        this.message(t, false, {
          type: 'track',
          event: 'add_to_favorites',
          anonymousId,
          userId,
          properties: { productId: p.id },
          context,
        });
        t += rng.int(2, 10) * 1000;
      }
      if (!wantCart && rng.chance(0.04)) {
        this.message(t, false, {
          type: 'track',
          event: 'add_to_cart',
          anonymousId,
          userId,
          properties: { productId: p.id, quantity: p.moq, unitPrice: (p.tiers[0] as { unitPrice: number }).unitPrice },
          context,
        });
        t += rng.int(2, 10) * 1000;
      }
    }
    return t;
  }

  private buyerSession(buyer: Buyer, day: DayInfo, purchase: boolean): void {
    const rng = this.rng;
    const contactIndex = rng.chance(0.75) ? 0 : rng.int(0, buyer.org.contacts.length - 1);
    const contact = buyer.org.contacts[contactIndex] as SimContact;
    const anonymousId = buyer.devices[contactIndex] as string;
    let t = Math.max(this.sessionStart(day), buyer.acquiredAt + 60_000);
    const context: Record<string, unknown> = {
      sessionId: `s${(++this.sessionSeq).toString(36)}`,
      groupId: buyer.org.id,
      library: LIBRARY,
      userAgent: buyer.agents[contactIndex],
    };
    // Some returns come through paid channels again: attribution then has more than one touch to weigh.
    if (rng.chance(0.12)) {
      const paid = rng.pick(CHANNELS.filter((c) => c.utm !== null));
      context.campaign = campaignOf(paid, day);
    }
    t = this.pageView(t, anonymousId, contact.id, context, '/', context.campaign !== undefined);
    if (!buyer.identified[contactIndex]) {
      this.identify(t, buyer, contactIndex, context);
      t += 1000;
    }
    if (rng.chance(0.3)) {
      this.message(t, false, {
        type: 'track',
        event: 'login',
        anonymousId,
        userId: contact.id,
        properties: { method: rng.chance(0.6) ? 'password' : 'sms' },
        context,
      });
      t += 2000;
    }
    if (day.festival && !buyer.hasFestivalCoupon && rng.chance(0.4)) {
      const coupon = this.world.coupons.find((c) => c.purpose === 'festival');
      if (coupon) {
        buyer.hasFestivalCoupon = true;
        this.message(t, false, {
          type: 'track',
          event: 'coupon_received',
          anonymousId,
          userId: contact.id,
          properties: { couponId: coupon.id, couponCode: coupon.code },
          context,
        });
        t += 3000;
      }
    }
    const leaf = rng.pick(buyer.categories);
    const viewed: SimProduct[] = [];
    t = this.browse(
      t,
      anonymousId,
      contact.id,
      context,
      leaf,
      purchase ? rng.int(1, 3) : rng.int(0, 2),
      purchase,
      viewed,
    );
    if (!purchase) return;
    const industry = INDUSTRIES.find((i) => i.key === leaf.industry);
    if (rng.chance(industry?.rfqShare ?? 0.3)) this.rfq(buyer, contactIndex, leaf, t + rng.int(60, 600) * 1000);
    else this.catalogOrder(buyer, contactIndex, leaf, viewed, t, context);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Commerce

  private chooseProduct(buyer: Buyer, leaf: SimCategory, viewed: SimProduct[]): SimProduct | undefined {
    const rng = this.rng;
    const usual = buyer.usual.get(leaf.id);
    if (usual && rng.chance(0.65)) return usual;
    const pool = viewed.length ? viewed : (this.world.productsByCategory.get(leaf.id) ?? []);
    if (pool.length === 0) return undefined;
    return rng.weighted(
      pool,
      pool.map((p) => {
        const q = this.world.quality.get(p.supplierId);
        return q ? ((q.dsr.description + q.dsr.shipping + q.dsr.response) / 15) ** 3 / q.priceFactor ** 4 : 1;
      }),
    );
  }

  private catalogOrder(
    buyer: Buyer,
    contactIndex: number,
    leaf: SimCategory,
    viewed: SimProduct[],
    t: number,
    context: Record<string, unknown>,
  ): void {
    const rng = this.rng;
    const product = this.chooseProduct(buyer, leaf, viewed);
    if (!product) return;
    const contact = buyer.org.contacts[contactIndex] as SimContact;
    const anonymousId = buyer.devices[contactIndex] as string;
    const quantity = Math.min(
      1_000_000,
      Math.round(product.moq * rng.uniform(buyer.segment.quantity[0], buyer.segment.quantity[1])),
    );
    const unitPrice = tierPrice(product, quantity);
    this.message(t, false, {
      type: 'track',
      event: 'add_to_cart',
      anonymousId,
      userId: contact.id,
      properties: { productId: product.id, quantity, unitPrice },
      context,
    });
    t += rng.int(30, 600) * 1000;
    const subtotal = unitPrice * quantity;
    let coupon = this.world.coupons.find(
      (c) =>
        c.purpose === 'festival' &&
        buyer.hasFestivalCoupon &&
        !buyer.couponsUsed.has(c.id) &&
        subtotal >= c.threshold &&
        Date.parse(c.validFrom) <= t &&
        t < Date.parse(c.validUntil),
    );
    if (!coupon && buyer.orders === 0) {
      coupon = this.world.coupons.find(
        (c) => c.purpose === 'welcome' && !buyer.couponsUsed.has(c.id) && subtotal >= c.threshold,
      );
    }
    if (coupon) buyer.couponsUsed.add(coupon.id);
    const discount = coupon ? Math.min(coupon.amountOff, subtotal) : 0;
    const orderId = `ord_sim${(++this.orderSeq).toString(36).padStart(6, '0')}`;
    this.op(t, {
      op: 'place-order',
      orderId,
      buyerId: buyer.org.id,
      contactId: contact.id,
      items: [{ productId: product.id, quantity }],
      ...(coupon ? { couponCode: coupon.code } : {}),
    });
    const total = subtotal - discount;
    this.serverEvent(t, 'order_placed', buyer.org.id, contact.id, {
      orderId,
      supplierId: product.supplierId,
      total,
      currency: 'CNY',
      itemCount: 1,
      source: 'catalog',
      ...(coupon ? { couponCode: coupon.code } : {}),
    });
    if (coupon) {
      this.serverEvent(t, 'coupon_used', buyer.org.id, contact.id, { couponId: coupon.id, orderId, discount });
    }
    buyer.usual.set(leaf.id, product);
    this.orderPlaced(buyer, contactIndex, orderId, product.supplierId, leaf.id, total, t);
  }

  /** Schedules what follows an order: payment, shipment (supplier speed), delivery, completion or return, review. */
  private orderPlaced(
    buyer: Buyer,
    contactIndex: number,
    orderId: string,
    supplierId: string,
    categoryId: string,
    total: number,
    at: number,
  ): void {
    const rng = this.rng;
    if (at >= this.endMs) return; // after the simulated period: it has not happened
    buyer.orders++;
    this.ordersByCategory.set(categoryId, (this.ordersByCategory.get(categoryId) ?? 0) + 1);
    const contact = buyer.org.contacts[contactIndex] as SimContact;
    const q = this.world.quality.get(supplierId);
    const supplier = this.world.supplierById.get(supplierId);
    const supplierContact = supplier?.contacts[0]?.id ?? null;
    const buyerId = buyer.org.id;
    const transition = (
      t: number,
      action: Extract<MarketOp, { op: 'transition' }>['action'],
      by: 'buyer' | 'supplier' | 'platform',
      reason?: string,
    ) => {
      this.op(t, {
        op: 'transition',
        orderId,
        action,
        by,
        organizationId: by === 'supplier' ? supplierId : buyerId,
        contactId: by === 'buyer' ? contact.id : by === 'supplier' ? supplierContact : null,
        ...(reason ? { reason } : {}),
      });
    };
    const base = { orderId, supplierId, total, currency: 'CNY' };
    if (rng.chance(0.06)) {
      transition(at + rng.uniform(2, 48) * HOUR, 'cancel', 'buyer');
      return;
    }
    let t = at + rng.exponential(1 / 3) * HOUR + 60_000;
    transition(t, 'pay', 'buyer');
    this.serverEvent(t, 'order_paid', buyerId, contact.id, { orderId, total, currency: 'CNY' });
    t += Math.max(0.1, rng.normal(q?.shipDays ?? 3, 0.8)) * DAY;
    transition(t, 'ship', 'supplier');
    this.serverEvent(t, 'order_shipped', buyerId, null, base);
    t += rng.uniform(1, 4) * DAY;
    transition(t, 'deliver', 'platform');
    const quality = q ? (q.dsr.description + q.dsr.shipping) / 2 : 4.3;
    if (rng.chance(clamp(0.02 + (4.5 - quality) * 0.05, 0.01, 0.2))) {
      t += rng.uniform(0.5, 5) * DAY;
      const reason = rng.pick(this.world.names.returnReasons);
      transition(t, 'request-return', 'buyer', reason);
      this.serverEvent(t, 'return_requested', buyerId, contact.id, { ...base, reason });
      transition(t + rng.uniform(0.5, 3) * DAY, 'approve-return', 'supplier');
      return;
    }
    t += rng.uniform(0.5, 6) * DAY;
    transition(t, 'complete', 'buyer');
    this.serverEvent(t, 'order_completed', buyerId, contact.id, base);
    if (q && rng.chance(0.55)) {
      t += rng.uniform(0.1, 3) * DAY;
      const rate = (mean: number) => Math.round(clamp(rng.normal(mean, 0.6), 1, 5));
      const ratings = {
        ratingDescription: rate(q.dsr.description),
        ratingShipping: rate(q.dsr.shipping),
        ratingResponse: rate(q.dsr.response),
      };
      const avg = (ratings.ratingDescription + ratings.ratingShipping + ratings.ratingResponse) / 3;
      const texts = this.world.names.review;
      const text = rng.pick(avg >= 4 ? texts.good : avg >= 3 ? texts.average : texts.bad);
      this.op(t, { op: 'review', orderId, buyerId, contactId: contact.id, ...ratings, text });
      this.serverEvent(t, 'review_submitted', buyerId, contact.id, { orderId, supplierId, ...ratings });
    }
  }

  /**
   * An RFQ for what the buyer needs: suppliers listing that product quote (how often and how fast by their quality,
   * at their price level); the buyer awards the best value or lets the RFQ close. The truly matching listings are
   * recorded as ground truth for matching.
   */
  private rfq(buyer: Buyer, contactIndex: number, leaf: SimCategory, at: number): void {
    const rng = this.rng;
    const listings = this.world.productsByCategory.get(leaf.id) ?? [];
    if (listings.length === 0) return;
    const want = rng.pick(listings);
    const contact = buyer.org.contacts[contactIndex] as SimContact;
    const names = this.world.names;
    const quantity = Math.min(
      1_000_000,
      Math.max(1, Math.round(want.moq * rng.uniform(buyer.segment.quantity[0], buyer.segment.quantity[1]))),
    );
    const market =
      (want.tiers[0] as { unitPrice: number }).unitPrice / (this.world.quality.get(want.supplierId)?.priceFactor ?? 1);
    const rfqId = `rfq_sim${(++this.rfqSeq).toString(36).padStart(6, '0')}`;
    const deadline = at + 7 * DAY;
    const base = names.products[want.templateKey] as string;
    this.op(at, {
      op: 'create-rfq',
      rfqId,
      buyerId: buyer.org.id,
      contactId: contact.id,
      categoryId: leaf.id,
      title: names.rfqTitle(base, want.grade, quantity, want.unit),
      quantity,
      unit: want.unit,
      targetUnitPrice: Math.max(1, Math.round(market * 0.95)),
      deadline: new Date(deadline).toISOString(),
      deliveryRegion: buyer.org.region,
    });
    this.serverEvent(at, 'rfq_submitted', buyer.org.id, contact.id, {
      rfqId,
      categoryId: leaf.id,
      quantity,
      targetUnitPrice: Math.max(1, Math.round(market * 0.95)),
    });
    this.rfqsByCategory.set(leaf.id, (this.rfqsByCategory.get(leaf.id) ?? 0) + 1);
    const matching = listings.filter((p) => p.templateKey === want.templateKey && p.grade === want.grade);
    const truth: RfqTruth = {
      rfqId,
      categoryId: leaf.id,
      buyerId: buyer.org.id,
      matchingProductIds: matching.map((p) => p.id),
      quoteIds: [],
      awardedQuoteId: null,
    };
    this.rfqTruth.push(truth);

    // Every supplier listing this kind of product may quote, offering its best-matching listing.
    const bySupplier = new Map<string, SimProduct>();
    for (const p of listings) {
      if (p.templateKey !== want.templateKey) continue;
      const prev = bySupplier.get(p.supplierId);
      if (!prev || (p.grade === want.grade && prev.grade !== want.grade)) bySupplier.set(p.supplierId, p);
    }
    const quotes: { id: string; at: number; unitPrice: number; supplierId: string; score: number }[] = [];
    // The platform pushes an RFQ to a handful of matching suppliers, not to every one in a large market.
    let candidates = [...bySupplier];
    if (candidates.length > 8) candidates = rng.sample(candidates, 8);
    for (const [supplierId, product] of candidates) {
      if (supplierId === buyer.org.id) continue;
      const q = this.world.quality.get(supplierId);
      const supplier = this.world.supplierById.get(supplierId);
      const supplierContact = supplier?.contacts[0];
      if (!q || !supplierContact || !rng.chance(q.quoteProbability)) continue;
      const quoteAt = at + Math.max(0.1, rng.exponential(1 / q.responseHours)) * HOUR;
      if (quoteAt >= deadline - 2 * HOUR) continue;
      const unitPrice = Math.max(1, Math.round(market * q.priceFactor * rng.normal(1, 0.03)));
      const quoteId = `quo_sim${(++this.quoteSeq).toString(36).padStart(6, '0')}`;
      this.op(quoteAt, {
        op: 'submit-quote',
        quoteId,
        rfqId,
        supplierId,
        contactId: supplierContact.id,
        productId: product.id,
        unitPrice,
        quantity,
        leadTimeDays: Math.max(1, Math.round(q.shipDays)),
        validUntil: new Date(deadline + 7 * DAY).toISOString(),
      });
      this.serverEvent(quoteAt, 'quote_received', buyer.org.id, null, { rfqId, quoteId, supplierId, unitPrice });
      truth.quoteIds.push(quoteId);
      const dsr = (q.dsr.description + q.dsr.shipping + q.dsr.response) / 15;
      quotes.push({ id: quoteId, at: quoteAt, unitPrice, supplierId, score: unitPrice / dsr ** 2 });
    }
    if (quotes.length === 0 || !rng.chance(0.8)) {
      this.op(deadline - HOUR, { op: 'close-rfq', rfqId, buyerId: buyer.org.id, contactId: contact.id });
      return;
    }
    const best = quotes.reduce((a, b) => (b.score < a.score ? b : a));
    const lastQuote = Math.max(...quotes.map((q) => q.at));
    const acceptAt = Math.min(lastQuote + rng.uniform(2, 36) * HOUR, deadline - HOUR / 2);
    const orderId = `ord_sim${(++this.orderSeq).toString(36).padStart(6, '0')}`;
    this.op(acceptAt, { op: 'accept-quote', quoteId: best.id, orderId, buyerId: buyer.org.id, contactId: contact.id });
    truth.awardedQuoteId = best.id;
    const total = best.unitPrice * quantity;
    this.serverEvent(acceptAt, 'order_placed', buyer.org.id, contact.id, {
      orderId,
      supplierId: best.supplierId,
      total,
      currency: 'CNY',
      itemCount: 1,
      source: 'quote',
    });
    this.orderPlaced(buyer, contactIndex, orderId, best.supplierId, leaf.id, total, acceptAt);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Truth

  buyerTruth(): BuyerTruth[] {
    return this.buyers.map((b) => ({
      organizationId: b.org.id,
      creditCode: b.org.creditCode,
      segment: b.segment.key,
      channel: b.channel.key,
      acquiredAt: new Date(b.acquiredAt).toISOString(),
      purchaseRate: round6(b.rate),
      dropoutProbability: b.segment.dropout,
      churnedAt: b.churnedAt === null ? null : new Date(b.churnedAt).toISOString(),
      contactIds: b.org.contacts.map((c) => c.id),
      anonymousIds: b.devices,
      orders: b.orders,
    }));
  }
}

/** The unit price of a quantity on the product's tiers (the highest tier whose minimum the quantity reaches). */
export function tierPrice(product: SimProduct, quantity: number): number {
  let price = (product.tiers[0] as { unitPrice: number }).unitPrice;
  for (const tier of product.tiers) if (quantity >= tier.minQuantity) price = tier.unitPrice;
  return price;
}

function campaignOf(channel: Channel, day: DayInfo): Record<string, string> {
  const utm = channel.utm as NonNullable<Channel['utm']>;
  return {
    source: utm.source,
    medium: utm.medium,
    name: day.festival && channel.costPerDay > 0 ? 'fest818' : utm.name,
  };
}

function landingPath(channel: Channel): string {
  return channel.key === 'search_ads' || channel.key === 'industry_media' ? '/search' : '/';
}

function referrerOf(context: Record<string, unknown>): string | null {
  const source = (context.campaign as { source?: string } | undefined)?.source;
  const channel = CHANNELS.find((c) => c.utm?.source === source);
  return channel?.referrer ?? null;
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

let isoDay = Number.NaN;
let isoPrefix = '';
const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * `new Date(ms).toISOString()` without a Date per call: the date part is cached per UTC day, the time is plain
 * arithmetic. Timestamps are the hottest string of the generator (one per message).
 */
export function isoTime(ms: number): string {
  const t = Math.floor(ms);
  const day = Math.floor(t / DAY);
  if (day !== isoDay) {
    isoDay = day;
    isoPrefix = new Date(day * DAY).toISOString().slice(0, 11);
  }
  let r = t - day * DAY;
  const h = Math.floor(r / HOUR);
  r -= h * HOUR;
  const m = Math.floor(r / 60_000);
  r -= m * 60_000;
  const sec = Math.floor(r / 1000);
  const milli = r - sec * 1000;
  return `${isoPrefix}${pad2(h)}:${pad2(m)}:${pad2(sec)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

export { round2 };
