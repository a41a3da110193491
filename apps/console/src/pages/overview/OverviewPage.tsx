import { Alert, Button, Card, Col, DatePicker, Empty, Row, Skeleton, Space, Statistic, Typography, theme } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { TrendsResult } from '../../api/types';
import { useAnalyticsQuery } from '../../api/use-query';
import { EChart, type EChartsOption } from '../../charts/EChart';
import type { MessageKey } from '../../i18n/messages';
import { shortDay, today } from '../../lib/dates';
import { formatCount, formatMoney } from '../../lib/money';
import { usePageMarks } from '../../lib/perf';
import { compare, type DayRange, formatChange, lastDays, previousPeriod, rangeFromParams } from '../../lib/period';
import { usePreferences } from '../../preferences/preferences';
import { AiplCard } from './AiplCard';
import { DemandCards } from './DemandCard';
import { QueryPopover } from './QueryPopover';
import { gmvPerDay, type Kpis, kpiQuery, kpisOf, registrationsByChannel, registrationsQuery } from './queries';

type KpiKey = keyof Kpis;
const KPIS: { key: KpiKey; label: MessageKey; money: boolean; series: string }[] = [
  { key: 'gmv', label: 'overview.gmv', money: true, series: 'A' },
  { key: 'orders', label: 'overview.orders', money: false, series: 'B' },
  { key: 'payingOrgs', label: 'overview.payingOrgs', money: false, series: 'C' },
  { key: 'arpu', label: 'overview.arpu', money: true, series: 'A / C' },
];

const CARD_BODY_HEIGHT = 112;
const CHART_HEIGHT = 300;

export default function OverviewPage() {
  const { t, locale, theme: mode } = usePreferences();
  const { token } = theme.useToken();
  const [params, setParams] = useSearchParams();
  const todayDay = today();
  const range = rangeFromParams(params, lastDays(todayDay, 30));
  const { from, to } = range;
  const previous = previousPeriod(range);

  // Nodes keep their identity while the range does, so the queries do not re-run on unrelated renders.
  const currentNode = useMemo(() => kpiQuery({ from, to }), [from, to]);
  const previousNode = useMemo(() => kpiQuery(previousPeriod({ from, to })), [from, to]);
  const registrationsNode = useMemo(() => registrationsQuery({ from, to }), [from, to]);
  const current = useAnalyticsQuery<TrendsResult>(currentNode);
  const before = useAnalyticsQuery<TrendsResult>(previousNode);
  const registrations = useAnalyticsQuery<TrendsResult>(registrationsNode);

  usePageMarks('overview', current.status === 'done');
  const stableRange = useMemo(() => ({ from, to }), [from, to]);

  const setRange = (r: DayRange) => {
    const next = new URLSearchParams(params);
    next.set('from', r.from);
    next.set('to', r.to);
    setParams(next);
  };

  const kpis = current.status === 'done' ? kpisOf(current.data) : null;
  const previousKpis = before.status === 'done' ? kpisOf(before.data) : null;
  const fmt = (key: KpiKey, v: number | null | undefined) =>
    KPIS.find((k) => k.key === key)?.money ? formatMoney(v, locale) : formatCount(v, locale);

  const gmvOption = useMemo<EChartsOption | null>(() => {
    if (current.status !== 'done') return null;
    const points = gmvPerDay(current.data);
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => formatMoney(Number(v), locale) },
      grid: { left: 64, right: 16, top: 16, bottom: 32 },
      xAxis: { type: 'category', data: points.map(([d]) => shortDay(d, locale)), boundaryGap: false },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatMoney(v, locale, { compact: true }) } },
      series: [
        {
          type: 'line',
          name: t('overview.gmv'),
          data: points.map(([, v]) => v),
          smooth: false,
          areaStyle: { opacity: 0.15 },
          showSymbol: false,
        },
      ],
    };
  }, [current, locale, t]);

  const channelRows =
    registrations.status === 'done' ? registrationsByChannel(registrations.data, t('overview.channelNone')) : [];
  const channelOption = useMemo<EChartsOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 120, right: 24, top: 16, bottom: 32 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: channelRows.map((r) => r.channel) },
      series: [{ type: 'bar', name: t('overview.signups'), data: channelRows.map((r) => r.count), barMaxWidth: 28 }],
    }),
    [channelRows, t],
  );

  const presets: { label: string; value: [Dayjs, Dayjs] }[] = [7, 30, 90].map((n) => {
    const r = lastDays(todayDay, n);
    return { label: t(`overview.last${n}` as MessageKey), value: [dayjs(r.from), dayjs(r.to)] };
  });

  const errorBox = (error: Error, retry: () => void) => (
    <Alert
      type="error"
      showIcon
      title={t('overview.error')}
      description={error.message}
      action={
        <Button size="small" onClick={retry}>
          {t('overview.retry')}
        </Button>
      }
    />
  );

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="overview">
      <Row justify="space-between" align="middle" gutter={[16, 16]}>
        <Col>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('overview.title')}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('overview.comparedTo', { from: previous.from, to: previous.to })}
          </Typography.Text>
        </Col>
        <Col>
          <DatePicker.RangePicker
            aria-label={t('overview.range')}
            data-testid="date-range"
            allowClear={false}
            value={[dayjs(range.from), dayjs(range.to)]}
            presets={presets}
            disabledDate={(d) => d.format('YYYY-MM-DD') > todayDay}
            onChange={(values) => {
              const [from, to] = values ?? [];
              if (from && to) setRange({ from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') });
            }}
          />
        </Col>
      </Row>

      {current.status === 'error' ? errorBox(current.error, current.retry) : null}

      <Row gutter={[16, 16]}>
        {KPIS.map((k) => {
          const value = kpis?.[k.key] ?? null;
          const prev = previousKpis?.[k.key] ?? null;
          const change = compare(value, prev);
          const color =
            change.direction === 'up'
              ? token.colorSuccess
              : change.direction === 'down'
                ? token.colorError
                : token.colorTextSecondary;
          return (
            <Col xs={24} sm={12} xl={6} key={k.key}>
              <Card
                size="small"
                title={t(k.label)}
                extra={<QueryPopover node={currentNode} series={k.series} testId={`query-${k.key}`} />}
                styles={{ body: { height: CARD_BODY_HEIGHT } }}
              >
                {current.status === 'loading' ? (
                  <Skeleton active paragraph={{ rows: 2 }} title={false} />
                ) : current.status === 'error' ? (
                  <Typography.Text type="secondary">—</Typography.Text>
                ) : (
                  <>
                    <Statistic value={fmt(k.key, value)} data-testid={`kpi-${k.key}`} />
                    <Space size={8} style={{ marginTop: 8 }}>
                      <Typography.Text data-testid={`kpi-${k.key}-change`} style={{ color }}>
                        {before.status === 'loading' ? '…' : formatChange(change, locale)}
                      </Typography.Text>
                      <Typography.Text type="secondary">
                        {before.status === 'done'
                          ? prev === null || prev === 0
                            ? t('overview.noPrevious')
                            : t('overview.previous', { value: fmt(k.key, prev) })
                          : ''}
                      </Typography.Text>
                    </Space>
                  </>
                )}
              </Card>
            </Col>
          );
        })}
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card
            size="small"
            title={t('overview.gmvTrend')}
            extra={<QueryPopover node={currentNode} series="A" testId="query-gmv-trend" />}
            styles={{ body: { height: CHART_HEIGHT + 24 } }}
          >
            {current.status === 'loading' ? (
              <Skeleton active paragraph={{ rows: 8 }} />
            ) : current.status === 'error' ? (
              errorBox(current.error, current.retry)
            ) : !kpis?.gmv ? (
              <Empty description={t('overview.empty')} />
            ) : gmvOption ? (
              <EChart option={gmvOption} theme={mode} style={{ height: CHART_HEIGHT }} testId="chart-gmv" />
            ) : null}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card
            size="small"
            title={t('overview.registrations')}
            extra={<QueryPopover node={registrationsNode} testId="query-registrations" />}
            styles={{ body: { height: CHART_HEIGHT + 24 } }}
          >
            {registrations.status === 'loading' ? (
              <Skeleton active paragraph={{ rows: 8 }} />
            ) : registrations.status === 'error' ? (
              errorBox(registrations.error, registrations.retry)
            ) : channelRows.length === 0 ? (
              <Empty description={t('overview.empty')} />
            ) : (
              <EChart
                option={channelOption}
                theme={mode}
                style={{ height: CHART_HEIGHT }}
                testId="chart-registrations"
              />
            )}
          </Card>
        </Col>
      </Row>

      <AiplCard range={stableRange} height={CARD_BODY_HEIGHT + 24} />
      <DemandCards range={stableRange} height={CHART_HEIGHT} />
    </Space>
  );
}
