import { describe, expect, it } from 'vitest';
import { QueryNode } from './index.js';

const range = { from: '2026-01-01', to: '2026-01-31' };
const issues = (input: unknown) => {
  const r = QueryNode.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('query nodes', () => {
  it('fills the documented defaults of a funnel', () => {
    const q = QueryNode.parse({
      kind: 'FunnelQuery',
      steps: [{ event: 'product_view' }, { event: 'order_paid' }],
      dateRange: range,
    });
    expect(q).toMatchObject({
      kind: 'FunnelQuery',
      window: { value: 14, unit: 'day' },
      order: 'ordered',
      aggregateBy: 'person',
      timezone: 'Asia/Shanghai',
      exclusions: [],
      filters: [],
    });
  });

  it('names the field of each mistake', () => {
    expect(issues({ kind: 'FunnelQuery', steps: [{ event: 'a' }], dateRange: range })[0]).toMatch(/^steps: /);
    expect(
      issues({
        kind: 'FunnelQuery',
        steps: [{ event: 'a' }, { event: 'b' }],
        exclusions: [{ event: 'c', fromStep: 1, toStep: 1 }],
        dateRange: range,
      }),
    ).toEqual(['exclusions.0.toStep: toStep must be after fromStep and at most 1']);
    expect(
      issues({
        kind: 'TrendsQuery',
        series: [{ event: 'x', math: 'sum' }],
        dateRange: { from: '2026-02-30', to: 'x' },
      }),
    ).toEqual([
      'series.0.property: sum needs a numeric property',
      'dateRange.from: a date (YYYY-MM-DD) or a date-time with offset (2026-11-25T08:00:00+08:00)',
      'dateRange.to: a date (YYYY-MM-DD) or a date-time with offset (2026-11-25T08:00:00+08:00)',
    ]);
    expect(issues({ kind: 'TrendsQuery', series: [{ event: 'x' }], dateRange: range, timezone: 'Mars/Base' })).toEqual([
      'timezone: an IANA time zone such as Asia/Shanghai or UTC',
    ]);
    expect(issues({ kind: 'Nope', dateRange: range })[0]).toMatch(/^kind: /);
  });

  it('lets no SQL through names: property and event names are identifiers, fields an allow-list', () => {
    const filter = (property: unknown) => ({
      kind: 'TrendsQuery',
      series: [{ event: 'x', filters: [{ property, operator: 'eq', value: 'v' }] }],
      dateRange: range,
    });
    expect(issues(filter({ source: 'event', name: "a') OR 1=1 --" }))).toHaveLength(1);
    expect(issues(filter({ source: 'event_field', name: 'password' }))).toHaveLength(1);
    expect(issues(filter({ source: 'organization', name: 'credit_code; DROP TABLE events' }))).toHaveLength(1);
    expect(issues({ kind: 'TrendsQuery', series: [{ event: "x'; DROP TABLE events; --" }], dateRange: range })).toEqual(
      ['series.0.event: an event name: letters, digits, _ $ . : - and spaces, starting with a letter, _ or $'],
    );
    expect(
      issues({
        kind: 'TrendsQuery',
        series: [{ event: 'x' }],
        formulas: [{ name: 'f', expression: 'A; 1' }],
        dateRange: range,
      }),
    ).toHaveLength(1);
  });

  it('checks each filter operator takes the right kind of value', () => {
    const f = (operator: string, value?: unknown) =>
      issues({
        kind: 'TrendsQuery',
        series: [{ event: 'x' }],
        filters: [
          { property: { source: 'event', name: 'total' }, operator, ...(value === undefined ? {} : { value }) },
        ],
        dateRange: range,
      });
    expect(f('gt', 5)).toEqual([]);
    expect(f('gt', '5')).toEqual(['filters.0.value: gt compares numbers: give a number']);
    expect(f('in', 'a')).toEqual(['filters.0.value: in needs a list of values']);
    expect(f('is_set', 1)).toEqual(['filters.0.value: is_set takes no value']);
    expect(f('eq')).toEqual(['filters.0.value: eq needs a value']);
  });
});
