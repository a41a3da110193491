import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from './message.js';
import { bundleForBrowser } from './testing/bundle.js';
import { type Receiver, startReceiver } from './testing/receiver.js';

const CHROMIUM = '/usr/bin/chromium';
const skipReason = existsSync(CHROMIUM) ? '' : `${CHROMIUM} is missing (apt-get install chromium fonts-wqy-microhei)`;
if (skipReason !== '') console.warn(`[sdk browser test] skipped: ${skipReason}`);

// One page served at several paths: ?hold keeps everything queued (flushAt 100, 60 s interval), ?exposures starts
// exposure tracking. Cards are 200 px high and 3000 px apart, so at most one is in the 720 px viewport.
const PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>阀门 Valves — Tradeloop test</title>
<style>body{margin:0;font-family:sans-serif} .card{height:200px;width:300px} .spacer{height:3000px}</style></head>
<body>
<div class="card" data-tl-product-id="prd_top" data-tl-position="0" data-tl-slot="search"><a id="next" href="/other.html">next</a></div>
<div class="spacer"></div>
<div class="card" id="glimpse" data-tl-product-id="prd_glimpse" data-tl-position="1">glimpse</div>
<div class="spacer"></div>
<div class="card" id="dwell" data-tl-product-id="prd_dwell" data-tl-position="2" data-tl-list-id="list_9">dwell</div>
<div class="spacer"></div>
<div class="card" data-tl-product-id="prd_never" data-tl-position="3">never</div>
<div class="spacer"></div>
<script type="module">
import { createTracker } from '/sdk.js';
const query = new URLSearchParams(location.search);
const hold = query.has('hold');
const tracker = createTracker({
  writeKey: 'wk_browser',
  host: location.origin,
  flushAt: hold ? 100 : 1,
  flushIntervalMs: hold ? 60000 : 100,
});
window.tracker = tracker;
tracker.page();
if (query.has('exposures')) tracker.observeExposures(document, { minVisibleMs: 500, slot: 'category' });
window.sdkReady = true;
</script></body></html>`;

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--headless',
];

describe.skipIf(skipReason !== '')('SDK in Chromium', () => {
  let browser: Browser;
  let receiver: Receiver;

  beforeAll(async () => {
    const bundle = await bundleForBrowser();
    console.log(`[sdk] browser bundle: ${bundle.bytes} bytes, ${bundle.gzipBytes} bytes gzip`);
    expect(bundle.gzipBytes).toBeLessThan(8 * 1024);
    const html = { type: 'text/html; charset=utf-8', body: PAGE };
    receiver = await startReceiver({
      '/sdk.js': { type: 'text/javascript', body: bundle.code },
      '/landing.html': html,
      '/other.html': html,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
  });

  async function open(context: BrowserContext, path: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${receiver.url}${path}`);
    await page.waitForFunction('window.sdkReady === true');
    return page;
  }
  const pageViews = (path: string) =>
    receiver.messages().filter((m) => m.type === 'page' && m.context.page?.path === path);
  const events = (name: string) => receiver.messages().filter((m) => m.type === 'track' && m.event === name);

  it('captures utm_* and gclid from the landing URL, keeps them for the session, and keeps the anonymous id', async () => {
    const context = await browser.newContext();
    const landing =
      '/landing.html?utm_source=baidu&utm_medium=cpc&utm_campaign=spring&utm_term=ball%20valve&utm_content=banner&gclid=G-123';
    const page = await open(context, landing);
    const [first] = await receiver
      .waitFor(() => pageViews('/landing.html').length === 1)
      .then(() => pageViews('/landing.html'));
    const campaign = {
      source: 'baidu',
      medium: 'cpc',
      name: 'spring',
      term: 'ball valve',
      content: 'banner',
      gclid: 'G-123',
    };
    expect(first?.context.campaign).toEqual(campaign);
    expect(first?.context.page).toEqual({
      url: `${receiver.url}${landing}`,
      path: '/landing.html',
      title: '阀门 Valves — Tradeloop test',
      referrer: '',
      search: landing.slice('/landing.html'.length),
    });
    expect(first?.properties).toMatchObject({ path: '/landing.html', title: '阀门 Valves — Tradeloop test' });
    expect(first?.context.userAgent).toMatch(/Chrome/);
    expect(first?.context.locale).toBeTruthy();
    expect(first?.context.library.name).toBe('@tradeloop/sdk');
    expect(first?.messageId).toMatch(/^[0-9a-f-]{36}$/);
    const anonymousId = first!.anonymousId;

    await page.reload();
    await page.waitForFunction('window.sdkReady === true');
    await receiver.waitFor(() => pageViews('/landing.html').length === 2);
    expect(pageViews('/landing.html')[1]?.anonymousId).toBe(anonymousId);

    // A later page of the session, reached by a link without utm parameters, still carries the landing campaign.
    await page.click('#next');
    await page.waitForFunction('window.sdkReady === true');
    await receiver.waitFor(() => pageViews('/other.html').length === 1);
    const other = pageViews('/other.html')[0]!;
    expect(other.anonymousId).toBe(anonymousId);
    expect(other.context.campaign).toEqual(campaign);
    expect(other.context.page?.referrer).toBe(`${receiver.url}${landing}`);
    await context.close();

    // Another browser profile is another visitor.
    const stranger = await browser.newContext();
    await open(stranger, '/other.html');
    await receiver.waitFor(() => pageViews('/other.html').length === 2);
    const strangerView = pageViews('/other.html')[1]!;
    expect(strangerView.anonymousId).not.toBe(anonymousId);
    expect(strangerView.context.campaign).toBeUndefined();
    await stranger.close();
  });

  it('sends one exposure per product element seen at least minVisibleMs, and none for a glimpse', async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 720 } });
    const page = await open(context, '/landing.html?exposures');
    const exposures = () => events('exposure').filter((m) => m.anonymousId === anonymousId);
    const anonymousId = await page.evaluate<string>('window.tracker.user().anonymousId');
    const scrollTo = (id: string) => page.evaluate(`document.getElementById('${id}').scrollIntoView()`);

    await receiver.waitFor(() => exposures().length === 1);
    // A glimpse shorter than minVisibleMs is not an exposure.
    await scrollTo('glimpse');
    await page.waitForTimeout(150);
    const dwellStart = Date.now();
    await scrollTo('dwell');
    await page.waitForTimeout(800);
    // Back and forth: an element already exposed in this page view is not sent again.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.waitForTimeout(100);
    await scrollTo('dwell');
    await page.waitForTimeout(700);
    // An element added later is watched too.
    await page.evaluate(`(() => {
      const card = document.createElement('div');
      card.className = 'card';
      card.setAttribute('data-tl-product-id', 'prd_late');
      card.setAttribute('data-tl-position', '7');
      card.setAttribute('data-tl-slot', 'recommend');
      document.getElementById('dwell').after(card);
    })()`);
    await receiver.waitFor(() => exposures().some((m) => m.properties?.productId === 'prd_late'));
    await page.waitForTimeout(300);

    const sent = exposures();
    expect(sent.map((m) => m.properties)).toEqual([
      { productId: 'prd_top', position: 0, slot: 'search' },
      { productId: 'prd_dwell', position: 2, slot: 'category', listId: 'list_9' },
      { productId: 'prd_late', position: 7, slot: 'recommend' },
    ]);
    const dwell = sent[1]!;
    expect(Date.parse(dwell.timestamp) - dwellStart).toBeGreaterThanOrEqual(450);
    await context.close();
  });

  it('sends the queue with sendBeacon when the page becomes hidden', async () => {
    const context = await browser.newContext();
    const page = await open(context, '/landing.html?hold');
    await page.evaluate(`(() => {
      const original = navigator.sendBeacon.bind(navigator);
      window.beacons = [];
      navigator.sendBeacon = (url, data) => {
        window.beacons.push({ url, type: data.type });
        return original(url, data);
      };
    })()`);
    for (const n of [1, 2, 3]) await page.evaluate(`window.tracker.track('held', { n: ${n} })`);
    await page.waitForTimeout(200);
    expect(events('held')).toHaveLength(0);
    // Queued, and persisted in case the page dies.
    expect(await page.evaluate<number>("JSON.parse(localStorage.getItem('tl.queue.wk_browser')).length")).toBe(4);

    await page.evaluate(`(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    })()`);
    await receiver.waitFor(() => events('held').length === 3);
    expect(events('held').map((m) => m.properties?.n)).toEqual([1, 2, 3]);
    const beacons = await page.evaluate<{ url: string; type: string }[]>('window.beacons');
    expect(beacons).toEqual([{ url: `${receiver.url}/v1/batch`, type: 'application/json' }]);
    const request = receiver.batches.find((b) => b.body?.batch.some((m: Message) => m.event === 'held'));
    expect(request?.body?.writeKey).toBe('wk_browser');
    expect(request?.body?.batch).toHaveLength(4);
    expect(await page.evaluate<number>('window.tracker.queued()')).toBe(0);
    expect(await page.evaluate<string | null>("localStorage.getItem('tl.queue.wk_browser')")).toBeNull();
    await context.close();
  });

  it('sends the queue with sendBeacon when the visitor navigates away, exactly once', async () => {
    const context = await browser.newContext();
    const page = await open(context, '/landing.html?hold');
    // Count beacons in sessionStorage, which outlives the page.
    await page.evaluate(`(() => {
      const original = navigator.sendBeacon.bind(navigator);
      navigator.sendBeacon = (url, data) => {
        sessionStorage.setItem('beacons', String(Number(sessionStorage.getItem('beacons') ?? 0) + 1));
        return original(url, data);
      };
    })()`);
    await page.evaluate("window.tracker.track('leaving', { n: 1 })");
    await page.evaluate("window.tracker.track('leaving', { n: 2 })");
    expect(events('leaving')).toHaveLength(0);
    await page.goto(`${receiver.url}/other.html`);
    await page.waitForFunction('window.sdkReady === true');
    await receiver.waitFor(() => events('leaving').length === 2);
    expect(await page.evaluate<string | null>("sessionStorage.getItem('beacons')")).toBe('1');
    await page.waitForTimeout(300);
    // Not sent again by the next page from a persisted copy.
    expect(events('leaving').map((m) => m.properties?.n)).toEqual([1, 2]);
    await context.close();
  });
  it('keeps the unsent queue in localStorage when the tab dies, and the next page load sends it', async () => {
    const context = await browser.newContext();
    const page = await open(context, '/landing.html?hold');
    await page.evaluate("window.tracker.track('survivor', { n: 1 })");
    await page.evaluate("window.tracker.track('survivor', { n: 2 })");
    await page.waitForTimeout(100);
    // A renderer crash: no pagehide, no beacon; only the persisted copy remains.
    const cdp = await context.newCDPSession(page);
    await Promise.race([cdp.send('Page.crash').catch(() => undefined), page.waitForEvent('crash')]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(events('survivor')).toHaveLength(0);

    await open(context, '/other.html');
    await receiver.waitFor(() => events('survivor').length === 2);
    expect(events('survivor').map((m) => m.properties?.n)).toEqual([1, 2]);
    await context.close();
  });
});
