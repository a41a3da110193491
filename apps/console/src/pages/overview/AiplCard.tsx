import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Row, Skeleton, Space, Statistic, Typography, theme } from 'antd';
import { Link } from 'react-router-dom';
import { useAnalyticsQuery } from '../../api/use-query';
import type { MessageKey } from '../../i18n/messages';
import { formatCount } from '../../lib/money';
import type { DayRange } from '../../lib/period';
import { usePreferences } from '../../preferences/preferences';
import { QueryPopover } from './QueryPopover';
import { type AiplResult, aiplQuery, aiplSummary } from './queries';

/** AIPL stock at the range's end (with its change since the first week) and the flows between stages in the range. */
export function AiplCard({ range, height }: { range: DayRange; height: number }) {
  const { t, locale } = usePreferences();
  const { token } = theme.useToken();
  const node = aiplQuery(range);
  const result = useAnalyticsQuery<AiplResult>(node);
  const summary = result.status === 'done' ? aiplSummary(result.data) : null;
  const fmt = (n: number) => formatCount(n, locale);

  return (
    <Card
      size="small"
      title={t('overview.aipl')}
      extra={
        <Space size={4}>
          <Link to={`/analysis/aipl?from=${range.from}&to=${range.to}`}>{t('overview.openAnalysis')}</Link>
          <QueryPopover node={node} testId="query-aipl" />
        </Space>
      }
      styles={{ body: { height } }}
      data-testid="aipl-card"
    >
      {result.status === 'loading' ? (
        <Skeleton active paragraph={{ rows: 5 }} />
      ) : result.status === 'error' ? (
        <Alert type="error" showIcon title={t('overview.error')} description={result.error.message} />
      ) : summary ? (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Row gutter={[8, 8]}>
            {summary.stages.map((s) => {
              const diff = s.end - s.start;
              return (
                <Col span={6} key={s.stage}>
                  <Statistic
                    title={t(`overview.aipl.${s.stage}` as MessageKey)}
                    value={fmt(s.end)}
                    data-testid={`aipl-${s.stage}`}
                  />
                  <Typography.Text
                    style={{
                      color: diff > 0 ? token.colorSuccess : diff < 0 ? token.colorError : token.colorTextSecondary,
                    }}
                  >
                    {diff > 0 ? <ArrowUpOutlined /> : diff < 0 ? <ArrowDownOutlined /> : null} {fmt(Math.abs(diff))}
                  </Typography.Text>
                </Col>
              );
            })}
          </Row>
          <Typography.Text type="secondary" data-testid="aipl-flows">
            {t('overview.aiplFlows', {
              entered: fmt(summary.flows.entered),
              advanced: fmt(summary.flows.advanced),
              fell: fmt(summary.flows.fell),
              left: fmt(summary.flows.left),
            })}
          </Typography.Text>
        </Space>
      ) : null}
    </Card>
  );
}
