import type { PropertyFilter, PropertyRef } from '@tradeloop/schema';
import type { AnalyticsDialect } from '../dialect/types.js';

/**
 * Property references and filters as SQL over the columns of `eventsRelation` (relation.ts): `properties` (the
 * event's JSON), the event's own columns, `p_traits` (the person's traits JSON) and `o_<field>` (the organisation's
 * attributes). Names were allow-listed by the schema; they are checked and quoted again here by the dialect.
 */

/** The SQL text value of a property reference (NULL when absent). */
export function propertyText(d: AnalyticsDialect, ref: PropertyRef): string {
  switch (ref.source) {
    case 'event':
      return d.jsonPropertyText(d.quoteIdentifier('properties'), ref.name);
    case 'event_field':
      return d.quoteIdentifier(ref.name);
    case 'person':
      return d.jsonPropertyText(d.quoteIdentifier('p_traits'), ref.name);
    case 'organization':
      return d.quoteIdentifier(`o_${ref.name}`);
  }
}

/** The SQL numeric value of a property reference (NULL when absent or not a number). */
export function propertyNumber(d: AnalyticsDialect, ref: PropertyRef): string {
  switch (ref.source) {
    case 'event':
      return d.jsonPropertyNumber(d.quoteIdentifier('properties'), ref.name);
    case 'person':
      return d.jsonPropertyNumber(d.quoteIdentifier('p_traits'), ref.name);
    default:
      return d.toNumber(propertyText(d, ref));
  }
}

type Scalar = string | number | boolean;

/** A scalar as the text a property holds: booleans as JSON writes them, numbers in their shortest form. */
const asText = (v: Scalar) => (typeof v === 'string' ? v : String(v));

function numberLiteral(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
  return String(v);
}

/** One filter as a SQL condition (NULL-safe: a missing property never matches a positive condition). */
export function filterSql(d: AnalyticsDialect, f: PropertyFilter): string {
  const text = propertyText(d, f.property);
  const value = f.value;
  switch (f.operator) {
    case 'is_set':
      return `(${text} IS NOT NULL)`;
    case 'is_not_set':
      return `(${text} IS NULL)`;
    case 'eq':
    case 'neq': {
      const v = value as Scalar;
      const test =
        typeof v === 'number'
          ? `${propertyNumber(d, f.property)} = ${numberLiteral(v)}`
          : `${text} = ${d.stringLiteral(asText(v))}`;
      // neq keeps rows without the property (as PostHog does): "not steel" includes "unknown".
      return f.operator === 'eq' ? `(${test})` : `(${text} IS NULL OR NOT (${test}))`;
    }
    case 'in':
    case 'not_in': {
      const list = value as Scalar[];
      const numbers = list.filter((v): v is number => typeof v === 'number');
      const texts = list.filter((v) => typeof v !== 'number').map(asText);
      const parts: string[] = [];
      if (texts.length) parts.push(d.inList(text, texts));
      if (numbers.length) parts.push(`${propertyNumber(d, f.property)} IN (${numbers.map(numberLiteral).join(', ')})`);
      const test = parts.join(' OR ');
      return f.operator === 'in' ? `(${test})` : `(${text} IS NULL OR NOT (${test}))`;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const op = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[f.operator];
      return `(${propertyNumber(d, f.property)} ${op} ${numberLiteral(value as number)})`;
    }
    case 'contains':
      return `(${d.containsText(text, asText(value as Scalar))})`;
    case 'not_contains':
      return `(${text} IS NULL OR NOT ${d.containsText(text, asText(value as Scalar))})`;
  }
}

/** All filters joined with AND (`1 = 1` when there are none). */
export function filtersSql(d: AnalyticsDialect, filters: readonly PropertyFilter[]): string {
  return filters.length ? filters.map((f) => filterSql(d, f)).join(' AND ') : '1 = 1';
}

/** Every property reference a set of filters reads (to decide which joins a relation needs). */
export function refsOf(filters: readonly PropertyFilter[]): PropertyRef[] {
  return filters.map((f) => f.property);
}
