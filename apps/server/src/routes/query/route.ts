import { supportedKinds } from '@tradeloop/analytics';
import { QueryNode, QueryResult } from '@tradeloop/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../http/schemas.js';
import { type AnalyticsDeps, answerQuery } from './analytics.js';

/** `POST /api/query`: one query node in, its result out (DESIGN.md §4). */
export const queryRoutes =
  (deps: AnalyticsDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/query',
      {
        schema: {
          tags: ['analytics'],
          summary: `Run an analytics query node (kinds: ${supportedKinds().join(', ') || 'none yet'}); operators get numbers of their data scope`,
          body: QueryNode,
          response: { 200: QueryResult, ...errorResponses },
        },
      },
      async (request) => answerQuery(deps, request.principal, request.body),
    );
  };
