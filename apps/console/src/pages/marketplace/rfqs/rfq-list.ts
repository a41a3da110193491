/**
 * The RFQ list's state lives in the URL: `?q=&status=&buyer=&category=&sort=&page=&size=`. These helpers turn it into the
 * API's query (`GET /api/rfqs?limit&offset&...`) and back, say which actions an RFQ's status allows, and shape the
 * CSV export's rows.
 */
import type { CsvValue } from '../../../lib/csv';
import { oneOf, pageFromParams, validId } from '../products/product-list';
import { RFQ_STATUSES, type Rfq, type RfqStatus } from './types';

/** The API's orders (`-` = descending); the list starts newest first, which the URL leaves out. */
export const RFQ_SORTS = [
  '-createdAt',
  'createdAt',
  'deadline',
  '-deadline',
  'quantity',
  '-quantity',
  'title',
  '-title',
] as const;
export type RfqSort = (typeof RFQ_SORTS)[number];

export type RfqFilters = {
  q?: string;
  status?: RfqStatus;
  buyer?: string;
  category?: string;
  sort?: RfqSort;
  page: number;
  size: number;
};

export const RFQ_STATUS_COLOURS: Record<string, string> = {
  open: 'blue',
  awarded: 'green',
  closed: 'default',
  cancelled: 'red',
};
export const QUOTE_STATUS_COLOURS: Record<string, string> = {
  submitted: 'blue',
  accepted: 'green',
  rejected: 'red',
  withdrawn: 'default',
};

export function rfqFiltersFromParams(params: URLSearchParams): RfqFilters {
  const filters: RfqFilters = pageFromParams(params);
  const q = params.get('q')?.trim().slice(0, 100);
  if (q) filters.q = q;
  const status = oneOf(RFQ_STATUSES, params.get('status'));
  if (status) filters.status = status;
  const buyer = params.get('buyer');
  if (validId(buyer)) filters.buyer = buyer;
  const category = params.get('category');
  if (validId(category)) filters.category = category;
  const sort = oneOf(RFQ_SORTS, params.get('sort'));
  if (sort && sort !== '-createdAt') filters.sort = sort;
  return filters;
}

export function rfqFiltersToParams(f: RfqFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.status) p.set('status', f.status);
  if (f.buyer) p.set('buyer', f.buyer);
  if (f.category) p.set('category', f.category);
  if (f.sort) p.set('sort', f.sort);
  if (f.page !== 1) p.set('page', String(f.page));
  if (f.size !== 20) p.set('size', String(f.size));
  return p;
}

export function rfqsApiPath(f: RfqFilters): string {
  const p = new URLSearchParams({ limit: String(f.size), offset: String((f.page - 1) * f.size) });
  if (f.q) p.set('q', f.q);
  if (f.status) p.set('status', f.status);
  if (f.buyer) p.set('buyerId', f.buyer);
  if (f.category) p.set('categoryId', f.category);
  if (f.sort) p.set('sort', f.sort);
  return `/api/rfqs?${p}`;
}

export type RfqAction = 'close' | 'cancel';

/**
 * What an operator may do to an RFQ: only an open one can be closed (quoting stops, nothing awarded) or cancelled
 * (outstanding quotes are rejected); awarded, closed and cancelled RFQs are final. Nothing without `rfq:write`.
 */
export function rfqActions(status: RfqStatus, mayWrite: boolean): RfqAction[] {
  return mayWrite && status === 'open' ? ['close', 'cancel'] : [];
}

export const RFQ_CSV_HEADER = [
  'id',
  'title',
  'buyer_id',
  'buyer',
  'category_id',
  'category',
  'status',
  'quantity',
  'unit',
  'target_unit_price',
  'currency',
  'delivery_region',
  'quote_count',
  'deadline',
  'created_at',
];

/** One CSV row per RFQ (prices in minor units, instants in ISO-8601 UTC as the API gives them). */
export function rfqCsvRow(
  r: Rfq,
  buyerName: (id: string) => string | undefined,
  categoryName: (id: string) => string | undefined,
): CsvValue[] {
  return [
    r.id,
    r.title,
    r.buyerId,
    buyerName(r.buyerId) ?? '',
    r.categoryId,
    categoryName(r.categoryId) ?? '',
    r.status,
    r.quantity,
    r.unit,
    r.targetUnitPrice,
    r.currency,
    r.deliveryRegion,
    r.quoteCount,
    r.deadline,
    r.createdAt,
  ];
}
