import { rolePermissions } from '@tradeloop/core';
import { DEFAULT_QUERY_TIME_ZONE, Operator } from '@tradeloop/schema';
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
  /** Operators: their record (name, email...) and the write permissions of their role, for the console. */
  operator: Operator.optional(),
  permissions: z.array(z.string()).optional(),
  contactId: z.string().optional(),
  organizationId: z.string().optional(),
  organizationKind: z.string().optional(),
  /** The platform's display time zone (TRADELOOP_TIME_ZONE): the console shows dates and queries days in it. */
  timeZone: z.string(),
});

export const meRoutes =
  (deps: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/me',
      {
        schema: {
          tags: ['auth'],
          summary: 'Who the bearer token or the console session stands for',
          security: [{ bearer: [] }, { session: [] }],
          response: { 200: Me },
        },
      },
      async (request) => {
        const p = request.principal;
        const timeZone = deps.timeZone ?? DEFAULT_QUERY_TIME_ZONE;
        if (p.kind !== 'operator') return { ...p, timeZone };
        const operator = await deps.market.operators.get(p, p.operatorId);
        return { ...p, operator, permissions: [...rolePermissions(p.role)], timeZone };
      },
    );
  };
