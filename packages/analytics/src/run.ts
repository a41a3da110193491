import type { QueryKind, QueryNode, QueryResult } from '@tradeloop/schema';
import type { QueryContext } from './context.js';
import { AnalyticsError } from './errors.js';
import { RUNNERS } from './runners.js';

/** A runner answers one kind of query node. */
export type Runner<K extends QueryKind> = (
  node: Extract<QueryNode, { kind: K }>,
  ctx: QueryContext,
) => Promise<Extract<QueryResult, { kind: K }>>;

/** The runner of each kind (runners.ts lists them). */
export type Runners = { [K in QueryKind]?: Runner<K> };

/** The kinds that have a runner. */
export function supportedKinds(): QueryKind[] {
  return Object.keys(RUNNERS) as QueryKind[];
}

/**
 * Answers a parsed query node (`QueryNode.parse(body)`) on the context's event store, within its data scope.
 *
 * @example
 * const result = await runQuery(QueryNode.parse(body), { store, scope: { regions: ['east'] } });
 */
export async function runQuery(node: QueryNode, ctx: QueryContext): Promise<QueryResult> {
  const runner = RUNNERS[node.kind] as Runner<typeof node.kind> | undefined;
  if (!runner) {
    throw new AnalyticsError(
      'unknown_query_kind',
      `no runner for ${node.kind} yet; available: ${supportedKinds().join(', ') || 'none'}`,
      ['kind'],
    );
  }
  return runner(node as never, ctx);
}
