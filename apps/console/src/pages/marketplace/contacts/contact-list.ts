/**
 * The contacts list's state lives in the URL (`?q=&org=&role=&sort=&page=&size=`) and maps onto one server-paged
 * request, `GET /api/contacts`, which lists the contacts the viewer may see (the operator's data scope) with the
 * filters, sorted and paged on the server. The search box is read as a whole phone number (digits, +, spaces,
 * dashes: an exact `phone=` look-up, phones being stored normalised) or else as part of a name or email (`q=`).
 */
import type { CsvValue } from '../../../lib/csv';

export const CONTACT_ROLES = ['purchaser', 'sales', 'finance', 'owner', 'other'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];
export const PAGE_SIZES = [20, 50, 100] as const;
/** The API's orders (`-` = descending); the list starts oldest first (the API's default), which the URL leaves out. */
export const CONTACT_SORTS = ['createdAt', '-createdAt', 'name', '-name'] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];
export const DEFAULT_CONTACT_SORT: ContactSort = 'createdAt';

export type ContactFilters = {
  q?: string;
  org?: string;
  role?: ContactRole;
  sort?: ContactSort;
  page: number;
  size: number;
};

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : undefined;

export function contactFiltersFromParams(p: URLSearchParams): ContactFilters {
  const page = Number(p.get('page'));
  const size = Number(p.get('size'));
  const f: ContactFilters = {
    page: Number.isInteger(page) && page >= 1 && page <= 50_000 ? page : 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : 20,
  };
  const q = p.get('q')?.trim().slice(0, 100);
  if (q) f.q = q;
  const org = p.get('org');
  if (org && /^[A-Za-z0-9_-]{1,64}$/.test(org)) f.org = org;
  const role = oneOf(CONTACT_ROLES, p.get('role'));
  if (role) f.role = role;
  const sort = oneOf(CONTACT_SORTS, p.get('sort'));
  if (sort && sort !== DEFAULT_CONTACT_SORT) f.sort = sort;
  return f;
}

/** Back to URL parameters; defaults are left out so the plain URL stays plain. */
export function contactFiltersToParams(f: ContactFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.org) p.set('org', f.org);
  if (f.role) p.set('role', f.role);
  if (f.sort) p.set('sort', f.sort);
  if (f.page !== 1) p.set('page', String(f.page));
  if (f.size !== 20) p.set('size', String(f.size));
  return p;
}

/** What the search box holds: a whole phone number (looked up exactly) or part of a name or email. */
export function classifySearch(q: string): { by: 'phone' | 'text'; value: string } {
  const s = q.trim();
  if (/^\+?[\d\s-]{5,20}$/.test(s) && /\d{5}/.test(s.replace(/[\s-]/g, ''))) {
    return { by: 'phone', value: s.replace(/[\s-]/g, '') };
  }
  return { by: 'text', value: s };
}

/** `GET /api/contacts` for the filters' page. */
export function contactsApiPath(f: ContactFilters): string {
  const p = new URLSearchParams({ limit: String(f.size), offset: String((f.page - 1) * f.size) });
  if (f.q) {
    const search = classifySearch(f.q);
    p.set(search.by === 'phone' ? 'phone' : 'q', search.value);
  }
  if (f.org) p.set('organizationId', f.org);
  if (f.role) p.set('role', f.role);
  if (f.sort) p.set('sort', f.sort);
  return `/api/contacts?${p}`;
}

/** One CSV row per contact, with the labels shown on screen (role, organisation name, local time). */
export function contactCsvRow(
  c: { name: string; role: string; phone: string | null; email: string | null; organizationId: string },
  roleLabel: (role: string) => string,
  orgName: (id: string) => string | undefined,
  addedAt: string,
): CsvValue[] {
  return [c.name, roleLabel(c.role), c.phone, c.email, orgName(c.organizationId) ?? c.organizationId, addedAt];
}
