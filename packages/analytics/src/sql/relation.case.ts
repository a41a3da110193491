import type { Interval, PropertyFilter } from '@tradeloop/schema';
import type { SqlEventStore } from '@tradeloop/storage';
import type { EventStoreTestTarget } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsDialect } from '../dialect/index.js';
import { type Fixture, fixtureMs, loadFixture } from '../testing/fixtures.js';
import { periodLabel } from '../time.js';
import { eventsRelation, type RelationOptions } from './relation.js';

/**
 * The relation every runner reads (identity, organisation resolution, scope, filters) and the period labels, on
 * each engine with the same expected results.
 */
export function relationConformance({ engine, skipReason, open }: EventStoreTestTarget): void {
  const test = it.skipIf(skipReason !== '');
  let store: SqlEventStore;

  const fixture: Fixture = {
    events: [
      // a1 browsed anonymously, then logged in as u1: one person.
      { who: 'a1', event: 'product_view', at: '2026-01-05 09:00', props: { productId: 'p1', price: 120 } },
      { who: 'u1', event: 'add_to_cart', at: '2026-01-05 09:05', props: { productId: 'p1', quantity: 10 } },
      { who: 'u1', event: 'order_paid', at: '2026-01-05 10:00', org: 'o_east', props: { total: 5000, vip: true } },
      // b1: a person of the south organisation (known from the person dimension only).
      { who: 'b1', event: 'product_view', at: '2026-01-06 23:59', props: { productId: 'p2', price: 99.5 } },
      {
        who: 'b1',
        event: 'search',
        at: '2026-01-07 00:00',
        props: { query: 'Hot Rolled 热轧卷板' },
        utmSource: 'baidu',
      },
      // c1: nobody knows their organisation.
      { who: 'c1', event: 'product_view', at: '2026-01-07 12:00', props: { productId: 'p1' } },
      // Outside the range.
      { who: 'c1', event: 'product_view', at: '2026-02-01 00:00', props: { productId: 'p3' } },
    ],
    personMap: { a1: 'P1', u1: 'P1', b1: 'P2' },
    persons: [
      { personId: 'P1', organizationId: 'o_east', traits: { email: 'buyer@east.cn', level: 3 } },
      { personId: 'P2', organizationId: 'o_south', traits: { email: 'buyer@south.cn', level: 1 } },
    ],
    organizations: [
      { organizationId: 'o_east', region: 'east', industry: 'steel', memberLevel: 'gold' },
      { organizationId: 'o_south', region: 'south', industry: 'chemicals', businessLine: 'chemicals' },
    ],
  };
  const range = { fromMs: fixtureMs('2026-01-01 00:00'), toMs: fixtureMs('2026-02-01 00:00') };

  beforeAll(async () => {
    if (skipReason) return;
    store = await open();
    await loadFixture(store, fixture);
  });
  afterAll(async () => store?.close());

  /** event:who rows of the relation, sorted. */
  async function rows(options: Partial<RelationOptions>): Promise<string[]> {
    const d = analyticsDialect(store.dialect);
    const sql = eventsRelation(d, { ...range, events: null, ...options });
    const out = await store.queryRows(`SELECT event, distinct_id, person_id, organization_id FROM (${sql}) AS x`);
    return out.map((r) => `${r.event}:${r.distinct_id}:${r.person_id}:${r.organization_id ?? '-'}`).sort();
  }

  describe(`relation on ${engine}`, () => {
    test('persons through the person map, organisations from the event or the person', async () => {
      expect(await rows({})).toEqual([
        'add_to_cart:u1:P1:o_east',
        'order_paid:u1:P1:o_east',
        'product_view:a1:P1:o_east',
        'product_view:b1:P2:o_south',
        'product_view:c1:c1:-',
        'search:b1:P2:o_south',
      ]);
      expect(await rows({ events: ['order_paid', 'search'] })).toEqual([
        'order_paid:u1:P1:o_east',
        'search:b1:P2:o_south',
      ]);
    });

    test('a data scope keeps its organisations only (unknown organisations are outside)', async () => {
      expect(await rows({ scope: { regions: ['east'] } })).toEqual([
        'add_to_cart:u1:P1:o_east',
        'order_paid:u1:P1:o_east',
        'product_view:a1:P1:o_east',
      ]);
      expect(await rows({ scope: { businessLines: ['chemicals'] } })).toEqual([
        'product_view:b1:P2:o_south',
        'search:b1:P2:o_south',
      ]);
      expect(await rows({ scope: { regions: [] } })).toEqual([]);
    });

    const cases: [string, PropertyFilter, string[]][] = [
      [
        'event text eq',
        { property: { source: 'event', name: 'productId' }, operator: 'eq', value: 'p1' },
        ['add_to_cart:u1', 'product_view:a1', 'product_view:c1'],
      ],
      [
        'event number gt',
        { property: { source: 'event', name: 'price' }, operator: 'gt', value: 100 },
        ['product_view:a1'],
      ],
      [
        'event number eq',
        { property: { source: 'event', name: 'price' }, operator: 'eq', value: 99.5 },
        ['product_view:b1'],
      ],
      [
        'event boolean eq',
        { property: { source: 'event', name: 'vip' }, operator: 'eq', value: true },
        ['order_paid:u1'],
      ],
      [
        'event contains (case-insensitive, CJK)',
        { property: { source: 'event', name: 'query' }, operator: 'contains', value: 'hot rolled 热轧' },
        ['search:b1'],
      ],
      [
        'event in with numbers and texts',
        { property: { source: 'event', name: 'quantity' }, operator: 'in', value: [10, 'x'] },
        ['add_to_cart:u1'],
      ],
      [
        'event is_not_set',
        { property: { source: 'event', name: 'productId' }, operator: 'is_not_set' },
        ['order_paid:u1', 'search:b1'],
      ],
      [
        'event_field eq',
        { property: { source: 'event_field', name: 'utm_source' }, operator: 'eq', value: 'baidu' },
        ['search:b1'],
      ],
      [
        'person trait',
        { property: { source: 'person', name: 'level' }, operator: 'gte', value: 2 },
        ['add_to_cart:u1', 'order_paid:u1', 'product_view:a1'],
      ],
      [
        'organisation attribute neq keeps unknown',
        { property: { source: 'organization', name: 'industry' }, operator: 'neq', value: 'steel' },
        ['product_view:b1', 'product_view:c1', 'search:b1'],
      ],
      [
        'organisation member level',
        { property: { source: 'organization', name: 'member_level' }, operator: 'is_set' },
        ['add_to_cart:u1', 'order_paid:u1', 'product_view:a1'],
      ],
    ];
    for (const [name, filter, expected] of cases) {
      test(`filter: ${name}`, async () => {
        const got = (await rows({ filters: [filter] })).map((r) => r.split(':').slice(0, 2).join(':'));
        expect(got).toEqual([...expected].sort());
      });
    }

    test('period labels in SQL equal those computed in JavaScript, at day, week and month edges', async () => {
      const d = analyticsDialect(store.dialect);
      const instants = [
        '2025-12-31T15:59:59.999Z', // 23:59:59.999 on Dec 31 in Shanghai
        '2025-12-31T16:00:00.000Z', // midnight Jan 1 in Shanghai, a Thursday
        '2026-01-04T16:00:00.000Z', // Monday Jan 5 in Shanghai, still Sunday in UTC
        '2026-03-08T06:30:00.000Z',
      ].map((s) => Date.parse(s));
      const intervals: Interval[] = ['hour', 'day', 'week', 'month'];
      for (const tz of ['Asia/Shanghai', 'UTC', 'America/New_York']) {
        const select = instants
          .flatMap((ms, i) =>
            intervals.map((iv) => `${d.periodLabel(String(ms), iv, tz)} AS ${d.quoteIdentifier(`l${i}_${iv}`)}`),
          )
          .join(', ');
        const [row] = await store.queryRows(`SELECT ${select}`);
        for (const [i, ms] of instants.entries()) {
          for (const iv of intervals) {
            expect(`${tz} ${iv} ${String(row?.[`l${i}_${iv}`])}`).toBe(`${tz} ${iv} ${periodLabel(ms, iv, tz)}`);
          }
        }
      }
    });
  });
}
