import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createMarketplace } from '@tradeloop/core';
import { openOltpStore } from '@tradeloop/storage';
import type { FastifyInstance } from 'fastify';
import { buildServer } from './app.js';
import { startPointsExpiry } from './workers/points-expiry.js';

/** Configuration of a running platform, from flags and environment (DESIGN.md §4). */
export type ServerConfig = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string | undefined;
  adminToken?: string | undefined;
  logLevel: string;
  accessLog: boolean;
  version: string;
};

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.TRADELOOP_DATA_DIR ?? './data'),
    databaseUrl: env.TRADELOOP_DATABASE_URL || undefined,
    adminToken: env.TRADELOOP_ADMIN_TOKEN || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    accessLog: env.TRADELOOP_ACCESS_LOG === '1',
    version: '0.1.0',
  };
}

export type RunningServer = { app: FastifyInstance; url: string; adminToken: string; close(): Promise<void> };

/**
 * Opens the configured store (migrating it), ensures the admin token, and listens. `close()` stops accepting
 * connections, lets in-flight requests finish, then closes the store.
 */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  mkdirSync(config.dataDir, { recursive: true });
  const store = await openOltpStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const market = createMarketplace({ store });
  const adminToken = await market.auth.ensureAdminToken(config.adminToken);
  const app = await buildServer({
    market,
    version: config.version,
    logger: { level: config.logLevel },
    disableRequestLogging: !config.accessLog,
  });
  const stopExpiry = startPointsExpiry(market, app.log);
  app.addHook('onClose', async () => {
    stopExpiry();
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
  return { app, url: `http://${shownHost}:${port}`, adminToken, close: () => app.close() };
}
