import { CreateReview, Dsr, DsrQuery, Review, ReviewListQuery, ReviewPage } from '@tradeloop/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, IdParams } from '../../http/schemas.js';
import type { RouteDeps } from '../deps.js';

const errors = errorResponses;
const tags = ['reviews'];

/** Reviews of completed orders and supplier DSR, thin handlers over ReviewsService. */
export const reviewRoutes =
  (deps: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const reviews = deps.market.reviews;

    app.post(
      '/api/orders/:id/review',
      {
        schema: {
          tags,
          summary: 'Review a completed order with three DSR scores (buyer member, or operator with review:write)',
          params: IdParams,
          body: CreateReview,
          response: { 201: Review, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await reviews.create(request.principal, request.params.id, request.body)),
    );

    app.get(
      '/api/reviews',
      {
        schema: {
          tags,
          summary: 'List reviews: members of their own org (as buyer or supplier), operators by supplier scope',
          querystring: ReviewListQuery,
          response: { 200: ReviewPage, ...errors },
        },
      },
      async (request) => reviews.list(request.principal, request.query),
    );

    app.get(
      '/api/organizations/:id/dsr',
      {
        schema: {
          tags,
          summary: 'Supplier DSR: average scores over the last `days` days of reviews (default 180)',
          params: IdParams,
          querystring: DsrQuery,
          response: { 200: Dsr, ...errors },
        },
      },
      async (request) => reviews.dsr(request.principal, request.params.id, request.query.days),
    );
  };
