import { z } from 'zod';
import { Pagination, page } from '../common.js';

/** Where events come from; each source has a write key (Segment) and a name (the Sensors `project`). */
export const SOURCE_KINDS = ['segment', 'sensors', 'sdk', 'server', 'import'] as const;
export const SourceKind = z.enum(SOURCE_KINDS);
export type SourceKind = z.infer<typeof SourceKind>;

export const Source = z.object({
  id: z.string(),
  /** Unique; the Sensors `project` query parameter names a source by this. */
  name: z.string(),
  writeKey: z.string(),
  kind: SourceKind,
  status: z.enum(['active', 'disabled']),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Source = z.infer<typeof Source>;

export const CreateSource = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (at most 64), as in a Sensors project name'),
  kind: SourceKind.default('segment'),
  /** A chosen write key (else one is generated). */
  writeKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,128}$/, '16 to 128 letters, digits, _ or -')
    .optional(),
});
export type CreateSource = z.infer<typeof CreateSource>;

export const SourceListQuery = Pagination;
export type SourceListQuery = z.infer<typeof SourceListQuery>;
export const SourcePage = page(Source);
