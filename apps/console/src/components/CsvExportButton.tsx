import { DownloadOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { usePreferences } from '../preferences/preferences';

/**
 * The export button of a server-paged list: `run` fetches every page of the filtered list and saves the CSV. A
 * failure is shown beside the button with the server's message; the list stays as it was.
 */
export function CsvExportButton({ run, count, testId }: { run: () => Promise<void>; count: number; testId: string }) {
  const { t } = usePreferences();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const click = async () => {
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space size={8}>
      <Tooltip title={count > 10_000 ? t('trade.exportCapped') : undefined}>
        <Button
          icon={<DownloadOutlined />}
          loading={busy}
          disabled={count === 0}
          onClick={() => void click()}
          data-testid={testId}
          // A fixed minimum width: the count in the label grows once the list has loaded, and a wider button could
          // wrap to the next line of a filter bar and push the table down (a layout shift).
          style={{ minWidth: 190 }}
        >
          {t('table.exportCsv', { n: Math.min(count, 10_000) })}
        </Button>
      </Tooltip>
      {error !== null && (
        <Typography.Text type="danger" role="alert">
          {t('table.exportFailed')}: {error}
        </Typography.Text>
      )}
    </Space>
  );
}
