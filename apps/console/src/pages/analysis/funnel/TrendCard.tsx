import { Card, Empty, Typography } from 'antd';
import { useMemo } from 'react';
import { EChart } from '../../../charts/EChart';
import { formatCount } from '../../../lib/money';
import { usePreferences } from '../../../preferences/preferences';
import { type Formatters, trendOption, trendTotals } from './charts';
import { periodText } from './format';
import type { FunnelTrendPoint, Interval } from './types';

const CHART_HEIGHT = 280;

/**
 * Conversion per period of entry (the query's `trends`): each actor once per period, with their furthest entry of
 * it. The rates are also on the element (`data-rates`) for the browser test.
 */
export function TrendCard({
  points,
  interval,
  formatters,
}: {
  points: FunnelTrendPoint[];
  interval: Interval;
  formatters: Formatters;
}) {
  const { t, locale, theme } = usePreferences();
  const option = useMemo(
    () =>
      trendOption(
        points,
        points.map((p) => periodText(p.period, interval, locale)),
        { rate: t('funnel.trend.rate'), entered: t('funnel.col.entered') },
        formatters,
      ),
    [points, interval, locale, t, formatters],
  );
  const totals = trendTotals(points);
  return (
    <Card
      size="small"
      title={t('funnel.trend.title')}
      data-testid="funnel-trend"
      data-rates={points.map((p) => p.conversionRate.toFixed(4)).join(',')}
      extra={
        <Typography.Text type="secondary" data-testid="funnel-trend-summary">
          {t('funnel.trend.summary', {
            periods: totals.periods,
            entered: formatCount(totals.entered, locale),
            converted: formatCount(totals.converted, locale),
          })}
        </Typography.Text>
      }
      styles={{ body: { minHeight: CHART_HEIGHT + 24 } }}
    >
      {totals.entered === 0 ? (
        <Empty description={t('funnel.trend.empty')} />
      ) : (
        <EChart option={option} theme={theme} style={{ height: CHART_HEIGHT }} testId="funnel-trend-chart" />
      )}
    </Card>
  );
}
