import {
  CreateOperator,
  IssuedToken,
  IssueToken,
  Operator,
  OperatorListQuery,
  OperatorPage,
  UpdateOperator,
} from '@tradeloop/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, IdParams } from '../../http/schemas.js';
import type { RouteDeps } from '../deps.js';

const errors = errorResponses;

/** Platform operators and API tokens (issued once, stored hashed). */
export const operatorRoutes =
  (deps: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { operators, auth, organizations } = deps.market;

    app.get(
      '/api/operators',
      {
        schema: {
          tags: ['operators'],
          summary: 'List operators; needs operator:manage',
          querystring: OperatorListQuery,
          response: { 200: OperatorPage, ...errors },
        },
      },
      async (request) => operators.list(request.principal, request.query),
    );

    app.post(
      '/api/operators',
      {
        schema: {
          tags: ['operators'],
          summary: 'Create an operator with a role and a data scope; needs operator:manage',
          body: CreateOperator,
          response: { 201: Operator, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await operators.create(request.principal, request.body)),
    );

    app.get(
      '/api/operators/:id',
      {
        schema: {
          tags: ['operators'],
          summary: 'Get an operator (managers, or the operator themselves)',
          params: IdParams,
          response: { 200: Operator, ...errors },
        },
      },
      async (request) => operators.get(request.principal, request.params.id),
    );

    app.patch(
      '/api/operators/:id',
      {
        schema: {
          tags: ['operators'],
          summary: 'Change an operator (role, scope, status...); needs operator:manage',
          params: IdParams,
          body: UpdateOperator,
          response: { 200: Operator, ...errors },
        },
      },
      async (request) => operators.update(request.principal, request.params.id, request.body),
    );

    app.post(
      '/api/operators/:id/tokens',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Issue an API token for an operator (the token is in this response only)',
          params: IdParams,
          body: IssueToken.nullish(),
          response: { 201: IssuedToken, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await auth.issueOperatorToken(request.principal, request.params.id, request.body?.label)),
    );

    app.post(
      '/api/contacts/:id/tokens',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Issue a member token for a contact (the token is in this response only)',
          params: IdParams,
          body: IssueToken.nullish(),
          response: { 201: IssuedToken, ...errors },
        },
      },
      async (request, reply) => {
        // Resolve visibility first so a contact outside the caller's reach is a 404, never a 403 that leaks it.
        await organizations.getContact(request.principal, request.params.id);
        const issued = await auth.issueMemberToken(request.principal, request.params.id, request.body?.label);
        return reply.status(201).send(issued);
      },
    );

    app.delete(
      '/api/tokens/:id',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Revoke a token; needs operator:manage',
          params: IdParams,
          response: { 204: z.null().describe('Revoked'), ...errors },
        },
      },
      async (request, reply) => {
        await auth.revokeToken(request.principal, request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
