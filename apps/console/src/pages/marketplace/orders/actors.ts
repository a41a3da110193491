import { useEffect, useState } from 'react';
import { api } from '../../../api/client';
import type { OrderDetail } from './types';

/**
 * Who made each transition of an order, by name: operators (`GET /api/operators/:id`) and the members of the
 * order's buyer and supplier (their contact lists). A name the viewer may not read (another scope, no
 * operator:manage) stays an id.
 */
const cache = new Map<string, string>();

type Contact = { id: string; name: string };

export function useActorNames(order: OrderDetail | undefined): (id: string | null) => string | null {
  const transitions = order?.transitions ?? [];
  const operators = [
    ...new Set(transitions.filter((t) => t.actorKind === 'operator' && t.actorId).map((t) => t.actorId as string)),
  ].filter((id) => !cache.has(id));
  const membersMissing = transitions.some((t) => t.actorKind === 'member' && t.actorId && !cache.has(t.actorId));
  const orgs = membersMissing && order ? [order.buyerId, order.supplierId] : [];
  const key = [...operators, ...orgs.map((o) => `org:${o}`)].join(',');
  const [, setVersion] = useState(0);

  useEffect(() => {
    if (!key) return;
    let live = true;
    const jobs = key.split(',').map(async (entry) => {
      try {
        if (entry.startsWith('org:')) {
          const org = entry.slice(4);
          const page = await api<{ items: Contact[] }>(
            'GET',
            `/api/organizations/${encodeURIComponent(org)}/contacts?limit=200`,
          );
          for (const c of page.items) cache.set(c.id, c.name);
        } else {
          cache.set(entry, (await api<{ name: string }>('GET', `/api/operators/${encodeURIComponent(entry)}`)).name);
        }
      } catch {
        if (!entry.startsWith('org:')) cache.set(entry, entry);
      }
    });
    void Promise.all(jobs).then(() => {
      if (live) setVersion((v) => v + 1);
    });
    return () => {
      live = false;
    };
  }, [key]);
  return (id) => (id === null ? null : (cache.get(id) ?? id));
}
