import { z } from 'zod';
import { AggregateBy, Filters, PropertyRef, QueryEventName, QueryPropertyName, queryBase } from './common.js';

export const ATTRIBUTION_MODELS = ['first', 'last', 'linear', 'time_decay', 'position', 'markov'] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

/**
 * Which channels get the credit for conversions. Touchpoints are the actor's events that carry a channel value
 * (by default `utm_source`) within the lookback window before each conversion; a conversion without any is credited
 * to "(direct)". Models: first, last, linear, time-decay (weight halves every `halfLifeDays` before the
 * conversion), position-based (`position`: first and last get 40 % each, the middle share the rest), and the
 * data-driven Markov chain (removal effect, order 1 or 2). Credit is in conversions and in value (`valueProperty` of
 * the conversion event, e.g. `total` of order_paid).
 *
 * Paths: an actor's touchpoints in time order with consecutive repeats of a channel collapsed (a session's events all
 * carry its utm_source); time-decay ages are those of the most recent touch of each run, in whole hours. Each
 * conversion looks back on its own (touches at or before the conversion, at most `lookback` earlier, the conversion
 * event itself included when it carries a channel). The Markov chain also reads the non-converting journeys: the
 * touchpoints in the range of actors without a conversion in it. `aggregateBy: organization` pools the touches of an
 * organisation's persons (events without an organisation stay with their person).
 */
export const AttributionQuery = z.strictObject({
  kind: z.literal('AttributionQuery'),
  conversion: z.strictObject({
    event: QueryEventName,
    filters: Filters.default([]),
    valueProperty: QueryPropertyName.optional(),
  }),
  touchpoint: z
    .strictObject({
      channel: PropertyRef.default({ source: 'event_field', name: 'utm_source' }),
      /** Only these events count as touchpoints (default: any event carrying a channel). */
      events: z.array(QueryEventName).max(20).optional(),
    })
    .default({ channel: { source: 'event_field', name: 'utm_source' } }),
  lookback: z
    .strictObject({ value: z.number().int().min(1).max(365), unit: z.enum(['day', 'week']) })
    .default({ value: 30, unit: 'day' }),
  models: z.array(z.enum(ATTRIBUTION_MODELS)).min(1).max(6).default(['first', 'last', 'linear', 'markov']),
  halfLifeDays: z.number().positive().max(365).default(7),
  position: z
    .strictObject({ first: z.number().min(0).max(1), last: z.number().min(0).max(1) })
    .refine((p) => p.first + p.last <= 1, 'first + last must be at most 1')
    .default({ first: 0.4, last: 0.4 }),
  markovOrder: z.union([z.literal(1), z.literal(2)]).default(1),
  /** How many of the most frequent converting paths the result lists. */
  pathLimit: z.number().int().min(0).max(1000).default(20),
  aggregateBy: AggregateBy,
  ...queryBase,
});
export type AttributionQuery = z.infer<typeof AttributionQuery>;
export type AttributionQueryInput = z.input<typeof AttributionQuery>;

export const AttributionResult = z.object({
  kind: z.literal('AttributionQuery'),
  conversions: z.number().int(),
  value: z.number(),
  channels: z.array(
    z.object({
      channel: z.string(),
      /** Per model: credited conversions (fractional) and value. */
      credit: z.record(z.string(), z.object({ conversions: z.number(), value: z.number() })),
    }),
  ),
  /** The most frequent channel paths (touchpoints in order, repeats collapsed) with their conversions. */
  paths: z.array(z.object({ path: z.array(z.string()), conversions: z.number().int(), value: z.number() })),
  /** Journeys with touchpoints that did not convert (actors without a conversion in the range): the Markov nulls. */
  nonConverting: z.number().int(),
  /** Markov: removal effect per channel (share of conversions lost without it). */
  removalEffects: z.record(z.string(), z.number()).optional(),
});
export type AttributionResult = z.infer<typeof AttributionResult>;
