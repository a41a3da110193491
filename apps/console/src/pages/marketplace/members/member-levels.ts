/**
 * Member levels' pure parts: the level form → the API body (a PATCH sends only what changed), the level an
 * organisation's lifetime points reach and how far the next one is, and the points page's URL state.
 */
import type { MemberLevel } from './types';

export type LevelForm = {
  code: string;
  name: string;
  rank: number;
  minLifetimePoints: number;
  pointsRatePercent: number;
};

const FIELDS = ['code', 'name', 'rank', 'minLifetimePoints', 'pointsRatePercent'] as const;

/** `POST /api/member-levels` body from the form (text trimmed). */
export function levelCreateRequest(f: LevelForm): LevelForm {
  return { ...f, code: f.code.trim(), name: f.name.trim() };
}

/** `PATCH /api/member-levels/{id}` body: only the fields that differ from `before` (empty: nothing to send). */
export function levelUpdateRequest(before: MemberLevel, f: LevelForm): Partial<LevelForm> {
  const after = levelCreateRequest(f);
  const out: Partial<LevelForm> = {};
  for (const k of FIELDS) {
    if (after[k] !== before[k]) (out as Record<string, unknown>)[k] = after[k];
  }
  return out;
}

/** Levels best first (highest rank). */
export function byRankDescending(levels: readonly MemberLevel[]): MemberLevel[] {
  return [...levels].sort((a, b) => b.rank - a.rank);
}

/**
 * The level `lifetime` points reach (the highest-ranked level whose threshold they meet) and the next one up with
 * the points still missing; null where there is none.
 */
export function levelProgress(
  levels: readonly MemberLevel[],
  lifetime: number,
): { current: MemberLevel | null; next: MemberLevel | null; missing: number } {
  const sorted = [...levels].sort((a, b) => a.rank - b.rank);
  let current: MemberLevel | null = null;
  for (const l of sorted) if (lifetime >= l.minLifetimePoints) current = l;
  const next = sorted.find((l) => l.rank > (current?.rank ?? -1) && l.minLifetimePoints > lifetime) ?? null;
  return { current, next, missing: next ? next.minLifetimePoints - lifetime : 0 };
}

/** Points per whole yuan from the percent rate (100 → 1, 150 → 1.5). */
export function pointsPerYuan(ratePercent: number): number {
  return ratePercent / 100;
}

export type PointsState = { org?: string; page: number };

export function pointsStateFromParams(p: URLSearchParams): PointsState {
  const org = p.get('org');
  const page = Number(p.get('ledger'));
  const s: PointsState = { page: Number.isInteger(page) && page >= 1 ? page : 1 };
  if (org && /^[A-Za-z0-9_-]{1,64}$/.test(org)) s.org = org;
  return s;
}

export function pointsStateToParams(current: URLSearchParams, s: PointsState): URLSearchParams {
  const p = new URLSearchParams(current);
  p.delete('org');
  p.delete('ledger');
  if (s.org) p.set('org', s.org);
  if (s.page !== 1) p.set('ledger', String(s.page));
  return p;
}
