/**
 * The contacts list's state lives in the URL (`?q=&org=&role=&region=&page=&size=`). What the API allows decides
 * how it is read: `GET /api/contacts` looks contacts up by exact phone or email only, and
 * `GET /api/organizations/{id}/contacts` lists one organisation's. So the search box is read as an email (has an
 * @), a phone number (digits, +, spaces, dashes) or else part of an organisation's name, and the list is:
 * - `lookup`: contacts with that phone/email, server-paged;
 * - `organization`: one organisation's contacts (`org`), server-paged;
 * - `browse`: the organisations matching the name/region filters, server-paged, each with its contacts.
 * The role filter narrows the rows of the page in the browser (the API has no role filter).
 */
import { REGIONS } from '../organization-list';

export const CONTACT_ROLES = ['purchaser', 'sales', 'finance', 'owner', 'other'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];
export const PAGE_SIZES = [20, 50, 100] as const;

export type ContactFilters = {
  q?: string;
  org?: string;
  role?: ContactRole;
  region?: (typeof REGIONS)[number];
  page: number;
  size: number;
};

export type ContactMode =
  | { kind: 'lookup'; by: 'phone' | 'email'; value: string }
  | { kind: 'organization'; id: string }
  | { kind: 'browse'; name?: string };

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : undefined;

export function contactFiltersFromParams(p: URLSearchParams): ContactFilters {
  const page = Number(p.get('page'));
  const size = Number(p.get('size'));
  const f: ContactFilters = {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : 20,
  };
  const q = p.get('q')?.trim().slice(0, 100);
  if (q) f.q = q;
  const org = p.get('org');
  if (org && /^[A-Za-z0-9_-]{1,64}$/.test(org)) f.org = org;
  const role = oneOf(CONTACT_ROLES, p.get('role'));
  if (role) f.role = role;
  const region = oneOf(REGIONS, p.get('region'));
  if (region) f.region = region;
  return f;
}

export function contactFiltersToParams(f: ContactFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.org) p.set('org', f.org);
  if (f.role) p.set('role', f.role);
  if (f.region) p.set('region', f.region);
  if (f.page !== 1) p.set('page', String(f.page));
  if (f.size !== 20) p.set('size', String(f.size));
  return p;
}

/** What the search box holds: an email, a phone number, or part of an organisation's name. */
export function classifySearch(q: string): { by: 'email' | 'phone' | 'name'; value: string } {
  const s = q.trim();
  if (s.includes('@')) return { by: 'email', value: s.toLowerCase() };
  if (/^\+?[\d\s-]{5,20}$/.test(s) && /\d{5}/.test(s.replace(/[\s-]/g, ''))) {
    return { by: 'phone', value: s.replace(/[\s-]/g, '') };
  }
  return { by: 'name', value: s };
}

/** An organisation chosen wins; then a phone/email search; else browsing organisations (by name, region). */
export function contactMode(f: ContactFilters): ContactMode {
  if (f.org) return { kind: 'organization', id: f.org };
  if (f.q) {
    const c = classifySearch(f.q);
    if (c.by !== 'name') return { kind: 'lookup', by: c.by, value: c.value };
    return { kind: 'browse', name: c.value };
  }
  return { kind: 'browse' };
}

/** The list request of a mode (the browse mode's is the organisations page). */
export function contactsApiPath(f: ContactFilters, mode: ContactMode = contactMode(f)): string {
  const p = new URLSearchParams({ limit: String(f.size), offset: String((f.page - 1) * f.size) });
  switch (mode.kind) {
    case 'lookup':
      p.set(mode.by, mode.value);
      return `/api/contacts?${p}`;
    case 'organization':
      return `/api/organizations/${encodeURIComponent(mode.id)}/contacts?${p}`;
    case 'browse':
      if (mode.name) p.set('q', mode.name);
      if (f.region) p.set('region', f.region);
      return `/api/organizations?${p}`;
  }
}

export function filterByRole<T extends { role: string }>(rows: readonly T[], role: ContactRole | undefined): T[] {
  return role ? rows.filter((r) => r.role === role) : [...rows];
}
