import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteDeps } from '../deps.js';

const Me = z.object({
  kind: z.enum(['admin', 'operator', 'member', 'system']),
  operatorId: z.string().optional(),
  role: z.string().optional(),
  scope: z
    .object({
      regions: z.union([z.literal('*'), z.array(z.string())]),
      businessLines: z.union([z.literal('*'), z.array(z.string())]),
    })
    .optional(),
  contactId: z.string().optional(),
  organizationId: z.string().optional(),
  organizationKind: z.string().optional(),
});

export const meRoutes =
  (_deps: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/me',
      {
        schema: {
          tags: ['auth'],
          summary: 'Who the bearer token stands for',
          security: [{ bearer: [] }],
          response: { 200: Me },
        },
      },
      async (request) => request.principal,
    );
  };
