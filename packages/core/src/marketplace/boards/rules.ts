import { type DataScope, type Principal, restrictingScope } from '../access.js';
import { MarketplaceError } from '../errors.js';

/**
 * Who may see and change saved queries and boards. They belong to the operator who made them (null: the admin
 * token). An operator sees their own, plus boards shared by operators whose data scope is the same as theirs;
 * admins (the admin token, internal jobs, operators with the admin role) see and change all of them.
 */

const ALL: DataScope = { regions: '*', businessLines: '*' };

/** Boards are an operator console feature: members (buyer/supplier contacts) have none. */
export function requireOperatorSide(p: Principal): asserts p is Exclude<Principal, { kind: 'member' }> {
  if (p.kind === 'member') throw new MarketplaceError('forbidden', 'saved queries and boards are for operators');
}

export function isBoardAdmin(p: Principal): boolean {
  return p.kind === 'admin' || p.kind === 'system' || (p.kind === 'operator' && p.role === 'admin');
}

/** The owner id rows made by this principal carry. */
export function ownerIdOf(p: Principal): string | null {
  return p.kind === 'operator' ? p.operatorId : null;
}

/** The principal's data scope (everything for the admin token and jobs). */
export function scopeOf(p: Principal): DataScope {
  return restrictingScope(p) ?? ALL;
}

/**
 * A scope in one spelling: lists sorted and de-duplicated, so ["east","north"] equals ["north","east"]. A list that
 * names nothing stays an empty list (it is not '*').
 */
export function canonicalScope(scope: DataScope): DataScope {
  const norm = (v: '*' | string[]): '*' | string[] => (v === '*' ? '*' : [...new Set(v)].sort());
  return { regions: norm(scope.regions), businessLines: norm(scope.businessLines) };
}

/** Same regions and same business lines: the condition for seeing someone else's shared board. */
export function sameScope(a: DataScope, b: DataScope): boolean {
  return JSON.stringify(canonicalScope(a)) === JSON.stringify(canonicalScope(b));
}

export type Owned = { ownerOperatorId: string | null };

export function isMine(p: Principal, row: Owned): boolean {
  return row.ownerOperatorId === ownerIdOf(p);
}

export function canEdit(p: Principal, row: Owned): boolean {
  return isBoardAdmin(p) || isMine(p, row);
}

/**
 * Whether the principal may see a board: their own, any for admins, or a shared board whose owner's scope (null
 * owner: the admin token, which sees everything) equals theirs.
 */
export function canSeeBoard(
  p: Principal,
  board: Owned & { visibility: string },
  ownerScope: DataScope | null,
): boolean {
  if (isBoardAdmin(p) || isMine(p, board)) return true;
  return board.visibility === 'shared' && sameScope(ownerScope ?? ALL, scopeOf(p));
}
