import { TIME_ZONE } from '../../lib/dates';
import { type DayRange, isDay, lastDays, rangeLength } from '../../lib/period';
import { isPropertyRef, operatorValue, parsePropertyKey, propertyKey } from './funnel/properties';
import {
  AGGREGATES,
  type Aggregate,
  FILTER_OPERATORS,
  type FilterOperator,
  FUNNEL_ORDERS,
  type FunnelActorsQueryNode,
  type FunnelOrder,
  type FunnelQueryNode,
  INTERVALS,
  type Interval,
  type PropertyFilter,
  type PropertyRef,
  type Scalar,
  WINDOW_UNITS,
  type WindowUnit,
} from './funnel/types';

/**
 * The funnel builder's state and the analytics nodes it makes (packages/schema/src/query/funnel.ts). The state lives
 * in the URL, so a link opens the same funnel; anything missing or malformed falls back to a default or is left out:
 *
 *   step=product_view&step=add_to_cart            the steps' events, in order
 *   sf=0.event.slot.eq.search                     a step filter: step.source.name.operator[.value]
 *                                                 (the value is the rest, any text; a list is a JSON array)
 *   ex=0.1.add_to_favorites                       an exclusion: fromStep.toStep.event (0-based steps)
 *   window=14&unit=day&order=ordered&by=person    conversion window, step order, whose funnel
 *   breakdown=organization.region                 breakdown property: source.name
 *   interval=day&from=…&to=…&drop=1               trend period, date range, drop-off step listed
 *   dropby=north                                  with a breakdown: list only that value's drop-offs
 */

export type FilterState = {
  property: PropertyRef;
  operator: FilterOperator;
  /** As typed: null for is_set / is_not_set, a list for in / not_in, else the text (a number for gt…lte). */
  value: string | string[] | null;
};
export type StepState = { event: string; filters: FilterState[] };
export type ExclusionState = { event: string; fromStep: number; toStep: number };

export type FunnelState = {
  steps: StepState[];
  exclusions: ExclusionState[];
  window: { value: number; unit: WindowUnit };
  order: FunnelOrder;
  aggregateBy: Aggregate;
  breakdown: PropertyRef | null;
  interval: Interval;
  range: DayRange;
  /** The step (0-based, ≥ 1) whose drop-offs are listed: reached the step before, not this one. */
  dropStep: number;
  /** With a breakdown: the breakdown value whose drop-offs are listed (null: all of them). */
  dropValue: string | null;
};

export const DEFAULT_STEPS = ['product_view', 'add_to_cart'];
export const MIN_STEPS = 2;
export const MAX_STEPS = 10;
export const MAX_FILTERS = 20;
export const MAX_EXCLUSIONS = 10;
/** Hourly trends only for short ranges: a long range would hold thousands of hours. */
export const MAX_HOURLY_DAYS = 31;
/** Same rule as the schema's QueryEventName: a step with any other text is not sent. */
const EVENT_NAME = /^[A-Za-z_$][A-Za-z0-9_$.: -]{0,99}$/;
const MINUTES = { minute: 1, hour: 60, day: 1440, week: 10_080 } as const;
/** Links made before breakdowns took any property named just these. */
const LEGACY_BREAKDOWNS: Record<string, PropertyRef> = {
  utm_source: { source: 'event_field', name: 'utm_source' },
  region: { source: 'organization', name: 'region' },
  industry: { source: 'organization', name: 'industry' },
};

const oneOf = <T extends string>(values: readonly T[], v: string | null, fallback: T): T =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : fallback;

export function isEventName(s: string): boolean {
  return EVENT_NAME.test(s);
}

const isNumberText = (s: string) => s.trim() !== '' && Number.isFinite(Number(s.trim()));

/** Whether a filter is complete and valid (only such filters reach the URL and the query). */
export function isValidFilter(f: FilterState): boolean {
  if (!isPropertyRef(f.property.source, f.property.name)) return false;
  if (!(FILTER_OPERATORS as readonly string[]).includes(f.operator)) return false;
  const kind = operatorValue(f.operator);
  if (kind === 'none') return f.value === null;
  if (kind === 'list') {
    return (
      Array.isArray(f.value) &&
      f.value.length >= 1 &&
      f.value.length <= 1000 &&
      f.value.every((v) => v !== '' && v.length <= 1000)
    );
  }
  if (typeof f.value !== 'string' || f.value === '' || f.value.length > 1000) return false;
  return kind === 'number' ? isNumberText(f.value) : true;
}

function encodeFilter(step: number, f: FilterState): string {
  const head = `${step}.${propertyKey(f.property)}.${f.operator}`;
  if (f.value === null) return head;
  return `${head}.${Array.isArray(f.value) ? JSON.stringify(f.value) : f.value}`;
}

/** `step.source.name.operator[.value]` → [step, filter], or null when malformed or incomplete. */
export function decodeFilter(s: string): [number, FilterState] | null {
  const m = /^(\d+)\.([a-z_]+)\.([A-Za-z0-9_$]+)\.([a-z_]+)(?:\.([\s\S]*))?$/.exec(s);
  if (!m || !(FILTER_OPERATORS as readonly string[]).includes(m[4] ?? '')) return null;
  const operator = m[4] as FilterOperator;
  const text = m[5];
  let value: FilterState['value'] = text ?? null;
  if (text !== undefined && operatorValue(operator) === 'list') {
    try {
      const list: unknown = JSON.parse(text);
      if (!Array.isArray(list)) return null;
      value = list.map(String);
    } catch {
      return null;
    }
  }
  const f: FilterState = { property: { source: m[2] as PropertyRef['source'], name: m[3] ?? '' }, operator, value };
  return isValidFilter(f) ? [Number(m[1]), f] : null;
}

/** The exclusions that still fit the steps (between two existing steps, in order), at most MAX_EXCLUSIONS. */
export function validExclusions(exclusions: ExclusionState[], stepCount: number): ExclusionState[] {
  return exclusions
    .filter(
      (x) =>
        Number.isInteger(x.fromStep) &&
        Number.isInteger(x.toStep) &&
        x.fromStep >= 0 &&
        x.toStep > x.fromStep &&
        x.toStep < stepCount &&
        isEventName(x.event),
    )
    .slice(0, MAX_EXCLUSIONS);
}

function defaultInterval(range: DayRange): Interval {
  return rangeLength(range) > 180 ? 'week' : 'day';
}

export function stateFromParams(params: URLSearchParams, today: string): FunnelState {
  const raw = params.getAll('step').slice(0, MAX_STEPS);
  const events = raw.length >= MIN_STEPS ? raw : [...raw, ...DEFAULT_STEPS.slice(raw.length)];
  const steps: StepState[] = events.map((event) => ({ event, filters: [] }));
  for (const s of params.getAll('sf')) {
    const decoded = decodeFilter(s);
    const step = decoded && steps[decoded[0]];
    if (decoded && step && step.filters.length < MAX_FILTERS) step.filters.push(decoded[1]);
  }
  const exclusions = validExclusions(
    params.getAll('ex').flatMap((s) => {
      const m = /^(\d+)\.(\d+)\.(.+)$/.exec(s);
      return m ? [{ fromStep: Number(m[1]), toStep: Number(m[2]), event: m[3] ?? '' }] : [];
    }),
    steps.length,
  );
  const unit = oneOf(WINDOW_UNITS, params.get('unit'), 'day');
  const value = Number(params.get('window'));
  const windowValue =
    Number.isInteger(value) && value >= 1 && value * MINUTES[unit] <= 366 * 1440 ? value : unit === 'day' ? 14 : 1;
  const from = params.get('from');
  const to = params.get('to');
  const range = isDay(from) && isDay(to) && from <= to ? { from, to } : lastDays(today, 30);
  const b = params.get('breakdown');
  const breakdown = b === null ? null : (LEGACY_BREAKDOWNS[b] ?? parsePropertyKey(b));
  let interval = oneOf(INTERVALS, params.get('interval'), defaultInterval(range));
  if (interval === 'hour' && rangeLength(range) > MAX_HOURLY_DAYS) interval = defaultInterval(range);
  const drop = Number(params.get('drop'));
  return {
    steps,
    exclusions,
    window: { value: windowValue, unit },
    order: oneOf(FUNNEL_ORDERS, params.get('order'), 'ordered'),
    aggregateBy: oneOf(AGGREGATES, params.get('by'), 'person'),
    breakdown,
    interval,
    range,
    dropStep: Number.isInteger(drop) && drop >= 1 && drop < steps.length ? drop : 1,
    dropValue: breakdown ? (params.get('dropby') ?? null) : null,
  };
}

export function paramsFromState(s: FunnelState): URLSearchParams {
  const p = new URLSearchParams();
  for (const step of s.steps) p.append('step', step.event);
  s.steps.forEach((step, i) => {
    for (const f of step.filters) if (isValidFilter(f)) p.append('sf', encodeFilter(i, f));
  });
  for (const x of validExclusions(s.exclusions, s.steps.length)) p.append('ex', `${x.fromStep}.${x.toStep}.${x.event}`);
  p.set('window', String(s.window.value));
  p.set('unit', s.window.unit);
  p.set('order', s.order);
  p.set('by', s.aggregateBy);
  if (s.breakdown) p.set('breakdown', propertyKey(s.breakdown));
  p.set('interval', s.interval);
  p.set('from', s.range.from);
  p.set('to', s.range.to);
  p.set('drop', String(Math.max(1, Math.min(s.dropStep, s.steps.length - 1))));
  if (s.breakdown && s.dropValue !== null) p.set('dropby', s.dropValue);
  return p;
}

/** A filter's typed value: numbers for gt…lte; elsewhere a plain number as a number (so 12 matches 12.0), else text. */
function typed(text: string, numeric: boolean): Scalar {
  const n = Number(text.trim());
  if (numeric) return n;
  return /^-?\d+(\.\d+)?$/.test(text.trim()) && Number.isFinite(n) ? n : text;
}

export function filterNode(f: FilterState): PropertyFilter {
  const node: PropertyFilter = { property: f.property, operator: f.operator };
  const kind = operatorValue(f.operator);
  if (kind === 'list' && Array.isArray(f.value)) node.value = f.value.map((v) => typed(v, false));
  else if (typeof f.value === 'string') node.value = typed(f.value, kind === 'number');
  return node;
}

/** The FunnelQuery node, or null while a step is blank or not a valid event name (nothing is sent then). */
export function funnelQuery(s: FunnelState): FunnelQueryNode | null {
  if (s.steps.length < MIN_STEPS || !s.steps.every((step) => isEventName(step.event))) return null;
  const node: FunnelQueryNode = {
    kind: 'FunnelQuery',
    steps: s.steps.map((step) => {
      const filters = step.filters.filter(isValidFilter).map(filterNode);
      return filters.length ? { event: step.event, filters } : { event: step.event };
    }),
    window: s.window,
    order: s.order,
    aggregateBy: s.aggregateBy,
    dateRange: s.range,
    timezone: TIME_ZONE,
    trends: { interval: s.interval },
  };
  const exclusions = validExclusions(s.exclusions, s.steps.length);
  if (exclusions.length) node.exclusions = exclusions;
  if (s.breakdown) node.breakdown = { property: s.breakdown, limit: 10 };
  return node;
}

/**
 * The drop-offs at `step` (reached the step before, not this one). Without `breakdownValue` the list is of the whole
 * funnel (the breakdown only splits counts, so it is left out, as is the trend); with it, of that value only.
 */
export function actorsQuery(
  funnel: FunnelQueryNode,
  step: number,
  limit: number,
  offset = 0,
  breakdownValue: string | null = null,
): FunnelActorsQueryNode {
  const { breakdown, trends: _trends, ...rest } = funnel;
  if (breakdown && breakdownValue !== null) {
    return {
      kind: 'FunnelActorsQuery',
      funnel: { ...rest, breakdown },
      step,
      status: 'dropped',
      breakdownValue,
      limit,
      offset,
    };
  }
  return { kind: 'FunnelActorsQuery', funnel: rest, step, status: 'dropped', limit, offset };
}

/** Moves the item at `from` to `to` (both within bounds, else unchanged), returning a new array. */
export function move<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  if (from < 0 || from >= next.length || to < 0 || to >= next.length) return next;
  const [item] = next.splice(from, 1) as [T];
  next.splice(to, 0, item);
  return next;
}

/**
 * Removes step `i` with its filters. Exclusions keep pointing at the same steps (indexes after `i` shift down);
 * one that named the removed step as an end, or no longer spans two steps, is dropped.
 */
export function removeStep(s: FunnelState, i: number): FunnelState {
  const steps = s.steps.filter((_, j) => j !== i);
  const shift = (k: number) => (k > i ? k - 1 : k);
  const exclusions = s.exclusions
    .filter((x) => x.fromStep !== i && x.toStep !== i)
    .map((x) => ({ ...x, fromStep: shift(x.fromStep), toStep: shift(x.toStep) }));
  return {
    ...s,
    steps,
    exclusions: validExclusions(exclusions, steps.length),
    dropStep: Math.max(1, Math.min(s.dropStep, steps.length - 1)),
  };
}

/** Seconds as the largest whole-ish unit: [value, unit] with one decimal for values under 10. */
export function durationParts(seconds: number): [string, 'second' | 'minute' | 'hour' | 'day'] {
  const pick = (v: number) => (v < 10 ? String(Math.round(v * 10) / 10) : String(Math.round(v)));
  if (seconds < 60) return [pick(seconds), 'second'];
  if (seconds < 3600) return [pick(seconds / 60), 'minute'];
  if (seconds < 86_400) return [pick(seconds / 3600), 'hour'];
  return [pick(seconds / 86_400), 'day'];
}
