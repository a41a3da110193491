import { describe, expect, it } from 'vitest';
import { formatCount, formatMoney } from './money';
import { compare, formatChange, isDay, lastDays, previousPeriod, rangeFromParams, rangeLength } from './period';

describe('periods', () => {
  it('last 30 days end today, both ends included', () => {
    expect(lastDays('2026-11-30', 30)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(rangeLength({ from: '2026-11-01', to: '2026-11-30' })).toBe(30);
  });

  it('the previous period has the same length and ends the day before', () => {
    expect(previousPeriod({ from: '2026-11-01', to: '2026-11-30' })).toEqual({ from: '2026-10-02', to: '2026-10-31' });
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-01' })).toEqual({ from: '2026-02-28', to: '2026-02-28' });
    // Across a leap day and a year end.
    expect(previousPeriod({ from: '2028-03-01', to: '2028-03-07' })).toEqual({ from: '2028-02-23', to: '2028-02-29' });
    expect(previousPeriod({ from: '2027-01-01', to: '2027-01-10' })).toEqual({ from: '2026-12-22', to: '2026-12-31' });
  });

  it('reads the range from the URL, refusing malformed or reversed ranges', () => {
    const fallback = { from: '2026-11-01', to: '2026-11-30' };
    expect(rangeFromParams(new URLSearchParams('from=2026-01-01&to=2026-01-31'), fallback)).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(rangeFromParams(new URLSearchParams('from=2026-02-30&to=2026-03-01'), fallback)).toBe(fallback);
    expect(rangeFromParams(new URLSearchParams('from=2026-03-01&to=2026-01-01'), fallback)).toBe(fallback);
    expect(rangeFromParams(new URLSearchParams(''), fallback)).toBe(fallback);
    expect(isDay('2026-13-01')).toBe(false);
  });
});

describe('period comparison', () => {
  it('gives the relative change and its direction', () => {
    expect(compare(120, 100)).toEqual({ ratio: 0.2, direction: 'up' });
    expect(compare(75, 100)).toEqual({ ratio: -0.25, direction: 'down' });
    expect(compare(100, 100)).toEqual({ ratio: 0, direction: 'flat' });
  });

  it('has no ratio when the previous period is zero or missing', () => {
    expect(compare(10, 0)).toEqual({ ratio: null, direction: 'none' });
    expect(compare(10, null)).toEqual({ ratio: null, direction: 'none' });
    expect(compare(null, 10)).toEqual({ ratio: null, direction: 'none' });
  });

  it('formats the change with an arrow', () => {
    expect(formatChange(compare(1234, 1000), 'en')).toBe('↑ 23.4%');
    expect(formatChange(compare(960, 1000), 'zh-CN')).toBe('↓ 4.0%');
    expect(formatChange(compare(5, 5), 'en')).toBe('0.0%');
    expect(formatChange(compare(5, 0), 'en')).toBe('—');
  });
});

describe('money and counts', () => {
  it('formats fen as yuan with the ¥ sign in both locales', () => {
    expect(formatMoney(123456, 'zh-CN')).toBe('¥1,234.56');
    expect(formatMoney(123456, 'en')).toBe('¥1,234.56');
    expect(formatMoney(5, 'en')).toBe('¥0.05');
    expect(formatMoney(-250, 'en')).toBe('-¥2.50');
    expect(formatMoney(null, 'en')).toBe('—');
  });

  it('compacts large amounts for chart axes', () => {
    expect(formatMoney(1_250_000_00, 'en', { compact: true })).toBe('¥1.3M');
    expect(formatMoney(1_250_000_00, 'zh-CN', { compact: true })).toBe('¥125万');
  });

  it('groups counts', () => {
    expect(formatCount(12345, 'en')).toBe('12,345');
    expect(formatCount(undefined, 'en')).toBe('—');
  });
});
