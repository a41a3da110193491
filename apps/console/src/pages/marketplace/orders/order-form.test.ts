import { describe, expect, it } from 'vitest';
import {
  estimate,
  fieldOfError,
  formRowOfItem,
  idempotencyKeyFor,
  type OrderFormState,
  orderRequest,
  type ProductFacts,
} from './order-form';

const products = new Map<string, ProductFacts>([
  [
    'prd_a',
    {
      moq: 100,
      tiers: [
        { minQuantity: 100, unitPrice: 2000 },
        { minQuantity: 500, unitPrice: 1800 },
      ],
    },
  ],
  ['prd_b', { moq: 10, tiers: [{ minQuantity: 10, unitPrice: 50_000 }] }],
]);
const line = (key: string, productId: string | null, quantity: number | null) => ({ key, productId, quantity });
const form = (patch: Partial<OrderFormState> = {}): OrderFormState => ({
  buyerId: 'org_buyer',
  supplierId: 'org_sup',
  lines: [line('1', 'prd_a', 500), line('2', null, null), line('3', 'prd_b', 12)],
  couponCode: ' welcome200 ',
  note: '  请周五前送达 ',
  ...patch,
});

describe('the new-order form → POST /api/orders', () => {
  it('sends the buyer, the filled lines (spare rows left out), the trimmed coupon and note', () => {
    expect(orderRequest(form(), products)).toEqual({
      body: {
        buyerId: 'org_buyer',
        items: [
          { productId: 'prd_a', quantity: 500 },
          { productId: 'prd_b', quantity: 12 },
        ],
        couponCode: 'welcome200',
        note: '请周五前送达',
      },
      issues: [],
    });
    const plain = orderRequest(form({ couponCode: ' ', note: '' }), products);
    expect(plain.body).not.toHaveProperty('couponCode');
    expect(plain.body).not.toHaveProperty('note');
  });

  it('marks what it can see before asking the server, on the form row', () => {
    const r = orderRequest(
      form({
        buyerId: null,
        lines: [line('1', 'prd_a', 99), line('2', null, 5), line('3', 'prd_b', null), line('4', 'prd_a', 200)],
      }),
      products,
    );
    expect(r.body).toBeNull();
    expect(r.issues).toEqual([
      { field: 'buyerId', message: 'buyerRequired' },
      { field: 'lines.0.quantity', message: 'belowMoq' },
      { field: 'lines.1.productId', message: 'productRequired' },
      { field: 'lines.2.quantity', message: 'quantityRequired' },
      { field: 'lines.3.productId', message: 'duplicate' },
    ]);
    expect(orderRequest(form({ lines: [line('1', null, null)] }), products).issues).toEqual([
      { field: 'items', message: 'linesRequired' },
    ]);
  });

  it("puts the server's refusal on the field its path names, mapping item indexes back to form rows", () => {
    const lines = form().lines; // row 1 is a spare row: item 1 is row 2
    expect(formRowOfItem(lines, 0)).toBe(0);
    expect(formRowOfItem(lines, 1)).toBe(2);
    expect(formRowOfItem(lines, 5)).toBe(-1);
    expect(fieldOfError(lines, ['body', 'items', 1, 'quantity'])).toBe('lines.2.quantity');
    expect(fieldOfError(lines, ['body', 'items', 0, 'productId'])).toBe('lines.0.productId');
    expect(fieldOfError(lines, ['body', 'couponCode'])).toBe('couponCode');
    expect(fieldOfError(lines, ['body', 'buyerId'])).toBe('buyerId');
    expect(fieldOfError(lines, ['body', 'items'])).toBe('items');
    expect(fieldOfError(lines, ['headers', 'idempotency-key'])).toBe('');
    expect(fieldOfError(lines, undefined)).toBe('');
  });

  it('reuses the retry key for the same request and takes a fresh one when anything changed', () => {
    let n = 0;
    const fresh = () => `key-${++n}`;
    const body = { buyerId: 'org_b', items: [{ productId: 'prd_a', quantity: 100 }] };
    const first = idempotencyKeyFor(null, body, fresh);
    expect(first.key).toBe('key-1');
    expect(idempotencyKeyFor(first, { ...body }, fresh).key).toBe('key-1');
    expect(idempotencyKeyFor(first, { ...body, couponCode: 'X' }, fresh).key).toBe('key-2');
  });

  it('estimates each line at the tier its quantity reaches', () => {
    expect(estimate(form().lines, products)).toEqual({ lines: [900_000, undefined, 600_000], subtotal: 1_500_000 });
    expect(estimate([line('1', 'prd_a', 50)], products)).toEqual({ lines: [undefined], subtotal: 0 });
  });
});
