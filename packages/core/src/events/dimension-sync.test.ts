import { openDuckDbEventStore, type SqlEventStore } from '@tradeloop/storage';
import { oltpTestTargets } from '@tradeloop/storage/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../clock.js';
import { createMarketplace } from '../marketplace/index.js';
import { DimensionSync } from './dimension-sync.js';

describe.each(oltpTestTargets())('dimension sync on $dialect', ({ dialect, skipReason, open }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  let events: SqlEventStore;
  beforeEach(async () => {
    events = await openDuckDbEventStore(':memory:');
  });
  afterEach(async () => events.close());

  const orgs = () =>
    events.queryRows(
      `SELECT organization_id, region, business_line, certification_status FROM (${events.dialect.currentOrganizations()}) ORDER BY region`,
    );

  it.skipIf(skipReason !== '')('mirrors organisations and persons, then only what changed', async () => {
    const store = await open();
    const clock = manualClock(new Date('2026-03-01T00:00:00Z'));
    const market = createMarketplace({ store, clock });
    const admin = { kind: 'admin' } as const;
    const org = (name: string, region: 'east' | 'south', code: string) =>
      market.organizations.create(admin, {
        name,
        kind: 'buyer',
        creditCode: code,
        industry: 'steel',
        region,
        businessLine: 'steel',
      });
    const a = await org('上海甲钢贸有限公司', 'east', '91310000MA1K3YJ12X');
    const b = await org('广州乙钢贸有限公司', 'south', '91440101MA5CXXXX1Y');
    await store.db
      .insertInto('persons')
      .values([
        {
          id: 'per_1',
          traits: JSON.stringify({ email: 'a@x.cn' }),
          setOnceAt: '{}',
          organizationId: a.id,
          phone: null,
          email: 'a@x.cn',
          createdAt: '2026-03-01T00:00:00.000Z',
          updatedAt: '2026-03-01T00:00:00.000Z',
          mergedInto: null,
        },
        {
          id: 'per_2',
          traits: '{}',
          setOnceAt: '{}',
          organizationId: null,
          phone: null,
          email: null,
          createdAt: '2026-03-01T00:00:00.000Z',
          updatedAt: '2026-03-01T00:00:00.000Z',
          mergedInto: 'per_1',
        },
      ])
      .execute();

    const sync = new DimensionSync({ store, events });
    // Two concurrent calls share one run.
    const [first, second] = await Promise.all([sync.sync(), sync.sync()]);
    expect(first).toEqual({ organizations: 2, persons: 1 });
    expect(second).toEqual(first);
    expect(await orgs()).toEqual([
      { organization_id: a.id, region: 'east', business_line: 'steel', certification_status: 'pending' },
      { organization_id: b.id, region: 'south', business_line: 'steel', certification_status: 'pending' },
    ]);
    const persons = await events.queryRows(
      `SELECT person_id, organization_id FROM (${events.dialect.currentPersons()})`,
    );
    expect(persons).toEqual([{ person_id: 'per_1', organization_id: a.id }]); // the merged one is not mirrored

    expect(await sync.sync()).toEqual({ organizations: 0, persons: 0 });
    clock.advance(60_000);
    await market.organizations.update(admin, b.id, { region: 'east' });
    expect(await sync.sync()).toEqual({ organizations: 1, persons: 0 });
    expect((await orgs()).map((r) => r.region)).toEqual(['east', 'east']);
  });
});
