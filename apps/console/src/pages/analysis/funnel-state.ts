import { TIME_ZONE } from '../../lib/dates';
import { type DayRange, isDay, lastDays } from '../../lib/period';

/**
 * The funnel builder's state and the analytics nodes it makes (packages/schema/src/query/funnel.ts). The state lives
 * in the URL (`?step=product_view&step=add_to_cart&window=14&unit=day&order=ordered&by=person&breakdown=utm_source
 * &from=…&to=…&drop=1`), so a link opens the same funnel; anything missing or malformed falls back to a default.
 */

/** The standard B2B events (packages/schema/src/events/standard-events.ts), offered in the step picker. */
export const STANDARD_EVENT_NAMES = [
  'exposure',
  'product_view',
  'search',
  'add_to_favorites',
  'add_to_cart',
  'rfq_submitted',
  'quote_received',
  'order_placed',
  'order_paid',
  'order_shipped',
  'order_completed',
  'return_requested',
  'review_submitted',
  'signup',
  'login',
  'coupon_received',
  'coupon_used',
  'message_opened',
  'message_clicked',
] as const;

export const WINDOW_UNITS = ['minute', 'hour', 'day', 'week'] as const;
export type WindowUnit = (typeof WINDOW_UNITS)[number];
export const FUNNEL_ORDERS = ['ordered', 'strict', 'unordered'] as const;
export type FunnelOrder = (typeof FUNNEL_ORDERS)[number];
export const AGGREGATES = ['person', 'organization'] as const;
export type Aggregate = (typeof AGGREGATES)[number];
/** Breakdowns the builder offers, with the property each reads. */
export const BREAKDOWNS = {
  utm_source: { source: 'event_field', name: 'utm_source' },
  region: { source: 'organization', name: 'region' },
  industry: { source: 'organization', name: 'industry' },
} as const;
export type BreakdownKey = keyof typeof BREAKDOWNS;

export const MIN_STEPS = 2;
export const MAX_STEPS = 10;
/** Same rule as the schema's QueryEventName: a step with any other text is not sent. */
const EVENT_NAME = /^[A-Za-z_$][A-Za-z0-9_$.:\- ]{0,199}$/;
const MINUTES = { minute: 1, hour: 60, day: 1440, week: 10_080 } as const;

export type FunnelState = {
  steps: string[];
  window: { value: number; unit: WindowUnit };
  order: FunnelOrder;
  aggregateBy: Aggregate;
  breakdown: BreakdownKey | null;
  range: DayRange;
  /** The step (1-based in the funnel's 0-based terms: ≥ 1) whose drop-offs are listed. */
  dropStep: number;
};

export const DEFAULT_STEPS = ['product_view', 'add_to_cart'];

const oneOf = <T extends string>(values: readonly T[], v: string | null, fallback: T): T =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : fallback;

export function isEventName(s: string): boolean {
  return EVENT_NAME.test(s);
}

export function stateFromParams(params: URLSearchParams, today: string): FunnelState {
  const raw = params.getAll('step').slice(0, MAX_STEPS);
  const steps = raw.length >= MIN_STEPS ? raw : [...raw, ...DEFAULT_STEPS.slice(raw.length)];
  const unit = oneOf(WINDOW_UNITS, params.get('unit'), 'day');
  const value = Number(params.get('window'));
  const windowValue =
    Number.isInteger(value) && value >= 1 && value * MINUTES[unit] <= 366 * 1440 ? value : unit === 'day' ? 14 : 1;
  const from = params.get('from');
  const to = params.get('to');
  const range = isDay(from) && isDay(to) && from <= to ? { from, to } : lastDays(today, 30);
  const breakdown = params.get('breakdown');
  const drop = Number(params.get('drop'));
  return {
    steps,
    window: { value: windowValue, unit },
    order: oneOf(FUNNEL_ORDERS, params.get('order'), 'ordered'),
    aggregateBy: oneOf(AGGREGATES, params.get('by'), 'person'),
    breakdown: breakdown !== null && Object.hasOwn(BREAKDOWNS, breakdown) ? (breakdown as BreakdownKey) : null,
    range,
    dropStep: Number.isInteger(drop) && drop >= 1 && drop < steps.length ? drop : 1,
  };
}

export function paramsFromState(s: FunnelState): URLSearchParams {
  const p = new URLSearchParams();
  for (const step of s.steps) p.append('step', step);
  p.set('window', String(s.window.value));
  p.set('unit', s.window.unit);
  p.set('order', s.order);
  p.set('by', s.aggregateBy);
  if (s.breakdown) p.set('breakdown', s.breakdown);
  p.set('from', s.range.from);
  p.set('to', s.range.to);
  p.set('drop', String(Math.min(s.dropStep, s.steps.length - 1)));
  return p;
}

/** The FunnelQuery node, or null while a step is blank or not a valid event name (nothing is sent then). */
export function funnelQuery(s: FunnelState): FunnelQueryNode | null {
  if (s.steps.length < MIN_STEPS || !s.steps.every(isEventName)) return null;
  const node: FunnelQueryNode = {
    kind: 'FunnelQuery',
    steps: s.steps.map((event) => ({ event })),
    window: s.window,
    order: s.order,
    aggregateBy: s.aggregateBy,
    dateRange: s.range,
    timezone: TIME_ZONE,
  };
  if (s.breakdown) node.breakdown = { property: BREAKDOWNS[s.breakdown], limit: 10 };
  return node;
}

export function actorsQuery(funnel: FunnelQueryNode, step: number, limit: number, offset = 0): FunnelActorsQueryNode {
  // The actor list is of the whole funnel: the breakdown only splits counts.
  const { breakdown: _breakdown, ...rest } = funnel;
  return { kind: 'FunnelActorsQuery', funnel: rest, step, status: 'dropped', limit, offset };
}

/** Moves the item at `from` to `to` (both clamped), returning a new array. */
export function move<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  if (from < 0 || from >= next.length || to < 0 || to >= next.length) return next;
  const [item] = next.splice(from, 1) as [T];
  next.splice(to, 0, item);
  return next;
}

/** Seconds as the largest whole-ish unit: [value, unit] with one decimal for values under 10. */
export function durationParts(seconds: number): [string, 'second' | 'minute' | 'hour' | 'day'] {
  const pick = (v: number) => (v < 10 ? String(Math.round(v * 10) / 10) : String(Math.round(v)));
  if (seconds < 60) return [pick(seconds), 'second'];
  if (seconds < 3600) return [pick(seconds / 60), 'minute'];
  if (seconds < 86_400) return [pick(seconds / 3600), 'hour'];
  return [pick(seconds / 86_400), 'day'];
}

function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV (CRLF line ends), with a BOM added by the caller where spreadsheets need it. */
export function toCsv(header: string[], rows: (string | number)[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n');
}

// Shapes of the funnel nodes and answers (mirroring packages/schema/src/query/funnel.ts).
export type FunnelQueryNode = {
  kind: 'FunnelQuery';
  steps: { event: string }[];
  window: { value: number; unit: WindowUnit };
  order: FunnelOrder;
  aggregateBy: Aggregate;
  breakdown?: { property: { source: string; name: string }; limit: number };
  dateRange: DayRange;
  timezone: string;
};

export type FunnelActorsQueryNode = {
  kind: 'FunnelActorsQuery';
  funnel: Omit<FunnelQueryNode, 'breakdown'>;
  step: number;
  status: 'dropped' | 'reached';
  limit: number;
  offset: number;
};

export type FunnelStepResult = {
  event: string;
  label: string;
  count: number;
  conversionRate: number;
  conversionRateFromPrevious: number;
  medianSecondsToConvert: number | null;
  averageSecondsToConvert: number | null;
};

export type FunnelResult = {
  kind: 'FunnelQuery';
  steps: FunnelStepResult[];
  breakdowns?: { value: string; steps: FunnelStepResult[] }[];
};

export type FunnelActorsResult = {
  kind: 'FunnelActorsQuery';
  aggregateBy: Aggregate;
  total: number;
  actors: { id: string; enteredAt: string; furthestStep: number }[];
};
