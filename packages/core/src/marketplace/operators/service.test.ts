import type { OltpStore } from '@tradeloop/storage';
import { oltpTestTargets } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../clock.js';
import type { Principal } from '../access.js';
import { createMarketplace, type Marketplace } from '../index.js';

const ADMIN: Principal = { kind: 'admin' };
let seq = 0;
const email = () => `svc-op-${++seq}@example.com`;

describe.each(oltpTestTargets())('OperatorsService on $dialect', ({ dialect, skipReason, open }) => {
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

  it.skipIf(skipReason !== '')('stores the scope as given and reads it back', async () => {
    const created = await market.operators.create(ADMIN, {
      name: 'A',
      email: email(),
      role: 'analyst',
      scope: { regions: ['north', 'east'], businessLines: '*' },
      status: 'active',
    });
    expect(await market.operators.get(ADMIN, created.id)).toEqual(created);
    const raw = await store.db
      .selectFrom('operators')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(raw).toMatchObject({ regions: '["north","east"]', businessLines: '"*"' });
    clock.advance(1000);
    const updated = await market.operators.update(ADMIN, created.id, { role: 'sales', name: 'B' });
    expect(updated).toMatchObject({
      role: 'sales',
      name: 'B',
      scope: created.scope,
      updatedAt: '2026-04-01T00:00:01.000Z',
    });
    const list = await market.operators.list(ADMIN, { limit: 50, offset: 0, role: 'sales' });
    expect(list.items.map((o) => o.id)).toContain(created.id);
    const disabled = await market.operators.list(ADMIN, { limit: 50, offset: 0, status: 'disabled' });
    expect(disabled.total).toBe(0);
  });

  it.skipIf(skipReason !== '')('a scoped manager grants only sub-scopes, on both dimensions', async () => {
    const manager: Principal = {
      kind: 'operator',
      operatorId: 'opr_manager',
      role: 'admin',
      scope: { regions: '*', businessLines: ['steel', 'chemicals'] },
    };
    const base = { name: 'x', role: 'sales' as const, status: 'active' as const };
    await expect(
      market.operators.create(manager, { ...base, email: email(), scope: { regions: '*', businessLines: '*' } }),
    ).rejects.toMatchObject({ code: 'forbidden', path: ['scope', 'businessLines'] });
    await expect(
      market.operators.create(manager, { ...base, email: email(), scope: { regions: '*', businessLines: ['paper'] } }),
    ).rejects.toMatchObject({ code: 'forbidden', path: ['scope', 'businessLines'] });
    const ok = await market.operators.create(manager, {
      ...base,
      email: email(),
      scope: { regions: ['east'], businessLines: ['steel'] },
    });
    await expect(
      market.operators.update(manager, ok.id, { scope: { regions: ['east'], businessLines: ['paper'] } }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it.skipIf(skipReason !== '')('changing an email to one in use is a duplicate; keeping your own is fine', async () => {
    const a = await market.operators.create(ADMIN, {
      name: 'a',
      email: email(),
      role: 'sales',
      scope: { regions: '*', businessLines: '*' },
      status: 'active',
    });
    const b = await market.operators.create(ADMIN, {
      name: 'b',
      email: email(),
      role: 'sales',
      scope: { regions: '*', businessLines: '*' },
      status: 'active',
    });
    await expect(market.operators.update(ADMIN, b.id, { email: a.email })).rejects.toMatchObject({
      code: 'duplicate',
      path: ['email'],
    });
    expect((await market.operators.update(ADMIN, a.id, { email: a.email })).email).toBe(a.email);
    await expect(market.operators.get(ADMIN, 'opr_missing')).rejects.toMatchObject({ code: 'not_found' });
  });
});
