import type { SqlEventStore } from '@tradeloop/storage';

/**
 * An operator's data scope as analytics applies it: only events of organisations in these regions and business lines
 * (an absent list does not restrict). Events whose organisation is unknown are outside any restricted scope.
 */
export type AnalyticsScope = { regions?: readonly string[]; businessLines?: readonly string[] };

/** What a runner needs to answer a query. */
export type QueryContext = {
  store: SqlEventStore;
  /** null or undefined: unrestricted (the admin, an operator without scope). */
  scope?: AnalyticsScope | null;
};
