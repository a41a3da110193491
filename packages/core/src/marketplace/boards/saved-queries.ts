import {
  type Page,
  type SavedQuery,
  type SavedQueryCreate,
  type SavedQueryListQuery,
  type SavedQueryUpdate,
  viewIssue,
} from '@tradeloop/schema';
import { newId } from '../../ids.js';
import type { Principal } from '../access.js';
import { inTransaction, type MarketplaceDeps, nowIso } from '../context.js';
import { MarketplaceError } from '../errors.js';
import { listPage } from '../paging.js';
import { containsText } from '../text-search.js';
import { findSavedQuery, ownerIs, ownerName, toSavedQuery } from './repository.js';
import { canEdit, isBoardAdmin, ownerIdOf, requireOperatorSide } from './rules.js';

/**
 * Saved queries: an analytics query node with a name and the view it is drawn as. They are private to their owner
 * (admins see all); board tiles may draw them. Deleting one removes the tiles that draw it, in the same transaction.
 *
 * @example
 * const sq = await market.savedQueries.create(p, { name: 'GMV by day', view: 'line', query: trendsNode });
 */
export class SavedQueriesService {
  constructor(private readonly deps: MarketplaceDeps) {}

  /** The caller's saved queries (admins: all), newest first. */
  async list(p: Principal, query: SavedQueryListQuery): Promise<Page<SavedQuery>> {
    requireOperatorSide(p);
    const { db, capabilities } = this.deps.store;
    let base = db.selectFrom('savedQueries');
    if (!isBoardAdmin(p)) base = base.where(ownerIs('savedQueries', ownerIdOf(p)));
    if (query.kind) base = base.where('savedQueries.kind', '=', query.kind);
    if (query.q) base = base.where(containsText('savedQueries.name', query.q, capabilities));
    return listPage(
      db,
      base,
      query,
      (q) =>
        q
          .selectAll('savedQueries')
          .select((eb) => ownerName(eb, 'savedQueries.ownerOperatorId'))
          .orderBy('savedQueries.createdAt', 'desc')
          .orderBy('savedQueries.id', 'desc'),
      (row) => toSavedQuery(p, row),
    );
  }

  async get(p: Principal, id: string): Promise<SavedQuery> {
    requireOperatorSide(p);
    return toSavedQuery(p, await findSavedQuery(this.deps.store.db, p, id));
  }

  async create(p: Principal, input: SavedQueryCreate): Promise<SavedQuery> {
    requireOperatorSide(p);
    const issue = viewIssue(input.query.kind, input.view);
    if (issue) throw new MarketplaceError('validation_failed', issue, { path: ['view'] });
    const at = nowIso(this.deps.clock);
    const id = newId('sq');
    await this.deps.store.db
      .insertInto('savedQueries')
      .values({
        id,
        name: input.name,
        kind: input.query.kind,
        query: JSON.stringify(input.query),
        view: input.view,
        ownerOperatorId: ownerIdOf(p),
        createdAt: at,
        updatedAt: at,
      })
      .execute();
    return this.get(p, id);
  }

  /**
   * Renames, changes the node or the view. When the node's kind changes, tiles drawing it whose view no longer fits
   * take the saved query's view, so no board is left with a tile it cannot draw.
   */
  async update(p: Principal, id: string, input: SavedQueryUpdate): Promise<SavedQuery> {
    requireOperatorSide(p);
    await inTransaction(this.deps, async (trx) => {
      const row = await findSavedQuery(trx, p, id);
      if (!canEdit(p, row)) throw new MarketplaceError('forbidden', 'only the owner or an admin may change it');
      const kind = input.query?.kind ?? (row.kind as SavedQuery['query']['kind']);
      const view = input.view ?? (row.view as SavedQuery['view']);
      const issue = viewIssue(kind, view);
      if (issue) throw new MarketplaceError('validation_failed', issue, { path: ['view'] });
      await trx
        .updateTable('savedQueries')
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.query !== undefined ? { query: JSON.stringify(input.query), kind } : {}),
          view,
          updatedAt: nowIso(this.deps.clock),
        })
        .where('id', '=', id)
        .execute();
      if (kind !== row.kind) {
        const tiles = await trx
          .selectFrom('boardTiles')
          .select(['id', 'view'])
          .where('savedQueryId', '=', id)
          .execute();
        const misfits = tiles.filter((t) => viewIssue(kind, t.view as SavedQuery['view']) !== null).map((t) => t.id);
        if (misfits.length) await trx.updateTable('boardTiles').set({ view }).where('id', 'in', misfits).execute();
      }
    });
    return this.get(p, id);
  }

  /** Deletes it and every tile that draws it. */
  async delete(p: Principal, id: string): Promise<void> {
    requireOperatorSide(p);
    await inTransaction(this.deps, async (trx) => {
      const row = await findSavedQuery(trx, p, id);
      if (!canEdit(p, row)) throw new MarketplaceError('forbidden', 'only the owner or an admin may delete it');
      await trx.deleteFrom('boardTiles').where('savedQueryId', '=', id).execute();
      await trx.deleteFrom('savedQueries').where('id', '=', id).execute();
    });
  }
}
