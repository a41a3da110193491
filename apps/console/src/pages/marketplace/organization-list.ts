/**
 * The organisations list's state lives in the URL (shareable links): `?q=&kind=&region=&cert=&page=&size=`. These
 * helpers turn it into the API's query (`GET /api/organizations?limit&offset&...`) and back, dropping anything
 * malformed rather than sending it to the server.
 */
export const ORGANIZATION_KINDS = ['buyer', 'supplier', 'both'] as const;
export const CERTIFICATION_STATUSES = ['pending', 'verified', 'rejected'] as const;
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
export const PAGE_SIZES = [20, 50, 100] as const;
/** The API's orders (`-` = descending); the list starts newest first. */
export const ORGANIZATION_SORTS = ['-createdAt', 'createdAt', 'name', '-name'] as const;
export type OrganizationSort = (typeof ORGANIZATION_SORTS)[number];

export type OrganizationFilters = {
  q?: string;
  kind?: (typeof ORGANIZATION_KINDS)[number];
  region?: (typeof REGIONS)[number];
  cert?: (typeof CERTIFICATION_STATUSES)[number];
  sort?: OrganizationSort;
  page: number;
  size: number;
};

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : undefined;

export function filtersFromParams(params: URLSearchParams): OrganizationFilters {
  const page = Number(params.get('page'));
  const size = Number(params.get('size'));
  const q = params.get('q')?.trim().slice(0, 100);
  const filters: OrganizationFilters = {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : 20,
  };
  if (q) filters.q = q;
  const kind = oneOf(ORGANIZATION_KINDS, params.get('kind'));
  if (kind) filters.kind = kind;
  const region = oneOf(REGIONS, params.get('region'));
  if (region) filters.region = region;
  const cert = oneOf(CERTIFICATION_STATUSES, params.get('cert'));
  if (cert) filters.cert = cert;
  const sort = oneOf(ORGANIZATION_SORTS, params.get('sort'));
  if (sort && sort !== '-createdAt') filters.sort = sort;
  return filters;
}

/** Back to URL parameters; defaults are left out so the plain URL stays plain. */
export function filtersToParams(f: OrganizationFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.kind) p.set('kind', f.kind);
  if (f.region) p.set('region', f.region);
  if (f.cert) p.set('cert', f.cert);
  if (f.sort) p.set('sort', f.sort);
  if (f.page !== 1) p.set('page', String(f.page));
  if (f.size !== 20) p.set('size', String(f.size));
  return p;
}

export function organizationsApiPath(f: OrganizationFilters): string {
  const p = new URLSearchParams({ limit: String(f.size), offset: String((f.page - 1) * f.size) });
  if (f.q) p.set('q', f.q);
  if (f.kind) p.set('kind', f.kind);
  if (f.region) p.set('region', f.region);
  if (f.cert) p.set('certificationStatus', f.cert);
  if (f.sort) p.set('sort', f.sort);
  return `/api/organizations?${p}`;
}
