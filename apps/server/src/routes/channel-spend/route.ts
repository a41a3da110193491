import { ChannelSpendService } from '@tradeloop/core';
import {
  ChannelSpendImport,
  ChannelSpendList,
  ChannelSpendListQuery,
  ChannelSpendWriteResult,
} from '@tradeloop/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http/schemas.js';
import type { RouteDeps } from '../deps.js';

const tags = ['analytics'];
/** 100k spend rows fit in a few MB of JSON or CSV. */
const SPEND_BODY_LIMIT = 16 * 1024 * 1024;

/**
 * Channel spend (the cost side of the channel quadrant): `PUT /api/channel-spend` with JSON rows, `POST
 * /api/channel-spend/import` with a CSV (`channel,day,amount[,currency]`), `GET /api/channel-spend?from&to`.
 * A bad row refuses the whole request (400 naming the row and field): nothing is written.
 */
export const channelSpendRoutes =
  (deps: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const spend = new ChannelSpendService(deps.market.deps);
    // CSV bodies reach the handler as text (this plugin only: other routes keep their parsers).
    app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );

    app.put(
      '/api/channel-spend',
      {
        bodyLimit: SPEND_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Store spend per channel and day (JSON rows; a stored channel/day is replaced; marketing:write)',
          body: ChannelSpendImport,
          response: { 200: ChannelSpendWriteResult, ...errorResponses },
        },
      },
      async (request) => spend.put(request.principal, request.body.rows),
    );

    app.post(
      '/api/channel-spend/import',
      {
        bodyLimit: SPEND_BODY_LIMIT,
        schema: {
          tags,
          summary:
            'Import spend from a CSV (Content-Type text/csv; header channel,day,amount[,currency], amount in minor ' +
            'units): all rows or none, a bad row answers 400 naming its line and field',
          body: z.string().describe('CSV text'),
          response: { 200: ChannelSpendWriteResult, ...errorResponses },
        },
      },
      async (request) => spend.importCsv(request.principal, request.body),
    );

    app.get(
      '/api/channel-spend',
      {
        schema: {
          tags,
          summary: 'Stored spend between two days (both included), by day then channel',
          querystring: ChannelSpendListQuery,
          response: { 200: ChannelSpendList, ...errorResponses },
        },
      },
      async (request) => spend.list(request.principal, request.query),
    );
  };
