import { z } from 'zod';
import { Pagination, page } from '../common.js';
import { NormalizedEmail, NormalizedPhone } from '../marketplace/organizations.js';
import { EVENT_TYPES } from './event.js';

/** A person of identity stitching: every id they were seen under, their traits and their organisation. */
export const Person = z.object({
  id: z.string(),
  /** Every distinct id (anonymous ids, user ids, login ids) that maps to this person. */
  distinctIds: z.array(z.string()),
  /** The distinct ids that were given as a user id (Segment userId, Sensors login id). */
  userIds: z.array(z.string()),
  traits: z.record(z.string(), z.unknown()),
  /** The group (marketplace organisation id or an external id) of the latest group call. */
  organizationId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Person = z.infer<typeof Person>;

export const PersonPage = page(Person);

const DistinctIdText = z.string().min(1).max(200);

/** `GET /api/persons?phone=|email=|userId=|distinctId=`: exactly one key. */
export const PersonLookupQuery = z
  .strictObject({
    ...Pagination.shape,
    phone: NormalizedPhone.optional(),
    email: NormalizedEmail.optional(),
    userId: DistinctIdText.optional(),
    distinctId: DistinctIdText.optional(),
  })
  .refine((q) => [q.phone, q.email, q.userId, q.distinctId].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of phone, email, userId or distinctId',
    path: ['phone'],
  });
export type PersonLookupQuery = z.infer<typeof PersonLookupQuery>;

/** `GET /api/persons/:id/events?limit=`: the newest events first. */
export const PersonEventsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type PersonEventsQuery = z.infer<typeof PersonEventsQuery>;

const text = z.string().nullable();

/** An event as read back from the event store (the response form of TrackedEvent: no input checks). */
export const StoredEvent = z.object({
  eventId: z.string(),
  type: z.enum(EVENT_TYPES),
  event: z.string(),
  timestamp: z.string(),
  receivedAt: z.string(),
  distinctId: z.string(),
  anonymousId: text,
  userId: text,
  organizationId: text,
  sessionId: text,
  sourceId: z.string(),
  utmSource: text,
  utmMedium: text,
  utmCampaign: text,
  utmTerm: text,
  utmContent: text,
  referrer: text,
  clickId: text,
  clickIdType: text,
  pageUrl: text,
  pagePath: text,
  pageTitle: text,
  screenName: text,
  libraryName: text,
  libraryVersion: text,
  ip: text,
  userAgent: text,
  properties: z.record(z.string(), z.unknown()),
});
export type StoredEvent = z.infer<typeof StoredEvent>;

/** Events of a person under any of their distinct ids, including those sent before they were identified. */
export const PersonEvents = z.object({ personId: z.string(), items: z.array(StoredEvent) });
export type PersonEvents = z.infer<typeof PersonEvents>;
