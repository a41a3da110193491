import { AnalyticsError } from '@tradeloop/analytics';
import { MarketplaceError, type MarketplaceErrorCode } from '@tradeloop/core';
import type { ErrorBody } from '@tradeloop/schema';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** HTTP status of each marketplace error code; exhaustive, so a new code fails the build until it is mapped. */
export function statusOf(code: MarketplaceErrorCode): number {
  switch (code) {
    case 'validation_failed':
      return 400;
    case 'unauthenticated':
    case 'invalid_credentials':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'duplicate':
    case 'illegal_transition':
    case 'insufficient_stock':
    case 'idempotency_key_reused':
    case 'rfq_closed':
    case 'review_not_allowed':
    case 'coupon_limit_reached':
      return 409;
    case 'invalid_reference':
    case 'below_moq':
    case 'product_unavailable':
    case 'mixed_suppliers':
    case 'currency_mismatch':
    case 'coupon_invalid':
    case 'coupon_expired':
    case 'coupon_not_started':
    case 'coupon_threshold_not_met':
    case 'coupon_not_applicable':
    case 'return_window_closed':
    case 'quote_expired':
    case 'insufficient_points':
      return 422;
    case 'too_many_attempts':
      return 429;
  }
}

const segment = (s: string): string | number => (/^\d+$/.test(s) ? Number(s) : s);

const LOCATIONS: ReadonlySet<unknown> = new Set(['body', 'querystring', 'params', 'headers']);

/**
 * Services give body-relative paths (or an explicit location for headers/query); prefix 'body' so every error path,
 * like zod's, starts with the request location: one convention for clients.
 */
const requestPath = (path: (string | number)[]): (string | number)[] =>
  LOCATIONS.has(path[0]) ? path : ['body', ...path];

function body(code: string, message: string, extra: Omit<ErrorBody['error'], 'code' | 'message'> = {}): ErrorBody {
  return { error: { code, message, ...extra } };
}

/**
 * One error handler for the whole API: client mistakes become 4xx with a code and the field path; only genuine
 * server faults are 500 (and logged).
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | MarketplaceError | Error, request, reply) => {
    if (error instanceof MarketplaceError) {
      const extra: Omit<ErrorBody['error'], 'code' | 'message'> = {};
      if (error.path) extra.path = requestPath(error.path);
      if (error.details) extra.details = error.details;
      const retryAfter = error.details?.retryAfterSeconds;
      if (error.code === 'too_many_attempts' && typeof retryAfter === 'number') reply.header('retry-after', retryAfter);
      return reply.status(statusOf(error.code)).send(body(error.code, error.message, extra));
    }
    if (error instanceof AnalyticsError) {
      // Both codes are the client's: a query that cannot be answered as asked, or a kind without a runner.
      const path = requestPath(error.path);
      return reply.status(400).send(body(error.code, `${path.join('.')}: ${error.message}`, { path }));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const context = (error as { validationContext?: string }).validationContext ?? 'body';
      const issues = error.validation.map((v) => ({
        path: [context, ...v.instancePath.split('/').filter(Boolean).map(segment)],
        message: v.message ?? 'invalid',
        code: String(v.keyword),
      }));
      const first = issues[0];
      const where = first ? first.path.join('.') : context;
      return reply.status(400).send(
        body('validation_failed', `${where}: ${first?.message ?? 'invalid'}`, {
          path: first?.path ?? [context],
          issues,
        }),
      );
    }
    const fe = error as FastifyError;
    if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe.statusCode === 400 && error instanceof SyntaxError)) {
      return reply
        .status(400)
        .send(body('invalid_json', `request body is not valid JSON: ${error.message}`, { path: ['body'] }));
    }
    if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return reply
        .status(400)
        .send(body('invalid_json', 'request body is empty but Content-Type is application/json', { path: ['body'] }));
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send(body('unsupported_media_type', error.message));
    }
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send(body('payload_too_large', error.message));
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send(body(fe.code ? fe.code.toLowerCase() : 'bad_request', error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(body('internal_error', 'internal server error'));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body('route_not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}
