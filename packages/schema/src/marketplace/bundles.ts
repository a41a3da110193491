import { z } from 'zod';
import { Currency, Id, Instant, Money, NonEmptyText, Pagination, page, Quantity } from '../common.js';

export const BundleStatus = z.enum(['active', 'disabled']);

export const BundleItemInput = z.strictObject({ productId: Id, quantity: Quantity });

const BundleItems = z
  .array(BundleItemInput)
  .min(2)
  .max(50)
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.productId)) {
        ctx.addIssue({ code: 'custom', path: [i, 'productId'], message: 'product listed twice' });
      }
      seen.add(item.productId);
    });
  });

const windowIssue = (p: { startsAt?: string | null | undefined; endsAt?: string | null | undefined }) =>
  p.startsAt && p.endsAt && p.startsAt >= p.endsAt;

export const BundleCreate = z
  .strictObject({
    /** Members: defaults to (and must be) their own organisation. Operators: defaults to the items' supplier. */
    supplierId: Id.optional(),
    name: NonEmptyText(100),
    price: Money.min(1).describe('Price of one set, minor units'),
    currency: Currency,
    startsAt: Instant.nullable().optional(),
    endsAt: Instant.nullable().optional(),
    status: BundleStatus.default('active'),
    items: BundleItems,
  })
  .superRefine((p, ctx) => {
    if (windowIssue(p)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must be after startsAt' });
  });
export type BundleCreate = z.infer<typeof BundleCreate>;

export const BundleUpdate = z
  .strictObject({
    name: NonEmptyText(100).optional(),
    price: Money.min(1).optional(),
    startsAt: Instant.nullable().optional(),
    endsAt: Instant.nullable().optional(),
    status: BundleStatus.optional(),
    items: BundleItems.optional(),
  })
  .superRefine((p, ctx) => {
    if (windowIssue(p)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must be after startsAt' });
  });
export type BundleUpdate = z.infer<typeof BundleUpdate>;

export const Bundle = z.object({
  id: Id,
  supplierId: Id,
  name: z.string(),
  price: z.number().int(),
  currency: z.string(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  status: BundleStatus,
  items: z.array(z.object({ productId: Id, quantity: z.number().int() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Bundle = z.infer<typeof Bundle>;

export const BundleListQuery = z.strictObject({
  ...Pagination.shape,
  supplierId: Id.optional(),
  status: BundleStatus.optional(),
  /** Only bundles on sale at this instant (active, inside their optional window). */
  activeAt: Instant.optional(),
});
export type BundleListQuery = z.infer<typeof BundleListQuery>;

export const BundlePage = page(Bundle);
