import type { TrackedEvent } from '@tradeloop/schema';
import type { OrganizationDimension, PersonDimension, PersonDistinctId, SqlEventStore } from '@tradeloop/storage';
import { zonedTimeToUtcMs } from '../time.js';

/**
 * Hand-written event data for the conformance suite: short to write, loaded identically into every engine.
 * Times are wall-clock in Asia/Shanghai (`'2026-01-05 10:00'`, seconds optional) unless they carry an offset.
 */
export type FixtureEvent = {
  /** The distinct id. */
  who: string;
  event: string;
  at: string;
  props?: Record<string, unknown>;
  org?: string;
  utmSource?: string;
  utmMedium?: string;
  referrer?: string;
  pagePath?: string;
};

export type Fixture = {
  events: FixtureEvent[];
  /** distinct id → person (identity merges); unmapped distinct ids are their own person. */
  personMap?: Record<string, string>;
  persons?: { personId: string; organizationId?: string | null; traits?: Record<string, unknown> }[];
  organizations?: (Partial<OrganizationDimension> & { organizationId: string })[];
};

export const FIXTURE_TZ = 'Asia/Shanghai';

/** Epoch ms of a fixture time (Shanghai wall clock, or an ISO instant with offset). */
export function fixtureMs(at: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(at);
  if (!m) {
    const ms = Date.parse(at);
    if (!Number.isFinite(ms)) throw new Error(`bad fixture time: ${at}`);
    return ms;
  }
  const base = zonedTimeToUtcMs(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), FIXTURE_TZ);
  return base + Number(m[6] ?? 0) * 1000;
}

function trackedEvent(e: FixtureEvent, i: number): TrackedEvent {
  const ts = new Date(fixtureMs(e.at)).toISOString();
  return {
    eventId: `fx-${String(i).padStart(6, '0')}`,
    type: 'track',
    event: e.event,
    timestamp: ts,
    receivedAt: ts,
    distinctId: e.who,
    anonymousId: null,
    userId: null,
    organizationId: e.org ?? null,
    sessionId: null,
    sourceId: 'src_fixture',
    utmSource: e.utmSource ?? null,
    utmMedium: e.utmMedium ?? null,
    utmCampaign: null,
    utmTerm: null,
    utmContent: null,
    referrer: e.referrer ?? null,
    clickId: null,
    clickIdType: null,
    pageUrl: null,
    pagePath: e.pagePath ?? null,
    pageTitle: null,
    screenName: null,
    libraryName: 'fixture',
    libraryVersion: '1',
    ip: null,
    userAgent: null,
    properties: e.props ?? {},
  };
}

/** Loads a fixture into an (empty) store: events, the person map and the dimensions. */
export async function loadFixture(store: SqlEventStore, fixture: Fixture): Promise<void> {
  await store.append(fixture.events.map(trackedEvent));
  const map: PersonDistinctId[] = Object.entries(fixture.personMap ?? {}).map(([distinctId, personId]) => ({
    distinctId,
    personId,
    version: 1,
  }));
  await store.upsertPersonDistinctIds(map);
  const persons: PersonDimension[] = (fixture.persons ?? []).map((p) => ({
    personId: p.personId,
    organizationId: p.organizationId ?? null,
    traits: p.traits ?? {},
    version: 1,
  }));
  await store.upsertPersons(persons);
  await store.upsertOrganizations(
    (fixture.organizations ?? []).map((o) => ({
      kind: 'buyer',
      region: 'east',
      industry: 'steel',
      businessLine: 'steel',
      certificationStatus: 'verified',
      memberLevel: null,
      version: 1,
      ...o,
    })),
  );
}
