/**
 * The pure part of DataTable: filtering, sorting and paging rows in memory, and the URL parameters that hold that
 * state (so a link to a sorted, filtered page shows the same rows). Kept apart from React to be unit-tested.
 */
export type CellValue = string | number | null | undefined;

export type SortDirection = 'ascend' | 'descend';
export type TableState = {
  q: string;
  sort?: { key: string; dir: SortDirection };
  page: number;
  filters: Record<string, string[]>;
};

export type ValueColumn<T> = { key: string; value: (row: T) => CellValue };

/** Nulls sort last in either direction; numbers numerically; text by the locale's collation (pinyin for zh). */
export function compareValues(a: CellValue, b: CellValue, collator: Intl.Collator): number {
  const an = a === null || a === undefined || a === '';
  const bn = b === null || b === undefined || b === '';
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

export function applyTableState<T>(
  rows: readonly T[],
  columns: readonly ValueColumn<T>[],
  state: Pick<TableState, 'q' | 'sort' | 'filters'>,
  collator: Intl.Collator,
): T[] {
  const q = state.q.trim().toLowerCase();
  let out = rows.filter((row) => {
    for (const [key, allowed] of Object.entries(state.filters)) {
      if (allowed.length === 0) continue;
      const col = columns.find((c) => c.key === key);
      if (col && !allowed.includes(String(col.value(row) ?? ''))) return false;
    }
    if (q === '') return true;
    return columns.some((c) =>
      String(c.value(row) ?? '')
        .toLowerCase()
        .includes(q),
    );
  });
  const sort = state.sort;
  const col = sort && columns.find((c) => c.key === sort.key);
  if (sort && col) {
    const sign = sort.dir === 'ascend' ? 1 : -1;
    const nullsLast = (a: CellValue, b: CellValue) => {
      const an = a === null || a === undefined || a === '';
      const bn = b === null || b === undefined || b === '';
      return an || bn ? (an === bn ? 0 : an ? 1 : -1) : null;
    };
    // A stable sort that keeps nulls last in both directions.
    out = out
      .map((row, i) => ({ row, i, v: col.value(row) }))
      .sort((x, y) => nullsLast(x.v, y.v) ?? (sign * compareValues(x.v, y.v, collator) || x.i - y.i))
      .map((x) => x.row);
  }
  return out;
}

/** Reads the table's state from URL parameters named `${prefix}q`, `${prefix}sort` (`key` or `-key`), `${prefix}page`, `${prefix}f.<key>`. */
export function tableStateFromParams(params: URLSearchParams, prefix = ''): TableState {
  const sortParam = params.get(`${prefix}sort`) ?? '';
  const sort = sortParam
    ? { key: sortParam.replace(/^-/, ''), dir: (sortParam.startsWith('-') ? 'descend' : 'ascend') as SortDirection }
    : undefined;
  const page = Math.max(1, Number.parseInt(params.get(`${prefix}page`) ?? '1', 10) || 1);
  const filters: Record<string, string[]> = {};
  for (const [k, v] of params) {
    if (k.startsWith(`${prefix}f.`)) filters[k.slice(prefix.length + 2)] = v.split('|').filter((x) => x !== '');
  }
  const state: TableState = { q: params.get(`${prefix}q`) ?? '', page, filters };
  if (sort) state.sort = sort;
  return state;
}

/** Writes the table's state into a copy of `params` (other parameters stay), dropping defaults. */
export function tableStateToParams(params: URLSearchParams, state: TableState, prefix = ''): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const k of [...next.keys()]) if (k.startsWith(`${prefix}f.`)) next.delete(k);
  const set = (k: string, v: string | undefined) => (v ? next.set(`${prefix}${k}`, v) : next.delete(`${prefix}${k}`));
  set('q', state.q.trim() || undefined);
  set('sort', state.sort ? `${state.sort.dir === 'descend' ? '-' : ''}${state.sort.key}` : undefined);
  set('page', state.page > 1 ? String(state.page) : undefined);
  for (const [k, v] of Object.entries(state.filters)) if (v.length > 0) next.set(`${prefix}f.${k}`, v.join('|'));
  return next;
}
