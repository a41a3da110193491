import { z } from 'zod';
import { Id, NonEmptyText, Pagination, page } from '../common.js';
import { QueryNode } from '../query/index.js';
import { BoardView, viewIssue } from './views.js';

/**
 * Saved queries and boards (custom dashboards). A saved query is an analytics query node (the body of
 * `POST /api/query`) with a name and a view; a board is an ordered list of tiles, each drawing a saved query or an
 * inline node. Tiles hold the query, never its answer: whoever opens a board re-runs each node with their own data
 * scope, so a shared board shows every viewer the numbers they may see.
 */

const Name = NonEmptyText(100);

/** Checks `view` against the node's kind at `path` (zod refinement shared by the bodies below). */
const refineView = (q: { query?: QueryNode | undefined; view?: BoardView | undefined }, ctx: z.RefinementCtx) => {
  if (!q.query || !q.view) return;
  const issue = viewIssue(q.query.kind, q.view);
  if (issue) ctx.addIssue({ code: 'custom', path: ['view'], message: issue });
};

export const SavedQueryCreate = z
  .strictObject({ name: Name, query: QueryNode, view: BoardView })
  .superRefine(refineView);
export type SavedQueryCreate = z.infer<typeof SavedQueryCreate>;

/** Any subset; a new view is checked against the (new or stored) query's kind. */
export const SavedQueryUpdate = z
  .strictObject({ name: Name.optional(), query: QueryNode.optional(), view: BoardView.optional() })
  .superRefine(refineView);
export type SavedQueryUpdate = z.infer<typeof SavedQueryUpdate>;

/** Scope of the owner: boards are shared with operators whose scope is the same. */
export const BoardScope = z.object({
  regions: z.union([z.literal('*'), z.array(z.string())]),
  businessLines: z.union([z.literal('*'), z.array(z.string())]),
});

const Owner = {
  /** The owning operator; null for the admin token. */
  ownerOperatorId: z.string().nullable(),
  ownerName: z.string(),
  /** Whether the caller may change or delete it (the owner, or an admin). */
  editable: z.boolean(),
  /** Whether the caller owns it. */
  mine: z.boolean(),
};

export const SavedQuery = z.object({
  id: z.string(),
  name: z.string(),
  query: QueryNode,
  view: BoardView,
  ...Owner,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedQuery = z.infer<typeof SavedQuery>;

export const SavedQueryListQuery = z.strictObject({
  ...Pagination.shape,
  kind: z
    .enum([
      'FunnelQuery',
      'FunnelActorsQuery',
      'RetentionQuery',
      'TrendsQuery',
      'AttributionQuery',
      'AiplQuery',
      'ChannelQuadrantQuery',
      'ProductPerformanceQuery',
    ])
    .optional(),
  /** Case-insensitive part of the name. */
  q: z.string().max(100).optional(),
});
export type SavedQueryListQuery = z.infer<typeof SavedQueryListQuery>;
export const SavedQueryPage = page(SavedQuery);

/** A tile's width on the board grid: a third, a half or the whole row. */
export const TILE_SIZES = ['small', 'medium', 'large'] as const;
export const TileSize = z.enum(TILE_SIZES);
export type TileSize = z.infer<typeof TileSize>;

/**
 * A tile to add: a saved query by id, or an inline node (`saveAs` also keeps the node as a saved query of that
 * name, in the same transaction: what "pin to board" does).
 */
export const TileCreate = z
  .strictObject({
    title: Name,
    view: BoardView.optional().describe('Default: the saved query view, else the first view of the query kind'),
    size: TileSize.default('medium'),
    savedQueryId: Id.optional(),
    query: QueryNode.optional(),
    saveAs: Name.optional(),
  })
  .superRefine((t, ctx) => {
    if ((t.savedQueryId === undefined) === (t.query === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['query'], message: 'give either savedQueryId or query' });
    }
    if (t.saveAs !== undefined && t.query === undefined) {
      ctx.addIssue({ code: 'custom', path: ['saveAs'], message: 'saveAs needs an inline query' });
    }
    refineView(t, ctx);
  });
export type TileCreate = z.infer<typeof TileCreate>;

export const TileUpdate = z.strictObject({
  title: Name.optional(),
  view: BoardView.optional(),
  size: TileSize.optional(),
});
export type TileUpdate = z.infer<typeof TileUpdate>;

export const BoardTile = z.object({
  id: z.string(),
  title: z.string(),
  view: BoardView,
  size: TileSize,
  /** The saved query it draws (its node is `query`), or null for an inline node. */
  savedQueryId: z.string().nullable(),
  query: QueryNode,
});
export type BoardTile = z.infer<typeof BoardTile>;

export const BoardCreate = z.strictObject({
  name: Name,
  description: z.string().trim().max(500).default(''),
  shared: z.boolean().default(false),
  /** Tiles to start with, in order. */
  tiles: z.array(TileCreate).max(50).default([]),
});
export type BoardCreate = z.infer<typeof BoardCreate>;

export const BoardUpdate = z.strictObject({
  name: Name.optional(),
  description: z.string().trim().max(500).optional(),
  shared: z.boolean().optional(),
});
export type BoardUpdate = z.infer<typeof BoardUpdate>;

/** The whole arrangement: every tile of the board exactly once, in the new order, optionally resized. */
export const BoardLayout = z.strictObject({
  tiles: z
    .array(z.strictObject({ id: Id, size: TileSize.optional() }))
    .max(50)
    .refine((ts) => new Set(ts.map((t) => t.id)).size === ts.length, 'each tile once'),
});
export type BoardLayout = z.infer<typeof BoardLayout>;

const boardFields = {
  id: z.string(),
  name: z.string(),
  description: z.string(),
  shared: z.boolean(),
  ...Owner,
  /** The owner's data scope (a shared board is listed for operators with the same scope). */
  scope: BoardScope,
  tileCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const BoardSummary = z.object(boardFields);
export type BoardSummary = z.infer<typeof BoardSummary>;

export const Board = z.object({ ...boardFields, tiles: z.array(BoardTile) });
export type Board = z.infer<typeof Board>;

export const BoardListQuery = z.strictObject({
  ...Pagination.shape,
  /** `mine`: the caller's boards; `shared`: others' boards shared with the caller. */
  owner: z.enum(['mine', 'shared']).optional(),
});
export type BoardListQuery = z.infer<typeof BoardListQuery>;
export const BoardPage = page(BoardSummary);

export const TileParams = z.strictObject({ id: Id, tileId: Id });
