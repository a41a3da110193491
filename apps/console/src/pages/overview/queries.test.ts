import { describe, expect, it } from 'vitest';
import type { TrendsResult } from '../../api/types';
import { gmvPerDay, kpiQuery, kpisOf, registrationsByChannel } from './queries';

const result: TrendsResult = {
  kind: 'TrendsQuery',
  periods: ['2026-11-01', '2026-11-02'],
  lines: [
    { name: 'A: order_paid sum(total)', series: 0, breakdownValue: null, data: [150_00, null], total: 150_00 },
    { name: 'B: order_paid count', series: 1, breakdownValue: null, data: [3, 0], total: 3 },
    { name: 'C: order_paid unique_organizations', series: 2, breakdownValue: null, data: [2, 0], total: 2 },
    { name: 'ARPU', series: null, breakdownValue: null, data: [75_00, null], total: 75_00 },
  ],
};

describe('overview queries', () => {
  it('asks for GMV, orders, paying organisations and ARPU = A / C in the display time zone', () => {
    const q = kpiQuery({ from: '2026-11-01', to: '2026-11-30' });
    expect(q.series[0]).toMatchObject({ event: 'order_paid', math: 'sum', property: 'total' });
    expect(q.series[2]).toMatchObject({ event: 'order_paid', math: 'unique_organizations' });
    expect(q.formulas).toEqual([{ name: 'ARPU', expression: 'A / C' }]);
    expect(q.timezone).toBe('Asia/Shanghai');
  });

  it('reads the totals and the daily GMV', () => {
    expect(kpisOf(result)).toEqual({ gmv: 150_00, orders: 3, payingOrgs: 2, arpu: 75_00 });
    expect(gmvPerDay(result)).toEqual([
      ['2026-11-01', 150_00],
      ['2026-11-02', 0],
    ]);
  });

  it('has no figures for an empty answer rather than zeros that look measured', () => {
    expect(kpisOf({ kind: 'TrendsQuery', periods: [], lines: [] })).toEqual({
      gmv: null,
      orders: null,
      payingOrgs: null,
      arpu: null,
    });
  });

  it('sums registrations per channel, largest first, with no channel under one label', () => {
    const lines = [
      ['referral', 3],
      ['(none)', 9],
      ['baidu', 1],
      [null, 2],
      ['wechat', 0],
    ] as const;
    const answer: TrendsResult = {
      kind: 'TrendsQuery',
      periods: ['2026-11-01'],
      lines: lines.map(([v, n]) => ({ name: 'A', series: 0, breakdownValue: v, data: [n], total: n })),
    };
    expect(registrationsByChannel(answer, 'direct')).toEqual([
      { channel: 'direct', count: 11 },
      { channel: 'referral', count: 3 },
      { channel: 'baidu', count: 1 },
    ]);
  });
});
