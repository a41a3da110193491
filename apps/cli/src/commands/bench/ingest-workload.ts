/**
 * The ingest bench's workload: Segment `/v1/batch` bodies of realistic B2B events (standard events with their
 * documented properties, page views, per-message context with page, campaign, library, user agent), built once.
 * Every messageId holds a fixed-width placeholder that is overwritten with a request sequence number before each
 * send, so a body can be re-sent with fresh ids at the cost of a few byte writes (the client stays cheap, and dedupe
 * never turns the bench into a no-op).
 */

const SEQ_WIDTH = 10;
const PLACEHOLDER = '~'.repeat(SEQ_WIDTH);

/** A deterministic generator (mulberry32): the same seed gives the same bodies. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const QUERIES = [
  '热轧卷板 Q235B',
  '镀锌钢管 DN50',
  '不锈钢板 304',
  'H型钢 200*200',
  '螺纹钢 HRB400',
  'cold rolled coil',
];
const SLOTS = ['search', 'category', 'recommend', 'home_banner'];
const SOURCES = [
  ['baidu', 'cpc', 'spring_steel'],
  ['wechat', 'social', 'moments_0315'],
  ['newsletter', 'email', 'weekly_42'],
  ['bing', 'cpc', 'brand'],
] as const;
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
];

type Message = Record<string, unknown>;

function message(r: () => number, body: number, i: number, runTag: string, now: number): Message {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const product = `prd_${Math.floor(r() * 20_000)}`;
  const supplier = `org_s${Math.floor(r() * 400)}`;
  const loggedIn = r() < 0.4;
  const buyer = Math.floor(r() * 50_000);
  const [source, medium, campaign] = pick(SOURCES);
  const path = `/products/${product}`;
  const url = `https://mall.example.cn${path}?utm_source=${source}&utm_medium=${medium}&utm_campaign=${campaign}`;
  const context: Message = {
    library: { name: 'analytics.js', version: '5.2.1' },
    page: { url, path, title: '热轧卷板 Q235B 3.0-12mm - 钢材商城', referrer: 'https://www.baidu.com/s?wd=steel' },
    campaign: { source, medium, name: campaign },
    userAgent: pick(AGENTS),
    ip: `10.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`,
    locale: 'zh-CN',
    sessionId: `sess_${buyer}_${Math.floor(r() * 4)}`,
    ...(loggedIn ? { groupId: `org_b${buyer % 5000}` } : {}),
  };
  const ids = loggedIn ? { userId: `ctc_${buyer}`, anonymousId: `anon_${buyer}` } : { anonymousId: `anon_${buyer}` };
  const base = {
    messageId: `${runTag}-${body}-${i}-${PLACEHOLDER}`,
    timestamp: new Date(now - Math.floor(r() * 3_600_000)).toISOString(),
    ...ids,
    context,
  };
  const x = r();
  const price = 380_000 + Math.floor(r() * 60_000);
  if (x < 0.15) {
    return { ...base, type: 'page', name: 'Product', properties: { url, path, title: '钢材商城', category: 'steel' } };
  }
  const track = (event: string, properties: Message): Message => ({ ...base, type: 'track', event, properties });
  if (x < 0.45) {
    return track('exposure', {
      productId: product,
      position: Math.floor(r() * 40),
      slot: pick(SLOTS),
      listId: `list_${Math.floor(r() * 100)}`,
      requestId: `req_${Math.floor(r() * 1e9).toString(36)}`,
    });
  }
  if (x < 0.7) {
    return track('product_view', {
      productId: product,
      categoryId: `cat_${Math.floor(r() * 60)}`,
      supplierId: supplier,
      unitPrice: price,
      position: Math.floor(r() * 40),
      slot: pick(SLOTS),
    });
  }
  if (x < 0.85) {
    return track('search', {
      query: pick(QUERIES),
      resultCount: Math.floor(r() * 500),
      page: 1 + Math.floor(r() * 3),
    });
  }
  if (x < 0.93)
    return track('add_to_cart', { productId: product, quantity: 1 + Math.floor(r() * 200), unitPrice: price });
  if (x < 0.96) return track('add_to_favorites', { productId: product });
  if (x < 0.98)
    return track('rfq_submitted', { rfqId: `rfq_${Math.floor(r() * 1e9)}`, quantity: 100, targetUnitPrice: price });
  return track('order_placed', {
    orderId: `ord_${Math.floor(r() * 1e9)}`,
    supplierId: supplier,
    total: price * 20,
    currency: 'CNY',
    itemCount: 2,
    source: 'cart',
  });
}

/** One pre-built request body and where its sequence placeholders are. */
export type BenchBody = { buffer: Buffer; slots: number[]; events: number };

/** Builds `count` bodies of `batch` events each (deterministic for a seed). */
export function buildBodies(count: number, batch: number, seed: number, runTag: string): BenchBody[] {
  const r = rng(seed);
  const now = Date.now();
  const out: BenchBody[] = [];
  for (let b = 0; b < count; b++) {
    const items = Array.from({ length: batch }, (_, i) => message(r, b, i, runTag, now));
    const buffer = Buffer.from(JSON.stringify({ batch: items }));
    const slots: number[] = [];
    for (let at = buffer.indexOf(PLACEHOLDER); at >= 0; at = buffer.indexOf(PLACEHOLDER, at + SEQ_WIDTH)) {
      slots.push(at);
    }
    out.push({ buffer, slots, events: batch });
  }
  return out;
}

/** Stamps a request sequence number into every messageId of the body (in place). */
export function stamp(body: BenchBody, seq: number): Buffer {
  const text = seq.toString(36).padStart(SEQ_WIDTH, '0');
  for (const at of body.slots) body.buffer.write(text, at, 'latin1');
  return body.buffer;
}
