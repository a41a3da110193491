import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TrackedEvent } from '@tradeloop/schema';
import { oltpTestTargets } from '@tradeloop/storage/testing';
import { type Browser, chromium } from 'playwright-core';
import { rolldown } from 'rolldown';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './testing/harness.js';

/**
 * Segment's official browser library, `@segment/analytics-next` (analytics.js 2.0), unchanged, in Debian's Chromium
 * on a page of another origin (a shop), configured the way the console's sources page tells operators to (settings
 * given inline, `apiHost` = our `/v1`). It posts text/plain JSON to the one-letter paths (/v1/p, /v1/t, /v1/i) with
 * the write key in the body, and the events land in the store.
 */
const CHROMIUM = '/usr/bin/chromium';
const skipReason = existsSync(CHROMIUM) ? '' : `${CHROMIUM} is missing (apt-get install chromium)`;
if (skipReason) console.warn(`[analytics-next browser test] skipped: ${skipReason}`);

/** The library as one classic script (the npm package is ES modules with lazy chunks; inlined here). */
async function bundleAnalyticsNext(): Promise<string> {
  const entry = fileURLToPath(new URL('./__analytics_next_entry.js', import.meta.url)); // virtual, resolved below
  const bundle = await rolldown({
    input: entry,
    platform: 'browser',
    logLevel: 'silent',
    plugins: [
      {
        name: 'entry',
        resolveId: (id) => (id === entry ? id : null),
        load: (id) =>
          id === entry
            ? "import { AnalyticsBrowser } from '@segment/analytics-next'; window.AnalyticsBrowser = AnalyticsBrowser;"
            : null,
      },
    ],
  });
  const { output } = await bundle.generate({ format: 'iife', codeSplitting: false });
  return output[0].code;
}

/** The embedded SQLite store: the browser library is what is under test here, not the store. */
function sqlite() {
  const target = oltpTestTargets().find((t) => t.dialect === 'sqlite');
  if (!target) throw new Error('no sqlite test target');
  return target;
}

describe.skipIf(skipReason !== '')('@segment/analytics-next in Chromium', () => {
  let api: TestApi;
  let base: string;
  let browser: Browser;
  let library: string;

  beforeAll(async () => {
    [api, library] = await Promise.all([startTestApi(sqlite()), bundleAnalyticsNext()]);
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    const address = api.app.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no TCP address');
    base = `127.0.0.1:${address.port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      headless: true,
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('delivers page, track and identify from a shop page of another origin (another port)', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes(base))
        requests.push(`${r.method()} ${new URL(r.url()).pathname} ${r.headers()['content-type'] ?? ''}`);
    });
    // The shop: its own origin (another port), serving a plain page; nothing is fetched from Segment's CDN.
    const shop = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>shop</title><h1>店铺</h1>');
    });
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    const shopPort = (shop.address() as AddressInfo).port;
    await page.goto(`http://127.0.0.1:${shopPort}/products/42`);
    await page.addScriptTag({ content: library });
    await page.evaluate(
      async ({ writeKey, apiHost }) => {
        type Analytics = {
          page: () => Promise<unknown>;
          track: (e: string, p: object) => Promise<unknown>;
          identify: (id: string, t: object) => Promise<unknown>;
        };
        const w = globalThis as unknown as { AnalyticsBrowser: { load: (s: object) => PromiseLike<[Analytics]> } };
        const [analytics] = await w.AnalyticsBrowser.load({
          writeKey,
          cdnSettings: { integrations: { 'Segment.io': { apiKey: writeKey, apiHost, protocol: 'http' } } },
        });
        await analytics.page();
        await analytics.track('product_view', { productId: 'prd_42', category: 'steel' });
        await analytics.identify('ctc_browser_1', { email: 'buyer@example.com' });
      },
      { writeKey: api.writeKey, apiHost: `${base}/v1` },
    );
    await page.close();
    shop.close();

    expect(requests.some((r) => r.startsWith('POST /v1/t text/plain'))).toBe(true);
    await api.platform.ingest.drain();
    const anonymous = await api.events.find({ events: ['$pageview', 'product_view'] }, { limit: 100 });
    const view = anonymous.find((e: TrackedEvent) => e.event === 'product_view');
    expect(view?.properties).toMatchObject({ productId: 'prd_42', category: 'steel' });
    expect(view?.pageUrl).toBe(`http://127.0.0.1:${shopPort}/products/42`);
    expect(view?.pagePath).toBe('/products/42');
    expect(anonymous.some((e) => e.event === '$pageview')).toBe(true);
    // identify stitched the browser's anonymous id to the user: both now belong to one person.
    const res = await api.request('GET', '/api/persons?userId=ctc_browser_1');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].distinctIds).toContain(view?.distinctId);
  }, 60_000);
});
