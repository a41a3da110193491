import { z } from 'zod';
import { queryBase } from './common.js';

export const PRODUCT_ROLES = ['traffic', 'profit', 'volume', 'promotion'] as const;
export const PRODUCT_STAGES = ['introduction', 'growth', 'maturity', 'decline'] as const;

/**
 * Product performance per product (or per category): exposures, views, CTR (views / exposures), orders, CVR
 * (ordering buyers / viewers), GMV, margin where the cost is known, rating, return rate, and the trend; each product's
 * role (traffic/image, profit, volume, promotion) and lifecycle stage from its trend, with the rule that decided them.
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

export const ProductPerformanceRow = z.object({
  id: z.string(),
  name: z.string().nullable(),
  categoryId: z.string().nullable(),
  exposures: z.number().int(),
  views: z.number().int(),
  ctr: z.number().nullable(),
  orders: z.number().int(),
  cvr: z.number().nullable(),
  gmv: z.number(),
  margin: z.number().nullable(),
  rating: z.number().nullable(),
  returnRate: z.number().nullable(),
  /** GMV per period of the range (oldest first). */
  trend: z.array(z.number()),
  role: z.enum(PRODUCT_ROLES),
  roleRule: z.string(),
  stage: z.enum(PRODUCT_STAGES),
  stageRule: z.string(),
});

export const ProductPerformanceResult = z.object({
  kind: z.literal('ProductPerformanceQuery'),
  periods: z.array(z.string()),
  rows: z.array(ProductPerformanceRow),
});
export type ProductPerformanceResult = z.infer<typeof ProductPerformanceResult>;
