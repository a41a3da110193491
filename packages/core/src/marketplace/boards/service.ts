import type {
  Board,
  BoardCreate,
  BoardLayout,
  BoardListQuery,
  BoardSummary,
  BoardUpdate,
  Page,
  TileCreate,
  TileUpdate,
} from '@tradeloop/schema';
import { viewIssue } from '@tradeloop/schema';
import type { Database } from '@tradeloop/storage';
import type { Transaction } from 'kysely';
import { newId } from '../../ids.js';
import type { Principal } from '../access.js';
import { type Executor, inTransaction, type MarketplaceDeps, nowIso } from '../context.js';
import { MarketplaceError, notFound } from '../errors.js';
import { ADMIN_OWNER_NAME, assertRoomForTiles, insertTile, loadTiles, scopeOfOwnerRow } from './repository.js';
import { canEdit, canSeeBoard, isBoardAdmin, isMine, ownerIdOf, requireOperatorSide } from './rules.js';

/**
 * Boards (custom dashboards): an ordered list of tiles, each drawing a saved query or an inline query node. A board
 * is private to its owner until shared; a shared board is listed for operators whose data scope equals the owner's
 * (same regions, same business lines). Admins see all. Only the owner or an admin changes or deletes one; others
 * who see it get `forbidden`, those who do not get `not_found`.
 *
 * Tiles carry query nodes, not answers: the console re-runs each node through `POST /api/query` as the viewer, so
 * the numbers on a shared board are always the viewer's own scope.
 *
 * @example
 * const board = await market.boards.create(p, { name: '华东周报', shared: true, tiles: [{ title: 'GMV', query: node, saveAs: 'GMV' }] });
 * await market.boards.setLayout(p, board.id, { tiles: board.tiles.reverse().map((t) => ({ id: t.id })) });
 */
export class BoardsService {
  constructor(private readonly deps: MarketplaceDeps) {}

  /** Boards the caller sees (own, shared with their scope, or all for admins), most recently changed first. */
  async list(p: Principal, query: BoardListQuery): Promise<Page<BoardSummary>> {
    requireOperatorSide(p);
    let q = boardRows(this.deps.store.db);
    const me = ownerIdOf(p);
    const mineOnly = (b: typeof q) =>
      me === null ? b.where('boards.ownerOperatorId', 'is', null) : b.where('boards.ownerOperatorId', '=', me);
    if (query.owner === 'mine') q = mineOnly(q);
    else if (!isBoardAdmin(p)) {
      // Shared candidates are narrowed in SQL; the scope comparison (order-insensitive lists) is done below.
      q = q.where((eb) =>
        eb.or([
          me === null ? eb('boards.ownerOperatorId', 'is', null) : eb('boards.ownerOperatorId', '=', me),
          eb('boards.visibility', '=', 'shared'),
        ]),
      );
    }
    const rows = (await q.orderBy('boards.updatedAt', 'desc').orderBy('boards.id', 'desc').execute()).filter(
      (r) => canSeeBoard(p, r, scopeOfOwnerRow(r)) && (query.owner !== 'shared' || !isMine(p, r)),
    );
    const items = rows.slice(query.offset, query.offset + query.limit).map((r) => toSummary(p, r));
    return { items, total: rows.length, limit: query.limit, offset: query.offset };
  }

  /** One board with its tiles (each with the node it draws). */
  async get(p: Principal, id: string): Promise<Board> {
    requireOperatorSide(p);
    return this.read(this.deps.store.db, p, id);
  }

  /** Creates a board, with its first tiles, in one transaction. */
  async create(p: Principal, input: BoardCreate): Promise<Board> {
    requireOperatorSide(p);
    assertRoomForTiles(input.tiles.length, ['tiles']);
    const id = newId('brd');
    const at = nowIso(this.deps.clock);
    await inTransaction(this.deps, async (trx) => {
      await trx
        .insertInto('boards')
        .values({
          id,
          name: input.name,
          description: input.description,
          visibility: input.shared ? 'shared' : 'private',
          ownerOperatorId: ownerIdOf(p),
          createdAt: at,
          updatedAt: at,
        })
        .execute();
      for (const [i, tile] of input.tiles.entries()) await insertTile(trx, p, id, i, tile, at, ['tiles', i]);
    });
    return this.get(p, id);
  }

  /** Renames, describes, shares or unshares a board. */
  async update(p: Principal, id: string, input: BoardUpdate): Promise<Board> {
    return this.edit(p, id, async (trx, at) => {
      await trx
        .updateTable('boards')
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.shared !== undefined ? { visibility: input.shared ? 'shared' : 'private' } : {}),
          updatedAt: at,
        })
        .where('id', '=', id)
        .execute();
    });
  }

  /** Deletes a board and its tiles (the saved queries they draw stay). */
  async delete(p: Principal, id: string): Promise<void> {
    requireOperatorSide(p);
    await inTransaction(this.deps, async (trx) => {
      await this.requireEditable(trx, p, id);
      await trx.deleteFrom('boardTiles').where('boardId', '=', id).execute();
      await trx.deleteFrom('boards').where('id', '=', id).execute();
    });
  }

  /** Adds a tile at the end. */
  async addTile(p: Principal, id: string, input: TileCreate): Promise<Board> {
    return this.edit(p, id, async (trx, at) => {
      const tiles = await trx
        .selectFrom('boardTiles')
        .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('position').as('last')])
        .where('boardId', '=', id)
        .executeTakeFirstOrThrow();
      assertRoomForTiles(Number(tiles.n) + 1);
      const position = tiles.last === null ? 0 : Number(tiles.last) + 1;
      await insertTile(trx, p, id, position, input, at);
    });
  }

  /** Retitles, redraws (view) or resizes one tile. */
  async updateTile(p: Principal, id: string, tileId: string, input: TileUpdate): Promise<Board> {
    return this.edit(p, id, async (trx) => {
      const tile = await findTile(trx, id, tileId);
      if (input.view !== undefined) {
        const issue = viewIssue(tile.kind as Board['tiles'][number]['query']['kind'], input.view);
        if (issue) throw new MarketplaceError('validation_failed', issue, { path: ['view'] });
      }
      const set = {
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.view !== undefined ? { view: input.view } : {}),
        ...(input.size !== undefined ? { size: input.size } : {}),
      };
      if (Object.keys(set).length) await trx.updateTable('boardTiles').set(set).where('id', '=', tileId).execute();
    });
  }

  /** Removes one tile (its saved query stays). */
  async removeTile(p: Principal, id: string, tileId: string): Promise<Board> {
    return this.edit(p, id, async (trx) => {
      await findTile(trx, id, tileId);
      await trx.deleteFrom('boardTiles').where('id', '=', tileId).execute();
    });
  }

  /**
   * Arranges the board: the tiles in their new order, each optionally resized. The list must hold every tile of the
   * board exactly once, so a layout made from a stale copy of the board is refused rather than half-applied.
   */
  async setLayout(p: Principal, id: string, layout: BoardLayout): Promise<Board> {
    return this.edit(p, id, async (trx) => {
      const current = await trx.selectFrom('boardTiles').select('id').where('boardId', '=', id).execute();
      const known = new Set(current.map((t) => t.id));
      const unknown = layout.tiles.find((t) => !known.has(t.id));
      if (unknown) {
        const i = layout.tiles.indexOf(unknown);
        throw new MarketplaceError('invalid_reference', `tile ${unknown.id} is not on board ${id}`, {
          path: ['tiles', i, 'id'],
        });
      }
      if (layout.tiles.length !== known.size) {
        const listed = new Set(layout.tiles.map((t) => t.id));
        throw new MarketplaceError('validation_failed', 'the layout must list every tile of the board exactly once', {
          path: ['tiles'],
          details: { missing: [...known].filter((t) => !listed.has(t)) },
        });
      }
      for (const [position, t] of layout.tiles.entries()) {
        await trx
          .updateTable('boardTiles')
          .set({ position, ...(t.size ? { size: t.size } : {}) })
          .where('id', '=', t.id)
          .execute();
      }
    });
  }

  /** Runs a change of a board the caller may edit, bumps its updatedAt, and answers the board as it is now. */
  private async edit(
    p: Principal,
    id: string,
    change: (trx: Transaction<Database>, at: string) => Promise<void>,
  ): Promise<Board> {
    requireOperatorSide(p);
    const at = nowIso(this.deps.clock);
    await inTransaction(this.deps, async (trx) => {
      await this.requireEditable(trx, p, id);
      await change(trx, at);
      await trx.updateTable('boards').set({ updatedAt: at }).where('id', '=', id).execute();
    });
    return this.get(p, id);
  }

  private async requireEditable(db: Executor, p: Principal, id: string) {
    const row = await findVisibleBoard(db, p, id);
    if (!canEdit(p, row)) {
      throw new MarketplaceError('forbidden', 'only the owner of a board or an admin may change it', {
        details: { boardId: id },
      });
    }
    return row;
  }

  private async read(db: Executor, p: Principal, id: string): Promise<Board> {
    const row = await findVisibleBoard(db, p, id);
    const tiles = await loadTiles(db, id);
    return { ...toSummary(p, row), tiles };
  }
}

/** Boards with their owner's name and scope, and their tile count. */
const boardRows = (db: Executor) =>
  db
    .selectFrom('boards')
    .leftJoin('operators', 'operators.id', 'boards.ownerOperatorId')
    .selectAll('boards')
    .select([
      'operators.name as ownerName',
      'operators.regions as ownerRegions',
      'operators.businessLines as ownerBusinessLines',
    ])
    .select((eb) =>
      eb
        .selectFrom('boardTiles')
        .select((t) => t.fn.countAll<number | string>().as('n'))
        .whereRef('boardTiles.boardId', '=', 'boards.id')
        .as('tileCount'),
    );

type BoardRow = Awaited<ReturnType<ReturnType<typeof boardRows>['executeTakeFirstOrThrow']>>;

/** A board the caller may see; `not_found` otherwise (someone else's private board is not admitted to exist). */
async function findVisibleBoard(db: Executor, p: Principal, id: string): Promise<BoardRow> {
  const row = await boardRows(db).where('boards.id', '=', id).executeTakeFirst();
  if (!row || !canSeeBoard(p, row, scopeOfOwnerRow(row))) throw notFound('board', id);
  return row;
}

async function findTile(db: Executor, boardId: string, tileId: string) {
  const tile = await db
    .selectFrom('boardTiles')
    .leftJoin('savedQueries', 'savedQueries.id', 'boardTiles.savedQueryId')
    .select(['boardTiles.id', 'boardTiles.query', 'savedQueries.kind as savedKind'])
    .where('boardTiles.id', '=', tileId)
    .where('boardTiles.boardId', '=', boardId)
    .executeTakeFirst();
  if (!tile) throw notFound('tile', tileId);
  const kind = tile.savedKind ?? (JSON.parse(tile.query ?? '{}') as { kind?: string }).kind ?? '';
  return { id: tile.id, kind };
}

function toSummary(p: Principal, r: BoardRow): BoardSummary {
  const scope = scopeOfOwnerRow(r) ?? { regions: '*', businessLines: '*' };
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    shared: r.visibility === 'shared',
    ownerOperatorId: r.ownerOperatorId,
    ownerName: r.ownerName ?? ADMIN_OWNER_NAME,
    editable: canEdit(p, r),
    mine: isMine(p, r),
    scope,
    tileCount: Number(r.tileCount ?? 0),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
