/**
 * The products list's state lives in the URL (shareable links): `?q=&supplier=&category=&status=&sort=&page=&size=`.
 * These helpers turn it into the API's query (`GET /api/products?limit&offset&...`) and back, dropping anything
 * malformed rather than sending it to the server, and shape the CSV export's rows.
 */
import type { CsvValue } from '../../../lib/csv';
import { PRODUCT_STATUSES, type Product, type ProductStatus } from './types';

export const PAGE_SIZES = [20, 50, 100] as const;

export const PRODUCT_STATUS_COLOURS: Record<string, string> = { active: 'green', draft: 'default', inactive: 'red' };

/** The API's orders (`-` = descending); the list starts newest first, which the URL leaves out. */
export const PRODUCT_SORTS = [
  '-createdAt',
  'createdAt',
  '-updatedAt',
  'updatedAt',
  'title',
  '-title',
  'moq',
  '-moq',
  'stock',
  '-stock',
] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export type ProductFilters = {
  q?: string;
  supplier?: string;
  category?: string;
  status?: ProductStatus;
  sort?: ProductSort;
  page: number;
  size: number;
};

/** Ids as the server issues them (`org_…`, `cat_…`): anything else in the URL is ignored. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
export const validId = (v: string | null | undefined): v is string => typeof v === 'string' && ID.test(v);

export const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : undefined;

/**
 * A server-sorted column's state for antd's controlled `sortOrder`: `sort` is the list's order (`-` = descending),
 * `field` the column's.
 */
export function columnSortOrder(sort: string, field: string): 'ascend' | 'descend' | null {
  return sort === field ? 'ascend' : sort === `-${field}` ? 'descend' : null;
}

/**
 * The list's `sort` after a click on a sortable column (antd's sorter: the column key and the new order). A cleared
 * order or the default one gives undefined, so the URL stays plain; a key that is no sortable field is ignored.
 */
export function sortFromSorter<S extends string>(
  sorts: readonly S[],
  fallback: S,
  columnKey: unknown,
  order: 'ascend' | 'descend' | null | undefined,
): S | undefined {
  if (!order || typeof columnKey !== 'string') return undefined;
  const sort = oneOf(sorts, `${order === 'descend' ? '-' : ''}${columnKey}`);
  return sort === fallback ? undefined : sort;
}

export function pageFromParams(params: URLSearchParams): { page: number; size: number } {
  const page = Number(params.get('page'));
  const size = Number(params.get('size'));
  return {
    page: Number.isInteger(page) && page >= 1 && page <= 50_000 ? page : 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : 20,
  };
}

export function productFiltersFromParams(params: URLSearchParams): ProductFilters {
  const filters: ProductFilters = pageFromParams(params);
  const q = params.get('q')?.trim().slice(0, 100);
  if (q) filters.q = q;
  const supplier = params.get('supplier');
  if (validId(supplier)) filters.supplier = supplier;
  const category = params.get('category');
  if (validId(category)) filters.category = category;
  const status = oneOf(PRODUCT_STATUSES, params.get('status'));
  if (status) filters.status = status;
  const sort = oneOf(PRODUCT_SORTS, params.get('sort'));
  if (sort && sort !== '-createdAt') filters.sort = sort;
  return filters;
}

/** Back to URL parameters; defaults are left out so the plain URL stays plain. */
export function productFiltersToParams(f: ProductFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.supplier) p.set('supplier', f.supplier);
  if (f.category) p.set('category', f.category);
  if (f.status) p.set('status', f.status);
  if (f.sort) p.set('sort', f.sort);
  if (f.page !== 1) p.set('page', String(f.page));
  if (f.size !== 20) p.set('size', String(f.size));
  return p;
}

/** `GET /api/products` for the filters' page (the category filter takes the category's whole subtree). */
export function productsApiPath(f: ProductFilters): string {
  const p = new URLSearchParams({ limit: String(f.size), offset: String((f.page - 1) * f.size) });
  if (f.q) p.set('q', f.q);
  if (f.supplier) p.set('supplierId', f.supplier);
  if (f.category) p.set('categoryId', f.category);
  if (f.status) p.set('status', f.status);
  if (f.sort) p.set('sort', f.sort);
  return `/api/products?${p}`;
}

export const PRODUCT_CSV_HEADER = [
  'id',
  'title',
  'supplier_id',
  'supplier',
  'category_id',
  'category',
  'status',
  'unit',
  'moq',
  'stock',
  'currency',
  'tiers',
  'min_unit_price',
  'max_unit_price',
  'updated_at',
];

/**
 * One CSV row per product. Prices stay in minor units (fen) so the file is exact; tiers read `minQuantity:unitPrice`
 * joined by `|`.
 */
export function productCsvRow(
  p: Product,
  supplierName: (id: string) => string | undefined,
  categoryName: (id: string) => string | undefined,
): CsvValue[] {
  const prices = p.tiers.map((t) => t.unitPrice);
  return [
    p.id,
    p.title,
    p.supplierId,
    supplierName(p.supplierId) ?? '',
    p.categoryId,
    categoryName(p.categoryId) ?? '',
    p.status,
    p.unit,
    p.moq,
    p.stock,
    p.currency,
    p.tiers.map((t) => `${t.minQuantity}:${t.unitPrice}`).join('|'),
    prices.length ? Math.min(...prices) : null,
    prices.length ? Math.max(...prices) : null,
    p.updatedAt,
  ];
}
