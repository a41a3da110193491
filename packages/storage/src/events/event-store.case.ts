import type { TrackedEvent } from '@tradeloop/schema';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { EventStoreTestTarget } from '../testing/event-stores.js';
import { checkedPropertyName, type SqlEventStore } from './sql.js';

/**
 * The event store conformance suite: every adapter runs these same cases (see duckdb/ and clickhouse/ tests).
 * Call inside a `describe`; each case gets a new, empty store.
 */
export function eventStoreConformance({ engine, skipReason, open }: EventStoreTestTarget): void {
  if (skipReason) console.warn(`[${engine}] ${skipReason}`);
  const test = it.skipIf(skipReason !== '');
  let store: SqlEventStore;
  beforeEach(async () => {
    if (!skipReason) store = await open();
  });
  afterEach(async () => store?.close());

  const T0 = Date.parse('2024-03-01T00:00:00.000Z');
  const at = (ms: number) => new Date(T0 + ms).toISOString();
  let seq = 0;
  function ev(overrides: Partial<TrackedEvent> = {}): TrackedEvent {
    seq += 1;
    return {
      eventId: `ev-${String(seq).padStart(7, '0')}`,
      type: 'track',
      event: 'product_view',
      timestamp: at(seq),
      receivedAt: at(seq + 5),
      distinctId: 'anon-1',
      anonymousId: null,
      userId: null,
      organizationId: null,
      sessionId: null,
      sourceId: 'src-1',
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
      ...overrides,
    };
  }
  const ids = (events: readonly TrackedEvent[]) => events.map((e) => e.eventId);

  test('round-trips every field: all set, unicode, ms precision, every JSON value type', async () => {
    const full = ev({
      eventId: "id-'quoted'\\back",
      type: 'page',
      event: 'Order Completed: 中文',
      timestamp: '2024-02-29T23:59:59.999Z',
      receivedAt: '2024-03-01T00:00:00.001Z',
      distinctId: 'user-中文-🙂',
      anonymousId: 'anon-"x"',
      userId: 'user-1',
      organizationId: 'org-1',
      sessionId: 'sess-1',
      sourceId: 'web',
      utmSource: 'baidu',
      utmMedium: 'cpc',
      utmCampaign: '春季促销',
      utmTerm: 'term',
      utmContent: 'content',
      referrer: 'https://example.com/?q=a&b=%20c',
      clickId: 'bd-123',
      clickIdType: 'bd_vid',
      pageUrl: 'https://shop.example.com/p/1?utm_source=baidu',
      pagePath: '/p/1',
      pageTitle: "Title with 'quotes', \\backslashes\\ and\nnewlines\ttabs",
      screenName: 'Home',
      libraryName: 'analytics-node',
      libraryVersion: '2.1.0',
      ip: '2001:db8::1',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
      properties: {
        text: '中文 "quoted" \\ \n',
        empty: '',
        int: 42,
        negative: -7,
        float: 3.25,
        maxSafe: Number.MAX_SAFE_INTEGER,
        yes: true,
        no: false,
        nothing: null,
        list: [1, 'two', null, { three: 3 }],
        emptyList: [],
        nested: { a: { b: { c: ['deep'] } } },
        emptyObject: {},
        $special_name: 'dollar',
      },
    });
    const sparse = ev({ properties: {} });
    await store.append([full, sparse]);
    const found = await store.find({});
    expect(found).toEqual([full, sparse]);
  });

  test('keeps big JSON properties raw', async () => {
    const properties: Record<string, unknown> = { blob: 'x'.repeat(200_000) };
    for (let i = 0; i < 1000; i++) properties[`key_${i}`] = { index: i, label: `值${i}` };
    const big = ev({ properties });
    await store.append([big]);
    expect((await store.find({}))[0]?.properties).toEqual(properties);
  });

  test('orders by timestamp then eventId, asc or desc, and honours limit (default 1000)', async () => {
    const sameTime = at(100);
    const b = ev({ eventId: 'b', timestamp: sameTime });
    const a = ev({ eventId: 'a', timestamp: sameTime });
    const early = ev({ eventId: 'z', timestamp: at(50) });
    const late = ev({ eventId: 'c', timestamp: at(200) });
    await store.append([b, late, a, early]);
    expect(ids(await store.find({}))).toEqual(['z', 'a', 'b', 'c']);
    expect(ids(await store.find({}, { order: 'desc' }))).toEqual(['c', 'b', 'a', 'z']);
    expect(ids(await store.find({}, { limit: 2 }))).toEqual(['z', 'a']);
    expect(ids(await store.find({}, { limit: 2, order: 'desc' }))).toEqual(['c', 'b']);
    expect(await store.find({}, { limit: 0 })).toEqual([]);
    await expect(store.find({}, { limit: -1 })).rejects.toThrow(/limit/);

    await store.append(Array.from({ length: 1001 }, () => ev({ timestamp: at(1000) })));
    expect(await store.find({})).toHaveLength(1000);
    expect(await store.count({})).toBe(1005);
  });

  test('filters by each field alone and combined', async () => {
    const events = [
      ev({ distinctId: 'd1', organizationId: 'org-a', event: 'search', timestamp: at(1000) }),
      ev({ distinctId: 'd1', organizationId: 'org-b', event: 'add_to_cart', timestamp: at(2000) }),
      ev({ distinctId: 'd2', organizationId: 'org-a', event: 'add_to_cart', timestamp: at(3000) }),
      ev({ distinctId: 'd3', organizationId: null, event: 'order_placed', timestamp: at(4000) }),
      ev({ distinctId: "d'4\\", organizationId: "org-'x'\\", event: 'search', timestamp: at(5000) }),
    ];
    await store.append(events);
    const [e1, e2, e3, e4, e5] = ids(events);
    await store.upsertPersonDistinctIds([
      { distinctId: 'd1', personId: 'p1', version: 1 },
      { distinctId: 'd3', personId: 'p1', version: 1 },
      { distinctId: 'd2', personId: 'p2', version: 1 },
    ]);
    const cases: [Parameters<SqlEventStore['find']>[0], (string | undefined)[]][] = [
      [{}, [e1, e2, e3, e4, e5]],
      [{ distinctIds: ['d1'] }, [e1, e2]],
      [{ distinctIds: ['d2', "d'4\\", 'nobody'] }, [e3, e5]],
      [{ distinctIds: [] }, []],
      [{ personId: 'p1' }, [e1, e2, e4]],
      [{ personId: 'p2' }, [e3]],
      [{ personId: 'nobody' }, []],
      [{ organizationId: 'org-a' }, [e1, e3]],
      [{ organizationId: "org-'x'\\" }, [e5]],
      [{ events: ['search'] }, [e1, e5]],
      [{ events: ['add_to_cart', 'order_placed'] }, [e2, e3, e4]],
      [{ events: [] }, []],
      [{ from: at(3000) }, [e3, e4, e5]],
      [{ to: at(3000) }, [e1, e2]],
      [{ from: at(2000), to: at(4000) }, [e2, e3]],
      [{ personId: 'p1', events: ['add_to_cart', 'order_placed'] }, [e2, e4]],
      [{ personId: 'p1', organizationId: 'org-a' }, [e1]],
      [{ distinctIds: ['d1', 'd2'], events: ['add_to_cart'], from: at(2500) }, [e3]],
      [{ organizationId: 'org-a', events: ['search'], from: at(0), to: at(1001) }, [e1]],
    ];
    for (const [filter, expected] of cases) {
      expect(ids(await store.find(filter)), JSON.stringify(filter)).toEqual(expected);
      expect(await store.count(filter), JSON.stringify(filter)).toBe(expected.length);
    }
  });

  test('time bounds are [from, to) to the millisecond', async () => {
    const edge = ev({ timestamp: '2024-05-01T00:00:00.000Z' });
    const before = ev({ timestamp: '2024-04-30T23:59:59.999Z' });
    const after = ev({ timestamp: '2024-05-01T00:00:00.001Z' });
    await store.append([edge, before, after]);
    expect(ids(await store.find({ from: edge.timestamp }))).toEqual(ids([edge, after]));
    expect(ids(await store.find({ to: edge.timestamp }))).toEqual(ids([before]));
    expect(ids(await store.find({ from: edge.timestamp, to: after.timestamp }))).toEqual(ids([edge]));
    expect(await store.count({ from: edge.timestamp, to: edge.timestamp })).toBe(0);
    // Offsets are instants too: 08:00+08:00 is midnight UTC.
    expect(ids(await store.find({ from: '2024-05-01T08:00:00.000+08:00' }))).toEqual(ids([edge, after]));
    await expect(store.find({ from: 'yesterday' })).rejects.toThrow(/ISO-8601/);
  });

  test('count follows the filter', async () => {
    expect(await store.count({})).toBe(0);
    await store.append([ev({ event: 'login' }), ev({ event: 'login' }), ev({ event: 'signup' })]);
    expect(await store.count({})).toBe(3);
    expect(await store.count({ events: ['login'] })).toBe(2);
    expect(await store.count({ distinctIds: ['someone-else'] })).toBe(0);
  });

  test('existingEventIds answers for 1 500 ids in several IN lists', async () => {
    const stored = Array.from({ length: 1500 }, (_, i) => ev({ eventId: `stored-${i}` }));
    await store.append(stored);
    const asked = [
      ...stored.filter((_, i) => i % 2 === 0).map((e) => e.eventId),
      ...Array.from({ length: 750 }, (_, i) => `missing-${i}`),
      "it's-not-there\\",
      'stored-0', // duplicates in the request are fine
    ];
    const found = await store.existingEventIds(asked);
    expect(found.size).toBe(750);
    expect([...found].sort()).toEqual(
      stored
        .filter((_, i) => i % 2 === 0)
        .map((e) => e.eventId)
        .sort(),
    );
    expect((await store.existingEventIds([])).size).toBe(0);
  });

  test('person map: upsert, highest version wins, reads are retroactive', async () => {
    // Anonymous events first, identity arrives later.
    const anon = [ev({ distinctId: 'anon-a' }), ev({ distinctId: 'anon-a' })];
    const loggedIn = [ev({ distinctId: 'user-1' })];
    const other = [ev({ distinctId: 'anon-b' })];
    await store.append([...anon, ...loggedIn, ...other]);
    expect(await store.count({ personId: 'person-1' })).toBe(0);

    await store.upsertPersonDistinctIds([{ distinctId: 'user-1', personId: 'person-1', version: 1 }]);
    expect(ids(await store.find({ personId: 'person-1' }))).toEqual(ids(loggedIn));
    // The merge attributes the earlier anonymous events to the person.
    await store.upsertPersonDistinctIds([{ distinctId: 'anon-a', personId: 'person-1', version: 2 }]);
    expect(ids(await store.find({ personId: 'person-1' }))).toEqual(ids([...anon, ...loggedIn]));

    // A lower or equal version does not move an id; a higher one does.
    await store.upsertPersonDistinctIds([{ distinctId: 'anon-a', personId: 'person-2', version: 1 }]);
    expect(await store.count({ personId: 'person-2' })).toBe(0);
    await store.upsertPersonDistinctIds([{ distinctId: 'anon-a', personId: 'person-2', version: 5 }]);
    expect(ids(await store.find({ personId: 'person-2' }))).toEqual(ids(anon));
    expect(ids(await store.find({ personId: 'person-1' }))).toEqual(ids(loggedIn));

    // Within one batch the highest version of an id wins, whatever the order.
    await store.upsertPersonDistinctIds([
      { distinctId: 'anon-b', personId: 'person-9', version: 9 },
      { distinctId: 'anon-b', personId: 'person-3', version: 3 },
      { distinctId: 'anon-b', personId: 'person-7', version: 7 },
    ]);
    expect(ids(await store.find({ personId: 'person-9' }))).toEqual(ids(other));
    expect(await store.count({ personId: 'person-7' })).toBe(0);
    await expect(store.upsertPersonDistinctIds([{ distinctId: 'x', personId: 'y', version: -1 }])).rejects.toThrow(
      /version/,
    );
    await store.upsertPersonDistinctIds([]);
  });

  test('a batch with one invalid row stores nothing, and the store keeps working', async () => {
    const good = ev();
    await store.append([good]);
    const notNull = [ev(), ev(), { ...ev(), distinctId: null as unknown as string }, ev()];
    await expect(store.append(notNull)).rejects.toThrow();
    const badTime = [ev(), { ...ev(), timestamp: 'not a time' }];
    await expect(store.append(badTime)).rejects.toThrow(/ISO-8601/);
    const wrongType = [ev(), { ...ev(), userId: 42 as unknown as string }];
    await expect(store.append(wrongType)).rejects.toThrow(/userId/);
    expect(ids(await store.find({}))).toEqual([good.eventId]);
    expect((await store.existingEventIds(ids([...notNull, ...badTime]))).size).toBe(0);

    const next = ev();
    await store.append([next]);
    expect(ids(await store.find({}))).toEqual([good.eventId, next.eventId]);
    await store.append([]);
    expect(await store.count({})).toBe(2);
  });

  test('a large batch with its invalid row last stores nothing (past the engines’ internal flush sizes)', async () => {
    // DuckDB's appender flushes on its own every 204 800 rows and ClickHouse parses in blocks: the invalid row
    // sits beyond the first of those, so only a batch-wide transaction/block keeps the batch all-or-nothing.
    const row = ev();
    const batch = new Array<TrackedEvent>(210_000).fill(row);
    batch.push({ ...ev(), distinctId: null as unknown as string });
    await expect(store.append(batch)).rejects.toThrow();
    expect(await store.count({})).toBe(0);
  });

  test('appends 50 000 events in one batch', async () => {
    const batch = Array.from({ length: 50_000 }, (_, i) =>
      ev({
        distinctId: `d-${i % 500}`,
        event: i % 3 === 0 ? 'add_to_cart' : 'product_view',
        timestamp: at(i * 60_000),
        properties: { sku: `sku-${i}`, price: i / 100, position: i % 20 },
      }),
    );
    await store.append(batch);
    expect(await store.count({})).toBe(50_000);
    expect(await store.count({ events: ['add_to_cart'] })).toBe(16_667);
    expect(await store.count({ distinctIds: ['d-7'] })).toBe(100);
    const last = batch[batch.length - 1];
    expect((await store.find({}, { order: 'desc', limit: 1 }))[0]).toEqual(last);
  });

  test('concurrent appends and reads all land', async () => {
    const batches = Array.from({ length: 8 }, () => Array.from({ length: 200 }, () => ev()));
    const reads: Promise<number>[] = [];
    await Promise.all(
      batches.map((b) => {
        reads.push(store.count({}));
        return store.append(b);
      }),
    );
    for (const n of await Promise.all(reads)) expect(n % 200).toBe(0);
    expect(await store.count({})).toBe(1600);
  });

  test('dialect: JSON property extraction, epoch ms ↔ time, quoting', async () => {
    const d = store.dialect;
    const e = ev({
      eventId: 'json-1',
      timestamp: '2024-06-01T12:00:00.000Z',
      properties: { sku: 'A-1', price: 12.5, qty: 3, flag: true, none: null, tags: ['x'], sku_text: "it's" },
    });
    await store.append([e]);
    const props = d.quoteIdentifier('properties');
    const rows = await store.queryRows(
      `SELECT ${d.jsonPropertyText(props, 'sku')} AS sku, ${d.jsonPropertyText(props, 'sku_text')} AS sku_text, ` +
        `${d.jsonPropertyNumber(props, 'price')} AS price, ${d.jsonPropertyNumber(props, 'qty')} AS qty, ` +
        `${d.jsonPropertyText(props, 'missing')} AS missing, ${d.jsonPropertyText(props, 'none')} AS none, ` +
        `${d.jsonPropertyNumber(props, 'sku')} AS not_a_number, ` +
        `${d.epochMsFromTime(d.timeFromEpochMs(d.quoteIdentifier('ts_ms')))} AS ms_back ` +
        `FROM ${d.quoteIdentifier('events')} WHERE ${d.quoteIdentifier('event_id')} = ${d.stringLiteral('json-1')}`,
    );
    expect(rows).toHaveLength(1);
    const row = rows[0] ?? {};
    expect(row.sku).toBe('A-1');
    expect(row.sku_text).toBe("it's");
    expect(Number(row.price)).toBe(12.5);
    expect(Number(row.qty)).toBe(3);
    expect(row.missing).toBeNull();
    expect(row.none).toBeNull();
    expect(row.not_a_number).toBeNull();
    expect(Number(row.ms_back)).toBe(Date.parse(e.timestamp));

    const tricky = 'a\'b\\c"d`e\n中\u0000z';
    const echo = await store.queryRows(
      `SELECT ${d.stringLiteral(tricky)} AS ${d.quoteIdentifier('we"ird`name')}, ` +
        `${d.inList(d.stringLiteral('x'), ['y', "x'"])} AS no, ${d.inList(d.stringLiteral("x'"), ['y', "x'"])} AS yes`,
    );
    expect(echo[0]?.['we"ird`name']).toBe(tricky);
    expect(Number(echo[0]?.no)).toBe(0);
    expect(Number(echo[0]?.yes)).toBe(1);
    expect(() => d.jsonPropertyText(props, "x') OR 1=1 --")).toThrow(/property name/);
    expect(() => checkedPropertyName('1abc')).toThrow();
  });

  test('dimensions: organisations and persons, highest version wins, NULLs kept', async () => {
    const org = (id: string, region: string, version: number, memberLevel: string | null = null) => ({
      organizationId: id,
      kind: 'buyer',
      region,
      industry: 'steel',
      businessLine: 'steel',
      certificationStatus: 'verified',
      memberLevel,
      version,
    });
    await store.upsertOrganizations([org('o1', 'east', 5, 'gold'), org('o2', 'west', 1)]);
    // An older version is ignored; a newer one replaces; within one batch the highest version wins.
    await store.upsertOrganizations([org('o1', 'south', 4), org('o2', 'north', 2), org('o2', 'central', 3)]);
    const d = store.dialect;
    const orgs = await store.queryRows(`SELECT * FROM (${d.currentOrganizations()}) ORDER BY organization_id`);
    expect(orgs).toEqual([
      {
        organization_id: 'o1',
        kind: 'buyer',
        region: 'east',
        industry: 'steel',
        business_line: 'steel',
        certification_status: 'verified',
        member_level: 'gold',
      },
      {
        organization_id: 'o2',
        kind: 'buyer',
        region: 'central',
        industry: 'steel',
        business_line: 'steel',
        certification_status: 'verified',
        member_level: null,
      },
    ]);

    await store.upsertPersons([
      { personId: 'p1', organizationId: 'o1', traits: { email: 'a@x.cn', level: 3 }, version: 10 },
      { personId: 'p2', organizationId: null, traits: {}, version: 1 },
    ]);
    await store.upsertPersons([{ personId: 'p1', organizationId: null, traits: { email: 'b@x.cn' }, version: 11 }]);
    const persons = await store.queryRows(
      `SELECT person_id, organization_id, ${d.jsonPropertyText('traits', 'email')} AS email ` +
        `FROM (${d.currentPersons()}) ORDER BY person_id`,
    );
    expect(persons).toEqual([
      { person_id: 'p1', organization_id: null, email: 'b@x.cn' },
      { person_id: 'p2', organization_id: null, email: null },
    ]);
    await expect(
      store.upsertPersons([{ personId: 'p3', organizationId: null, traits: {}, version: -1 }]),
    ).rejects.toThrow(/version/);
  });

  test('a closed store refuses work', async () => {
    await store.close();
    await expect(store.count({})).rejects.toThrow(/closed/);
    await store.close(); // closing twice is fine
  });
}
