import {
  CreateMemberLevel,
  GrantPoints,
  MemberLevel,
  MemberLevelList,
  PointsAccount,
  PointsBalance,
  PointsExpiryResult,
  PointsLedgerQuery,
  SpendPoints,
  UpdateMemberLevel,
} from '@tradeloop/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, IdParams } from '../../http/schemas.js';
import type { RouteDeps } from '../deps.js';

const errors = errorResponses;

/** Member levels and organisations' points accounts. */
export const membershipRoutes =
  (deps: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const membership = deps.market.membership;

    app.get(
      '/api/member-levels',
      {
        schema: {
          tags: ['membership'],
          summary: 'List member levels, lowest rank first',
          response: { 200: MemberLevelList, ...errors },
        },
      },
      async (request) => ({ items: await membership.listLevels(request.principal) }),
    );

    app.post(
      '/api/member-levels',
      {
        schema: {
          tags: ['membership'],
          summary: 'Create a member level; needs marketing:write',
          body: CreateMemberLevel,
          response: { 201: MemberLevel, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await membership.createLevel(request.principal, request.body)),
    );

    app.patch(
      '/api/member-levels/:id',
      {
        schema: {
          tags: ['membership'],
          summary: 'Change a member level; needs marketing:write',
          params: IdParams,
          body: UpdateMemberLevel,
          response: { 200: MemberLevel, ...errors },
        },
      },
      async (request) => membership.updateLevel(request.principal, request.params.id, request.body),
    );

    app.get(
      '/api/organizations/:id/points',
      {
        schema: {
          tags: ['membership'],
          summary: "An organisation's points: balance, lifetime, level and ledger (newest first)",
          params: IdParams,
          querystring: PointsLedgerQuery,
          response: { 200: PointsAccount, ...errors },
        },
      },
      async (request) => membership.account(request.principal, request.params.id, request.query),
    );

    app.post(
      '/api/organizations/:id/points/spend',
      {
        schema: {
          tags: ['membership'],
          summary: 'Spend points (oldest lots first); members of the organisation or points:write',
          params: IdParams,
          body: SpendPoints,
          response: { 200: PointsBalance, ...errors },
        },
      },
      async (request) => membership.spend(request.principal, request.params.id, request.body),
    );

    app.post(
      '/api/organizations/:id/points/grant',
      {
        schema: {
          tags: ['membership'],
          summary: 'Grant points by hand; needs points:write',
          params: IdParams,
          body: GrantPoints,
          response: { 200: PointsBalance, ...errors },
        },
      },
      async (request) => membership.grant(request.principal, request.params.id, request.body),
    );

    app.post(
      '/api/points/expire',
      {
        schema: {
          tags: ['membership'],
          summary: 'Lapse every points lot past its expiry now; needs points:write',
          response: { 200: PointsExpiryResult, ...errors },
        },
      },
      async (request) => membership.expire(request.principal),
    );
  };
