/**
 * The orders list's state lives in the URL: `?status=&buyer=&supplier=&from=YYYY-MM-DD&to=YYYY-MM-DD&sort=&page=&size=`.
 * Days are calendar days in the display time zone, both ends included; the API takes instants (`placedFrom` ≤
 * placedAt < `placedTo`), so `to` becomes the start of the next day there.
 */
import dayjs from 'dayjs';
import type { CsvValue } from '../../../lib/csv';
import { TIME_ZONE } from '../../../lib/dates';
import { oneOf, pageFromParams, validId } from '../products/product-list';
import { ORDER_STATUSES, type Order, type OrderStatus } from './types';

/** The API's orders (`-` = descending); the list starts newest first, which the URL leaves out. */
export const ORDER_SORTS = ['-placedAt', 'placedAt', '-total', 'total'] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];

export type OrderFilters = {
  status?: OrderStatus;
  buyer?: string;
  supplier?: string;
  from?: string;
  to?: string;
  sort?: OrderSort;
  page: number;
  size: number;
};

export const ORDER_STATUS_COLOURS: Record<string, string> = {
  placed: 'blue',
  paid: 'cyan',
  shipped: 'geekblue',
  delivered: 'purple',
  completed: 'green',
  cancelled: 'default',
  return_requested: 'orange',
  returned: 'red',
  return_refused: 'volcano',
};

/** A real calendar day `YYYY-MM-DD` (2026-02-30 is not one). */
export function validDay(v: string | null | undefined): v is string {
  if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = dayjs(v);
  return d.isValid() && d.format('YYYY-MM-DD') === v;
}

export function orderFiltersFromParams(params: URLSearchParams): OrderFilters {
  const filters: OrderFilters = pageFromParams(params);
  const status = oneOf(ORDER_STATUSES, params.get('status'));
  if (status) filters.status = status;
  const buyer = params.get('buyer');
  if (validId(buyer)) filters.buyer = buyer;
  const supplier = params.get('supplier');
  if (validId(supplier)) filters.supplier = supplier;
  const from = params.get('from');
  const to = params.get('to');
  if (validDay(from)) filters.from = from;
  if (validDay(to)) filters.to = to;
  // A range given backwards is read the way it was meant.
  if (filters.from && filters.to && filters.from > filters.to) [filters.from, filters.to] = [filters.to, filters.from];
  const sort = oneOf(ORDER_SORTS, params.get('sort'));
  if (sort && sort !== '-placedAt') filters.sort = sort;
  return filters;
}

export function orderFiltersToParams(f: OrderFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.status) p.set('status', f.status);
  if (f.buyer) p.set('buyer', f.buyer);
  if (f.supplier) p.set('supplier', f.supplier);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.sort) p.set('sort', f.sort);
  if (f.page !== 1) p.set('page', String(f.page));
  if (f.size !== 20) p.set('size', String(f.size));
  return p;
}

/** The instant a calendar day starts in the display time zone (`2026-11-30` → `2026-11-29T16:00:00.000Z`). */
export function dayStart(day: string, timeZone = TIME_ZONE): string {
  return dayjs.tz(day, timeZone).toISOString();
}

export function ordersApiPath(f: OrderFilters, timeZone = TIME_ZONE): string {
  const p = new URLSearchParams({ limit: String(f.size), offset: String((f.page - 1) * f.size) });
  if (f.status) p.set('status', f.status);
  if (f.buyer) p.set('buyerId', f.buyer);
  if (f.supplier) p.set('supplierId', f.supplier);
  if (f.from) p.set('placedFrom', dayStart(f.from, timeZone));
  if (f.to) p.set('placedTo', dayStart(dayjs(f.to).add(1, 'day').format('YYYY-MM-DD'), timeZone));
  if (f.sort) p.set('sort', f.sort);
  return `/api/orders?${p}`;
}

export const ORDER_CSV_HEADER = [
  'id',
  'placed_at',
  'status',
  'buyer_id',
  'buyer',
  'supplier_id',
  'supplier',
  'source',
  'currency',
  'subtotal',
  'discount',
  'total',
  'coupon_id',
  'paid_at',
  'shipped_at',
  'delivered_at',
  'completed_at',
  'cancelled_at',
];

/** One CSV row per order: amounts in minor units (exact), instants in ISO-8601 UTC as the API gives them. */
export function orderCsvRow(o: Order, name: (id: string) => string | undefined): CsvValue[] {
  return [
    o.id,
    o.placedAt,
    o.status,
    o.buyerId,
    name(o.buyerId) ?? '',
    o.supplierId,
    name(o.supplierId) ?? '',
    o.source,
    o.currency,
    o.subtotal,
    o.discount,
    o.total,
    o.couponId,
    o.paidAt,
    o.shippedAt,
    o.deliveredAt,
    o.completedAt,
    o.cancelledAt,
  ];
}

/** Ids are long ULIDs; lists show their distinctive tail (`ord_…5wqf599ay`), the detail page the whole id. */
export function shortId(id: string): string {
  const [prefix, rest = ''] = id.split('_', 2);
  return rest.length > 10 ? `${prefix}_…${rest.slice(-8)}` : id;
}
