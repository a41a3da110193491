import { Card, Empty, Typography } from 'antd';
import { useMemo } from 'react';
import { EChart } from '../../../charts/EChart';
import { formatCount } from '../../../lib/money';
import { usePreferences } from '../../../preferences/preferences';
import { type Formatters, timeToConvertBars, timeToConvertOption } from './charts';
import type { TimeToConvertBin } from './types';

const CHART_HEIGHT = 280;

/**
 * How long those who completed every step took from the first step to the last, as the answer's bins. The bin
 * counts are also on the element (`data-counts`), so the browser test compares them with the answer.
 */
export function TimeToConvertCard({
  bins,
  windowSeconds,
  formatters,
}: {
  bins: TimeToConvertBin[];
  windowSeconds: number;
  formatters: Formatters;
}) {
  const { t, locale, theme } = usePreferences();
  const bars = useMemo(() => timeToConvertBars(bins, windowSeconds, formatters), [bins, windowSeconds, formatters]);
  const option = useMemo(
    () => timeToConvertOption(bars, { count: t('funnel.ttc.count'), axis: t('funnel.ttc.axis') }, formatters),
    [bars, t, formatters],
  );
  const converted = bins.reduce((n, b) => n + b.count, 0);
  return (
    <Card
      size="small"
      title={t('funnel.ttc.title')}
      data-testid="funnel-ttc"
      data-counts={bins.map((b) => b.count).join(',')}
      extra={
        <Typography.Text type="secondary" data-testid="funnel-ttc-total">
          {t('funnel.ttc.summary', { n: formatCount(converted, locale) })}
        </Typography.Text>
      }
      styles={{ body: { minHeight: CHART_HEIGHT + 24 } }}
    >
      {converted === 0 ? (
        <Empty description={t('funnel.ttc.empty')} />
      ) : (
        <EChart option={option} theme={theme} style={{ height: CHART_HEIGHT }} testId="funnel-ttc-chart" />
      )}
    </Card>
  );
}
