import { duckDbDialect } from '@tradeloop/storage';
import type { AnalyticsDialect } from './types.js';

const FORMAT = { hour: '%Y-%m-%d %H:00', day: '%Y-%m-%d', week: '%Y-%m-%d', month: '%Y-%m-%d' } as const;

/** DuckDB: time zones through the bundled ICU extension (`timezone(tz, timestamptz)` gives the wall clock). */
export const duckDbAnalytics: AnalyticsDialect = {
  ...duckDbDialect,
  periodLabel(msExpr, interval, tz) {
    const local = `timezone(${duckDbDialect.stringLiteral(tz)}, to_timestamp(${msExpr} / 1000.0))`;
    return `strftime(date_trunc('${interval}', ${local}), '${FORMAT[interval]}')`;
  },
  toNumber: (textExpr) => `TRY_CAST(${textExpr} AS DOUBLE)`,
  containsText: (textExpr, needle) => `contains(lower(${textExpr}), lower(${duckDbDialect.stringLiteral(needle)}))`,
};
