import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAnalyticsQuery } from '../../../api/use-query';
import { PinToBoard } from '../../../boards/PinToBoard';
import { EChart, type EChartsOption } from '../../../charts/EChart';
import { type DataColumn, DataTable } from '../../../components/DataTable';
import type { MessageKey } from '../../../i18n/messages';
import { today } from '../../../lib/dates';
import { formatCount } from '../../../lib/money';
import { usePageMarks } from '../../../lib/perf';
import { compare, formatChange, lastDays } from '../../../lib/period';
import { usePreferences } from '../../../preferences/preferences';
import {
  AGGREGATES,
  AIPL_INTERVALS,
  AIPL_STAGES,
  type AiplQueryNode,
  type AiplResult,
  type AiplState,
  aiplQuery,
  defaultRange,
  type FlowRow,
  flowRows,
  MAX_SANKEY_COLUMNS,
  paramsFromState,
  periodEnds,
  sankeyData,
  stageSummary,
  stateFromParams,
} from './aipl-state';
import './sankey-chart';

const CHART_HEIGHT = 420;
/** One colour per stage, the same in the Sankey and the stock chart. */
export const STAGE_COLORS: Record<string, string> = {
  awareness: '#5B8FF9',
  interest: '#5AD8A6',
  purchase: '#F6BD16',
  loyalty: '#E8684A',
  none: '#A0A0A0',
  new: '#9AA5B1',
  left: '#C0C0C0',
};

const percent = (v: number, locale: string) =>
  new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);

export default function AiplPage() {
  const { t } = usePreferences();
  const [params, setParams] = useSearchParams();
  const todayDay = today();
  const state = stateFromParams(params, todayDay);
  // A fresh node per render is fine: useAnalyticsQuery compares nodes as JSON.
  const node = aiplQuery(state);
  const result = useAnalyticsQuery<AiplResult>(node);
  usePageMarks('aipl', result.status === 'done');

  const update = (patch: Partial<AiplState>) => {
    // Keep the tables' own parameters (sort, filters), replace the builder's.
    const next = new URLSearchParams(params);
    for (const [k, v] of paramsFromState({ ...state, ...patch })) next.set(k, v);
    setParams(next);
  };

  const presets = [
    { label: t('aipl.preset.months3'), range: defaultRange(todayDay, 3) },
    { label: t('aipl.preset.months6'), range: defaultRange(todayDay, 6) },
    { label: t('aipl.preset.months12'), range: defaultRange(todayDay, 12) },
    { label: t('aipl.preset.days30'), range: lastDays(todayDay, 30) },
  ].map((p) => ({ label: p.label, value: [dayjs(p.range.from), dayjs(p.range.to)] as [dayjs.Dayjs, dayjs.Dayjs] }));

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="aipl">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('aipl.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('aipl.subtitle')}</Typography.Text>
      </div>

      <Card size="small" data-testid="aipl-builder">
        <Form layout="inline" style={{ rowGap: 8 }}>
          <Form.Item label={t('aipl.interval')}>
            <Select
              aria-label={t('aipl.interval')}
              data-testid="aipl-interval"
              style={{ width: 100 }}
              value={state.interval}
              options={AIPL_INTERVALS.map((i) => ({ value: i, label: t(`aipl.interval.${i}` as MessageKey) }))}
              onChange={(interval) => update({ interval })}
            />
          </Form.Item>
          <Form.Item label={t('aipl.aggregateBy')}>
            <Select
              aria-label={t('aipl.aggregateBy')}
              data-testid="aipl-by"
              style={{ width: 120 }}
              value={state.aggregateBy}
              options={AGGREGATES.map((a) => ({ value: a, label: t(`aipl.by.${a}` as MessageKey) }))}
              onChange={(aggregateBy) => update({ aggregateBy })}
            />
          </Form.Item>
          <Form.Item label={t('aipl.range')}>
            <DatePicker.RangePicker
              aria-label={t('aipl.range')}
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

      <AiplResults node={node} result={result} to={state.range.to} />
    </Space>
  );
}

function AiplResults({
  node,
  result,
  to,
}: {
  node: AiplQueryNode;
  result: ReturnType<typeof useAnalyticsQuery<AiplResult>>;
  to: string;
}) {
  const { t, locale, theme: mode } = usePreferences();
  const stageName = useCallback((s: string) => t(`aipl.stage.${s}` as MessageKey), [t]);
  const data = result.status === 'done' ? result.data : null;
  const ends = useMemo(
    () =>
      data
        ? periodEnds(
            data.stock.map((s) => s.period),
            to,
          )
        : [],
    [data, to],
  );
  const summary = useMemo(() => (data ? stageSummary(data) : []), [data]);
  const flows = useMemo(() => (data ? flowRows(data) : []), [data]);
  const empty = data?.stock.every((s) => AIPL_STAGES.every((st) => s[st] === 0));
  const tooMany = ends.length > MAX_SANKEY_COLUMNS;

  const sankey = useMemo<EChartsOption | null>(() => {
    if (!data || tooMany) return null;
    const { nodes, links } = sankeyData(data);
    const last = data.stock.length - 1;
    const labelOf = (n: (typeof nodes)[number]) =>
      n.stage === 'new' || n.stage === 'left' || n.column === 0 || n.column === last
        ? `${stageName(n.stage)} ${formatCount(n.value, locale)}`
        : formatCount(n.value, locale);
    const byName = new Map(nodes.map((n) => [n.name, n]));
    const nameOf = (id: string) => {
      const n = byName.get(id);
      return n ? `${stageName(n.stage)} · ${ends[n.column] ?? ''}` : id;
    };
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: {
          dataType: string;
          data: { source?: string; target?: string; name?: string; value: number };
        }) =>
          p.dataType === 'edge'
            ? `${nameOf(p.data.source ?? '')} → ${nameOf(p.data.target ?? '')}<br/>${formatCount(p.data.value, locale)}`
            : `${nameOf(p.data.name ?? '')}<br/>${formatCount(p.data.value, locale)}`,
      },
      series: [
        {
          type: 'sankey',
          left: 16,
          right: 110,
          top: 8,
          bottom: 8,
          nodeWidth: 14,
          nodeGap: 10,
          layoutIterations: 0,
          draggable: false,
          emphasis: { focus: 'adjacency' },
          lineStyle: { color: 'gradient', opacity: 0.35, curveness: 0.5 },
          label: { fontSize: 11 },
          data: nodes.map((n) => ({
            name: n.name,
            depth: n.depth,
            value: n.value,
            itemStyle: { color: STAGE_COLORS[n.stage] },
            label: { formatter: () => labelOf(n) },
          })),
          links,
        },
      ],
    };
  }, [data, tooMany, ends, locale, stageName]);

  const stockOption = useMemo<EChartsOption | null>(() => {
    if (!data) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 36, bottom: 32 },
      xAxis: { type: 'category', data: ends },
      yAxis: { type: 'value', minInterval: 1 },
      series: AIPL_STAGES.map((stage) => ({
        type: 'bar',
        stack: 'stock',
        name: stageName(stage),
        itemStyle: { color: STAGE_COLORS[stage] },
        data: data.stock.map((s) => s[stage]),
        barMaxWidth: 48,
      })),
    };
  }, [data, ends, stageName]);

  const flowColumns: DataColumn<FlowRow>[] = [
    { key: 'from', title: t('aipl.col.from'), value: (r) => stageName(r.from), filterable: true },
    { key: 'to', title: t('aipl.col.to'), value: (r) => stageName(r.to), filterable: true },
    {
      key: 'count',
      title: t('aipl.col.count'),
      value: (r) => r.count,
      render: (r) => formatCount(r.count, locale),
      align: 'right',
    },
    {
      key: 'share',
      title: t('aipl.col.share'),
      value: (r) => Math.round(r.share * 10_000) / 10_000,
      render: (r) => percent(r.share, locale),
      align: 'right',
    },
  ];

  type StockRow = { end: string; period: string } & Record<(typeof AIPL_STAGES)[number], number>;
  const stockRows: StockRow[] = data ? data.stock.map((s, i) => ({ ...s, end: ends[i] ?? s.period })) : [];
  const stockColumns: DataColumn<StockRow>[] = [
    { key: 'end', title: t('aipl.col.asOf'), value: (r) => r.end },
    ...AIPL_STAGES.map(
      (stage): DataColumn<StockRow> => ({
        key: stage,
        title: stageName(stage),
        value: (r) => r[stage],
        render: (r) => formatCount(r[stage], locale),
        align: 'right',
      }),
    ),
  ];

  if (result.status === 'error') {
    return (
      <Alert
        type="error"
        showIcon
        title={t('aipl.error')}
        description={result.error.message}
        data-testid="aipl-error"
        action={
          <Button size="small" onClick={result.retry}>
            {t('aipl.retry')}
          </Button>
        }
      />
    );
  }
  const loading = result.status === 'loading';
  const first = ends[0] ?? '';
  const lastEnd = ends[ends.length - 1] ?? '';

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Row gutter={[16, 16]}>
        {AIPL_STAGES.map((stage) => {
          const s = summary.find((x) => x.stage === stage);
          return (
            <Col xs={24} sm={12} xl={6} key={stage}>
              <Card size="small" title={stageName(stage)} styles={{ body: { height: 104 } }}>
                {loading || !s ? (
                  <Skeleton active paragraph={{ rows: 2 }} title={false} />
                ) : (
                  <>
                    <Statistic
                      value={formatCount(s.end, locale)}
                      valueStyle={{ color: STAGE_COLORS[stage] }}
                      data-testid={`aipl-stock-${stage}`}
                    />
                    <Typography.Text type="secondary" data-testid={`aipl-start-${stage}`}>
                      {t('aipl.fromStart', {
                        start: formatCount(s.start, locale),
                        date: first,
                        change: formatChange(compare(s.end, s.start), locale),
                      })}
                    </Typography.Text>
                  </>
                )}
              </Card>
            </Col>
          );
        })}
      </Row>

      <Card
        size="small"
        title={t('aipl.flowChart')}
        extra={<PinToBoard query={node} title={t('aipl.title')} view="sankey" />}
        styles={{ body: { minHeight: CHART_HEIGHT + 48 } }}
      >
        {loading ? (
          <Skeleton active paragraph={{ rows: 10 }} />
        ) : empty ? (
          <Empty description={t('aipl.empty')} data-testid="aipl-empty" />
        ) : tooMany ? (
          <Alert type="info" showIcon title={t('aipl.tooMany', { n: ends.length, max: MAX_SANKEY_COLUMNS })} />
        ) : sankey ? (
          <>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('aipl.flowHint', { from: first, to: lastEnd })}
            </Typography.Paragraph>
            <div
              style={{ display: 'flex', justifyContent: 'space-between', padding: '0 110px 0 8px', fontSize: 12 }}
              data-testid="aipl-columns"
            >
              {ends.map((e) => (
                <Typography.Text key={e} type="secondary" style={{ fontSize: 12 }}>
                  {e.slice(5)}
                </Typography.Text>
              ))}
            </div>
            <EChart option={sankey} theme={mode} style={{ height: CHART_HEIGHT }} testId="aipl-sankey" />
          </>
        ) : null}
      </Card>

      <Card size="small" title={t('aipl.flowTable')}>
        <DataTable<FlowRow>
          testId="aipl-flows"
          urlPrefix="f"
          size="small"
          rows={flows}
          columns={flowColumns}
          rowKey={(r) => `${r.from}|${r.to}`}
          csvName={`aipl-flows-${first}_${lastEnd}`}
          loading={loading}
          emptyText={<Empty description={t('aipl.noFlows')} />}
        />
      </Card>

      <Card size="small" title={t('aipl.stockChart')} styles={{ body: { minHeight: 324 } }}>
        {loading ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : stockOption && !empty ? (
          <EChart option={stockOption} theme={mode} style={{ height: 300 }} testId="aipl-stock-chart" />
        ) : (
          <Empty description={t('aipl.empty')} />
        )}
      </Card>

      <Card size="small" title={t('aipl.stockTable')}>
        <DataTable<StockRow>
          testId="aipl-stock-table"
          urlPrefix="s"
          size="small"
          rows={stockRows}
          columns={stockColumns}
          rowKey={(r) => r.period}
          csvName={`aipl-stock-${first}_${lastEnd}`}
          loading={loading}
        />
      </Card>
    </Space>
  );
}
