import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrackedEvent } from '@tradeloop/schema';
import { describe, expect, it } from 'vitest';
import { eventStoreTestTargets } from '../../testing/event-stores.js';
import { eventStoreConformance } from '../event-store.case.js';
import { openEventStore } from '../open.js';
import { openDuckDbEventStore } from './duckdb-event-store.js';

const target = eventStoreTestTargets().find((t) => t.engine === 'duckdb');
if (!target) throw new Error('no duckdb target');

describe('DuckDB event store: conformance', () => eventStoreConformance(target));

function event(id: string): TrackedEvent {
  return {
    eventId: id,
    type: 'track',
    event: 'login',
    timestamp: '2024-01-01T00:00:00.000Z',
    receivedAt: '2024-01-01T00:00:00.000Z',
    distinctId: 'd',
    anonymousId: null,
    userId: null,
    organizationId: null,
    sessionId: null,
    sourceId: 's',
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

describe('DuckDB event store: files', () => {
  it('openEventStore without a URL uses <dataDir>/events.duckdb, shared per process, persisted on reopen', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'tradeloop-events-')), 'nested', 'data');
    try {
      const a = await openEventStore({ dataDir });
      const b = await openDuckDbEventStore(join(dataDir, 'events.duckdb'));
      expect(a.engine).toBe('duckdb');
      expect(a.location).toBe(`duckdb:${join(dataDir, 'events.duckdb')}`);
      // Two handles on one file share one instance and one serialised writer.
      await Promise.all([a.append([event('1')]), b.append([event('2')]), a.append([event('3')])]);
      await b.upsertPersonDistinctIds([{ distinctId: 'd', personId: 'p', version: 1 }]);
      expect(await a.count({ personId: 'p' })).toBe(3);
      await a.close();
      expect(await b.count({})).toBe(3);
      await b.close();

      const reopened = await openEventStore({ dataDir, eventsUrl: '' });
      expect((await reopened.existingEventIds(['1', '2', '3', '4'])).size).toBe(3);
      expect(await reopened.count({ personId: 'p' })).toBe(3);
      await reopened.close();
    } finally {
      rmSync(dataDir.replace(/\/nested\/data$/, ''), { recursive: true, force: true });
    }
  });

  it('openEventStore refuses a URL that is not http(s)', async () => {
    await expect(openEventStore({ dataDir: tmpdir(), eventsUrl: 'clickhouse://x' })).rejects.toThrow(/http/);
  });
});
