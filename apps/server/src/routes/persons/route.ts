import type { IdentityService } from '@tradeloop/core';
import { Person, PersonEvents, PersonEventsQuery, PersonLookupQuery, PersonPage } from '@tradeloop/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, IdParams } from '../../http/schemas.js';

export type PersonRouteDeps = { identity: IdentityService };

/** Persons of identity stitching: look-up, profile, events (admin and operators within their data scope). */
export const personRoutes =
  (deps: PersonRouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { identity } = deps;

    app.get(
      '/api/persons',
      {
        schema: {
          tags: ['persons'],
          summary: 'Find persons by phone, email, user id or any distinct id (exactly one)',
          querystring: PersonLookupQuery,
          response: { 200: PersonPage, ...errorResponses },
        },
      },
      async (request) => identity.lookup(request.principal, request.query),
    );

    app.get(
      '/api/persons/:id',
      {
        schema: {
          tags: ['persons'],
          summary:
            'Get a person with all distinct ids, traits and organisation (a merged id answers the merged person)',
          params: IdParams,
          response: { 200: Person, ...errorResponses },
        },
      },
      async (request) => identity.get(request.principal, request.params.id),
    );

    app.get(
      '/api/persons/:id/events',
      {
        schema: {
          tags: ['persons'],
          summary: "A person's newest events under any of their distinct ids, also those sent before a merge",
          params: IdParams,
          querystring: PersonEventsQuery,
          response: { 200: PersonEvents, ...errorResponses },
        },
      },
      async (request) => identity.events(request.principal, request.params.id, request.query),
    );
  };
