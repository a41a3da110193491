import {
  CertificationReview,
  Contact,
  ContactListQuery,
  ContactPage,
  CreateContact,
  CreateOrganization,
  Organization,
  OrganizationListQuery,
  OrganizationPage,
  Pagination,
  UpdateContact,
  UpdateOrganization,
} from '@tradeloop/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, IdParams } from '../../http/schemas.js';
import type { RouteDeps } from '../deps.js';

const errors = errorResponses;
const OrganizationContactsQuery = z.strictObject({ ...Pagination.shape });

/** Organisations, their certification and their contacts. */
export const organizationRoutes =
  (deps: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const orgs = deps.market.organizations;

    app.get(
      '/api/organizations',
      {
        schema: {
          tags: ['organizations'],
          summary: 'List organisations (members see their own; operators their data scope)',
          querystring: OrganizationListQuery,
          response: { 200: OrganizationPage, ...errors },
        },
      },
      async (request) => orgs.list(request.principal, request.query),
    );

    app.post(
      '/api/organizations',
      {
        schema: {
          tags: ['organizations'],
          summary: 'Create an organisation (certification pending); needs org:write',
          body: CreateOrganization,
          response: { 201: Organization, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await orgs.create(request.principal, request.body)),
    );

    app.get(
      '/api/organizations/:id',
      {
        schema: {
          tags: ['organizations'],
          summary: 'Get an organisation',
          params: IdParams,
          response: { 200: Organization, ...errors },
        },
      },
      async (request) => orgs.get(request.principal, request.params.id),
    );

    app.patch(
      '/api/organizations/:id',
      {
        schema: {
          tags: ['organizations'],
          summary: 'Change an organisation (members: name and industry of their own)',
          params: IdParams,
          body: UpdateOrganization,
          response: { 200: Organization, ...errors },
        },
      },
      async (request) => orgs.update(request.principal, request.params.id, request.body),
    );

    app.post(
      '/api/organizations/:id/certification',
      {
        schema: {
          tags: ['organizations'],
          summary: 'Review certification: pending → verified|rejected, rejected → verified; needs org:certify',
          params: IdParams,
          body: CertificationReview,
          response: { 200: Organization, ...errors },
        },
      },
      async (request) => orgs.reviewCertification(request.principal, request.params.id, request.body),
    );

    app.get(
      '/api/organizations/:id/contacts',
      {
        schema: {
          tags: ['contacts'],
          summary: "List an organisation's contacts",
          params: IdParams,
          querystring: OrganizationContactsQuery,
          response: { 200: ContactPage, ...errors },
        },
      },
      async (request) => orgs.listContacts(request.principal, request.params.id, request.query),
    );

    app.post(
      '/api/organizations/:id/contacts',
      {
        schema: {
          tags: ['contacts'],
          summary: 'Add a contact to an organisation',
          params: IdParams,
          body: CreateContact,
          response: { 201: Contact, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await orgs.createContact(request.principal, request.params.id, request.body)),
    );

    app.get(
      '/api/contacts',
      {
        schema: {
          tags: ['contacts'],
          summary:
            'List the contacts the caller may see (search, organisation, role, sort), or look one up by phone or email',
          querystring: ContactListQuery,
          response: { 200: ContactPage, ...errors },
        },
      },
      async (request) => orgs.searchContacts(request.principal, request.query),
    );

    app.patch(
      '/api/contacts/:id',
      {
        schema: {
          tags: ['contacts'],
          summary: 'Change a contact',
          params: IdParams,
          body: UpdateContact,
          response: { 200: Contact, ...errors },
        },
      },
      async (request) => orgs.updateContact(request.principal, request.params.id, request.body),
    );

    app.delete(
      '/api/contacts/:id',
      {
        schema: {
          tags: ['contacts'],
          summary: 'Remove a contact (its tokens are revoked)',
          params: IdParams,
          response: { 204: z.null().describe('Removed'), ...errors },
        },
      },
      async (request, reply) => {
        await orgs.deleteContact(request.principal, request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
