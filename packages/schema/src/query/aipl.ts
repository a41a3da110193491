import { z } from 'zod';
import { AggregateBy, PropertyRef, QueryEventName, queryBase } from './common.js';

export const AIPL_STAGES = ['awareness', 'interest', 'purchase', 'loyalty'] as const;
export type AiplStage = (typeof AIPL_STAGES)[number];

/**
 * The AIPL lifecycle (Alibaba's Awareness → Interest → Purchase → Loyalty). An actor's stage at a date is the highest
 * stage whose definition they meet with events in the trailing `lookbackDays` (loyalty: at least `loyaltyPurchases`
 * purchases within `loyaltyDays`); stock = actors per stage at each period end; flows = actors that moved between
 * stages from one period end to the next (`none` = not in any stage).
 */
export const AiplDefinitions = z
  .strictObject({
    awareness: z.array(QueryEventName).min(1).max(20).default(['exposure', '$pageview']),
    interest: z
      .array(QueryEventName)
      .min(1)
      .max(20)
      .default(['product_view', 'add_to_favorites', 'add_to_cart', 'rfq_submitted', 'search']),
    purchase: z.array(QueryEventName).min(1).max(5).default(['order_paid']),
    lookbackDays: z.number().int().min(1).max(730).default(90),
    loyaltyDays: z.number().int().min(1).max(730).default(180),
    loyaltyPurchases: z.number().int().min(2).max(100).default(2),
  })
  .default({
    awareness: ['exposure', '$pageview'],
    interest: ['product_view', 'add_to_favorites', 'add_to_cart', 'rfq_submitted', 'search'],
    purchase: ['order_paid'],
    lookbackDays: 90,
    loyaltyDays: 180,
    loyaltyPurchases: 2,
  });

export const AiplQuery = z.strictObject({
  kind: z.literal('AiplQuery'),
  definitions: AiplDefinitions,
  interval: z.enum(['day', 'week', 'month']).default('week'),
  aggregateBy: AggregateBy,
  /**
   * Stock per value of a property, each actor counted under the value of their first event in the range (e.g. the
   * acquisition channel: `{source: "event_field", name: "utm_source"}`; or `{source: "organization", name: "region"}`).
   */
  breakdown: z.strictObject({ property: PropertyRef, limit: z.number().int().min(1).max(20).default(8) }).optional(),
  ...queryBase,
});
export type AiplQuery = z.infer<typeof AiplQuery>;
export type AiplQueryInput = z.input<typeof AiplQuery>;

const Stock = z.object({
  period: z.string(),
  awareness: z.number().int(),
  interest: z.number().int(),
  purchase: z.number().int(),
  loyalty: z.number().int(),
});

const Flow = z.object({
  period: z.string(),
  from: z.enum(['none', ...AIPL_STAGES]),
  to: z.enum(['none', ...AIPL_STAGES]),
  count: z.number().int(),
});

export const AiplResult = z.object({
  kind: z.literal('AiplQuery'),
  stock: z.array(Stock),
  flows: z.array(Flow),
  breakdowns: z.array(z.object({ value: z.string(), stock: z.array(Stock) })).optional(),
});
export type AiplResult = z.infer<typeof AiplResult>;
