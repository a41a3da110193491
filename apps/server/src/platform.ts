import {
  type Clock,
  createMarketplace,
  DimensionSync,
  type FirstOperatorSignIn,
  IdentityService,
  IngestPipeline,
  type Marketplace,
  type OutboxRelay,
  type PipelineLogger,
  type PipelineOptions,
  startOutboxRelay,
  systemClock,
} from '@tradeloop/core';
import type { OltpStore, SqlEventStore } from '@tradeloop/storage';

/** Everything behind the HTTP API, over the two stores: marketplace services, identity, ingestion, the outbox relay. */
export type Platform = {
  market: Marketplace;
  identity: IdentityService;
  ingest: IngestPipeline;
  relay: OutboxRelay;
  /** The event store with its SQL dialect (analytics reads it). */
  events: SqlEventStore;
  /** Mirrors organisations and persons into the event store for scoped analytics. */
  dims: DimensionSync;
  /** The default source's write key. */
  writeKey: string;
  /** Stops the relay (moving what it can), then the pipeline; the stores stay open (their owner closes them). */
  close(): Promise<void>;
};

export type OpenPlatformOptions = {
  store: OltpStore;
  events: SqlEventStore;
  /** Where the write-ahead log lives (`<dataDir>/wal`). */
  dataDir: string;
  clock?: Clock;
  adminToken?: string | undefined;
  writeKey?: string | undefined;
  /**
   * Make sure someone can sign in to the console (`tradeloop start` passes TRADELOOP_ADMIN_EMAIL/PASSWORD): with a
   * password, that operator gets it; without, the first operator is created with a generated password while no
   * operator has one. Absent → nothing is done (the test harness).
   */
  consoleAdmin?: { email?: string | undefined; password?: string | undefined } | undefined;
  logger?: PipelineLogger;
  relayIntervalMs?: number;
  pipeline?: Partial<PipelineOptions>;
};

/**
 * Wires the platform once, for `tradeloop start` and for the test harness alike: the WAL is recovered before the
 * first request, identity commands flow from the pipeline into the identity service, and server-side events from the
 * outbox into the pipeline.
 */
export async function openPlatform(
  options: OpenPlatformOptions,
): Promise<Platform & { adminToken: string; consoleSignIn: FirstOperatorSignIn | undefined }> {
  const clock = options.clock ?? systemClock;
  const market = createMarketplace({ store: options.store, clock });
  const adminToken = await market.auth.ensureAdminToken(options.adminToken);
  const source = await market.sources.ensureDefault(options.writeKey);
  const consoleSignIn = options.consoleAdmin
    ? await market.sessions.ensureFirstOperator(options.consoleAdmin)
    : undefined;
  const identity = new IdentityService({ store: options.store, clock, events: options.events });
  const ingest = await IngestPipeline.open({
    dataDir: options.dataDir,
    store: options.events,
    identity,
    ...(options.logger ? { logger: options.logger } : {}),
    ...options.pipeline,
  });
  const relay = startOutboxRelay({
    store: options.store,
    target: ingest,
    intervalMs: options.relayIntervalMs ?? 250,
    onError: (err) => options.logger?.error({ err }, 'outbox relay failed'),
  });
  return {
    market,
    identity,
    ingest,
    relay,
    events: options.events,
    dims: new DimensionSync({ store: options.store, events: options.events }),
    adminToken,
    consoleSignIn,
    writeKey: source.writeKey,
    async close() {
      await relay.stop();
      // What was committed but not relayed stays in the outbox for the next start.
      await relay.drain().catch((err: unknown) => options.logger?.warn({ err }, 'outbox not drained at shutdown'));
      await ingest.close();
    },
  };
}
