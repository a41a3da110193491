import { EVENT_FIELDS, type FilterOperator, ORGANIZATION_FIELDS, type PropertyRef, type PropertySource } from './types';

/**
 * What the builder offers when picking events and properties: the standard B2B events with their documented
 * properties (packages/schema/src/events/standard-events.ts), a few person traits, and the event fields and
 * organisation attributes the query schema allows. Other names may still be typed (event properties and traits are
 * open-ended); these are suggestions.
 */

export const STANDARD_EVENT_PROPERTIES = {
  exposure: ['productId', 'position', 'slot', 'listId', 'requestId'],
  product_view: ['productId', 'categoryId', 'supplierId', 'unitPrice', 'position', 'slot'],
  search: ['query', 'resultCount', 'page', 'categoryId'],
  add_to_favorites: ['productId'],
  add_to_cart: ['productId', 'quantity', 'unitPrice'],
  rfq_submitted: ['rfqId', 'categoryId', 'quantity', 'targetUnitPrice'],
  quote_received: ['rfqId', 'quoteId', 'supplierId', 'unitPrice'],
  order_placed: ['orderId', 'supplierId', 'total', 'currency', 'itemCount', 'source', 'couponCode'],
  order_paid: ['orderId', 'total', 'currency'],
  order_shipped: ['orderId'],
  order_completed: ['orderId', 'total', 'currency'],
  return_requested: ['orderId', 'reason'],
  review_submitted: ['orderId', 'supplierId', 'ratingDescription', 'ratingShipping', 'ratingResponse'],
  signup: ['method'],
  login: ['method'],
  coupon_received: ['couponId', 'couponCode'],
  coupon_used: ['couponId', 'orderId', 'discount'],
  message_opened: ['messageId', 'channel', 'journeyId'],
  message_clicked: ['messageId', 'channel', 'url', 'journeyId'],
} as const satisfies Record<string, readonly string[]>;

export const STANDARD_EVENT_NAMES = Object.keys(
  STANDARD_EVENT_PROPERTIES,
) as (keyof typeof STANDARD_EVENT_PROPERTIES)[];

/** Person traits the identify calls usually carry. */
export const PERSON_TRAITS = ['name', 'email', 'phone', 'role'] as const;

/** Same rule as the schema's QueryPropertyName. */
const PROPERTY_NAME = /^[A-Za-z_$][A-Za-z0-9_$]{0,99}$/;

export function isPropertyRef(source: string, name: string): boolean {
  switch (source) {
    case 'event':
    case 'person':
      return PROPERTY_NAME.test(name);
    case 'event_field':
      return (EVENT_FIELDS as readonly string[]).includes(name);
    case 'organization':
      return (ORGANIZATION_FIELDS as readonly string[]).includes(name);
    default:
      return false;
  }
}

/** Names to suggest for a source (for `event`, the properties of the given event when it is a standard one). */
export function propertySuggestions(source: PropertySource, event?: string): readonly string[] {
  switch (source) {
    case 'event': {
      if (event && Object.hasOwn(STANDARD_EVENT_PROPERTIES, event)) {
        return STANDARD_EVENT_PROPERTIES[event as keyof typeof STANDARD_EVENT_PROPERTIES];
      }
      return [...new Set(Object.values(STANDARD_EVENT_PROPERTIES).flat())].sort();
    }
    case 'person':
      return PERSON_TRAITS;
    case 'event_field':
      return EVENT_FIELDS;
    case 'organization':
      return ORGANIZATION_FIELDS;
  }
}

/** How an operator takes its value: none, one number, a list, or one text/number. */
export function operatorValue(op: FilterOperator): 'none' | 'number' | 'list' | 'scalar' {
  if (op === 'is_set' || op === 'is_not_set') return 'none';
  if (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') return 'number';
  if (op === 'in' || op === 'not_in') return 'list';
  return 'scalar';
}

/** `source.name` (names never hold a dot): how a property is written in the URL. */
export function propertyKey(p: PropertyRef): string {
  return `${p.source}.${p.name}`;
}

export function parsePropertyKey(key: string): PropertyRef | null {
  const dot = key.indexOf('.');
  if (dot < 0) return null;
  const source = key.slice(0, dot);
  const name = key.slice(dot + 1);
  return isPropertyRef(source, name) ? { source: source as PropertySource, name } : null;
}
