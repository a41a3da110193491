/**
 * The admin's order form (place an order on behalf of a buyer) as pure data: what the operator has entered → the
 * `POST /api/orders` body, the retry key that goes with it, and where the server's refusal belongs on the form
 * (its `error.path`, e.g. `['body', 'items', 1, 'quantity']`).
 */
import { tierPriceFor } from '../products/tiers';
import type { PriceTier } from '../products/types';

export type OrderLineDraft = { key: string; productId: string | null; quantity: number | null };

export type OrderFormState = {
  buyerId: string | null;
  supplierId: string | null;
  lines: OrderLineDraft[];
  couponCode: string;
  note: string;
};

export type PlaceOrderBody = {
  buyerId: string;
  items: { productId: string; quantity: number }[];
  couponCode?: string;
  note?: string;
};

/** A problem the form can see before asking the server, keyed like the server's paths. */
export type FormIssue = {
  field: string;
  message: 'buyerRequired' | 'productRequired' | 'quantityRequired' | 'belowMoq' | 'linesRequired' | 'duplicate';
};

export type ProductFacts = { moq: number; tiers: readonly PriceTier[] };

/**
 * The request body, or the issues that keep the form from being sent. Issues name form fields: `buyerId`,
 * `lines.<row>.productId`, `lines.<row>.quantity`, `items` (no line at all). Empty rows (no product, no quantity) are
 * spare rows and left out; a line with a product needs a quantity of at least its MOQ; a product may be on one line
 * only (the server prices lines independently, two lines would hide the tier their sum reaches).
 */
export function orderRequest(
  form: OrderFormState,
  products: ReadonlyMap<string, ProductFacts>,
): { body: PlaceOrderBody; issues: [] } | { body: null; issues: FormIssue[] } {
  const issues: FormIssue[] = [];
  if (!form.buyerId) issues.push({ field: 'buyerId', message: 'buyerRequired' });
  const items: PlaceOrderBody['items'] = [];
  const seen = new Set<string>();
  form.lines.forEach((line, row) => {
    if (line.productId === null && line.quantity === null) return;
    if (!line.productId) {
      issues.push({ field: `lines.${row}.productId`, message: 'productRequired' });
      return;
    }
    if (seen.has(line.productId)) {
      issues.push({ field: `lines.${row}.productId`, message: 'duplicate' });
      return;
    }
    seen.add(line.productId);
    const facts = products.get(line.productId);
    if (line.quantity === null || !Number.isInteger(line.quantity) || line.quantity < 1) {
      issues.push({ field: `lines.${row}.quantity`, message: 'quantityRequired' });
      return;
    }
    if (facts && line.quantity < facts.moq) {
      issues.push({ field: `lines.${row}.quantity`, message: 'belowMoq' });
      return;
    }
    items.push({ productId: line.productId, quantity: line.quantity });
  });
  if (items.length === 0 && issues.every((x) => !x.field.startsWith('lines.'))) {
    issues.push({ field: 'items', message: 'linesRequired' });
  }
  if (issues.length || !form.buyerId) return { body: null, issues };
  const body: PlaceOrderBody = { buyerId: form.buyerId, items };
  const coupon = form.couponCode.trim();
  if (coupon) body.couponCode = coupon;
  const note = form.note.trim();
  if (note) body.note = note.slice(0, 500);
  return { body, issues: [] };
}

/**
 * The form field a server refusal belongs on, from its `error.path`: the `body` prefix dropped; an item's index
 * (which counts only the lines sent) mapped back to the form row it came from (`['body', 'items', 1, 'quantity']` →
 * `lines.2.quantity` when row 1 was a spare row). Header paths (the idempotency key) and unknown ones give ''
 * (shown above the form).
 */
export function fieldOfError(lines: readonly OrderLineDraft[], path: readonly (string | number)[] | undefined): string {
  if (!path || path.length === 0 || path[0] === 'headers') return '';
  const rest = path[0] === 'body' ? path.slice(1) : path;
  const [head, index, field] = rest;
  if (head === 'items' && typeof index === 'number') {
    const row = formRowOfItem(lines, index);
    if (row < 0) return 'items';
    return field === 'quantity' ? `lines.${row}.quantity` : `lines.${row}.productId`;
  }
  if (head === 'buyerId' || head === 'couponCode' || head === 'note' || head === 'items') return head;
  return '';
}

/** Maps a sent item's index back to the form row it came from (spare rows are not sent); -1 when there is none. */
export function formRowOfItem(lines: readonly OrderLineDraft[], itemIndex: number): number {
  let sent = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as OrderLineDraft;
    if (l.productId !== null || l.quantity !== null) sent++;
    if (sent === itemIndex) return i;
  }
  return -1;
}

/**
 * The Idempotency-Key to send: the previous one when this is the same request again (a retry after a lost answer
 * or a double click returns the order already placed), a fresh one when anything changed (the server refuses a key
 * reused for a different request).
 */
export function idempotencyKeyFor(
  previous: { key: string; request: string } | null,
  body: PlaceOrderBody,
  fresh: () => string,
): { key: string; request: string } {
  const request = JSON.stringify(body);
  return previous && previous.request === request ? previous : { key: fresh(), request };
}

/** The estimate shown under the lines: tier unit price × quantity per line (promotions and coupon apply at the server). */
export function estimate(
  lines: readonly OrderLineDraft[],
  products: ReadonlyMap<string, ProductFacts>,
): { lines: (number | undefined)[]; subtotal: number } {
  const totals = lines.map((l) => {
    if (!l.productId || !l.quantity) return undefined;
    const facts = products.get(l.productId);
    const unit = facts ? tierPriceFor(facts.tiers, l.quantity) : undefined;
    return unit === undefined ? undefined : unit * l.quantity;
  });
  return { lines: totals, subtotal: totals.reduce<number>((s, v) => s + (v ?? 0), 0) };
}
