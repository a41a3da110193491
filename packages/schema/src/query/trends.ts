import { z } from 'zod';
import { Filters, Interval, PropertyRef, QueryEventName, QueryPropertyName, queryBase } from './common.js';

export const TREND_MATHS = [
  'count',
  'unique_persons',
  'unique_organizations',
  'sum',
  'avg',
  'min',
  'max',
  'median',
] as const;

/**
 * One series: an event (`$any` for all) counted, counted by distinct persons/organisations, or a numeric property
 * aggregated (GMV = `{event: "order_paid", math: "sum", property: "total"}`).
 */
export const TrendSeries = z
  .strictObject({
    event: z.union([z.literal('$any'), QueryEventName]),
    math: z.enum(TREND_MATHS).default('count'),
    property: QueryPropertyName.optional(),
    filters: Filters.default([]),
    name: z.string().max(100).optional(),
  })
  .superRefine((s, ctx) => {
    const numeric = ['sum', 'avg', 'min', 'max', 'median'].includes(s.math);
    if (numeric && !s.property) {
      ctx.addIssue({ code: 'custom', path: ['property'], message: `${s.math} needs a numeric property` });
    }
    if (!numeric && s.property) {
      ctx.addIssue({ code: 'custom', path: ['property'], message: `${s.math} takes no property` });
    }
  });
export type TrendSeries = z.infer<typeof TrendSeries>;

/**
 * A formula over the series, which are named A, B, C... in order: `A / B` (ARPU = GMV / paying organisations),
 * with + - * / and parentheses and numbers. Division by zero gives null.
 */
export const TrendFormula = z.strictObject({
  name: z.string().min(1).max(100),
  expression: z
    .string()
    .max(200)
    .regex(/^[A-Z0-9+\-*/(). ]+$/, 'series letters A–Z, numbers, + - * / and parentheses'),
});

/** Counts, uniques and aggregates per interval, with an optional breakdown and formula series. */
export const TrendsQuery = z
  .strictObject({
    kind: z.literal('TrendsQuery'),
    series: z.array(TrendSeries).min(1).max(10),
    formulas: z.array(TrendFormula).max(5).default([]),
    interval: Interval.default('day'),
    breakdown: z.strictObject({ property: PropertyRef, limit: z.number().int().min(1).max(50).default(10) }).optional(),
    ...queryBase,
  })
  .superRefine((q, ctx) => {
    q.formulas.forEach((f, i) => {
      for (const letter of f.expression.match(/[A-Z]/g) ?? []) {
        if (letter.charCodeAt(0) - 65 >= q.series.length) {
          ctx.addIssue({
            code: 'custom',
            path: ['formulas', i, 'expression'],
            message: `series ${letter} does not exist (there are ${q.series.length})`,
          });
        }
      }
    });
  });
export type TrendsQuery = z.infer<typeof TrendsQuery>;
export type TrendsQueryInput = z.input<typeof TrendsQuery>;

export const TrendLine = z.object({
  name: z.string(),
  /** Index of the series (A = 0), or null for a formula. */
  series: z.number().int().nullable(),
  breakdownValue: z.string().nullable(),
  /** One value per period of `periods` (null where a formula divides by zero). */
  data: z.array(z.number().nullable()),
  /** Over the whole range (a unique count is unique over the range, not a sum of periods). */
  total: z.number().nullable(),
});

export const TrendsResult = z.object({
  kind: z.literal('TrendsQuery'),
  /** Period starts: dates in the query time zone (hours: instants). */
  periods: z.array(z.string()),
  lines: z.array(TrendLine),
});
export type TrendsResult = z.infer<typeof TrendsResult>;
