import { describe, expect, it } from 'vitest';
import type { Principal } from '../access.js';
import { canEdit, canonicalScope, canSeeBoard, sameScope } from './rules.js';

const op = (operatorId: string, regions: '*' | string[], role: 'analyst' | 'admin' = 'analyst'): Principal => ({
  kind: 'operator',
  operatorId,
  role,
  scope: { regions, businessLines: '*' },
});

describe('board visibility rules', () => {
  it('compares scopes regardless of order and duplicates, and tells * from a list', () => {
    expect(canonicalScope({ regions: ['north', 'east', 'east'], businessLines: '*' })).toEqual({
      regions: ['east', 'north'],
      businessLines: '*',
    });
    expect(
      sameScope({ regions: ['north', 'east'], businessLines: '*' }, { regions: ['east', 'north'], businessLines: '*' }),
    ).toBe(true);
    expect(sameScope({ regions: '*', businessLines: '*' }, { regions: ['east'], businessLines: '*' })).toBe(false);
    expect(sameScope({ regions: ['east'], businessLines: ['steel'] }, { regions: ['east'], businessLines: '*' })).toBe(
      false,
    );
  });

  it('shows a shared board to the same scope only, a private one to its owner and admins', () => {
    const owner = op('opr_a', ['east']);
    const shared = { ownerOperatorId: 'opr_a', visibility: 'shared' };
    const privateBoard = { ownerOperatorId: 'opr_a', visibility: 'private' };
    const ownerScope = { regions: ['east'], businessLines: '*' as const };
    expect(canSeeBoard(op('opr_b', ['east']), shared, ownerScope)).toBe(true);
    expect(canSeeBoard(op('opr_c', ['north']), shared, ownerScope)).toBe(false);
    expect(canSeeBoard(op('opr_b', ['east']), privateBoard, ownerScope)).toBe(false);
    expect(canSeeBoard(owner, privateBoard, ownerScope)).toBe(true);
    expect(canSeeBoard(op('opr_d', ['north'], 'admin'), privateBoard, ownerScope)).toBe(true);
    expect(canSeeBoard({ kind: 'admin' }, privateBoard, ownerScope)).toBe(true);
    // A board of the admin token (no owner scope) is shared with operators who also see everything.
    const adminBoard = { ownerOperatorId: null, visibility: 'shared' };
    expect(canSeeBoard(op('opr_e', '*'), adminBoard, null)).toBe(true);
    expect(canSeeBoard(op('opr_f', ['east']), adminBoard, null)).toBe(false);
  });

  it('lets only the owner or an admin edit', () => {
    expect(canEdit(op('opr_a', ['east']), { ownerOperatorId: 'opr_a' })).toBe(true);
    expect(canEdit(op('opr_b', ['east']), { ownerOperatorId: 'opr_a' })).toBe(false);
    expect(canEdit(op('opr_b', ['east'], 'admin'), { ownerOperatorId: 'opr_a' })).toBe(true);
    expect(canEdit({ kind: 'admin' }, { ownerOperatorId: 'opr_a' })).toBe(true);
  });
});
