import type { EventSqlDialect } from '@tradeloop/storage';
import { clickHouseAnalytics } from './clickhouse.js';
import { duckDbAnalytics } from './duckdb.js';
import type { AnalyticsDialect } from './types.js';

export type { AnalyticsDialect } from './types.js';

/** The analytics dialect of an event store's engine. */
export function analyticsDialect(base: EventSqlDialect): AnalyticsDialect {
  return base.engine === 'clickhouse' ? clickHouseAnalytics : duckDbAnalytics;
}
