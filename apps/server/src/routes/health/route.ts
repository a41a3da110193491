import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteDeps } from '../deps.js';

const IngestHealth = z
  .object({
    backlogEvents: z.number().int().describe('Acknowledged events (in the fsync’d WAL) not yet in the event store'),
    appliedEvents: z.number().int().describe('Events the applier wrote to the event store since this start'),
    replayedEvents: z
      .number()
      .int()
      .describe('Events found in the WAL tail at start (replayed; those already stored are skipped)'),
  })
  .describe('The ingestion pipeline, when it runs: 0 backlog means everything acknowledged is stored');

const Health = z.object({
  status: z.literal('ok'),
  version: z.string(),
  store: z.enum(['sqlite', 'postgres']),
  uptimeSeconds: z.number(),
  ingest: IngestHealth.optional(),
});

export const healthRoutes =
  (deps: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/health',
      {
        schema: {
          tags: ['system'],
          summary: 'Liveness, the store in use, and the ingestion backlog',
          response: { 200: Health },
        },
      },
      async () => {
        await deps.market.deps.store.db.selectFrom('settings').select('key').limit(1).execute();
        // Counters only (no I/O): cheap enough for a liveness probe, and how a caller waits for WAL recovery.
        const stats = deps.ingest?.stats();
        return {
          status: 'ok' as const,
          version: deps.version,
          store: deps.market.deps.store.dialect,
          uptimeSeconds: Math.round(process.uptime()),
          ...(stats
            ? {
                ingest: {
                  backlogEvents: stats.backlogEvents,
                  appliedEvents: stats.appliedEvents,
                  replayedEvents: stats.replayedEvents,
                },
              }
            : {}),
        };
      },
    );
  };
