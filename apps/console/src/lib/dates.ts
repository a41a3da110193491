import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import type { Locale } from '../i18n/messages';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * The display time zone (DESIGN.md §5: configurable, default Asia/Shanghai): the server's TRADELOOP_TIME_ZONE, set
 * from GET /api/me before any page renders; dates are shown in it and queries count days in it. A live binding:
 * modules that import it read the current value.
 */
export let TIME_ZONE = 'Asia/Shanghai';

export function setTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    TIME_ZONE = tz;
  } catch {
    // Not a zone this browser knows: keep the default rather than break every date on the page.
  }
}

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
