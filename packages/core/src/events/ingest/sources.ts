import { randomBytes } from 'node:crypto';
import type { CreateSource, Page, Source, SourceListQuery } from '@tradeloop/schema';
import type { SourcesTable } from '@tradeloop/storage';
import type { Selectable } from 'kysely';
import { newId } from '../../ids.js';
import { type Principal, requirePermission } from '../../marketplace/access.js';
import { inTransaction, type MarketplaceDeps, nowIso } from '../../marketplace/context.js';
import { MarketplaceError, notFound } from '../../marketplace/errors.js';
import { insertOrDuplicate } from '../../marketplace/organizations/repository.js';
import { listPage } from '../../marketplace/paging.js';

/** Name of the source ensured at start (its key: TRADELOOP_WRITE_KEY or generated). */
export const DEFAULT_SOURCE_NAME = 'default';

const toSource = (row: Selectable<SourcesTable>): Source => ({
  ...row,
  kind: row.kind as Source['kind'],
  status: row.status as Source['status'],
});

/** A new write key: 32 random bytes, URL-safe. */
export const newWriteKey = (): string => `wk_${randomBytes(24).toString('base64url')}`;

/** How long a resolved key or name is cached (ingestion resolves one per request). */
const CACHE_MS = 5_000;

/**
 * Event sources: where events come from, each with a write key (Segment auth: HTTP Basic user or `writeKey`) and a
 * unique name (Sensors: the `project` parameter). Managing them needs `operator:manage`.
 */
export class SourcesService {
  private readonly cache = new Map<string, { source: Source | null; until: number }>();

  constructor(private readonly deps: MarketplaceDeps) {}

  /** Sources, oldest first. */
  async list(p: Principal, query: SourceListQuery): Promise<Page<Source>> {
    requirePermission(p, 'operator:manage');
    const { db } = this.deps.store;
    return listPage(
      db,
      db.selectFrom('sources'),
      query,
      (q) => q.selectAll().orderBy('createdAt').orderBy('id'),
      toSource,
    );
  }

  /** Creates a source; names and write keys are unique (`duplicate` on ['name'] / ['writeKey']). */
  async create(p: Principal, input: CreateSource): Promise<Source> {
    requirePermission(p, 'operator:manage');
    const at = nowIso(this.deps.clock);
    const source = await inTransaction(this.deps, async (trx) => {
      const taken = await trx
        .selectFrom('sources')
        .select(['name', 'writeKey'])
        .where((eb) => eb.or([eb('name', '=', input.name), eb('writeKey', '=', input.writeKey ?? '')]))
        .executeTakeFirst();
      if (taken?.name === input.name) {
        throw new MarketplaceError('duplicate', `a source named ${input.name} exists`, { path: ['name'] });
      }
      if (taken) throw new MarketplaceError('duplicate', 'that write key is in use', { path: ['writeKey'] });
      const row = {
        id: newId('src'),
        name: input.name,
        writeKey: input.writeKey ?? newWriteKey(),
        kind: input.kind,
        status: 'active',
        createdAt: at,
        updatedAt: at,
      };
      await insertOrDuplicate(() => trx.insertInto('sources').values(row).execute(), ['name']);
      return toSource(row);
    });
    this.cache.clear();
    return source;
  }

  /** Replaces a source's write key with a new random one; the old key stops working at once (in this process). */
  async rotateKey(p: Principal, id: string): Promise<Source> {
    requirePermission(p, 'operator:manage');
    const at = nowIso(this.deps.clock);
    const writeKey = newWriteKey();
    const updated = await this.deps.store.db
      .updateTable('sources')
      .set({ writeKey, updatedAt: at })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw notFound('source', id);
    this.cache.clear();
    return toSource(updated);
  }

  /**
   * Ensures the default source exists (called at start). A given key (TRADELOOP_WRITE_KEY) replaces the stored one;
   * otherwise the stored key is kept, or a new one generated on first start.
   */
  async ensureDefault(writeKey?: string): Promise<Source> {
    const { db } = this.deps.store;
    const at = nowIso(this.deps.clock);
    const existing = await db
      .selectFrom('sources')
      .selectAll()
      .where('name', '=', DEFAULT_SOURCE_NAME)
      .executeTakeFirst();
    this.cache.clear();
    if (existing) {
      if (!writeKey || existing.writeKey === writeKey) return toSource(existing);
      const row = { ...existing, writeKey, updatedAt: at };
      await db.updateTable('sources').set({ writeKey, updatedAt: at }).where('id', '=', existing.id).execute();
      return toSource(row);
    }
    return this.create(
      { kind: 'system' },
      { name: DEFAULT_SOURCE_NAME, kind: 'sdk', ...(writeKey ? { writeKey } : {}) },
    );
  }

  /** The active source with this write key, if any (cached for 5 s). */
  byWriteKey(writeKey: string): Promise<Source | null> {
    return this.cached(`k:${writeKey}`, () =>
      this.deps.store.db.selectFrom('sources').selectAll().where('writeKey', '=', writeKey).executeTakeFirst(),
    );
  }

  /** The active source with this name (the Sensors `project`), if any (cached for 5 s). */
  byName(name: string): Promise<Source | null> {
    return this.cached(`n:${name}`, () =>
      this.deps.store.db.selectFrom('sources').selectAll().where('name', '=', name).executeTakeFirst(),
    );
  }

  private async cached(key: string, load: () => Promise<Selectable<SourcesTable> | undefined>): Promise<Source | null> {
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.source;
    const row = await load();
    const source = row && row.status === 'active' ? toSource(row) : null;
    // Bounded: unknown keys from a misbehaving client must not grow the cache without end.
    if (this.cache.size >= 10_000) this.cache.clear();
    this.cache.set(key, { source, until: now + CACHE_MS });
    return source;
  }
}
