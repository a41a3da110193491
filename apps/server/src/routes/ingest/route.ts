import { createGunzip } from 'node:zlib';
import {
  decodeSensorsData,
  type IngestContext,
  IngestOverloaded,
  type IngestPipeline,
  IngestUnavailable,
  MarketplaceError,
  type NormalizedBatch,
  normalizeSegmentBatch,
  normalizeSegmentCall,
  normalizeSensorsRecords,
  RequestRejected,
} from '@tradeloop/core';
import {
  CreateSource,
  ErrorBody,
  IngestResponse,
  SEGMENT_MAX_BATCH_BYTES,
  SEGMENT_MAX_EVENT_BYTES,
  SegmentBatch,
  type SegmentMessageType,
  SegmentTrack,
  SensorsForm,
  Source,
  SourceListQuery,
  SourcePage,
} from '@tradeloop/schema';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, IdParams } from '../../http/schemas.js';
import type { RouteDeps } from '../deps.js';

const ingestErrors = { 400: ErrorBody, 401: ErrorBody, 413: ErrorBody, 503: ErrorBody };

/** A transparent 1×1 GIF: the answer to the Sensors pixel (`GET /sa?data=...`). */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const SINGLE_TYPES: readonly SegmentMessageType[] = ['track', 'identify', 'page', 'screen', 'group', 'alias'];

const errorBody = (code: string, message: string, extra: Record<string, unknown> = {}) => ({
  error: { code, message, ...extra },
});

/** The write key of a Segment request: HTTP Basic user (password empty), else `writeKey` in the body. */
function segmentWriteKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header && /^basic\s/i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon >= 0 ? decoded.slice(0, colon) : decoded;
    if (user) return user;
  }
  const body = request.body as { writeKey?: unknown } | null | undefined;
  return typeof body?.writeKey === 'string' && body.writeKey !== '' ? body.writeKey : undefined;
}

/**
 * Ingestion endpoints (DESIGN.md §4): the Segment HTTP spec on /v1/*, the Sensors Analytics wire format on /sa, and
 * the sources (write keys) under /api/sources. A response is sent only after the accepted events are in the fsync'd
 * write-ahead log.
 */
export const ingestRoutes =
  (deps: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { sources } = deps.market;
    const clock = deps.market.deps.clock;

    // /api/sources: ordinary API routes (bearer token, the global error handler).
    app.get(
      '/api/sources',
      {
        schema: {
          tags: ['sources'],
          summary: 'List event sources and their write keys; needs operator:manage',
          querystring: SourceListQuery,
          response: { 200: SourcePage, ...errorResponses },
        },
      },
      async (request) => sources.list(request.principal, request.query),
    );
    app.post(
      '/api/sources',
      {
        schema: {
          tags: ['sources'],
          summary: 'Create an event source (name = Sensors project; write key generated unless given)',
          body: CreateSource,
          response: { 201: Source, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await sources.create(request.principal, request.body)),
    );
    app.post(
      '/api/sources/:id/rotate-key',
      {
        schema: {
          tags: ['sources'],
          summary: 'Replace a source’s write key; the old key stops working',
          params: IdParams,
          response: { 200: Source, ...errorResponses },
        },
      },
      async (request) => sources.rotateKey(request.principal, request.params.id),
    );

    await app.register(async (wire) => {
      // Segment libraries may gzip the body (Content-Encoding: gzip); limits apply to the inflated body.
      wire.addHook('preParsing', async (request, _reply, payload) => {
        if (String(request.headers['content-encoding'] ?? '').toLowerCase() !== 'gzip') return payload;
        const gunzip = createGunzip() as ReturnType<typeof createGunzip> & { receivedEncodedLength: number };
        gunzip.receivedEncodedLength = 0;
        payload.on('data', (chunk: Buffer) => {
          gunzip.receivedEncodedLength += chunk.length;
        });
        return payload.pipe(gunzip);
      });
      // The Segment endpoints read JSON whatever the label: the official Rudder Node SDK posts its (gzipped) JSON batch
      // with axios' default `application/x-www-form-urlencoded`, and Segment's API accepts that too.
      const segmentJson = wire.getDefaultJsonParser('error', 'error');
      // JSON bodies: the default parser (secure-json-parse) runs two regular expressions over every body after
      // JSON.parse, looking for "__proto__" / "constructor" keys, possibly \u-escaped. A body that contains none of
      // those spellings cannot match them, so it is parsed directly; any other body (or a parse error) goes through the
      // default parser, which gives its usual answer.
      wire.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
        const text = body as string;
        if (text.length > 0 && !text.includes('__proto__') && !text.includes('constructor') && !text.includes('\\u')) {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            return segmentJson(request, text, done); // its usual 400
          }
          return done(null, parsed);
        }
        return segmentJson(request, text, done);
      });
      wire.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, body, done) => {
        if (request.url.startsWith('/v1/')) return segmentJson(request, body as string, done);
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      });
      // analytics.js (@segment/analytics-next) in browsers posts its JSON as text/plain: a "simple" request, so no
      // CORS preflight. On /v1/* that text is the JSON message; elsewhere text stays text.
      wire.addContentTypeParser('text/plain', { parseAs: 'string' }, (request, body, done) => {
        if (request.url.startsWith('/v1/')) return segmentJson(request, body as string, done);
        done(null, body);
      });
      // Only the size refusals get ingestion-specific wording; everything else goes to the API's error handler.
      wire.setErrorHandler((error: FastifyError, request, reply) => {
        if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
          const batch = /^\/v1\/b(atch)?(\?|$)/.test(request.url);
          return reply
            .status(413)
            .send(
              errorBody(
                'payload_too_large',
                batch
                  ? `a batch request may hold at most ${SEGMENT_MAX_BATCH_BYTES} bytes (500 KB); split it into smaller batches`
                  : `one message may be at most ${SEGMENT_MAX_EVENT_BYTES} bytes (32 KB)`,
                { path: ['body'] },
              ),
            );
        }
        if (error.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' || error.code === 'Z_DATA_ERROR') {
          return reply
            .status(400)
            .send(errorBody('invalid_gzip', 'the gzip body could not be inflated', { path: ['body'] }));
        }
        throw error;
      });

      const pipelineOrThrow = (reply: FastifyReply): IngestPipeline | null => {
        if (deps.ingest) return deps.ingest;
        void reply
          .status(503)
          .send(errorBody('ingestion_unavailable', 'event ingestion is not running on this server'));
        return null;
      };

      const contextOf = (request: FastifyRequest, sourceId: string): IngestContext => {
        const now = clock();
        const ua = request.headers['user-agent'];
        return {
          sourceId,
          receivedMs: now.getTime(),
          receivedAt: now.toISOString(),
          ip: request.ip || null,
          userAgent: typeof ua === 'string' ? ua.slice(0, 1000) : null,
        };
      };

      /** Stores what is valid; 200 with the rejected list, or 400 when nothing was valid. */
      const respond = async (reply: FastifyReply, pipeline: IngestPipeline, batch: NormalizedBatch, pixel = false) => {
        const { rejected } = batch;
        if (batch.events.length === 0 && batch.commands.length === 0 && rejected.length > 0) {
          const first = rejected[0] as (typeof rejected)[number];
          const message =
            batch.received === 1
              ? first.reason
              : `all ${batch.received} messages were rejected; first (index ${first.index}): ${first.reason}`;
          return reply.status(400).send(
            errorBody(first.code, message, {
              path: ['body', ...(first.path ?? [])],
              details: { rejected },
            }),
          );
        }
        try {
          await pipeline.ingest(batch);
        } catch (err) {
          if (err instanceof IngestOverloaded) {
            return reply
              .status(503)
              .header('retry-after', String(err.retryAfterSeconds))
              .send(errorBody('overloaded', err.message));
          }
          if (err instanceof IngestUnavailable) {
            return reply.status(503).header('retry-after', '5').send(errorBody('ingestion_unavailable', err.message));
          }
          throw err;
        }
        if (pixel)
          return reply.status(200).header('content-type', 'image/gif').header('cache-control', 'no-store').send(PIXEL);
        return reply.status(200).send(rejected.length ? { success: true, rejected } : { success: true });
      };

      const requestRejected = (reply: FastifyReply, err: RequestRejected) => {
        const status = err.code === 'payload_too_large' ? 413 : 400;
        return reply.status(status).send(errorBody(err.code, err.message, { path: ['body', ...err.path] }));
      };

      const overloaded = (reply: FastifyReply, pipeline: IngestPipeline): boolean => {
        if (!pipeline.overloaded) return false;
        void reply
          .status(503)
          .header('retry-after', '1')
          .send(errorBody('overloaded', 'ingestion backlog is full; retry later'));
        return true;
      };

      const segmentHandler =
        (type: SegmentMessageType | 'batch') => async (request: FastifyRequest, reply: FastifyReply) => {
          const writeKey = segmentWriteKey(request);
          if (!writeKey) {
            throw new MarketplaceError(
              'unauthenticated',
              'missing write key: send it as the HTTP Basic user name (empty password) or as "writeKey" in the body',
            );
          }
          const source = await sources.byWriteKey(writeKey);
          if (!source) throw new MarketplaceError('unauthenticated', 'unknown or disabled write key');
          const pipeline = pipelineOrThrow(reply);
          if (!pipeline || overloaded(reply, pipeline)) return reply;
          const ctx = contextOf(request, source.id);
          let batch: NormalizedBatch;
          try {
            batch =
              type === 'batch'
                ? normalizeSegmentBatch(request.body, ctx)
                : normalizeSegmentCall(type, request.body, ctx);
          } catch (err) {
            if (err instanceof RequestRejected) return requestRejected(reply, err);
            throw err;
          }
          return respond(reply, pipeline, batch);
        };

      // Bodies are validated message by message by the normalisers (a bad message must not sink the batch); the
      // schemas here document the format in /openapi.json only.
      const documentOnly = () => () => true;

      wire.post(
        '/v1/batch',
        {
          bodyLimit: SEGMENT_MAX_BATCH_BYTES,
          validatorCompiler: documentOnly,
          schema: {
            tags: ['ingestion'],
            summary: 'Segment batch: many messages; write key as Basic user or writeKey; at most 500 KB',
            description:
              'Each message is accepted or rejected alone: 200 {success, rejected?: [{index, code, reason, path}]} when at least one was valid, 400 when none was. `messageId` dedupes; `timestamp` is honoured (historical import) and corrected for clock skew with `sentAt`.',
            body: SegmentBatch,
            response: { 200: IngestResponse, ...ingestErrors },
          },
        },
        segmentHandler('batch'),
      );
      for (const type of SINGLE_TYPES) {
        wire.post(
          `/v1/${type}`,
          {
            bodyLimit: SEGMENT_MAX_EVENT_BYTES,
            validatorCompiler: documentOnly,
            schema: {
              tags: ['ingestion'],
              summary: `Segment ${type} call; write key as Basic user or writeKey; at most 32 KB`,
              ...(type === 'track' ? { body: SegmentTrack } : {}),
              response: { 200: IngestResponse, ...ingestErrors },
            },
          },
          segmentHandler(type),
        );
      }
      // analytics.js (Analytics 2.0) posts to one-letter paths under its apiHost: /t /i /p /s /g /a, and /b for a
      // batch. Same handlers, hidden from the API docs (the long names are the documented ones).
      const SHORT: Record<string, SegmentMessageType | 'batch'> = {
        t: 'track',
        i: 'identify',
        p: 'page',
        s: 'screen',
        g: 'group',
        a: 'alias',
        b: 'batch',
      };
      for (const [short, type] of Object.entries(SHORT)) {
        wire.post(
          `/v1/${short}`,
          {
            bodyLimit: type === 'batch' ? SEGMENT_MAX_BATCH_BYTES : SEGMENT_MAX_EVENT_BYTES,
            validatorCompiler: documentOnly,
            schema: { hide: true },
          },
          segmentHandler(type),
        );
      }

      const sensorsHandler = (pixel: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
        const query = (request.query ?? {}) as Record<string, unknown>;
        const body = (pixel ? {} : (request.body ?? {})) as Record<string, unknown>;
        const field = (name: string): string | undefined => {
          const v = body[name] ?? query[name];
          return typeof v === 'string' ? v : undefined;
        };
        // Sources: `token` (a write key) when given, else `project` (a source name), else the default source.
        const token = field('token');
        const project = field('project');
        const source = token ? await sources.byWriteKey(token) : await sources.byName(project ?? 'default');
        if (!source || (token && project && source.name !== project)) {
          throw new MarketplaceError(
            'unauthenticated',
            token ? 'unknown write key (token)' : `unknown project ${JSON.stringify(project ?? 'default')}`,
          );
        }
        const pipeline = pipelineOrThrow(reply);
        if (!pipeline || overloaded(reply, pipeline)) return reply;
        let batch: NormalizedBatch;
        try {
          const dataList = field('data_list');
          const records = decodeSensorsData({ data_list: dataList, data: field('data'), gzip: field('gzip') });
          batch = normalizeSensorsRecords(
            records,
            contextOf(request, source.id),
            dataList !== undefined ? 'data_list' : 'data',
          );
        } catch (err) {
          if (err instanceof RequestRejected) return requestRejected(reply, err);
          throw err;
        }
        return respond(reply, pipeline, batch, pixel);
      };

      wire.post(
        '/sa',
        {
          validatorCompiler: documentOnly,
          schema: {
            tags: ['ingestion'],
            summary: 'Sensors Analytics records: form fields data_list / data (base64, gzip=1 for gzip), ?project=',
            description:
              'The source is the `token` write key when given, else the source named by `project` (default: the default source).',
            body: SensorsForm,
            response: { 200: IngestResponse, ...ingestErrors },
          },
        },
        sensorsHandler(false),
      );
      wire.get(
        '/sa',
        {
          validatorCompiler: documentOnly,
          schema: {
            tags: ['ingestion'],
            summary: 'Sensors Analytics pixel: ?data=base64(JSON)&project=...; answers a 1×1 GIF',
            querystring: SensorsForm,
          },
        },
        sensorsHandler(true),
      );
    });
  };
