import { type IdentityService as Identity, newId } from '@tradeloop/core';
import type { IdentityCommand, TrackedEvent } from '@tradeloop/schema';
import { type OltpTestTarget, oltpTestTargets } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorToken, createOrgWithMember, type TestOrg } from '../../testing/actors.js';
import { expectRefusedWithoutWrites } from '../../testing/assertions.js';
import { startTestApi, type TestApi } from '../../testing/harness.js';

type PersonsApi = TestApi & { identity: Identity };

/** The standard test API (real server, store of the dialect, in-memory DuckDB event store, identity service). */
async function startPersonsApi(target: OltpTestTarget): Promise<PersonsApi> {
  const api = await startTestApi(target);
  return Object.assign(api, { identity: api.platform.identity });
}

const T0 = '2026-03-01T00:00:00.000Z';

function trackEvent(distinctId: string, timestamp: string, event: string): TrackedEvent {
  return {
    eventId: newId('evt'),
    type: 'track',
    event,
    timestamp,
    receivedAt: timestamp,
    distinctId,
    anonymousId: distinctId,
    userId: null,
    organizationId: null,
    sessionId: null,
    sourceId: 'src_test',
    utmSource: null,
    utmMedium: null,
    utmCampaign: null,
    utmTerm: null,
    utmContent: null,
    referrer: null,
    clickId: null,
    clickIdType: null,
    pageUrl: null,
    pagePath: null,
    pageTitle: null,
    screenName: null,
    libraryName: null,
    libraryVersion: null,
    ip: null,
    userAgent: null,
    properties: { sku: 'P-1' },
  };
}

describe.each(oltpTestTargets())('persons routes ($dialect)', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  let api: PersonsApi;
  let east: TestOrg;
  let west: TestOrg;
  let eastAnalyst: string;
  let allAnalyst: string;
  const ids: Record<'east' | 'west' | 'external' | 'none', string> = { east: '', west: '', external: '', none: '' };

  beforeAll(async () => {
    if (skipReason) return;
    api = await startPersonsApi({ dialect, skipReason, ...target });
    east = await createOrgWithMember(api, { kind: 'buyer', region: 'east' });
    west = await createOrgWithMember(api, { kind: 'buyer', region: 'southwest' });
    eastAnalyst = (await createOperatorToken(api, 'analyst', { regions: ['east'], businessLines: '*' })).token;
    allAnalyst = (await createOperatorToken(api, 'analyst')).token;
    await api.events.append([
      trackEvent('anon-e', '2026-03-01T10:00:00.000Z', 'product_view'),
      trackEvent('anon-e', '2026-03-01T10:02:00.000Z', 'add_to_cart'),
      trackEvent('anon-w', '2026-03-01T11:00:00.000Z', 'search'),
    ]);
    const commands: IdentityCommand[] = [
      { kind: 'profile', op: 'set_once', distinctId: 'anon-e', properties: { first_channel: 'baidu' }, at: T0 },
      { kind: 'identify', userId: 'user-e', anonymousId: 'anon-e', traits: { phone: '139-0000 1111' }, at: T0 },
      { kind: 'group', distinctId: 'user-e', groupId: east.organizationId, traits: { name: 'East' }, at: T0 },
      { kind: 'identify', userId: 'user-w', anonymousId: 'anon-w', traits: { email: 'W@Example.com' }, at: T0 },
      { kind: 'group', distinctId: 'user-w', groupId: west.organizationId, traits: {}, at: T0 },
      { kind: 'group', distinctId: 'user-x', groupId: 'crm-acct-77', traits: {}, at: T0 },
      { kind: 'profile', op: 'set', distinctId: 'anon-n', properties: { city: '杭州' }, at: T0 },
    ];
    await api.identity.apply(commands, { segment: 1, offset: 1 });
    const find = async (distinctId: string) =>
      (await api.request('GET', `/api/persons?distinctId=${distinctId}`)).body.items[0].id as string;
    ids.east = await find('user-e');
    ids.west = await find('user-w');
    ids.external = await find('user-x');
    ids.none = await find('anon-n');
  });
  afterAll(async () => api?.close());

  it.skipIf(skipReason !== '')('looks persons up by phone (normalised), email, user id and distinct id', async () => {
    for (const query of [
      'phone=139-0000-1111',
      `phone=${encodeURIComponent('139 0000 1111')}`,
      'userId=user-e',
      'distinctId=anon-e',
    ]) {
      const res = await api.request('GET', `/api/persons?${query}`);
      expect(res.status, query).toBe(200);
      expect(res.body, query).toMatchObject({ total: 1, limit: 50, offset: 0 });
      expect(res.body.items[0].id, query).toBe(ids.east);
    }
    const byEmail = await api.request('GET', '/api/persons?email=w@example.COM');
    expect(byEmail.body.items.map((p: { id: string }) => p.id)).toEqual([ids.west]);
    expect((await api.request('GET', '/api/persons?userId=anon-e')).body.total).toBe(0);
  });

  it.skipIf(skipReason !== '')('returns a person with all distinct ids, traits and organisation', async () => {
    const res = await api.request('GET', `/api/persons/${ids.east}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: ids.east,
      userIds: ['user-e'],
      traits: { first_channel: 'baidu', phone: '139-0000 1111' },
      organizationId: east.organizationId,
    });
    expect([...res.body.distinctIds].sort()).toEqual(['anon-e', 'user-e']);
  });

  it.skipIf(skipReason !== '')('lists the events sent before identify, newest first, up to the limit', async () => {
    const res = await api.request('GET', `/api/persons/${ids.east}/events?limit=5`);
    expect(res.status).toBe(200);
    expect(res.body.personId).toBe(ids.east);
    expect(res.body.items.map((e: TrackedEvent) => e.event)).toEqual(['add_to_cart', 'product_view']);
    expect(res.body.items[0]).toMatchObject({ distinctId: 'anon-e', properties: { sku: 'P-1' } });
    const one = await api.request('GET', `/api/persons/${ids.east}/events?limit=1`);
    expect(one.body.items).toHaveLength(1);
  });

  it.skipIf(skipReason !== '')(
    'operators see persons of organisations in their scope; no-organisation persons only unrestricted',
    async () => {
      const visible = async (token: string) => {
        const out: string[] = [];
        for (const [name, id] of Object.entries(ids)) {
          const res = await api.request('GET', `/api/persons/${id}`, { token });
          if (res.status === 200) out.push(name);
          else expect(res.status, `${name} ${JSON.stringify(res.body)}`).toBe(404);
        }
        return out;
      };
      expect(await visible(eastAnalyst)).toEqual(['east']);
      expect(await visible(allAnalyst)).toEqual(['east', 'west', 'external', 'none']);
      expect(await visible(api.adminToken)).toEqual(['east', 'west', 'external', 'none']);
      expect((await api.request('GET', '/api/persons?userId=user-w', { token: eastAnalyst })).body.total).toBe(0);
      expect((await api.request('GET', '/api/persons?userId=user-e', { token: eastAnalyst })).body.total).toBe(1);
      const events = await api.request('GET', `/api/persons/${ids.west}/events`, { token: eastAnalyst });
      expect(events.status).toBe(404);
      expect(events.body.error.code).toBe('not_found');
    },
  );

  it.skipIf(skipReason !== '')('members and anonymous callers are refused', async () => {
    for (const url of ['/api/persons?userId=user-e', `/api/persons/${ids.east}`, `/api/persons/${ids.east}/events`]) {
      await expectRefusedWithoutWrites(api, () => api.request('GET', url, { token: east.token }), 403, 'forbidden');
      await expectRefusedWithoutWrites(api, () => api.request('GET', url, { token: null }), 401, 'unauthenticated');
    }
  });

  it.skipIf(skipReason !== '')('bad input is a 400 with the field path; unknown persons a 404', async () => {
    const cases: [string, (string | number)[]][] = [
      ['/api/persons', ['querystring', 'phone']],
      ['/api/persons?userId=a&distinctId=b', ['querystring', 'phone']],
      ['/api/persons?phone=not-a-phone', ['querystring', 'phone']],
      ['/api/persons?email=nope', ['querystring', 'email']],
      ['/api/persons?userId=', ['querystring', 'userId']],
      [`/api/persons?distinctId=${'x'.repeat(201)}`, ['querystring', 'distinctId']],
      ['/api/persons?userId=u&limit=0', ['querystring', 'limit']],
      ['/api/persons?userId=u&offset=-1', ['querystring', 'offset']],
      ['/api/persons?userId=u&name=x', ['querystring']],
      [`/api/persons/${ids.east}/events?limit=1001`, ['querystring', 'limit']],
      [`/api/persons/${ids.east}/events?limit=abc`, ['querystring', 'limit']],
      [`/api/persons/${ids.east}/events?since=1`, ['querystring']],
    ];
    for (const [url, path] of cases) {
      const res = await expectRefusedWithoutWrites(api, () => api.request('GET', url), 400, 'validation_failed');
      expect(res.body.error.path, url).toEqual(path);
    }
    await expectRefusedWithoutWrites(api, () => api.request('GET', '/api/persons/psn_missing'), 404, 'not_found');
    await expectRefusedWithoutWrites(
      api,
      () => api.request('GET', '/api/persons/psn_missing/events'),
      404,
      'not_found',
    );
  });
});
