import { Alert, Button, Card, Col, Empty, Row, Skeleton, Space, Table } from 'antd';
import { useEffect, useMemo } from 'react';
import { useAnalyticsQuery } from '../../../api/use-query';
import { PinToBoard } from '../../../boards/PinToBoard';
import { EChart } from '../../../charts/EChart';
import { formatCount } from '../../../lib/money';
import { usePreferences } from '../../../preferences/preferences';
import { BreakdownCard } from './BreakdownCard';
import { type Formatters, stepsOption } from './charts';
import { DropOffs } from './DropOffs';
import { duration, percent, stepLabel } from './format';
import { TimeToConvertCard } from './TimeToConvertCard';
import { TrendCard } from './TrendCard';
import type { FunnelQueryNode, FunnelResult, FunnelStepResult } from './types';

const CHART_HEIGHT = 320;
const WINDOW_SECONDS = { minute: 60, hour: 3600, day: 86_400, week: 604_800 } as const;

/** The answer of one funnel: steps chart, conversion table, breakdown, time to convert, trend and drop-offs. */
export function FunnelResults({
  node,
  dropStep,
  onDropStep,
  dropValue,
  onDropValue,
  onShown,
}: {
  node: FunnelQueryNode;
  dropStep: number;
  onDropStep: (step: number) => void;
  dropValue: string | null;
  onDropValue: (value: string | null) => void;
  /** Called once the answer is on screen (the page's performance mark). */
  onShown: () => void;
}) {
  const { t, locale, theme } = usePreferences();
  const result = useAnalyticsQuery<FunnelResult>(node);
  const formatters = useMemo<Formatters>(
    () => ({
      count: (n) => formatCount(n, locale),
      percent: (v) => percent(v, locale),
      duration: (s) => duration(s, t),
    }),
    [locale, t],
  );
  const option = useMemo(() => {
    if (result.status !== 'done') return null;
    const labels = result.data.steps.map((s, i) => stepLabel(i, s.label || s.event));
    return stepsOption(result.data, { steps: labels, count: t('funnel.col.count') }, formatters);
  }, [result, t, formatters]);
  useEffect(() => {
    if (result.status === 'done') onShown();
  }, [result.status, onShown]);

  if (result.status === 'error') {
    return (
      <Alert
        type="error"
        showIcon
        title={t('funnel.error')}
        description={result.error.message}
        data-testid="funnel-error"
        action={
          <Button size="small" onClick={result.retry}>
            {t('funnel.retry')}
          </Button>
        }
      />
    );
  }
  const loading = result.status === 'loading';
  const steps = result.data?.steps ?? [];
  const entered = steps[0]?.count ?? 0;
  const pinTitle = t('funnel.pinTitle', { steps: node.steps.map((s) => s.event).join(' → ') });

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="funnel-results">
      <Card
        size="small"
        title={t('funnel.chart')}
        extra={<PinToBoard query={node} title={pinTitle} view="funnel" />}
        styles={{ body: { minHeight: CHART_HEIGHT + 24 } }}
      >
        {loading ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : entered === 0 ? (
          <Empty description={t('funnel.empty')} data-testid="funnel-empty" />
        ) : option ? (
          <EChart option={option} theme={theme} style={{ height: CHART_HEIGHT }} testId="funnel-chart" />
        ) : null}
      </Card>

      <Card size="small" title={t('funnel.table')}>
        <Table<FunnelStepResult & { index: number }>
          data-testid="funnel-table"
          size="small"
          loading={loading}
          pagination={false}
          rowKey="index"
          dataSource={steps.map((s, index) => ({ ...s, index }))}
          columns={[
            { title: t('funnel.col.step'), key: 'step', render: (_, s) => stepLabel(s.index, s.label || s.event) },
            {
              title: t('funnel.col.count'),
              dataIndex: 'count',
              align: 'right',
              render: (v: number) => <span data-testid="funnel-count">{formatCount(v, locale)}</span>,
            },
            {
              title: t('funnel.col.fromFirst'),
              dataIndex: 'conversionRate',
              align: 'right',
              render: (v: number) => percent(v, locale),
            },
            {
              title: t('funnel.col.fromPrevious'),
              dataIndex: 'conversionRateFromPrevious',
              align: 'right',
              render: (v: number) => percent(v, locale),
            },
            {
              title: t('funnel.col.median'),
              dataIndex: 'medianSecondsToConvert',
              align: 'right',
              render: (v: number | null) => duration(v, t),
            },
          ]}
        />
      </Card>

      {!node.breakdown ? null : result.data ? (
        <BreakdownCard result={result.data} formatters={formatters} />
      ) : (
        // The card's frame while the answer loads, so the cards below do not jump when it arrives.
        <Card size="small" title={t('funnel.breakdownTable')} styles={{ body: { minHeight: 240 } }}>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          {result.data ? (
            <TimeToConvertCard
              bins={result.data.timeToConvert}
              windowSeconds={node.window.value * WINDOW_SECONDS[node.window.unit]}
              formatters={formatters}
            />
          ) : (
            <Card size="small" title={t('funnel.ttc.title')} styles={{ body: { minHeight: 304 } }}>
              <Skeleton active paragraph={{ rows: 6 }} />
            </Card>
          )}
        </Col>
        <Col xs={24} xl={12}>
          {result.data ? (
            <TrendCard
              points={result.data.trends ?? []}
              interval={node.trends?.interval ?? 'day'}
              formatters={formatters}
            />
          ) : (
            <Card size="small" title={t('funnel.trend.title')} styles={{ body: { minHeight: 304 } }}>
              <Skeleton active paragraph={{ rows: 6 }} />
            </Card>
          )}
        </Col>
      </Row>

      <DropOffs
        node={node}
        steps={steps.length ? steps.map((s) => s.event) : node.steps.map((s) => s.event)}
        dropStep={dropStep}
        onDropStep={onDropStep}
        breakdownValues={node.breakdown ? (result.data?.breakdowns ?? []).map((b) => b.value) : null}
        dropValue={dropValue}
        onDropValue={onDropValue}
      />
    </Space>
  );
}
