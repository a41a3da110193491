import type { DateRange } from '@tradeloop/schema';
import { AnalyticsError } from '../errors.js';
import { resolveDateRange } from '../time.js';

/** `[fromMs, toMs)` of a query's date range in its time zone, or an `invalid_query` error naming dateRange.to. */
export function queryRange(node: { dateRange: DateRange; timezone: string }): { fromMs: number; toMs: number } {
  try {
    return resolveDateRange(node.dateRange, node.timezone);
  } catch (error) {
    if (error instanceof RangeError) throw new AnalyticsError('invalid_query', error.message, ['dateRange', 'to']);
    throw error;
  }
}
