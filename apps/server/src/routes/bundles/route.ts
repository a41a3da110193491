import { Bundle, BundleCreate, BundleListQuery, BundlePage, BundleUpdate } from '@tradeloop/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, IdParams } from '../../http/schemas.js';
import type { RouteDeps } from '../deps.js';

const errors = errorResponses;

/** Bundle offers (套餐). */
export const bundleRoutes =
  (deps: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const bundles = deps.market.bundles;

    app.get(
      '/api/bundles',
      {
        schema: {
          tags: ['marketing'],
          summary: 'List bundles (members: all active plus their own; operators: suppliers in scope)',
          querystring: BundleListQuery,
          response: { 200: BundlePage, ...errors },
        },
      },
      async (request) => bundles.list(request.principal, request.query),
    );

    app.post(
      '/api/bundles',
      {
        schema: {
          tags: ['marketing'],
          summary: 'Create a bundle of one supplier’s products (marketing:write; supplier members their own)',
          body: BundleCreate,
          response: { 201: Bundle, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await bundles.create(request.principal, request.body)),
    );

    app.get(
      '/api/bundles/:id',
      {
        schema: {
          tags: ['marketing'],
          summary: 'Get a bundle with its items',
          params: IdParams,
          response: { 200: Bundle, ...errors },
        },
      },
      async (request) => bundles.get(request.principal, request.params.id),
    );

    app.patch(
      '/api/bundles/:id',
      {
        schema: {
          tags: ['marketing'],
          summary: 'Change a bundle (items replaces the whole list)',
          params: IdParams,
          body: BundleUpdate,
          response: { 200: Bundle, ...errors },
        },
      },
      async (request) => bundles.update(request.principal, request.params.id, request.body),
    );
  };
