import { CodeOutlined } from '@ant-design/icons';
import { Button, Popover, Typography } from 'antd';
import { usePreferences } from '../../preferences/preferences';

/** "Query": the analytics node behind a figure, so an analyst can see (and copy) what was counted. */
export function QueryPopover({ node, series, testId }: { node: unknown; series?: string; testId?: string }) {
  const { t } = usePreferences();
  const json = JSON.stringify(node, null, 2);
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title={
        <span>
          {t('overview.queryTitle')}
          {series ? (
            <Typography.Text type="secondary"> · {t('overview.series', { letter: series })}</Typography.Text>
          ) : null}
        </span>
      }
      content={
        <Typography.Paragraph copyable={{ text: json }} style={{ margin: 0 }}>
          <pre
            data-testid={testId ? `${testId}-json` : undefined}
            style={{ maxHeight: 360, maxWidth: 520, overflow: 'auto', margin: 0, fontSize: 12 }}
          >
            {json}
          </pre>
        </Typography.Paragraph>
      }
    >
      <Button size="small" type="text" icon={<CodeOutlined />} data-testid={testId} aria-label={t('overview.query')}>
        {t('overview.query')}
      </Button>
    </Popover>
  );
}
