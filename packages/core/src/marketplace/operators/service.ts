import type { CreateOperator, Operator, OperatorListQuery, Page, UpdateOperator } from '@tradeloop/schema';
import type { Database, OperatorsTable } from '@tradeloop/storage';
import type { Expression, ExpressionBuilder, Selectable, SqlBool } from 'kysely';
import { newId } from '../../ids.js';
import { type DataScope, type Principal, requirePermission } from '../access.js';
import { type Executor, inTransaction, type MarketplaceDeps, nowIso, parseJson } from '../context.js';
import { MarketplaceError, notFound } from '../errors.js';
import { insertOrDuplicate } from '../organizations/repository.js';
import { listPage } from '../paging.js';

/** An operators row as the API shows it (scope parsed from its JSON columns). */
export const toOperator = (row: Selectable<OperatorsTable>): Operator => ({
  id: row.id,
  name: row.name,
  email: row.email,
  role: row.role as Operator['role'],
  scope: {
    regions: parseJson<DataScope['regions']>(row.regions),
    businessLines: parseJson<DataScope['businessLines']>(row.businessLines),
  },
  status: row.status as Operator['status'],
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/**
 * Platform operators: people who run the marketplace, each with a role (what they may write) and a data scope
 * (which organisations they see). Managing them needs `operator:manage`; an operator may read their own record.
 * A scoped manager can grant only scopes inside their own, so no one hands out more than they hold.
 */
export class OperatorsService {
  constructor(private readonly deps: MarketplaceDeps) {}

  /** Creates an operator. Emails are unique (`duplicate` on ['email']). */
  async create(p: Principal, input: CreateOperator): Promise<Operator> {
    requirePermission(p, 'operator:manage');
    requireGrantableScope(p, input.scope);
    const at = nowIso(this.deps.clock);
    return inTransaction(this.deps, async (trx) => {
      await assertEmailFree(trx, input.email);
      const row = {
        id: newId('opr'),
        name: input.name,
        email: input.email,
        role: input.role,
        regions: JSON.stringify(input.scope.regions),
        businessLines: JSON.stringify(input.scope.businessLines),
        status: input.status,
        createdAt: at,
        updatedAt: at,
      };
      await insertOrDuplicate(() => trx.insertInto('operators').values(row).execute(), ['email']);
      return toOperator(row);
    });
  }

  /** One operator: managers see all, an operator sees themselves. */
  async get(p: Principal, id: string): Promise<Operator> {
    if (!(p.kind === 'operator' && p.operatorId === id)) requirePermission(p, 'operator:manage');
    const row = await this.deps.store.db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('operator', id);
    return toOperator(row);
  }

  /** Operators, oldest first, optionally by role and status. Needs `operator:manage`. */
  async list(p: Principal, query: OperatorListQuery): Promise<Page<Operator>> {
    requirePermission(p, 'operator:manage');
    const { db } = this.deps.store;
    const filter = (eb: ExpressionBuilder<Database, 'operators'>) => {
      const conds: Expression<SqlBool>[] = [];
      if (query.role) conds.push(eb('role', '=', query.role));
      if (query.status) conds.push(eb('status', '=', query.status));
      return eb.and(conds);
    };
    return listPage(
      db,
      db.selectFrom('operators').where(filter),
      query,
      (q) => q.selectAll().orderBy('createdAt').orderBy('id'),
      toOperator,
    );
  }

  /**
   * Changes the given fields. Disabling an operator makes their tokens stop authenticating at once. An operator
   * cannot disable themselves or change their own role or scope (so a manager cannot lock the platform out).
   */
  async update(p: Principal, id: string, patch: UpdateOperator): Promise<Operator> {
    requirePermission(p, 'operator:manage');
    if (patch.scope) requireGrantableScope(p, patch.scope);
    if (p.kind === 'operator' && p.operatorId === id) {
      for (const key of ['role', 'scope', 'status'] as const) {
        if (patch[key] !== undefined) {
          throw new MarketplaceError('forbidden', `operators may not change their own ${key}`, { path: [key] });
        }
      }
    }
    const updated = await inTransaction(this.deps, async (trx) => {
      const current = await trx.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
      if (!current) throw notFound('operator', id);
      const next = { ...current, updatedAt: nowIso(this.deps.clock) };
      if (patch.name !== undefined) next.name = patch.name;
      if (patch.role !== undefined) next.role = patch.role;
      if (patch.status !== undefined) next.status = patch.status;
      if (patch.scope !== undefined) {
        next.regions = JSON.stringify(patch.scope.regions);
        next.businessLines = JSON.stringify(patch.scope.businessLines);
      }
      if (patch.email !== undefined && patch.email !== current.email) {
        await assertEmailFree(trx, patch.email);
        next.email = patch.email;
      }
      const { id: _id, createdAt: _c, ...values } = next;
      await insertOrDuplicate(() => trx.updateTable('operators').set(values).where('id', '=', id).execute(), ['email']);
      return toOperator(next);
    });
    this.deps.principalsChanged?.();
    return updated;
  }
}

async function assertEmailFree(db: Executor, email: string): Promise<void> {
  const taken = await db.selectFrom('operators').select('id').where('email', '=', email).executeTakeFirst();
  if (taken) {
    throw new MarketplaceError('duplicate', `an operator with email ${email} exists`, {
      path: ['email'],
      details: { email },
    });
  }
}

/** A scoped operator may grant only what lies inside their own scope. */
function requireGrantableScope(p: Principal, scope: DataScope): void {
  if (p.kind !== 'operator') return;
  for (const dim of ['regions', 'businessLines'] as const) {
    const own = p.scope[dim];
    if (own === '*') continue;
    const wanted = scope[dim];
    if (wanted === '*' || wanted.some((v) => !own.includes(v))) {
      throw new MarketplaceError('forbidden', `cannot grant ${dim} outside your own scope`, { path: ['scope', dim] });
    }
  }
}
