import { describe, expect, it } from 'vitest';
import {
  categoryNames,
  paramsFromState,
  productsQuery,
  type RuleFormat,
  roleFilter,
  roleRuleMessage,
  roleSummaryMessage,
  setColumnFilter,
  sparkPoints,
  stageFilter,
  stageRuleMessage,
  stateFromParams,
} from './products-state';

const TODAY = '2026-11-30';
const f: RuleFormat = { money: (v) => `¥${v / 100}`, percent: (v) => `${Math.round(v * 1000) / 10}%` };

describe('product performance state in the URL', () => {
  it('defaults to products by GMV, top 200, weekly, and round-trips a changed state', () => {
    const s = stateFromParams(new URLSearchParams(), TODAY);
    expect(productsQuery(s)).toEqual({
      kind: 'ProductPerformanceQuery',
      groupBy: 'product',
      interval: 'week',
      sortBy: 'gmv',
      limit: 200,
      dateRange: { from: '2026-09-02', to: TODAY },
    });
    const changed = {
      ...s,
      groupBy: 'category' as const,
      interval: 'month' as const,
      rankBy: 'views' as const,
      limit: 500,
    };
    const params = paramsFromState(new URLSearchParams('sort=-gmv'), changed, TODAY);
    expect(params.get('sort')).toBe('-gmv');
    expect(stateFromParams(params, TODAY)).toEqual(changed);
    expect(stateFromParams(new URLSearchParams('limit=7&rank=bogus'), TODAY)).toMatchObject({
      limit: 200,
      rankBy: 'gmv',
    });
  });

  it('keeps the role and stage filters in the table’s filter parameters, back to the first page', () => {
    let p = setColumnFilter(new URLSearchParams('page=3&sort=views'), 'role', 'traffic');
    p = setColumnFilter(p, 'stage', 'growth');
    expect(p.toString()).toBe('sort=views&f.role=traffic&f.stage=growth');
    expect([roleFilter(p), stageFilter(p)]).toEqual(['traffic', 'growth']);
    expect(roleFilter(setColumnFilter(p, 'role', null))).toBeNull();
    expect(roleFilter(new URLSearchParams('f.role=traffic|profit'))).toBeNull();
  });
});

describe('the rules in the operator’s language', () => {
  it('reads every role fact the server writes', () => {
    expect(roleRuleMessage('60% of GMV under promotions ≥ 50%', f)).toEqual({
      key: 'productPerf.roleRule.promotion',
      values: { share: '60%', min: '50%' },
    });
    expect(roleRuleMessage('margin rate 0.6 ≥ median 0.55', f)).toEqual({
      key: 'productPerf.roleRule.profit',
      values: { rate: '60%', median: '55%' },
    });
    expect(roleRuleMessage('views 12 ≥ median 3.5, no orders', f)).toEqual({
      key: 'productPerf.roleRule.trafficNoOrders',
      values: { views: '12', median: '3.5' },
    });
    expect(roleRuleMessage('views 12 ≥ median 3 and CVR 0.1 < median 0.25', f)).toEqual({
      key: 'productPerf.roleRule.trafficLowCvr',
      values: { views: '12', median: '3', cvr: '10%', cvrMedian: '25%' },
    });
    expect(roleRuleMessage('no promotion, profit or traffic rule matched: sells on volume', f)?.key).toBe(
      'productPerf.roleRule.volume',
    );
    expect(roleRuleMessage('something new', f)).toBeNull();
  });

  it('reads every stage fact the server writes', () => {
    expect(stageRuleMessage('no sales in the range yet', f)?.key).toBe('productPerf.stageRule.noSales');
    expect(stageRuleMessage('one period: no trend to read', f)?.key).toBe('productPerf.stageRule.onePeriod');
    expect(stageRuleMessage('first sale in period 9 of 14 (second half)', f)).toEqual({
      key: 'productPerf.stageRule.introduction',
      values: { period: '9', periods: '14' },
    });
    expect(stageRuleMessage('GMV second half 293419598 vs first half 201578945 (+45.6%) ≥ +20%', f)).toEqual({
      key: 'productPerf.stageRule.growth',
      values: { second: '¥2934195.98', first: '¥2015789.45', change: '+45.6%' },
    });
    expect(stageRuleMessage('GMV second half 0 vs first half 50 (-100%) ≤ −20%', f)).toEqual({
      key: 'productPerf.stageRule.decline',
      values: { second: '¥0', first: '¥0.5', change: '-100%' },
    });
    expect(stageRuleMessage('GMV second half 100 vs first half 100 (+0%), within ±20%', f)?.key).toBe(
      'productPerf.stageRule.maturity',
    );
    expect(stageRuleMessage('GMV second half 1 vs first half 1 (+0%) somehow', f)).toBeNull();
  });

  it('reads the role rule of the answer with its medians, "—" where one is missing', () => {
    const rule =
      'first match: promotion if ≥ 50% of GMV sold under promotions; profit if margin rate ≥ — (no known costs) ' +
      '(median); traffic if views ≥ 3 (median) and no orders or CVR < 0.25 (median); otherwise volume';
    expect(roleSummaryMessage(rule, f)).toEqual({
      key: 'productPerf.rules.role',
      values: { promo: '50%', margin: '—', views: '3', cvr: '25%' },
    });
  });
});

describe('helpers', () => {
  it('names categories by their path', () => {
    const names = categoryNames([
      { id: 'a', name: '钢铁', children: [{ id: 'b', name: '板材', children: [] }] },
      { id: 'c', name: '化工' },
    ]);
    expect([...names]).toEqual([
      ['a', '钢铁'],
      ['b', '钢铁 / 板材'],
      ['c', '化工'],
    ]);
  });

  it('draws the trend inside its box, the largest value at the top', () => {
    expect(sparkPoints([0, 50, 100], 96, 24)).toBe('0,23 48,12 96,1');
    expect(sparkPoints([0, 0], 10, 10)).toBe('0,9 10,9');
    expect(sparkPoints([], 10, 10)).toBe('');
  });
});
