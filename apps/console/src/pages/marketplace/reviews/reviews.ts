/**
 * Reviews and supplier DSR, the pure parts: the page's URL state, a review's overall score and rating band, and
 * the DSR table's rows. The API gives each supplier's three DSR averages but no category average, so the table
 * compares each supplier with the average of the suppliers of its industry (weighted by their review counts) —
 * the marketplace's usual "vs. category" view.
 */
import type { Dsr, Review, Supplier } from './types';

export const REVIEW_TABS = ['reviews', 'dsr'] as const;
export type ReviewTab = (typeof REVIEW_TABS)[number];
export const RATING_BANDS = ['low', 'mid', 'high'] as const;
export type RatingBand = (typeof RATING_BANDS)[number];
export const DSR_WINDOWS = [30, 90, 180, 365] as const;
export const DSR_DIMENSIONS = ['description', 'shipping', 'response'] as const;
export type DsrDimension = (typeof DSR_DIMENSIONS)[number];

export type ReviewsState = { tab: ReviewTab; supplier?: string; rating?: RatingBand; days: number };

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : undefined;

export function reviewsStateFromParams(p: URLSearchParams): ReviewsState {
  const days = Number(p.get('days'));
  const s: ReviewsState = {
    tab: oneOf(REVIEW_TABS, p.get('tab')) ?? 'reviews',
    days: (DSR_WINDOWS as readonly number[]).includes(days) ? days : 180,
  };
  const supplier = p.get('supplier');
  if (supplier && /^[A-Za-z0-9_-]{1,64}$/.test(supplier)) s.supplier = supplier;
  const rating = oneOf(RATING_BANDS, p.get('rating'));
  if (rating) s.rating = rating;
  return s;
}

/** Writes the state into `current` (the tables' own parameters are kept). */
export function reviewsStateToParams(current: URLSearchParams, s: ReviewsState): URLSearchParams {
  const p = new URLSearchParams(current);
  for (const k of ['tab', 'supplier', 'rating', 'days']) p.delete(k);
  if (s.tab !== 'reviews') p.set('tab', s.tab);
  if (s.supplier) p.set('supplier', s.supplier);
  if (s.rating) p.set('rating', s.rating);
  if (s.days !== 180) p.set('days', String(s.days));
  return p;
}

export function reviewsApiPath(s: Pick<ReviewsState, 'supplier'>): string {
  return s.supplier ? `/api/reviews?supplierId=${encodeURIComponent(s.supplier)}` : '/api/reviews';
}

/** The mean of a review's three scores, to 2 decimals. */
export function reviewScore(r: Pick<Review, 'ratingDescription' | 'ratingShipping' | 'ratingResponse'>): number {
  return Math.round(((r.ratingDescription + r.ratingShipping + r.ratingResponse) / 3) * 100) / 100;
}

/** low: below 3, mid: 3 to below 4, high: 4 and above. */
export function ratingBand(score: number): RatingBand {
  return score < 3 ? 'low' : score < 4 ? 'mid' : 'high';
}

export function filterByBand<T extends Review>(reviews: readonly T[], band: RatingBand | undefined): T[] {
  return band ? reviews.filter((r) => ratingBand(reviewScore(r)) === band) : [...reviews];
}

export type DsrRow = {
  supplierId: string;
  name: string;
  industry: string;
  region: string;
  reviewCount: number;
  description: number | null;
  shipping: number | null;
  response: number | null;
  /** Mean of the three dimensions (null without reviews). */
  overall: number | null;
  /** The industry's review-weighted averages, per dimension. */
  industryAvg: Record<DsrDimension, number | null>;
  /** This supplier minus its industry's average, per dimension (null without reviews). */
  vsIndustry: Record<DsrDimension, number | null>;
};

const round2 = (n: number) => Math.round(n * 100) / 100;

export function dsrRows(suppliers: readonly Supplier[], dsrs: readonly Dsr[]): DsrRow[] {
  const bySupplier = new Map(dsrs.map((d) => [d.supplierId, d]));
  // Review-weighted sums per industry and dimension.
  const sums = new Map<string, Record<DsrDimension, { sum: number; n: number }>>();
  for (const s of suppliers) {
    const d = bySupplier.get(s.id);
    if (!d || d.reviewCount === 0) continue;
    const acc = sums.get(s.industry) ?? {
      description: { sum: 0, n: 0 },
      shipping: { sum: 0, n: 0 },
      response: { sum: 0, n: 0 },
    };
    for (const dim of DSR_DIMENSIONS) {
      const v = d[dim];
      if (v !== null) {
        acc[dim].sum += v * d.reviewCount;
        acc[dim].n += d.reviewCount;
      }
    }
    sums.set(s.industry, acc);
  }
  return suppliers.map((s) => {
    const d = bySupplier.get(s.id);
    const acc = sums.get(s.industry);
    const avg = Object.fromEntries(
      DSR_DIMENSIONS.map((dim) => [dim, acc && acc[dim].n > 0 ? round2(acc[dim].sum / acc[dim].n) : null]),
    ) as Record<DsrDimension, number | null>;
    const value = (dim: DsrDimension) => d?.[dim] ?? null;
    const vs = Object.fromEntries(
      DSR_DIMENSIONS.map((dim) => {
        const v = value(dim);
        const a = avg[dim];
        return [dim, v === null || a === null ? null : round2(v - a)];
      }),
    ) as Record<DsrDimension, number | null>;
    const present = DSR_DIMENSIONS.map(value).filter((v): v is number => v !== null);
    return {
      supplierId: s.id,
      name: s.name,
      industry: s.industry,
      region: s.region,
      reviewCount: d?.reviewCount ?? 0,
      description: value('description'),
      shipping: value('shipping'),
      response: value('response'),
      overall: present.length === 3 ? round2(present.reduce((a, b) => a + b, 0) / 3) : null,
      industryAvg: avg,
      vsIndustry: vs,
    };
  });
}

/** Runs `fn` over `items` with at most `limit` at a time, answers in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
