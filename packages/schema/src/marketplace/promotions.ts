import { z } from 'zod';
import { Id, Instant, Money, NonEmptyText, Pagination, page } from '../common.js';

export const PromotionKind = z.enum(['price', 'percent_off']);
export const PromotionStatus = z.enum(['active', 'disabled']);
const PercentOff = z.number().int().min(1).max(99);

export const PromotionProductInput = z.strictObject({
  productId: Id,
  /** Promotional unit price (minor units); required iff kind = 'price'. */
  unitPrice: Money.min(1).optional(),
});

const PromotionProducts = z
  .array(PromotionProductInput)
  .min(1)
  .max(500)
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.productId)) {
        ctx.addIssue({ code: 'custom', path: [i, 'productId'], message: 'product listed twice' });
      }
      seen.add(item.productId);
    });
  });

/** Cross-field rules shared by create and by update (after merging with the stored promotion). */
export function promotionIssues(p: {
  kind: 'price' | 'percent_off';
  percentOff?: number | null | undefined;
  startsAt: string;
  endsAt: string;
  products?: { productId: string; unitPrice?: number | null | undefined }[] | undefined;
}): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  if (p.kind === 'percent_off' && (p.percentOff === undefined || p.percentOff === null)) {
    issues.push({ path: ['percentOff'], message: "percentOff is required when kind is 'percent_off'" });
  }
  if (p.kind === 'price' && p.percentOff !== undefined && p.percentOff !== null) {
    issues.push({ path: ['percentOff'], message: "percentOff is only for kind 'percent_off'" });
  }
  if (p.startsAt >= p.endsAt) issues.push({ path: ['endsAt'], message: 'endsAt must be after startsAt' });
  p.products?.forEach((item, i) => {
    const has = item.unitPrice !== undefined && item.unitPrice !== null;
    if (p.kind === 'price' && !has) {
      issues.push({ path: ['products', i, 'unitPrice'], message: "unitPrice is required when kind is 'price'" });
    }
    if (p.kind === 'percent_off' && has) {
      issues.push({ path: ['products', i, 'unitPrice'], message: "unitPrice is only for kind 'price'" });
    }
  });
  return issues;
}

export const PromotionCreate = z
  .strictObject({
    name: NonEmptyText(100),
    kind: PromotionKind,
    percentOff: PercentOff.optional(),
    startsAt: Instant,
    endsAt: Instant,
    status: PromotionStatus.default('active'),
    products: PromotionProducts,
  })
  .superRefine((p, ctx) => {
    for (const issue of promotionIssues(p)) ctx.addIssue({ code: 'custom', ...issue });
  });
export type PromotionCreate = z.infer<typeof PromotionCreate>;

/** The kind is fixed at creation; everything else may change (products replaces the whole list). */
export const PromotionUpdate = z
  .strictObject({
    name: NonEmptyText(100).optional(),
    percentOff: PercentOff.optional(),
    startsAt: Instant.optional(),
    endsAt: Instant.optional(),
    status: PromotionStatus.optional(),
    products: PromotionProducts.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.startsAt && p.endsAt && p.startsAt >= p.endsAt) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must be after startsAt' });
    }
  });
export type PromotionUpdate = z.infer<typeof PromotionUpdate>;

export const Promotion = z.object({
  id: Id,
  name: z.string(),
  kind: PromotionKind,
  percentOff: z.number().int().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: PromotionStatus,
  createdBy: z.string().nullable(),
  products: z.array(z.object({ productId: Id, unitPrice: z.number().int().nullable() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Promotion = z.infer<typeof Promotion>;

export const PromotionListQuery = z.strictObject({
  ...Pagination.shape,
  /** Only promotions running at this instant (active status, startsAt ≤ activeAt < endsAt). */
  activeAt: Instant.optional(),
  status: PromotionStatus.optional(),
  productId: Id.optional(),
});
export type PromotionListQuery = z.infer<typeof PromotionListQuery>;

export const PromotionPage = page(Promotion);
