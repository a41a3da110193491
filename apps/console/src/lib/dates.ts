import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import type { Locale } from '../i18n/messages';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The display time zone (DESIGN.md §5: configurable, default Asia/Shanghai); queries use the same one. */
export const TIME_ZONE = 'Asia/Shanghai';

/** Today's date in the display time zone, `YYYY-MM-DD`. */
export function today(now: Date = new Date()): string {
  return dayjs(now).tz(TIME_ZONE).format('YYYY-MM-DD');
}

export function setDayjsLocale(locale: Locale): void {
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
}

/** A day label for charts: `11月30日` / `Nov 30`. */
export function shortDay(day: string, locale: Locale): string {
  const d = dayjs(day);
  return locale === 'zh-CN' ? d.format('M月D日') : d.locale('en').format('MMM D');
}
