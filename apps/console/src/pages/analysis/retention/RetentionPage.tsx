import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  InputNumber,
  Row,
  Segmented,
  Select,
  Skeleton,
  Space,
  Statistic,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAnalyticsQuery } from '../../../api/use-query';
import { PinToBoard } from '../../../boards/PinToBoard';
import { EChart, type EChartsOption } from '../../../charts/EChart';
import { type DataColumn, DataTable } from '../../../components/DataTable';
import type { MessageKey } from '../../../i18n/messages';
import { today } from '../../../lib/dates';
import { formatCount } from '../../../lib/money';
import { usePageMarks } from '../../../lib/perf';
import { lastDays } from '../../../lib/period';
import { usePreferences } from '../../../preferences/preferences';
import { EVENT_CHOICES } from '../trends/catalogue';
import {
  AGGREGATES,
  ANY_EVENT,
  COHORT_TYPES,
  COUNT_MODES,
  defaultRange,
  heatmapCells,
  MAX_PERIODS,
  paramsFromState,
  periodCount,
  RETENTION_INTERVALS,
  RETENTION_KINDS,
  type RetentionCohort,
  type RetentionKind,
  type RetentionQueryNode,
  type RetentionResult,
  type RetentionState,
  retentionQuery,
  stateFromParams,
  switchKind,
} from './retention-state';
import './heatmap-chart';

const ROW_HEIGHT = 28;

const percent = (v: number, locale: string) =>
  new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);

export default function RetentionPage() {
  const { t } = usePreferences();
  const [params, setParams] = useSearchParams();
  const todayDay = today();
  const state = stateFromParams(params, todayDay);
  const node = retentionQuery(state);
  const result = useAnalyticsQuery<RetentionResult>(node);
  usePageMarks('retention', result.status === 'done');

  const apply = (next: RetentionState) => {
    // Keep the table's own parameters (sort, filters, page), replace the builder's.
    const p = new URLSearchParams(params);
    for (const [k, v] of paramsFromState(next)) p.set(k, v);
    setParams(p);
  };
  const update = (patch: Partial<RetentionState>) => apply({ ...state, ...patch });
  const eventLabel = (e: string) => (e === ANY_EVENT ? t('retention.anyEvent') : e);
  const eventOptions = EVENT_CHOICES.map((e) => ({ value: e, label: eventLabel(e) }));
  const presets = [
    { label: t('retention.preset.weeks12'), range: defaultRange(todayDay) },
    { label: t('retention.preset.days30'), range: lastDays(todayDay, 30) },
    { label: t('retention.preset.days180'), range: lastDays(todayDay, 180) },
    { label: t('retention.preset.days365'), range: lastDays(todayDay, 365) },
  ].map((p) => ({ label: p.label, value: [dayjs(p.range.from), dayjs(p.range.to)] as [dayjs.Dayjs, dayjs.Dayjs] }));

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="retention">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('retention.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t(`retention.subtitle.${state.kind}` as MessageKey)}</Typography.Text>
      </div>

      <Card size="small" data-testid="retention-builder">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Segmented<RetentionKind>
            data-testid="retention-kind"
            value={state.kind}
            options={RETENTION_KINDS.map((k) => ({ value: k, label: t(`retention.kind.${k}` as MessageKey) }))}
            onChange={(kind) => apply(switchKind(state, kind))}
          />
          <Form layout="inline" style={{ rowGap: 8 }}>
            <Form.Item label={t('retention.start')}>
              <Select
                aria-label={t('retention.start')}
                data-testid="retention-start"
                showSearch
                style={{ width: 200 }}
                value={state.start}
                options={eventOptions}
                onChange={(start) => update({ start })}
              />
            </Form.Item>
            <Form.Item label={t('retention.return')}>
              <Select
                aria-label={t('retention.return')}
                data-testid="retention-return"
                showSearch
                style={{ width: 200 }}
                value={state.returning}
                options={eventOptions}
                onChange={(returning) => update({ returning })}
              />
            </Form.Item>
            <Form.Item label={t('retention.cohortType')}>
              <Select
                aria-label={t('retention.cohortType')}
                style={{ width: 170 }}
                value={state.cohortType}
                options={COHORT_TYPES.map((c) => ({ value: c, label: t(`retention.cohortType.${c}` as MessageKey) }))}
                onChange={(cohortType) => update({ cohortType })}
              />
            </Form.Item>
            <Form.Item label={t('retention.interval')}>
              <Select
                aria-label={t('retention.interval')}
                data-testid="retention-interval"
                style={{ width: 100 }}
                value={state.interval}
                options={RETENTION_INTERVALS.map((i) => ({
                  value: i,
                  label: t(`retention.interval.${i}` as MessageKey),
                }))}
                onChange={(interval) => update({ interval })}
              />
            </Form.Item>
            <Form.Item label={t('retention.periods')}>
              <InputNumber
                aria-label={t('retention.periods')}
                min={1}
                max={MAX_PERIODS}
                precision={0}
                style={{ width: 80 }}
                value={state.periods}
                onChange={(v) => {
                  if (typeof v === 'number' && v >= 1 && v <= MAX_PERIODS) update({ periods: v });
                }}
              />
            </Form.Item>
            <Form.Item label={t('retention.count')}>
              <Select
                aria-label={t('retention.count')}
                style={{ width: 190 }}
                value={state.count}
                options={COUNT_MODES.map((c) => ({ value: c, label: t(`retention.count.${c}` as MessageKey) }))}
                onChange={(count) => update({ count })}
              />
            </Form.Item>
            <Form.Item label={t('retention.aggregateBy')}>
              <Select
                aria-label={t('retention.aggregateBy')}
                data-testid="retention-by"
                style={{ width: 120 }}
                value={state.aggregateBy}
                options={AGGREGATES.map((a) => ({ value: a, label: t(`retention.by.${a}` as MessageKey) }))}
                onChange={(aggregateBy) => update({ aggregateBy })}
              />
            </Form.Item>
            <Form.Item label={t('retention.range')}>
              <DatePicker.RangePicker
                aria-label={t('retention.range')}
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
        </Space>
      </Card>

      <RetentionResults node={node} kind={state.kind} result={result} />
    </Space>
  );
}

function RetentionResults({
  node,
  kind,
  result,
}: {
  node: RetentionQueryNode;
  kind: RetentionKind;
  result: ReturnType<typeof useAnalyticsQuery<RetentionResult>>;
}) {
  const { t, locale, theme: mode } = usePreferences();
  const data = result.status === 'done' ? result.data : null;
  const columns = data ? periodCount(data) : 0;
  const periodLabel = (n: number) => t('retention.period', { n });
  const empty = data?.cohorts.every((c) => c.size === 0);

  const heatmap = useMemo<EChartsOption | null>(() => {
    if (!data) return null;
    const { sizes, rates } = heatmapCells(data);
    const rows = [t('retention.average'), ...data.cohorts.map((c) => c.period)];
    const xLabels = [t('retention.size'), ...Array.from({ length: columns }, (_, n) => t('retention.period', { n }))];
    const maxRate = Math.max(0.01, ...rates.filter((c) => c.x > 1).map((c) => c.rate));
    return {
      tooltip: {
        formatter: (p: { seriesIndex: number; data: [number, number, number, number] }) => {
          const [x, y, rate, count] = p.data;
          const row = rows[y] ?? '';
          return p.seriesIndex === 0
            ? `${row}<br/>${t('retention.size')}: ${formatCount(count, locale)}`
            : `${row} · ${xLabels[x] ?? ''}<br/>${percent(rate, locale)} (${formatCount(count, locale)})`;
        },
      },
      grid: { left: 96, right: 16, top: 8, bottom: 64 },
      xAxis: { type: 'category', data: xLabels, position: 'top', splitArea: { show: true } },
      yAxis: { type: 'category', data: rows, inverse: true, splitArea: { show: true } },
      visualMap: {
        seriesIndex: 1,
        // The colour follows the rate (value index 2), not the count the cells also carry.
        dimension: 2,
        min: 0,
        max: maxRate,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 8,
        itemHeight: 160,
        precision: 2,
        formatter: (v: number) => percent(v, locale),
        inRange: { color: mode === 'dark' ? ['#1f2d3d', '#3b82f6', '#93c5fd'] : ['#eef5ff', '#69a7ff', '#1d4ed8'] },
        outOfRange: { color: mode === 'dark' ? ['#93c5fd'] : ['#1d4ed8'] },
      },
      series: [
        {
          type: 'heatmap',
          name: t('retention.size'),
          data: sizes.map((c) => [c.x, c.y, c.rate, c.count]),
          itemStyle: {
            color: mode === 'dark' ? '#2a2a2a' : '#f0f0f0',
            borderColor: mode === 'dark' ? '#141414' : '#fff',
            borderWidth: 1,
          },
          label: { show: true, formatter: (p: { data: number[] }) => formatCount(p.data[3] ?? 0, locale) },
        },
        {
          type: 'heatmap',
          name: t('retention.rate'),
          data: rates.map((c) => [c.x, c.y, c.rate, c.count]),
          encode: { x: 0, y: 1, value: 2 },
          itemStyle: { borderColor: mode === 'dark' ? '#141414' : '#fff', borderWidth: 1 },
          label: {
            show: true,
            fontSize: 11,
            formatter: (p: { data: number[] }) => percent(p.data[2] ?? 0, locale),
          },
        },
      ],
    };
  }, [data, columns, locale, mode, t]);

  type Row = RetentionCohort & { key: string; average: boolean };
  const rows: Row[] = data ? data.cohorts.map((c) => ({ ...c, key: c.period, average: false })) : [];
  const tableColumns: DataColumn<Row>[] = [
    { key: 'cohort', title: t('retention.col.cohort'), value: (r) => r.period },
    {
      key: 'size',
      title: t('retention.size'),
      value: (r) => r.size,
      render: (r) => formatCount(r.size, locale),
      align: 'right',
    },
    ...Array.from(
      { length: columns },
      (_, n): DataColumn<Row> => ({
        key: `p${n}`,
        title: periodLabel(n),
        value: (r) =>
          r.rates[n] === undefined || r.size === 0 ? null : Math.round((r.rates[n] ?? 0) * 10_000) / 10_000,
        render: (r) =>
          r.rates[n] === undefined || r.size === 0
            ? ''
            : `${percent(r.rates[n] ?? 0, locale)} (${formatCount(r.retained[n] ?? 0, locale)})`,
        align: 'right',
      }),
    ),
  ];

  if (result.status === 'error') {
    return (
      <Alert
        type="error"
        showIcon
        title={t('retention.error')}
        description={result.error.message}
        data-testid="retention-error"
        action={
          <Button size="small" onClick={result.retry}>
            {t('retention.retry')}
          </Button>
        }
      />
    );
  }
  const loading = result.status === 'loading';
  const chartHeight = Math.max(240, ((data?.cohorts.length ?? 8) + 1) * ROW_HEIGHT + 96);
  const rp = data?.repurchase;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      {kind === 'repurchase' || rp ? (
        <Row gutter={[16, 16]}>
          {(
            [
              ['actors', rp ? formatCount(rp.actors, locale) : '—'],
              ['repeatActors', rp ? formatCount(rp.repeatActors, locale) : '—'],
              ['repurchaseRate', rp ? percent(rp.repurchaseRate, locale) : '—'],
              [
                'medianInterval',
                rp?.medianIntervalDays == null
                  ? '—'
                  : t('retention.days', { n: Math.round(rp.medianIntervalDays * 10) / 10 }),
              ],
            ] as const
          ).map(([key, value]) => (
            <Col xs={24} sm={12} xl={6} key={key}>
              <Card size="small" title={t(`retention.rp.${key}` as MessageKey)} styles={{ body: { height: 72 } }}>
                {loading ? (
                  <Skeleton active paragraph={{ rows: 1 }} title={false} />
                ) : (
                  <Statistic value={value} data-testid={`retention-rp-${key}`} />
                )}
              </Card>
            </Col>
          ))}
        </Row>
      ) : null}

      <Card
        size="small"
        title={t(`retention.heatmap.${kind}` as MessageKey)}
        extra={<PinToBoard query={node} title={t(`retention.kind.${kind}` as MessageKey)} view="heatmap" />}
        styles={{ body: { minHeight: 340 } }}
      >
        {loading ? (
          <Skeleton active paragraph={{ rows: 9 }} />
        ) : empty ? (
          <Empty description={t('retention.empty')} data-testid="retention-empty" />
        ) : heatmap ? (
          <EChart option={heatmap} theme={mode} style={{ height: chartHeight }} testId="retention-heatmap" />
        ) : null}
      </Card>

      <Card size="small" title={t('retention.table')}>
        <DataTable<Row>
          testId="retention-table"
          size="small"
          rows={rows}
          columns={tableColumns}
          rowKey={(r) => r.key}
          csvName={`${kind}-${node.interval}-${node.dateRange.from}_${node.dateRange.to}`}
          loading={loading}
          pageSize={60}
          emptyText={<Empty description={t('retention.empty')} />}
        />
      </Card>
    </Space>
  );
}
