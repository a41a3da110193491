import { z } from 'zod';
import { queryBase } from './common.js';

export const PRODUCT_ROLES = ['traffic', 'profit', 'volume', 'promotion'] as const;
export const PRODUCT_STAGES = ['introduction', 'growth', 'maturity', 'decline'] as const;

/**
 * Product performance per product (or per category): exposures, views, CTR (views / exposures), orders, CVR
 * (ordering buyers / viewers), GMV, margin where the cost is known, rating, return rate, and the trend; each product's
 * role (traffic/image, profit, volume, promotion) and lifecycle stage from its trend, with the rule that decided them.
 *
 * Sources: `exposure` and `product_view` events (their `productId`); paid orders are the `order_paid` events of the
 * range (their `orderId`), whose product lines, costs and reviews come from the operational store; an order returns
 * when a `return_requested` event names it (up to 60 days after the range). Buyers and viewers are persons. For a
 * category, viewers and buyers add up over its products and orders count once.
 */
export const ProductPerformanceQuery = z.strictObject({
  kind: z.literal('ProductPerformanceQuery'),
  groupBy: z.enum(['product', 'category']).default('product'),
  interval: z.enum(['week', 'month']).default('week'),
  sortBy: z.enum(['gmv', 'exposures', 'views', 'ctr', 'cvr', 'orders', 'margin', 'rating']).default('gmv'),
  limit: z.number().int().min(1).max(1000).default(100),
  ...queryBase,
});
export type ProductPerformanceQuery = z.infer<typeof ProductPerformanceQuery>;
export type ProductPerformanceQueryInput = z.input<typeof ProductPerformanceQuery>;

export const ProductPerformanceRow = z.object({
  id: z.string(),
  name: z.string().nullable(),
  categoryId: z.string().nullable(),
  exposures: z.number().int(),
  views: z.number().int(),
  /** Distinct persons who viewed. */
  viewers: z.number().int(),
  ctr: z.number().nullable(),
  orders: z.number().int(),
  /** Distinct persons who paid for an order holding it. */
  buyers: z.number().int(),
  /** buyers / viewers (can exceed 1 when orders come without views, e.g. from RFQs). */
  cvr: z.number().nullable(),
  gmv: z.number(),
  /** Gross margin (GMV − quantity × unit cost) over the lines whose cost is known, minor units. */
  margin: z.number().nullable(),
  /** margin / the GMV of those lines. */
  marginRate: z.number().nullable(),
  rating: z.number().nullable(),
  returnRate: z.number().nullable(),
  /** GMV per period of the range (oldest first). */
  trend: z.array(z.number()),
  role: z.enum(PRODUCT_ROLES),
  roleRule: z.string(),
  stage: z.enum(PRODUCT_STAGES),
  stageRule: z.string(),
});
export type ProductPerformanceRow = z.infer<typeof ProductPerformanceRow>;

export const ProductPerformanceResult = z.object({
  kind: z.literal('ProductPerformanceQuery'),
  periods: z.array(z.string()),
  rows: z.array(ProductPerformanceRow),
  /** The role and stage rules with the thresholds used (medians over the rows). */
  rules: z.object({ role: z.string(), stage: z.string() }),
});
export type ProductPerformanceResult = z.infer<typeof ProductPerformanceResult>;
