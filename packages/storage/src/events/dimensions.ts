/**
 * Dimensions mirrored into the event store so queries can scope and break down by them without reaching into the
 * operational store: each organisation's attributes and each person's organisation and traits. The operational
 * store stays the truth; a mirror row carries a version (the source row's update time in epoch ms) and the highest
 * version of a key wins, so replays and out-of-order syncs are harmless.
 */

/** An organisation's attributes as queries see them (source "organization" of a PropertyRef). */
export type OrganizationDimension = {
  organizationId: string;
  kind: string;
  region: string;
  industry: string;
  businessLine: string;
  certificationStatus: string;
  memberLevel: string | null;
  version: number;
};

/** A person's current organisation and traits (source "person" of a PropertyRef). */
export type PersonDimension = {
  personId: string;
  organizationId: string | null;
  traits: Record<string, unknown>;
  version: number;
};

/** Columns of dim_organizations, in order, with the field each holds. */
export const ORGANIZATION_DIMENSION_COLUMNS = [
  ['organization_id', 'organizationId'],
  ['kind', 'kind'],
  ['region', 'region'],
  ['industry', 'industry'],
  ['business_line', 'businessLine'],
  ['certification_status', 'certificationStatus'],
  ['member_level', 'memberLevel'],
] as const satisfies readonly (readonly [string, keyof OrganizationDimension])[];

function checkVersion(version: number, what: string): void {
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new Error(`${what} version must be a non-negative integer: ${version}`);
  }
}

/** The highest version per key (a batch may carry one key twice), after checking every version. */
export function latestPerKey<T extends { version: number }>(rows: readonly T[], key: (row: T) => string): T[] {
  const best = new Map<string, T>();
  for (const row of rows) {
    checkVersion(row.version, 'dimension');
    const k = key(row);
    if (k === '') throw new Error('a dimension row needs a non-empty id');
    const seen = best.get(k);
    if (!seen || row.version > seen.version) best.set(k, row);
  }
  return [...best.values()];
}
