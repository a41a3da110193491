/**
 * Shapes of the boards API (`/api/saved-queries`, `/api/boards`), mirroring packages/schema/src/boards. Kept as plain
 * types so the browser bundle carries no schema code.
 */
import type { Scope } from '../api/types';

export const BOARD_VIEWS = ['line', 'bar', 'table', 'number', 'funnel', 'heatmap', 'sankey', 'scatter'] as const;
export type BoardView = (typeof BOARD_VIEWS)[number];

export const TILE_SIZES = ['small', 'medium', 'large'] as const;
export type TileSize = (typeof TILE_SIZES)[number];

export type QueryKind =
  | 'TrendsQuery'
  | 'FunnelQuery'
  | 'FunnelActorsQuery'
  | 'RetentionQuery'
  | 'AiplQuery'
  | 'AttributionQuery'
  | 'ChannelQuadrantQuery'
  | 'ProductPerformanceQuery';

/** A query node as `POST /api/query` takes it; the boards code reads only its kind and a few fields. */
export type QueryNodeLike = { kind: QueryKind; dateRange?: { from: string; to: string }; [key: string]: unknown };

/** Same table as VIEWS_BY_KIND in packages/schema/src/boards/views.ts (the server refuses other views). */
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

export function viewsFor(kind: string): readonly BoardView[] {
  return VIEWS_BY_KIND[kind as QueryKind] ?? ['table'];
}

type Owned = { ownerOperatorId: string | null; ownerName: string; editable: boolean; mine: boolean };

export type SavedQuery = Owned & {
  id: string;
  name: string;
  query: QueryNodeLike;
  view: BoardView;
  createdAt: string;
  updatedAt: string;
};

export type BoardTile = {
  id: string;
  title: string;
  view: BoardView;
  size: TileSize;
  savedQueryId: string | null;
  query: QueryNodeLike;
};

export type BoardSummary = Owned & {
  id: string;
  name: string;
  description: string;
  shared: boolean;
  scope: Scope;
  tileCount: number;
  createdAt: string;
  updatedAt: string;
};

export type Board = BoardSummary & { tiles: BoardTile[] };

/** Body of `POST /api/boards/:id/tiles` (and of each tile of `POST /api/boards`). */
export type TileCreate = {
  title: string;
  view?: BoardView;
  size?: TileSize;
  savedQueryId?: string;
  query?: unknown;
  saveAs?: string;
};
