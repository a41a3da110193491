import type { OltpStore } from '@tradeloop/storage';
import { oltpTestTargets, snapshotTables } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../clock.js';
import type { Principal } from '../access.js';
import { createMarketplace, type Marketplace } from '../index.js';

const ADMIN: Principal = { kind: 'admin' };
let seq = 0;

describe.each(oltpTestTargets())('MembershipService on $dialect', ({ dialect, skipReason, open }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  let store: OltpStore;
  let market: Marketplace;
  const clock = manualClock('2026-04-01T00:00:00.000Z');
  beforeAll(async () => {
    if (skipReason) return;
    store = await open();
    market = createMarketplace({ store, clock });
  });
  afterAll(async () => store?.close());

  const newOrg = () =>
    market.organizations.create(ADMIN, {
      kind: 'buyer',
      name: 'points buyer',
      creditCode: `91110000${String(++seq).padStart(10, '0')}`,
      industry: 'retail',
      region: 'north',
      businessLine: 'food',
    });

  it.skipIf(skipReason !== '')('concurrent spends never overdraw the balance', async () => {
    const org = await newOrg();
    await market.membership.grant(ADMIN, org.id, { points: 100, note: 'seed' });
    const results = await Promise.allSettled(
      [60, 60, 60].map((points) => market.membership.spend(ADMIN, org.id, { points })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'insufficient_points' });
    }
    const account = await market.membership.account(ADMIN, org.id, { limit: 50, offset: 0 });
    expect(account.balance).toBe(40);
    expect(account.ledger.items.filter((e) => e.kind === 'spend')).toHaveLength(1);
  });

  it.skipIf(skipReason !== '')('a refused spend or grant writes nothing', async () => {
    const org = await newOrg();
    const member: Principal = { kind: 'member', contactId: 'ctc_x', organizationId: org.id, organizationKind: 'buyer' };
    const before = await snapshotTables(store);
    await expect(market.membership.spend(member, org.id, { points: 1 })).rejects.toMatchObject({
      code: 'insufficient_points',
    });
    await expect(market.membership.grant(member, org.id, { points: 1, note: 'self-service' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      market.membership.grant(ADMIN, org.id, { points: 1, note: 'x', expiresAt: '2026-04-01T00:00:00.000Z' }),
    ).rejects.toMatchObject({ code: 'validation_failed', path: ['expiresAt'] });
    expect(await snapshotTables(store)).toEqual(before);
  });

  it.skipIf(skipReason !== '')('the account shows the ledger newest first with paging', async () => {
    const org = await newOrg();
    await market.membership.grant(ADMIN, org.id, { points: 10, note: 'first' });
    clock.advance(1000);
    await market.membership.grant(ADMIN, org.id, { points: 20, note: 'second' });
    clock.advance(1000);
    await market.membership.spend(ADMIN, org.id, { points: 5, note: 'third' });
    const first = await market.membership.account(ADMIN, org.id, { limit: 2, offset: 0 });
    expect(first).toMatchObject({ balance: 25, lifetime: 30, level: null });
    expect(first.ledger.total).toBe(3);
    expect(first.ledger.items.map((e) => e.note)).toEqual(['third', 'second']);
    const second = await market.membership.account(ADMIN, org.id, { limit: 2, offset: 2 });
    expect(second.ledger.items.map((e) => e.note)).toEqual(['first']);
  });
});
