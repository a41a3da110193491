/**
 * The analytics module's one error type. `invalid_query`: the query is well-formed but cannot be answered as asked
 * (e.g. a date range that ends before it starts, too many periods); `unknown_query_kind`: no runner for the kind.
 * The HTTP layer maps both to 400 with the field path.
 */
export type AnalyticsErrorCode = 'invalid_query' | 'unknown_query_kind';

export class AnalyticsError extends Error {
  constructor(
    readonly code: AnalyticsErrorCode,
    message: string,
    /** The field of the query node at fault, e.g. ['dateRange', 'to']. */
    readonly path: (string | number)[] = [],
  ) {
    super(message);
    this.name = 'AnalyticsError';
  }
}
