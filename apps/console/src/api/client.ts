/**
 * The console's HTTP client. It talks to the same origin, so the HttpOnly session cookie (`tl_session`) goes with
 * every call; every write sends `Content-Type: application/json` (the server requires it on cookie-authenticated
 * writes, which keeps other sites' form posts out). A bearer token kept in sessionStorage is also sent when present:
 * the way in with the admin token (development and tests) before an operator account exists.
 */
export type ApiErrorBody = { error: { code: string; message: string; path?: (string | number)[] } };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path?: (string | number)[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const TOKEN_KEY = 'tradeloop.token';

function bearer(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = bearer();
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: string | undefined;
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    // An empty JSON body is refused by the server's parser; `{}` keeps writes without a body well-formed.
    payload = JSON.stringify(body ?? {});
  }
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (payload !== undefined) init.body = payload;
  if (signal) init.signal = signal;
  const res = await fetch(path, init);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's error page, say): keep the status and show the start of the text.
  }
  if (!res.ok) {
    const err = (json as Partial<ApiErrorBody> | null)?.error;
    throw new ApiError(
      res.status,
      err?.code ?? `http_${res.status}`,
      err?.message ?? (text.slice(0, 200) || res.statusText || `HTTP ${res.status}`),
      err?.path,
    );
  }
  return json as T;
}
