import type { Database } from '@tradeloop/storage';
import type { ExpressionBuilder, ReferenceExpression } from 'kysely';
import { MarketplaceError } from './errors.js';

/** Which organisations' data an operator may see: '*' or a list, per dimension. */
export type DataScope = { regions: '*' | string[]; businessLines: '*' | string[] };

export const OPERATOR_ROLES = [
  'admin',
  'operations',
  'supplier_manager',
  'sales',
  'customer_service',
  'analyst',
] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export type OrganizationKind = 'buyer' | 'supplier' | 'both';

/** Who is calling. Every service method takes one and decides what it may see and do. */
export type Principal =
  | { kind: 'admin' }
  | { kind: 'operator'; operatorId: string; role: OperatorRole; scope: DataScope }
  | { kind: 'member'; contactId: string; organizationId: string; organizationKind: OrganizationKind }
  /** Internal jobs (points expiry, demo loading). */
  | { kind: 'system' };

/** Write permissions of operators. Every operator may read within their data scope. */
export type Permission =
  | 'org:write'
  | 'org:certify'
  | 'catalog:write'
  | 'rfq:write'
  | 'order:write'
  | 'review:write'
  | 'marketing:write'
  | 'points:write'
  | 'operator:manage';

const ROLE_PERMISSIONS: Record<OperatorRole, readonly Permission[]> = {
  admin: [
    'org:write',
    'org:certify',
    'catalog:write',
    'rfq:write',
    'order:write',
    'review:write',
    'marketing:write',
    'points:write',
    'operator:manage',
  ],
  operations: [
    'org:write',
    'catalog:write',
    'rfq:write',
    'order:write',
    'review:write',
    'marketing:write',
    'points:write',
  ],
  supplier_manager: ['org:write', 'org:certify', 'catalog:write'],
  sales: ['org:write', 'rfq:write', 'order:write'],
  customer_service: ['order:write', 'review:write', 'points:write'],
  analyst: [],
};

export function rolePermissions(role: OperatorRole): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

/** True for the platform side: admin token, operators, internal jobs. */
export function isPlatform(p: Principal): p is Exclude<Principal, { kind: 'member' }> {
  return p.kind !== 'member';
}

/** Throws `forbidden` unless the principal is platform-side and holds the permission (admin/system hold all). */
export function requirePermission(p: Principal, permission: Permission): void {
  if (p.kind === 'admin' || p.kind === 'system') return;
  if (p.kind === 'operator' && ROLE_PERMISSIONS[p.role].includes(permission)) return;
  throw new MarketplaceError('forbidden', `${describePrincipal(p)} may not ${permission.replace(':', ' ')}`, {
    details: { permission },
  });
}

/** Throws `forbidden` unless the principal is a member of `organizationId` or platform-side with the permission. */
export function requireOwnOrPermission(p: Principal, organizationId: string, permission: Permission): void {
  if (p.kind === 'member') {
    if (p.organizationId === organizationId) return;
    throw new MarketplaceError('forbidden', 'members may act only on their own organisation');
  }
  requirePermission(p, permission);
}

export function describePrincipal(p: Principal): string {
  switch (p.kind) {
    case 'admin':
      return 'the admin token';
    case 'system':
      return 'the system';
    case 'operator':
      return `operator ${p.operatorId} (${p.role})`;
    case 'member':
      return `member ${p.contactId} of ${p.organizationId}`;
  }
}

/** Actor columns for audit rows (order transitions, certification). */
export function actorOf(p: Principal): { actorKind: string; actorId: string | null } {
  switch (p.kind) {
    case 'admin':
      return { actorKind: 'admin', actorId: null };
    case 'system':
      return { actorKind: 'system', actorId: null };
    case 'operator':
      return { actorKind: 'operator', actorId: p.operatorId };
    case 'member':
      return { actorKind: 'member', actorId: p.contactId };
  }
}

/** The operator's scope when it restricts anything; undefined when the principal sees every organisation. */
export function restrictingScope(p: Principal): DataScope | undefined {
  if (p.kind !== 'operator') return undefined;
  const { regions, businessLines } = p.scope;
  return regions === '*' && businessLines === '*' ? undefined : p.scope;
}

/** Whether an organisation with this region and business line lies in the operator's scope. */
export function orgInScope(scope: DataScope, org: { region: string; businessLine: string }): boolean {
  return (
    (scope.regions === '*' || scope.regions.includes(org.region)) &&
    (scope.businessLines === '*' || scope.businessLines.includes(org.businessLine))
  );
}

/**
 * A where-expression limiting rows to those whose organisation column (e.g. 'orders.buyerId') points at an
 * organisation inside the scope. Used by every list and read of operator-visible data.
 *
 * @example qb.where((eb) => orgColumnInScope(eb, 'products.supplierId', scope))
 */
export function orgColumnInScope<DB extends Database, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  column: ReferenceExpression<DB, TB>,
  scope: DataScope,
) {
  // A subquery rather than a join keeps callers' selects untouched; both engines turn it into a semi-join.
  const ebAny = eb as unknown as ExpressionBuilder<Database, 'organizations'>;
  let orgs = ebAny.selectFrom('organizations').select('organizations.id');
  if (scope.regions !== '*') orgs = orgs.where('organizations.region', 'in', nonEmpty(scope.regions));
  if (scope.businessLines !== '*') orgs = orgs.where('organizations.businessLine', 'in', nonEmpty(scope.businessLines));
  return eb(column, 'in', orgs as never);
}

// `IN ()` is a syntax error; an empty list scopes to nothing, which '' (no organisation has it) expresses.
const nonEmpty = (values: string[]): string[] => (values.length ? values : ['']);
