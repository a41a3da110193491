import type { IdentityCommand, ProfileOp, TrackedEvent } from '@tradeloop/schema';
import { type DuckDbEventStore, type OltpStore, openDuckDbEventStore } from '@tradeloop/storage';
import { oltpTestTargets } from '@tradeloop/storage/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../clock.js';
import { newId } from '../ids.js';
import type { Principal } from '../marketplace/access.js';
import { IdentityService } from './service.js';

const ADMIN: Principal = { kind: 'admin' };
const T0 = '2026-03-01T00:00:00.000Z';

const identify = (userId: string, anonymousId: string | null, traits: Record<string, unknown> = {}, at = T0) =>
  ({ kind: 'identify', userId, anonymousId, traits, at }) satisfies IdentityCommand;
const alias = (previousId: string, userId: string, at = T0) =>
  ({ kind: 'alias', previousId, userId, at }) satisfies IdentityCommand;
const group = (distinctId: string, groupId: string, traits: Record<string, unknown> = {}, at = T0) =>
  ({ kind: 'group', distinctId, groupId, traits, at }) satisfies IdentityCommand;
const profile = (op: ProfileOp, distinctId: string, properties: Record<string, unknown>, at = T0) =>
  ({ kind: 'profile', op, distinctId, properties, at }) satisfies IdentityCommand;

function trackEvent(distinctId: string, timestamp: string, event = 'product_view'): TrackedEvent {
  return {
    eventId: newId('evt'),
    type: 'track',
    event,
    timestamp,
    receivedAt: timestamp,
    distinctId,
    anonymousId: distinctId.startsWith('anon') ? distinctId : null,
    userId: distinctId.startsWith('anon') ? null : distinctId,
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
    properties: {},
  };
}

describe.each(oltpTestTargets())('identity service ($dialect)', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  let store: OltpStore;
  let events: DuckDbEventStore;
  let identity: IdentityService;
  let offset = 0;
  const clock = manualClock(T0);

  /** Applies the commands as the next write-ahead-log record. */
  const apply = (...commands: IdentityCommand[]) => identity.apply(commands, { segment: 1, offset: ++offset });
  const byDistinct = async (distinctId: string) => {
    const page = await identity.lookup(ADMIN, { distinctId, limit: 50, offset: 0 });
    expect(page.total, `persons of ${distinctId}`).toBe(1);
    return page.items[0] as NonNullable<(typeof page.items)[0]>;
  };
  const personCount = async () =>
    Number(
      (
        await store.db
          .selectFrom('persons')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeEach(async () => {
    if (skipReason) return;
    offset = 0;
    store = await target.open();
    events = await openDuckDbEventStore(':memory:');
    identity = new IdentityService({ store, clock, events });
  });
  afterEach(async () => {
    if (skipReason) return;
    await events.close();
    await store.close();
  });

  it.skipIf(skipReason !== '')('identify creates one person for a new user id and anonymous id', async () => {
    const result = await apply(identify('u1', 'anon1', { name: '李伟', email: 'Li.Wei@Example.com' }));
    expect(result).toMatchObject({ applied: 1, skipped: 0, personsCreated: 1, merges: 0, mirrored: 2, errors: [] });
    const person = await byDistinct('anon1');
    expect(person.distinctIds.sort()).toEqual(['anon1', 'u1']);
    expect(person.userIds).toEqual(['u1']);
    expect(person.traits).toEqual({ name: '李伟', email: 'Li.Wei@Example.com' });
    expect((await identity.lookup(ADMIN, { userId: 'u1', limit: 50, offset: 0 })).items[0]?.id).toBe(person.id);
    // An anonymous id is not a user id.
    expect((await identity.lookup(ADMIN, { userId: 'anon1', limit: 50, offset: 0 })).total).toBe(0);
    expect((await identity.lookup(ADMIN, { email: 'li.wei@example.com', limit: 50, offset: 0 })).items[0]?.id).toBe(
      person.id,
    );
  });

  it.skipIf(skipReason !== '')(
    'identify merges the anonymous person into the identified one: its values win, set_once keeps the earliest',
    async () => {
      await apply(
        profile('set_once', 'anon1', { first_channel: 'baidu', first_visit: T0 }, '2026-01-01T00:00:00.000Z'),
      );
      await apply(profile('set', 'anon1', { plan: 'free', city: '杭州' }));
      await apply(identify('u1', null, { plan: 'pro' }));
      await apply(profile('set_once', 'u1', { first_channel: 'wechat' }, '2026-02-01T00:00:00.000Z'));
      const anonBefore = await byDistinct('anon1');
      const userBefore = await byDistinct('u1');
      expect(anonBefore.id).not.toBe(userBefore.id);

      const result = await apply(identify('u1', 'anon1'));
      expect(result.merges).toBe(1);
      const merged = await byDistinct('anon1');
      expect(merged.id).toBe(userBefore.id);
      expect(merged.distinctIds.sort()).toEqual(['anon1', 'u1']);
      expect(merged.traits).toEqual({ plan: 'pro', city: '杭州', first_channel: 'baidu', first_visit: T0 });
      // The merged-away id still answers, with the surviving person.
      expect((await identity.get(ADMIN, anonBefore.id)).id).toBe(userBefore.id);
      expect(await personCount()).toBe(2);
      const rows = await store.db.selectFrom('personDistinctIds').selectAll().orderBy('distinctId').execute();
      expect(rows.map((r) => [r.distinctId, r.personId, Number(r.version), Number(r.mirrorPending)])).toEqual([
        ['anon1', userBefore.id, 2, 0],
        ['u1', userBefore.id, 1, 0],
      ]);
    },
  );

  it.skipIf(skipReason !== '')(
    'merges are retroactive: events sent anonymously are found by the person after identify',
    async () => {
      await events.append([
        trackEvent('anon1', '2026-03-01T10:00:00.000Z', 'product_view'),
        trackEvent('anon1', '2026-03-01T10:01:00.000Z', 'add_to_cart'),
        trackEvent('anon2', '2026-03-02T09:00:00.000Z', 'search'),
        trackEvent('someone-else', '2026-03-02T09:00:00.000Z', 'search'),
      ]);
      await apply(profile('set_once', 'anon2', { first_visit: T0 }));
      const anon2Person = await byDistinct('anon2');
      expect((await identity.events(ADMIN, anon2Person.id, { limit: 100 })).items).toHaveLength(1);

      // anon → user → second anon, each in its own record.
      await apply(identify('u1', 'anon1'));
      await events.append([trackEvent('u1', '2026-03-01T10:05:00.000Z', 'order_placed')]);
      await apply(identify('u1', 'anon2'));

      const person = await byDistinct('u1');
      expect(person.distinctIds.sort()).toEqual(['anon1', 'anon2', 'u1']);
      const found = await identity.events(ADMIN, person.id, { limit: 100 });
      expect(found.items.map((e) => e.event)).toEqual(['search', 'order_placed', 'add_to_cart', 'product_view']);
      expect(await events.count({ personId: person.id })).toBe(4);
      // The merged-away person has no events left.
      expect(await events.count({ personId: anon2Person.id })).toBe(0);
      expect((await identity.events(ADMIN, person.id, { limit: 2 })).items).toHaveLength(2);
    },
  );

  it.skipIf(skipReason !== '')('alias merges the previous id into the user id, also along a chain', async () => {
    await apply(profile('set', 'old-user', { phone: '138 0013 8000', name: 'old' }));
    await apply(identify('new-user', 'anon9', { name: 'new' }));
    await apply(alias('old-user', 'new-user'));
    const person = await byDistinct('old-user');
    expect(person.distinctIds.sort()).toEqual(['anon9', 'new-user', 'old-user']);
    expect(person.traits).toEqual({ name: 'new', phone: '138 0013 8000' });
    // An alias to an id never seen adds it to the person.
    await apply(alias('device-7', 'new-user'));
    expect((await byDistinct('device-7')).id).toBe(person.id);
    // And an alias of two unknown ids creates one person for both.
    await apply(alias('x-prev', 'x-user'));
    expect((await byDistinct('x-prev')).id).toBe((await byDistinct('x-user')).id);
    expect(
      (await identity.lookup(ADMIN, { phone: '13800138000', limit: 50, offset: 0 })).items.map((p) => p.id),
    ).toEqual([person.id]);
  });

  it.skipIf(skipReason !== '')('merges within one batch: chains resolve to the last surviving person', async () => {
    const result = await identity.applyRecords([
      { position: { segment: 1, offset: 1 }, commands: [profile('increment', 'a1', { visits: 1 })] },
      { position: { segment: 1, offset: 2 }, commands: [profile('increment', 'a2', { visits: 2 })] },
      { position: { segment: 1, offset: 3 }, commands: [identify('u', 'a2'), alias('a1', 'u')] },
      { position: { segment: 1, offset: 4 }, commands: [identify('u', 'a3'), profile('set', 'a3', { tier: 'gold' })] },
    ]);
    expect(result).toMatchObject({ applied: 6, personsCreated: 1, merges: 1, errors: [] });
    const person = await byDistinct('a1');
    expect(person.distinctIds.sort()).toEqual(['a1', 'a2', 'a3', 'u']);
    expect(person.traits).toEqual({ visits: 2, tier: 'gold' });
    expect(await personCount()).toBe(1);

    // Stored persons merged into a person that is itself merged away in the same batch point at the survivor.
    offset = 10;
    await apply(profile('set', 'b1', { x: 1 }));
    await apply(profile('set', 'b2', { y: 2 }));
    const [b1, b2] = [await byDistinct('b1'), await byDistinct('b2')];
    await apply(alias('b1', 'fresh'), alias('fresh', 'b2'));
    expect((await identity.get(ADMIN, b1.id)).id).toBe(b2.id);
    expect((await byDistinct('fresh')).distinctIds.sort()).toEqual(['b1', 'b2', 'fresh']);
    expect((await byDistinct('b1')).traits).toEqual({ x: 1, y: 2 });
  });

  it.skipIf(skipReason !== '')('an anonymous id that already belongs to another user is not merged', async () => {
    await apply(identify('u1', 'shared-browser'));
    await apply(identify('u2', 'shared-browser', { name: 'second account' }));
    const first = await byDistinct('u1');
    const second = await byDistinct('u2');
    expect(second.id).not.toBe(first.id);
    expect(first.distinctIds.sort()).toEqual(['shared-browser', 'u1']);
    expect(second).toMatchObject({ distinctIds: ['u2'], traits: { name: 'second account' } });
  });

  it.skipIf(skipReason !== '')('increment, append and unset; bad keys are reported and skipped', async () => {
    await apply(profile('increment', 'u1', { orders: 2, gmv: 1000 }));
    await apply(profile('increment', 'u1', { orders: 1, gmv: 'a lot' }));
    await apply(profile('set', 'u1', { title: 'buyer' }));
    const result = await apply(
      profile('append', 'u1', { favorites: ['p1', 'p2'] }),
      profile('append', 'u1', { favorites: ['p2', 'p3'], title: 'x' }),
      profile('unset', 'u1', { gmv: true }),
    );
    expect(result.errors).toEqual([
      { record: 0, command: 1, kind: 'profile', key: 'title', reason: 'cannot append to a text value' },
    ]);
    const person = await byDistinct('u1');
    expect(person.traits).toEqual({ orders: 3, title: 'buyer', favorites: ['p1', 'p2', 'p3'] });
  });

  it.skipIf(skipReason !== '')('a profile operation on an unknown distinct id creates the person', async () => {
    await apply(profile('unset', 'ghost', { x: true }));
    expect(await byDistinct('ghost')).toMatchObject({ distinctIds: ['ghost'], userIds: [], traits: {} });
  });

  it.skipIf(skipReason !== '')(
    'replay is exactly once: records at or before the stored position are skipped however they are batched',
    async () => {
      const records = [1, 2, 3, 4, 5].map((n) => ({
        position: { segment: n < 4 ? 1 : 2, offset: n * 100 },
        commands: [profile('increment', 'u1', { n: 1 }), profile('append', 'u1', { seen: [`r${n}`] })],
      }));
      expect(await identity.applyRecords(records.slice(0, 3))).toMatchObject({ applied: 6, skipped: 0 });
      // After a crash: a new service over the same store gets the tail again, batched differently.
      const restarted = new IdentityService({ store, clock, events });
      expect(await restarted.lastPosition()).toEqual({ segment: 1, offset: 300 });
      const replay = await restarted.applyRecords(records.slice(1));
      expect(replay).toMatchObject({ applied: 4, skipped: 4, position: { segment: 2, offset: 500 } });
      expect(await restarted.applyRecords(records)).toMatchObject({ applied: 0, skipped: 10 });
      expect(await restarted.apply([profile('increment', 'u1', { n: 1 })], { segment: 2, offset: 499 })).toMatchObject({
        applied: 0,
        skipped: 1,
      });
      const person = await byDistinct('u1');
      expect(person.traits).toEqual({ n: 5, seen: ['r1', 'r2', 'r3', 'r4', 'r5'] });
    },
  );

  it.skipIf(skipReason !== '')(
    'distinct ids committed but not yet in the event store are copied there on the next apply',
    async () => {
      await events.append([trackEvent('anon1', '2026-03-01T10:00:00.000Z')]);
      await events.close();
      // The event store is gone after the operational commit: the apply fails, the rows stay pending.
      await expect(apply(identify('u1', 'anon1'))).rejects.toThrow(/closed/);
      const pending = await store.db.selectFrom('personDistinctIds').select('mirrorPending').execute();
      expect(pending.map((r) => Number(r.mirrorPending))).toEqual([1, 1]);

      events = await openDuckDbEventStore(':memory:');
      await events.append([trackEvent('anon1', '2026-03-01T10:00:00.000Z')]);
      const restarted = new IdentityService({ store, clock, events });
      // Retrying the same record skips it, and copies what was left over.
      const retry = await restarted.apply([identify('u1', 'anon1')], { segment: 1, offset: offset });
      expect(retry).toMatchObject({ applied: 0, skipped: 1, mirrored: 2 });
      const person = await byDistinct('anon1');
      expect(await events.count({ personId: person.id })).toBe(1);
      const after = await store.db.selectFrom('personDistinctIds').select('mirrorPending').execute();
      expect(after.map((r) => Number(r.mirrorPending))).toEqual([0, 0]);
    },
  );

  it.skipIf(skipReason !== '')('group ties the person to the latest group and sets group traits', async () => {
    await apply(identify('u1', 'anon1'));
    await apply(group('anon1', 'org_a', { name: 'Acme 钢铁', employees: 50 }));
    expect((await byDistinct('u1')).organizationId).toBe('org_a');
    expect((await identity.group(ADMIN, 'org_a')).traits).toEqual({ name: 'Acme 钢铁', employees: 50 });
    await apply(group('u1', 'org_a', { employees: 60 }), group('u1', 'org_b'));
    expect((await byDistinct('u1')).organizationId).toBe('org_b');
    expect((await identity.group(ADMIN, 'org_a')).traits).toEqual({ name: 'Acme 钢铁', employees: 60 });
    expect((await identity.group(ADMIN, 'org_b')).traits).toEqual({});
    await expect(identity.group(ADMIN, 'org_never')).rejects.toMatchObject({ code: 'not_found' });
  });

  it.skipIf(skipReason !== '')('lookups by phone and email are normalised; merged persons are not listed', async () => {
    await apply(profile('set', 'anonP', { phone: '139-0000 1111' }));
    await apply(profile('set', 'u7', { phone: '+8613900002222', email: 'Buyer@Steel.CN' }));
    const byPhone = await identity.lookup(ADMIN, { phone: '13900001111', limit: 50, offset: 0 });
    expect(byPhone.items.map((p) => p.distinctIds)).toEqual([['anonP']]);
    expect((await identity.lookup(ADMIN, { email: 'buyer@steel.cn', limit: 50, offset: 0 })).total).toBe(1);
    await apply(identify('u7', 'anonP'));
    // Merged: the phone of u7 wins, and the anonymous person (whose phone it was) is no longer listed.
    expect((await identity.lookup(ADMIN, { phone: '13900001111', limit: 50, offset: 0 })).total).toBe(0);
    const merged = await identity.lookup(ADMIN, { phone: '+8613900002222', limit: 50, offset: 0 });
    expect(merged.items.map((p) => p.distinctIds.sort())).toEqual([['anonP', 'u7']]);
  });

  it.skipIf(skipReason !== '')(
    'data scope: members are refused, restricted operators see only in-scope groups',
    async () => {
      const at = T0;
      for (const [id, region] of [
        ['org_east', 'east'],
        ['org_west', 'southwest'],
      ]) {
        await store.db
          .insertInto('organizations')
          .values({
            id: id as string,
            name: id as string,
            kind: 'buyer',
            creditCode: `91310000${id}`.padEnd(18, '0').slice(0, 18),
            industry: 'steel',
            region: region as string,
            businessLine: 'steel',
            certificationStatus: 'verified',
            certificationNote: null,
            certifiedAt: null,
            certifiedBy: null,
            memberLevelId: null,
            createdAt: at,
            updatedAt: at,
          })
          .execute();
      }
      await apply(
        group('e', 'org_east'),
        group('w', 'org_west'),
        group('x', 'external-crm-42'),
        profile('set', 'n', {}),
      );
      const eastOnly: Principal = {
        kind: 'operator',
        operatorId: 'opr_1',
        role: 'analyst',
        scope: { regions: ['east'], businessLines: '*' },
      };
      const everyone: Principal = { ...eastOnly, scope: { regions: '*', businessLines: '*' } };
      const visible = async (p: Principal) => {
        const out: string[] = [];
        for (const d of ['e', 'w', 'x', 'n']) {
          if ((await identity.lookup(p, { distinctId: d, limit: 50, offset: 0 })).total === 1) out.push(d);
        }
        return out;
      };
      expect(await visible(eastOnly)).toEqual(['e']);
      expect(await visible(everyone)).toEqual(['e', 'w', 'x', 'n']);
      const west = await byDistinct('w');
      await expect(identity.get(eastOnly, west.id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(identity.events(eastOnly, west.id, { limit: 10 })).rejects.toMatchObject({ code: 'not_found' });
      await expect(identity.group(eastOnly, 'external-crm-42')).rejects.toMatchObject({ code: 'not_found' });
      expect((await identity.get(eastOnly, (await byDistinct('e')).id)).organizationId).toBe('org_east');
      const member: Principal = {
        kind: 'member',
        contactId: 'ctc_1',
        organizationId: 'org_east',
        organizationKind: 'buyer',
      };
      await expect(identity.lookup(member, { distinctId: 'e', limit: 50, offset: 0 })).rejects.toMatchObject({
        code: 'forbidden',
      });
    },
  );

  it.skipIf(skipReason !== '')('applies a large batch set-wise in one call', async () => {
    const n = 4000;
    const commands: IdentityCommand[] = [];
    for (let i = 0; i < n; i++) {
      commands.push(profile('set_once', `anon-${i}`, { first_visit: T0 }));
      commands.push(identify(`user-${i}`, `anon-${i}`, { email: `u${i}@example.com` }));
      commands.push(profile('increment', `user-${i}`, { logins: 1 }));
      commands.push(group(`user-${i}`, `org-${i % 10}`, { size: i % 10 }));
    }
    const result = await identity.apply(commands, { segment: 9, offset: 1 });
    expect(result).toMatchObject({ applied: 4 * n, personsCreated: n, merges: 0, mirrored: 2 * n, errors: [] });
    expect(await personCount()).toBe(n);
    const p = await byDistinct('anon-1234');
    expect(p).toMatchObject({
      userIds: ['user-1234'],
      organizationId: 'org-4',
      traits: { first_visit: T0, email: 'u1234@example.com', logins: 1 },
    });
    // A second batch touching the same persons merges nothing and moves nothing.
    const again = await identity.apply(
      commands.filter((c) => c.kind === 'profile' && c.op === 'increment'),
      { segment: 9, offset: 2 },
    );
    expect(again).toMatchObject({ applied: n, personsCreated: 0, mirrored: 0 });
    expect((await byDistinct('user-17')).traits.logins).toBe(2);
  });
});
