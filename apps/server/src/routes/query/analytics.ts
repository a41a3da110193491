import { type AnalyticsScope, type MarketplaceData, runQuery } from '@tradeloop/analytics';
import { type DimensionSync, MarketplaceError, type Principal, restrictingScope } from '@tradeloop/core';
import type { QueryNode, QueryResult } from '@tradeloop/schema';
import type { SqlEventStore } from '@tradeloop/storage';

/** What answering queries needs: the event store and the dimension mirror that scopes and breaks down by. */
export type AnalyticsDeps = { events: SqlEventStore; dims: DimensionSync; marketplace?: MarketplaceData | undefined };

/** The operator's data scope as analytics applies it ('*' does not restrict). */
export function analyticsScope(p: Principal): AnalyticsScope | null {
  const scope = restrictingScope(p);
  if (!scope) return null;
  return {
    ...(scope.regions === '*' ? {} : { regions: scope.regions }),
    ...(scope.businessLines === '*' ? {} : { businessLines: scope.businessLines }),
  };
}

/**
 * Answers a query node for a platform-side caller (admin, operators within their data scope). Buyers and suppliers
 * do not query the platform's analytics. The dimension mirror is brought up to date first (cheap when nothing
 * changed), so a just-changed organisation is scoped and broken down correctly.
 */
export async function answerQuery(deps: AnalyticsDeps, p: Principal, node: QueryNode): Promise<QueryResult> {
  if (p.kind === 'member') {
    throw new MarketplaceError('forbidden', 'analytics queries are for the platform’s operators');
  }
  await deps.dims.sync();
  return runQuery(node, { store: deps.events, scope: analyticsScope(p), marketplace: deps.marketplace ?? null });
}
