import type { Interval } from '@tradeloop/schema';
import type { EventSqlDialect } from '@tradeloop/storage';

/**
 * What analytics needs from an engine's SQL beyond the event store's own dialect, as capability functions: runners
 * compose these and never branch on the engine. One implementation per engine (duckdb.ts, clickhouse.ts); add a
 * capability to both, with a case in the conformance suite that exercises it.
 */
export interface AnalyticsDialect extends EventSqlDialect {
  /**
   * The label of the period an epoch-ms expression falls in, in a time zone, as text: `YYYY-MM-DD` for day, week
   * (its Monday) and month (its 1st), `YYYY-MM-DD HH:00` for hour; the same labels as `periodLabel` in time.ts.
   */
  periodLabel(msExpr: string, interval: Interval, tz: string): string;
  /** A text expression as a double, NULL when it is not a number. */
  toNumber(textExpr: string): string;
  /** Case-insensitive substring test of a text expression against a literal. */
  containsText(textExpr: string, needle: string): string;
}
