import {
  Card,
  Checkbox,
  Col,
  Empty,
  Form,
  InputNumber,
  Row,
  Segmented,
  Select,
  Skeleton,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { SankeyChart } from 'echarts/charts';
import * as echarts from 'echarts/core';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAnalyticsQuery } from '../../../api/use-query';
import { PinToBoard } from '../../../boards/PinToBoard';
import { EChart, type EChartsOption } from '../../../charts/EChart';
import { type DataColumn, DataTable } from '../../../components/DataTable';
import type { MessageKey } from '../../../i18n/messages';
import { today } from '../../../lib/dates';
import { formatCount, formatMoney } from '../../../lib/money';
import { usePageMarks } from '../../../lib/perf';
import { usePreferences } from '../../../preferences/preferences';
import {
  AGGREGATES,
  type AttributionState,
  attributionQuery,
  barSeries,
  CONVERSIONS,
  type ConversionKey,
  type CreditRow,
  creditRows,
  DIRECT,
  hasValue,
  LOOKBACK_UNITS,
  type PathRow,
  paramsFromState,
  pathRows,
  pathSankey,
  stateFromParams,
} from './attribution-state';
import { decimal, percent, QueryError, RangeField } from './shared';
import { ATTRIBUTION_MODELS, type AttributionQueryNode, type AttributionResult } from './types';

// The path view's Sankey (the shared EChart registers bars and lines only).
echarts.use([SankeyChart]);

const CHART_HEIGHT = 340;
const SANKEY_HEIGHT = 380;

export default function AttributionPage() {
  const { t } = usePreferences();
  const [params, setParams] = useSearchParams();
  const todayDay = today();
  const state = stateFromParams(params, todayDay);
  const node = attributionQuery(state);
  const update = (patch: Partial<AttributionState>) =>
    setParams(paramsFromState(params, { ...state, ...patch }, todayDay));

  return (
    <Space
      direction="vertical"
      size="large"
      style={{ width: '100%' }}
      data-testid="attribution"
      data-query={JSON.stringify(node)}
    >
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('attribution.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('attribution.subtitle')}</Typography.Text>
      </div>

      <Card size="small" title={t('attribution.settings')} data-testid="attribution-builder">
        <Form layout="inline" style={{ rowGap: 8 }}>
          <Form.Item label={t('attribution.conversion')}>
            <Select
              aria-label={t('attribution.conversion')}
              data-testid="attribution-conversion"
              style={{ width: 200 }}
              value={state.conversion}
              options={Object.keys(CONVERSIONS).map((c) => ({
                value: c,
                label: t(`attribution.conv.${c}` as MessageKey),
              }))}
              onChange={(conversion: ConversionKey) =>
                update({ conversion, metric: CONVERSIONS[conversion] ? state.metric : 'conversions' })
              }
            />
          </Form.Item>
          <Form.Item label={t('attribution.lookback')}>
            <Space.Compact>
              <InputNumber
                aria-label={t('attribution.lookback')}
                min={1}
                max={state.lookback.unit === 'day' ? 365 : 52}
                precision={0}
                value={state.lookback.value}
                style={{ width: 80 }}
                onChange={(v) => {
                  if (typeof v === 'number' && v >= 1) update({ lookback: { ...state.lookback, value: v } });
                }}
              />
              <Select
                aria-label={t('attribution.lookbackUnit')}
                style={{ width: 90 }}
                value={state.lookback.unit}
                options={LOOKBACK_UNITS.map((u) => ({ value: u, label: t(`attribution.unit.${u}` as MessageKey) }))}
                onChange={(unit) =>
                  update({ lookback: { value: Math.min(state.lookback.value, unit === 'day' ? 365 : 52), unit } })
                }
              />
            </Space.Compact>
          </Form.Item>
          <Form.Item label={t('attribution.aggregateBy')}>
            <Select
              aria-label={t('attribution.aggregateBy')}
              style={{ width: 120 }}
              value={state.aggregateBy}
              options={AGGREGATES.map((a) => ({ value: a, label: t(`attribution.by.${a}` as MessageKey) }))}
              onChange={(aggregateBy) => update({ aggregateBy })}
            />
          </Form.Item>
          <Form.Item label={t('attribution.range')}>
            <RangeField
              range={state.range}
              todayDay={todayDay}
              label={t('attribution.range')}
              onChange={(range) => update({ range })}
            />
          </Form.Item>
        </Form>
        <Form layout="inline" style={{ marginTop: 12, rowGap: 8 }}>
          <Form.Item label={t('attribution.models')}>
            <Checkbox.Group
              data-testid="attribution-models"
              value={state.models}
              options={ATTRIBUTION_MODELS.map((m) => ({ value: m, label: t(`attribution.model.${m}` as MessageKey) }))}
              onChange={(v) => {
                // At least one model: unticking the last one is ignored.
                if (v.length > 0) update({ models: ATTRIBUTION_MODELS.filter((m) => v.includes(m)) });
              }}
            />
          </Form.Item>
          <Form.Item label={t('attribution.metric')}>
            <Segmented
              data-testid="attribution-metric"
              value={state.metric}
              options={[
                { value: 'conversions', label: t('attribution.metric.conversions') },
                { value: 'value', label: t('attribution.metric.value'), disabled: !hasValue(state) },
              ]}
              onChange={(metric) => update({ metric: metric as AttributionState['metric'] })}
            />
          </Form.Item>
        </Form>
      </Card>

      <AttributionResults node={node} state={state} />
    </Space>
  );
}

function AttributionResults({ node, state }: { node: AttributionQueryNode; state: AttributionState }) {
  const { t, locale, theme: mode } = usePreferences();
  const result = useAnalyticsQuery<AttributionResult>(node);
  usePageMarks('attribution', result.status === 'done');
  const channelLabel = (c: string) => (c === DIRECT ? t('attribution.direct') : c);
  const modelLabel = (m: string) => t(`attribution.model.${m}` as MessageKey);
  const valued = hasValue(state);
  // The models as a string: a fresh array per render must not re-shape the chart and the tables.
  const modelsKey = state.models.join(',');
  const metricFmt = (v: number) => (state.metric === 'value' ? formatMoney(v, locale) : decimal(v, locale));

  // biome-ignore lint/correctness/useExhaustiveDependencies: labels follow the locale; modelsKey stands for state.models
  const barOption = useMemo<EChartsOption | null>(() => {
    if (result.status !== 'done' || result.data.conversions === 0) return null;
    const { channels, series } = barSeries(result.data, state.models, state.metric);
    return {
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: unknown) => metricFmt(Number(v)),
      },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 72, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: channels.map(channelLabel) },
      yAxis: {
        type: 'value',
        axisLabel: {
          formatter: (v: number) =>
            state.metric === 'value' ? formatMoney(v, locale, { compact: true }) : formatCount(v, locale),
        },
      },
      series: series.map((s) => ({ type: 'bar', name: modelLabel(s.model), data: s.data, barMaxWidth: 28 })),
    };
  }, [result, modelsKey, state.metric, locale]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: labels follow the locale; modelsKey stands for state.models
  const sankeyOption = useMemo<EChartsOption | null>(() => {
    if (result.status !== 'done' || result.data.paths.length === 0) return null;
    const data = pathSankey(result.data.paths, t('attribution.conversionNode'));
    return {
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'sankey',
          left: 16,
          right: 120,
          top: 8,
          bottom: 8,
          nodeAlign: 'left',
          emphasis: { focus: 'adjacency' },
          lineStyle: { color: 'gradient', curveness: 0.5, opacity: 0.35 },
          label: {
            formatter: (p: { data: { channel: string; depth: number } }) =>
              p.data.channel === t('attribution.conversionNode')
                ? p.data.channel
                : `${p.data.depth + 1}. ${channelLabel(p.data.channel)}`,
          },
          data: data.nodes,
          links: data.links,
        },
      ],
    };
  }, [result, locale]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: labels follow the locale; modelsKey stands for state.models
  const creditColumns = useMemo<DataColumn<CreditRow>[]>(
    () => [
      {
        key: 'channel',
        title: t('attribution.col.channel'),
        value: (r) => r.channel,
        render: (r) => channelLabel(r.channel),
        filterable: true,
        filterLabel: channelLabel,
      },
      {
        key: 'model',
        title: t('attribution.col.model'),
        value: (r) => r.model,
        render: (r) => modelLabel(r.model),
        filterable: true,
        filterLabel: modelLabel,
      },
      {
        key: 'conversions',
        title: t('attribution.col.conversions'),
        value: (r) => r.conversions,
        render: (r) => decimal(r.conversions, locale),
        align: 'right',
      },
      ...(valued
        ? [
            {
              key: 'value',
              title: t('attribution.col.value'),
              value: (r: CreditRow) => r.value / 100,
              render: (r: CreditRow) => formatMoney(r.value, locale),
              align: 'right' as const,
            },
          ]
        : []),
      {
        key: 'share',
        title: t('attribution.col.share'),
        value: (r) => Math.round(r.share * 10_000) / 10_000,
        render: (r) => percent(r.share, locale),
        align: 'right',
      },
      ...(state.models.includes('markov')
        ? [
            {
              key: 'removal',
              title: t('attribution.col.removal'),
              value: (r: CreditRow) =>
                r.removalEffect === null ? null : Math.round(r.removalEffect * 10_000) / 10_000,
              render: (r: CreditRow) => percent(r.removalEffect, locale),
              align: 'right' as const,
            },
          ]
        : []),
    ],
    [locale, valued, modelsKey],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: labels follow the locale; modelsKey stands for state.models
  const pathColumns = useMemo<DataColumn<PathRow>[]>(
    () => [
      {
        key: 'path',
        title: t('attribution.col.path'),
        value: (r) => [...r.path.map(channelLabel), t('attribution.conversionNode')].join(' → '),
        render: (r) => (
          <Space size={4} wrap>
            {r.path.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a path may visit a channel twice
              <span key={i}>
                <Tag color={c === DIRECT ? 'default' : 'blue'} style={{ marginInlineEnd: 4 }}>
                  {channelLabel(c)}
                </Tag>
                →
              </span>
            ))}
            <Tag color="green">{t('attribution.conversionNode')}</Tag>
          </Space>
        ),
        sortable: false,
      },
      { key: 'steps', title: t('attribution.col.steps'), value: (r) => r.steps, align: 'right', filterable: true },
      {
        key: 'conversions',
        title: t('attribution.col.conversions'),
        value: (r) => r.conversions,
        render: (r) => <span data-testid="path-conversions">{formatCount(r.conversions, locale)}</span>,
        align: 'right',
      },
      ...(valued
        ? [
            {
              key: 'value',
              title: t('attribution.col.value'),
              value: (r: PathRow) => r.value / 100,
              render: (r: PathRow) => formatMoney(r.value, locale),
              align: 'right' as const,
            },
          ]
        : []),
      {
        key: 'share',
        title: t('attribution.col.pathShare'),
        value: (r) => Math.round(r.share * 10_000) / 10_000,
        render: (r) => percent(r.share, locale),
        align: 'right',
      },
    ],
    [locale, valued],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: labels follow the locale; modelsKey stands for state.models
  const rows = useMemo(
    () => (result.status === 'done' ? creditRows(result.data, state.models) : []),
    [result, modelsKey],
  );
  const paths = useMemo(() => (result.status === 'done' ? pathRows(result.data) : []), [result]);

  if (result.status === 'error')
    return <QueryError error={result.error} retry={result.retry} testId="attribution-error" />;
  const loading = result.status === 'loading';
  const data = result.data;
  const empty = data !== undefined && data.conversions === 0;
  const title = t('attribution.resultTitle', { event: t(`attribution.conv.${state.conversion}` as MessageKey) });
  const csvBase = `attribution-${state.conversion}-${state.range.from}_${state.range.to}`;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        size="small"
        title={title}
        extra={<PinToBoard query={node} title={title} view="bar" />}
        styles={{ body: { minHeight: CHART_HEIGHT + 120 } }}
        data-testid="attribution-result"
      >
        {loading ? (
          <Skeleton active paragraph={{ rows: 10 }} />
        ) : empty || !data ? (
          <Empty description={t('attribution.empty')} data-testid="attribution-empty" />
        ) : (
          <>
            <Row gutter={16} style={{ marginBottom: 12 }}>
              <Col xs={12} md={6}>
                <Statistic
                  title={t('attribution.totalConversions')}
                  value={formatCount(data.conversions, locale)}
                  data-testid="attribution-conversions"
                />
              </Col>
              {valued ? (
                <Col xs={12} md={6}>
                  <Statistic
                    title={t('attribution.totalValue')}
                    value={formatMoney(data.value, locale)}
                    data-testid="attribution-value"
                  />
                </Col>
              ) : null}
              <Col xs={12} md={6}>
                <Statistic title={t('attribution.channels')} value={formatCount(data.channels.length, locale)} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic
                  title={t('attribution.nonConverting')}
                  value={formatCount(data.nonConverting, locale)}
                  data-testid="attribution-non-converting"
                />
              </Col>
            </Row>
            {barOption ? (
              <EChart option={barOption} theme={mode} style={{ height: CHART_HEIGHT }} testId="attribution-chart" />
            ) : null}
          </>
        )}
      </Card>

      <Card size="small" title={t('attribution.tableTitle')}>
        <DataTable<CreditRow>
          testId="attribution-table"
          urlPrefix="c."
          size="small"
          rows={rows}
          columns={creditColumns}
          rowKey={(r) => r.key}
          loading={loading}
          csvName={csvBase}
          pageSize={30}
          emptyText={<Empty description={t('attribution.empty')} />}
        />
      </Card>

      <Card
        size="small"
        title={t('attribution.pathsTitle')}
        extra={<Typography.Text type="secondary">{t('attribution.pathsHint')}</Typography.Text>}
        data-testid="attribution-paths"
      >
        {loading ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : sankeyOption ? (
          <EChart option={sankeyOption} theme={mode} style={{ height: SANKEY_HEIGHT }} testId="attribution-sankey" />
        ) : (
          <Empty description={t('attribution.noPaths')} />
        )}
        <div style={{ marginTop: 16 }}>
          <DataTable<PathRow>
            testId="attribution-path-table"
            urlPrefix="p."
            size="small"
            rows={paths}
            columns={pathColumns}
            rowKey={(r) => r.key}
            loading={loading}
            csvName={`${csvBase}-paths`}
            emptyText={<Empty description={t('attribution.noPaths')} />}
          />
        </div>
      </Card>
    </Space>
  );
}
