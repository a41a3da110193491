export type { AnalyticsScope, QueryContext } from './context.js';
export { type AnalyticsDialect, analyticsDialect } from './dialect/index.js';
export { AnalyticsError, type AnalyticsErrorCode } from './errors.js';
export { type Runner, type Runners, runQuery, supportedKinds } from './run.js';
export { filterSql, filtersSql, propertyNumber, propertyText } from './sql/properties.js';
export { queryRange } from './sql/range.js';
export { eventsRelation, type RelationOptions } from './sql/relation.js';
export { periodLabel, periodLabels, resolveDateRange, zonedTimeToUtcMs } from './time.js';
