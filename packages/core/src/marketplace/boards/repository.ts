import type { BoardTile, BoardView, QueryNode, SavedQuery, TileCreate, TileSize } from '@tradeloop/schema';
import { defaultView, viewIssue } from '@tradeloop/schema';
import type { Database } from '@tradeloop/storage';
import type { ExpressionBuilder, Transaction } from 'kysely';
import { newId } from '../../ids.js';
import type { DataScope, Principal } from '../access.js';
import { type Executor, parseJson } from '../context.js';
import { MarketplaceError, notFound } from '../errors.js';
import { canEdit, isBoardAdmin, isMine, ownerIdOf } from './rules.js';

/** Row shapes and reads shared by the saved-query and board services. */

export const MAX_TILES = 50;
export const ADMIN_OWNER_NAME = 'admin';

/** The owner's name (null owner: the admin token), joined from operators. */
export const ownerName = (
  eb: ExpressionBuilder<Database, 'savedQueries' | 'boards'>,
  column: 'savedQueries.ownerOperatorId' | 'boards.ownerOperatorId',
) => eb.selectFrom('operators').select('operators.name').whereRef('operators.id', '=', column).as('ownerName');

export type SavedQueryRow = {
  id: string;
  name: string;
  kind: string;
  query: string;
  view: string;
  ownerOperatorId: string | null;
  ownerName: string | null;
  createdAt: string;
  updatedAt: string;
};

export function toSavedQuery(p: Principal, row: SavedQueryRow): SavedQuery {
  return {
    id: row.id,
    name: row.name,
    query: parseJson<QueryNode>(row.query),
    view: row.view as BoardView,
    ownerOperatorId: row.ownerOperatorId,
    ownerName: row.ownerName ?? ADMIN_OWNER_NAME,
    editable: canEdit(p, row),
    mine: isMine(p, row),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Saved queries are private: the owner's, or any for admins. Others' are "not found", not "forbidden". */
export async function findSavedQuery(db: Executor, p: Principal, id: string): Promise<SavedQueryRow> {
  let q = db
    .selectFrom('savedQueries')
    .selectAll('savedQueries')
    .select((eb) => ownerName(eb, 'savedQueries.ownerOperatorId'))
    .where('savedQueries.id', '=', id);
  if (!isBoardAdmin(p)) q = q.where(ownerIs('savedQueries', ownerIdOf(p)));
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('saved query', id);
  return row;
}

/** `owner = id`, or `owner is null` for the admin token's rows. */
export function ownerIs(table: 'savedQueries' | 'boards', ownerId: string | null) {
  const column = table === 'boards' ? 'boards.ownerOperatorId' : 'savedQueries.ownerOperatorId';
  return (eb: ExpressionBuilder<Database, 'savedQueries' | 'boards'>) =>
    ownerId === null ? eb(column, 'is', null) : eb(column, '=', ownerId);
}

/** The owner's data scope (null owner: everything). */
export function scopeOfOwnerRow(row: {
  ownerRegions: string | null;
  ownerBusinessLines: string | null;
}): DataScope | null {
  if (row.ownerRegions === null || row.ownerBusinessLines === null) return null;
  return {
    regions: parseJson<DataScope['regions']>(row.ownerRegions),
    businessLines: parseJson<DataScope['businessLines']>(row.ownerBusinessLines),
  };
}

type TileRow = {
  id: string;
  title: string;
  view: string;
  size: string;
  savedQueryId: string | null;
  query: string | null;
  savedQuery: string | null;
};

/** Tiles of a board in order, each with the node it draws (a saved query's, or its own). */
export async function loadTiles(db: Executor, boardId: string): Promise<BoardTile[]> {
  const rows: TileRow[] = await db
    .selectFrom('boardTiles')
    .leftJoin('savedQueries', 'savedQueries.id', 'boardTiles.savedQueryId')
    .select([
      'boardTiles.id',
      'boardTiles.title',
      'boardTiles.view',
      'boardTiles.size',
      'boardTiles.savedQueryId',
      'boardTiles.query',
      'savedQueries.query as savedQuery',
    ])
    .where('boardTiles.boardId', '=', boardId)
    .orderBy('boardTiles.position')
    .orderBy('boardTiles.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    view: r.view as BoardView,
    size: r.size as TileSize,
    savedQueryId: r.savedQueryId,
    query: parseJson<QueryNode>(r.savedQuery ?? r.query ?? 'null'),
  }));
}

/**
 * Inserts a tile at `position`. A saved query must be one the caller may use (theirs, or any for admins); with
 * `saveAs`, the inline node is first kept as a new saved query of the caller. `path` prefixes error paths (e.g.
 * ['tiles', 2] when the tile comes inside a new board).
 */
export async function insertTile(
  trx: Transaction<Database>,
  p: Principal,
  boardId: string,
  position: number,
  input: TileCreate,
  at: string,
  path: (string | number)[] = [],
): Promise<string> {
  let node: QueryNode;
  let savedQueryId: string | null = null;
  let savedView: BoardView | undefined;
  if (input.savedQueryId !== undefined) {
    const saved = await findSavedQuery(trx, p, input.savedQueryId).catch((err: unknown) => {
      if (err instanceof MarketplaceError && err.code === 'not_found') {
        throw new MarketplaceError('invalid_reference', `saved query ${input.savedQueryId} not found`, {
          path: [...path, 'savedQueryId'],
        });
      }
      throw err;
    });
    node = parseJson<QueryNode>(saved.query);
    savedQueryId = saved.id;
    savedView = saved.view as BoardView;
  } else {
    node = input.query as QueryNode;
  }
  const view = input.view ?? savedView ?? defaultView(node.kind);
  const issue = viewIssue(node.kind, view);
  if (issue) throw new MarketplaceError('validation_failed', issue, { path: [...path, 'view'] });
  if (input.saveAs !== undefined) {
    savedQueryId = newId('sq');
    await trx
      .insertInto('savedQueries')
      .values({
        id: savedQueryId,
        name: input.saveAs,
        kind: node.kind,
        query: JSON.stringify(node),
        view,
        ownerOperatorId: ownerIdOf(p),
        createdAt: at,
        updatedAt: at,
      })
      .execute();
  }
  const id = newId('tile');
  await trx
    .insertInto('boardTiles')
    .values({
      id,
      boardId,
      position,
      title: input.title,
      view,
      size: input.size,
      savedQueryId,
      query: savedQueryId === null ? JSON.stringify(node) : null,
    })
    .execute();
  return id;
}

export function assertRoomForTiles(count: number, path?: (string | number)[]): void {
  if (count > MAX_TILES) {
    throw new MarketplaceError('validation_failed', `a board holds at most ${MAX_TILES} tiles`, path ? { path } : {});
  }
}
