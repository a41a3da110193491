import { ApiError, type ApiErrorBody, TOKEN_KEY } from '../../../api/client';
import type { PlaceOrderBody } from './order-form';
import type { OrderDetail } from './types';

/**
 * `POST /api/orders` with an `Idempotency-Key` header. The shared `api()` client sends no custom headers, so this one
 * call is made here with the same conventions: the session cookie, JSON, the bearer token when one is kept, and the
 * server's error (code, message, field path) thrown as an ApiError. `replayed` is true when the server answered a
 * retry with the order it had already placed.
 */
export async function placeOrder(
  body: PlaceOrderBody,
  idempotencyKey: string,
): Promise<{ order: OrderDetail; replayed: boolean }> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/json',
    'idempotency-key': idempotencyKey,
  };
  try {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.authorization = `Bearer ${token}`;
  } catch {
    // storage unavailable: the session cookie alone authenticates
  }
  const res = await fetch('/api/orders', {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: reported below with the start of the text
  }
  if (!res.ok) {
    const err = (json as Partial<ApiErrorBody> | null)?.error;
    throw new ApiError(
      res.status,
      err?.code ?? `http_${res.status}`,
      err?.message ?? (text.slice(0, 200) || `HTTP ${res.status}`),
      err?.path,
    );
  }
  return { order: json as OrderDetail, replayed: res.headers.get('idempotent-replayed') === 'true' };
}

/** A fresh retry key (`console-<uuid>`). */
export function newIdempotencyKey(): string {
  const uuid =
    typeof crypto !== 'undefined' && 'randomUUID' in crypto
      ? crypto.randomUUID()
      : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `console-${uuid}`;
}
