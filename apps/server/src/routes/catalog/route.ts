import {
  CategoryCreate,
  CategoryNode,
  CategoryTree,
  CategoryUpdate,
  PriceQuery,
  PriceQuote,
  ProductCreate,
  ProductDetail,
  ProductListQuery,
  ProductPage,
  ProductTiersPut,
  ProductUpdate,
} from '@tradeloop/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, IdParams } from '../../http/schemas.js';
import type { RouteDeps } from '../deps.js';

const errors = errorResponses;

/** The category tree and products with their tiered prices. */
export const catalogRoutes =
  (deps: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const catalog = deps.market.catalog;

    app.get(
      '/api/categories',
      {
        schema: {
          tags: ['catalog'],
          summary: 'The whole category tree, nested',
          response: { 200: CategoryTree, ...errors },
        },
      },
      async (request) => ({ items: await catalog.categoryTree(request.principal) }),
    );

    app.post(
      '/api/categories',
      {
        schema: {
          tags: ['catalog'],
          summary: 'Create a category (needs catalog:write)',
          body: CategoryCreate,
          response: { 201: CategoryNode, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await catalog.createCategory(request.principal, request.body)),
    );

    app.get(
      '/api/categories/:id',
      {
        schema: {
          tags: ['catalog'],
          summary: 'A category with its subtree',
          params: IdParams,
          response: { 200: CategoryNode, ...errors },
        },
      },
      async (request) => catalog.getCategory(request.principal, request.params.id),
    );

    app.patch(
      '/api/categories/:id',
      {
        schema: {
          tags: ['catalog'],
          summary: 'Rename, reorder or move a category with its subtree (needs catalog:write)',
          params: IdParams,
          body: CategoryUpdate,
          response: { 200: CategoryNode, ...errors },
        },
      },
      async (request) => catalog.updateCategory(request.principal, request.params.id, request.body),
    );

    app.get(
      '/api/products',
      {
        schema: {
          tags: ['catalog'],
          summary: 'List products (members: all active plus their own; operators: suppliers in scope)',
          querystring: ProductListQuery,
          response: { 200: ProductPage, ...errors },
        },
      },
      async (request) => catalog.listProducts(request.principal, request.query),
    );

    app.post(
      '/api/products',
      {
        schema: {
          tags: ['catalog'],
          summary: 'Create a product with price tiers (supplier members: their own; operators: catalog:write)',
          description:
            'Tiers: at least one; the first minQuantity equals moq; minQuantity strictly increasing; unitPrice ' +
            'non-increasing. Errors carry the field path, e.g. ["tiers", 1, "unitPrice"].',
          body: ProductCreate,
          response: { 201: ProductDetail, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await catalog.createProduct(request.principal, request.body)),
    );

    app.get(
      '/api/products/:id',
      {
        schema: {
          tags: ['catalog'],
          summary: "A product with its tiers, its supplier's name and region, and the promotions running now",
          params: IdParams,
          response: { 200: ProductDetail, ...errors },
        },
      },
      async (request) => catalog.getProduct(request.principal, request.params.id),
    );

    app.patch(
      '/api/products/:id',
      {
        schema: {
          tags: ['catalog'],
          summary: 'Change a product (to change moq, send tiers starting at the new moq too)',
          params: IdParams,
          body: ProductUpdate,
          response: { 200: ProductDetail, ...errors },
        },
      },
      async (request) => catalog.updateProduct(request.principal, request.params.id, request.body),
    );

    app.put(
      '/api/products/:id/tiers',
      {
        schema: {
          tags: ['catalog'],
          summary: "Replace a product's price tiers (the first must start at the MOQ)",
          params: IdParams,
          body: ProductTiersPut,
          response: { 200: ProductDetail, ...errors },
        },
      },
      async (request) => catalog.putTiers(request.principal, request.params.id, request.body),
    );

    app.get(
      '/api/products/:id/price',
      {
        schema: {
          tags: ['catalog'],
          summary: 'Unit price of a quantity now: the tier, the best running promotion, and the MOQ check',
          params: IdParams,
          querystring: PriceQuery,
          response: { 200: PriceQuote, ...errors },
        },
      },
      async (request) => catalog.price(request.principal, request.params.id, request.query.quantity),
    );
  };
