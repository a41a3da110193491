import type { TrendLine, TrendsQuery, TrendsResult } from '../../api/types';
import { TIME_ZONE } from '../../lib/dates';
import type { DayRange } from '../../lib/period';

/**
 * The overview's figures as analytics query nodes (README "Analytics"): one TrendsQuery per period holds GMV
 * (A: sum of order_paid.total, in fen), paid orders (B), paying organisations (C) and ARPU (A / C).
 */
export const KPI_SERIES = { gmv: 0, orders: 1, payingOrgs: 2 } as const;
export const ARPU_FORMULA = 'ARPU';

export function kpiQuery(range: DayRange): TrendsQuery {
  return {
    kind: 'TrendsQuery',
    series: [
      { event: 'order_paid', math: 'sum', property: 'total', name: 'GMV' },
      { event: 'order_paid', math: 'count', name: 'orders' },
      { event: 'order_paid', math: 'unique_organizations', name: 'paying_organizations' },
    ],
    formulas: [{ name: ARPU_FORMULA, expression: 'A / C' }],
    interval: 'day',
    dateRange: range,
    timezone: TIME_ZONE,
  };
}

/** New registrations (signup events) per acquisition channel: the utm_source of the signup's session. */
export function registrationsQuery(range: DayRange): TrendsQuery {
  return {
    kind: 'TrendsQuery',
    series: [{ event: 'signup', math: 'count', name: 'signups' }],
    interval: 'day',
    breakdown: { property: { source: 'event_field', name: 'utm_source' }, limit: 20 },
    dateRange: range,
    timezone: TIME_ZONE,
  };
}

export type Kpis = { gmv: number | null; orders: number | null; payingOrgs: number | null; arpu: number | null };

function seriesLine(result: TrendsResult, index: number): TrendLine | undefined {
  return result.lines.find((l) => l.series === index && l.breakdownValue === null);
}

/** Totals over the range (a unique count is unique over the range; ARPU is the ratio of the totals). */
export function kpisOf(result: TrendsResult): Kpis {
  const total = (i: number) => seriesLine(result, i)?.total ?? null;
  const gmv = total(KPI_SERIES.gmv);
  const payingOrgs = total(KPI_SERIES.payingOrgs);
  const formula = result.lines.find((l) => l.series === null && l.name === ARPU_FORMULA);
  const arpu = formula?.total ?? (gmv !== null && payingOrgs ? gmv / payingOrgs : null);
  return { gmv, orders: total(KPI_SERIES.orders), payingOrgs, arpu };
}

/** GMV per day of the range, as [day, fen] pairs (null days, e.g. no data, as 0). */
export function gmvPerDay(result: TrendsResult): [string, number][] {
  const line = seriesLine(result, KPI_SERIES.gmv);
  return result.periods.map((day, i) => [day, line?.data[i] ?? 0]);
}

/** How the trends runner names the breakdown bucket of events without the property. */
const NONE = '(none)';

/**
 * Registrations per channel, largest first. A signup without a utm_source (direct visits, or a signup on a later
 * visit than the campaign's) is counted under `noneLabel`.
 */
export function registrationsByChannel(result: TrendsResult, noneLabel: string): { channel: string; count: number }[] {
  const byChannel = new Map<string, number>();
  for (const line of result.lines) {
    if (line.series === null) continue;
    const value = line.breakdownValue;
    const channel = value === null || value === '' || value === NONE ? noneLabel : value;
    const count = line.total ?? line.data.reduce<number>((s, v) => s + (v ?? 0), 0);
    byChannel.set(channel, (byChannel.get(channel) ?? 0) + count);
  }
  return [...byChannel.entries()]
    .map(([channel, count]) => ({ channel, count }))
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count || a.channel.localeCompare(b.channel));
}
