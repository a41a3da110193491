/**
 * Shapes of the API answers the console reads. They mirror the server's zod contracts (packages/schema and
 * apps/server routes); kept here as plain types so the browser bundle carries no schema code.
 */
export type Scope = { regions: '*' | string[]; businessLines: '*' | string[] };

export type Operator = {
  id: string;
  name: string;
  email: string;
  role: string;
  scope: Scope;
  status: string;
};

export type SessionAnswer = { operator: Operator; permissions: string[] };

/** `GET /api/me`: an operator signed in with the session cookie, or the admin token (development, tests). */
export type Me = (
  | { kind: 'operator'; operator?: Operator; permissions?: string[]; operatorId?: string; role?: string; scope?: Scope }
  | { kind: 'admin' }
  | { kind: 'member' | 'system' }
) & { /** The platform's display time zone (TRADELOOP_TIME_ZONE). */ timeZone?: string };

export type TrendSeries = {
  event: string;
  math?: 'count' | 'unique_persons' | 'unique_organizations' | 'sum' | 'avg' | 'min' | 'max' | 'median';
  property?: string;
  name?: string;
};

export type PropertyRef = { source: 'event' | 'event_field' | 'person' | 'organization'; name: string };

export type TrendsQuery = {
  kind: 'TrendsQuery';
  series: TrendSeries[];
  formulas?: { name: string; expression: string }[];
  interval?: 'hour' | 'day' | 'week' | 'month';
  breakdown?: { property: PropertyRef; limit?: number };
  dateRange: { from: string; to: string };
  timezone?: string;
};

export type TrendLine = {
  name: string;
  series: number | null;
  breakdownValue: string | null;
  data: (number | null)[];
  total: number | null;
};

export type TrendsResult = { kind: 'TrendsQuery'; periods: string[]; lines: TrendLine[] };
