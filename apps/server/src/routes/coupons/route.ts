import {
  Coupon,
  CouponCreate,
  CouponListQuery,
  CouponPage,
  CouponRedemptionPage,
  CouponUpdate,
  Pagination,
} from '@tradeloop/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, IdParams } from '../../http/schemas.js';
import type { RouteDeps } from '../deps.js';

const PageQuery = z.strictObject({ ...Pagination.shape });
const errors = errorResponses;

/** Coupons and their redemptions. */
export const couponRoutes =
  (deps: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const coupons = deps.market.coupons;

    app.get(
      '/api/coupons',
      {
        schema: {
          tags: ['marketing'],
          summary: 'List coupons (?validAt=ISO for those usable at an instant)',
          querystring: CouponListQuery,
          response: { 200: CouponPage, ...errors },
        },
      },
      async (request) => coupons.list(request.principal, request.query),
    );

    app.post(
      '/api/coupons',
      {
        schema: {
          tags: ['marketing'],
          summary: 'Create a coupon (marketing:write; supplier members for their own supplierId)',
          body: CouponCreate,
          response: { 201: Coupon, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await coupons.create(request.principal, request.body)),
    );

    app.get(
      '/api/coupons/:id',
      {
        schema: {
          tags: ['marketing'],
          summary: 'Get a coupon',
          params: IdParams,
          response: { 200: Coupon, ...errors },
        },
      },
      async (request) => coupons.get(request.principal, request.params.id),
    );

    app.patch(
      '/api/coupons/:id',
      {
        schema: {
          tags: ['marketing'],
          summary: "Change a coupon's terms, window, limits or status",
          params: IdParams,
          body: CouponUpdate,
          response: { 200: Coupon, ...errors },
        },
      },
      async (request) => coupons.update(request.principal, request.params.id, request.body),
    );

    app.get(
      '/api/coupons/:id/redemptions',
      {
        schema: {
          tags: ['marketing'],
          summary: 'Redemptions of a coupon, newest first',
          params: IdParams,
          querystring: PageQuery,
          response: { 200: CouponRedemptionPage, ...errors },
        },
      },
      async (request) => coupons.redemptions(request.principal, request.params.id, request.query),
    );
  };
