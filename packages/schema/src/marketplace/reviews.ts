import { z } from 'zod';
import { Id, Pagination, page } from '../common.js';

/** A DSR score: an integer from 1 (poor) to 5 (excellent). */
export const Rating = z.number().int().min(1).max(5);

export const CreateReview = z.strictObject({
  /** 描述相符: the goods match their description. */
  ratingDescription: Rating,
  /** 物流服务: shipping speed. */
  ratingShipping: Rating,
  /** 服务态度: response speed of the supplier. */
  ratingResponse: Rating,
  text: z.string().trim().max(2000).default(''),
});
export type CreateReview = z.infer<typeof CreateReview>;

export const Review = z.object({
  id: z.string(),
  orderId: z.string(),
  buyerId: z.string(),
  supplierId: z.string(),
  ratingDescription: z.number().int(),
  ratingShipping: z.number().int(),
  ratingResponse: z.number().int(),
  text: z.string(),
  createdAt: z.string(),
});
export type Review = z.infer<typeof Review>;

export const ReviewListQuery = Pagination.extend({ supplierId: Id.optional(), buyerId: Id.optional() }).strict();
export type ReviewListQuery = z.infer<typeof ReviewListQuery>;

export const ReviewPage = page(Review);

/** Default window of the supplier DSR, in days. */
export const DSR_DEFAULT_DAYS = 180;

export const DsrQuery = z.strictObject({ days: z.coerce.number().int().min(1).max(3650).default(DSR_DEFAULT_DAYS) });
export type DsrQuery = z.infer<typeof DsrQuery>;

/** Supplier DSR: average scores of the reviews of the last `windowDays` days, rounded to 2 decimals. */
export const Dsr = z.object({
  supplierId: z.string(),
  windowDays: z.number().int(),
  reviewCount: z.number().int(),
  /** null when there is no review in the window. */
  description: z.number().nullable(),
  shipping: z.number().nullable(),
  response: z.number().nullable(),
});
export type Dsr = z.infer<typeof Dsr>;
