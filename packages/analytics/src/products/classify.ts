import type { ProductPerformanceRow } from '@tradeloop/schema';

type Role = ProductPerformanceRow['role'];
type Stage = ProductPerformanceRow['stage'];

/** Share of GMV sold under promotions from which a product is a promotion product. */
export const PROMOTION_SHARE = 0.5;
/** Second-half GMV against first-half GMV: at least +20 % is growth, at least −20 % is decline. */
export const GROWTH = 1.2;
export const DECLINE = 0.8;

/** The median (mean of the two middle values for an even count), null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export type RoleInput = {
  views: number;
  orders: number;
  cvr: number | null;
  gmv: number;
  marginRate: number | null;
  promotedGmv: number;
};

export type RoleThresholds = { views: number | null; cvr: number | null; marginRate: number | null };

/**
 * Medians over the rows: of views (all rows), CVR (rows that sold: in a catalogue where most viewed products never
 * sell, the median over every viewed row is 0 and "converts below the median" could never hold), margin rate (rows
 * with a known margin).
 */
export function roleThresholds(rows: readonly RoleInput[]): RoleThresholds {
  return {
    views: median(rows.map((r) => r.views)),
    cvr: median(rows.flatMap((r) => (r.cvr === null || r.orders === 0 ? [] : [r.cvr]))),
    marginRate: median(rows.flatMap((r) => (r.marginRate === null ? [] : [r.marginRate]))),
  };
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
const num = (x: number) => String(Math.round(x * 1e4) / 1e4);

/** The role rule as shown with the result. */
export function roleRule(t: RoleThresholds): string {
  return (
    `first match: promotion if ≥ ${pct(PROMOTION_SHARE)} of GMV sold under promotions; profit if margin rate ≥ ` +
    `${t.marginRate === null ? '— (no known costs)' : num(t.marginRate)} (median); traffic if views ≥ ` +
    `${t.views === null ? '—' : num(t.views)} (median) and no orders or CVR < ${t.cvr === null ? '—' : num(t.cvr)} ` +
    '(median); otherwise volume'
  );
}

/** A row's role with the facts that decided it (first matching rule of roleRule). */
export function classifyRole(r: RoleInput, t: RoleThresholds): { role: Role; roleRule: string } {
  const promoShare = r.gmv > 0 ? r.promotedGmv / r.gmv : 0;
  if (r.gmv > 0 && promoShare >= PROMOTION_SHARE) {
    return { role: 'promotion', roleRule: `${pct(promoShare)} of GMV under promotions ≥ ${pct(PROMOTION_SHARE)}` };
  }
  if (r.marginRate !== null && t.marginRate !== null && r.marginRate >= t.marginRate) {
    return { role: 'profit', roleRule: `margin rate ${num(r.marginRate)} ≥ median ${num(t.marginRate)}` };
  }
  if (t.views !== null && r.views >= t.views && r.views > 0) {
    if (r.orders === 0) return { role: 'traffic', roleRule: `views ${r.views} ≥ median ${num(t.views)}, no orders` };
    if (r.cvr !== null && t.cvr !== null && r.cvr < t.cvr) {
      return {
        role: 'traffic',
        roleRule: `views ${r.views} ≥ median ${num(t.views)} and CVR ${num(r.cvr)} < median ${num(t.cvr)}`,
      };
    }
  }
  return { role: 'volume', roleRule: 'no promotion, profit or traffic rule matched: sells on volume' };
}

/** The stage rule as shown with the result. */
export const STAGE_RULE =
  'GMV of the second half of the periods against the first half (the middle period of an odd count left out): ' +
  'introduction if the first sale falls in the second half (or there is none), growth if ≥ +20 %, decline if ≤ −20 %, ' +
  'otherwise maturity; with one period, maturity when it sold';

/** A row's lifecycle stage from its GMV per period (oldest first), with the facts that decided it. */
export function classifyStage(trend: readonly number[]): { stage: Stage; stageRule: string } {
  const n = trend.length;
  const firstSale = trend.findIndex((g) => g > 0);
  if (firstSale < 0) return { stage: 'introduction', stageRule: 'no sales in the range yet' };
  if (n < 2) return { stage: 'maturity', stageRule: 'one period: no trend to read' };
  const half = Math.floor(n / 2);
  const first = trend.slice(0, half).reduce((a, b) => a + b, 0);
  const second = trend.slice(n - half).reduce((a, b) => a + b, 0);
  if (firstSale >= n - half) {
    return { stage: 'introduction', stageRule: `first sale in period ${firstSale + 1} of ${n} (second half)` };
  }
  const change = first > 0 ? second / first - 1 : 0;
  const facts = `GMV second half ${second} vs first half ${first} (${change >= 0 ? '+' : ''}${pct(change)})`;
  if (second >= first * GROWTH) return { stage: 'growth', stageRule: `${facts} ≥ +20%` };
  if (second <= first * DECLINE) return { stage: 'decline', stageRule: `${facts} ≤ −20%` };
  return { stage: 'maturity', stageRule: `${facts}, within ±20%` };
}
