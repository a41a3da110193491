import { describe, expect, it } from 'vitest';
import {
  bundleRequest,
  couponRequest,
  lastDay,
  marketingApiPath,
  marketingStateFromParams,
  marketingStateToParams,
  promotionRequest,
  validity,
} from './marketing';

describe('marketing URL state', () => {
  it('round-trips tab, status, code and paging, and drops what is malformed', () => {
    const s = marketingStateFromParams(
      new URLSearchParams('tab=coupons&status=disabled&code=spring-10&page=3&size=50'),
    );
    expect(s).toEqual({ tab: 'coupons', status: 'disabled', code: 'SPRING-10', page: 3, size: 50 });
    expect(marketingStateToParams(s).toString()).toBe('status=disabled&code=SPRING-10&page=3&size=50');
    expect(marketingApiPath(s)).toBe('/api/coupons?limit=50&offset=100&status=disabled&code=SPRING-10');
    const bad = marketingStateFromParams(new URLSearchParams('tab=nope&status=gone&page=-1&size=7&code=a%20b'));
    expect(bad).toEqual({ tab: 'coupons', page: 1, size: 20 });
    expect(marketingStateToParams(bad).toString()).toBe('');
  });

  it('keeps the code filter to coupons', () => {
    const s = marketingStateFromParams(new URLSearchParams('tab=bundles&code=X1'));
    expect(s).toEqual({ tab: 'bundles', page: 1, size: 20 });
    expect(marketingApiPath({ ...s, status: 'active' })).toBe('/api/bundles?limit=20&offset=0&status=active');
  });
});

describe('create forms → request bodies', () => {
  it('turns a coupon form into minor units and Shanghai day boundaries, the last day included', () => {
    const body = couponRequest({
      code: ' spring-10 ',
      name: ' 春季满减 ',
      kind: 'amount_off',
      amountOff: 50.5,
      percentOff: 10,
      threshold: 500,
      validFrom: '2026-03-01',
      validUntil: '2026-03-31',
      perOrgLimit: 2,
      totalLimit: null,
    });
    expect(body).toEqual({
      code: 'spring-10',
      name: '春季满减',
      kind: 'amount_off',
      currency: 'CNY',
      amountOff: 5050,
      threshold: 50000,
      validFrom: '2026-02-28T16:00:00.000Z',
      validUntil: '2026-03-31T16:00:00.000Z',
      perOrgLimit: 2,
    });
    expect(lastDay(body.validUntil as string)).toBe('2026-03-31');
  });

  it('sends percentOff only for percent coupons, and a default limit of one per organisation', () => {
    const body = couponRequest({
      code: 'P10',
      name: 'x',
      kind: 'percent_off',
      amountOff: 3,
      percentOff: 10,
      validFrom: '2026-01-01',
      validUntil: '2026-01-01',
      totalLimit: 100,
    });
    expect(body).toMatchObject({ percentOff: 10, perOrgLimit: 1, threshold: 0, totalLimit: 100 });
    expect(body).not.toHaveProperty('amountOff');
  });

  it('builds promotions with unit prices only for the price kind, and bundles with optional windows', () => {
    const products = [{ productId: 'prd_1', unitPrice: 12.34 }, { productId: 'prd_2' }];
    expect(
      promotionRequest({ name: 'P', kind: 'price', startsAt: '2026-06-01', endsAt: '2026-06-18', products }),
    ).toEqual({
      name: 'P',
      kind: 'price',
      startsAt: '2026-05-31T16:00:00.000Z',
      endsAt: '2026-06-18T16:00:00.000Z',
      products: [{ productId: 'prd_1', unitPrice: 1234 }, { productId: 'prd_2' }],
    });
    expect(
      promotionRequest({
        name: 'P',
        kind: 'percent_off',
        percentOff: 15,
        startsAt: '2026-06-01',
        endsAt: '2026-06-01',
        products,
      }).products,
    ).toEqual([{ productId: 'prd_1' }, { productId: 'prd_2' }]);
    const items = [
      { productId: 'prd_1', quantity: 2 },
      { productId: 'prd_2', quantity: 1 },
    ];
    expect(bundleRequest({ name: 'B', price: 99.9, items })).toEqual({
      name: 'B',
      price: 9990,
      currency: 'CNY',
      items,
    });
    expect(bundleRequest({ name: 'B', price: 1, startsAt: '2026-01-01', endsAt: null, items })).toHaveProperty(
      'startsAt',
      '2025-12-31T16:00:00.000Z',
    );
  });
});

describe('validity', () => {
  const now = new Date('2026-06-10T00:00:00Z');
  it('says whether an offer is scheduled, running, over or disabled', () => {
    expect(validity('active', '2026-06-11T00:00:00Z', '2026-07-01T00:00:00Z', now)).toBe('scheduled');
    expect(validity('active', '2026-06-01T00:00:00Z', '2026-06-10T00:00:00Z', now)).toBe('ended');
    expect(validity('active', '2026-06-10T00:00:00Z', '2026-06-10T00:00:01Z', now)).toBe('running');
    expect(validity('active', null, null, now)).toBe('running');
    expect(validity('disabled', null, null, now)).toBe('disabled');
  });
});
