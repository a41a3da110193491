import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { IdentityService, IngestPipeline, Marketplace } from '@tradeloop/core';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { installAuth } from './http/auth.js';
import { installErrorHandler } from './http/errors.js';
import { registerRoutes } from './routes/index.js';
import type { AnalyticsDeps } from './routes/query/analytics.js';

export type BuildServerOptions = {
  market: Marketplace;
  logger?: FastifyServerOptions['logger'];
  /** Per-request access logs are off unless asked for (TRADELOOP_ACCESS_LOG=1): they cost throughput. */
  disableRequestLogging?: boolean;
  version?: string;
  /** Event ingestion (/v1/*, /sa); absent → those routes answer 503. */
  ingest?: IngestPipeline | undefined;
  /** Persons and their identities (/api/persons); absent → those routes are not registered. */
  identity?: IdentityService | undefined;
  /** Analytics (POST /api/query); absent → the route is not registered. */
  analytics?: AnalyticsDeps | undefined;
  /** The built console to serve at `/` (TRADELOOP_CONSOLE_DIR); default apps/console/dist. */
  consoleDir?: string | undefined;
  /** The display time zone the console shows dates in (TRADELOOP_TIME_ZONE); default Asia/Shanghai. */
  timeZone?: string | undefined;
};

/**
 * The HTTP API over a marketplace: REST routes, OpenAPI at /openapi.json, docs at /docs, health at /health.
 *
 * @example
 * const app = await buildServer({ market });
 * await app.listen({ port: 3000 });
 */
export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    logController: new LogController({ disableRequestLogging: options.disableRequestLogging ?? true }),
    bodyLimit: 1024 * 1024,
    // Ids and query strings are short; refusing long URLs early keeps junk out of logs.
    routerOptions: { maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Tradeloop API',
        description:
          'Marketplace core of Tradeloop. Authenticate with `Authorization: Bearer <token>`, or (the console) with ' +
          'the `tl_session` cookie from `POST /api/session`.',
        version: options.version ?? '0.1.0',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'tl_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Tracking calls come from browsers on the marketplace's own sites (other origins): the ingestion endpoints answer
  // CORS from any origin (the write key is public by design and no cookies are used). The bearer-token API does not.
  await app.register(cors, {
    delegator: (req, callback) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const tracking = path.startsWith('/v1/') || path === '/sa';
      callback(null, tracking ? { origin: true, methods: ['GET', 'POST'], maxAge: 86_400 } : { origin: false });
    },
  });
  // Parses the console's session cookie before auth runs (unsigned: the value is a random token checked against
  // the store, so a signature would add nothing).
  await app.register(cookie);
  installAuth(app, options.market);
  await registerRoutes(app, {
    market: options.market,
    version: options.version ?? '0.1.0',
    ingest: options.ingest,
    identity: options.identity,
    analytics: options.analytics,
    consoleDir: options.consoleDir,
    timeZone: options.timeZone,
  });
  return app;
}
