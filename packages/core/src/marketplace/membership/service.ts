import type {
  CreateMemberLevel,
  GrantPoints,
  MemberLevel,
  Pagination,
  PointsAccount,
  PointsBalance,
  PointsEntry,
  SpendPoints,
  UpdateMemberLevel,
} from '@tradeloop/schema';
import type { Database } from '@tradeloop/storage';
import type { Transaction } from 'kysely';
import { newId } from '../../ids.js';
import { type Principal, requireOwnOrPermission, requirePermission } from '../access.js';
import { type Executor, inTransaction, type MarketplaceDeps, nowIso } from '../context.js';
import { MarketplaceError, notFound } from '../errors.js';
import { insertOrDuplicate, loadVisibleOrganization } from '../organizations/repository.js';
import { listPage } from '../paging.js';
import { expirePoints, grantPoints, lifetimePoints, pointsBalance, spendPoints } from '../points/ledger.js';

/**
 * Member levels (platform-wide configuration: anyone may read them, `marketing:write` changes them) and the
 * points accounts of organisations over the ledger in points/ledger.ts.
 *
 * Points rights: an organisation's members and operators in scope read its account; members spend their own
 * organisation's points, operators spend or grant with `points:write`.
 */
export class MembershipService {
  constructor(private readonly deps: MarketplaceDeps) {}

  /** Every member level, lowest rank first. */
  async listLevels(_p: Principal): Promise<MemberLevel[]> {
    return this.deps.store.db.selectFrom('memberLevels').selectAll().orderBy('rank').orderBy('id').execute();
  }

  /** Creates a level. Codes and ranks are unique (`duplicate` on ['code'] / ['rank']). */
  async createLevel(p: Principal, input: CreateMemberLevel): Promise<MemberLevel> {
    requirePermission(p, 'marketing:write');
    const at = nowIso(this.deps.clock);
    return inTransaction(this.deps, async (trx) => {
      await assertLevelFree(trx, input, null);
      const row = { id: newId('lvl'), ...input, createdAt: at, updatedAt: at };
      await insertOrDuplicate(() => trx.insertInto('memberLevels').values(row).execute(), ['code']);
      return row;
    });
  }

  /**
   * Changes the given fields of a level. Organisations keep the level they hold; new thresholds apply from the
   * next upgrade check (levels are never lowered automatically).
   */
  async updateLevel(p: Principal, id: string, patch: UpdateMemberLevel): Promise<MemberLevel> {
    requirePermission(p, 'marketing:write');
    return inTransaction(this.deps, async (trx) => {
      const current = await trx.selectFrom('memberLevels').selectAll().where('id', '=', id).executeTakeFirst();
      if (!current) throw notFound('member level', id);
      await assertLevelFree(trx, patch, id);
      const next = { ...current };
      for (const key of ['code', 'name', 'rank', 'minLifetimePoints', 'pointsRatePercent'] as const) {
        if (patch[key] !== undefined) (next as Record<string, unknown>)[key] = patch[key];
      }
      next.updatedAt = nowIso(this.deps.clock);
      const { id: _id, createdAt: _c, ...values } = next;
      await insertOrDuplicate(
        () => trx.updateTable('memberLevels').set(values).where('id', '=', id).execute(),
        ['code'],
      );
      return next;
    });
  }

  /** Balance, lifetime points, level and a page of the ledger (newest first) of an organisation the principal sees. */
  async account(p: Principal, organizationId: string, pagination: Pagination): Promise<PointsAccount> {
    const { db } = this.deps.store;
    const org = await loadVisibleOrganization(db, p, organizationId);
    const at = nowIso(this.deps.clock);
    const [balance, lifetime, level, ledger] = await Promise.all([
      pointsBalance(db, organizationId, at),
      lifetimePoints(db, organizationId),
      org.memberLevelId
        ? db.selectFrom('memberLevels').selectAll().where('id', '=', org.memberLevelId).executeTakeFirst()
        : undefined,
      listPage(
        db,
        db.selectFrom('pointsLedger').where('organizationId', '=', organizationId),
        pagination,
        (q) =>
          q
            .select(['id', 'kind', 'delta', 'remaining', 'expiresAt', 'orderId', 'note', 'createdAt'])
            .orderBy('createdAt', 'desc')
            .orderBy('id', 'desc'),
        (e) => ({ ...e, kind: e.kind as PointsEntry['kind'] }),
      ),
    ]);
    return { organizationId, balance, lifetime, level: level ?? null, ledger };
  }

  /**
   * Spends points oldest lot first: members of the organisation, or operators with `points:write`. A short balance
   * is `insufficient_points` and writes nothing.
   */
  async spend(p: Principal, organizationId: string, input: SpendPoints): Promise<PointsBalance> {
    return inTransaction(this.deps, async (trx) => {
      await loadVisibleOrganization(trx, p, organizationId);
      requireOwnOrPermission(p, organizationId, 'points:write');
      await this.lockAccount(trx, organizationId);
      const at = nowIso(this.deps.clock);
      await spendPoints(trx, { organizationId, points: input.points, at, note: input.note ?? null });
      return this.balanceOf(trx, organizationId, at);
    });
  }

  /** Grants points by hand (`points:write`), never expiring unless `expiresAt` (in the future) is given. */
  async grant(p: Principal, organizationId: string, input: GrantPoints): Promise<PointsBalance> {
    return inTransaction(this.deps, async (trx) => {
      await loadVisibleOrganization(trx, p, organizationId);
      requirePermission(p, 'points:write');
      const at = nowIso(this.deps.clock);
      if (input.expiresAt !== undefined && input.expiresAt <= at) {
        throw new MarketplaceError('validation_failed', 'expiresAt must be in the future', { path: ['expiresAt'] });
      }
      await this.lockAccount(trx, organizationId);
      await grantPoints(trx, {
        organizationId,
        points: input.points,
        at,
        expiresAt: input.expiresAt,
        note: input.note,
      });
      return this.balanceOf(trx, organizationId, at);
    });
  }

  /**
   * Lapses every lot past its expiry at the service clock's now (a platform-wide job, so it is not limited to the
   * caller's scope). Needs `points:write`.
   */
  async expire(p: Principal): Promise<{ lots: number; points: number }> {
    requirePermission(p, 'points:write');
    return inTransaction(this.deps, (trx) => expirePoints(trx, nowIso(this.deps.clock)));
  }

  /** Serialises points writes of one organisation where the engine has row locks (SQLite has a single writer). */
  private async lockAccount(trx: Transaction<Database>, organizationId: string): Promise<void> {
    if (!this.deps.store.capabilities.rowLocks) return;
    await trx.selectFrom('organizations').select('id').where('id', '=', organizationId).forUpdate().execute();
  }

  private async balanceOf(db: Executor, organizationId: string, at: string): Promise<PointsBalance> {
    const [balance, lifetime, org] = await Promise.all([
      pointsBalance(db, organizationId, at),
      lifetimePoints(db, organizationId),
      db.selectFrom('organizations').select('memberLevelId').where('id', '=', organizationId).executeTakeFirstOrThrow(),
    ]);
    return { organizationId, balance, lifetime, memberLevelId: org.memberLevelId };
  }
}

async function assertLevelFree(db: Executor, level: { code?: string; rank?: number }, selfId: string | null) {
  for (const key of ['code', 'rank'] as const) {
    const value = level[key];
    if (value === undefined) continue;
    let q = db.selectFrom('memberLevels').select('id').where(key, '=', value);
    if (selfId) q = q.where('id', '!=', selfId);
    if (await q.executeTakeFirst()) {
      throw new MarketplaceError('duplicate', `a member level with ${key} ${value} exists`, {
        path: [key],
        details: { [key]: value },
      });
    }
  }
}
