import type { Organization } from '@tradeloop/schema';
import type { OrganizationsTable } from '@tradeloop/storage';
import type { Selectable } from 'kysely';
import { orgInScope, type Principal } from '../access.js';
import type { Executor } from '../context.js';
import { MarketplaceError, notFound } from '../errors.js';

export type OrganizationRow = Selectable<OrganizationsTable>;

export const toOrganization = (row: OrganizationRow): Organization => ({
  ...row,
  kind: row.kind as Organization['kind'],
  certificationStatus: row.certificationStatus as Organization['certificationStatus'],
});

/** Whether the principal may see this organisation: its own (members), inside the data scope (operators), any (admin). */
export function canSeeOrganization(p: Principal, org: { id: string; region: string; businessLine: string }): boolean {
  if (p.kind === 'member') return p.organizationId === org.id;
  if (p.kind === 'operator') return orgInScope(p.scope, org);
  return true;
}

/**
 * The organisation row if the principal may see it, else `not_found`: out-of-scope reads must not reveal that the
 * organisation exists.
 */
export async function loadVisibleOrganization(db: Executor, p: Principal, id: string): Promise<OrganizationRow> {
  const row = await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !canSeeOrganization(p, row)) throw notFound('organization', id);
  return row;
}

/**
 * Whether an error is a unique-constraint violation (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE): the
 * fallback when two writers race past the duplicate check.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Runs a write; a unique violation (a racing writer got there first) becomes `duplicate` on `path`. */
export async function insertOrDuplicate<T>(write: () => Promise<T>, path: (string | number)[]): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new MarketplaceError('duplicate', `${path.join('.')} is already taken`, { path });
    }
    throw error;
  }
}
