import { z } from 'zod';
import { AggregateBy, ConversionWindow, Filters, Interval, PropertyRef, QueryEventName, queryBase } from './common.js';

export const FunnelStep = z.strictObject({
  event: QueryEventName,
  /** Conditions on this step's event only. */
  filters: Filters.default([]),
  label: z.string().max(100).optional(),
});
export type FunnelStep = z.infer<typeof FunnelStep>;

/** An event that, between two steps of an entry, removes the entry from the funnel. Steps are 0-based. */
export const FunnelExclusion = z.strictObject({
  event: QueryEventName,
  filters: Filters.default([]),
  fromStep: z.number().int().min(0),
  toStep: z.number().int().min(1),
});
export type FunnelExclusion = z.infer<typeof FunnelExclusion>;

/**
 * How an entry gets its breakdown value: from the first step's event (first touch, the default), from the last step
 * it reached, or from a chosen step's event (0-based).
 */
export const BreakdownAttribution = z
  .union([z.literal('first_touch'), z.literal('last_touch'), z.strictObject({ step: z.number().int().min(0) })])
  .default('first_touch');

export const FunnelBreakdown = z.strictObject({
  property: PropertyRef,
  attribution: BreakdownAttribution,
  /** The most frequent values are kept; the rest are summed under "(other)". */
  limit: z.number().int().min(1).max(100).default(10),
});

export const FUNNEL_ORDERS = ['ordered', 'strict', 'unordered'] as const;

/**
 * A conversion funnel. Semantics follow PostHog and Mixpanel: an entry starts at a step-0 event inside the date
 * range, and the window starts there; `ordered` lets other events come between steps, `strict` allows no other
 * event of the actor between them, `unordered` accepts the steps in any order; the same event twice needs two occurrences; an
 * exclusion event between its steps removes the entry. `count` of step i = entries that reached at least step i.
 * Each person (or organisation) counts once, with their furthest entry.
 *
 * Precisely (packages/analytics/src/funnel/build.ts):
 * - each step must happen at a later millisecond than the previous one (two events at the same instant are one
 *   occurrence); the earliest such event is taken at each step;
 * - the window's end is included: with a 1-day window, a step exactly 24 h after the entry counts, 1 s later not;
 *   steps may complete after the date range's end, within the window;
 * - `strict`: the actor's next event of any name (in the range) after a step must be the next step's;
 * - `unordered`: an entry starts at any step's event; step i counts entries that completed i + 1 of the steps in
 *   any order within the window, and times are between consecutive completions;
 * - an exclusion event strictly after step `fromStep` and strictly before step `toStep` (before the window's end
 *   when `toStep` was not reached) removes the entry; the actor's other entries still count;
 * - the furthest entry on ties is the earliest; with `aggregateBy: "organization"` the organisation is the actor
 *   (its persons' events together; events with no known organisation are left out);
 * - breakdown: the attributed event's value; `{step}` gives "(none)" to entries that did not reach that step;
 *   "(none)" is always shown and is not one of the `limit` values;
 * - trends: per period of entry, each actor once with their furthest entry of that period.
 */
export const FunnelQuery = z
  .strictObject({
    kind: z.literal('FunnelQuery'),
    steps: z.array(FunnelStep).min(2).max(10),
    window: ConversionWindow.default({ value: 14, unit: 'day' }),
    order: z.enum(FUNNEL_ORDERS).default('ordered'),
    exclusions: z.array(FunnelExclusion).max(10).default([]),
    breakdown: FunnelBreakdown.optional(),
    aggregateBy: AggregateBy,
    /** Conversion per period of entry (funnel trends). */
    trends: z.strictObject({ interval: Interval }).optional(),
    ...queryBase,
  })
  .superRefine((q, ctx) => {
    q.exclusions.forEach((x, i) => {
      if (x.toStep <= x.fromStep || x.toStep >= q.steps.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['exclusions', i, 'toStep'],
          message: `toStep must be after fromStep and at most ${q.steps.length - 1}`,
        });
      }
    });
    const b = q.breakdown?.attribution;
    if (b && typeof b === 'object' && b.step >= q.steps.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['breakdown', 'attribution', 'step'],
        message: `at most ${q.steps.length - 1}`,
      });
    }
  });
export type FunnelQuery = z.infer<typeof FunnelQuery>;
export type FunnelQueryInput = z.input<typeof FunnelQuery>;

export const FunnelStepResult = z.object({
  event: z.string(),
  label: z.string(),
  count: z.number().int(),
  /** count / count of step 0 (1 for step 0; 0 when nobody entered). */
  conversionRate: z.number(),
  /** count / count of the previous step (1 for step 0). */
  conversionRateFromPrevious: z.number(),
  /** Median seconds from the previous step to this one among those who reached it (null for step 0 / nobody). */
  medianSecondsToConvert: z.number().nullable(),
  averageSecondsToConvert: z.number().nullable(),
});
export type FunnelStepResult = z.infer<typeof FunnelStepResult>;

export const FunnelResult = z.object({
  kind: z.literal('FunnelQuery'),
  steps: z.array(FunnelStepResult),
  /** Seconds from step 0 to the last step among those who converted, in buckets (log-spaced edges). */
  timeToConvert: z.array(z.object({ fromSeconds: z.number(), toSeconds: z.number(), count: z.number().int() })),
  breakdowns: z.array(z.object({ value: z.string(), steps: z.array(FunnelStepResult) })).optional(),
  trends: z
    .array(
      z.object({
        /** Start of the period (date in the query time zone, or an hour's instant). */
        period: z.string(),
        entered: z.number().int(),
        converted: z.number().int(),
        conversionRate: z.number(),
      }),
    )
    .optional(),
});
export type FunnelResult = z.infer<typeof FunnelResult>;

/**
 * The people (or organisations) of a funnel at a step: `dropped` = reached step `step - 1` but not `step`;
 * `reached` = reached at least `step`. Feeds segments and exports.
 */
export const FunnelActorsQuery = z
  .strictObject({
    kind: z.literal('FunnelActorsQuery'),
    funnel: FunnelQuery,
    step: z.number().int().min(0),
    status: z.enum(['dropped', 'reached']).default('dropped'),
    /** Only the actors of this breakdown value. */
    breakdownValue: z.string().max(1000).optional(),
    limit: z.number().int().min(1).max(10_000).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .superRefine((q, ctx) => {
    if (q.step >= q.funnel.steps.length) {
      ctx.addIssue({ code: 'custom', path: ['step'], message: `at most ${q.funnel.steps.length - 1}` });
    }
    if (q.status === 'dropped' && q.step === 0) {
      ctx.addIssue({ code: 'custom', path: ['step'], message: 'nobody drops at step 0: give a step of 1 or more' });
    }
  });
export type FunnelActorsQuery = z.infer<typeof FunnelActorsQuery>;

export const FunnelActorsResult = z.object({
  kind: z.literal('FunnelActorsQuery'),
  aggregateBy: z.enum(['person', 'organization']),
  total: z.number().int(),
  /** Person ids (or organisation ids) with when they entered and the furthest step they reached (0-based). */
  actors: z.array(z.object({ id: z.string(), enteredAt: z.string(), furthestStep: z.number().int() })),
});
export type FunnelActorsResult = z.infer<typeof FunnelActorsResult>;
