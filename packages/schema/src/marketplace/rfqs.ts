import { z } from 'zod';
import { Currency, Id, Instant, Money, NonEmptyText, Pagination, page, Quantity, Region } from '../common.js';

/** open → awarded (a quote accepted) | closed (quoting stopped, nothing awarded) | cancelled (by the buyer). */
export const RfqStatus = z.enum(['open', 'awarded', 'closed', 'cancelled']);
export type RfqStatus = z.infer<typeof RfqStatus>;

/** submitted → accepted | rejected | withdrawn (by the supplier). */
export const QuoteStatus = z.enum(['submitted', 'accepted', 'rejected', 'withdrawn']);
export type QuoteStatus = z.infer<typeof QuoteStatus>;

/** A unit name such as 吨, kg, 件, m. */
const Unit = NonEmptyText(20);

export const Quote = z.object({
  id: z.string(),
  rfqId: z.string(),
  supplierId: z.string(),
  productId: z.string().nullable(),
  unitPrice: z.number().int(),
  quantity: z.number().int(),
  currency: z.string(),
  leadTimeDays: z.number().int(),
  validUntil: z.string(),
  note: z.string().nullable(),
  status: QuoteStatus,
  /** The order created when the quote was accepted. */
  orderId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Quote = z.infer<typeof Quote>;

export const Rfq = z.object({
  id: z.string(),
  buyerId: z.string(),
  /** Contact or operator who created it; null for the admin token. */
  createdBy: z.string().nullable(),
  categoryId: z.string(),
  title: z.string(),
  description: z.string(),
  quantity: z.number().int(),
  unit: z.string(),
  targetUnitPrice: z.number().int().nullable(),
  currency: z.string(),
  deadline: z.string(),
  deliveryRegion: Region,
  status: RfqStatus,
  /** Quotes not withdrawn. */
  quoteCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Rfq = z.infer<typeof Rfq>;

/** An RFQ with the quotes the caller may see: all of them for the buyer and operators, its own for a supplier. */
export const RfqDetail = Rfq.extend({ quotes: z.array(Quote) });
export type RfqDetail = z.infer<typeof RfqDetail>;

export const CreateRfq = z.strictObject({
  /** Members create RFQs for their own organisation and may omit it; operators must give it. */
  buyerId: Id.optional(),
  categoryId: Id,
  title: NonEmptyText(200),
  description: z.string().trim().max(5000).default(''),
  quantity: Quantity,
  unit: Unit,
  targetUnitPrice: Money.optional().describe('Target price per unit in minor units'),
  currency: Currency,
  deadline: Instant.describe('Quoting closes at this instant; must be in the future'),
  deliveryRegion: Region,
});
export type CreateRfq = z.infer<typeof CreateRfq>;

/** The orders an RFQ list can come in (`-` = descending). */
export const RFQ_SORTS = [
  'createdAt',
  '-createdAt',
  'deadline',
  '-deadline',
  'quantity',
  '-quantity',
  'title',
  '-title',
] as const;

export const RfqListQuery = z.strictObject({
  ...Pagination.shape,
  buyerId: Id.optional(),
  categoryId: Id.optional(),
  status: RfqStatus.optional(),
  q: z.string().trim().min(1).max(100).optional().describe('Part of the title or description, case-insensitive'),
  sort: z
    .enum(RFQ_SORTS)
    .optional()
    .describe(
      'Order of the list: a field, descending with a leading "-" (ties broken by id); default -createdAt. Titles ' +
        "compare in the database's collation, which may order non-ASCII text differently on SQLite and PostgreSQL",
    ),
});
export type RfqListQuery = z.infer<typeof RfqListQuery>;

export const RfqPage = page(Rfq);

/** Unit price of a quote: a positive amount in minor units. */
const QuotePrice = Money.min(1);
const LeadTimeDays = z.number().int().min(0).max(365).describe('Days from order to shipment');

export const CreateQuote = z.strictObject({
  /** Operators quote on behalf of a supplier and must give it; members quote for their own organisation. */
  supplierId: Id.optional(),
  unitPrice: QuotePrice,
  quantity: Quantity,
  leadTimeDays: LeadTimeDays,
  validUntil: Instant.describe('The quote can be accepted until this instant; must be in the future'),
  productId: Id.optional().describe("One of the supplier's own products"),
  note: z.string().trim().max(2000).optional(),
});
export type CreateQuote = z.infer<typeof CreateQuote>;

/** PATCH of a submitted quote while its RFQ is open: only the fields given change. */
export const UpdateQuote = z
  .strictObject({
    unitPrice: QuotePrice.optional(),
    quantity: Quantity.optional(),
    leadTimeDays: LeadTimeDays.optional(),
    validUntil: Instant.optional(),
    note: z.string().trim().max(2000).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' });
export type UpdateQuote = z.infer<typeof UpdateQuote>;

export const QuoteListQuery = z.strictObject({ ...Pagination.shape, status: QuoteStatus.optional() });
export type QuoteListQuery = z.infer<typeof QuoteListQuery>;

export const QuotePage = page(Quote);

export const AcceptQuoteResult = z.object({ quote: Quote, orderId: z.string() });
export type AcceptQuoteResult = z.infer<typeof AcceptQuoteResult>;
