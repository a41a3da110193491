import type { StandardEventName, TrackedEvent } from '@tradeloop/schema';
import { newId } from '../ids.js';
import type { Principal } from '../marketplace/access.js';
import type { Executor } from '../marketplace/context.js';

/** The source id of events the platform emits about its own marketplace (orders, RFQs, reviews...). */
export const SERVER_SOURCE_ID = 'server';

export type ServerEventInput = {
  event: StandardEventName;
  /** The organisation whose journey the event belongs to (the buyer for orders and RFQs). */
  organizationId: string;
  /** Who acted: a member of that organisation is the person the event is attributed to. */
  actor: Principal;
  properties: Record<string, unknown>;
  at: string;
};

/**
 * Records a server-side event in the outbox, inside the caller's transaction: the event exists if and only if the
 * change it describes was committed. A relay (events/outbox-relay.ts) moves outbox rows into the ingestion pipeline;
 * the outbox row id is the event id, so a relay retry is deduplicated downstream.
 *
 * Attribution: when a member of the organisation acted, the event belongs to that contact (distinct id and user id =
 * contact id, the id the portal identifies users with); when an operator, the admin or the system acted on the
 * organisation's behalf, it belongs to the organisation alone (distinct id `org:<id>`, no user id).
 */
export async function recordServerEvent(db: Executor, input: ServerEventInput): Promise<string> {
  const ownMember = input.actor.kind === 'member' && input.actor.organizationId === input.organizationId;
  const userId = ownMember && input.actor.kind === 'member' ? input.actor.contactId : null;
  const event: TrackedEvent = {
    eventId: newId('evt'),
    type: 'track',
    event: input.event,
    timestamp: input.at,
    receivedAt: input.at,
    distinctId: userId ?? `org:${input.organizationId}`,
    anonymousId: null,
    userId,
    organizationId: input.organizationId,
    sessionId: null,
    sourceId: SERVER_SOURCE_ID,
    utmSource: null,
    utmMedium: null,
    utmCampaign: null,
    utmTerm: null,
    utmContent: null,
    referrer: null,
    clickId: null,
    clickIdType: null,
    pageUrl: null,
    pagePath: null,
    pageTitle: null,
    screenName: null,
    libraryName: 'tradeloop-server',
    libraryVersion: '0.1.0',
    ip: null,
    userAgent: null,
    properties: input.properties,
  };
  await db
    .insertInto('eventOutbox')
    .values({ id: event.eventId, event: JSON.stringify(event), createdAt: input.at })
    .execute();
  return event.eventId;
}
