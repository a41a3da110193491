import { describe, expect, it } from 'vitest';
import {
  CONTACT_SORTS,
  classifySearch,
  contactCsvRow,
  contactFiltersFromParams,
  contactFiltersToParams,
  contactsApiPath,
} from './contact-list';

describe('contacts URL state', () => {
  it('round-trips the filters and drops malformed ones', () => {
    const f = contactFiltersFromParams(new URLSearchParams('q=钢铁&org=org_1&role=sales&sort=-name&page=2&size=50'));
    expect(f).toEqual({ q: '钢铁', org: 'org_1', role: 'sales', sort: '-name', page: 2, size: 50 });
    expect(contactFiltersFromParams(contactFiltersToParams(f))).toEqual(f);
    expect(
      contactFiltersFromParams(new URLSearchParams('org=a/b&role=boss&sort=phone&page=x&size=7&region=east')),
    ).toEqual({ page: 1, size: 20 });
    expect(contactFiltersToParams({ page: 1, size: 20 }).toString()).toBe('');
  });

  it('leaves the default order (oldest first) out of the URL', () => {
    expect(contactFiltersFromParams(new URLSearchParams('sort=createdAt'))).toEqual({ page: 1, size: 20 });
    for (const sort of CONTACT_SORTS.filter((s) => s !== 'createdAt')) {
      expect(contactFiltersToParams(contactFiltersFromParams(new URLSearchParams({ sort }))).get('sort')).toBe(sort);
    }
  });
});

describe('what the search box holds', () => {
  it('reads whole phone numbers, and anything else as part of a name or email', () => {
    expect(classifySearch('186 0000-0019')).toEqual({ by: 'phone', value: '18600000019' });
    expect(classifySearch('+8613600000020')).toEqual({ by: 'phone', value: '+8613600000020' });
    expect(classifySearch(' Buyer@Example.COM ')).toEqual({ by: 'text', value: 'Buyer@Example.COM' });
    expect(classifySearch('2024')).toEqual({ by: 'text', value: '2024' });
    expect(classifySearch('王')).toEqual({ by: 'text', value: '王' });
  });
});

describe('the request behind the filters', () => {
  it("asks GET /api/contacts with the API's names, a phone exactly and other text as q", () => {
    const base = { page: 3, size: 20 };
    expect(contactsApiPath(base)).toBe('/api/contacts?limit=20&offset=40');
    expect(contactsApiPath({ ...base, q: '186 0000 0019', org: 'org_1' })).toBe(
      '/api/contacts?limit=20&offset=40&phone=18600000019&organizationId=org_1',
    );
    expect(contactsApiPath({ ...base, q: '王', role: 'sales', sort: '-createdAt' })).toBe(
      `/api/contacts?limit=20&offset=40&q=${encodeURIComponent('王')}&role=sales&sort=-createdAt`,
    );
  });

  it('exports a row with the labels shown on screen', () => {
    const c = { name: '王五', role: 'sales', phone: null, email: 'w@x.example', organizationId: 'org_1' };
    expect(
      contactCsvRow(
        c,
        (r) => `role:${r}`,
        () => '鑫天鞋业',
        '2026-11-30 08:00',
      ),
    ).toEqual(['王五', 'role:sales', null, 'w@x.example', '鑫天鞋业', '2026-11-30 08:00']);
    expect(contactCsvRow(c, String, () => undefined, '')[4]).toBe('org_1');
  });
});
