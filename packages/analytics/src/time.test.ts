import { describe, expect, it } from 'vitest';
import { periodLabel, periodLabels, resolveDateRange, zonedTimeToUtcMs } from './time.js';

describe('calendar in a time zone', () => {
  it('turns wall-clock times into instants, across DST changes too', () => {
    expect(new Date(zonedTimeToUtcMs(2026, 1, 1, 0, 0, 'Asia/Shanghai')).toISOString()).toBe(
      '2025-12-31T16:00:00.000Z',
    );
    expect(new Date(zonedTimeToUtcMs(2026, 7, 1, 0, 0, 'America/New_York')).toISOString()).toBe(
      '2026-07-01T04:00:00.000Z',
    );
    expect(new Date(zonedTimeToUtcMs(2026, 1, 1, 0, 0, 'America/New_York')).toISOString()).toBe(
      '2026-01-01T05:00:00.000Z',
    );
    // Day overflow rolls into the next month.
    expect(zonedTimeToUtcMs(2026, 1, 32, 0, 0, 'UTC')).toBe(Date.parse('2026-02-01T00:00:00Z'));
  });

  it('resolves a date range to whole days in the zone, both ends included', () => {
    const r = resolveDateRange({ from: '2026-11-01', to: '2026-11-30' }, 'Asia/Shanghai');
    expect(new Date(r.fromMs).toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(new Date(r.toMs).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    const i = resolveDateRange({ from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' }, 'Asia/Shanghai');
    expect(i.toMs - i.fromMs).toBe(86_400_000);
    expect(() => resolveDateRange({ from: '2026-11-02', to: '2026-11-01' }, 'UTC')).toThrow(/after/);
  });

  it('labels periods: Monday weeks, first-of-month, hours; lists every period of a range', () => {
    const sunday = Date.parse('2026-01-04T12:00:00Z');
    expect(periodLabel(sunday, 'week', 'UTC')).toBe('2025-12-29');
    expect(periodLabel(sunday, 'week', 'Pacific/Kiritimati')).toBe('2026-01-05'); // already Monday there
    expect(periodLabel(sunday, 'month', 'UTC')).toBe('2026-01-01');
    expect(periodLabel(sunday, 'hour', 'Asia/Shanghai')).toBe('2026-01-04 20:00');
    const r = resolveDateRange({ from: '2026-01-30', to: '2026-03-02' }, 'Asia/Shanghai');
    expect(periodLabels(r.fromMs, r.toMs, 'month', 'Asia/Shanghai')).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
    ]);
    expect(periodLabels(r.fromMs, r.toMs, 'week', 'Asia/Shanghai')[0]).toBe('2026-01-26');
    expect(periodLabels(r.fromMs, r.toMs, 'day', 'Asia/Shanghai')).toHaveLength(32);
    expect(() => periodLabels(0, Date.parse('2026-01-01'), 'hour', 'UTC')).toThrow(/periods/);
  });
});
