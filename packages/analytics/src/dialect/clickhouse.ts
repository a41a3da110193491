import { clickHouseDialect } from '@tradeloop/storage';
import type { AnalyticsDialect } from './types.js';

/** ClickHouse 18.16: date functions take the time zone as an argument of toDateTime (and of formatDateTime). */
export const clickHouseAnalytics: AnalyticsDialect = {
  ...clickHouseDialect,
  periodLabel(msExpr, interval, tz) {
    const zone = clickHouseDialect.stringLiteral(tz);
    const local = `toDateTime(intDiv(${msExpr}, 1000), ${zone})`;
    switch (interval) {
      case 'hour':
        return `formatDateTime(toStartOfHour(${local}), '%Y-%m-%d %H:00', ${zone})`;
      case 'day':
        return `toString(toDate(${local}))`;
      case 'week':
        return `toString(toMonday(${local}))`;
      default:
        return `toString(toStartOfMonth(${local}))`;
    }
  },
  toNumber: (textExpr) => `toFloat64OrNull(toString(${textExpr}))`,
  containsText: (textExpr, needle) =>
    `(positionCaseInsensitiveUTF8(${textExpr}, ${clickHouseDialect.stringLiteral(needle)}) > 0)`,
};
