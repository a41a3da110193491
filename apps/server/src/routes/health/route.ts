import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteDeps } from '../deps.js';

const Health = z.object({
  status: z.literal('ok'),
  version: z.string(),
  store: z.enum(['sqlite', 'postgres']),
  uptimeSeconds: z.number(),
});

export const healthRoutes =
  (deps: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/health',
      { schema: { tags: ['system'], summary: 'Liveness and the store in use', response: { 200: Health } } },
      async () => {
        await deps.market.deps.store.db.selectFrom('settings').select('key').limit(1).execute();
        return {
          status: 'ok' as const,
          version: deps.version,
          store: deps.market.deps.store.dialect,
          uptimeSeconds: Math.round(process.uptime()),
        };
      },
    );
  };
