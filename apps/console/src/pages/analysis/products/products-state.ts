import { type DayRange, lastDays, rangeFromParams } from '../../../lib/period';
import {
  type CategoryNode,
  PRODUCT_ROLES,
  PRODUCT_STAGES,
  type ProductPerformanceNode,
  type ProductRole,
  type ProductStage,
  RANK_BY,
  type RankBy,
} from './types';

/**
 * The product performance page's state (in the URL) and the pure helpers behind it: the query node, the category
 * names, and the rules that decided each row's role and stage turned into messages of the operator's language.
 */
export const DEFAULT_DAYS = 90;
export const LIMITS = [50, 100, 200, 500, 1000] as const;
/** Enough rows that the medians the roles are judged by see more than the best sellers. */
export const DEFAULT_LIMIT = 200;
export const GROUPS = ['product', 'category'] as const;
export const INTERVALS = ['week', 'month'] as const;

export type ProductsState = {
  range: DayRange;
  groupBy: 'product' | 'category';
  interval: 'week' | 'month';
  /** What the server ranks by before keeping the first `limit` rows (the table sorts what it got). */
  rankBy: RankBy;
  limit: number;
};

const isOneOf = <T extends string>(list: readonly T[], v: string | null): v is T =>
  v !== null && (list as readonly string[]).includes(v);

export function stateFromParams(params: URLSearchParams, today: string): ProductsState {
  const group = params.get('group');
  const interval = params.get('interval');
  const rank = params.get('rank');
  const limit = Number(params.get('limit'));
  return {
    range: rangeFromParams(params, lastDays(today, DEFAULT_DAYS)),
    groupBy: isOneOf(GROUPS, group) ? group : 'product',
    interval: isOneOf(INTERVALS, interval) ? interval : 'week',
    rankBy: isOneOf(RANK_BY, rank) ? rank : 'gmv',
    limit: (LIMITS as readonly number[]).includes(limit) ? limit : DEFAULT_LIMIT,
  };
}

export function paramsFromState(params: URLSearchParams, s: ProductsState, today: string): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (k: string, v: string | null) => (v === null ? next.delete(k) : next.set(k, v));
  const dflt = lastDays(today, DEFAULT_DAYS);
  const sameRange = s.range.from === dflt.from && s.range.to === dflt.to;
  set('from', sameRange ? null : s.range.from);
  set('to', sameRange ? null : s.range.to);
  set('group', s.groupBy === 'product' ? null : s.groupBy);
  set('interval', s.interval === 'week' ? null : s.interval);
  set('rank', s.rankBy === 'gmv' ? null : s.rankBy);
  set('limit', s.limit === DEFAULT_LIMIT ? null : String(s.limit));
  return next;
}

export function productsQuery(s: ProductsState): ProductPerformanceNode {
  return {
    kind: 'ProductPerformanceQuery',
    groupBy: s.groupBy,
    interval: s.interval,
    sortBy: s.rankBy,
    limit: s.limit,
    dateRange: s.range,
  };
}

/** The table's role/stage filters live in DataTable's URL parameters (`f.role`, `f.stage`): one value or none. */
export function setColumnFilter(params: URLSearchParams, key: 'role' | 'stage', value: string | null): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value === null) next.delete(`f.${key}`);
  else next.set(`f.${key}`, value);
  next.delete('page');
  return next;
}

export function columnFilter<T extends string>(params: URLSearchParams, key: string, allowed: readonly T[]): T | null {
  const v = params.get(`f.${key}`);
  return isOneOf(allowed, v) ? v : null;
}
export const roleFilter = (p: URLSearchParams): ProductRole | null => columnFilter(p, 'role', PRODUCT_ROLES);
export const stageFilter = (p: URLSearchParams): ProductStage | null => columnFilter(p, 'stage', PRODUCT_STAGES);

/** Category id → "钢铁 / 板材" (the path of names from the root). */
export function categoryNames(tree: readonly CategoryNode[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (nodes: readonly CategoryNode[], prefix: string) => {
    for (const n of nodes) {
      const name = prefix ? `${prefix} / ${n.name}` : n.name;
      out.set(n.id, name);
      walk(n.children ?? [], name);
    }
  };
  walk(tree, '');
  return out;
}

/** Formatting the page passes in, so the rule helpers stay free of the locale machinery. */
export type RuleFormat = { money: (minor: number) => string; percent: (ratio: number) => string };

/** A rule as a message key (in the analysis-models catalogue) with its values; null when the text is not known. */
export type RuleMessage = { key: string; values: Record<string, string | number> };

const NUM = '(-?\\d+(?:\\.\\d+)?(?:e-?\\d+)?)';

/**
 * The server states why a row got its role in English facts (packages/analytics/src/products/classify.ts); this
 * reads those facts back so they can be shown in the operator's language. An unknown text is shown as it is.
 */
export function roleRuleMessage(rule: string, f: RuleFormat): RuleMessage | null {
  let m = new RegExp(`^${NUM}% of GMV under promotions ≥ ${NUM}%$`).exec(rule);
  if (m) return { key: 'productPerf.roleRule.promotion', values: { share: `${m[1]}%`, min: `${m[2]}%` } };
  m = new RegExp(`^margin rate ${NUM} ≥ median ${NUM}$`).exec(rule);
  if (m) {
    return {
      key: 'productPerf.roleRule.profit',
      values: { rate: f.percent(Number(m[1])), median: f.percent(Number(m[2])) },
    };
  }
  m = new RegExp(`^views ${NUM} ≥ median ${NUM}, no orders$`).exec(rule);
  if (m) return { key: 'productPerf.roleRule.trafficNoOrders', values: { views: m[1] ?? '', median: m[2] ?? '' } };
  m = new RegExp(`^views ${NUM} ≥ median ${NUM} and CVR ${NUM} < median ${NUM}$`).exec(rule);
  if (m) {
    return {
      key: 'productPerf.roleRule.trafficLowCvr',
      values: {
        views: m[1] ?? '',
        median: m[2] ?? '',
        cvr: f.percent(Number(m[3])),
        cvrMedian: f.percent(Number(m[4])),
      },
    };
  }
  if (rule === 'no promotion, profit or traffic rule matched: sells on volume') {
    return { key: 'productPerf.roleRule.volume', values: {} };
  }
  return null;
}

export function stageRuleMessage(rule: string, f: RuleFormat): RuleMessage | null {
  if (rule === 'no sales in the range yet') return { key: 'productPerf.stageRule.noSales', values: {} };
  if (rule === 'one period: no trend to read') return { key: 'productPerf.stageRule.onePeriod', values: {} };
  let m = /^first sale in period (\d+) of (\d+) \(second half\)$/.exec(rule);
  if (m) return { key: 'productPerf.stageRule.introduction', values: { period: m[1] ?? '', periods: m[2] ?? '' } };
  m = new RegExp(`^GMV second half ${NUM} vs first half ${NUM} \\(([+-]?\\d+(?:\\.\\d+)?)%\\)(.*)$`).exec(rule);
  if (m) {
    const tail = m[4] ?? '';
    const key =
      tail === ' ≥ +20%'
        ? 'productPerf.stageRule.growth'
        : tail === ' ≤ −20%'
          ? 'productPerf.stageRule.decline'
          : tail === ', within ±20%'
            ? 'productPerf.stageRule.maturity'
            : null;
    if (!key) return null;
    const change = m[3] ?? '0';
    return {
      key,
      values: {
        second: f.money(Number(m[1])),
        first: f.money(Number(m[2])),
        change: `${change.startsWith('-') || change.startsWith('+') ? '' : '+'}${change}%`,
      },
    };
  }
  return null;
}

/**
 * The role rule of the whole answer with its thresholds (medians over the rows): "profit if margin rate ≥ X
 * (median); traffic if views ≥ Y (median) and no orders or CVR < Z (median)". Missing thresholds read "—".
 */
export function roleSummaryMessage(rule: string, f: RuleFormat): RuleMessage | null {
  const m = new RegExp(
    `promotion if ≥ ${NUM}% of GMV sold under promotions; profit if margin rate ≥ (.+?) \\(median\\); traffic if views ≥ (.+?) \\(median\\) and no orders or CVR < (.+?) \\(median\\); otherwise volume`,
  ).exec(rule);
  if (!m) return null;
  const asPercent = (s: string | undefined) =>
    s !== undefined && new RegExp(`^${NUM}$`).test(s) ? f.percent(Number(s)) : '—';
  return {
    key: 'productPerf.rules.role',
    values: {
      promo: `${m[1]}%`,
      margin: asPercent(m[2]),
      views: m[3] !== undefined && new RegExp(`^${NUM}$`).test(m[3]) ? m[3] : '—',
      cvr: asPercent(m[4]),
    },
  };
}

/** A tiny inline trend: the SVG polyline points for `values` in a `width` × `height` box (empty for no sales). */
export function sparkPoints(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return '';
  const max = Math.max(...values);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((v, i) => {
      const y = max > 0 ? height - 1 - ((height - 2) * v) / max : height - 1;
      return `${Math.round(i * step * 10) / 10},${Math.round(y * 10) / 10}`;
    })
    .join(' ');
}
