import { z } from 'zod';
import { EVENT_NAME, PROPERTY_NAME } from '../events/event.js';

/**
 * Building blocks of the analytics query nodes (`POST /api/query`). Every name that reaches SQL is checked here
 * against an allow-list pattern (and quoted again by the engine's dialect helper); every value is bound as a literal.
 */

export const QueryEventName = z
  .string()
  .regex(EVENT_NAME, 'an event name: letters, digits, _ $ . : - and spaces, starting with a letter, _ or $')
  .describe('Event name, e.g. order_paid or $pageview');

export const QueryPropertyName = z
  .string()
  .regex(PROPERTY_NAME, 'a property name: letters, digits, _ and $, not starting with a digit')
  .describe('A property (or trait) name');

/** Columns of the stored event that queries may filter and break down by (source "event_field"). */
export const EVENT_FIELDS = [
  'source_id',
  'organization_id',
  'session_id',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'referrer',
  'click_id_type',
  'page_path',
  'page_url',
  'page_title',
  'screen_name',
  'library_name',
  'type',
] as const;
export type EventField = (typeof EVENT_FIELDS)[number];

/** Attributes of the organisation that the events belong to (source "organization"). */
export const ORGANIZATION_FIELDS = [
  'kind',
  'region',
  'industry',
  'business_line',
  'certification_status',
  'member_level',
] as const;
export type OrganizationField = (typeof ORGANIZATION_FIELDS)[number];

/**
 * Which value a filter or breakdown reads:
 * - `event`: a top-level property of the event (`properties.<name>`);
 * - `event_field`: a stored column of the event (utm_source, referrer, page_path, ...);
 * - `person`: a trait of the person the event is attributed to (after identity merges);
 * - `organization`: an attribute of the event's organisation (region, industry, member level, ...).
 */
export const PropertyRef = z.discriminatedUnion('source', [
  z.strictObject({ source: z.literal('event'), name: QueryPropertyName }),
  z.strictObject({ source: z.literal('event_field'), name: z.enum(EVENT_FIELDS) }),
  z.strictObject({ source: z.literal('person'), name: QueryPropertyName }),
  z.strictObject({ source: z.literal('organization'), name: z.enum(ORGANIZATION_FIELDS) }),
]);
export type PropertyRef = z.infer<typeof PropertyRef>;

const Scalar = z.union([z.string().max(1000), z.number().finite(), z.boolean()]);

export const FILTER_OPERATORS = [
  'eq',
  'neq',
  'in',
  'not_in',
  'gt',
  'gte',
  'lt',
  'lte',
  'contains',
  'not_contains',
  'is_set',
  'is_not_set',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/**
 * One condition on a property. `eq`/`neq` compare as text unless the value is a number; `gt`..`lte` compare
 * numerically; `in`/`not_in` take a list; `contains` is a case-insensitive substring match; `is_set`/`is_not_set`
 * take no value.
 */
export const PropertyFilter = z
  .strictObject({
    property: PropertyRef,
    operator: z.enum(FILTER_OPERATORS),
    value: z.union([Scalar, z.array(Scalar).min(1).max(1000)]).optional(),
  })
  .superRefine((f, ctx) => {
    const list = Array.isArray(f.value);
    const needsNone = f.operator === 'is_set' || f.operator === 'is_not_set';
    const needsList = f.operator === 'in' || f.operator === 'not_in';
    const numeric = ['gt', 'gte', 'lt', 'lte'].includes(f.operator);
    if (needsNone && f.value !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${f.operator} takes no value` });
    } else if (!needsNone && f.value === undefined) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${f.operator} needs a value` });
    } else if (needsList && !list) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${f.operator} needs a list of values` });
    } else if (!needsList && list) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${f.operator} takes one value, not a list` });
    } else if (numeric && typeof f.value !== 'number') {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${f.operator} compares numbers: give a number` });
    }
  });
export type PropertyFilter = z.infer<typeof PropertyFilter>;

export const Filters = z.array(PropertyFilter).max(20);

/** `YYYY-MM-DD` (a whole day in the query's time zone) or an instant with an offset. */
export const DateOrInstant = z
  .string()
  .refine(
    (s) =>
      /^\d{4}-\d{2}-\d{2}$/.test(s)
        ? !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)
        : /^\d{4}-\d{2}-\d{2}T/.test(s) && /(Z|[+-]\d{2}:?\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)),
    'a date (YYYY-MM-DD) or a date-time with offset (2026-11-25T08:00:00+08:00)',
  );

/**
 * The period a query reads. Dates are whole days in the query's time zone and both ends are included
 * (`{from: "2026-11-01", to: "2026-11-30"}` is November); an instant `to` is exclusive.
 */
export const DateRange = z
  .strictObject({ from: DateOrInstant, to: DateOrInstant })
  .describe('Dates (YYYY-MM-DD, both days included) or instants ([from, to)) in the query time zone');
export type DateRange = z.infer<typeof DateRange>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const TimeZone = z
  .string()
  .max(64)
  .refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai or UTC')
  .describe('IANA time zone for dates, days and weeks (default Asia/Shanghai)');

export const DEFAULT_QUERY_TIME_ZONE = 'Asia/Shanghai';

export const INTERVALS = ['hour', 'day', 'week', 'month'] as const;
export const Interval = z.enum(INTERVALS).describe('Bucket size; weeks start on Monday');
export type Interval = z.infer<typeof Interval>;

export const WINDOW_UNITS = ['minute', 'hour', 'day', 'week'] as const;
export const ConversionWindow = z
  .strictObject({ value: z.number().int().min(1).max(10_000), unit: z.enum(WINDOW_UNITS) })
  .refine((w) => w.value * { minute: 1, hour: 60, day: 1440, week: 10_080 }[w.unit] <= 366 * 1440, {
    message: 'a conversion window is at most 366 days',
  });
export type ConversionWindow = z.infer<typeof ConversionWindow>;

/** Whose behaviour is counted: each person (after identity merges), or each organisation ("which companies"). */
export const AggregateBy = z.enum(['person', 'organization']).default('person');
export type AggregateBy = z.infer<typeof AggregateBy>;

/** Fields every query node shares. */
export const queryBase = {
  dateRange: DateRange,
  timezone: TimeZone.default(DEFAULT_QUERY_TIME_ZONE),
  /** Conditions every event read by the query must meet (e.g. only organisations in industry steel). */
  filters: Filters.default([]),
};

/** The breakdown value given to rows that have none. */
export const NONE_BREAKDOWN = '(none)';
