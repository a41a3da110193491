import { describe, expect, it } from 'vitest';
import { filtersFromParams, filtersToParams, organizationsApiPath } from './organization-list';

describe('organisations list state', () => {
  it('reads the URL, dropping malformed values', () => {
    expect(
      filtersFromParams(new URLSearchParams('q=%20宝钢%20&kind=supplier&region=east&cert=pending&page=3&size=50')),
    ).toEqual({ q: '宝钢', kind: 'supplier', region: 'east', cert: 'pending', page: 3, size: 50 });
    expect(filtersFromParams(new URLSearchParams('kind=robot&region=mars&cert=x&page=-1&size=7&q=%20'))).toEqual({
      page: 1,
      size: 20,
    });
  });

  it('round-trips through the URL, leaving defaults out', () => {
    const f = { q: 'steel', region: 'south' as const, page: 2, size: 20 };
    expect(filtersToParams(f).toString()).toBe('q=steel&region=south&page=2');
    expect(filtersFromParams(filtersToParams(f))).toEqual(f);
    expect(filtersToParams({ page: 1, size: 20 }).toString()).toBe('');
  });

  it('asks the API for the page with limit/offset and its filter names', () => {
    expect(organizationsApiPath({ q: '钢', cert: 'verified', page: 3, size: 50 })).toBe(
      `/api/organizations?limit=50&offset=100&q=${encodeURIComponent('钢')}&certificationStatus=verified`,
    );
  });

  it('keeps a sort other than the default in the URL and passes it to the API', () => {
    expect(filtersFromParams(new URLSearchParams('sort=name'))).toEqual({ sort: 'name', page: 1, size: 20 });
    expect(filtersFromParams(new URLSearchParams('sort=-createdAt'))).toEqual({ page: 1, size: 20 });
    expect(filtersFromParams(new URLSearchParams('sort=creditCode'))).toEqual({ page: 1, size: 20 });
    expect(filtersToParams({ sort: '-name', page: 1, size: 20 }).toString()).toBe('sort=-name');
    expect(organizationsApiPath({ sort: 'createdAt', page: 1, size: 20 })).toBe(
      '/api/organizations?limit=20&offset=0&sort=createdAt',
    );
  });
});
