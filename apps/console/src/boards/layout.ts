import type { BoardTile, TileSize } from './types';

/** Grid columns (of antd's 24) a tile of each size spans: a third, a half, the whole row. */
export const SPAN: Record<TileSize, number> = { small: 8, medium: 12, large: 24 };

export type Direction = 'left' | 'right' | 'up' | 'down';

/**
 * The tiles after moving one: left/right by one place; up/down by about a row (as many places as tiles of its size
 * fit in a row: three small, two medium, one large), clamped to the ends. Pure, so the page sends the whole new
 * order to `PUT /api/boards/:id/layout` and a reload shows the same.
 */
export function moveTile<T extends Pick<BoardTile, 'id' | 'size'>>(
  tiles: readonly T[],
  id: string,
  dir: Direction,
): T[] {
  const from = tiles.findIndex((t) => t.id === id);
  const tile = tiles[from];
  if (!tile) return [...tiles];
  const row = Math.max(1, Math.floor(24 / SPAN[tile.size]));
  const step = { left: -1, right: 1, up: -row, down: row }[dir];
  const to = Math.min(tiles.length - 1, Math.max(0, from + step));
  const next = [...tiles];
  next.splice(from, 1);
  next.splice(to, 0, tile);
  return next;
}

/** Whether the move would change anything (to disable the buttons at the ends). */
export function canMove(tiles: readonly Pick<BoardTile, 'id'>[], id: string, dir: Direction): boolean {
  const i = tiles.findIndex((t) => t.id === id);
  if (i < 0) return false;
  return dir === 'left' || dir === 'up' ? i > 0 : i < tiles.length - 1;
}

export function resizeTile<T extends Pick<BoardTile, 'id' | 'size'>>(
  tiles: readonly T[],
  id: string,
  size: TileSize,
): T[] {
  return tiles.map((t) => (t.id === id ? { ...t, size } : t));
}

/** The body of `PUT /api/boards/:id/layout`. */
export function layoutBody(tiles: readonly Pick<BoardTile, 'id' | 'size'>[]): {
  tiles: { id: string; size: TileSize }[];
} {
  return { tiles: tiles.map((t) => ({ id: t.id, size: t.size })) };
}

/**
 * A query node with its date range replaced (the board's "period" override), so a board of fixed-date tiles can be
 * looked at for another period without changing the saved nodes. Nodes without a dateRange are kept.
 */
export function withRange<N extends { dateRange?: unknown }>(node: N, range: { from: string; to: string } | null): N {
  if (!range || node.dateRange === undefined) return node;
  return { ...node, dateRange: { from: range.from, to: range.to } };
}
