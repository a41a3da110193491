import { z } from 'zod';

/** Macro regions of mainland China (plus overseas) used for organisations, delivery and operator scopes. */
export const REGIONS = [
  'north',
  'northeast',
  'east',
  'central',
  'south',
  'southwest',
  'northwest',
  'overseas',
] as const;
export const Region = z
  .enum(REGIONS)
  .describe(
    'Macro region: north 华北, northeast 东北, east 华东, central 华中, south 华南, southwest 西南, northwest 西北, overseas 海外',
  );
export type Region = z.infer<typeof Region>;

/** A slug such as `steel` or `chemicals`. */
export const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lowercase letters, digits, - and _, at most 40 characters');

export const Id = z.string().min(1).max(64).describe('Resource id, e.g. org_01jd3v9k2m8x4q7r5t6w8y0z1a');

/** Money in integer minor units (fen for CNY). */
export const Money = z.number().int().min(0).max(1_000_000_000_000).describe('Amount in minor units (fen for CNY)');

export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'ISO 4217 code such as CNY')
  .default('CNY');

/** A quantity of goods: a positive integer below ten million. */
export const Quantity = z.number().int().min(1).max(10_000_000);

/** An instant with an explicit offset, normalised to UTC ISO-8601 (`2026-11-25T04:00:00.000Z`). */
export const Instant = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s).toISOString())
  .describe('ISO-8601 date-time with offset, e.g. 2026-11-25T12:00:00+08:00');

export const NonEmptyText = (max: number) => z.string().trim().min(1).max(max);

export const Phone = z.string().regex(/^\+?[0-9][0-9 -]{5,19}$/, 'digits, optionally with + - and spaces');
export const Email = z.email().max(254);

/** `?limit=&offset=` of every list route. */
export const Pagination = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type Pagination = z.infer<typeof Pagination>;

/** The envelope of every list response. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
export type Page<T> = { items: T[]; total: number; limit: number; offset: number };

/** Body of every error response: a machine-readable code, a message, and the offending field when there is one. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    path: z.array(z.union([z.string(), z.number()])).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    issues: z
      .array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string(), code: z.string() }))
      .optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
