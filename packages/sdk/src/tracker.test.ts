import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SDK_NAME, SDK_VERSION } from './message.js';
import { memoryStorage } from './storage.js';
import { type Receiver, startReceiver } from './testing/receiver.js';
import { createTracker, type TrackerOptions } from './tracker.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const WRITE_KEY = 'wk_test_123';

let receiver: Receiver;
let warnings: string[];
const closers: (() => Promise<void>)[] = [];

beforeEach(async () => {
  receiver = await startReceiver();
  warnings = [];
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await receiver.close();
});

function tracker(options: Partial<TrackerOptions> = {}) {
  const t = createTracker({
    writeKey: WRITE_KEY,
    host: receiver.url,
    flushAt: 100,
    flushIntervalMs: 60_000,
    onWarning: (m) => warnings.push(m),
    ...options,
  });
  closers.push(() => t.close({ timeoutMs: 200 }));
  return t;
}

const names = (messages: { event?: string }[]) => messages.map((m) => m.event);

describe('queue and batches', () => {
  it('posts Segment batches of flushAt messages to /v1/batch with the write key', async () => {
    const t = tracker({ flushAt: 3 });
    for (let i = 0; i < 7; i++) t.track(`e${i}`, { i });
    await receiver.waitFor((m) => m.length === 6);
    expect(receiver.batches.map((b) => b.body?.batch.length)).toEqual([3, 3]);
    // the receiver has answered; the client removes the batch when the answer arrives
    await vi.waitFor(() => expect(t.queued()).toBe(1));
    await t.flush();
    expect(receiver.batches.map((b) => b.body?.batch.length)).toEqual([3, 3, 1]);

    const first = receiver.batches[0]!;
    expect(first.headers.authorization).toBe(`Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`);
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.body?.writeKey).toBe(WRITE_KEY);
    expect(Number.isNaN(Date.parse(first.body!.sentAt))).toBe(false);

    const messages = receiver.messages();
    expect(names(messages)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(7);
    for (const m of messages) {
      expect(m.messageId).toMatch(UUID_V4);
      expect(m.type).toBe('track');
      expect(m.anonymousId).toBe(t.user().anonymousId);
      expect(new Date(m.timestamp).toISOString()).toBe(m.timestamp);
      expect(m.context.library).toEqual({ name: SDK_NAME, version: SDK_VERSION });
      expect(m.context.timezone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
      expect(m.context.locale).toBeTruthy();
      expect(m.context.page).toBeUndefined();
    }
    expect(messages[4]?.properties).toEqual({ i: 4 });
  });

  it('sends what is queued once flushIntervalMs has passed', async () => {
    const t = tracker({ flushIntervalMs: 150 });
    const start = Date.now();
    t.track('a');
    t.track('b');
    await new Promise((r) => setTimeout(r, 50));
    expect(receiver.batches).toHaveLength(0);
    await receiver.waitFor((m) => m.length === 2, 2000);
    expect(Date.now() - start).toBeGreaterThanOrEqual(140);
    expect(receiver.batches).toHaveLength(1);
  });

  it('keeps at most maxQueue messages, dropping the oldest with a warning', async () => {
    const t = tracker({ maxQueue: 3 });
    for (let i = 0; i < 5; i++) t.track(`e${i}`);
    expect(t.queued()).toBe(3);
    await t.flush();
    expect(names(receiver.messages())).toEqual(['e2', 'e3', 'e4']);
    expect(warnings.join('\n')).toMatch(/maxQueue 3/);
  });

  it('drops a message over 32 KB with a warning and keeps the others', async () => {
    const t = tracker();
    t.track('huge', { blob: 'x'.repeat(40_000) });
    t.track('small');
    await t.flush();
    expect(names(receiver.messages())).toEqual(['small']);
    expect(warnings.join('\n')).toMatch(/exceeds 32768 bytes/);
  });

  it('close() delivers what is queued, and later calls are dropped', async () => {
    const t = tracker();
    t.track('before');
    await t.close();
    expect(names(receiver.messages())).toEqual(['before']);
    t.track('after');
    await new Promise((r) => setTimeout(r, 50));
    expect(receiver.batches).toHaveLength(1);
    expect(warnings.join('\n')).toMatch(/closed/);
  });

  it('rejects bad options', () => {
    expect(() => createTracker({ writeKey: '', host: receiver.url })).toThrow(/writeKey/);
    expect(() => createTracker({ writeKey: 'k', host: 'ftp://x' })).toThrow(/host/);
    expect(() => createTracker({ writeKey: 'k', host: receiver.url, flushAt: 0 })).toThrow(/flushAt/);
  });
});

describe('retry and backoff', () => {
  it('retries 5xx with growing, jittered delays and delivers the same messages', async () => {
    receiver.answerNext({ status: 500 }, { status: 503 }, { status: 502 });
    const t = tracker({ retry: { baseDelayMs: 60 } });
    t.track('a');
    t.track('b');
    await t.flush();
    expect(receiver.batches.map((b) => b.status)).toEqual([500, 503, 502, 200]);
    const ids = receiver.batches.map((b) => b.body?.batch.map((m) => m.messageId).join());
    expect(new Set(ids).size).toBe(1);
    expect(names(receiver.messages())).toEqual(['a', 'b']);
    const gaps = receiver.batches.slice(1).map((b, i) => b.at - receiver.batches[i]!.at);
    // failure n waits within [base·2^(n-1)/2, base·2^(n-1)]
    expect(gaps[0]).toBeGreaterThanOrEqual(28);
    expect(gaps[1]).toBeGreaterThanOrEqual(58);
    expect(gaps[2]).toBeGreaterThanOrEqual(118);
    expect(gaps[2]).toBeLessThan(1000);
  });

  it('retries after a network error (connection dropped)', async () => {
    receiver.answerNext('destroy', 'destroy');
    const t = tracker({ retry: { baseDelayMs: 10 } });
    t.track('a');
    await t.flush();
    expect(receiver.batches.map((b) => b.status)).toEqual([0, 0, 200]);
    expect(names(receiver.messages())).toEqual(['a']);
  });

  it('honours Retry-After on 429', async () => {
    receiver.answerNext({ status: 429, headers: { 'retry-after': '1' } });
    const t = tracker({ retry: { baseDelayMs: 5 } });
    t.track('a');
    await t.flush();
    expect(receiver.batches.map((b) => b.status)).toEqual([429, 200]);
    expect(receiver.batches[1]!.at - receiver.batches[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('drops a batch refused with 4xx (not 429) with a warning, and the queue moves on', async () => {
    receiver.answerWith((body) =>
      body?.batch.some((m) => m.event === 'bad')
        ? { status: 400, body: JSON.stringify({ errors: [{ index: 0, code: 'invalid_event' }] }) }
        : { status: 200 },
    );
    const t = tracker({ flushAt: 1, retry: { baseDelayMs: 5 } });
    t.track('bad');
    t.track('good1');
    t.track('good2');
    await t.flush();
    expect(receiver.batches.map((b) => `${b.body?.batch[0]?.event}:${b.status}`)).toEqual([
      'bad:400',
      'good1:200',
      'good2:200',
    ]);
    expect(warnings.join('\n')).toMatch(/refused 1 messages.*HTTP 400.*invalid_event/);
    expect(t.queued()).toBe(0);
  });

  it('gives up after maxAttempts and flush() resolves', async () => {
    receiver.answerWith(() => ({ status: 500 }));
    const t = tracker({ retry: { baseDelayMs: 5, maxAttempts: 3 } });
    t.track('doomed');
    await t.flush();
    expect(receiver.batches).toHaveLength(3);
    expect(t.queued()).toBe(0);
    expect(warnings.join('\n')).toMatch(/dropping 1 messages after 3 attempts/);
  });

  it('keeps unsent messages in the given storage and a new tracker delivers them', async () => {
    const storage = memoryStorage();
    receiver.answerWith(() => ({ status: 503 }));
    const first = tracker({ storage, retry: { baseDelayMs: 10_000 } });
    first.track('a');
    first.track('b');
    void first.flush();
    await receiver.waitFor(() => receiver.batches.length === 1);
    await first.close({ timeoutMs: 50 });
    const attempted = receiver.batches[0]!.body!.batch.map((m) => m.messageId);
    expect(JSON.parse(storage.getItem(`tl.queue.${WRITE_KEY}`) ?? '[]')).toHaveLength(2);

    receiver.answerWith(undefined);
    const second = tracker({ storage });
    expect(second.queued()).toBe(2);
    await second.flush();
    expect(receiver.messages().map((m) => m.messageId)).toEqual(attempted);
    expect(storage.getItem(`tl.queue.${WRITE_KEY}`)).toBeNull();
  });
});

describe('identity', () => {
  it('persists the anonymous id in the storage; memory by default', () => {
    const storage = memoryStorage();
    const a = tracker({ storage });
    const b = tracker({ storage });
    expect(a.user().anonymousId).toMatch(UUID_V4);
    expect(b.user().anonymousId).toBe(a.user().anonymousId);
    expect(tracker().user().anonymousId).not.toBe(a.user().anonymousId);
  });

  it('identify, group, page, alias and reset produce Segment messages and state', async () => {
    const storage = memoryStorage();
    const t = tracker({ storage });
    const anonymousId = t.user().anonymousId;
    t.page('Home', { section: 'top' });
    t.identify('user_42', { email: 'buyer@example.com' });
    t.track('add_to_cart', { productId: 'prd_1', quantity: 2 });
    t.group('org_7', { name: 'Acme Valves' });
    t.track('rfq_submitted', { rfqId: 'rfq_1' });
    t.alias('user_42_new');
    expect(tracker({ storage }).user()).toEqual({ anonymousId, userId: 'user_42', groupId: 'org_7' });
    t.reset();
    t.track('after_reset');
    await t.flush();

    const [page, identify, cart, group, rfq, alias, afterReset] = receiver.messages();
    expect(page).toMatchObject({ type: 'page', name: 'Home', properties: { name: 'Home', section: 'top' } });
    expect(page?.userId).toBeUndefined();
    expect(identify).toMatchObject({ type: 'identify', userId: 'user_42', traits: { email: 'buyer@example.com' } });
    expect(cart).toMatchObject({ type: 'track', event: 'add_to_cart', userId: 'user_42', anonymousId });
    expect(cart?.context.groupId).toBeUndefined();
    expect(group).toMatchObject({ type: 'group', groupId: 'org_7', traits: { name: 'Acme Valves' } });
    expect(rfq).toMatchObject({ userId: 'user_42', context: { groupId: 'org_7' } });
    expect(alias).toMatchObject({ type: 'alias', userId: 'user_42_new', previousId: 'user_42' });
    expect(afterReset?.userId).toBeUndefined();
    expect(afterReset?.context.groupId).toBeUndefined();
    expect(afterReset?.anonymousId).not.toBe(anonymousId);
    expect(tracker({ storage }).user()).toEqual({ anonymousId: afterReset?.anonymousId, userId: null, groupId: null });
  });
});

it('SDK_VERSION matches package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(SDK_VERSION).toBe(pkg.version);
});
