import { z } from 'zod';
import { Money } from '../common.js';
import { queryBase } from './common.js';

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

/**
 * The channel quadrant: per channel, spend over the range, new registered organisations acquired through it
 * (first touch of their `signup`), and how many of those paid; cost per registration (CPR) and cost per paying
 * organisation (CPP). Thresholds default to the medians over the channels; quadrants: `star` (cheap registrations that
 * convert), `volume` (cheap registrations, costly conversion), `niche` (costly registrations that convert), `question`
 * (both costly).
 */
export const ChannelQuadrantQuery = z.strictObject({
  kind: z.literal('ChannelQuadrantQuery'),
  thresholds: z
    .strictObject({
      costPerRegistration: Money.optional(),
      costPerPaying: Money.optional(),
    })
    .default({}),
  ...queryBase,
});
export type ChannelQuadrantQuery = z.infer<typeof ChannelQuadrantQuery>;

export const CHANNEL_QUADRANTS = ['star', 'volume', 'niche', 'question'] as const;

export const ChannelQuadrantResult = z.object({
  kind: z.literal('ChannelQuadrantQuery'),
  thresholds: z.object({ costPerRegistration: z.number(), costPerPaying: z.number() }),
  /** How the thresholds were chosen: given in the query, or the medians over the channels. */
  thresholdRule: z.enum(['given', 'median']),
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
