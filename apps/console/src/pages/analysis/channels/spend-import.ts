import { ApiError, type RequestOptions, request } from '../../../api/client';
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
 * `POST /api/channel-spend/import` with the CSV as `text/csv`. The browser adds the same-origin `Origin` header,
 * which is what lets a cookie-authenticated non-JSON write through the CSRF check.
 */
export async function importSpendCsv(text: string, signal?: AbortSignal): Promise<{ written: number }> {
  try {
    const options: RequestOptions = { body: text, contentType: 'text/csv; charset=utf-8' };
    if (signal) options.signal = signal;
    return (await request<{ written: number }>('POST', '/api/channel-spend/import', options)).data;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const rowErrors = Array.isArray(error.details?.errors) ? (error.details.errors as SpendRowError[]) : [];
    const count = typeof error.details?.errorCount === 'number' ? error.details.errorCount : rowErrors.length;
    throw new SpendImportError(error.status, error.code, error.message, rowErrors, count);
  }
}
