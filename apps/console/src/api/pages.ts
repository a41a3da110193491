import { api } from './client';

/** One page of a marketplace list (`GET /api/...?limit=&offset=`). */
export type ListPage<T> = { items: T[]; total: number; limit: number; offset: number };

/**
 * Every item of a paged list, a page of 200 at a time, up to `max` (for CSV exports of the filtered list).
 * `path` carries the filters; its own limit/offset are replaced.
 */
export async function fetchAllPages<T>(path: string, max = 10_000, signal?: AbortSignal): Promise<T[]> {
  const out: T[] = [];
  const [base, query = ''] = path.split('?', 2);
  const params = new URLSearchParams(query);
  for (let offset = 0; offset < max; offset += 200) {
    params.set('limit', String(Math.min(200, max - offset)));
    params.set('offset', String(offset));
    const page = await api<ListPage<T>>('GET', `${base}?${params}`, undefined, signal);
    out.push(...page.items);
    if (page.items.length === 0 || offset + page.items.length >= page.total) break;
  }
  return out;
}
