import { ApiError, TOKEN_KEY } from '../../../api/client';
import type { SpendRowError } from './types';

/** A refused import: the server's message and every bad line it named (`details.errors`, at most 100). */
export class SpendImportError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly rowErrors: SpendRowError[],
    readonly errorCount: number,
  ) {
    super(status, code, message);
    this.name = 'SpendImportError';
  }
}

/**
 * `POST /api/channel-spend/import` with the CSV as `text/csv` (the JSON client cannot send it). The browser adds
 * the same-origin `Origin` header, which is what lets a cookie-authenticated non-JSON write through the CSRF check;
 * the bearer token, when the console was opened with one, goes along as in the JSON client.
 */
export async function importSpendCsv(text: string, signal?: AbortSignal): Promise<{ written: number }> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'text/csv; charset=utf-8' };
  try {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.authorization = `Bearer ${token}`;
  } catch {
    // No storage: the session cookie alone.
  }
  const init: RequestInit = { method: 'POST', headers, body: text, credentials: 'same-origin' };
  if (signal) init.signal = signal;
  const res = await fetch('/api/channel-spend/import', init);
  const body = await res.text();
  let json: unknown = null;
  try {
    json = body ? JSON.parse(body) : null;
  } catch {
    // Not JSON: keep the status and the start of the text.
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)
      ?.error;
    const rowErrors = Array.isArray(err?.details?.errors) ? (err.details.errors as SpendRowError[]) : [];
    const count = typeof err?.details?.errorCount === 'number' ? err.details.errorCount : rowErrors.length;
    throw new SpendImportError(
      res.status,
      err?.code ?? `http_${res.status}`,
      err?.message ?? (body.slice(0, 200) || res.statusText || `HTTP ${res.status}`),
      rowErrors,
      count,
    );
  }
  return json as { written: number };
}
