/**
 * The marketing page's pure parts: its URL state (`?tab=&status=&code=&page=&size=`), the create forms' values →
 * the API's request bodies (money typed in yuan → minor units; days picked in the display time zone → instants,
 * the last day included), and where a coupon/promotion/bundle stands in its validity window.
 */
import dayjs from 'dayjs';
import { TIME_ZONE } from '../../../lib/dates';
import type { Status } from './types';

export const MARKETING_TABS = ['coupons', 'promotions', 'bundles'] as const;
export type MarketingTab = (typeof MARKETING_TABS)[number];
export const STATUSES = ['active', 'disabled'] as const;
export const PAGE_SIZES = [20, 50, 100] as const;

export type MarketingState = { tab: MarketingTab; status?: Status; code?: string; page: number; size: number };

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : undefined;

export function marketingStateFromParams(p: URLSearchParams): MarketingState {
  const page = Number(p.get('page'));
  const size = Number(p.get('size'));
  const state: MarketingState = {
    tab: oneOf(MARKETING_TABS, p.get('tab')) ?? 'coupons',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : 20,
  };
  const status = oneOf(STATUSES, p.get('status'));
  if (status) state.status = status;
  const code = p.get('code')?.trim().toUpperCase();
  if (code && state.tab === 'coupons' && /^[A-Z0-9_-]{1,32}$/.test(code)) state.code = code;
  return state;
}

export function marketingStateToParams(s: MarketingState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.tab !== 'coupons') p.set('tab', s.tab);
  if (s.status) p.set('status', s.status);
  if (s.code && s.tab === 'coupons') p.set('code', s.code);
  if (s.page !== 1) p.set('page', String(s.page));
  if (s.size !== 20) p.set('size', String(s.size));
  return p;
}

/** The list's API path (`GET /api/coupons|promotions|bundles?limit&offset&status&code`). */
export function marketingApiPath(s: MarketingState): string {
  const p = new URLSearchParams({ limit: String(s.size), offset: String((s.page - 1) * s.size) });
  if (s.status) p.set('status', s.status);
  if (s.code && s.tab === 'coupons') p.set('code', s.code);
  return `/api/${s.tab}?${p}`;
}

/** Yuan typed in a form → integer minor units (fen). */
export function toMinor(yuan: number): number {
  return Math.round(yuan * 100);
}

/** The first instant of `day` (YYYY-MM-DD) in the display time zone. */
export function dayStart(day: string): string {
  return dayjs.tz(day, TIME_ZONE).toISOString();
}

/** The end of a window whose last day is `day`: the first instant of the next day (windows are end-exclusive). */
export function dayEnd(day: string): string {
  return dayjs.tz(day, TIME_ZONE).add(1, 'day').toISOString();
}

/** The last day of an end-exclusive window, for display (`…T16:00:00Z` in Shanghai → the day before). */
export function lastDay(endExclusive: string): string {
  return dayjs(endExclusive).tz(TIME_ZONE).subtract(1, 'millisecond').format('YYYY-MM-DD');
}

export function firstDay(start: string): string {
  return dayjs(start).tz(TIME_ZONE).format('YYYY-MM-DD');
}

export type CouponForm = {
  code: string;
  name: string;
  kind: 'amount_off' | 'percent_off';
  amountOff?: number | null;
  percentOff?: number | null;
  threshold?: number | null;
  validFrom: string;
  validUntil: string;
  perOrgLimit?: number | null;
  totalLimit?: number | null;
};

/** The form's values → `POST /api/coupons`. The server checks the cross-field rules and answers on the field. */
export function couponRequest(f: CouponForm): Record<string, unknown> {
  const body: Record<string, unknown> = {
    code: f.code.trim(),
    name: f.name.trim(),
    kind: f.kind,
    currency: 'CNY',
    threshold: toMinor(f.threshold ?? 0),
    validFrom: dayStart(f.validFrom),
    validUntil: dayEnd(f.validUntil),
    perOrgLimit: f.perOrgLimit ?? 1,
  };
  if (f.kind === 'amount_off' && f.amountOff !== undefined && f.amountOff !== null)
    body.amountOff = toMinor(f.amountOff);
  if (f.kind === 'percent_off' && f.percentOff !== undefined && f.percentOff !== null) body.percentOff = f.percentOff;
  if (f.totalLimit !== undefined && f.totalLimit !== null) body.totalLimit = f.totalLimit;
  return body;
}

export type PromotionForm = {
  name: string;
  kind: 'price' | 'percent_off';
  percentOff?: number | null;
  startsAt: string;
  endsAt: string;
  products: { productId: string; unitPrice?: number | null }[];
};

export function promotionRequest(f: PromotionForm): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: f.name.trim(),
    kind: f.kind,
    startsAt: dayStart(f.startsAt),
    endsAt: dayEnd(f.endsAt),
    products: f.products.map((p) =>
      f.kind === 'price' && p.unitPrice !== undefined && p.unitPrice !== null
        ? { productId: p.productId, unitPrice: toMinor(p.unitPrice) }
        : { productId: p.productId },
    ),
  };
  if (f.kind === 'percent_off' && f.percentOff !== undefined && f.percentOff !== null) body.percentOff = f.percentOff;
  return body;
}

export type BundleForm = {
  name: string;
  price: number;
  startsAt?: string | null;
  endsAt?: string | null;
  items: { productId: string; quantity: number }[];
};

export function bundleRequest(f: BundleForm): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: f.name.trim(),
    price: toMinor(f.price),
    currency: 'CNY',
    items: f.items.map((i) => ({ productId: i.productId, quantity: i.quantity })),
  };
  if (f.startsAt) body.startsAt = dayStart(f.startsAt);
  if (f.endsAt) body.endsAt = dayEnd(f.endsAt);
  return body;
}

export type Validity = 'scheduled' | 'running' | 'ended' | 'disabled';

/** Where an offer stands: disabled, not started, running, or over (`from`/`until` end-exclusive, null = open). */
export function validity(status: Status, from: string | null, until: string | null, now: Date = new Date()): Validity {
  if (status === 'disabled') return 'disabled';
  const t = now.toISOString();
  if (from !== null && t < new Date(from).toISOString()) return 'scheduled';
  if (until !== null && t >= new Date(until).toISOString()) return 'ended';
  return 'running';
}
