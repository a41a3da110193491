import { useEffect, useMemo, useState } from 'react';
import { api } from '../../../api/client';
import { fetchAllPages } from '../../../api/pages';
import { useApiGet } from '../../../api/use-query';
import { type CategoryIndex, indexCategories } from './categories';
import type { CategoryTree, OrgSummary } from './types';

/**
 * Look-ups the trade pages share: organisation names by id (the product, RFQ and order answers carry ids only),
 * the supplier list for filters and the category tree. Names are cached for the session: an organisation's name
 * seldom changes, and the lists show the same few dozen suppliers again and again.
 */
const names = new Map<string, string>();
const pending = new Map<string, Promise<void>>();

function remember(orgs: readonly OrgSummary[]) {
  for (const o of orgs) names.set(o.id, o.name);
}

async function loadName(id: string): Promise<void> {
  const known = pending.get(id);
  if (known) return known;
  const p = api<OrgSummary>('GET', `/api/organizations/${encodeURIComponent(id)}`).then(
    (o) => void names.set(o.id, o.name),
    () => void names.set(id, id), // out of scope or gone: show the id rather than asking again
  );
  pending.set(id, p);
  return p;
}

/** Names of the organisations `ids` (fetched one by one when not known yet); a missing name is still loading. */
export function useOrgNames(ids: readonly (string | null | undefined)[]): (id: string) => string | undefined {
  const key = [...new Set(ids.filter((x): x is string => !!x))].sort().join(',');
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const missing = key ? key.split(',').filter((id) => !names.has(id)) : [];
    if (missing.length === 0) return;
    let live = true;
    void Promise.all(missing.map(loadName)).then(() => {
      if (live) setVersion((v) => v + 1);
    });
    return () => {
      live = false;
    };
  }, [key]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` re-reads the cache after a load
  return useMemo(() => (id: string) => names.get(id), [version]);
}

let suppliersOnce: Promise<OrgSummary[]> | null = null;

/**
 * Every supplier organisation (for the supplier filters, the order form and the supplier names of the lists),
 * alphabetical; loaded once per session (tens to a few hundred organisations).
 */
export function useSuppliers(): { suppliers: OrgSummary[]; byId: Map<string, string>; loading: boolean } {
  const [suppliers, setSuppliers] = useState<OrgSummary[] | null>(null);
  useEffect(() => {
    let live = true;
    suppliersOnce ??= fetchAllPages<OrgSummary>('/api/organizations?kind=supplier', 5000).then((all) => {
      remember(all);
      return all.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    });
    suppliersOnce.then(
      (all) => {
        if (live) setSuppliers(all);
      },
      () => {
        suppliersOnce = null; // try again next time
        if (live) setSuppliers([]);
      },
    );
    return () => {
      live = false;
    };
  }, []);
  const byId = useMemo(() => new Map((suppliers ?? []).map((s) => [s.id, s.name])), [suppliers]);
  return { suppliers: suppliers ?? [], byId, loading: suppliers === null };
}

/** The category tree and its index (names and path labels by id). */
export function useCategories(): { tree: CategoryTree['items']; index: CategoryIndex; loading: boolean } {
  const answer = useApiGet<CategoryTree>('/api/categories');
  const tree = answer.data?.items;
  const index = useMemo(() => indexCategories(tree ?? []), [tree]);
  return { tree: tree ?? [], index, loading: answer.status === 'loading' };
}

/**
 * Organisations whose name contains `q` (for the buyer pickers): the server's search, at most 20, newest first.
 * Results prime the name cache.
 */
export async function searchOrganizations(q: string, kind: 'buyer' | 'supplier', signal?: AbortSignal) {
  const p = new URLSearchParams({ limit: '20', kind });
  if (q.trim()) p.set('q', q.trim().slice(0, 100));
  const page = await api<{ items: OrgSummary[] }>('GET', `/api/organizations?${p}`, undefined, signal);
  remember(page.items);
  return page.items;
}

/**
 * Names of every organisation of a kind (for CSV exports, which name the buyer or supplier of every row): the whole
 * list, a page of 200 at a time, cached like the others.
 */
export async function allOrgNames(kind: 'buyer' | 'supplier'): Promise<(id: string) => string | undefined> {
  remember(await fetchAllPages<OrgSummary>(`/api/organizations?kind=${kind}`, 50_000));
  return (id) => names.get(id);
}
