import { TIME_ZONE } from '../../../lib/dates';
import { addDays, type DayRange, isDay } from '../../../lib/period';

/**
 * The AIPL page's state and the AiplQuery it sends (packages/schema/src/query/aipl.ts). The state lives in the URL
 * (`?interval=month&by=person&from=…&to=…`). The query starts one day before the first period of the range, so its
 * first period end is the stock at the range's start (the "baseline"): every later period end is compared with the
 * one before, and the flows between them are exact (the runner gives flows between consecutive period ends).
 */
export const AIPL_STAGES = ['awareness', 'interest', 'purchase', 'loyalty'] as const;
export type AiplStage = (typeof AIPL_STAGES)[number];
export type FlowStage = 'none' | AiplStage;
export const AIPL_INTERVALS = ['day', 'week', 'month'] as const;
export type AiplInterval = (typeof AIPL_INTERVALS)[number];
export const AGGREGATES = ['person', 'organization'] as const;
export type Aggregate = (typeof AGGREGATES)[number];
/** A layered Sankey with more columns than this is unreadable: the page then asks for a coarser interval. */
export const MAX_SANKEY_COLUMNS = 14;

export type AiplState = { interval: AiplInterval; aggregateBy: Aggregate; range: DayRange };

export type AiplQueryNode = {
  kind: 'AiplQuery';
  interval: AiplInterval;
  aggregateBy: Aggregate;
  dateRange: DayRange;
  timezone: string;
};

type Stock = { period: string } & Record<AiplStage, number>;
export type AiplResult = {
  kind: 'AiplQuery';
  stock: Stock[];
  flows: { period: string; from: FlowStage; to: FlowStage; count: number }[];
};

const oneOf = <T extends string>(values: readonly T[], v: string | null, fallback: T): T =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : fallback;

/** The first day of the period (day, ISO week from Monday, month) that `day` falls in. */
export function periodStart(day: string, interval: AiplInterval): string {
  if (interval === 'day') return day;
  if (interval === 'month') return `${day.slice(0, 8)}01`;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

/** The last `months` calendar months, this one included (from the first of the month `months − 1` back) to today. */
export function defaultRange(today: string, months = 6): DayRange {
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const back = new Date(Date.UTC(y, m - months, 1)).toISOString().slice(0, 10);
  return { from: back, to: today };
}

export function stateFromParams(params: URLSearchParams, today: string): AiplState {
  const from = params.get('from');
  const to = params.get('to');
  return {
    interval: oneOf(AIPL_INTERVALS, params.get('interval'), 'month'),
    aggregateBy: oneOf(AGGREGATES, params.get('by'), 'person'),
    range: isDay(from) && isDay(to) && from <= to ? { from, to } : defaultRange(today),
  };
}

export function paramsFromState(s: AiplState): URLSearchParams {
  return new URLSearchParams({ interval: s.interval, by: s.aggregateBy, from: s.range.from, to: s.range.to });
}

/** The query: from the day before the first period (aligned to the interval) to the range's end. */
export function aiplQuery(s: AiplState): AiplQueryNode {
  return {
    kind: 'AiplQuery',
    interval: s.interval,
    aggregateBy: s.aggregateBy,
    dateRange: { from: addDays(periodStart(s.range.from, s.interval), -1), to: s.range.to },
    timezone: TIME_ZONE,
  };
}

/** The last day of each period of an answer (the day its stock is measured): the next period's start − 1, or `to`. */
export function periodEnds(periods: readonly string[], to: string): string[] {
  return periods.map((_, i) => {
    const next = periods[i + 1];
    return next === undefined ? to : addDays(next, -1);
  });
}

export type StageSummary = {
  stage: AiplStage;
  start: number;
  end: number;
  /** Actors who moved into the stage over the range (from any other stage or from none). */
  inflow: number;
  outflow: number;
};

/** Per stage: the stock at the first and last period end and the moves in and out between them. */
export function stageSummary(result: AiplResult): StageSummary[] {
  const first = result.stock[0];
  const last = result.stock[result.stock.length - 1];
  return AIPL_STAGES.map((stage) => ({
    stage,
    start: first?.[stage] ?? 0,
    end: last?.[stage] ?? 0,
    inflow: result.flows.filter((f) => f.to === stage).reduce((a, f) => a + f.count, 0),
    outflow: result.flows.filter((f) => f.from === stage).reduce((a, f) => a + f.count, 0),
  }));
}

export type FlowRow = { from: FlowStage; to: FlowStage; count: number; share: number };

const ORDER: FlowStage[] = ['none', ...AIPL_STAGES];

/** The moves over the whole range, summed over the periods, from → to, with each one's share of all moves. */
export function flowRows(result: AiplResult): FlowRow[] {
  const sums = new Map<string, number>();
  for (const f of result.flows) sums.set(`${f.from}|${f.to}`, (sums.get(`${f.from}|${f.to}`) ?? 0) + f.count);
  const total = [...sums.values()].reduce((a, b) => a + b, 0);
  return [...sums.entries()]
    .map(([key, count]) => {
      const [from, to] = key.split('|') as [FlowStage, FlowStage];
      return { from, to, count, share: total === 0 ? 0 : count / total };
    })
    .sort((a, b) => ORDER.indexOf(a.from) - ORDER.indexOf(b.from) || ORDER.indexOf(a.to) - ORDER.indexOf(b.to));
}

export type SankeyNode = {
  name: string;
  depth: number;
  stage: FlowStage | 'new' | 'left';
  column: number;
  value: number;
};
export type SankeyLink = { source: string; target: string; value: number };

/**
 * A layered Sankey: one column per period end (column 0 = the baseline), a node per stage holding its stock, links
 * between consecutive columns for the actors who stayed (stock before − moves out) and for the moves; actors who
 * entered come from a "new" node in the column before, those who left go to a "left" node in the column after.
 * Node names are `column:stage` (unique, as ECharts needs); labels come from the page.
 */
export function sankeyData(result: AiplResult): { nodes: SankeyNode[]; links: SankeyLink[] } {
  const nodes: SankeyNode[] = [];
  const links: SankeyLink[] = [];
  const column = new Map(result.stock.map((s, i) => [s.period, i]));
  result.stock.forEach((s, c) => {
    for (const stage of AIPL_STAGES) {
      if (s[stage] > 0) nodes.push({ name: `${c}:${stage}`, depth: c, stage, column: c, value: s[stage] });
    }
  });
  const extra = new Map<string, SankeyNode>();
  const addExtra = (c: number, kind: 'new' | 'left', value: number) => {
    const name = `${c}:${kind}`;
    const node = extra.get(name) ?? { name, depth: c, stage: kind, column: c, value: 0 };
    node.value += value;
    extra.set(name, node);
    return name;
  };
  result.stock.forEach((_, c) => {
    if (c === 0) return;
    const before = result.stock[c - 1] as Stock;
    const moves = result.flows.filter((f) => column.get(f.period) === c);
    for (const stage of AIPL_STAGES) {
      const out = moves.filter((f) => f.from === stage).reduce((a, f) => a + f.count, 0);
      const stayed = before[stage] - out;
      if (stayed > 0) links.push({ source: `${c - 1}:${stage}`, target: `${c}:${stage}`, value: stayed });
    }
    for (const f of moves) {
      if (f.count <= 0) continue;
      const source = f.from === 'none' ? addExtra(c - 1, 'new', f.count) : `${c - 1}:${f.from}`;
      const target = f.to === 'none' ? addExtra(c, 'left', f.count) : `${c}:${f.to}`;
      links.push({ source, target, value: f.count });
    }
  });
  return { nodes: [...nodes, ...extra.values()], links };
}
