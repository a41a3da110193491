import { TIME_ZONE } from '../../../lib/dates';
import { addDays, type DayRange, isDay } from '../../../lib/period';

/**
 * The retention page's state and the RetentionQuery it sends (packages/schema/src/query/retention.ts). Two views of
 * one query kind: retention (any activity → any activity, by default) and repurchase (order_paid → order_paid).
 * The state lives in the URL (`?kind=repurchase&start=order_paid&return=order_paid&interval=month&periods=6
 * &count=bounded&cohort=first_time&by=organization&from=…&to=…`); anything missing or malformed takes its default.
 */
export const RETENTION_KINDS = ['retention', 'repurchase'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];
export const RETENTION_INTERVALS = ['day', 'week', 'month'] as const;
export type RetentionInterval = (typeof RETENTION_INTERVALS)[number];
export const COUNT_MODES = ['bounded', 'unbounded'] as const;
export type CountMode = (typeof COUNT_MODES)[number];
export const COHORT_TYPES = ['first_time', 'first_in_range'] as const;
export type CohortType = (typeof COHORT_TYPES)[number];
export const AGGREGATES = ['person', 'organization'] as const;
export type Aggregate = (typeof AGGREGATES)[number];
export const ANY_EVENT = '$any';
export const MAX_PERIODS = 60;

/** Each view's start and return events by default. */
export const DEFAULT_EVENTS: Record<RetentionKind, { start: string; returning: string }> = {
  retention: { start: ANY_EVENT, returning: ANY_EVENT },
  repurchase: { start: 'order_paid', returning: 'order_paid' },
};
const DEFAULT_PERIODS = 8;
/** Same rule as the schema's QueryEventName. */
const EVENT_NAME = /^[A-Za-z_$][A-Za-z0-9_$.:\- ]{0,199}$/;

export type RetentionState = {
  kind: RetentionKind;
  start: string;
  returning: string;
  interval: RetentionInterval;
  periods: number;
  count: CountMode;
  cohortType: CohortType;
  aggregateBy: Aggregate;
  range: DayRange;
};

export type RetentionQueryNode = {
  kind: 'RetentionQuery';
  cohort: { event: string };
  returning: { event: string };
  cohortType: CohortType;
  interval: RetentionInterval;
  periods: number;
  mode: CountMode;
  aggregateBy: Aggregate;
  dateRange: DayRange;
  timezone: string;
};

export type RetentionCohort = { period: string; size: number; retained: number[]; rates: number[] };
export type RetentionResult = {
  kind: 'RetentionQuery';
  cohorts: RetentionCohort[];
  average: number[];
  repurchase?: {
    actors: number;
    repeatActors: number;
    repurchaseRate: number;
    medianIntervalDays: number | null;
    intervalDays: { fromDays: number; toDays: number | null; count: number }[];
  };
};

const oneOf = <T extends string>(values: readonly T[], v: string | null, fallback: T): T =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : fallback;

export const isEventName = (s: string) => s === ANY_EVENT || EVENT_NAME.test(s);

/** The default range: twelve whole weeks, from the Monday eleven weeks before this week's, to today. */
export function defaultRange(today: string): DayRange {
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  return { from: addDays(today, -((weekday + 6) % 7) - 77), to: today };
}

export function stateFromParams(params: URLSearchParams, today: string): RetentionState {
  const kind = oneOf(RETENTION_KINDS, params.get('kind'), 'retention');
  const event = (key: string, fallback: string) => {
    const v = params.get(key);
    return v !== null && isEventName(v) ? v : fallback;
  };
  const periods = Number(params.get('periods'));
  const from = params.get('from');
  const to = params.get('to');
  return {
    kind,
    start: event('start', DEFAULT_EVENTS[kind].start),
    returning: event('return', DEFAULT_EVENTS[kind].returning),
    interval: oneOf(RETENTION_INTERVALS, params.get('interval'), 'week'),
    periods: Number.isInteger(periods) && periods >= 1 && periods <= MAX_PERIODS ? periods : DEFAULT_PERIODS,
    count: oneOf(COUNT_MODES, params.get('count'), 'bounded'),
    cohortType: oneOf(COHORT_TYPES, params.get('cohort'), 'first_time'),
    aggregateBy: oneOf(AGGREGATES, params.get('by'), 'person'),
    range: isDay(from) && isDay(to) && from <= to ? { from, to } : defaultRange(today),
  };
}

export function paramsFromState(s: RetentionState): URLSearchParams {
  return new URLSearchParams({
    kind: s.kind,
    start: s.start,
    return: s.returning,
    interval: s.interval,
    periods: String(s.periods),
    count: s.count,
    cohort: s.cohortType,
    by: s.aggregateBy,
    from: s.range.from,
    to: s.range.to,
  });
}

/** Switching the view starts from that view's events (the other settings stay). */
export function switchKind(s: RetentionState, kind: RetentionKind): RetentionState {
  return { ...s, kind, start: DEFAULT_EVENTS[kind].start, returning: DEFAULT_EVENTS[kind].returning };
}

export function retentionQuery(s: RetentionState): RetentionQueryNode {
  return {
    kind: 'RetentionQuery',
    cohort: { event: s.start },
    returning: { event: s.returning },
    cohortType: s.cohortType,
    interval: s.interval,
    periods: s.periods,
    mode: s.count,
    aggregateBy: s.aggregateBy,
    dateRange: s.range,
    timezone: TIME_ZONE,
  };
}

/** Columns of the heatmap and the table: the cohort size, then periods 0..n (n = the longest cohort row). */
export function periodCount(result: RetentionResult): number {
  return Math.max(0, ...result.cohorts.map((c) => c.rates.length));
}

export type HeatCell = { x: number; y: number; rate: number; count: number };

/**
 * Cells of the heatmap: row 0 = the size-weighted average, then one row per cohort (oldest first); column 0 = the
 * cohort size, column n + 1 = period n. Periods a cohort has not reached yet have no cell.
 */
export function heatmapCells(result: RetentionResult): { sizes: HeatCell[]; rates: HeatCell[] } {
  const sizes: HeatCell[] = [];
  const rates: HeatCell[] = [];
  const totalSize = result.cohorts.reduce((a, c) => a + c.size, 0);
  sizes.push({ x: 0, y: 0, rate: 0, count: totalSize });
  result.average.forEach((rate, n) => {
    const count = result.cohorts.reduce((a, c) => a + (c.retained[n] ?? 0), 0);
    rates.push({ x: n + 1, y: 0, rate, count });
  });
  result.cohorts.forEach((c, i) => {
    sizes.push({ x: 0, y: i + 1, rate: 0, count: c.size });
    if (c.size === 0) return;
    c.rates.forEach((rate, n) => {
      rates.push({ x: n + 1, y: i + 1, rate, count: c.retained[n] ?? 0 });
    });
  });
  return { sizes, rates };
}
