import type { PropertyRef, TrendLine, TrendSeries, TrendsQuery, TrendsResult } from '../../../api/types';
import { TIME_ZONE } from '../../../lib/dates';
import { type DayRange, isDay, lastDays } from '../../../lib/period';
import { EVENT_FIELDS, isEventName, isPropertyName, ORGANIZATION_FIELDS } from './catalogue';

/**
 * The trends builder's state and the TrendsQuery it sends (packages/schema/src/query/trends.ts). The state lives in
 * the URL, so a link opens the same chart:
 * `?s=order_paid~sum~total&s=order_paid~unique_organizations&f=A%20%2F%20B~ARPU&interval=week
 *  &bd=organization:region&from=…&to=…` — a series is `event~math[~property]`, a formula `expression~name`, the
 * breakdown `source:name`. Malformed parts are dropped or take their default; a state the schema would refuse
 * (a sum without a property, a formula naming a missing series) is reported and not sent.
 */
export const MATHS = ['count', 'unique_persons', 'unique_organizations', 'sum', 'avg', 'min', 'max', 'median'] as const;
export type TrendMath = (typeof MATHS)[number];
export const NUMERIC_MATHS: readonly TrendMath[] = ['sum', 'avg', 'min', 'max', 'median'];
export const INTERVALS = ['hour', 'day', 'week', 'month'] as const;
export type TrendInterval = (typeof INTERVALS)[number];
export const SOURCES = ['event', 'event_field', 'person', 'organization'] as const;
export const MAX_SERIES = 10;
export const MAX_FORMULAS = 5;
export const BREAKDOWN_LIMIT = 10;
/** Money properties of the standard events: integer minor units (fen). */
export const MONEY_PROPERTIES = ['total', 'unitPrice', 'targetUnitPrice', 'discount'];

export type SeriesState = { event: string; math: TrendMath; property: string };
export type FormulaState = { expression: string; name: string };
export type TrendsState = {
  series: SeriesState[];
  formulas: FormulaState[];
  interval: TrendInterval;
  breakdown: PropertyRef | null;
  range: DayRange;
};

export const DEFAULT_SERIES: SeriesState = { event: 'order_paid', math: 'count', property: '' };
const FORMULA = /^[A-Z0-9+\-*/(). ]+$/;

const oneOf = <T extends string>(values: readonly T[], v: string | null | undefined, fallback: T): T =>
  v !== null && v !== undefined && (values as readonly string[]).includes(v) ? (v as T) : fallback;

/** `A`, `B`, ... for series 0, 1, ... */
export const letter = (i: number) => String.fromCharCode(65 + i);
export const isNumericMath = (m: TrendMath) => NUMERIC_MATHS.includes(m);

export function parseSeries(raw: string): SeriesState | null {
  const [event = '', math, property = ''] = raw.split('~');
  if (!(event === '$any' || isEventName(event))) return null;
  const m = oneOf(MATHS, math, 'count');
  return { event, math: m, property: isNumericMath(m) && isPropertyName(property) ? property : '' };
}

export function parseBreakdown(raw: string | null): PropertyRef | null {
  if (!raw) return null;
  const at = raw.indexOf(':');
  const source = raw.slice(0, at);
  const name = raw.slice(at + 1);
  if (source === 'event' || source === 'person') return isPropertyName(name) ? { source, name } : null;
  if (source === 'event_field') return (EVENT_FIELDS as readonly string[]).includes(name) ? { source, name } : null;
  if (source === 'organization') {
    return (ORGANIZATION_FIELDS as readonly string[]).includes(name) ? { source, name } : null;
  }
  return null;
}

export const breakdownKey = (b: PropertyRef) => `${b.source}:${b.name}`;

export function stateFromParams(params: URLSearchParams, today: string): TrendsState {
  const series = params
    .getAll('s')
    .map(parseSeries)
    .filter((s): s is SeriesState => s !== null)
    .slice(0, MAX_SERIES);
  const formulas = params
    .getAll('f')
    .map((raw) => {
      const at = raw.indexOf('~');
      const expression = (at < 0 ? raw : raw.slice(0, at)).trim();
      const name = (at < 0 ? '' : raw.slice(at + 1)).trim().slice(0, 100);
      return { expression, name: name || expression };
    })
    .filter((f) => f.expression !== '' && f.expression.length <= 200)
    .slice(0, MAX_FORMULAS);
  const from = params.get('from');
  const to = params.get('to');
  return {
    series: series.length ? series : [DEFAULT_SERIES],
    formulas,
    interval: oneOf(INTERVALS, params.get('interval'), 'day'),
    breakdown: parseBreakdown(params.get('bd')),
    range: isDay(from) && isDay(to) && from <= to ? { from, to } : lastDays(today, 30),
  };
}

export function paramsFromState(s: TrendsState): URLSearchParams {
  const p = new URLSearchParams();
  for (const x of s.series) p.append('s', [x.event, x.math, ...(x.property ? [x.property] : [])].join('~'));
  for (const f of s.formulas) p.append('f', `${f.expression}~${f.name}`);
  p.set('interval', s.interval);
  if (s.breakdown) p.set('bd', breakdownKey(s.breakdown));
  p.set('from', s.range.from);
  p.set('to', s.range.to);
  return p;
}

export type Problem =
  | { kind: 'needsProperty'; series: string }
  | { kind: 'badFormula'; formula: string }
  | { kind: 'missingSeries'; formula: string; series: string };

/** What the schema would refuse, named for the operator (nothing is sent while there is any). */
export function problems(s: TrendsState): Problem[] {
  const out: Problem[] = [];
  s.series.forEach((x, i) => {
    if (isNumericMath(x.math) && !x.property) out.push({ kind: 'needsProperty', series: letter(i) });
  });
  for (const f of s.formulas) {
    if (!FORMULA.test(f.expression)) {
      out.push({ kind: 'badFormula', formula: f.expression });
      continue;
    }
    for (const l of new Set(f.expression.match(/[A-Z]/g) ?? [])) {
      if (l.charCodeAt(0) - 65 >= s.series.length)
        out.push({ kind: 'missingSeries', formula: f.expression, series: l });
    }
  }
  return out;
}

/** The TrendsQuery node, or null while the state has a problem. */
export function trendsQuery(s: TrendsState): TrendsQuery | null {
  if (problems(s).length) return null;
  const node: TrendsQuery = {
    kind: 'TrendsQuery',
    series: s.series.map((x): TrendSeries => {
      const series: TrendSeries = { event: x.event, math: x.math };
      if (isNumericMath(x.math)) series.property = x.property;
      return series;
    }),
    formulas: s.formulas.map((f) => ({ name: f.name, expression: f.expression })),
    interval: s.interval,
    dateRange: s.range,
    timezone: TIME_ZONE,
  };
  if (s.breakdown) node.breakdown = { property: s.breakdown, limit: BREAKDOWN_LIMIT };
  return node;
}

/** Removing series i renames the later ones (B becomes A...): formulas naming it are dropped, the others follow. */
export function removeSeries(s: TrendsState, i: number): TrendsState {
  const gone = letter(i);
  const formulas = s.formulas
    .filter((f) => !f.expression.includes(gone))
    .map((f) => {
      const shift = (e: string) =>
        e.replace(/[A-Z]/g, (l) => (l > gone ? String.fromCharCode(l.charCodeAt(0) - 1) : l));
      return { expression: shift(f.expression), name: f.name === f.expression ? shift(f.expression) : f.name };
    });
  return { ...s, series: s.series.filter((_, j) => j !== i), formulas };
}

/** Whether a line's values are money (minor units): a numeric aggregate of a money property. */
export function isMoneyLine(s: TrendsState, line: TrendLine): boolean {
  if (line.series === null) return false;
  const x = s.series[line.series];
  return x !== undefined && isNumericMath(x.math) && MONEY_PROPERTIES.includes(x.property);
}

export type TableRow = {
  key: string;
  name: string;
  breakdown: string | null;
  money: boolean;
  formula: boolean;
  total: number | null;
  data: (number | null)[];
};

/** One table row per line (series or formula, per breakdown value), in the answer's order. */
export function tableRows(s: TrendsState, result: TrendsResult, label: (line: TrendLine) => string): TableRow[] {
  return result.lines.map((line, i) => ({
    key: `${i}`,
    name: label(line),
    breakdown: line.breakdownValue,
    money: isMoneyLine(s, line),
    formula: line.series === null,
    total: line.total,
    data: line.data,
  }));
}

/** A value as exported: money in major units (yuan, 2 decimals), others rounded to 4 decimals; null stays empty. */
export function exportValue(v: number | null, money: boolean): number | null {
  if (v === null) return null;
  return money ? Math.round(v) / 100 : Math.round(v * 10_000) / 10_000;
}
