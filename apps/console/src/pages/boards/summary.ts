import type { QueryNodeLike } from '../../boards/types';

/**
 * A one-line summary of a query node for lists: the events it reads, e.g. `sum(order_paid.total), count(order_paid)`
 * for a trend or `product_viewed → order_paid` for a funnel.
 */
export function summaryOf(node: QueryNodeLike): string {
  const n = node as Record<string, unknown>;
  switch (node.kind) {
    case 'TrendsQuery': {
      const series = (n.series as { event: string; math?: string; property?: string }[] | undefined) ?? [];
      return series.map((s) => `${s.math ?? 'count'}(${s.event}${s.property ? `.${s.property}` : ''})`).join(', ');
    }
    case 'FunnelQuery':
      return ((n.steps as { event: string }[] | undefined) ?? []).map((s) => s.event).join(' → ');
    case 'FunnelActorsQuery':
      return summaryOf(n.funnel as QueryNodeLike);
    case 'RetentionQuery': {
      const start = (n.cohort as { event?: string } | undefined)?.event ?? '';
      const back = (n.returning as { event?: string } | undefined)?.event ?? '';
      return start && back ? `${start} ↩ ${back}` : node.kind;
    }
    default:
      return node.kind;
  }
}
