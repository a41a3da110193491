import { oltpTestTargets } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorToken, createOrgWithMember } from '../../testing/actors.js';
import { expectRefusedWithoutWrites } from '../../testing/assertions.js';
import { startTestApi, type TestApi } from '../../testing/harness.js';

const csv = (text: string) => ({ rawBody: text, headers: { 'content-type': 'text/csv' } });

describe.each(oltpTestTargets())('channel spend API on $dialect', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  const test = it.skipIf(skipReason !== '');
  let api: TestApi;

  beforeAll(async () => {
    if (skipReason) return;
    api = await startTestApi({ dialect, skipReason, ...target });
  });
  afterAll(async () => api?.close());

  const list = async (from: string, to: string) => {
    const res = await api.request('GET', `/api/channel-spend?from=${from}&to=${to}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.rows as { channel: string; day: string; amount: number; currency: string }[];
  };

  test('stores JSON rows, replaces a channel and day, and lists a range of days', async () => {
    const put = await api.request('PUT', '/api/channel-spend', {
      body: {
        rows: [
          { channel: 'baidu', day: '2026-01-01', amount: 300_000 },
          { channel: 'wechat', day: '2026-01-01', amount: 120_000, currency: 'CNY' },
          { channel: 'baidu', day: '2026-01-02', amount: 1 },
          // The later row of the same channel and day wins.
          { channel: 'baidu', day: '2026-01-02', amount: 310_000 },
        ],
      },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toEqual({ written: 4 });
    await api.request('PUT', '/api/channel-spend', {
      body: { rows: [{ channel: 'wechat', day: '2026-01-01', amount: 5 }] },
    });
    expect(await list('2026-01-01', '2026-01-02')).toEqual([
      { channel: 'baidu', day: '2026-01-01', amount: 300_000, currency: 'CNY' },
      { channel: 'wechat', day: '2026-01-01', amount: 5, currency: 'CNY' },
      { channel: 'baidu', day: '2026-01-02', amount: 310_000, currency: 'CNY' },
    ]);
    expect(await list('2026-01-02', '2026-01-02')).toHaveLength(1);
  });

  test('a bad JSON row is refused with its index and field; nothing is written', async () => {
    await expectRefusedWithoutWrites(
      api,
      () =>
        api.request('PUT', '/api/channel-spend', {
          body: {
            rows: [
              { channel: 'expo', day: '2026-02-01', amount: 100 },
              { channel: 'expo', day: '2026-02-02', amount: -5 },
            ],
          },
        }),
      400,
      'validation_failed',
      ['body', 'rows', 1, 'amount'],
    );
    await expectRefusedWithoutWrites(
      api,
      () =>
        api.request('PUT', '/api/channel-spend', {
          body: { rows: [{ channel: 'expo', day: '2026-02-30', amount: 1 }] },
        }),
      400,
      'validation_failed',
      ['body', 'rows', 0, 'day'],
    );
  });

  test('imports a CSV all or nothing; bad rows are named by line and field', async () => {
    const good = await api.request(
      'POST',
      '/api/channel-spend/import',
      csv('channel,day,amount,currency\nmysteel,2026-03-01,150000,CNY\n"expo, hall 2",2026-03-01,250000,CNY\n\n'),
    );
    expect(good.status, JSON.stringify(good.body)).toBe(200);
    expect(good.body).toEqual({ written: 2 });
    expect((await list('2026-03-01', '2026-03-01')).map((r) => [r.channel, r.amount])).toEqual([
      ['expo, hall 2', 250_000],
      ['mysteel', 150_000],
    ]);

    const bad = await expectRefusedWithoutWrites(
      api,
      () =>
        api.request(
          'POST',
          '/api/channel-spend/import',
          csv('day,channel,amount\n2026-03-02,mysteel,1\n2026-13-01,mysteel,1\n2026-03-03,mysteel,12abc\n'),
        ),
      400,
      'validation_failed',
      ['body', 3, 'day'],
    );
    expect(bad.body.error.message).toMatch(/^line 3, day: /);
    expect(bad.body.error.details.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [3, 'day'],
      [4, 'amount'],
    ]);
    await expectRefusedWithoutWrites(
      api,
      () => api.request('POST', '/api/channel-spend/import', csv('channel,amount\nmysteel,1\n')),
      400,
      'validation_failed',
      ['body', 1, 'day'],
    );
  });

  test('who may write and read; a reversed range is refused', async () => {
    const analyst = await createOperatorToken(api, 'analyst');
    const row = { rows: [{ channel: 'baidu', day: '2026-04-01', amount: 1 }] };
    await expectRefusedWithoutWrites(
      api,
      () => api.request('PUT', '/api/channel-spend', { token: analyst.token, body: row }),
      403,
      'forbidden',
    );
    expect(
      (await api.request('GET', '/api/channel-spend?from=2026-01-01&to=2026-01-31', { token: analyst.token })).status,
    ).toBe(200);
    const member = await createOrgWithMember(api, { kind: 'buyer' });
    expect(
      (await api.request('GET', '/api/channel-spend?from=2026-01-01&to=2026-01-31', { token: member.token })).status,
    ).toBe(403);
    const reversed = await api.request('GET', '/api/channel-spend?from=2026-02-01&to=2026-01-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.path).toEqual(['querystring', 'to']);
  });

  test('POST /api/query answers the channel quadrant with the stored spend', async () => {
    await api.request('PUT', '/api/channel-spend', {
      body: {
        rows: [
          { channel: 'baidu', day: '2026-05-01', amount: 4000 },
          { channel: 'wechat', day: '2026-05-02', amount: 1000 },
        ],
      },
    });
    const key = { authorization: `Basic ${Buffer.from(`${api.writeKey}:`).toString('base64')}` };
    const track = (userId: string, event: string, timestamp: string, extra: Record<string, unknown> = {}) => ({
      type: 'track',
      userId,
      event,
      timestamp,
      properties: event === 'order_paid' ? { orderId: `o-${userId}`, total: 100 } : {},
      context: { groupId: `org-${userId}`, ...extra },
    });
    const batch = [
      track('q1', '$pageview', '2026-05-01T02:00:00Z', { campaign: { source: 'baidu' } }),
      track('q1', 'signup', '2026-05-01T02:10:00Z'),
      track('q1', 'order_paid', '2026-05-03T02:00:00Z'),
      track('q2', '$pageview', '2026-05-02T02:00:00Z', { campaign: { source: 'baidu' } }),
      track('q2', 'signup', '2026-05-02T02:10:00Z'),
      track('q3', '$pageview', '2026-05-02T03:00:00Z', { campaign: { source: 'wechat' } }),
      track('q3', 'signup', '2026-05-02T03:10:00Z'),
      track('q3', 'order_paid', '2026-05-04T03:10:00Z'),
    ];
    const sent = await api.request('POST', '/v1/batch', { token: null, headers: key, body: { batch } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    await api.platform.ingest.drain();

    const res = await api.request('POST', '/api/query', {
      body: { kind: 'ChannelQuadrantQuery', dateRange: { from: '2026-05-01', to: '2026-05-31' } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // baidu: 4000 / 2 registrations = 2000, / 1 paying = 4000; wechat: 1000 / 1 = 1000 both.
    // Medians: CPR (1000 + 2000) / 2 = 1500, CPP (1000 + 4000) / 2 = 2500.
    expect(res.body.thresholds).toEqual({ costPerRegistration: 1500, costPerPaying: 2500 });
    expect(res.body.channels).toEqual([
      {
        channel: 'baidu',
        spend: 4000,
        registrations: 2,
        paying: 1,
        costPerRegistration: 2000,
        costPerPaying: 4000,
        quadrant: 'question',
      },
      {
        channel: 'wechat',
        spend: 1000,
        registrations: 1,
        paying: 1,
        costPerRegistration: 1000,
        costPerPaying: 1000,
        quadrant: 'star',
      },
    ]);
  });
});
