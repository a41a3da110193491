import { z } from 'zod';
import { Money } from '../common.js';
import { PropertyRef, QueryEventName, queryBase } from './common.js';

/** A channel name as it appears in events (utm_source) and in spend rows. */
export const ChannelName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((s) => !/\p{Cc}/u.test(s), 'no control characters');

/** Spend on a channel on a day (imported by API or CSV). A later row for the same channel and day replaces it. */
export const ChannelSpendRow = z.strictObject({
  channel: ChannelName,
  day: z.iso.date().describe('YYYY-MM-DD'),
  amount: Money,
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('CNY'),
});
export type ChannelSpendRow = z.infer<typeof ChannelSpendRow>;

export const ChannelSpendImport = z.strictObject({ rows: z.array(ChannelSpendRow).min(1).max(100_000) });
export type ChannelSpendImport = z.infer<typeof ChannelSpendImport>;

/** What a spend write did: rows written (inserted or replaced). */
export const ChannelSpendWriteResult = z.object({ written: z.number().int() });
export type ChannelSpendWriteResult = z.infer<typeof ChannelSpendWriteResult>;

/** `GET /api/channel-spend?from&to`: the days to list, both included. */
export const ChannelSpendListQuery = z.strictObject({
  from: z.iso.date().describe('first day, YYYY-MM-DD'),
  to: z.iso.date().describe('last day, YYYY-MM-DD (included)'),
});
export type ChannelSpendListQuery = z.infer<typeof ChannelSpendListQuery>;

export const ChannelSpendList = z.object({ rows: z.array(ChannelSpendRow.required()) });
export type ChannelSpendList = z.infer<typeof ChannelSpendList>;

/**
 * The channel quadrant: per channel, spend over the range, new registered organisations acquired through it
 * (first touch of their `signup`), and how many of those paid; cost per registration (CPR) and cost per paying
 * organisation (CPP). Thresholds default to the medians over the channels; quadrants: `star` (cheap registrations that
 * convert), `volume` (cheap registrations, costly conversion), `niche` (costly registrations that convert), `question`
 * (both costly).
 *
 * A registered organisation is one whose first `signupEvent` (of any of its persons) falls in the range; its channel
 * is the first touch: the earliest event carrying a channel of any of its persons, at or before that signup
 * ("(direct)" when none). It is paying when it has a `payingEvent` in the range at or after its signup. Spend comes
 * from the imported channel spend (`PUT /api/channel-spend`) over the range's days. A channel without spend has no
 * costs and no quadrant; "at or below the threshold" counts as cheap.
 */
export const ChannelQuadrantQuery = z.strictObject({
  kind: z.literal('ChannelQuadrantQuery'),
  thresholds: z
    .strictObject({
      costPerRegistration: Money.optional(),
      costPerPaying: Money.optional(),
    })
    .default({}),
  signupEvent: QueryEventName.default('signup'),
  payingEvent: QueryEventName.default('order_paid'),
  channel: PropertyRef.default({ source: 'event_field', name: 'utm_source' }),
  ...queryBase,
});
export type ChannelQuadrantQuery = z.infer<typeof ChannelQuadrantQuery>;
export type ChannelQuadrantQueryInput = z.input<typeof ChannelQuadrantQuery>;

export const CHANNEL_QUADRANTS = ['star', 'volume', 'niche', 'question'] as const;

export const ChannelQuadrantResult = z.object({
  kind: z.literal('ChannelQuadrantQuery'),
  thresholds: z.object({ costPerRegistration: z.number().nullable(), costPerPaying: z.number().nullable() }),
  /** How the thresholds were chosen: given in the query, or the medians over the channels. */
  thresholdRule: z.enum(['given', 'median', 'mixed']),
  /** The classification as text, with the thresholds (e.g. "star: CPR ≤ 1200 and CPP ≤ 5000; ..."). */
  rule: z.string(),
  /** Currency of the spend and costs (minor units). */
  currency: z.string(),
  channels: z.array(
    z.object({
      channel: z.string(),
      spend: z.number(),
      registrations: z.number().int(),
      paying: z.number().int(),
      costPerRegistration: z.number().nullable(),
      costPerPaying: z.number().nullable(),
      quadrant: z.enum(CHANNEL_QUADRANTS).nullable(),
    }),
  ),
});
export type ChannelQuadrantResult = z.infer<typeof ChannelQuadrantResult>;
