import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock, Marketplace } from '@tradeloop/core';
import { type EventStore, type OltpStore, openDuckDbEventStore } from '@tradeloop/storage';
import type { OltpTestTarget } from '@tradeloop/storage/testing';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../app.js';
import { openPlatform, type Platform } from '../platform.js';

export type TestResponse<T = any> = { status: number; body: T; headers: Record<string, unknown> };

export type RequestOptions = {
  /** Bearer token; defaults to the admin token. Pass null for no Authorization header. */
  token?: string | null;
  body?: unknown;
  /** A raw body sent as is (malformed JSON tests). */
  rawBody?: string;
  headers?: Record<string, string>;
};

export type TestApi = {
  app: FastifyInstance;
  market: Marketplace;
  store: OltpStore;
  /** The event store (DuckDB in memory) behind ingestion and identity. */
  events: EventStore;
  platform: Platform;
  adminToken: string;
  /** The default source's write key. */
  writeKey: string;
  request<T = any>(method: string, url: string, options?: RequestOptions): Promise<TestResponse<T>>;
  close(): Promise<void>;
};

/**
 * The real HTTP API over a fresh store of the given dialect, driven through Fastify's request injection (the full
 * routing, validation, auth and serialisation pipeline, without a socket).
 */
export async function startTestApi(
  target: OltpTestTarget,
  /** `logStream`: the server logs everything (trace, with access logs) into it, for tests that read the logs. */
  options: { clock?: Clock; logStream?: NodeJS.WritableStream; timeZone?: string } = {},
): Promise<TestApi> {
  const store = await target.open();
  const events = await openDuckDbEventStore(':memory:');
  const dataDir = mkdtempSync(join(tmpdir(), 'tl-api-'));
  const platform = await openPlatform({
    store,
    events,
    dataDir,
    adminToken: 'test-admin-token',
    writeKey: 'test-write-key',
    // Tests move outbox rows explicitly (api.platform.relay.drain()), so snapshots of the store stay still.
    relayIntervalMs: 3_600_000,
    pipeline: { maxBatchDelayMs: 10 },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const market = platform.market;
  const adminToken = platform.adminToken;
  const app = await buildServer({
    market,
    ingest: platform.ingest,
    identity: platform.identity,
    analytics: { events: platform.events, dims: platform.dims },
    timeZone: options.timeZone,
    ...(options.logStream
      ? { logger: { level: 'trace', stream: options.logStream }, disableRequestLogging: false }
      : {}),
  });
  await app.ready();
  return {
    app,
    market,
    store,
    events,
    platform,
    adminToken,
    writeKey: platform.writeKey,
    async request(method, url, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      const token = opts.token === undefined ? adminToken : opts.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let payload: string | undefined;
      if (opts.rawBody !== undefined) {
        payload = opts.rawBody;
        headers['content-type'] ??= 'application/json';
      } else if (opts.body !== undefined) {
        payload = JSON.stringify(opts.body);
        headers['content-type'] = 'application/json';
      }
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers,
        ...(payload !== undefined ? { payload } : {}),
      });
      let body: unknown = res.body;
      if (String(res.headers['content-type'] ?? '').includes('application/json') && res.body)
        body = JSON.parse(res.body);
      return { status: res.statusCode, body: body as never, headers: res.headers };
    },
    async close() {
      await app.close();
      await platform.close();
      await events.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
