import { DeleteOutlined, FunctionOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Select,
  Skeleton,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { TrendLine, TrendsQuery, TrendsResult } from '../../../api/types';
import { useAnalyticsQuery } from '../../../api/use-query';
import { PinToBoard } from '../../../boards/PinToBoard';
import { EChart, type EChartsOption } from '../../../charts/EChart';
import { type DataColumn, DataTable } from '../../../components/DataTable';
import type { MessageKey } from '../../../i18n/messages';
import { shortDay, today } from '../../../lib/dates';
import { formatCount, formatMoney } from '../../../lib/money';
import { usePageMarks } from '../../../lib/perf';
import { lastDays } from '../../../lib/period';
import { usePreferences } from '../../../preferences/preferences';
import {
  ANY_EVENT,
  EVENT_CHOICES,
  EVENT_FIELDS,
  EVENT_PROPERTIES,
  NUMERIC_PROPERTIES,
  ORGANIZATION_FIELDS,
  PERSON_TRAITS,
} from './catalogue';
import {
  breakdownKey,
  exportValue,
  INTERVALS,
  isNumericMath,
  letter,
  MATHS,
  MAX_FORMULAS,
  MAX_SERIES,
  paramsFromState,
  parseBreakdown,
  problems,
  removeSeries,
  type SeriesState,
  stateFromParams,
  type TableRow,
  type TrendsState,
  tableRows,
  trendsQuery,
} from './trends-state';

const CHART_HEIGHT = 360;

/** A text field whose draft reaches the URL (and the query) on Enter or on leaving it, not per keystroke. */
function DraftInput({
  value,
  onCommit,
  ...rest
}: { value: string; onCommit: (v: string) => void } & Omit<Parameters<typeof Input>[0], 'value' | 'onChange'>) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => {
    if (draft.trim() !== value) onCommit(draft.trim());
  };
  return (
    <Input {...rest} value={draft} onChange={(e) => setDraft(e.target.value)} onBlur={commit} onPressEnter={commit} />
  );
}

export default function TrendsPage() {
  const { t } = usePreferences();
  const [params, setParams] = useSearchParams();
  const todayDay = today();
  const state = stateFromParams(params, todayDay);
  const node = trendsQuery(state);
  const issues = problems(state);

  const apply = (next: TrendsState) => {
    // Keep the table's own parameters (sort, filters, page), replace the builder's.
    const p = new URLSearchParams(params);
    for (const key of ['s', 'f', 'bd']) p.delete(key);
    for (const [k, v] of paramsFromState(next)) {
      if (k === 's' || k === 'f') p.append(k, v);
      else p.set(k, v);
    }
    setParams(p);
  };
  const update = (patch: Partial<TrendsState>) => apply({ ...state, ...patch });
  const setSeries = (i: number, patch: Partial<SeriesState>) =>
    update({ series: state.series.map((s, j) => (j === i ? { ...s, ...patch } : s)) });

  const eventLabel = (e: string) => (e === ANY_EVENT ? t('trends.anyEvent') : e);
  const presets = [7, 30, 90, 365].map((n) => {
    const r = lastDays(todayDay, n);
    return { label: t('trends.lastDays', { n }), value: [dayjs(r.from), dayjs(r.to)] as [dayjs.Dayjs, dayjs.Dayjs] };
  });

  const seriesEvents = new Set(state.series.map((s) => s.event));
  const eventProps = [...new Set([...seriesEvents].flatMap((e) => EVENT_PROPERTIES[e] ?? []))];
  const breakdownOptions = [
    { value: 'none', label: t('trends.breakdown.none') },
    {
      label: t('trends.source.organization'),
      options: ORGANIZATION_FIELDS.map((n) => ({
        value: `organization:${n}`,
        label: t(`trends.org.${n}` as MessageKey),
      })),
    },
    {
      label: t('trends.source.event_field'),
      options: EVENT_FIELDS.map((n) => ({ value: `event_field:${n}`, label: n })),
    },
    ...(eventProps.length
      ? [{ label: t('trends.source.event'), options: eventProps.map((n) => ({ value: `event:${n}`, label: n })) }]
      : []),
    {
      label: t('trends.source.person'),
      options: PERSON_TRAITS.map((n) => ({ value: `person:${n}`, label: n })),
    },
  ];
  const currentBreakdown = state.breakdown ? breakdownKey(state.breakdown) : 'none';
  // A breakdown from a link that the menu does not list (another event property) is still shown.
  if (
    currentBreakdown !== 'none' &&
    !breakdownOptions.some((g) => 'options' in g && g.options?.some((o) => o.value === currentBreakdown))
  ) {
    breakdownOptions.push({ value: currentBreakdown, label: currentBreakdown });
  }

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="trends">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('trends.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('trends.subtitle')}</Typography.Text>
      </div>

      <Card size="small" title={t('trends.series')} data-testid="trends-builder">
        <Space direction="vertical" style={{ width: '100%' }}>
          {state.series.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: series are positions (A, B, ...); the same series may repeat
            <Space key={i} wrap data-testid={`trends-series-${i}`}>
              <Tag color="blue" style={{ width: 28, textAlign: 'center' }}>
                {letter(i)}
              </Tag>
              <Select
                aria-label={t('trends.event', { letter: letter(i) })}
                showSearch
                style={{ width: 200 }}
                value={s.event}
                options={EVENT_CHOICES.map((e) => ({ value: e, label: eventLabel(e) }))}
                onChange={(event) => setSeries(i, { event })}
              />
              <Select
                aria-label={t('trends.math', { letter: letter(i) })}
                data-testid={`trends-math-${i}`}
                style={{ width: 160 }}
                value={s.math}
                options={MATHS.map((m) => ({ value: m, label: t(`trends.math.${m}` as MessageKey) }))}
                onChange={(math) =>
                  setSeries(i, {
                    math,
                    property: isNumericMath(math) ? s.property || (NUMERIC_PROPERTIES[s.event]?.[0] ?? '') : '',
                  })
                }
              />
              {isNumericMath(s.math) ? (
                <AutoComplete
                  aria-label={t('trends.property', { letter: letter(i) })}
                  style={{ width: 160 }}
                  value={s.property}
                  placeholder={t('trends.propertyPlaceholder')}
                  options={(NUMERIC_PROPERTIES[s.event] ?? []).map((p) => ({ value: p }))}
                  status={s.property ? undefined : 'error'}
                  onChange={(property: string) => setSeries(i, { property: property.trim() })}
                />
              ) : null}
              <Tooltip title={t('trends.removeSeries')}>
                <Button
                  aria-label={t('trends.removeSeries')}
                  icon={<DeleteOutlined />}
                  disabled={state.series.length <= 1}
                  onClick={() => apply(removeSeries(state, i))}
                />
              </Tooltip>
            </Space>
          ))}
          <Space wrap>
            <Button
              icon={<PlusOutlined />}
              data-testid="trends-add-series"
              disabled={state.series.length >= MAX_SERIES}
              onClick={() =>
                update({
                  series: [...state.series, { event: 'order_paid', math: 'unique_organizations', property: '' }],
                })
              }
            >
              {t('trends.addSeries')}
            </Button>
            <Button
              icon={<FunctionOutlined />}
              data-testid="trends-add-formula"
              disabled={state.formulas.length >= MAX_FORMULAS}
              onClick={() => {
                const expression = state.series.length >= 2 ? 'A / B' : 'A * 1';
                update({ formulas: [...state.formulas, { expression, name: expression }] });
              }}
            >
              {t('trends.addFormula')}
            </Button>
          </Space>
          {state.formulas.map((f, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: formulas are positions
            <Space key={i} wrap data-testid={`trends-formula-${i}`}>
              <Tag color="purple">{t('trends.formula')}</Tag>
              <DraftInput
                aria-label={t('trends.expression', { n: i + 1 })}
                style={{ width: 200 }}
                value={f.expression}
                placeholder="A / B"
                onCommit={(expression) =>
                  update({
                    formulas: state.formulas.map((g, j) =>
                      j === i
                        ? {
                            expression: expression.toUpperCase(),
                            name: g.name === g.expression ? expression.toUpperCase() : g.name,
                          }
                        : g,
                    ),
                  })
                }
              />
              <DraftInput
                aria-label={t('trends.formulaName', { n: i + 1 })}
                style={{ width: 200 }}
                value={f.name}
                placeholder={t('trends.formulaName', { n: i + 1 })}
                onCommit={(name) =>
                  update({
                    formulas: state.formulas.map((g, j) => (j === i ? { ...g, name: name || g.expression } : g)),
                  })
                }
              />
              <Tooltip title={t('trends.removeFormula')}>
                <Button
                  aria-label={t('trends.removeFormula')}
                  icon={<DeleteOutlined />}
                  onClick={() => update({ formulas: state.formulas.filter((_, j) => j !== i) })}
                />
              </Tooltip>
            </Space>
          ))}
        </Space>
        <Form layout="inline" style={{ marginTop: 16, rowGap: 8 }}>
          <Form.Item label={t('trends.interval')}>
            <Select
              aria-label={t('trends.interval')}
              data-testid="trends-interval"
              style={{ width: 100 }}
              value={state.interval}
              options={INTERVALS.map((i) => ({ value: i, label: t(`trends.interval.${i}` as MessageKey) }))}
              onChange={(interval) => update({ interval })}
            />
          </Form.Item>
          <Form.Item label={t('trends.breakdown')}>
            <Select
              aria-label={t('trends.breakdown')}
              data-testid="trends-breakdown"
              showSearch
              style={{ width: 220 }}
              value={currentBreakdown}
              options={breakdownOptions}
              onChange={(v: string) => update({ breakdown: v === 'none' ? null : parseBreakdown(v) })}
            />
          </Form.Item>
          <Form.Item label={t('trends.range')}>
            <DatePicker.RangePicker
              aria-label={t('trends.range')}
              allowClear={false}
              value={[dayjs(state.range.from), dayjs(state.range.to)]}
              presets={presets}
              disabledDate={(d) => d.format('YYYY-MM-DD') > todayDay}
              onChange={(values) => {
                const [from, to] = values ?? [];
                if (from && to) update({ range: { from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') } });
              }}
            />
          </Form.Item>
        </Form>
      </Card>

      {node ? (
        <TrendsResults node={node} state={state} />
      ) : (
        <Alert
          type="warning"
          showIcon
          data-testid="trends-invalid"
          title={t('trends.invalid')}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {issues.map((p) => (
                <li key={JSON.stringify(p)}>
                  {p.kind === 'needsProperty'
                    ? t('trends.problem.needsProperty', { letter: p.series })
                    : p.kind === 'badFormula'
                      ? t('trends.problem.badFormula', { formula: p.formula })
                      : t('trends.problem.missingSeries', { formula: p.formula, letter: p.series })}
                </li>
              ))}
            </ul>
          }
        />
      )}
    </Space>
  );
}

function TrendsResults({ node, state }: { node: TrendsQuery; state: TrendsState }) {
  const { t, locale, theme: mode } = usePreferences();
  const result = useAnalyticsQuery<TrendsResult>(node);
  usePageMarks('trends', result.status === 'done');
  const data = result.status === 'done' ? result.data : null;

  const lineLabel = useCallback(
    (line: TrendLine) => {
      if (line.series === null) return line.name;
      const s = state.series[line.series];
      if (!s) return line.name;
      const what = t(`trends.math.${s.math}` as MessageKey);
      const event = s.event === ANY_EVENT ? t('trends.anyEvent') : s.event;
      return `${letter(line.series)}. ${event} · ${what}${s.property ? `(${s.property})` : ''}`;
    },
    [state.series, t],
  );
  const rows = useMemo(() => (data ? tableRows(state, data, lineLabel) : []), [data, state, lineLabel]);
  const periodLabel = useCallback(
    (p: string) => (node.interval === 'day' ? shortDay(p, locale) : node.interval === 'hour' ? p.slice(5) : p),
    [node.interval, locale],
  );
  const fmt = (v: number | null, money: boolean) =>
    v === null ? '—' : money ? formatMoney(v, locale) : Number.isInteger(v) ? formatCount(v, locale) : plain(v, locale);
  const allZero = rows.every((r) => r.data.every((v) => v === null || v === 0));

  const option = useMemo<EChartsOption | null>(() => {
    if (!data) return null;
    const allMoney = rows.every((r) => r.money);
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 72, right: 24, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: data.periods.map(periodLabel), boundaryGap: false },
      yAxis: {
        type: 'value',
        axisLabel: allMoney
          ? { formatter: (v: number) => formatMoney(v, locale, { compact: true }) }
          : { formatter: (v: number) => new Intl.NumberFormat(locale, { notation: 'compact' }).format(v) },
      },
      series: rows.map((r) => ({
        type: 'line',
        name: r.breakdown === null ? r.name : `${r.name} · ${r.breakdown}`,
        data: r.data,
        showSymbol: data.periods.length <= 40,
        connectNulls: false,
        // Formula lines are dashed: they are derived, not counted.
        lineStyle: r.formula ? { type: 'dashed' } : undefined,
        tooltip: {
          valueFormatter: (v: unknown) =>
            v === null || v === undefined ? '—' : r.money ? formatMoney(Number(v), locale) : plain(Number(v), locale),
        },
      })),
    };
  }, [data, rows, periodLabel, locale]);

  const hasBreakdown = node.breakdown !== undefined;
  const columns: DataColumn<TableRow>[] = [
    { key: 'name', title: t('trends.col.series'), value: (r) => r.name, filterable: true },
    ...(hasBreakdown
      ? [
          {
            key: 'breakdown',
            title: t('trends.col.breakdown'),
            value: (r: TableRow) => r.breakdown ?? '',
            filterable: true,
          } satisfies DataColumn<TableRow>,
        ]
      : []),
    {
      key: 'total',
      title: t('trends.col.total'),
      value: (r) => exportValue(r.total, r.money),
      render: (r) => <span data-testid="trends-total">{fmt(r.total, r.money)}</span>,
      align: 'right',
    },
    ...(data?.periods ?? []).map(
      (p, n): DataColumn<TableRow> => ({
        key: `p${n}`,
        title: p,
        value: (r) => exportValue(r.data[n] ?? null, r.money),
        render: (r) => fmt(r.data[n] ?? null, r.money),
        align: 'right',
      }),
    ),
  ];

  if (result.status === 'error') {
    return (
      <Alert
        type="error"
        showIcon
        title={t('trends.error')}
        description={result.error.message}
        data-testid="trends-error"
        action={
          <Button size="small" onClick={result.retry}>
            {t('trends.retry')}
          </Button>
        }
      />
    );
  }
  const loading = result.status === 'loading';
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('trends.chart')}
        extra={<PinToBoard query={node} title={rows[0]?.name ?? t('trends.title')} view="line" />}
        styles={{ body: { minHeight: CHART_HEIGHT + 24 } }}
      >
        {loading ? (
          <Skeleton active paragraph={{ rows: 10 }} />
        ) : allZero ? (
          <Empty description={t('trends.empty')} data-testid="trends-empty" />
        ) : option ? (
          <EChart option={option} theme={mode} style={{ height: CHART_HEIGHT }} testId="trends-chart" />
        ) : null}
      </Card>
      <Card size="small" title={t('trends.table')}>
        <DataTable<TableRow>
          testId="trends-table"
          size="small"
          rows={rows}
          columns={columns}
          rowKey={(r) => r.key}
          csvName={`trends-${node.interval}-${node.dateRange.from}_${node.dateRange.to}`}
          loading={loading}
          emptyText={<Empty description={t('trends.empty')} />}
        />
      </Card>
    </Space>
  );
}

function plain(v: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(v);
}
