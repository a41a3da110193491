import type { Locale } from '../i18n/messages';

/**
 * Money arrives in integer minor units (fen for CNY, per DESIGN.md §5). `formatMoney(123456, 'zh-CN')` → `¥1,234.56`.
 * `compact` gives `¥1.2万` / `¥12K` for axis labels.
 */
export function formatMoney(
  minor: number | null | undefined,
  locale: Locale,
  options: { currency?: string; compact?: boolean } = {},
): string {
  if (minor === null || minor === undefined || !Number.isFinite(minor)) return '—';
  const currency = options.currency ?? 'CNY';
  const major = minor / 100;
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
    ...(options.compact
      ? { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 }
      : { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  }).format(major);
}

/** Whole counts with grouping: `12,345`. */
export function formatCount(n: number | null | undefined, locale: Locale): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}
