import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { type CsvValue, downloadCsv } from '../../../lib/csv';
import { TIME_ZONE } from '../../../lib/dates';
import { usePreferences } from '../../../preferences/preferences';
import type { Validity } from './marketing';

/** Small pieces the marketplace-admin lists share: status and validity tags, the error in place, CSV export. */
const VALIDITY_COLOURS: Record<Validity, string> = {
  running: 'green',
  scheduled: 'blue',
  ended: 'default',
  disabled: 'red',
};

export function ValidityTag({ value }: { value: Validity }) {
  const { t } = usePreferences();
  return (
    <Tag color={VALIDITY_COLOURS[value]} data-testid="validity">
      {t(`mkt.validity.${value}`)}
    </Tag>
  );
}

export function ListError({ title, error, retry }: { title: string; error: Error; retry: () => void }) {
  const { t } = usePreferences();
  return (
    <Alert
      type="error"
      showIcon
      title={title}
      description={error.message}
      action={
        <Button size="small" onClick={retry}>
          {t('overview.retry')}
        </Button>
      }
    />
  );
}

export function formatInstant(iso: string | null | undefined, withTime = true): string {
  if (!iso) return '—';
  return dayjs(iso)
    .tz(TIME_ZONE)
    .format(withTime ? 'YYYY-MM-DD HH:mm' : 'YYYY-MM-DD');
}

/**
 * "Export CSV" for a server-paged list: `load` fetches every row of the filtered list (fetchAllPages), then the
 * browser saves the file. A failure is shown beside the button.
 */
export function ExportButton<T>({
  filename,
  header,
  load,
  row,
  testId,
}: {
  filename: string;
  header: string[];
  load: () => Promise<T[]>;
  row: (item: T) => CsvValue[];
  testId?: string;
}) {
  const { t } = usePreferences();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Button
        icon={<DownloadOutlined />}
        loading={busy}
        data-testid={testId}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            const items = await load();
            downloadCsv(filename, header, items.map(row));
          } catch (err) {
            setError(err instanceof Error ? err.message : String(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        {t('mkt.export')}
      </Button>
      {error !== null && <Alert type="error" showIcon title={t('table.exportFailed')} description={error} />}
    </>
  );
}
