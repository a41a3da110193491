import { Button, Card, Empty, Form, InputNumber, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { ScatterChart } from 'echarts/charts';
import { MarkAreaComponent, MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { type QueryState, useAnalyticsQuery, useApiGet } from '../../../api/use-query';
import { PinToBoard } from '../../../boards/PinToBoard';
import { EChart, type EChartsOption } from '../../../charts/EChart';
import { type DataColumn, DataTable } from '../../../components/DataTable';
import type { MessageKey } from '../../../i18n/messages';
import { today } from '../../../lib/dates';
import { formatCount, formatMoney } from '../../../lib/money';
import { usePageMarks } from '../../../lib/perf';
import { usePreferences } from '../../../preferences/preferences';
import { useSession } from '../../../session/session';
import { QueryError, RangeField } from '../attribution/shared';
import { type ChannelsState, paramsFromState, quadrantQuery, scatterData, stateFromParams } from './channels-state';
import { SpendCard } from './SpendCard';
import type { ChannelQuadrantNode, ChannelQuadrantResult, Quadrant, QuadrantChannel, SpendList } from './types';
import { QUADRANTS } from './types';

// The quadrant scatter with its threshold lines and areas (the shared EChart registers bars and lines only).
echarts.use([ScatterChart, MarkLineComponent, MarkAreaComponent]);

const CHART_HEIGHT = 420;
export const QUADRANT_COLORS: Record<Quadrant, string> = {
  star: '#52c41a',
  volume: '#1677ff',
  niche: '#fa8c16',
  question: '#f5222d',
};
const DIRECT = '(direct)';

export default function ChannelsPage() {
  const { t } = usePreferences();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const todayDay = today();
  const state = stateFromParams(params, todayDay);
  const node = quadrantQuery(state);
  const update = (patch: Partial<ChannelsState>) =>
    setParams(paramsFromState(params, { ...state, ...patch }, todayDay));
  const result = useAnalyticsQuery<ChannelQuadrantResult>(node);
  const spend = useApiGet<SpendList>(`/api/channel-spend?from=${state.range.from}&to=${state.range.to}`);
  usePageMarks('channels', result.status === 'done');
  const permissions = session.state.status === 'signed-in' ? session.state.viewer.permissions : [];
  const canImport = permissions.includes('*') || permissions.includes('marketing:write');

  return (
    <Space
      direction="vertical"
      size="large"
      style={{ width: '100%' }}
      data-testid="channels"
      data-query={JSON.stringify(node)}
    >
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('channels.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('channels.subtitle')}</Typography.Text>
      </div>

      <Card size="small" title={t('channels.settings')}>
        <Form layout="inline" style={{ rowGap: 8 }}>
          <Form.Item label={t('channels.range')}>
            <RangeField
              range={state.range}
              todayDay={todayDay}
              label={t('channels.range')}
              onChange={(range) => update({ range })}
            />
          </Form.Item>
          <ThresholdInput
            label={t('channels.cprThreshold')}
            testId="channels-cpr"
            value={state.cpr}
            onChange={(cpr) => update({ cpr })}
          />
          <ThresholdInput
            label={t('channels.cppThreshold')}
            testId="channels-cpp"
            value={state.cpp}
            onChange={(cpp) => update({ cpp })}
          />
          <Form.Item>
            <Button
              disabled={state.cpr === null && state.cpp === null}
              onClick={() => update({ cpr: null, cpp: null })}
            >
              {t('channels.useMedians')}
            </Button>
          </Form.Item>
        </Form>
      </Card>

      <QuadrantResult node={node} result={result} />

      <SpendCard
        range={state.range}
        spend={spend}
        canImport={canImport}
        onImported={() => {
          spend.retry();
          result.retry();
        }}
      />
    </Space>
  );
}

/** A threshold in yuan; empty means "the median over the channels". Sent on Enter or leaving the field. */
function ThresholdInput({
  label,
  testId,
  value,
  onChange,
}: {
  label: string;
  testId: string;
  value: number | null;
  onChange: (minor: number | null) => void;
}) {
  const { t } = usePreferences();
  const commit = (text: string) => {
    const v = text.trim() === '' ? null : Number(text.replace(/,/g, ''));
    if (v === null) onChange(null);
    else if (Number.isFinite(v) && v >= 0) onChange(Math.round(v * 100));
  };
  return (
    <Form.Item label={label}>
      <InputNumber
        // Re-mounted when the URL's value changes, so the field shows it (the draft is the input's own).
        key={value ?? 'median'}
        aria-label={label}
        data-testid={testId}
        prefix="¥"
        min={0}
        precision={2}
        style={{ width: 160 }}
        placeholder={t('channels.median')}
        defaultValue={value === null ? undefined : value / 100}
        onBlur={(e) => commit(e.target.value)}
        onPressEnter={(e) => commit((e.target as HTMLInputElement).value)}
      />
    </Form.Item>
  );
}

function QuadrantResult({
  node,
  result,
}: {
  node: ChannelQuadrantNode;
  result: QueryState<ChannelQuadrantResult> & { retry: () => void };
}) {
  const { t, locale, theme: mode } = usePreferences();
  const channelLabel = (c: string) => (c === DIRECT ? t('channels.direct') : c);
  const quadrantLabel = (q: Quadrant | null) => (q ? t(`channels.q.${q}` as MessageKey) : t('channels.q.none'));
  const money = (v: number | null) => formatMoney(v, locale, { currency: result.data?.currency ?? 'CNY' });

  const scatter = useMemo(() => (result.status === 'done' ? scatterData(result.data) : null), [result]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: labels follow the locale (t and the label helpers change with it)
  const option = useMemo<EChartsOption | null>(() => {
    if (!scatter || scatter.points.length === 0) return null;
    const compact = (v: number) => formatMoney(v, locale, { compact: true });
    const maxSpend = Math.max(1, ...scatter.points.map((p) => p.spend));
    const corner: Record<Quadrant, string> = {
      star: 'insideBottomLeft',
      volume: 'insideTopLeft',
      niche: 'insideBottomRight',
      question: 'insideTopRight',
    };
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { data: { name: string; value: [number, number]; quadrant: Quadrant | null; spend: number } }) =>
          [
            `<b>${channelLabel(p.data.name)}</b> · ${quadrantLabel(p.data.quadrant)}`,
            `${t('channels.col.cpr')}: ${formatMoney(p.data.value[0], locale)}`,
            `${t('channels.col.cpp')}: ${formatMoney(p.data.value[1], locale)}`,
            `${t('channels.col.spend')}: ${formatMoney(p.data.spend, locale)}`,
          ].join('<br/>'),
      },
      grid: { left: 88, right: 64, top: 32, bottom: 56 },
      xAxis: {
        name: t('channels.axis.cpr'),
        nameLocation: 'middle',
        nameGap: 32,
        type: 'log',
        min: scatter.minX,
        max: scatter.maxX,
        axisLabel: { formatter: compact },
        splitLine: { show: false },
      },
      yAxis: {
        name: t('channels.axis.cpp'),
        nameLocation: 'middle',
        nameGap: 64,
        type: 'log',
        min: scatter.minY,
        max: scatter.maxY,
        axisLabel: { formatter: compact },
        splitLine: { show: false },
      },
      series: [
        {
          type: 'scatter',
          data: scatter.points.map((p) => ({
            name: p.channel,
            value: [p.x, p.y],
            quadrant: p.quadrant,
            spend: p.spend,
            symbolSize: 14 + 26 * Math.sqrt(p.spend / maxSpend),
            itemStyle: { color: p.quadrant ? QUADRANT_COLORS[p.quadrant] : '#8c8c8c' },
          })),
          label: {
            show: true,
            position: 'right',
            formatter: (p: { name: string }) => channelLabel(p.name),
          },
          markLine:
            scatter.tx === null || scatter.ty === null
              ? undefined
              : {
                  silent: true,
                  symbol: 'none',
                  lineStyle: { type: 'dashed', color: '#8c8c8c' },
                  label: { formatter: (p: { value: number }) => compact(p.value) },
                  data: [{ xAxis: scatter.tx }, { yAxis: scatter.ty }],
                },
          markArea: {
            silent: true,
            data: scatter.areas.map((a) => [
              {
                coord: [a.box[0], a.box[1]],
                itemStyle: { color: QUADRANT_COLORS[a.quadrant], opacity: 0.06 },
                label: {
                  show: true,
                  position: corner[a.quadrant],
                  color: QUADRANT_COLORS[a.quadrant],
                  fontWeight: 'bold',
                  formatter: quadrantLabel(a.quadrant),
                },
              },
              { coord: [a.box[2], a.box[3]] },
            ]),
          },
        },
      ],
    };
  }, [scatter, locale]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: labels follow the locale (t and the label helpers change with it)
  const columns = useMemo<DataColumn<QuadrantChannel>[]>(
    () => [
      { key: 'channel', title: t('channels.col.channel'), value: (r) => channelLabel(r.channel) },
      {
        key: 'quadrant',
        title: t('channels.col.quadrant'),
        value: (r) => r.quadrant ?? '',
        filterLabel: (v) => quadrantLabel((v || null) as Quadrant | null),
        render: (r) => (
          <Tag color={r.quadrant ? QUADRANT_COLORS[r.quadrant] : undefined} data-testid={`quadrant-${r.channel}`}>
            {quadrantLabel(r.quadrant)}
          </Tag>
        ),
        filterable: true,
      },
      {
        key: 'spend',
        title: t('channels.col.spend'),
        value: (r) => r.spend / 100,
        render: (r) => <span data-testid={`q-spend-${r.channel}`}>{money(r.spend)}</span>,
        align: 'right',
      },
      {
        key: 'registrations',
        title: t('channels.col.registrations'),
        value: (r) => r.registrations,
        render: (r) => <span data-testid={`q-registrations-${r.channel}`}>{formatCount(r.registrations, locale)}</span>,
        align: 'right',
      },
      {
        key: 'paying',
        title: t('channels.col.paying'),
        value: (r) => r.paying,
        render: (r) => formatCount(r.paying, locale),
        align: 'right',
      },
      {
        key: 'conversion',
        title: t('channels.col.conversion'),
        value: (r) => (r.registrations > 0 ? Math.round((r.paying / r.registrations) * 10_000) / 10_000 : null),
        render: (r) =>
          r.registrations > 0
            ? new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(
                r.paying / r.registrations,
              )
            : '—',
        align: 'right',
      },
      {
        key: 'cpr',
        title: t('channels.col.cpr'),
        value: (r) => (r.costPerRegistration === null ? null : r.costPerRegistration / 100),
        render: (r) => <span data-testid={`q-cpr-${r.channel}`}>{money(r.costPerRegistration)}</span>,
        align: 'right',
      },
      {
        key: 'cpp',
        title: t('channels.col.cpp'),
        value: (r) => (r.costPerPaying === null ? null : r.costPerPaying / 100),
        render: (r) => money(r.costPerPaying),
        align: 'right',
      },
    ],
    [locale, result.data?.currency],
  );

  if (result.status === 'error')
    return <QueryError error={result.error} retry={result.retry} testId="channels-error" />;
  const loading = result.status === 'loading';
  const data = result.data;
  const title = t('channels.resultTitle');
  const thresholdText = (v: number | null) => (v === null ? '—' : formatMoney(v, locale));

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        size="small"
        title={title}
        extra={<PinToBoard query={node} title={title} view="scatter" />}
        styles={{ body: { minHeight: CHART_HEIGHT + 80 } }}
        data-testid="channels-result"
      >
        {loading ? (
          <Skeleton active paragraph={{ rows: 12 }} />
        ) : !data || data.channels.length === 0 ? (
          <Empty description={t('channels.empty')} data-testid="channels-empty" />
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space wrap size={[16, 4]} data-testid="channels-rule">
              <Typography.Text>
                {t('channels.thresholds', {
                  cpr: thresholdText(data.thresholds.costPerRegistration),
                  cpp: thresholdText(data.thresholds.costPerPaying),
                })}
              </Typography.Text>
              <Tag>{t(`channels.rule.${data.thresholdRule}` as MessageKey)}</Tag>
              {QUADRANTS.map((q) => (
                <Tooltip key={q} title={t(`channels.qRule.${q}` as MessageKey)}>
                  <Tag color={QUADRANT_COLORS[q]}>{quadrantLabel(q)}</Tag>
                </Tooltip>
              ))}
            </Space>
            {option ? (
              <EChart option={option} theme={mode} style={{ height: CHART_HEIGHT }} testId="channels-chart" />
            ) : (
              <Empty description={t('channels.noCosts')} data-testid="channels-no-costs" />
            )}
            {scatter && scatter.unplotted.length > 0 ? (
              <Typography.Text type="secondary" data-testid="channels-unplotted">
                {t('channels.unplotted', {
                  channels: scatter.unplotted
                    .map((c) => channelLabel(c.channel))
                    .join(locale === 'zh-CN' ? '、' : ', '),
                })}
              </Typography.Text>
            ) : null}
          </Space>
        )}
      </Card>

      <Card size="small" title={t('channels.tableTitle')}>
        <DataTable<QuadrantChannel>
          testId="channels-table"
          size="small"
          rows={data?.channels ?? []}
          columns={columns}
          rowKey={(r) => r.channel}
          loading={loading}
          csvName={`channel-quadrant-${node.dateRange.from}_${node.dateRange.to}`}
          emptyText={<Empty description={t('channels.empty')} />}
        />
      </Card>
    </Space>
  );
}
