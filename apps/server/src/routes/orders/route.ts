import {
  IdempotencyKey,
  ORDER_ACTIONS,
  OrderDetail,
  OrderListQuery,
  OrderPage,
  PlaceOrder,
  TransitionOrder,
} from '@tradeloop/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, IdParams } from '../../http/schemas.js';
import type { RouteDeps } from '../deps.js';

// Loose: the request carries other headers (authorization, content-type, ...).
const PlaceHeaders = z.looseObject({ 'idempotency-key': IdempotencyKey.optional() });

const errors = errorResponses;
const tags = ['orders'];

const ACTION_SUMMARY: Record<(typeof ORDER_ACTIONS)[number], string> = {
  pay: 'Mark a placed order paid (buyer member, or operator with order:write)',
  ship: 'Ship a paid order (supplier member, or operator)',
  deliver: 'Mark a shipped order delivered (buyer, supplier or operator)',
  complete: 'Complete a delivered order, earning the buyer points (buyer or operator)',
  cancel: 'Cancel a placed (buyer, supplier, operator) or paid (supplier, operator) order; restores stock and coupon',
  'request-return': 'Request a return within 7 days of delivery (buyer member only)',
  'approve-return': 'Accept a requested return: restock and revoke earned points (supplier or operator)',
  'refuse-return': 'Refuse a requested return (supplier or operator)',
};

/** Orders: placement and the state machine, thin handlers over OrdersService (which authorises). */
export const orderRoutes =
  (deps: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const orders = deps.market.orders;

    app.post(
      '/api/orders',
      {
        schema: {
          tags,
          summary: 'Place an order from the catalog (tiers, promotions, bundles, coupon; idempotent with a key)',
          description:
            'Idempotency follows Stripe: send `Idempotency-Key` (≤ 100 characters, scoped to the buyer). A retry ' +
            'with the same key and the same body returns the original order with 200 and `Idempotent-Replayed: ' +
            'true`; the same key with a different body is refused with 409 idempotency_key_reused. Nothing new is ' +
            'written in either case.',
          headers: PlaceHeaders,
          body: PlaceOrder,
          response: { 200: OrderDetail, 201: OrderDetail, ...errors },
        },
      },
      async (request, reply) => {
        const { order, replayed } = await orders.place(
          request.principal,
          request.body,
          request.headers['idempotency-key'],
        );
        if (replayed) return reply.status(200).header('idempotent-replayed', 'true').send(order);
        return reply.status(201).send(order);
      },
    );

    app.get(
      '/api/orders',
      {
        schema: {
          tags,
          summary: 'List orders: members where their org is buyer or supplier, operators by the buyer org scope',
          querystring: OrderListQuery,
          response: { 200: OrderPage, ...errors },
        },
      },
      async (request) => orders.list(request.principal, request.query),
    );

    app.get(
      '/api/orders/:id',
      {
        schema: {
          tags,
          summary: 'One order with its lines and the timeline of transitions',
          params: IdParams,
          response: { 200: OrderDetail, ...errors },
        },
      },
      async (request) => orders.get(request.principal, request.params.id),
    );

    for (const action of ORDER_ACTIONS) {
      app.post(
        `/api/orders/:id/${action}`,
        {
          schema: {
            tags,
            summary: ACTION_SUMMARY[action],
            params: IdParams,
            body: TransitionOrder.nullish(),
            response: { 200: OrderDetail, ...errors },
          },
        },
        async (request) => orders.transition(request.principal, request.params.id, action, request.body?.reason),
      );
    }
  };
