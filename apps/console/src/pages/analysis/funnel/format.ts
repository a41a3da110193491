import dayjs from 'dayjs';
import type { Locale, MessageKey } from '../../../i18n/messages';
import { TIME_ZONE } from '../../../lib/dates';
import type { FilterState } from '../funnel-state';
import { durationParts } from '../funnel-state';
import { operatorValue } from './properties';
import type { Interval, PropertyRef } from './types';

/** The translate function of usePreferences(). */
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export const stepLabel = (i: number, event: string) => `${i + 1}. ${event}`;

export const percent = (v: number, locale: Locale) =>
  new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);

export function duration(seconds: number | null, t: Translate): string {
  if (seconds === null) return '—';
  const [n, unit] = durationParts(seconds);
  return t(`funnel.dur.${unit}` as MessageKey, { n });
}

export const enteredAt = (iso: string) => dayjs(iso).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm');

/** A property as operators read it: organisation attributes by their translated name, others by their own name. */
export function propertyText(p: PropertyRef, t: Translate): string {
  return p.source === 'organization' ? t(`funnel.org.${p.name}` as MessageKey) : p.name;
}

/** `slot 等于 search`, `region 属于 north, east`, `utm_source 有值`. */
export function filterText(f: FilterState, t: Translate): string {
  const op = t(`funnel.op.${f.operator}` as MessageKey);
  const head = `${propertyText(f.property, t)} ${op}`;
  if (operatorValue(f.operator) === 'none' || f.value === null) return head;
  return `${head} ${Array.isArray(f.value) ? f.value.join(', ') : f.value}`;
}

/** A trend period's label: a day (or the Monday of a week), a month, or an hour. */
export function periodText(period: string, interval: Interval, locale: Locale): string {
  const d = dayjs(period);
  const zh = locale === 'zh-CN';
  if (interval === 'hour') return zh ? d.format('M月D日 HH:00') : d.locale('en').format('MMM D HH:00');
  if (interval === 'month') return zh ? d.format('YYYY年M月') : d.locale('en').format('MMM YYYY');
  return zh ? d.format('M月D日') : d.locale('en').format('MMM D');
}
