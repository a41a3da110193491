import { DatePicker, Form, InputNumber, Select, Space } from 'antd';
import dayjs from 'dayjs';
import type { MessageKey } from '../../../i18n/messages';
import { lastDays, rangeLength } from '../../../lib/period';
import { usePreferences } from '../../../preferences/preferences';
import { type FunnelState, MAX_HOURLY_DAYS } from '../funnel-state';
import { propertyText } from './format';
import { PERSON_TRAITS, parsePropertyKey, propertyKey, propertySuggestions } from './properties';
import { AGGREGATES, FUNNEL_ORDERS, INTERVALS, ORGANIZATION_FIELDS, type PropertyRef, WINDOW_UNITS } from './types';

/** Event fields worth breaking a funnel down by (ids and URLs would give one group per visitor). */
const BREAKDOWN_EVENT_FIELDS = ['utm_source', 'utm_medium', 'utm_campaign', 'referrer', 'page_path', 'library_name'];

/** The funnel's settings: window, step order, whose funnel, breakdown, trend period and date range. */
export function SettingsForm({
  state,
  today,
  update,
}: {
  state: FunnelState;
  today: string;
  update: (patch: Partial<FunnelState>) => void;
}) {
  const { t } = usePreferences();
  const presets = [7, 30, 90].map((n) => {
    const r = lastDays(today, n);
    return {
      label: t(`overview.last${n}` as MessageKey),
      value: [dayjs(r.from), dayjs(r.to)] as [dayjs.Dayjs, dayjs.Dayjs],
    };
  });

  // The breakdown: organisation attributes, the useful event fields, the steps' event properties, person traits.
  const option = (p: PropertyRef) => ({ value: propertyKey(p), label: propertyText(p, t) });
  const eventProps = [...new Set(state.steps.flatMap((s) => propertySuggestions('event', s.event)))];
  const groups = [
    { source: 'organization', names: ORGANIZATION_FIELDS as readonly string[] },
    { source: 'event_field', names: BREAKDOWN_EVENT_FIELDS },
    { source: 'event', names: eventProps },
    { source: 'person', names: PERSON_TRAITS as readonly string[] },
  ] as const;
  const breakdownOptions = [
    { value: 'none', label: t('funnel.breakdown.none') },
    ...groups.map((g) => ({
      label: t(`funnel.source.${g.source}` as MessageKey),
      options: g.names.map((name) => option({ source: g.source, name })),
    })),
  ];
  const current = state.breakdown ? propertyKey(state.breakdown) : 'none';
  const listed = groups.some((g) => g.source === state.breakdown?.source && g.names.includes(state.breakdown.name));
  if (state.breakdown && !listed) breakdownOptions.push(option(state.breakdown));

  const hourly = rangeLength(state.range) <= MAX_HOURLY_DAYS;

  return (
    <Form layout="inline" style={{ marginTop: 16, rowGap: 8 }}>
      <Form.Item label={t('funnel.window')}>
        <Space.Compact>
          <InputNumber
            aria-label={t('funnel.window')}
            min={1}
            max={10_000}
            precision={0}
            value={state.window.value}
            style={{ width: 90 }}
            onChange={(v) => {
              if (typeof v === 'number' && v >= 1) update({ window: { ...state.window, value: v } });
            }}
          />
          <Select
            aria-label={t('funnel.unit.day')}
            style={{ width: 100 }}
            value={state.window.unit}
            options={WINDOW_UNITS.map((u) => ({ value: u, label: t(`funnel.unit.${u}` as MessageKey) }))}
            onChange={(unit) => update({ window: { ...state.window, unit } })}
          />
        </Space.Compact>
      </Form.Item>
      <Form.Item label={t('funnel.order')}>
        <Select
          aria-label={t('funnel.order')}
          style={{ width: 260 }}
          value={state.order}
          options={FUNNEL_ORDERS.map((o) => ({ value: o, label: t(`funnel.order.${o}` as MessageKey) }))}
          onChange={(order) => update({ order })}
        />
      </Form.Item>
      <Form.Item label={t('funnel.aggregateBy')}>
        <Select
          aria-label={t('funnel.aggregateBy')}
          style={{ width: 120 }}
          value={state.aggregateBy}
          options={AGGREGATES.map((a) => ({ value: a, label: t(`funnel.by.${a}` as MessageKey) }))}
          onChange={(aggregateBy) => update({ aggregateBy })}
        />
      </Form.Item>
      <Form.Item label={t('funnel.breakdown')}>
        <Select
          aria-label={t('funnel.breakdown')}
          data-testid="funnel-breakdown"
          style={{ width: 200 }}
          showSearch={{ optionFilterProp: 'label' }}
          value={current}
          options={breakdownOptions}
          onChange={(key: string) =>
            update({ breakdown: key === 'none' ? null : parsePropertyKey(key), dropValue: null })
          }
        />
      </Form.Item>
      <Form.Item label={t('funnel.interval')}>
        <Select
          aria-label={t('funnel.interval')}
          data-testid="funnel-interval"
          style={{ width: 110 }}
          value={state.interval}
          options={INTERVALS.map((i) => ({
            value: i,
            label: t(`funnel.interval.${i}` as MessageKey),
            disabled: i === 'hour' && !hourly,
          }))}
          onChange={(interval) => update({ interval })}
        />
      </Form.Item>
      <Form.Item label={t('funnel.range')}>
        <DatePicker.RangePicker
          aria-label={t('funnel.range')}
          allowClear={false}
          value={[dayjs(state.range.from), dayjs(state.range.to)]}
          presets={presets}
          disabledDate={(d) => d.format('YYYY-MM-DD') > today}
          onChange={(values) => {
            const [from, to] = values ?? [];
            if (!from || !to) return;
            const range = { from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') };
            // A longer range than hours allow moves an hourly trend to days.
            const interval = state.interval === 'hour' && rangeLength(range) > MAX_HOURLY_DAYS ? 'day' : state.interval;
            update({ range, interval });
          }}
        />
      </Form.Item>
    </Form>
  );
}
