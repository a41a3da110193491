import { createRequire } from 'node:module';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import { Analytics as SegmentAnalytics } from '@segment/analytics-node';
import type { TrackedEvent } from '@tradeloop/schema';
import { oltpTestTargets } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './testing/harness.js';

/**
 * The official client libraries, unchanged, deliver to our ingestion endpoints over a real loopback socket:
 * `@segment/analytics-node` and `@rudderstack/rudder-sdk-node` (Segment HTTP spec, POST /v1/batch, the latter gzipped)
 * and `sa-sdk-node` (Sensors Analytics, POST /sa with a gzipped base64 `data_list` form field).
 */

/** The slice of sa-sdk-node's API these tests use (the package ships no types). */
type SensorsSubmitter = { subscribe(onNext: () => void, onError: (err: unknown) => void): unknown };
type SensorsClient = {
  submitTo(
    options: { url: string; gzip?: boolean; mode?: 'track' | 'debug' | 'dryRun'; timeout?: number },
    batch?: { count?: number; timeSpan?: number },
  ): SensorsSubmitter | undefined;
  track(distinctId: string, event: string, properties?: Record<string, unknown>): void;
  trackSignup(distinctId: string, originalId: string, properties?: Record<string, unknown>): void;
  profileSet(distinctId: string, properties: Record<string, unknown>): void;
  profileSetOnce(distinctId: string, properties: Record<string, unknown>): void;
  profileIncrement(distinctId: string, properties: Record<string, number>): void;
  profileAppend(distinctId: string, properties: Record<string, string[]>): void;
  profileUnset(distinctId: string, keys: string[]): void;
};
const SensorsAnalytics = createRequire(import.meta.url)('sa-sdk-node') as new () => SensorsClient;

const HOUR_MS = 3_600_000;

/** Listens on a free loopback port; answers the base URL. */
async function listen(api: TestApi): Promise<string> {
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  const address = api.app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('server has no TCP address');
  return `http://127.0.0.1:${address.port}`;
}

/** Events of these distinct ids, oldest first; fails on a repeated event id. */
async function eventsOf(api: TestApi, distinctIds: string[]): Promise<TrackedEvent[]> {
  await api.platform.ingest.drain();
  const events = await api.events.find({ distinctIds }, { limit: 1000 });
  expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
  return events;
}

function only(events: TrackedEvent[], name: string): TrackedEvent {
  const found = events.filter((e) => e.event === name);
  expect(found, `exactly one ${name}`).toHaveLength(1);
  return found[0] as TrackedEvent;
}

/** The person behind a user id, through the persons API (admin token). */
async function personOf(api: TestApi, userId: string) {
  const res = await api.request('GET', `/api/persons?userId=${encodeURIComponent(userId)}`);
  expect(res.status).toBe(200);
  expect(res.body.items).toHaveLength(1);
  return res.body.items[0] as {
    id: string;
    distinctIds: string[];
    userIds: string[];
    traits: Record<string, unknown>;
    organizationId: string | null;
  };
}

describe.each(oltpTestTargets())(
  'official client libraries over HTTP on $dialect',
  ({ dialect, skipReason, ...target }) => {
    if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
    let api: TestApi;
    let baseUrl: string;
    beforeAll(async () => {
      if (skipReason) return;
      api = await startTestApi({ dialect, skipReason, ...target });
      baseUrl = await listen(api);
    });
    afterAll(async () => api?.close());

    it.skipIf(skipReason !== '')(
      '@segment/analytics-node: identify, track, page, group, alias land once, stitched to one person',
      async () => {
        const anon = `seg-anon-${dialect}`;
        const user = `seg-user-${dialect}`;
        const legacy = `seg-legacy-${dialect}`;
        // flushAt 3: the six calls go as two batch requests (sent concurrently by the library).
        const analytics = new SegmentAnalytics({
          writeKey: api.writeKey,
          host: baseUrl,
          path: '/v1/batch',
          flushAt: 3,
          flushInterval: 60_000,
          maxRetries: 0,
        });
        const sentIds: string[] = [];
        const statuses: number[] = [];
        analytics.on('http_request', (req) => {
          const body = JSON.parse(String(req.body)) as { batch: { messageId: string }[] };
          for (const m of body.batch) sentIds.push(m.messageId);
        });
        analytics.on('http_response', (res) => statuses.push(res.status));
        const errors: unknown[] = [];
        analytics.on('error', (err) => errors.push(err));

        const orderAt = new Date(Date.now() - 2 * HOUR_MS);
        analytics.track({
          anonymousId: anon,
          event: 'product_view',
          properties: { productId: 'p-1', unitPrice: 129_900, position: 2, slot: 'search' },
          context: {
            campaign: { source: 'newsletter', medium: 'email', name: 'spring-sale' },
            page: {
              url: 'https://shop.example/products/p-1?gclid=G-123',
              path: '/products/p-1',
              referrer: 'https://search.example/?q=steel',
              title: 'Steel pipe',
            },
          },
        });
        analytics.page({
          anonymousId: anon,
          name: 'Product',
          properties: { url: 'https://shop.example/products/p-1?utm_source=ads&utm_medium=cpc', title: 'Steel pipe' },
        });
        analytics.identify({
          userId: user,
          anonymousId: anon,
          traits: { email: `buyer-${dialect}@example.com`, name: 'Li Wei', plan: 'pro' },
        });
        analytics.track({
          userId: user,
          event: 'order_placed',
          timestamp: orderAt,
          properties: { orderId: 'o-1', total: 259_800, currency: 'CNY', itemCount: 2 },
        });
        analytics.group({
          userId: user,
          groupId: `org-seg-${dialect}`,
          traits: { name: 'Acme Steel', region: 'cn-east' },
        });
        analytics.alias({ userId: user, previousId: legacy });
        await analytics.closeAndFlush({ timeout: 20_000 });

        expect(errors).toEqual([]);
        expect(statuses).toEqual([200, 200]);
        expect(sentIds).toHaveLength(6);

        const events = await eventsOf(api, [anon, user]);
        expect(events.map((e) => e.eventId).sort()).toEqual([...sentIds].sort());
        expect([...(await api.events.existingEventIds(sentIds))].sort()).toEqual([...sentIds].sort());
        for (const e of events) {
          expect(e.sourceId).not.toBe('');
          expect(e.libraryName).toBe('@segment/analytics-node');
        }

        const view = only(events, 'product_view');
        expect(view).toMatchObject({
          type: 'track',
          distinctId: anon,
          anonymousId: anon,
          userId: null,
          utmSource: 'newsletter',
          utmMedium: 'email',
          utmCampaign: 'spring-sale',
          clickId: 'G-123',
          clickIdType: 'gclid',
          referrer: 'https://search.example/?q=steel',
          pagePath: '/products/p-1',
          pageTitle: 'Steel pipe',
        });
        expect(view.properties).toEqual({ productId: 'p-1', unitPrice: 129_900, position: 2, slot: 'search' });

        const page = only(events, '$pageview');
        expect(page).toMatchObject({ type: 'page', distinctId: anon, utmSource: 'ads', utmMedium: 'cpc' });

        const order = only(events, 'order_placed');
        expect(order).toMatchObject({ type: 'track', distinctId: user, userId: user });
        expect(order.properties).toEqual({ orderId: 'o-1', total: 259_800, currency: 'CNY', itemCount: 2 });
        // The historical timestamp is honoured (corrected only by the sub-second skew between sentAt and receipt).
        expect(Math.abs(Date.parse(order.timestamp) - orderAt.getTime())).toBeLessThan(5_000);
        expect(Date.parse(order.receivedAt)).toBeGreaterThan(orderAt.getTime() + HOUR_MS);

        expect(only(events, '$identify')).toMatchObject({ type: 'identify', userId: user, anonymousId: anon });
        expect(only(events, '$group')).toMatchObject({ type: 'group', organizationId: `org-seg-${dialect}` });
        expect(only(events, '$alias').properties).toEqual({ previousId: legacy });

        const person = await personOf(api, user);
        expect(person.distinctIds).toEqual(expect.arrayContaining([anon, user, legacy]));
        expect(person.userIds).toContain(user);
        expect(person.traits).toMatchObject({ email: `buyer-${dialect}@example.com`, name: 'Li Wei', plan: 'pro' });
        expect(person.organizationId).toBe(`org-seg-${dialect}`);
        // The anonymous product view and page view count for the person identified afterwards.
        const ofPerson = await api.events.find({ personId: person.id }, { limit: 100 });
        expect(ofPerson.map((e) => e.eventId).sort()).toEqual([...sentIds].sort());
        const byEmail = await api.request('GET', `/api/persons?email=buyer-${dialect}@example.com`);
        expect(byEmail.body.items.map((p: { id: string }) => p.id)).toEqual([person.id]);
      },
    );

    it.skipIf(skipReason !== '')(
      '@rudderstack/rudder-sdk-node: gzipped batches to /v1/batch land once, stitched to one person',
      async () => {
        const anon = `rs-anon-${dialect}`;
        const user = `rs-user-${dialect}`;
        const legacy = `rs-legacy-${dialect}`;
        const errors: unknown[] = [];
        const client = new RudderAnalytics(api.writeKey, {
          dataPlaneUrl: baseUrl,
          flushAt: 4,
          flushInterval: 60_000,
          retryCount: 0,
          logLevel: 'error',
          errorHandler: (err) => errors.push(err),
        });
        // Each call's callback runs once the request holding it was answered (with the error, if any).
        const delivered: Promise<void>[] = [];
        const acked = () => {
          let callback: (err?: unknown) => void = () => {};
          delivered.push(new Promise<void>((resolve, reject) => (callback = (err) => (err ? reject(err) : resolve()))));
          return callback;
        };
        const orderAt = new Date(Date.now() - 3 * HOUR_MS);
        client.track(
          {
            anonymousId: anon,
            event: 'add_to_cart',
            properties: { productId: 'p-2', quantity: 3, unitPrice: 5_000 },
            context: { campaign: { source: 'wechat', medium: 'social', name: 'launch' } },
          },
          acked(),
        );
        client.page(
          {
            anonymousId: anon,
            name: 'Cart',
            properties: { url: 'https://shop.example/cart?utm_campaign=launch', path: '/cart', title: 'Cart' },
          },
          acked(),
        );
        client.identify(
          { userId: user, anonymousId: anon, traits: { email: `rs-${dialect}@example.com`, city: 'Ningbo' } },
          acked(),
        );
        client.track(
          {
            userId: user,
            event: 'order_placed',
            timestamp: orderAt,
            properties: { orderId: 'o-2', total: 15_000, currency: 'CNY' },
          },
          acked(),
        );
        client.group({ userId: user, groupId: `org-rs-${dialect}`, traits: { name: 'Ningbo Tools' } }, acked());
        client.alias({ userId: user, previousId: legacy }, acked());
        // The library sends the first call at once and then batches of flushAt; flush() sends what is left.
        await client.flush();
        await Promise.all(delivered);
        expect(errors).toEqual([]);

        const events = await eventsOf(api, [anon, user]);
        expect(events).toHaveLength(6);
        for (const e of events) {
          expect(e.eventId).toMatch(/^[0-9a-f-]{36}$/); // the library's messageId (a UUID) is the event id
          expect(e.libraryName).toBe('analytics-node');
        }
        const cart = only(events, 'add_to_cart');
        expect(cart).toMatchObject({
          type: 'track',
          distinctId: anon,
          anonymousId: anon,
          utmSource: 'wechat',
          utmMedium: 'social',
          utmCampaign: 'launch',
        });
        expect(cart.properties).toEqual({ productId: 'p-2', quantity: 3, unitPrice: 5_000 });
        expect(only(events, '$pageview')).toMatchObject({ distinctId: anon, pagePath: '/cart', utmCampaign: 'launch' });
        const order = only(events, 'order_placed');
        expect(order).toMatchObject({ distinctId: user, userId: user });
        expect(order.properties).toEqual({ orderId: 'o-2', total: 15_000, currency: 'CNY' });
        expect(Math.abs(Date.parse(order.timestamp) - orderAt.getTime())).toBeLessThan(5_000);
        // Without an explicit timestamp, Rudder's originalTimestamp (skew-corrected with sentAt) is the event time.
        expect(Math.abs(Date.parse(cart.timestamp) - Date.parse(cart.receivedAt))).toBeLessThan(5_000);
        expect(only(events, '$group').organizationId).toBe(`org-rs-${dialect}`);

        const person = await personOf(api, user);
        expect(person.distinctIds).toEqual(expect.arrayContaining([anon, user, legacy]));
        expect(person.traits).toMatchObject({ email: `rs-${dialect}@example.com`, city: 'Ningbo' });
        expect(person.organizationId).toBe(`org-rs-${dialect}`);
        expect(await api.events.count({ personId: person.id })).toBe(6);
      },
    );

    it.skipIf(skipReason !== '')(
      'sa-sdk-node: track, track_signup and profile_* via gzipped data_list land once and build the profile',
      async () => {
        const anon = `sa-anon-${dialect}`;
        const user = `sa-user-${dialect}`;
        const sa = new SensorsAnalytics();
        // sa-sdk-node lets one submitTo run per process (a global flag); each dialect's server gets its own client.
        (globalThis as { isRunSubmitTo?: boolean }).isRunSubmitTo = false;
        // Batches of 4 records: the 12 calls below are three POST /sa requests, sent one after the other.
        const submitter = sa.submitTo(
          { url: `${baseUrl}/sa?project=default`, gzip: true, mode: 'track' },
          { count: 4 },
        );
        if (!submitter) throw new Error('sa-sdk-node did not start a submitter');
        let succeeded = 0;
        const errors: unknown[] = [];
        const done = new Promise<void>((resolve, reject) => {
          submitter.subscribe(
            () => {
              succeeded++;
              if (succeeded === 3) resolve();
            },
            (err) => {
              errors.push(err);
              reject(err);
            },
          );
        });

        const viewAt = new Date(Date.now() - 5 * HOUR_MS);
        sa.track(anon, 'product_view', {
          productId: 'p-3',
          unitPrice: 88_000,
          $time: viewAt,
          $url: 'https://m.shop.example/p/3?utm_source=baidu&utm_medium=cpc&utm_campaign=q3&bd_vid=B-9',
          $referrer: 'https://www.baidu.com/',
          $title: 'Valve',
        });
        sa.track(anon, 'add_to_cart', { productId: 'p-3', quantity: 1 });
        sa.trackSignup(user, anon, { method: 'phone' });
        sa.track(user, 'order_placed', { orderId: 'o-3', total: 88_000, currency: 'CNY', $is_login_id: true });
        sa.profileSet(user, { email: `sa-${dialect}@example.com`, city: 'Hangzhou', tier: 'gold' });
        sa.profileSetOnce(user, { first_source: 'baidu' });
        sa.profileSetOnce(user, { first_source: 'later-ignored' });
        sa.profileIncrement(user, { orders: 2 });
        sa.profileIncrement(user, { orders: 1 });
        sa.profileAppend(user, { interests: ['valves', 'pipes'] });
        sa.profileAppend(user, { interests: ['pipes', 'pumps'] });
        sa.profileUnset(user, ['tier']);
        await done;
        expect(errors).toEqual([]);

        const events = await eventsOf(api, [anon, user]);
        expect(events.map((e) => e.event).sort()).toEqual(['$identify', 'add_to_cart', 'order_placed', 'product_view']);
        for (const e of events) {
          expect(e.libraryName).toBe('Node');
          expect(e.eventId).toMatch(/^sa_[0-9a-f]{32}$/);
        }
        const view = only(events, 'product_view');
        expect(view).toMatchObject({
          distinctId: anon,
          anonymousId: anon,
          userId: null,
          utmSource: 'baidu',
          utmMedium: 'cpc',
          utmCampaign: 'q3',
          referrer: 'https://www.baidu.com/',
          pageTitle: 'Valve',
          pagePath: '/p/3',
        });
        expect(view.timestamp).toBe(viewAt.toISOString());
        expect(view.properties).toMatchObject({ productId: 'p-3', unitPrice: 88_000, $lib: 'Node' });
        expect(view.properties).not.toHaveProperty('$time');
        expect(only(events, '$identify')).toMatchObject({
          type: 'identify',
          distinctId: user,
          userId: user,
          anonymousId: anon,
        });
        const order = only(events, 'order_placed');
        expect(order).toMatchObject({ distinctId: user, userId: user });
        expect(order.properties).toMatchObject({ orderId: 'o-3', total: 88_000, currency: 'CNY' });

        const person = await personOf(api, user);
        expect(person.distinctIds).toEqual(expect.arrayContaining([anon, user]));
        expect(person.traits).toEqual({
          email: `sa-${dialect}@example.com`,
          city: 'Hangzhou',
          first_source: 'baidu',
          orders: 3,
          interests: ['valves', 'pipes', 'pumps'],
        });
        expect(await api.events.count({ personId: person.id })).toBe(4);
        const byDistinct = await api.request('GET', `/api/persons?distinctId=${anon}`);
        expect(byDistinct.body.items.map((p: { id: string }) => p.id)).toEqual([person.id]);
      },
    );
  },
);
