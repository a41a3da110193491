import { z } from 'zod';
import { AggregateBy, Filters, PropertyRef, QueryEventName, queryBase } from './common.js';

/** An event to start or return with: a name (`$any` for any event) and conditions on it. */
export const RetentionEvent = z.strictObject({
  event: z.union([z.literal('$any'), QueryEventName]),
  filters: Filters.default([]),
});

/**
 * Cohorts by the period of a first event (or of the first order: cohort `{event: "order_paid"}` with
 * `cohortType: "first_time"`), and which share of each cohort came back with the return event in each later period.
 * - `cohortType`: `first_time` = the actor's first such event ever (new buyers), `first_in_range` = the first in the
 *   date range.
 * - `mode`: `bounded` = returned in exactly period N; `unbounded` = returned in period N or any later one.
 * Repurchase: cohort event and return event both `order_paid`; then `repurchase` holds the share who bought again
 * and the distribution of days between consecutive purchases.
 */
export const RetentionQuery = z.strictObject({
  kind: z.literal('RetentionQuery'),
  cohort: RetentionEvent,
  cohortType: z.enum(['first_time', 'first_in_range']).default('first_time'),
  returning: RetentionEvent,
  interval: z.enum(['day', 'week', 'month']).default('week'),
  periods: z.number().int().min(1).max(60).default(12),
  mode: z.enum(['bounded', 'unbounded']).default('bounded'),
  aggregateBy: AggregateBy,
  breakdown: z.strictObject({ property: PropertyRef, limit: z.number().int().min(1).max(50).default(10) }).optional(),
  ...queryBase,
});
export type RetentionQuery = z.infer<typeof RetentionQuery>;
export type RetentionQueryInput = z.input<typeof RetentionQuery>;

export const RetentionCohort = z.object({
  /** Start of the cohort's period (date in the query time zone). */
  period: z.string(),
  size: z.number().int(),
  /** retained[n] = actors of the cohort counted in period n (n = 0 is the cohort period itself). */
  retained: z.array(z.number().int()),
  rates: z.array(z.number()),
});

export const RetentionResult = z.object({
  kind: z.literal('RetentionQuery'),
  cohorts: z.array(RetentionCohort),
  /**
   * Size-weighted average rate per period over the cohorts old enough to have that period (a period counts when it
   * starts before the date range ends: only return events inside the range are read).
   */
  average: z.array(z.number()),
  breakdowns: z.array(z.object({ value: z.string(), cohorts: z.array(RetentionCohort) })).optional(),
  repurchase: z
    .object({
      actors: z.number().int(),
      repeatActors: z.number().int(),
      repurchaseRate: z.number(),
      medianIntervalDays: z.number().nullable(),
      /** Days between consecutive purchases, in buckets [fromDays, toDays) (toDays null: open-ended). */
      intervalDays: z.array(z.object({ fromDays: z.number(), toDays: z.number().nullable(), count: z.number().int() })),
    })
    .optional(),
});
export type RetentionResult = z.infer<typeof RetentionResult>;
