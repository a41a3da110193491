import type { EventStore, OltpStore, OrganizationDimension, PersonDimension } from '@tradeloop/storage';

/** Rows read from the operational store per round trip. */
const PAGE = 2000;

type Position = { at: string; id: string };

/** How far a sync got, and what it copied this time. */
export type DimensionSyncResult = { organizations: number; persons: number };

/**
 * Mirrors organisations (kind, region, industry, business line, certification, member level) and persons (current
 * organisation, traits) from the operational store into the event store's dimension tables, so analytics can scope
 * and break down by them in one engine. It copies the rows changed since its last position ((updated_at, id)
 * keyset order): cheap when nothing changed, so the query route calls `sync()` before each query, and the platform
 * also calls it periodically. A row's version is its update time in ms: re-copying is harmless. Merged persons are
 * not copied (their distinct ids belong to the survivor).
 *
 * @example
 * const dims = new DimensionSync({ store, events });
 * await dims.sync(); // { organizations: 12, persons: 40 } on first call, then only what changed
 */
export class DimensionSync {
  private readonly orgs: Position = { at: '', id: '' };
  private readonly persons: Position = { at: '', id: '' };
  private running: Promise<DimensionSyncResult> | null = null;

  constructor(private readonly deps: { store: OltpStore; events: EventStore }) {}

  /** Copies what changed since the last sync; concurrent callers share one run. */
  sync(): Promise<DimensionSyncResult> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<DimensionSyncResult> {
    return { organizations: await this.syncOrganizations(), persons: await this.syncPersons() };
  }

  private syncOrganizations(): Promise<number> {
    return copyChanged(
      this.orgs,
      (at, id) =>
        this.deps.store.db
          .selectFrom('organizations')
          .leftJoin('memberLevels', 'memberLevels.id', 'organizations.memberLevelId')
          .select([
            'organizations.id',
            'organizations.kind',
            'organizations.region',
            'organizations.industry',
            'organizations.businessLine',
            'organizations.certificationStatus',
            'organizations.updatedAt',
            'memberLevels.code as memberLevel',
          ])
          .where((eb) =>
            eb.or([
              eb('organizations.updatedAt', '>', at),
              eb.and([eb('organizations.updatedAt', '=', at), eb('organizations.id', '>', id)]),
            ]),
          )
          .orderBy('organizations.updatedAt')
          .orderBy('organizations.id')
          .limit(PAGE)
          .execute(),
      async (rows) => {
        const dims: OrganizationDimension[] = rows.map((r) => ({
          organizationId: r.id,
          kind: r.kind,
          region: r.region,
          industry: r.industry,
          businessLine: r.businessLine,
          certificationStatus: r.certificationStatus,
          memberLevel: r.memberLevel ?? null,
          version: versionOf(r.updatedAt),
        }));
        await this.deps.events.upsertOrganizations(dims);
        return dims.length;
      },
    );
  }

  private syncPersons(): Promise<number> {
    return copyChanged(
      this.persons,
      (at, id) =>
        this.deps.store.db
          .selectFrom('persons')
          .select(['id', 'organizationId', 'traits', 'updatedAt', 'mergedInto'])
          .where((eb) => eb.or([eb('updatedAt', '>', at), eb.and([eb('updatedAt', '=', at), eb('id', '>', id)])]))
          .orderBy('updatedAt')
          .orderBy('id')
          .limit(PAGE)
          .execute(),
      async (rows) => {
        const dims: PersonDimension[] = rows
          .filter((r) => r.mergedInto === null)
          .map((r) => ({
            personId: r.id,
            organizationId: r.organizationId,
            traits: JSON.parse(r.traits) as Record<string, unknown>,
            version: versionOf(r.updatedAt),
          }));
        await this.deps.events.upsertPersons(dims);
        return dims.length;
      },
    );
  }
}

/**
 * Copies rows changed since `position` page by page in (updatedAt, id) order, moving `position` forward after each
 * page is written; returns how many rows `write` reports it copied.
 */
async function copyChanged<R extends { id: string; updatedAt: string }>(
  position: Position,
  readPage: (at: string, id: string) => Promise<R[]>,
  write: (rows: R[]) => Promise<number>,
): Promise<number> {
  let copied = 0;
  for (;;) {
    const rows = await readPage(position.at, position.id);
    if (rows.length === 0) return copied;
    copied += await write(rows);
    const last = rows[rows.length - 1] as R;
    position.at = last.updatedAt;
    position.id = last.id;
    if (rows.length < PAGE) return copied;
  }
}

/** Update times are ISO-8601 UTC; their epoch ms orders the mirror's versions. */
function versionOf(updatedAt: string): number {
  const ms = Date.parse(updatedAt);
  return Number.isFinite(ms) ? ms : 0;
}
