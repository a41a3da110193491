/**
 * The console's HTTP client. It talks to the same origin, so the HttpOnly session cookie (`tl_session`) goes with
 * every call and is the only credential the console uses (operators sign in; the admin token is for scripts and the
 * CLI). JSON writes send `Content-Type: application/json`; a non-JSON write (a CSV upload) relies on the browser's
 * same-origin `Origin` header, which the server's CSRF check accepts.
 */
export type ApiErrorBody = { error: { code: string; message: string; path?: (string | number)[] } };

export class ApiError extends Error {
  /** The error's `details`, when the server gave any (e.g. `{errors: [...]}` for a CSV's bad rows). */
  details?: Record<string, unknown>;

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

/** What `request` sends: a JSON value (the default) or text with its own content type, and extra headers. */
export type RequestOptions = {
  body?: unknown;
  /** Send `body` (a string) as this content type instead of JSON, e.g. `text/csv; charset=utf-8`. */
  contentType?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
};

/** An API error body's `error` object (with `details` where the server gives them, e.g. a CSV's bad rows). */
type ErrorObject = ApiErrorBody['error'] & { details?: Record<string, unknown> };

/**
 * One call to the API: the answer's JSON and headers, or an ApiError with the server's code, message, field path
 * and details. Every call goes through here, so the conventions (cookie, content types, error shape) live in one place.
 */
export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options: RequestOptions = {},
): Promise<{ data: T; headers: Headers }> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let payload: string | undefined;
  if (method !== 'GET') {
    if (options.contentType) {
      headers['content-type'] = options.contentType;
      payload = String(options.body ?? '');
    } else {
      headers['content-type'] = 'application/json';
      // An empty JSON body is refused by the server's parser; `{}` keeps writes without a body well-formed.
      payload = JSON.stringify(options.body ?? {});
    }
  }
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (payload !== undefined) init.body = payload;
  if (options.signal) init.signal = options.signal;
  const res = await fetch(path, init);
  if (res.status === 204) return { data: undefined as T, headers: res.headers };
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's error page, say): keep the status and show the start of the text.
  }
  if (!res.ok) {
    const err = (json as { error?: ErrorObject } | null)?.error;
    const error = new ApiError(
      res.status,
      err?.code ?? `http_${res.status}`,
      err?.message ?? (text.slice(0, 200) || res.statusText || `HTTP ${res.status}`),
      err?.path,
    );
    if (err?.details) error.details = err.details;
    throw error;
  }
  return { data: json as T, headers: res.headers };
}

/** A JSON call: the answer's body, or an ApiError. */
export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const options: RequestOptions = { body };
  if (signal) options.signal = signal;
  return (await request<T>(method, path, options)).data;
}
