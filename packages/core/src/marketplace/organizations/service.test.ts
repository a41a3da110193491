import type { OltpStore } from '@tradeloop/storage';
import { oltpTestTargets, snapshotTables } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../clock.js';
import { newId } from '../../ids.js';
import type { OperatorRole, Principal } from '../access.js';
import { MarketplaceError } from '../errors.js';
import { createMarketplace, type Marketplace } from '../index.js';
import { insertOrDuplicate } from './repository.js';

const ADMIN: Principal = { kind: 'admin' };
let seq = 0;
const code = () => `9144${String(Date.now() % 1e8).padStart(8, '0')}${String(++seq).padStart(6, '0')}`;
const org = (over: Partial<Parameters<Marketplace['organizations']['create']>[1]> = {}) => ({
  kind: 'supplier' as const,
  name: 'Acme 化工',
  creditCode: code(),
  industry: 'chemicals',
  region: 'south' as const,
  businessLine: 'chemicals',
  ...over,
});
const operator = (regions: '*' | string[], businessLines: '*' | string[], role: OperatorRole = 'sales'): Principal => ({
  kind: 'operator',
  operatorId: newId('opr'),
  role,
  scope: { regions, businessLines },
});

describe.each(oltpTestTargets())('OrganizationsService on $dialect', ({ dialect, skipReason, open }) => {
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

  it.skipIf(skipReason !== '')(
    'scopes lists by business line as well as region, and kind filters include both',
    async () => {
      const chem = await market.organizations.create(ADMIN, org({ name: 'scope-chem', kind: 'both' }));
      const steel = await market.organizations.create(ADMIN, org({ name: 'scope-steel', businessLine: 'steel' }));
      const chemOnly = operator('*', ['chemicals']);
      const seen = await market.organizations.list(chemOnly, { limit: 200, offset: 0, q: 'scope-' });
      expect(seen.items.map((o) => o.id)).toEqual([chem.id]);
      await expect(market.organizations.get(chemOnly, steel.id)).rejects.toMatchObject({ code: 'not_found' });
      // An empty scope list sees nothing rather than failing on `IN ()`.
      const nothing = await market.organizations.list(operator([], '*'), { limit: 10, offset: 0 });
      expect(nothing).toEqual({ items: [], total: 0, limit: 10, offset: 0 });

      const buyers = await market.organizations.list(ADMIN, { limit: 200, offset: 0, kind: 'buyer', q: 'scope-' });
      expect(buyers.items.map((o) => o.id)).toEqual([chem.id]);
      const both = await market.organizations.list(ADMIN, { limit: 200, offset: 0, kind: 'both', q: 'scope-' });
      expect(both.total).toBe(1);
      const paged = await market.organizations.list(ADMIN, { limit: 1, offset: 1, q: 'scope-' });
      expect(paged).toMatchObject({ total: 2, limit: 1, offset: 1 });
      expect(paged.items.map((o) => o.id)).toEqual([chem.id]); // newest first
    },
  );

  it.skipIf(skipReason !== '')('members edit only name and industry of their own organisation', async () => {
    const mine = await market.organizations.create(ADMIN, org());
    const member: Principal = {
      kind: 'member',
      contactId: 'ctc_x',
      organizationId: mine.id,
      organizationKind: 'supplier',
    };
    const updated = await market.organizations.update(member, mine.id, { name: '新名', industry: 'paint' });
    expect(updated).toMatchObject({ name: '新名', industry: 'paint', region: 'south' });
    for (const patch of [{ kind: 'buyer' as const }, { creditCode: code() }, { memberLevelId: null }]) {
      await expect(market.organizations.update(member, mine.id, patch)).rejects.toMatchObject({
        code: 'forbidden',
        path: Object.keys(patch),
      });
    }
  });

  it.skipIf(skipReason !== '')('certification: only pending or rejected organisations are reviewed', async () => {
    const o = await market.organizations.create(ADMIN, org());
    const reviewer = operator('*', '*', 'supplier_manager');
    const v = await market.organizations.reviewCertification(reviewer, o.id, { decision: 'verified', note: 'ok' });
    expect(v).toMatchObject({
      certificationStatus: 'verified',
      certificationNote: 'ok',
      certifiedAt: '2026-04-01T00:00:00.000Z',
      certifiedBy: reviewer.kind === 'operator' ? reviewer.operatorId : '',
    });
    const again = await market.organizations
      .reviewCertification(ADMIN, o.id, { decision: 'verified' })
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(MarketplaceError);
    expect(again).toMatchObject({ code: 'illegal_transition', details: { from: 'verified', to: 'verified' } });
    const system = await market.organizations.create(ADMIN, org());
    const bySystem = await market.organizations.reviewCertification({ kind: 'system' }, system.id, {
      decision: 'rejected',
      note: 'blurred licence',
    });
    expect(bySystem.certifiedBy).toBe('system');
  });

  it.skipIf(skipReason !== '')('contact look-up needs a key and deleting a contact detaches its tokens', async () => {
    const o = await market.organizations.create(ADMIN, org());
    const c = await market.organizations.createContact(ADMIN, o.id, {
      name: '赵六',
      email: 'zhao@example.com',
      role: 'owner',
    });
    expect(await market.organizations.lookupContacts(ADMIN, { limit: 10, offset: 0 })).toMatchObject({ total: 0 });
    expect(
      (await market.organizations.lookupContacts(ADMIN, { limit: 10, offset: 0, email: 'zhao@example.com' })).items,
    ).toHaveLength(1);
    const issued = await market.auth.issueMemberToken(ADMIN, c.id);
    await market.organizations.deleteContact(ADMIN, c.id);
    const token = await store.db
      .selectFrom('apiTokens')
      .selectAll()
      .where('id', '=', issued.id)
      .executeTakeFirstOrThrow();
    expect(token).toMatchObject({ contactId: null, revokedAt: '2026-04-01T00:00:00.000Z' });
    expect(await market.auth.authenticate(issued.token)).toBeUndefined();
  });

  it.skipIf(skipReason !== '')('a unique violation that slips past the check still becomes duplicate', async () => {
    const o = await market.organizations.create(ADMIN, org());
    const before = await snapshotTables(store);
    const err = await market.deps.store.db
      .transaction()
      .execute((trx) =>
        insertOrDuplicate(
          () => trx.updateTable('organizations').set({ creditCode: o.creditCode }).where('id', '!=', o.id).execute(),
          ['creditCode'],
        ),
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'duplicate', path: ['creditCode'] });
    expect(await snapshotTables(store)).toEqual(before);
  });
});
