import { describe, expect, it } from 'vitest';
import {
  classifySearch,
  contactFiltersFromParams,
  contactFiltersToParams,
  contactMode,
  contactsApiPath,
  filterByRole,
} from './contact-list';

describe('contacts URL state', () => {
  it('round-trips the filters and drops malformed ones', () => {
    const f = contactFiltersFromParams(new URLSearchParams('q=钢铁&org=org_1&role=sales&region=east&page=2&size=50'));
    expect(f).toEqual({ q: '钢铁', org: 'org_1', role: 'sales', region: 'east', page: 2, size: 50 });
    expect(contactFiltersFromParams(contactFiltersToParams(f))).toEqual(f);
    expect(contactFiltersFromParams(new URLSearchParams('org=a/b&role=boss&region=mars&page=x&size=7'))).toEqual({
      page: 1,
      size: 20,
    });
    expect(contactFiltersToParams({ page: 1, size: 20 }).toString()).toBe('');
  });
});

describe('what the search box holds', () => {
  it('reads emails, phone numbers and names', () => {
    expect(classifySearch(' Buyer@Example.COM ')).toEqual({ by: 'email', value: 'buyer@example.com' });
    expect(classifySearch('186 0000-0019')).toEqual({ by: 'phone', value: '18600000019' });
    expect(classifySearch('+8613600000020')).toEqual({ by: 'phone', value: '+8613600000020' });
    expect(classifySearch('2024')).toEqual({ by: 'name', value: '2024' });
    expect(classifySearch('鑫天鞋业')).toEqual({ by: 'name', value: '鑫天鞋业' });
  });
});

describe('the request behind each mode', () => {
  it('lists one organisation when chosen, else looks up a phone/email, else pages organisations', () => {
    const base = { page: 3, size: 20 };
    expect(contactsApiPath({ ...base, org: 'org_1', q: 'a@b.c' })).toBe(
      '/api/organizations/org_1/contacts?limit=20&offset=40',
    );
    expect(contactsApiPath({ ...base, q: 'A@B.c' })).toBe('/api/contacts?limit=20&offset=40&email=a%40b.c');
    expect(contactsApiPath({ ...base, q: '18600000019' })).toBe('/api/contacts?limit=20&offset=40&phone=18600000019');
    expect(contactsApiPath({ ...base, q: '钢铁', region: 'north' })).toBe(
      `/api/organizations?limit=20&offset=40&q=${encodeURIComponent('钢铁')}&region=north`,
    );
    expect(contactMode({ page: 1, size: 20 })).toEqual({ kind: 'browse' });
  });

  it('narrows the page to a role in the browser', () => {
    const rows = [{ role: 'sales' }, { role: 'owner' }, { role: 'sales' }];
    expect(filterByRole(rows, 'sales')).toHaveLength(2);
    expect(filterByRole(rows, undefined)).toHaveLength(3);
  });
});
