import { Promotion, PromotionCreate, PromotionListQuery, PromotionPage, PromotionUpdate } from '@tradeloop/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, IdParams } from '../../http/schemas.js';
import type { RouteDeps } from '../deps.js';

const errors = errorResponses;

/** Time-limited promotions (限时活动). */
export const promotionRoutes =
  (deps: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const promotions = deps.market.promotions;

    app.get(
      '/api/promotions',
      {
        schema: {
          tags: ['marketing'],
          summary: 'List promotions (?activeAt=ISO for those running at an instant)',
          querystring: PromotionListQuery,
          response: { 200: PromotionPage, ...errors },
        },
      },
      async (request) => promotions.list(request.principal, request.query),
    );

    app.post(
      '/api/promotions',
      {
        schema: {
          tags: ['marketing'],
          summary: 'Create a promotion (marketing:write; supplier members on their own products)',
          body: PromotionCreate,
          response: { 201: Promotion, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await promotions.create(request.principal, request.body)),
    );

    app.get(
      '/api/promotions/:id',
      {
        schema: {
          tags: ['marketing'],
          summary: 'Get a promotion with its products',
          params: IdParams,
          response: { 200: Promotion, ...errors },
        },
      },
      async (request) => promotions.get(request.principal, request.params.id),
    );

    app.patch(
      '/api/promotions/:id',
      {
        schema: {
          tags: ['marketing'],
          summary: 'Change a promotion (products replaces the whole list)',
          params: IdParams,
          body: PromotionUpdate,
          response: { 200: Promotion, ...errors },
        },
      },
      async (request) => promotions.update(request.principal, request.params.id, request.body),
    );
  };
