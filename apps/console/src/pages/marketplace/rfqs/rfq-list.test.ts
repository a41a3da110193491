import { describe, expect, it } from 'vitest';
import { rfqActions, rfqCsvRow, rfqFiltersFromParams, rfqFiltersToParams, rfqsApiPath } from './rfq-list';
import type { Rfq } from './types';

describe('RFQ list state', () => {
  it('reads the URL, dropping malformed values, and round-trips', () => {
    const f = rfqFiltersFromParams(new URLSearchParams('q=PP&status=open&buyer=org_b&category=cat_c&page=4&size=100'));
    expect(f).toEqual({ q: 'PP', status: 'open', buyer: 'org_b', category: 'cat_c', page: 4, size: 100 });
    expect(rfqFiltersFromParams(rfqFiltersToParams(f))).toEqual(f);
    expect(rfqFiltersFromParams(new URLSearchParams('status=pending&buyer=a%20b&page=x'))).toEqual({
      page: 1,
      size: 20,
    });
  });

  it('asks the API with its own names', () => {
    expect(rfqsApiPath({ status: 'awarded', buyer: 'org_b', category: 'cat_c', page: 2, size: 20 })).toBe(
      '/api/rfqs?limit=20&offset=20&status=awarded&buyerId=org_b&categoryId=cat_c',
    );
  });

  it('keeps a sort other than the default in the URL and passes it to the API', () => {
    const f = rfqFiltersFromParams(new URLSearchParams('sort=deadline&status=open'));
    expect(f).toEqual({ status: 'open', sort: 'deadline', page: 1, size: 20 });
    expect(rfqFiltersToParams(f).toString()).toBe('status=open&sort=deadline');
    expect(rfqFiltersFromParams(new URLSearchParams('sort=-createdAt'))).toEqual({ page: 1, size: 20 });
    expect(rfqFiltersFromParams(new URLSearchParams('sort=quoteCount'))).toEqual({ page: 1, size: 20 });
    expect(rfqsApiPath({ sort: '-quantity', page: 1, size: 20 })).toBe('/api/rfqs?limit=20&offset=0&sort=-quantity');
  });

  it('offers close and cancel on open RFQs only, and only with rfq:write', () => {
    expect(rfqActions('open', true)).toEqual(['close', 'cancel']);
    expect(rfqActions('open', false)).toEqual([]);
    for (const s of ['awarded', 'closed', 'cancelled'] as const) expect(rfqActions(s, true)).toEqual([]);
  });

  it('exports a row per RFQ with the buyer and category names', () => {
    const r: Rfq = {
      id: 'rfq_1',
      buyerId: 'org_b',
      createdBy: null,
      categoryId: 'cat_c',
      title: '求购 PP 42吨',
      description: '',
      quantity: 42,
      unit: '吨',
      targetUnitPrice: null,
      currency: 'CNY',
      deadline: '2026-12-07T08:21:01.000Z',
      deliveryRegion: 'east',
      status: 'open',
      quoteCount: 0,
      createdAt: '2026-11-30T08:21:01.000Z',
      updatedAt: '2026-11-30T08:21:01.000Z',
    };
    expect(
      rfqCsvRow(
        r,
        () => '华东塑料',
        () => '化工 / 塑料',
      ),
    ).toEqual([
      'rfq_1',
      '求购 PP 42吨',
      'org_b',
      '华东塑料',
      'cat_c',
      '化工 / 塑料',
      'open',
      42,
      '吨',
      null,
      'CNY',
      'east',
      0,
      '2026-12-07T08:21:01.000Z',
      '2026-11-30T08:21:01.000Z',
    ]);
  });
});
