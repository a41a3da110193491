/**
 * Price tiers: the unit price of a quantity and the checks the server makes on a tier table (packages/schema
 * PriceTiers + ProductUpdate), run in the editor first so an operator sees the row at fault before saving.
 */
import type { PriceTier } from './types';

/** The unit price of `quantity`: the last tier whose minQuantity it reaches; undefined below the first (the MOQ). */
export function tierPriceFor(tiers: readonly PriceTier[], quantity: number): number | undefined {
  let price: number | undefined;
  for (const t of tiers) if (quantity >= t.minQuantity) price = t.unitPrice;
  return price;
}

/** A problem with one tier field, with the path the server would name (`['tiers', i, field]`). */
export type TierIssue = { index: number; field: 'minQuantity' | 'unitPrice'; message: TierIssueKind };
export type TierIssueKind = 'required' | 'firstIsMoq' | 'increasing' | 'nonIncreasingPrice' | 'positive';

/** Editor rows: an input may be empty while the operator types. */
export type TierDraft = { minQuantity: number | null; unitPrice: number | null };

/**
 * The issues of a tier table for a product with MOQ `moq`: every field set and positive, the first minQuantity
 * equal to the MOQ, minQuantity strictly increasing, unitPrice non-increasing. Empty when the table may be saved.
 */
export function tierIssues(moq: number, tiers: readonly TierDraft[]): TierIssue[] {
  const issues: TierIssue[] = [];
  tiers.forEach((t, i) => {
    for (const field of ['minQuantity', 'unitPrice'] as const) {
      const v = t[field];
      if (v === null || !Number.isFinite(v)) issues.push({ index: i, field, message: 'required' });
      else if (!Number.isInteger(v) || v < 1) issues.push({ index: i, field, message: 'positive' });
    }
  });
  if (issues.length) return issues;
  const first = tiers[0];
  if (first && first.minQuantity !== moq) issues.push({ index: 0, field: 'minQuantity', message: 'firstIsMoq' });
  for (let i = 1; i < tiers.length; i++) {
    const prev = tiers[i - 1] as PriceTier;
    const tier = tiers[i] as PriceTier;
    if (tier.minQuantity <= prev.minQuantity) issues.push({ index: i, field: 'minQuantity', message: 'increasing' });
    else if (tier.unitPrice > prev.unitPrice)
      issues.push({ index: i, field: 'unitPrice', message: 'nonIncreasingPrice' });
  }
  return issues;
}

/** Yuan as typed (two decimals at most) ↔ fen, without floating-point drift (12.34 → 1234, not 1233.9999). */
export const yuanToFen = (yuan: number): number => Math.round(yuan * 100);
export const fenToYuan = (fen: number): number => fen / 100;

/**
 * The PATCH body saving an edited MOQ, status and tiers: only what changed, and the tiers with any MOQ change
 * (the server needs both together). Null when nothing changed.
 */
export function productPatch(
  before: { moq: number; status: string; tiers: readonly PriceTier[] },
  after: { moq: number; status: string; tiers: readonly PriceTier[] },
): { moq?: number; status?: string; tiers?: PriceTier[] } | null {
  const body: { moq?: number; status?: string; tiers?: PriceTier[] } = {};
  const tiersChanged = JSON.stringify(before.tiers) !== JSON.stringify(after.tiers);
  if (after.moq !== before.moq) body.moq = after.moq;
  if (after.status !== before.status) body.status = after.status;
  if (tiersChanged || body.moq !== undefined) body.tiers = after.tiers.map((t) => ({ ...t }));
  return Object.keys(body).length ? body : null;
}
