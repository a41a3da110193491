import { type DayRange, lastDays, rangeFromParams } from '../../../lib/period';
import { ATTRIBUTION_MODELS, type AttributionModel, type AttributionQueryNode, type AttributionResult } from './types';

/**
 * The attribution page's state (all of it in the URL, so a link reproduces the view) and the pure shaping of the
 * answer into the grouped bars, the channel × model table, the paths table and the path Sankey.
 */

/** The conversions the page offers, with the property that holds their value (none for signups and RFQs). */
export const CONVERSIONS = {
  order_paid: 'total',
  order_placed: 'total',
  rfq_submitted: null,
  signup: null,
} as const satisfies Record<string, string | null>;
export type ConversionKey = keyof typeof CONVERSIONS;

export const LOOKBACK_UNITS = ['day', 'week'] as const;
export const AGGREGATES = ['person', 'organization'] as const;
export const METRICS = ['conversions', 'value'] as const;
export type Metric = (typeof METRICS)[number];

/** The label of the channel that conversions without any touchpoint are credited to. */
export const DIRECT = '(direct)';
/** How many of the most frequent paths the query lists (and the Sankey draws). */
export const PATH_LIMIT = 20;
export const DEFAULT_DAYS = 90;

export type AttributionState = {
  range: DayRange;
  conversion: ConversionKey;
  lookback: { value: number; unit: 'day' | 'week' };
  models: AttributionModel[];
  aggregateBy: 'person' | 'organization';
  metric: Metric;
};

const isOneOf = <T extends string>(list: readonly T[], v: string | null): v is T =>
  v !== null && (list as readonly string[]).includes(v);

export function stateFromParams(params: URLSearchParams, today: string): AttributionState {
  const conv = params.get('conv');
  const unit = params.get('lbu');
  const lb = Number(params.get('lb'));
  const models = (params.get('models') ?? '')
    .split(',')
    .filter((m): m is AttributionModel => isOneOf(ATTRIBUTION_MODELS, m));
  const by = params.get('by');
  const metric = params.get('metric');
  const lookbackUnit = isOneOf(LOOKBACK_UNITS, unit) ? unit : 'day';
  const maxLookback = lookbackUnit === 'day' ? 365 : 52;
  return {
    range: rangeFromParams(params, lastDays(today, DEFAULT_DAYS)),
    conversion: conv !== null && conv in CONVERSIONS ? (conv as ConversionKey) : 'order_paid',
    lookback: {
      value: Number.isInteger(lb) && lb >= 1 && lb <= maxLookback ? lb : 30,
      unit: lookbackUnit,
    },
    // In the page's order, without repeats; all six when none is named.
    models: models.length ? ATTRIBUTION_MODELS.filter((m) => models.includes(m)) : [...ATTRIBUTION_MODELS],
    aggregateBy: isOneOf(AGGREGATES, by) ? by : 'person',
    metric: isOneOf(METRICS, metric) ? metric : 'conversions',
  };
}

/** Writes the state into a copy of `params`, keeping the tables' own parameters; defaults are left out. */
export function paramsFromState(params: URLSearchParams, s: AttributionState, today: string): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (k: string, v: string | null) => (v === null ? next.delete(k) : next.set(k, v));
  const dflt = lastDays(today, DEFAULT_DAYS);
  const sameRange = s.range.from === dflt.from && s.range.to === dflt.to;
  set('from', sameRange ? null : s.range.from);
  set('to', sameRange ? null : s.range.to);
  set('conv', s.conversion === 'order_paid' ? null : s.conversion);
  set('lb', s.lookback.value === 30 && s.lookback.unit === 'day' ? null : String(s.lookback.value));
  set('lbu', s.lookback.unit === 'day' ? null : s.lookback.unit);
  set('models', s.models.length === ATTRIBUTION_MODELS.length ? null : s.models.join(','));
  set('by', s.aggregateBy === 'person' ? null : s.aggregateBy);
  set('metric', s.metric === 'conversions' ? null : s.metric);
  return next;
}

/** The query node for the state (the value metric needs a conversion that carries a value). */
export function attributionQuery(s: AttributionState): AttributionQueryNode {
  const valueProperty = CONVERSIONS[s.conversion];
  return {
    kind: 'AttributionQuery',
    conversion: valueProperty ? { event: s.conversion, valueProperty } : { event: s.conversion },
    lookback: s.lookback,
    models: s.models,
    pathLimit: PATH_LIMIT,
    aggregateBy: s.aggregateBy,
    dateRange: s.range,
  };
}

export const hasValue = (s: AttributionState): boolean => CONVERSIONS[s.conversion] !== null;

/** Channels ordered by their credit summed over the shown models (largest first), "(direct)" included. */
export function orderedChannels(result: AttributionResult, models: readonly AttributionModel[], metric: Metric) {
  const total = (c: AttributionResult['channels'][number]) =>
    models.reduce((n, m) => n + (c.credit[m]?.[metric] ?? 0), 0);
  return [...result.channels].sort((a, b) => total(b) - total(a) || a.channel.localeCompare(b.channel));
}

/** Grouped bars: one category per channel, one series per model. */
export function barSeries(
  result: AttributionResult,
  models: readonly AttributionModel[],
  metric: Metric,
): { channels: string[]; series: { model: AttributionModel; data: number[] }[] } {
  const channels = orderedChannels(result, models, metric);
  return {
    channels: channels.map((c) => c.channel),
    series: models.map((model) => ({
      model,
      data: channels.map((c) => round(c.credit[model]?.[metric] ?? 0, metric === 'value' ? 0 : 2)),
    })),
  };
}

export type CreditRow = {
  key: string;
  channel: string;
  model: AttributionModel;
  conversions: number;
  /** Credited value, minor units. */
  value: number;
  /** This channel's share of the model's credited conversions (0..1). */
  share: number;
  /** Markov only: the share of conversions lost without the channel. */
  removalEffect: number | null;
};

/** The channel × model table: a row per channel and shown model, shares within each model. */
export function creditRows(result: AttributionResult, models: readonly AttributionModel[]): CreditRow[] {
  const channels = orderedChannels(result, models, 'conversions');
  const rows: CreditRow[] = [];
  for (const c of channels) {
    for (const model of models) {
      const credit = c.credit[model];
      if (!credit) continue;
      const total = result.channels.reduce((n, x) => n + (x.credit[model]?.conversions ?? 0), 0);
      rows.push({
        key: `${c.channel}\u0000${model}`,
        channel: c.channel,
        model,
        conversions: round(credit.conversions, 2),
        value: Math.round(credit.value),
        share: total > 0 ? credit.conversions / total : 0,
        removalEffect: model === 'markov' ? (result.removalEffects?.[c.channel] ?? null) : null,
      });
    }
  }
  return rows;
}

export type PathRow = { key: string; path: string[]; steps: number; conversions: number; value: number; share: number };

/** The listed paths, most frequent first, with their share of all conversions. */
export function pathRows(result: AttributionResult): PathRow[] {
  return result.paths.map((p) => ({
    key: p.path.join('\u0000'),
    path: p.path,
    steps: p.path.length,
    conversions: p.conversions,
    value: Math.round(p.value),
    share: result.conversions > 0 ? p.conversions / result.conversions : 0,
  }));
}

export type SankeyData = {
  nodes: { name: string; depth: number; channel: string }[];
  links: { source: string; target: string; value: number }[];
};

/**
 * The paths as a left-to-right Sankey: a node per (position, channel), so a path that comes back to a channel
 * (A → B → A) stays acyclic, and every path ends in the conversion node. `label` names the conversion node.
 */
export function pathSankey(paths: AttributionResult['paths'], conversionLabel: string): SankeyData {
  const nodes = new Map<string, { name: string; depth: number; channel: string }>();
  const links = new Map<string, { source: string; target: string; value: number }>();
  const node = (depth: number, channel: string) => {
    const name = `${depth + 1}. ${channel}`;
    if (!nodes.has(name)) nodes.set(name, { name, depth, channel });
    return name;
  };
  const maxDepth = Math.max(0, ...paths.map((p) => p.path.length));
  const end = conversionLabel;
  for (const p of paths) {
    if (p.conversions <= 0 || p.path.length === 0) continue;
    const names = p.path.map((c, i) => node(i, c));
    names.push(end);
    for (let i = 0; i + 1 < names.length; i++) {
      const key = `${names[i]}\u0000${names[i + 1]}`;
      const link = links.get(key) ?? { source: names[i] as string, target: names[i + 1] as string, value: 0 };
      link.value += p.conversions;
      links.set(key, link);
    }
  }
  if (links.size > 0) nodes.set(end, { name: end, depth: maxDepth, channel: end });
  return { nodes: [...nodes.values()], links: [...links.values()] };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
