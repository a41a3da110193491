/**
 * What the trends and retention builders offer when picking events and properties: the standard B2B events
 * (packages/schema/src/events/standard-events.ts) with their numeric properties, the event fields and organisation
 * attributes the query schema allows (packages/schema/src/query/common.ts), and a few person traits. Other names
 * may still be typed (event properties and traits are open-ended); these are suggestions.
 */
export const STANDARD_EVENTS = [
  'exposure',
  'product_view',
  'search',
  'add_to_favorites',
  'add_to_cart',
  'rfq_submitted',
  'quote_received',
  'order_placed',
  'order_paid',
  'order_shipped',
  'order_completed',
  'return_requested',
  'review_submitted',
  'signup',
  'login',
  'coupon_received',
  'coupon_used',
  'message_opened',
  'message_clicked',
] as const;

/** Any event (the schema's `$any`) and the SDK's page view, offered before the standard events. */
export const ANY_EVENT = '$any';
export const EVENT_CHOICES: readonly string[] = [ANY_EVENT, '$pageview', ...STANDARD_EVENTS];

/** Numeric properties of the standard events (for sum/avg/min/max/median); money is in minor units. */
export const NUMERIC_PROPERTIES: Record<string, readonly string[]> = {
  exposure: ['position'],
  product_view: ['unitPrice', 'position'],
  search: ['resultCount', 'page'],
  add_to_cart: ['quantity', 'unitPrice'],
  rfq_submitted: ['quantity', 'targetUnitPrice'],
  quote_received: ['unitPrice'],
  order_placed: ['total', 'itemCount'],
  order_paid: ['total'],
  order_completed: ['total'],
  review_submitted: ['ratingDescription', 'ratingShipping', 'ratingResponse'],
  coupon_used: ['discount'],
};

/** Text properties of the standard events worth breaking down by. */
export const EVENT_PROPERTIES: Record<string, readonly string[]> = {
  exposure: ['slot', 'productId'],
  product_view: ['slot', 'categoryId', 'supplierId', 'productId'],
  search: ['query', 'categoryId'],
  rfq_submitted: ['categoryId'],
  quote_received: ['supplierId'],
  order_placed: ['source', 'supplierId', 'currency', 'couponCode'],
  order_paid: ['currency'],
  signup: ['method'],
  login: ['method'],
  message_opened: ['channel'],
  message_clicked: ['channel'],
};

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

export const ORGANIZATION_FIELDS = [
  'kind',
  'region',
  'industry',
  'business_line',
  'certification_status',
  'member_level',
] as const;

export const PERSON_TRAITS = ['name', 'email', 'phone', 'role'] as const;

/** Same rules as the schema's QueryEventName and QueryPropertyName. */
const EVENT_NAME = /^[A-Za-z_$][A-Za-z0-9_$.:\- ]{0,199}$/;
const PROPERTY_NAME = /^[A-Za-z_$][A-Za-z0-9_$]{0,99}$/;
export const isEventName = (s: string) => EVENT_NAME.test(s);
export const isPropertyName = (s: string) => PROPERTY_NAME.test(s);
