import type { DateRange, Interval } from '@tradeloop/schema';

/**
 * Calendar arithmetic in a query's time zone, on the JavaScript side: the UTC bounds of a date range and the list of
 * period labels. SQL buckets rows with the dialect's `periodLabel` into the same labels, so every engine returns the
 * same periods and empty periods can be filled in here.
 */

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Wall-clock fields of an instant in a time zone. */
export function zonedParts(ms: number, tz: string): { y: number; mo: number; d: number; h: number; mi: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return { y: parts.year ?? 0, mo: parts.month ?? 0, d: parts.day ?? 0, h: parts.hour ?? 0, mi: parts.minute ?? 0 };
}

/** Offset of the zone from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
function offsetMs(ms: number, tz: string): number {
  const p = zonedParts(ms, tz);
  const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi);
  return asUtc - Math.floor(ms / 60_000) * 60_000;
}

/**
 * The instant a wall-clock time in `tz` denotes (for a time skipped by a DST change, the instant after the gap).
 *
 * @example zonedTimeToUtcMs(2026, 1, 1, 0, 0, 'Asia/Shanghai') // Date.parse('2025-12-31T16:00:00Z')
 */
export function zonedTimeToUtcMs(y: number, mo: number, d: number, h: number, mi: number, tz: string): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const first = guess - offsetMs(guess, tz);
  const second = guess - offsetMs(first, tz);
  return second;
}

function parseBound(value: string, tz: string, end: boolean): number {
  const m = DATE_ONLY.exec(value);
  if (!m) return Date.parse(value);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // A date `to` includes that whole day: the bound is the next midnight.
  return end ? zonedTimeToUtcMs(y, mo, d + 1, 0, 0, tz) : zonedTimeToUtcMs(y, mo, d, 0, 0, tz);
}

/** `[fromMs, toMs)` of a date range in a time zone; throws a RangeError when `to` is not after `from`. */
export function resolveDateRange(range: DateRange, tz: string): { fromMs: number; toMs: number } {
  const fromMs = parseBound(range.from, tz, false);
  const toMs = parseBound(range.to, tz, true);
  if (!(toMs > fromMs)) throw new RangeError('dateRange.to must be after dateRange.from');
  return { fromMs, toMs };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The label of the period an instant falls in: `YYYY-MM-DD` (day, Monday of the week, 1st of the month) or `YYYY-MM-DD HH:00`. */
export function periodLabel(ms: number, interval: Interval, tz: string): string {
  const p = zonedParts(ms, tz);
  if (interval === 'hour') return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:00`;
  if (interval === 'month') return `${p.y}-${pad(p.mo)}-01`;
  if (interval === 'week') {
    const weekday = (new Date(Date.UTC(p.y, p.mo - 1, p.d)).getUTCDay() + 6) % 7; // Monday = 0
    const monday = new Date(Date.UTC(p.y, p.mo - 1, p.d - weekday));
    return `${monday.getUTCFullYear()}-${pad(monday.getUTCMonth() + 1)}-${pad(monday.getUTCDate())}`;
  }
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}`;
}

/** Start instant of the period with this label. */
export function periodStartMs(label: string, tz: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):00)?$/.exec(label);
  if (!m) throw new Error(`not a period label: ${label}`);
  return zonedTimeToUtcMs(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), 0, tz);
}

/** The label of the period after `label`. */
export function nextPeriodLabel(label: string, interval: Interval, tz: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):00)?$/.exec(label);
  if (!m) throw new Error(`not a period label: ${label}`);
  const [y, mo, d, h] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  const next =
    interval === 'hour'
      ? zonedTimeToUtcMs(y, mo, d, h + 1, 0, tz)
      : interval === 'day'
        ? zonedTimeToUtcMs(y, mo, d + 1, 0, 0, tz)
        : interval === 'week'
          ? zonedTimeToUtcMs(y, mo, d + 7, 0, 0, tz)
          : zonedTimeToUtcMs(y, mo + 1, 1, 0, 0, tz);
  return periodLabel(next, interval, tz);
}

/** Every period label that overlaps `[fromMs, toMs)`, oldest first (at most `max`, else a RangeError). */
export function periodLabels(fromMs: number, toMs: number, interval: Interval, tz: string, max = 5000): string[] {
  const out: string[] = [];
  for (let label = periodLabel(fromMs, interval, tz); periodStartMs(label, tz) < toMs; ) {
    out.push(label);
    if (out.length > max) {
      throw new RangeError(`the date range holds more than ${max} ${interval} periods: choose a longer interval`);
    }
    label = nextPeriodLabel(label, interval, tz);
  }
  return out;
}
