import type { OltpStore } from '@tradeloop/storage';
import { oltpTestTargets, snapshotTables } from '@tradeloop/storage/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../ids.js';
import { MarketplaceError } from '../errors.js';
import {
  earnPointsForOrder,
  expirePoints,
  grantPoints,
  lifetimePoints,
  pointsBalance,
  pointsForAmount,
  revokePointsForOrder,
  spendPoints,
  upgradeMemberLevel,
} from './ledger.js';

const T0 = '2026-01-01T00:00:00.000Z';

async function addOrg(store: OltpStore, memberLevelId: string | null = null): Promise<string> {
  const id = newId('org');
  await store.db
    .insertInto('organizations')
    .values({
      id,
      name: `org ${id}`,
      kind: 'buyer',
      creditCode: id
        .slice(-18)
        .toUpperCase()
        .replace(/[IOSVZ]/g, '0'),
      industry: 'steel',
      region: 'east',
      businessLine: 'steel',
      certificationStatus: 'verified',
      certificationNote: null,
      certifiedAt: null,
      certifiedBy: null,
      memberLevelId,
      createdAt: T0,
      updatedAt: T0,
    })
    .execute();
  return id;
}

async function addLevel(store: OltpStore, code: string, rank: number, minLifetimePoints: number, rate = 100) {
  const id = newId('lvl');
  await store.db
    .insertInto('memberLevels')
    .values({ id, code, name: code, rank, minLifetimePoints, pointsRatePercent: rate, createdAt: T0, updatedAt: T0 })
    .execute();
  return id;
}

const lotsOf = (store: OltpStore, organizationId: string) =>
  store.db
    .selectFrom('pointsLedger')
    .select(['kind', 'delta', 'remaining', 'expiresAt', 'note'])
    .where('organizationId', '=', organizationId)
    .orderBy('id')
    .execute();

const levelOf = async (store: OltpStore, organizationId: string) =>
  (
    await store.db
      .selectFrom('organizations')
      .select('memberLevelId')
      .where('id', '=', organizationId)
      .executeTakeFirstOrThrow()
  ).memberLevelId;

describe.each(oltpTestTargets())('points ledger on $dialect', ({ dialect, skipReason, open }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  let store: OltpStore | undefined;
  const fresh = async () => {
    store = await open();
    return store;
  };
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it.skipIf(skipReason !== '')('spends the soonest-expiring lots first, never-expiring lots last', async () => {
    const s = await fresh();
    const org = await addOrg(s);
    // Created in the opposite order of expiry, so creation order alone would spend them wrongly.
    await grantPoints(s.db, { organizationId: org, points: 50, at: T0, note: 'never' });
    await grantPoints(s.db, { organizationId: org, points: 200, at: T0, expiresAt: '2026-07-01T00:00:00.000Z' });
    await grantPoints(s.db, { organizationId: org, points: 100, at: T0, expiresAt: '2026-06-01T00:00:00.000Z' });
    expect(await pointsBalance(s.db, org, T0)).toBe(350);

    const res = await spendPoints(s.db, { organizationId: org, points: 250, at: T0, note: 'order discount' });
    expect(res).toEqual({ balance: 100 });
    expect((await lotsOf(s, org)).map((l) => [l.kind, l.delta, l.remaining])).toEqual([
      ['adjust', 50, 50],
      ['adjust', 200, 50],
      ['adjust', 100, 0],
      ['spend', -250, 0],
    ]);
    expect(await pointsBalance(s.db, org, T0)).toBe(100);
    expect(await lifetimePoints(s.db, org)).toBe(350);
  });

  it.skipIf(skipReason !== '')('refuses to overspend with insufficient_points and writes nothing', async () => {
    const s = await fresh();
    const org = await addOrg(s);
    await grantPoints(s.db, { organizationId: org, points: 100, at: T0 });
    const before = await snapshotTables(s);
    const err = await spendPoints(s.db, { organizationId: org, points: 101, at: T0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MarketplaceError);
    expect(err).toMatchObject({
      code: 'insufficient_points',
      path: ['points'],
      details: { balance: 100, requested: 101 },
    });
    expect(await snapshotTables(s)).toEqual(before);
  });

  it.skipIf(skipReason !== '')('lapsed lots stop counting at once and expiry writes them off once', async () => {
    const s = await fresh();
    const org = await addOrg(s);
    const other = await addOrg(s);
    await grantPoints(s.db, { organizationId: org, points: 100, at: T0, expiresAt: '2026-02-01T00:00:00.000Z' });
    await grantPoints(s.db, { organizationId: org, points: 30, at: T0 });
    await grantPoints(s.db, { organizationId: other, points: 7, at: T0, expiresAt: '2026-03-01T00:00:00.000Z' });
    await spendPoints(s.db, { organizationId: org, points: 40, at: T0 });

    const feb = '2026-02-01T00:00:00.000Z';
    // At the expiry instant the lot is gone from the balance even before the expiry job runs.
    expect(await pointsBalance(s.db, org, feb)).toBe(30);
    await expect(spendPoints(s.db, { organizationId: org, points: 31, at: feb })).rejects.toMatchObject({
      code: 'insufficient_points',
    });

    expect(await expirePoints(s.db, feb)).toEqual({ lots: 1, points: 60 });
    expect(await expirePoints(s.db, feb)).toEqual({ lots: 0, points: 0 });
    const entries = await lotsOf(s, org);
    expect(entries.at(-1)).toMatchObject({ kind: 'expire', delta: -60, remaining: 0 });
    expect(await pointsBalance(s.db, org, feb)).toBe(30);
    expect(await pointsBalance(s.db, other, feb)).toBe(7);
    // Lifetime points (what levels are based on) keep what was earned.
    expect(await lifetimePoints(s.db, org)).toBe(130);

    expect(await expirePoints(s.db, '2026-03-01T00:00:00.000Z')).toEqual({ lots: 1, points: 7 });
  });

  it.skipIf(skipReason !== '')('earns on orders at the level rate and revokes only what is left', async () => {
    const s = await fresh();
    const plain = await addOrg(s);
    const gold = await addLevel(s, 'gold', 20, 1_000_000, 150);
    const vip = await addOrg(s, gold);
    // 123.45 CNY: whole yuan only, 1 point per yuan by default, 1.5 at the gold rate.
    expect(await pointsForAmount(s.db, plain, 12_345)).toBe(123);
    expect(await pointsForAmount(s.db, vip, 12_345)).toBe(184);
    expect(await pointsForAmount(s.db, plain, 99)).toBe(0);
    expect(await earnPointsForOrder(s.db, { organizationId: plain, orderId: 'ord_a', total: 99, at: T0 })).toBe(0);

    const earned = await earnPointsForOrder(s.db, { organizationId: plain, orderId: 'ord_1', total: 12_345, at: T0 });
    expect(earned).toBe(123);
    const [lot] = await lotsOf(s, plain);
    expect(lot).toMatchObject({ kind: 'earn', delta: 123, remaining: 123, expiresAt: '2027-01-01T00:00:00.000Z' });

    await spendPoints(s.db, { organizationId: plain, points: 100, at: T0 });
    expect(await revokePointsForOrder(s.db, { organizationId: plain, orderId: 'ord_1', at: T0 })).toBe(23);
    expect(await revokePointsForOrder(s.db, { organizationId: plain, orderId: 'ord_1', at: T0 })).toBe(0);
    expect(await revokePointsForOrder(s.db, { organizationId: plain, orderId: 'ord_none', at: T0 })).toBe(0);
    expect(await pointsBalance(s.db, plain, T0)).toBe(0);
    expect((await lotsOf(s, plain)).map((l) => [l.kind, l.delta, l.remaining])).toEqual([
      ['earn', 123, 0],
      ['spend', -100, 0],
      ['revoke', -23, 0],
    ]);
  });

  it.skipIf(skipReason !== '')('upgrades to the highest level reached and never lowers a level', async () => {
    const s = await fresh();
    const silver = await addLevel(s, 'silver', 10, 100);
    const gold = await addLevel(s, 'gold', 20, 1000);
    const climber = await addOrg(s);
    await grantPoints(s.db, { organizationId: climber, points: 99, at: T0 });
    expect(await levelOf(s, climber)).toBeNull();
    await grantPoints(s.db, { organizationId: climber, points: 1, at: T0 });
    expect(await levelOf(s, climber)).toBe(silver);
    await grantPoints(s.db, { organizationId: climber, points: 5000, at: T0, expiresAt: '2026-02-01T00:00:00.000Z' });
    expect(await levelOf(s, climber)).toBe(gold);
    // Spending and expiry lower the balance, not the level.
    await spendPoints(s.db, { organizationId: climber, points: 50, at: T0 });
    await expirePoints(s.db, '2026-02-01T00:00:00.000Z');
    await upgradeMemberLevel(s.db, climber, '2026-02-01T00:00:00.000Z');
    expect(await levelOf(s, climber)).toBe(gold);

    // A level set by hand above what the points reach is kept.
    const vip = await addOrg(s, gold);
    await grantPoints(s.db, { organizationId: vip, points: 150, at: T0 });
    expect(await levelOf(s, vip)).toBe(gold);
  });
});
