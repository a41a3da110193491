import type { DayRange } from '../../../lib/period';

/**
 * Shapes of the funnel query nodes and answers, mirroring packages/schema/src/query/funnel.ts and common.ts (the
 * console does not import the server's zod schemas: it only sends nodes and reads answers).
 */

export const WINDOW_UNITS = ['minute', 'hour', 'day', 'week'] as const;
export type WindowUnit = (typeof WINDOW_UNITS)[number];
export const FUNNEL_ORDERS = ['ordered', 'strict', 'unordered'] as const;
export type FunnelOrder = (typeof FUNNEL_ORDERS)[number];
export const AGGREGATES = ['person', 'organization'] as const;
export type Aggregate = (typeof AGGREGATES)[number];
export const INTERVALS = ['hour', 'day', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];

export const PROPERTY_SOURCES = ['event', 'event_field', 'person', 'organization'] as const;
export type PropertySource = (typeof PROPERTY_SOURCES)[number];

/** Stored columns of an event a query may read (schema EVENT_FIELDS). */
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

/** Attributes of the event's organisation a query may read (schema ORGANIZATION_FIELDS). */
export const ORGANIZATION_FIELDS = [
  'kind',
  'region',
  'industry',
  'business_line',
  'certification_status',
  'member_level',
] as const;

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

export type PropertyRef = { source: PropertySource; name: string };
export type Scalar = string | number | boolean;
export type PropertyFilter = { property: PropertyRef; operator: FilterOperator; value?: Scalar | Scalar[] };

export type FunnelStepNode = { event: string; filters?: PropertyFilter[] };
export type FunnelExclusionNode = { event: string; fromStep: number; toStep: number };

export type FunnelQueryNode = {
  kind: 'FunnelQuery';
  steps: FunnelStepNode[];
  window: { value: number; unit: WindowUnit };
  order: FunnelOrder;
  exclusions?: FunnelExclusionNode[];
  aggregateBy: Aggregate;
  breakdown?: { property: PropertyRef; limit: number };
  trends?: { interval: Interval };
  dateRange: DayRange;
  timezone: string;
};

export type FunnelActorsQueryNode = {
  kind: 'FunnelActorsQuery';
  funnel: Omit<FunnelQueryNode, 'trends'>;
  step: number;
  status: 'dropped' | 'reached';
  /** Only the actors of this breakdown value (the funnel then keeps its breakdown). */
  breakdownValue?: string;
  limit: number;
  offset: number;
};

export type FunnelStepResult = {
  event: string;
  label: string;
  count: number;
  conversionRate: number;
  conversionRateFromPrevious: number;
  medianSecondsToConvert: number | null;
  averageSecondsToConvert: number | null;
};

export type TimeToConvertBin = { fromSeconds: number; toSeconds: number; count: number };
export type FunnelTrendPoint = { period: string; entered: number; converted: number; conversionRate: number };

export type FunnelResult = {
  kind: 'FunnelQuery';
  steps: FunnelStepResult[];
  /** Seconds from step 0 to the last step among those who converted (log-spaced bins; the last ends past the window). */
  timeToConvert: TimeToConvertBin[];
  breakdowns?: { value: string; steps: FunnelStepResult[] }[];
  trends?: FunnelTrendPoint[];
};

export type FunnelActorsResult = {
  kind: 'FunnelActorsQuery';
  aggregateBy: Aggregate;
  total: number;
  actors: { id: string; enteredAt: string; furthestStep: number }[];
};
