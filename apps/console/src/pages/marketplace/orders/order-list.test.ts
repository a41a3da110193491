import { describe, expect, it } from 'vitest';
import { orderActions } from './order-actions';
import { dayStart, orderFiltersFromParams, orderFiltersToParams, ordersApiPath, shortId, validDay } from './order-list';
import { ORDER_STATUSES } from './types';

describe('orders list state', () => {
  it('reads the URL, dropping malformed values and swapping a backwards range', () => {
    expect(
      orderFiltersFromParams(
        new URLSearchParams('status=paid&buyer=org_b&supplier=org_s&from=2026-11-01&to=2026-11-30&size=50'),
      ),
    ).toEqual({
      status: 'paid',
      buyer: 'org_b',
      supplier: 'org_s',
      from: '2026-11-01',
      to: '2026-11-30',
      page: 1,
      size: 50,
    });
    expect(orderFiltersFromParams(new URLSearchParams('status=lost&from=2026-02-30&to=yesterday'))).toEqual({
      page: 1,
      size: 20,
    });
    expect(orderFiltersFromParams(new URLSearchParams('from=2026-11-30&to=2026-11-01'))).toMatchObject({
      from: '2026-11-01',
      to: '2026-11-30',
    });
  });

  it('round-trips through the URL, leaving defaults out', () => {
    const f = { status: 'shipped' as const, from: '2026-10-01', page: 2, size: 20 };
    expect(orderFiltersToParams(f).toString()).toBe('status=shipped&from=2026-10-01&page=2');
    expect(orderFiltersFromParams(orderFiltersToParams(f))).toEqual(f);
  });

  it('turns calendar days in the display time zone into the API instants, both days included', () => {
    expect(dayStart('2026-11-30')).toBe('2026-11-29T16:00:00.000Z');
    const path = ordersApiPath({ from: '2026-11-01', to: '2026-11-30', buyer: 'org_b', page: 1, size: 20 });
    const q = new URLSearchParams(path.split('?')[1]);
    expect(path.startsWith('/api/orders?')).toBe(true);
    expect(q.get('limit')).toBe('20');
    expect(q.get('offset')).toBe('0');
    expect(q.get('buyerId')).toBe('org_b');
    expect(q.get('placedFrom')).toBe('2026-10-31T16:00:00.000Z');
    expect(q.get('placedTo')).toBe('2026-11-30T16:00:00.000Z');
    // New York is behind UTC: the day starts later in UTC.
    expect(dayStart('2026-07-04', 'America/New_York')).toBe('2026-07-04T04:00:00.000Z');
  });

  it('keeps a sort other than the default in the URL and passes it to the API', () => {
    const f = orderFiltersFromParams(new URLSearchParams('status=paid&sort=-total'));
    expect(f).toEqual({ status: 'paid', sort: '-total', page: 1, size: 20 });
    expect(orderFiltersToParams(f).toString()).toBe('status=paid&sort=-total');
    expect(orderFiltersFromParams(new URLSearchParams('sort=-placedAt'))).toEqual({ page: 1, size: 20 });
    expect(orderFiltersFromParams(new URLSearchParams('sort=status'))).toEqual({ page: 1, size: 20 });
    expect(ordersApiPath({ sort: 'placedAt', page: 1, size: 20 })).toBe('/api/orders?limit=20&offset=0&sort=placedAt');
  });

  it('knows a calendar day from a malformed one', () => {
    expect(validDay('2028-02-29')).toBe(true);
    expect(validDay('2026-02-29')).toBe(false);
    expect(validDay('2026-1-5')).toBe(false);
  });

  it('shortens ids to their tail', () => {
    expect(shortId('ord_01m8pz2meb3f02gce5wqf599ay')).toBe('ord_…wqf599ay');
    expect(shortId('ord_short')).toBe('ord_short');
  });
});

describe('order actions an operator may take', () => {
  const at = (status: (typeof ORDER_STATUSES)[number], completedAt: string | null = null) =>
    orderActions({ status, completedAt }, true);

  it("follow the platform's edges of the state machine", () => {
    expect(at('placed')).toEqual(['pay', 'cancel']);
    expect(at('paid')).toEqual(['ship', 'cancel']);
    expect(at('shipped')).toEqual(['deliver']);
    expect(at('delivered')).toEqual(['complete']);
    expect(at('return_requested')).toEqual(['approve-return', 'refuse-return']);
    expect(at('return_refused')).toEqual(['complete']);
    for (const s of ['completed', 'cancelled', 'returned'] as const) expect(at(s)).toEqual([]);
  });

  it('never offer request-return (the buyer alone asks) and nothing after a refused return of a completed order', () => {
    for (const s of ORDER_STATUSES) expect(at(s)).not.toContain('request-return');
    expect(at('return_refused', '2026-11-20T00:00:00.000Z')).toEqual([]);
  });

  it('offer nothing without order:write', () => {
    for (const s of ORDER_STATUSES) expect(orderActions({ status: s, completedAt: null }, false)).toEqual([]);
  });
});
