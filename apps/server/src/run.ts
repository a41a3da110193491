import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FirstOperatorSignIn, PipelineLogger } from '@tradeloop/core';
import { DEFAULT_QUERY_TIME_ZONE, TimeZone } from '@tradeloop/schema';
import { type EventStore, type OltpStore, openEventStore, openOltpStore } from '@tradeloop/storage';
import type { FastifyInstance } from 'fastify';
import { buildServer } from './app.js';
import { openPlatform, type Platform } from './platform.js';
import { startPointsExpiry } from './workers/points-expiry.js';

/** Configuration of a running platform, from flags and environment (DESIGN.md §4). */
export type ServerConfig = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string | undefined;
  adminToken?: string | undefined;
  /** TRADELOOP_ADMIN_EMAIL: the first console operator's email (default admin@tradeloop.local). */
  adminEmail?: string | undefined;
  /** TRADELOOP_ADMIN_PASSWORD: that operator's password, set on every start (else generated once, at first start). */
  adminPassword?: string | undefined;
  /** TRADELOOP_EVENTS_URL: ClickHouse; unset → DuckDB file in the data directory. */
  eventsUrl?: string | undefined;
  /** TRADELOOP_WRITE_KEY: the default source's write key (else generated once and kept). */
  writeKey?: string | undefined;
  /** TRADELOOP_CONSOLE_DIR: the built console to serve at `/` (default apps/console/dist). */
  consoleDir?: string | undefined;
  /** TRADELOOP_TIME_ZONE: the display time zone of the console and the default of queries (IANA name). */
  timeZone: string;
  logLevel: string;
  accessLog: boolean;
  version: string;
};

/** TRADELOOP_TIME_ZONE checked once at start: a misspelt zone stops the server with a clear message. */
export function displayTimeZone(value: string | undefined): string {
  const tz = value?.trim() || DEFAULT_QUERY_TIME_ZONE;
  if (!TimeZone.safeParse(tz).success) {
    throw new Error(`TRADELOOP_TIME_ZONE: ${JSON.stringify(tz)} is not an IANA time zone (e.g. Asia/Shanghai, UTC)`);
  }
  return tz;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.TRADELOOP_DATA_DIR ?? './data'),
    databaseUrl: env.TRADELOOP_DATABASE_URL || undefined,
    adminToken: env.TRADELOOP_ADMIN_TOKEN || undefined,
    adminEmail: env.TRADELOOP_ADMIN_EMAIL || undefined,
    adminPassword: env.TRADELOOP_ADMIN_PASSWORD || undefined,
    eventsUrl: env.TRADELOOP_EVENTS_URL || undefined,
    writeKey: env.TRADELOOP_WRITE_KEY || undefined,
    consoleDir: env.TRADELOOP_CONSOLE_DIR ? resolve(env.TRADELOOP_CONSOLE_DIR) : undefined,
    timeZone: displayTimeZone(env.TRADELOOP_TIME_ZONE),
    logLevel: env.LOG_LEVEL ?? 'info',
    accessLog: env.TRADELOOP_ACCESS_LOG === '1',
    version: '0.1.0',
  };
}

export type RunningServer = {
  app: FastifyInstance;
  url: string;
  adminToken: string;
  /**
   * The console sign-in to print: set when the first operator's password was just generated or came from
   * TRADELOOP_ADMIN_PASSWORD; undefined otherwise (a stored password cannot be recovered).
   */
  consoleSignIn: FirstOperatorSignIn | undefined;
  /** The default source's write key (Segment Basic user / writeKey; Sensors `token`). */
  writeKey: string;
  close(): Promise<void>;
};

/** What a first-start hook gets: the wired platform and its stores, before the server listens. */
export type FirstStartContext = {
  platform: Platform;
  store: OltpStore;
  events: EventStore;
  dataDir: string;
  logger: PipelineLogger;
};

export type StartOptions = {
  /**
   * Runs once, before listening, when the platform starts on an empty data directory with an empty operational
   * store (the CLI loads the demo marketplace here unless TRADELOOP_DEMO=0).
   */
  onFirstStart?: (ctx: FirstStartContext) => Promise<void>;
};

/**
 * Opens the configured store (migrating it), ensures the admin token, and listens. `close()` stops accepting
 * connections, lets in-flight requests finish, then closes the store.
 */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  // Looked at before anything is created in it: "first start" means nothing was ever stored here.
  const emptyDataDir = !existsSync(config.dataDir) || readdirSync(config.dataDir).length === 0;
  mkdirSync(config.dataDir, { recursive: true });
  const store = await openOltpStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const events = await openEventStore({ eventsUrl: config.eventsUrl, dataDir: config.dataDir });
  // The pipeline recovers the WAL before any request is accepted (its tail replays in the background), and logs
  // through Fastify's logger once that exists. What it says before (the replay, torn WAL tails) is held until then,
  // not dropped: it is what an operator looks for after a crash.
  let log: FastifyInstance['log'] | undefined;
  const early: { level: keyof PipelineLogger; obj: object; msg: string | undefined }[] = [];
  const emit = (level: keyof PipelineLogger) => (obj: object, msg?: string) => {
    if (log) log[level](obj, msg);
    else early.push({ level, obj, msg });
  };
  const logger: PipelineLogger = { info: emit('info'), warn: emit('warn'), error: emit('error') };
  const platform = await openPlatform({
    store,
    events,
    dataDir: config.dataDir,
    adminToken: config.adminToken,
    writeKey: config.writeKey,
    consoleAdmin: { email: config.adminEmail, password: config.adminPassword },
    logger,
  });
  if (options.onFirstStart && emptyDataDir) {
    const existing = await platform.market.organizations.list({ kind: 'system' }, { limit: 1, offset: 0 });
    if (existing.total === 0) {
      try {
        await options.onFirstStart({ platform, store, events, dataDir: config.dataDir, logger });
      } catch (err) {
        await platform.close();
        await events.close();
        await store.close();
        throw err;
      }
    }
  }
  const app = await buildServer({
    market: platform.market,
    ingest: platform.ingest,
    identity: platform.identity,
    analytics: { events: platform.events, dims: platform.dims },
    version: config.version,
    consoleDir: config.consoleDir,
    timeZone: config.timeZone,
    logger: { level: config.logLevel },
    disableRequestLogging: !config.accessLog,
  });
  log = app.log;
  for (const e of early.splice(0)) log[e.level](e.obj, e.msg);
  const stopExpiry = startPointsExpiry(platform.market, app.log);
  app.addHook('onClose', async () => {
    stopExpiry();
    await platform.close();
    await events.close();
    await store.close();
  });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  return {
    app,
    url: `http://${shownHost}:${port}`,
    adminToken: platform.adminToken,
    consoleSignIn: platform.consoleSignIn,
    writeKey: platform.writeKey,
    close: () => app.close(),
  };
}
