import type { ProductPerformanceQuery } from '@tradeloop/schema';
import type { AnalyticsScope } from '../context.js';
import type { AnalyticsDialect } from '../dialect/types.js';
import { propertyText } from '../sql/properties.js';
import { eventsRelation } from '../sql/relation.js';

/** Returns are looked for up to this long after the range (a return follows delivery). */
export const RETURN_HORIZON_MS = 60 * 86_400_000;

export type ProductSql = {
  /** Per product id: `exposures`, `views`, `viewers` (distinct persons). */
  traffic: string;
  /** Per paid order of the range: `order_id`, `person_id`, `period` (label of its first payment). */
  paid: string;
  /** Distinct `order_id`s with a return request from the range start to the horizon. */
  returned: string;
};

/**
 * The event side of product performance: traffic per product, the paid orders (product lines come from the
 * operational data port, keyed by order id) and the returned orders. Aggregated in SQL; only one row per product,
 * per paid order and per returned order comes back.
 */
export function buildProductSql(
  d: AnalyticsDialect,
  node: ProductPerformanceQuery,
  range: { fromMs: number; toMs: number },
  scope: AnalyticsScope | null | undefined,
): ProductSql {
  const q = (name: string) => d.quoteIdentifier(name);
  const product = propertyText(d, { source: 'event', name: 'productId' });
  const orderId = propertyText(d, { source: 'event', name: 'orderId' });
  const isView = `${q('event')} = 'product_view'`;

  const trafficRel = eventsRelation(d, {
    ...range,
    events: ['exposure', 'product_view'],
    filters: node.filters,
    scope,
  });
  const traffic =
    `SELECT ${product} AS product_id, sum(CASE WHEN ${q('event')} = 'exposure' THEN 1 ELSE 0 END) AS exposures, ` +
    `sum(CASE WHEN ${isView} THEN 1 ELSE 0 END) AS views, ${d.countDistinctIf(q('person_id'), isView)} AS viewers ` +
    `FROM (${trafficRel}) AS t WHERE ${product} IS NOT NULL GROUP BY ${product}`;

  const paidRel = eventsRelation(d, { ...range, events: ['order_paid'], filters: node.filters, scope });
  const paid =
    `SELECT ${orderId} AS order_id, ${d.argMinOf(q('person_id'), [q('ts_ms'), q('event_id')])} AS person_id, ` +
    `${d.periodLabel(`min(${q('ts_ms')})`, node.interval, node.timezone)} AS period ` +
    `FROM (${paidRel}) AS p WHERE ${orderId} IS NOT NULL GROUP BY ${orderId}`;

  const returnRel = eventsRelation(d, {
    fromMs: range.fromMs,
    toMs: range.toMs + RETURN_HORIZON_MS,
    events: ['return_requested'],
    scope,
  });
  const returned = `SELECT DISTINCT ${orderId} AS order_id FROM (${returnRel}) AS r WHERE ${orderId} IS NOT NULL`;
  return { traffic, paid, returned };
}
