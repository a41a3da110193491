import { z } from 'zod';
import type { QueryKind } from '../query/index.js';

/** How a tile (or a saved query) draws its answer. */
export const BOARD_VIEWS = ['line', 'bar', 'table', 'number', 'funnel', 'heatmap', 'sankey', 'scatter'] as const;
export const BoardView = z.enum(BOARD_VIEWS).describe('How the answer is drawn: line, bar, table, number, funnel, ...');
export type BoardView = z.infer<typeof BoardView>;

/**
 * The views each query kind can be drawn as; the first is its default. A view outside the list is refused (a
 * heatmap of a trend has nothing to draw), so the console never meets a tile it cannot render.
 */
export const VIEWS_BY_KIND: Record<QueryKind, readonly BoardView[]> = {
  TrendsQuery: ['line', 'bar', 'number', 'table'],
  FunnelQuery: ['funnel', 'bar', 'table'],
  FunnelActorsQuery: ['table'],
  RetentionQuery: ['heatmap', 'table'],
  AiplQuery: ['sankey', 'bar', 'table'],
  AttributionQuery: ['table', 'bar'],
  ChannelQuadrantQuery: ['scatter', 'table'],
  ProductPerformanceQuery: ['table', 'bar'],
};

/** The default view of a query kind. */
export const defaultView = (kind: QueryKind): BoardView => VIEWS_BY_KIND[kind][0] ?? 'table';

/** Why `view` cannot draw an answer of `kind`, or null when it can. */
export function viewIssue(kind: QueryKind, view: BoardView): string | null {
  const allowed = VIEWS_BY_KIND[kind];
  return allowed.includes(view) ? null : `a ${kind} is drawn as ${allowed.join(', ')}, not ${view}`;
}
