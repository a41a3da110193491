/** Shapes of the RFQ and quote answers (mirrors packages/schema/src/marketplace/rfqs.ts). */
export const RFQ_STATUSES = ['open', 'awarded', 'closed', 'cancelled'] as const;
export type RfqStatus = (typeof RFQ_STATUSES)[number];
export const QUOTE_STATUSES = ['submitted', 'accepted', 'rejected', 'withdrawn'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

export type Quote = {
  id: string;
  rfqId: string;
  supplierId: string;
  productId: string | null;
  unitPrice: number;
  quantity: number;
  currency: string;
  leadTimeDays: number;
  validUntil: string;
  note: string | null;
  status: QuoteStatus;
  orderId: string | null;
  createdAt: string;
  updatedAt: string;
};

export type Rfq = {
  id: string;
  buyerId: string;
  createdBy: string | null;
  categoryId: string;
  title: string;
  description: string;
  quantity: number;
  unit: string;
  targetUnitPrice: number | null;
  currency: string;
  deadline: string;
  deliveryRegion: string;
  status: RfqStatus;
  quoteCount: number;
  createdAt: string;
  updatedAt: string;
};

export type RfqDetail = Rfq & { quotes: Quote[] };
export type RfqPage = { items: Rfq[]; total: number; limit: number; offset: number };
