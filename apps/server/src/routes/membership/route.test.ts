import { DAY_MS, manualClock } from '@tradeloop/core';
import { oltpTestTargets, snapshotTables } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorToken, createOrgWithMember } from '../../testing/actors.js';
import { startTestApi, type TestApi } from '../../testing/harness.js';

describe.each(oltpTestTargets())('member levels and points API on $dialect', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  const clock = manualClock('2026-05-01T00:00:00.000Z');
  let api: TestApi;
  beforeAll(async () => {
    if (!skipReason) api = await startTestApi({ dialect, skipReason, ...target }, { clock });
  });
  afterAll(async () => api?.close());

  async function refused(method: string, url: string, options: Parameters<TestApi['request']>[2], status: number) {
    const before = await snapshotTables(api.store);
    const res = await api.request(method, url, options);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(await snapshotTables(api.store)).toEqual(before);
    return res.body.error as { code: string; path?: (string | number)[]; details?: Record<string, unknown> };
  }

  it.skipIf(skipReason !== '')('manages member levels: create, list by rank, patch, duplicates, rights', async () => {
    const gold = await api.request('POST', '/api/member-levels', {
      body: { code: 'gold', name: '黄金会员', rank: 20, minLifetimePoints: 5000, pointsRatePercent: 150 },
    });
    expect(gold.status).toBe(201);
    const silver = await api.request('POST', '/api/member-levels', {
      body: { code: 'silver', name: '白银会员', rank: 10, minLifetimePoints: 1000, pointsRatePercent: 120 },
    });
    expect(silver.status).toBe(201);
    const list = await api.request('GET', '/api/member-levels');
    expect(list.body.items.map((l: { code: string }) => l.code)).toEqual(['silver', 'gold']);

    const dupCode = await refused(
      'POST',
      '/api/member-levels',
      { body: { code: 'gold', name: 'x', rank: 30, minLifetimePoints: 1, pointsRatePercent: 100 } },
      409,
    );
    expect(dupCode).toMatchObject({ code: 'duplicate', path: ['body', 'code'] });
    const dupRank = await refused('PATCH', `/api/member-levels/${gold.body.id}`, { body: { rank: 10 } }, 409);
    expect(dupRank).toMatchObject({ code: 'duplicate', path: ['body', 'rank'] });
    const patched = await api.request('PATCH', `/api/member-levels/${gold.body.id}`, {
      body: { pointsRatePercent: 200, code: 'gold' },
    });
    expect(patched.body).toMatchObject({ code: 'gold', pointsRatePercent: 200, rank: 20 });

    const analyst = await createOperatorToken(api, 'analyst');
    const member = await createOrgWithMember(api, { kind: 'buyer' });
    expect((await api.request('GET', '/api/member-levels', { token: member.token })).status).toBe(200);
    for (const token of [analyst.token, member.token]) {
      await refused(
        'POST',
        '/api/member-levels',
        { token, body: { code: 'vip', name: 'x', rank: 99, minLifetimePoints: 1, pointsRatePercent: 1 } },
        403,
      );
      await refused('PATCH', `/api/member-levels/${gold.body.id}`, { token, body: { name: 'x' } }, 403);
    }
    await refused('PATCH', '/api/member-levels/lvl_missing', { body: { name: 'x' } }, 404);

    const bad: [unknown, (string | number)[]][] = [
      [{ code: 'Gold!', name: 'x', rank: 1, minLifetimePoints: 0, pointsRatePercent: 100 }, ['body', 'code']],
      [{ code: 'a', name: 'x', rank: -1, minLifetimePoints: 0, pointsRatePercent: 100 }, ['body', 'rank']],
      [
        { code: 'a', name: 'x', rank: 1, minLifetimePoints: '10', pointsRatePercent: 100 },
        ['body', 'minLifetimePoints'],
      ],
      [{ code: 'a', name: 'x', rank: 1, minLifetimePoints: 0, pointsRatePercent: 1.5 }, ['body', 'pointsRatePercent']],
      [{ code: 'a', name: 'x', rank: 1, minLifetimePoints: 0, pointsRatePercent: 1, extra: 1 }, ['body']],
    ];
    for (const [body, path] of bad) {
      const err = await refused('POST', '/api/member-levels', { body }, 400);
      expect(err.code).toBe('validation_failed');
      expect(err.path, JSON.stringify(body)).toEqual(path);
    }
    const malformed = await refused('POST', '/api/member-levels', { rawBody: '{"code":' }, 400);
    expect(malformed.code).toBe('invalid_json');
  });

  it.skipIf(skipReason !== '')(
    'grants, spends oldest-first, refuses overspending and expires lapsed points',
    async () => {
      clock.set('2026-05-01T00:00:00.000Z');
      const org = await createOrgWithMember(api, { kind: 'buyer' });
      const base = `/api/organizations/${org.organizationId}/points`;
      const service = await createOperatorToken(api, 'customer_service');

      const g1 = await api.request('POST', `${base}/grant`, {
        token: service.token,
        body: { points: 400, expiresAt: '2026-06-01T08:00:00+08:00', note: '开业礼' },
      });
      expect(g1.status).toBe(200);
      expect(g1.body).toMatchObject({ balance: 400, lifetime: 400 });
      const g2 = await api.request('POST', `${base}/grant`, { body: { points: 600, note: '补偿' } });
      expect(g2.body).toMatchObject({ balance: 1000, lifetime: 1000 });

      const spent = await api.request('POST', `${base}/spend`, {
        token: org.token,
        body: { points: 300, note: '抵扣' },
      });
      expect(spent.status).toBe(200);
      expect(spent.body.balance).toBe(700);

      const short = await refused('POST', `${base}/spend`, { token: org.token, body: { points: 701 } }, 422);
      expect(short).toMatchObject({ code: 'insufficient_points', path: ['body', 'points'], details: { balance: 700 } });

      const account = await api.request('GET', `${base}?limit=10`, { token: org.token });
      expect(account.body).toMatchObject({
        organizationId: org.organizationId,
        balance: 700,
        lifetime: 1000,
        // 1000 lifetime points reached silver (created by the previous test); spending does not lower it.
        level: { code: 'silver' },
      });
      expect(account.body.ledger.total).toBe(3);
      const lots = account.body.ledger.items.filter(
        (e: { kind: string; expiresAt: string | null }) => e.kind === 'adjust' && e.expiresAt,
      );
      // The expiring lot was spent first.
      expect(lots[0]).toMatchObject({ delta: 400, remaining: 100, expiresAt: '2026-06-01T00:00:00.000Z' });

      expect((await api.request('POST', '/api/points/expire')).body).toEqual({ lots: 0, points: 0 });
      clock.set('2026-06-01T00:00:00.000Z');
      const expired = await api.request('POST', '/api/points/expire', { token: service.token });
      expect(expired.status).toBe(200);
      expect(expired.body.points).toBeGreaterThanOrEqual(100);
      const after = await api.request('GET', base);
      expect(after.body).toMatchObject({ balance: 600, lifetime: 1000 });
      expect(after.body.ledger.items[0]).toMatchObject({ kind: 'expire', delta: -100 });
      expect((await api.request('POST', '/api/points/expire')).body).toEqual({ lots: 0, points: 0 });
    },
  );

  it.skipIf(skipReason !== '')('grants that reach a level upgrade the organisation', async () => {
    const level = await api.request('POST', '/api/member-levels', {
      body: { code: 'diamond', name: '钻石', rank: 900, minLifetimePoints: 1_000_000, pointsRatePercent: 300 },
    });
    const org = await createOrgWithMember(api, { kind: 'buyer' });
    const res = await api.request('POST', `/api/organizations/${org.organizationId}/points/grant`, {
      body: { points: 1_000_000, note: 'key account' },
    });
    expect(res.body.memberLevelId).toBe(level.body.id);
    const account = await api.request('GET', `/api/organizations/${org.organizationId}/points`, { token: org.token });
    expect(account.body.level).toMatchObject({ code: 'diamond', rank: 900 });
    const byLevel = await api.request('GET', `/api/organizations?memberLevelId=${level.body.id}`);
    expect(byLevel.body.items.map((o: { id: string }) => o.id)).toEqual([org.organizationId]);
  });

  it.skipIf(skipReason !== '')('points rights: own organisation, permission and scope', async () => {
    const east = await createOrgWithMember(api, { kind: 'buyer', region: 'east' });
    const west = await createOrgWithMember(api, { kind: 'buyer', region: 'northwest' });
    await api.request('POST', `/api/organizations/${west.organizationId}/points/grant`, {
      body: { points: 50, note: 'x' },
    });
    const eastService = await createOperatorToken(api, 'customer_service', { regions: ['east'], businessLines: '*' });
    const analyst = await createOperatorToken(api, 'analyst');
    const westBase = `/api/organizations/${west.organizationId}/points`;

    expect((await api.request('GET', westBase, { token: east.token })).status).toBe(404);
    expect((await api.request('GET', westBase, { token: eastService.token })).status).toBe(404);
    expect((await api.request('GET', westBase, { token: analyst.token })).status).toBe(200);
    await refused('POST', `${westBase}/spend`, { token: east.token, body: { points: 1 } }, 404);
    await refused('POST', `${westBase}/spend`, { token: eastService.token, body: { points: 1 } }, 404);
    await refused('POST', `${westBase}/grant`, { token: eastService.token, body: { points: 1, note: 'x' } }, 404);
    expect((await refused('POST', `${westBase}/spend`, { token: analyst.token, body: { points: 1 } }, 403)).code).toBe(
      'forbidden',
    );
    await refused('POST', `${westBase}/grant`, { token: analyst.token, body: { points: 1, note: 'x' } }, 403);
    await refused('POST', `${westBase}/grant`, { token: west.token, body: { points: 1, note: 'x' } }, 403);
    await refused('POST', '/api/points/expire', { token: west.token }, 403);
    await refused('POST', '/api/points/expire', { token: analyst.token }, 403);
    const eastGrant = await api.request('POST', `/api/organizations/${east.organizationId}/points/grant`, {
      token: eastService.token,
      body: { points: 5, note: 'ok' },
    });
    expect(eastGrant.status).toBe(200);
    await refused('GET', '/api/organizations/org_missing/points', {}, 404);
  });

  it.skipIf(skipReason !== '')('refuses bad points input with 400 and the field path, writing nothing', async () => {
    const org = await createOrgWithMember(api, { kind: 'buyer' });
    const base = `/api/organizations/${org.organizationId}/points`;
    const cases: [string, unknown, (string | number)[]][] = [
      ['spend', { points: 0 }, ['body', 'points']],
      ['spend', { points: 1.5 }, ['body', 'points']],
      ['spend', { points: '10' }, ['body', 'points']],
      ['spend', { points: 10, reason: 'x' }, ['body']],
      ['grant', { points: 10 }, ['body', 'note']],
      ['grant', { points: 10, note: 'x', expiresAt: 'tomorrow' }, ['body', 'expiresAt']],
      ['grant', { points: -5, note: 'x' }, ['body', 'points']],
    ];
    for (const [action, body, path] of cases) {
      const err = await refused('POST', `${base}/${action}`, { body }, 400);
      expect(err.code).toBe('validation_failed');
      expect(err.path, JSON.stringify(body)).toEqual(path);
    }
    const past = new Date(clock().getTime() - DAY_MS).toISOString();
    const inPast = await refused('POST', `${base}/grant`, { body: { points: 10, note: 'x', expiresAt: past } }, 400);
    expect(inPast).toMatchObject({ code: 'validation_failed', path: ['body', 'expiresAt'] });
    expect((await refused('POST', `${base}/spend`, { rawBody: '{points: 1}' }, 400)).code).toBe('invalid_json');
    expect((await api.request('GET', `${base}?limit=500`)).body.error.path).toEqual(['querystring', 'limit']);
  });
});
