import {
  AcceptQuoteResult,
  CreateQuote,
  CreateRfq,
  Quote,
  QuoteListQuery,
  QuotePage,
  Rfq,
  RfqDetail,
  RfqListQuery,
  RfqPage,
  UpdateQuote,
} from '@tradeloop/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, IdParams } from '../../http/schemas.js';
import type { RouteDeps } from '../deps.js';

const AcceptHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Optional: a retry with the same key answers with the order already created'),
});

const errors = errorResponses;
const rfqTags = ['rfqs'];
const quoteTags = ['quotes'];

/** RFQs (询价单) and quotes (报价): thin handlers over RfqsService, which authorises and enforces the rules. */
export const rfqRoutes =
  (deps: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const rfqs = deps.market.rfqs;

    app.get(
      '/api/rfqs',
      {
        schema: {
          tags: rfqTags,
          summary: 'List RFQs: operators within their scope, buyers their own, suppliers the open demand board',
          querystring: RfqListQuery,
          response: { 200: RfqPage, ...errors },
        },
      },
      async (request) => rfqs.list(request.principal, request.query),
    );

    app.post(
      '/api/rfqs',
      {
        schema: {
          tags: rfqTags,
          summary: 'Open an RFQ (buyer members for their organisation, operators with rfq:write for buyerId)',
          body: CreateRfq,
          response: { 201: Rfq, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await rfqs.create(request.principal, request.body)),
    );

    app.get(
      '/api/rfqs/:id',
      {
        schema: {
          tags: rfqTags,
          summary: 'One RFQ with its quote count and the quotes the caller may see',
          params: IdParams,
          response: { 200: RfqDetail, ...errors },
        },
      },
      async (request) => rfqs.get(request.principal, request.params.id),
    );

    app.post(
      '/api/rfqs/:id/cancel',
      {
        schema: {
          tags: rfqTags,
          summary: 'Cancel an open RFQ (buyer or operator); outstanding quotes are rejected',
          params: IdParams,
          response: { 200: Rfq, ...errors },
        },
      },
      async (request) => rfqs.cancel(request.principal, request.params.id),
    );

    app.post(
      '/api/rfqs/:id/close',
      {
        schema: {
          tags: rfqTags,
          summary: 'Stop quoting on an open RFQ without awarding it (buyer or operator)',
          params: IdParams,
          response: { 200: Rfq, ...errors },
        },
      },
      async (request) => rfqs.close(request.principal, request.params.id),
    );

    app.get(
      '/api/rfqs/:id/quotes',
      {
        schema: {
          tags: quoteTags,
          summary: "Quotes on an RFQ: all for the buyer and operators, a supplier's own for a supplier",
          params: IdParams,
          querystring: QuoteListQuery,
          response: { 200: QuotePage, ...errors },
        },
      },
      async (request) => rfqs.listQuotes(request.principal, request.params.id, request.query),
    );

    app.post(
      '/api/rfqs/:id/quotes',
      {
        schema: {
          tags: quoteTags,
          summary: 'Quote on an open RFQ before its deadline (supplier members; operators with supplierId)',
          params: IdParams,
          body: CreateQuote,
          response: { 201: Quote, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await rfqs.submitQuote(request.principal, request.params.id, request.body)),
    );

    app.get(
      '/api/quotes/:id',
      {
        schema: { tags: quoteTags, summary: 'One quote', params: IdParams, response: { 200: Quote, ...errors } },
      },
      async (request) => rfqs.getQuote(request.principal, request.params.id),
    );

    app.patch(
      '/api/quotes/:id',
      {
        schema: {
          tags: quoteTags,
          summary: 'Revise a submitted quote while the RFQ takes quotes (the supplier)',
          params: IdParams,
          body: UpdateQuote,
          response: { 200: Quote, ...errors },
        },
      },
      async (request) => rfqs.updateQuote(request.principal, request.params.id, request.body),
    );

    app.post(
      '/api/quotes/:id/withdraw',
      {
        schema: {
          tags: quoteTags,
          summary: 'Withdraw a submitted quote (the supplier)',
          params: IdParams,
          response: { 200: Quote, ...errors },
        },
      },
      async (request) => rfqs.withdrawQuote(request.principal, request.params.id),
    );

    app.post(
      '/api/quotes/:id/reject',
      {
        schema: {
          tags: quoteTags,
          summary: 'Reject a submitted quote (the buyer or an operator)',
          params: IdParams,
          response: { 200: Quote, ...errors },
        },
      },
      async (request) => rfqs.rejectQuote(request.principal, request.params.id),
    );

    app.post(
      '/api/quotes/:id/accept',
      {
        schema: {
          tags: quoteTags,
          summary: 'Accept a quote: places the order, awards the RFQ, rejects the other quotes (one transaction)',
          params: IdParams,
          headers: AcceptHeaders,
          response: { 200: AcceptQuoteResult, ...errors },
        },
      },
      async (request) => {
        const key = request.headers['idempotency-key'];
        return rfqs.acceptQuote(request.principal, request.params.id, key ? { idempotencyKey: key } : {});
      },
    );
  };
