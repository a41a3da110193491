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

// ---- AIPL stock and flows -------------------------------------------------------------------------------------

export const AIPL_STAGES = ['awareness', 'interest', 'purchase', 'loyalty'] as const;
export type AiplStage = (typeof AIPL_STAGES)[number];
type AiplFrom = 'none' | AiplStage;
export type AiplResult = {
  kind: 'AiplQuery';
  stock: ({ period: string } & Record<AiplStage, number>)[];
  flows: { period: string; from: AiplFrom; to: AiplFrom; count: number }[];
};

/** AIPL stock per week of the range (persons, the default definitions: README "AIPL"). */
export function aiplQuery(range: DayRange) {
  return { kind: 'AiplQuery' as const, interval: 'week' as const, dateRange: range, timezone: TIME_ZONE };
}

const RANK: Record<AiplFrom, number> = { none: 0, awareness: 1, interest: 2, purchase: 3, loyalty: 4 };

/**
 * The overview's AIPL card: each stage's stock at the first and the last period end of the range, and the flows
 * between them summed over the range: `entered` (from none into a stage), `advanced` (to a higher stage), `fell`
 * (to a lower stage, not none) and `left` (to none).
 */
export function aiplSummary(result: AiplResult): {
  stages: { stage: AiplStage; start: number; end: number }[];
  flows: { entered: number; advanced: number; fell: number; left: number };
} {
  const first = result.stock[0];
  const last = result.stock[result.stock.length - 1];
  const stages = AIPL_STAGES.map((stage) => ({ stage, start: first?.[stage] ?? 0, end: last?.[stage] ?? 0 }));
  const flows = { entered: 0, advanced: 0, fell: 0, left: 0 };
  for (const f of result.flows) {
    if (f.from === 'none') flows.entered += f.count;
    else if (f.to === 'none') flows.left += f.count;
    else if (RANK[f.to] > RANK[f.from]) flows.advanced += f.count;
    else if (RANK[f.to] < RANK[f.from]) flows.fell += f.count;
  }
  return { stages, flows };
}

// ---- RFQ : listing ratio and top categories ----------------------------------------------------------------------

/** RFQs submitted in the range, in all and per category (the event's categoryId). */
export function rfqQuery(range: DayRange): TrendsQuery {
  return {
    kind: 'TrendsQuery',
    series: [{ event: 'rfq_submitted', math: 'count', name: 'rfqs' }],
    interval: 'day',
    breakdown: { property: { source: 'event', name: 'categoryId' }, limit: 50 },
    dateRange: range,
    timezone: TIME_ZONE,
  };
}

/** Categories by GMV in the range (product performance grouped by category). */
export function topCategoriesQuery(range: DayRange) {
  return {
    kind: 'ProductPerformanceQuery' as const,
    groupBy: 'category' as const,
    sortBy: 'gmv' as const,
    limit: 5,
    dateRange: range,
    timezone: TIME_ZONE,
  };
}

/** The active listings the ratio divides by: `total` of this list is the count (the catalog, now). */
export function listingsPath(categoryId?: string): string {
  const params = new URLSearchParams({ status: 'active', limit: '1' });
  if (categoryId) params.set('categoryId', categoryId);
  return `/api/products?${params}`;
}

/** RFQs per category id from the rfqQuery answer (the `(other)` bucket and events without a category left out). */
export function rfqsByCategory(result: TrendsResult): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of result.lines) {
    const v = line.breakdownValue;
    if (line.series === null || v === null || v === '' || v === NONE || v === '(other)') continue;
    out.set(v, (out.get(v) ?? 0) + (line.total ?? line.data.reduce<number>((s, x) => s + (x ?? 0), 0)));
  }
  return out;
}

/** All RFQs of the range (every breakdown value, `(other)` and none included). */
export function rfqTotal(result: TrendsResult): number {
  return result.lines
    .filter((l) => l.series !== null)
    .reduce((s, l) => s + (l.total ?? l.data.reduce<number>((a, x) => a + (x ?? 0), 0)), 0);
}

/** RFQs per active listing (demand against supply); null without listings. */
export function rfqListingRatio(rfqs: number, listings: number): number | null {
  return listings > 0 ? rfqs / listings : null;
}

export type CategoryNode = { id: string; name: string; children?: CategoryNode[] };

/** id → name over the whole category tree (GET /api/categories). */
export function categoryNames(tree: readonly CategoryNode[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (nodes: readonly CategoryNode[], parent: string | null) => {
    for (const n of nodes) {
      out.set(n.id, parent ? `${parent} / ${n.name}` : n.name);
      walk(n.children ?? [], parent ? `${parent} / ${n.name}` : n.name);
    }
  };
  walk(tree, null);
  return out;
}
