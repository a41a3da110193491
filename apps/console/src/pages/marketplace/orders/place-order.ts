import { request } from '../../../api/client';
import type { PlaceOrderBody } from './order-form';
import type { OrderDetail } from './types';

/**
 * `POST /api/orders` with an `Idempotency-Key` header. `replayed` is true when the server answered a retry with the
 * order it had already placed.
 */
export async function placeOrder(
  body: PlaceOrderBody,
  idempotencyKey: string,
): Promise<{ order: OrderDetail; replayed: boolean }> {
  const { data, headers } = await request<OrderDetail>('POST', '/api/orders', {
    body,
    headers: { 'idempotency-key': idempotencyKey },
  });
  return { order: data, replayed: headers.get('idempotent-replayed') === 'true' };
}

/** A fresh retry key (`console-<uuid>`). */
export function newIdempotencyKey(): string {
  const uuid =
    typeof crypto !== 'undefined' && 'randomUUID' in crypto
      ? crypto.randomUUID()
      : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `console-${uuid}`;
}
