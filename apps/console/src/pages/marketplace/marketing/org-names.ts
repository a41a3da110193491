import { useEffect, useState } from 'react';
import { api } from '../../../api/client';

/**
 * Names of organisations by id, for lists that carry only ids (coupon suppliers, bundle suppliers, redemptions,
 * contacts found by phone). Fetched once per id per page load (`GET /api/organizations/{id}`), a few at a time; an
 * id the viewer may not see stays unnamed (the list shows the id).
 */
const cache = new Map<string, string | null>();
const pending = new Map<string, Promise<void>>();

export function rememberOrganizationNames(orgs: readonly { id: string; name: string }[]): void {
  for (const o of orgs) cache.set(o.id, o.name);
}

async function load(id: string): Promise<void> {
  let p = pending.get(id);
  if (!p) {
    p = api<{ id: string; name: string }>('GET', `/api/organizations/${encodeURIComponent(id)}`).then(
      (o) => void cache.set(id, o.name),
      () => void cache.set(id, null),
    );
    pending.set(id, p);
  }
  await p;
}

export function useOrganizationNames(ids: readonly (string | null | undefined)[]): Map<string, string> {
  const key = [...new Set(ids.filter((x): x is string => !!x))].sort().join(',');
  const [, setVersion] = useState(0);
  useEffect(() => {
    const missing = key === '' ? [] : key.split(',').filter((id) => !cache.has(id));
    if (missing.length === 0) return;
    let live = true;
    void Promise.all(missing.map(load)).then(() => {
      if (live) setVersion((v) => v + 1);
    });
    return () => {
      live = false;
    };
  }, [key]);
  const out = new Map<string, string>();
  for (const id of key === '' ? [] : key.split(',')) {
    const name = cache.get(id);
    if (name) out.set(id, name);
  }
  return out;
}
