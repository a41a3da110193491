/**
 * Every way a marketplace operation can be refused. The HTTP layer maps each code to a status code
 * (apps/server/src/http/errors.ts, an exhaustive switch), so adding a code here fails the build until it is mapped.
 */
export type MarketplaceErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'invalid_reference'
  | 'duplicate'
  | 'illegal_transition'
  | 'below_moq'
  | 'insufficient_stock'
  | 'product_unavailable'
  | 'mixed_suppliers'
  | 'currency_mismatch'
  | 'coupon_invalid'
  | 'coupon_expired'
  | 'coupon_not_started'
  | 'coupon_threshold_not_met'
  | 'coupon_limit_reached'
  | 'coupon_not_applicable'
  | 'idempotency_key_reused'
  | 'return_window_closed'
  | 'rfq_closed'
  | 'quote_expired'
  | 'review_not_allowed'
  | 'insufficient_points'
  /** Sign-in with an unknown email or a wrong password (one answer for both). */
  | 'invalid_credentials'
  /** Too many failed sign-ins for one email; `details.retryAfterSeconds` says when to try again. */
  | 'too_many_attempts';

export type MarketplaceErrorOptions = {
  /**
   * Path of the offending field in the request, e.g. ['items', 2, 'quantity']: relative to the request body, unless it
   * starts with 'querystring', 'params' or 'headers' (e.g. ['headers', 'idempotency-key']).
   */
  path?: (string | number)[];
  /** Extra machine-readable facts (the MOQ, the available stock, ...). */
  details?: Record<string, unknown>;
};

export class MarketplaceError extends Error {
  readonly code: MarketplaceErrorCode;
  readonly path: (string | number)[] | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: MarketplaceErrorCode, message: string, options: MarketplaceErrorOptions = {}) {
    super(message);
    this.name = 'MarketplaceError';
    this.code = code;
    this.path = options.path;
    this.details = options.details;
  }
}

export const notFound = (what: string, id: string): MarketplaceError =>
  new MarketplaceError('not_found', `${what} ${id} not found`, { details: { id } });
