/** Date ranges of whole days (`YYYY-MM-DD`, both ends included, in the query time zone) and period comparison. */
export type DayRange = { from: string; to: string };

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function toUtcMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}
function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isDay(s: string | null | undefined): s is string {
  if (typeof s !== 'string' || !DAY.test(s)) return false;
  const ms = toUtcMs(s);
  return !Number.isNaN(ms) && fromUtcMs(ms) === s;
}

export function addDays(day: string, n: number): string {
  return fromUtcMs(toUtcMs(day) + n * DAY_MS);
}

/** Number of days in the range, both ends included. */
export function rangeLength(range: DayRange): number {
  return Math.round((toUtcMs(range.to) - toUtcMs(range.from)) / DAY_MS) + 1;
}

/** The `days` days ending on `today` (included): last 30 days = `lastDays('2026-11-30', 30)` → 11-01..11-30. */
export function lastDays(today: string, days: number): DayRange {
  return { from: addDays(today, -(days - 1)), to: today };
}

/** The period of the same length just before: 11-01..11-30 → 10-02..10-31. */
export function previousPeriod(range: DayRange): DayRange {
  const n = rangeLength(range);
  return { from: addDays(range.from, -n), to: addDays(range.from, -1) };
}

export type Change = { ratio: number | null; direction: 'up' | 'down' | 'flat' | 'none' };

/**
 * Relative change from the previous period: (current − previous) / previous. With nothing to compare with (no
 * previous value, or a previous value of 0) there is no ratio: showing "+∞ %" would mislead.
 */
export function compare(current: number | null | undefined, previous: number | null | undefined): Change {
  if (current === null || current === undefined || previous === null || previous === undefined || previous === 0) {
    return { ratio: null, direction: 'none' };
  }
  const ratio = (current - previous) / Math.abs(previous);
  return { ratio, direction: ratio > 0 ? 'up' : ratio < 0 ? 'down' : 'flat' };
}

/** `↑ 12.3%`, `↓ 4.0%`, `0.0%`, or `—` when there is nothing to compare with. */
export function formatChange(change: Change, locale: string): string {
  if (change.ratio === null) return '—';
  const pct = new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(Math.abs(change.ratio));
  return change.direction === 'up' ? `↑ ${pct}` : change.direction === 'down' ? `↓ ${pct}` : pct;
}

/** Reads a range from URL parameters, falling back to `fallback` for anything missing, malformed or reversed. */
export function rangeFromParams(params: URLSearchParams, fallback: DayRange): DayRange {
  const from = params.get('from');
  const to = params.get('to');
  if (isDay(from) && isDay(to) && from <= to) return { from, to };
  return fallback;
}
