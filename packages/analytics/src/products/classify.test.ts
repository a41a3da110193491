import { describe, expect, it } from 'vitest';
import { classifyRole, type RoleInput, roleThresholds } from './classify.js';

const row = (views: number, orders: number, cvr: number | null): RoleInput => ({
  views,
  orders,
  cvr,
  gmv: orders * 100,
  marginRate: null,
  promotedGmv: 0,
});

describe('product roles', () => {
  it('takes the CVR median over products that sold, so a much-viewed product that converts poorly is traffic', () => {
    // Most viewed products never sell (CVR 0): a median over all of them would be 0 and nothing could be below it.
    const rows = [row(50, 1, 0.02), row(10, 3, 0.3), row(12, 2, 0.2), row(8, 0, 0), row(9, 0, 0), row(7, 0, 0)];
    const t = roleThresholds(rows);
    expect(t.cvr).toBe(0.2);
    expect(classifyRole(rows[0] as RoleInput, t)).toMatchObject({ role: 'traffic' });
    expect(classifyRole(rows[1] as RoleInput, t)).toMatchObject({ role: 'volume' });
  });

  it('has no CVR threshold when nothing sold', () => {
    expect(roleThresholds([row(5, 0, 0), row(3, 0, null)]).cvr).toBeNull();
  });
});
