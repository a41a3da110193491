import type { Database } from '@tradeloop/storage';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import {
  orgColumnInScope,
  orgInScope,
  type Permission,
  type Principal,
  requirePermission,
  restrictingScope,
} from '../access.js';
import type { Executor } from '../context.js';
import { MarketplaceError } from '../errors.js';

/**
 * Supplier-owned records (products, bundles, supplier coupons): who may see and write them. Shared by the catalog
 * and the marketing modules (promotions, bundles, coupons), which all attribute their data to the supplier org.
 */

/** Whether the principal is a member of a supplier organisation (kind supplier or both). */
export const isSupplierMember = (p: Principal): p is Extract<Principal, { kind: 'member' }> =>
  p.kind === 'member' && (p.organizationKind === 'supplier' || p.organizationKind === 'both');

/**
 * The supplier a new record is written for, after authorisation:
 * - a supplier member writes for their own organisation (a different `supplierId` is `forbidden`);
 * - a buyer member may not write at all;
 * - platform-side needs `permission`, and the supplier must exist, be of kind supplier|both and lie in the
 *   operator's scope, else `invalid_reference` at `path` (an out-of-scope supplier is not revealed).
 */
export async function resolveSupplierForWrite(
  db: Executor,
  p: Principal,
  requested: string | null | undefined,
  permission: Permission,
  path: (string | number)[] = ['supplierId'],
): Promise<string> {
  if (p.kind === 'member') {
    if (!isSupplierMember(p)) throw new MarketplaceError('forbidden', 'only supplier organisations may do this');
    if (requested && requested !== p.organizationId) {
      throw new MarketplaceError('forbidden', 'members may act only for their own organisation', { path });
    }
    return p.organizationId;
  }
  requirePermission(p, permission);
  if (!requested) throw new MarketplaceError('validation_failed', 'supplierId is required', { path });
  await assertSupplierUsable(db, p, requested, path);
  return requested;
}

/** Throws `invalid_reference` unless the organisation exists, is a supplier and is visible to the principal. */
export async function assertSupplierUsable(
  db: Executor,
  p: Principal,
  supplierId: string,
  path: (string | number)[],
): Promise<void> {
  const org = await db
    .selectFrom('organizations')
    .select(['id', 'kind', 'region', 'businessLine'])
    .where('id', '=', supplierId)
    .executeTakeFirst();
  const scope = restrictingScope(p);
  if (!org || (scope && !orgInScope(scope, org))) {
    throw new MarketplaceError('invalid_reference', `no supplier ${supplierId}`, { path });
  }
  if (org.kind !== 'supplier' && org.kind !== 'both') {
    throw new MarketplaceError('invalid_reference', `organisation ${supplierId} is not a supplier`, { path });
  }
}

/**
 * Whether a supplier-owned record is visible: admin/system all, operators by the supplier's scope, members their own
 * organisation's records (and, when `publicWhenActive`, everyone's active ones).
 */
export function supplierRecordVisible<TB extends 'products' | 'bundles'>(
  p: Principal,
  table: TB,
  publicWhenActive: boolean,
): ((eb: ExpressionBuilder<Database, TB>) => Expression<SqlBool>) | undefined {
  if (p.kind === 'member') {
    return (eb) => {
      const e = eb as unknown as ExpressionBuilder<Database, 'products'>;
      const own = e(`${table as 'products'}.supplierId`, '=', p.organizationId);
      return (publicWhenActive ? e.or([own, e(`${table as 'products'}.status`, '=', 'active')]) : own) as never;
    };
  }
  const scope = restrictingScope(p);
  if (!scope) return undefined;
  return (eb) => {
    const e = eb as unknown as ExpressionBuilder<Database, 'products'>;
    return orgColumnInScope(e, `${table as 'products'}.supplierId`, scope) as never;
  };
}

/**
 * Whether one supplier-owned record may be written by the principal: members only their own organisation's,
 * platform-side with `permission` (visibility, i.e. scope, is checked by the caller first → 404).
 */
export function requireSupplierWrite(p: Principal, supplierId: string, permission: Permission): void {
  if (p.kind === 'member') {
    if (p.organizationId !== supplierId) {
      throw new MarketplaceError('forbidden', "members may not change another organisation's records");
    }
    return;
  }
  requirePermission(p, permission);
}
