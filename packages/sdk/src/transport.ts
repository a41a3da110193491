import { env } from './env.js';
import type { Message } from './message.js';

/** The part of `fetch` the SDK uses; pass `globalThis.fetch`, undici's fetch, or any compatible function. */
export type FetchLike = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body: string;
    keepalive?: boolean;
    signal?: AbortSignal;
  },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

/** What to do with a batch after one delivery attempt. */
export type SendOutcome =
  | { kind: 'sent' }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'drop'; reason: string };

/** Segment's `/v1/batch` body. The write key travels in the body so a sendBeacon (which cannot set headers) works. */
export function batchBody(batch: readonly Message[], writeKey: string): string {
  return JSON.stringify({ batch, sentAt: new Date().toISOString(), writeKey });
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * POSTs one batch and classifies the answer: 2xx sent; network errors, timeouts, 5xx, 408 and 429 retry (with the
 * server's Retry-After); any other 4xx drops the batch so one bad event cannot block the queue.
 */
export async function postBatch(
  fetchFn: FetchLike,
  url: string,
  writeKey: string,
  body: string,
  timeoutMs: number,
): Promise<SendOutcome> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  // Basic auth is what server-side Segment clients send; browsers rely on the body's writeKey instead, since an
  // Authorization header would add a CORS preflight requirement for no gain.
  if (env.document === undefined && typeof btoa === 'function') headers.authorization = `Basic ${btoa(`${writeKey}:`)}`;
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
  const timer = controller ? setTimeout(() => controller.abort(), timeoutMs) : undefined;
  try {
    const response = await fetchFn(url, { method: 'POST', headers, body, signal: controller?.signal });
    // Read the body: it frees the connection, and the server's error list is worth a warning.
    const text = await response.text().catch(() => '');
    const status = response.status;
    if (status >= 200 && status < 300) return { kind: 'sent' };
    const reason = `HTTP ${status}${text ? `: ${text.slice(0, 300)}` : ''}`;
    if (status === 429 || status === 408 || status >= 500) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      return retryAfterMs === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, retryAfterMs };
    }
    return { kind: 'drop', reason };
  } catch (error) {
    return { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/**
 * Hands a batch to the browser for delivery after the page is gone: navigator.sendBeacon with a JSON Blob, or fetch
 * with keepalive where sendBeacon is missing or throws. Returns false when the browser did not take it (e.g. the
 * 64 KB in-flight budget is used up; keepalive fetch shares it, so it is not tried then): the caller keeps it queued.
 */
export function sendOnUnload(fetchFn: FetchLike | undefined, url: string, body: string): boolean {
  const nav = env.navigator;
  if (typeof nav?.sendBeacon === 'function' && typeof env.Blob === 'function') {
    try {
      return nav.sendBeacon(url, new env.Blob([body], { type: 'application/json' }));
    } catch {
      // Some browsers refuse non-CORS-safelisted Blob types in sendBeacon: fall through to keepalive fetch.
    }
  }
  if (fetchFn === undefined) return false;
  try {
    fetchFn(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, keepalive: true }).catch(
      () => undefined,
    );
    return true;
  } catch {
    return false;
  }
}
