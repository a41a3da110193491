import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { IdentityCommand } from '@tradeloop/schema';
import { type EventStore, openDuckDbEventStore } from '@tradeloop/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type IdentitySink, IngestPipeline } from '../ingest/pipeline.js';
import { lockWal, WalLocked } from '../ingest/wal-lock.js';
import { ImportFileError } from './csv-records.js';
import { JsonDocumentSplitter } from './json-document.js';
import type { ImportFormat } from './rows.js';
import { type ImportReport, importEvents } from './run.js';
import { shanghaiTime } from './tianchi.js';

class RecordingSink implements IdentitySink {
  readonly commands: IdentityCommand[] = [];
  async applyRecords(records: readonly { commands: readonly IdentityCommand[] }[]): Promise<void> {
    for (const r of records) this.commands.push(...r.commands);
  }
}

const ndjson = (rows: unknown[]) => `${rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`;
const codesByLine = (r: ImportReport) =>
  Object.entries(r.rejectedByReason)
    .flatMap(([code, { first }]) => first.map((s) => [s.line, code] as const))
    .sort((a, b) => a[0] - b[0]);

describe('import events', () => {
  let dir: string;
  let store: EventStore;
  let pipeline: IngestPipeline;
  let sink: RecordingSink;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tl-import-'));
    store = await openDuckDbEventStore(join(dir, 'events.duckdb'));
    sink = new RecordingSink();
    pipeline = await IngestPipeline.open({ dataDir: dir, store, identity: sink, maxBatchDelayMs: 5 });
  });
  afterEach(async () => {
    await pipeline.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, text: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const run = (file: string, format: ImportFormat, extra: Partial<Parameters<typeof importEvents>[0]> = {}) =>
    importEvents({ file, format, pipeline, store, sourceId: 'src_import', chunkRows: 3, ...extra });

  it('segment NDJSON: messages, arrays and batch lines with context; bad rows reported by line', async () => {
    const file = write(
      'seg.jsonl',
      ndjson([
        { type: 'track', event: 'search', anonymousId: 'a1', messageId: 'm1', properties: { query: 'steel' } },
        '',
        {
          type: 'identify',
          userId: 'u1',
          anonymousId: 'a1',
          traits: { email: 'x@y.cn' },
          timestamp: '2023-05-01T00:00:00Z',
        },
        '{"type": "track", "event": ',
        {
          batch: [
            { type: 'track', event: 'login', userId: 'u1', timestamp: '2023-05-01T00:01:00Z' },
            { type: 'track', event: 'login' },
          ],
          context: { library: { name: 'file-lib', version: '1' } },
          sentAt: '2023-05-01T00:02:00Z',
        },
        { type: 'track', event: 'product_view', userId: 'u1', properties: { productId: 7 } },
        { type: 'track', event: 'x', userId: 'u1', properties: { 'bad name': 1 } },
        42,
      ]),
    );
    const report = await run(file, 'segment');
    expect(report).toMatchObject({ rowsRead: 8, accepted: 3, duplicates: 0, rejected: 5, storedEvents: 3 });
    expect(codesByLine(report)).toEqual([
      [4, 'invalid_json'],
      [5, 'missing_id'],
      [6, 'invalid_property_type'],
      [7, 'invalid_property_name'],
      [8, 'invalid_message'],
    ]);
    expect(report.rejectedByReason.invalid_property_type?.first[0]?.path).toEqual(['properties', 'productId']);
    const stored = await store.find({}, { limit: 100 });
    expect(stored.map((e) => e.event).sort()).toEqual(['$identify', 'login', 'search']);
    const login = stored.find((e) => e.event === 'login');
    // Batch context merged; sentAt ignored: the file's timestamp is kept as is.
    expect(login).toMatchObject({
      libraryName: 'file-lib',
      timestamp: '2023-05-01T00:01:00.000Z',
      sourceId: 'src_import',
    });
    expect(login?.eventId).toMatch(/^imp_[0-9a-f]{32}$/);
    expect(stored.find((e) => e.event === 'search')?.eventId).toBe('m1');
    expect(sink.commands).toEqual([expect.objectContaining({ kind: 'identify', userId: 'u1', anonymousId: 'a1' })]);

    // Every rejected row is in the file next to the input, with its line and reason.
    const rejected = readFileSync(`${file}.rejected.jsonl`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejected.map((r) => [r.line, r.code])).toEqual([
      [4, 'invalid_json'],
      [5, 'missing_id'],
      [6, 'invalid_property_type'],
      [7, 'invalid_property_name'],
      [8, 'invalid_message'],
    ]);
    expect(report.rejectedFile).toBe(`${file}.rejected.jsonl`);
  });

  it('segment: a pretty-printed {batch} document is streamed item by item, context found after the batch', async () => {
    const doc = {
      batch: [
        { type: 'track', event: 'search', anonymousId: 'd1', properties: { query: 'a "quoted" [x] {y}' } },
        { type: 'page', anonymousId: 'd1', name: 'Home', properties: { url: 'https://x.cn/?utm_source=mail' } },
        { type: 'track', anonymousId: 'd1' },
      ],
      context: { library: { name: 'doc-lib' } },
    };
    const file = write('seg.json', JSON.stringify(doc, null, 2));
    const report = await run(file, 'segment');
    expect(report).toMatchObject({ rowsRead: 3, accepted: 2, rejected: 1 });
    // Reported at the line where the third item starts in the pretty-printed document.
    const starts = JSON.stringify(doc, null, 2)
      .split('\n')
      .flatMap((l, i) => (l === '    {' ? [i + 1] : []));
    const thirdLine = starts[2];
    expect(report.rejectedByReason.invalid_field?.first[0]?.line).toBe(thirdLine);
    const stored = await store.find({ distinctIds: ['d1'] });
    expect(stored.every((e) => e.libraryName === 'doc-lib')).toBe(true);
    expect(stored.find((e) => e.type === 'page')?.utmSource).toBe('mail');
    expect(stored.find((e) => e.event === 'search')?.properties).toEqual({ query: 'a "quoted" [x] {y}' });
  });

  it('the document splitter handles strings with brackets, escapes and items spread over lines', () => {
    const s = new JsonDocumentSplitter();
    const text = '{ "sentAt": "2020", "batch": [ {"a": "x\\"]}"},\n 1, "s", [1,\n 2] ], "context": {"k": [1]} }';
    const parts = text.split('\n').flatMap((t, i) => s.feed(t, i + 1));
    expect(s.done).toBe(true);
    expect(parts).toEqual([
      { kind: 'member', key: 'sentAt', text: '"2020"' },
      { kind: 'item', line: 1, text: '{"a": "x\\"]}"}' },
      { kind: 'item', line: 2, text: '1' },
      { kind: 'item', line: 2, text: '"s"' },
      { kind: 'item', line: 2, text: '[1,\n 2]' },
      { kind: 'member', key: 'context', text: '{"k": [1]}' },
    ]);
  });

  it('sensors: track, profile and item records; bad ones by line', async () => {
    const t = Date.parse('2024-03-01T08:00:00Z');
    const file = write(
      'sa.jsonl',
      ndjson([
        {
          type: 'track',
          event: 'product_view',
          distinct_id: 'd9',
          time: t,
          _track_id: 11,
          properties: { productId: 'p1', $url: 'https://m.cn/p?utm_source=sms' },
        },
        { type: 'profile_set', distinct_id: 'd9', time: t, properties: { city: 'Hangzhou' } },
        { type: 'track', event: 'search', distinct_id: 'd9', properties: { query: 'q' } },
        { type: 'track', event: 'search', time: t, properties: { query: 'q' } },
        { type: 'nonsense', distinct_id: 'd9' },
        [{ type: 'track', event: 'login', distinct_id: 'd9', time: t + 1 }, 'x'],
      ]),
    );
    const report = await run(file, 'sensors');
    expect(report).toMatchObject({ rowsRead: 7, accepted: 4, rejected: 3, storedEvents: 3 });
    expect(codesByLine(report)).toEqual([
      [4, 'missing_id'],
      [5, 'invalid_type'],
      [6, 'invalid_message'],
    ]);
    const stored = await store.find({ distinctIds: ['d9'] });
    expect(stored.find((e) => e.event === 'product_view')).toMatchObject({
      utmSource: 'sms',
      eventId: expect.stringMatching(/^sa_/),
    });
    // No time or _track_id: the row's deterministic id instead of a random one.
    expect(stored.find((e) => e.event === 'search')?.eventId).toMatch(/^imp_/);
    expect(sink.commands).toEqual([expect.objectContaining({ kind: 'profile', op: 'set', distinctId: 'd9' })]);
  });

  it('csv: documented header, typed prop_ columns, quoted JSON properties and multi-line fields', async () => {
    const file = write(
      'events.csv',
      [
        'event,timestamp,distinct_id,user_id,organization_id,properties,prop_quantity:number,prop_note',
        'add_to_cart,2024-01-02T03:04:05Z,anon-1,,org_1,"{""productId"": ""p1"", ""unitPrice"": 1200}",3,"two, words"',
        `search,${Date.parse('2024-01-03T00:00:00Z')},,u-7,,"{""query"": ""pipe""}",,"line one`,
        'line two"',
        'add_to_cart,2024-01-02T03:04:05Z,anon-1,,,,x,',
        'product_view,2024-01-02T03:04:05Z,anon-1,,,{},,',
        'too,few',
        'login,2024-01-02T03:04:05Z,,,,,,',
      ].join('\r\n'),
    );
    const report = await run(file, 'csv');
    expect(report).toMatchObject({ rowsRead: 6, accepted: 2, rejected: 4 });
    expect(codesByLine(report)).toEqual([
      [5, 'invalid_value'],
      [6, 'invalid_property_type'],
      [7, 'invalid_row'],
      [8, 'missing_id'],
    ]);
    const cart = (await store.find({ distinctIds: ['anon-1'] }))[0];
    expect(cart).toMatchObject({
      anonymousId: 'anon-1',
      organizationId: 'org_1',
      timestamp: '2024-01-02T03:04:05.000Z',
      properties: { productId: 'p1', unitPrice: 1200, quantity: 3, note: 'two, words' },
    });
    const search = (await store.find({ distinctIds: ['u-7'] }))[0];
    expect(search).toMatchObject({ userId: 'u-7', timestamp: '2024-01-03T00:00:00.000Z' });
    expect(search?.properties).toEqual({ query: 'pipe', note: 'line one\nline two' });
  });

  it('csv: an unknown or missing header column refuses the file before storing anything', async () => {
    await expect(run(write('bad.csv', 'event,user,prop_x\nlogin,u1,1\n'), 'csv')).rejects.toThrow(ImportFileError);
    await expect(run(write('bad2.csv', 'event,timestamp\nlogin,2024-01-01T00:00:00Z\n'), 'csv')).rejects.toThrow(
      /distinct_id, user_id or anonymous_id/,
    );
    await pipeline.drain();
    expect(await store.count({})).toBe(0);
  });

  it('otto: sessions → product_view / add_to_cart / order_placed of the anonymous session', async () => {
    const file = write(
      'otto.jsonl',
      ndjson([
        {
          session: 5,
          events: [
            { aid: 100, ts: 1659304800025, type: 'clicks' },
            { aid: 100, ts: 1659304900000, type: 'carts' },
            { aid: 100, ts: 1659305000000, type: 'orders' },
            { aid: 101, ts: 1659305000000, type: 'orders' },
            { aid: 102, ts: 1659305000001, type: 'wishlist' },
          ],
        },
        { session: 6 },
        { session: 7, events: [{ aid: 1, ts: 99, type: 'clicks' }] },
      ]),
    );
    const report = await run(file, 'otto');
    expect(report).toMatchObject({ rowsRead: 7, accepted: 4, rejected: 3 });
    expect(codesByLine(report)).toEqual([
      [1, 'invalid_row'],
      [2, 'invalid_row'],
      [3, 'timestamp_too_old'],
    ]);
    const stored = await store.find({ distinctIds: ['otto:5'] });
    expect(stored.map((e) => e.event)).toEqual(['product_view', 'add_to_cart', 'order_placed', 'order_placed']);
    const orders = stored.filter((e) => e.event === 'order_placed').map((e) => e.properties);
    expect(stored[0]).toMatchObject({
      anonymousId: 'otto:5',
      sessionId: 'otto:5',
      timestamp: '2022-07-31T22:00:00.025Z',
      properties: { productId: '100' },
    });
    // The aids ordered at one instant form one order.
    expect(orders).toEqual(
      expect.arrayContaining([
        { productId: '100', orderId: 'otto:5:1659305000000', total: 0 },
        { productId: '101', orderId: 'otto:5:1659305000000', total: 0 },
      ]),
    );
  });

  it('tianchi: behaviour types 1..4, hour-level Asia/Shanghai times, bad rows by line', async () => {
    expect(new Date(shanghaiTime('2014-12-06 02') as number).toISOString()).toBe('2014-12-05T18:00:00.000Z');
    expect(shanghaiTime('2014-02-30 01')).toBeNull();
    const file = write(
      'tianchi.csv',
      [
        'user_id,item_id,behavior_type,user_geohash,item_category,time',
        '98047837,232431562,1,,4245,2014-12-06 02',
        '98047837,232431562,2,96nn52n,4245,2014-12-06 03',
        '98047837,232431562,3,,4245,2014-12-06 03',
        '98047837,232431562,4,,4245,2014-12-06 04',
        '98047837,232431562,4,,4245,2014-12-06 04',
        '98047837,232431562,5,,4245,2014-12-06 04',
        '98047837,232431562,1,,4245,2014-12-06',
        '98047837,232431562,1',
      ].join('\n'),
    );
    const report = await run(file, 'tianchi');
    expect(report).toMatchObject({ rowsRead: 8, accepted: 5, rejected: 3 });
    expect(codesByLine(report)).toEqual([
      [7, 'invalid_row'],
      [8, 'invalid_timestamp'],
      [9, 'invalid_row'],
    ]);
    const stored = await store.find({ distinctIds: ['tianchi:98047837'] });
    // Two identical purchase rows (same hour) are two events: ids come from the line, not the content alone.
    expect(stored.map((e) => e.event).sort()).toEqual([
      'add_to_cart',
      'add_to_favorites',
      'order_placed',
      'order_placed',
      'product_view',
    ]);
    const of = (event: string) => stored.find((e) => e.event === event);
    expect(of('product_view')).toMatchObject({
      userId: 'tianchi:98047837',
      timestamp: '2014-12-05T18:00:00.000Z',
      properties: { productId: '232431562', categoryId: '4245' },
    });
    expect(of('add_to_favorites')?.properties.geohash).toBe('96nn52n');
    expect(of('add_to_cart')?.properties.quantity).toBe(1);
  });

  it('importing the same file twice (plain and gzipped) stores nothing new', async () => {
    const rows = [
      'user_id,item_id,behavior_type,user_geohash,item_category,time',
      ...Array.from(
        { length: 20 },
        (_, i) => `${i % 4},${1000 + i},${(i % 4) + 1},,77,2014-12-0${(i % 9) + 1} 1${i % 10}`,
      ),
    ].join('\n');
    const plain = write('t.csv', rows);
    const first = await run(plain, 'tianchi');
    expect(first).toMatchObject({ rowsRead: 20, accepted: 20, duplicates: 0, storedEvents: 20 });
    const again = await run(plain, 'tianchi');
    expect(again).toMatchObject({ rowsRead: 20, accepted: 0, duplicates: 20, storedEvents: 0 });
    const gz = await run(write('t.csv.gz', gzipSync(rows)), 'tianchi');
    expect(gz).toMatchObject({ rowsRead: 20, accepted: 0, duplicates: 20 });
    const sensors = write('s.jsonl', ndjson([{ type: 'track', event: 'login', distinct_id: 'z' }]));
    expect((await run(sensors, 'sensors')).storedEvents).toBe(1);
    expect((await run(sensors, 'sensors')).duplicates).toBe(1);
    await pipeline.drain();
    expect(await store.count({})).toBe(21);
  });

  it('writes the rejected rows to --report when given', async () => {
    const file = write('bad.jsonl', ndjson(['nope', { type: 'track', event: 'x' }]));
    const reportPath = join(dir, 'out', 'rejected.jsonl');
    rmSync(join(dir, 'out'), { recursive: true, force: true });
    await expect(run(file, 'segment', { reportPath })).rejects.toThrow(/ENOENT/);
    const path = join(dir, 'rejected.jsonl');
    const report = await run(file, 'segment', { reportPath: path, firstPerReason: 0 });
    expect(report.rejectedFile).toBe(path);
    expect(report.rejectedByReason.invalid_json).toEqual({ count: 1, first: [] });
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('a live process holding the WAL lock refuses a second pipeline on the same data directory', async () => {
    const other = mkdtempSync(join(tmpdir(), 'tl-lock-'));
    const child: ChildProcess = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const wal = join(other, 'wal');
      const release = await lockWal(wal);
      await release();
      writeFileSync(join(wal, 'LOCK'), JSON.stringify({ pid: child.pid, start: null, boot: null }));
      await expect(IngestPipeline.open({ dataDir: other, store })).rejects.toThrow(WalLocked);
      // A lock left by a process that is gone is taken over.
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const p = await IngestPipeline.open({ dataDir: other, store });
      await p.close();
      expect(existsSync(join(wal, 'LOCK'))).toBe(false);
    } finally {
      child.kill('SIGKILL');
      rmSync(other, { recursive: true, force: true });
    }
  });

  const samples = resolve(
    fileURLToPath(new URL('.', import.meta.url)),
    '../../../../../../shared/datasets/events_samples',
  );
  const haveSamples = existsSync(samples);
  if (!haveSamples) console.warn(`[import events] skipping the shared-sample test: ${samples} does not exist`);
  it.skipIf(!haveSamples)('imports the shared OTTO and Tianchi samples without rejections, twice', async () => {
    const otto = await run(join(samples, 'otto_sessions_sample.jsonl'), 'otto', {
      chunkRows: 500,
      fallbackReportDir: dir,
    });
    const tianchi = await run(join(samples, 'tianchi_user_behavior_sample.csv'), 'tianchi', {
      chunkRows: 500,
      fallbackReportDir: dir,
    });
    expect(otto.rejected).toBe(0);
    expect(tianchi.rejected).toBe(0);
    expect(otto.rowsRead).toBeGreaterThan(100);
    expect(tianchi.rowsRead).toBeGreaterThan(1000);
    await pipeline.drain();
    const total = await store.count({});
    expect(total).toBe(otto.accepted + tianchi.accepted);
    const again = await run(join(samples, 'otto_sessions_sample.jsonl'), 'otto', { fallbackReportDir: dir });
    expect(again).toMatchObject({ accepted: 0, duplicates: otto.rowsRead });
    expect(await store.count({})).toBe(total);
  });
});
