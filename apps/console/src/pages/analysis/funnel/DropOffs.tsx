import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../../api/client';
import { useAnalyticsQuery } from '../../../api/use-query';
import { downloadCsv } from '../../../lib/csv';
import { formatCount } from '../../../lib/money';
import { usePreferences } from '../../../preferences/preferences';
import { actorsQuery } from '../funnel-state';
import { enteredAt } from './format';
import type { FunnelActorsResult, FunnelQueryNode } from './types';

const PAGE_SIZE = 20;
/** The most actors one export holds (the API's FunnelActorsQuery limit). */
export const EXPORT_LIMIT = 10_000;

/** The CSV of a drop-off list: who, when they entered, how far they got and where they dropped. */
export function dropOffCsvRows(actors: FunnelActorsResult['actors'], steps: string[], dropStep: number) {
  return {
    header: ['id', 'entered_at', 'furthest_step', 'furthest_event', 'dropped_at_step', 'dropped_at_event'],
    rows: actors.map((a) => [
      a.id,
      a.enteredAt,
      a.furthestStep + 1,
      steps[a.furthestStep] ?? '',
      dropStep + 1,
      steps[dropStep] ?? '',
    ]),
  };
}

/** The actors who reached step `dropStep - 1` but not `dropStep`, a page at a time, with a CSV of all of them. */
export function DropOffs({
  node,
  steps,
  dropStep,
  onDropStep,
  breakdownValues,
  dropValue,
  onDropValue,
}: {
  node: FunnelQueryNode;
  steps: string[];
  dropStep: number;
  onDropStep: (step: number) => void;
  /** With a breakdown: its values, to list one value's drop-offs. */
  breakdownValues: string[] | null;
  dropValue: string | null;
  onDropValue: (value: string | null) => void;
}) {
  const { t, locale } = usePreferences();
  const [page, setPage] = useState(1);
  const value = node.breakdown ? dropValue : null;
  const key = `${JSON.stringify(node)}|${dropStep}|${value}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new funnel or step starts at the first page
  useEffect(() => setPage(1), [key]);
  const query = actorsQuery(node, dropStep, PAGE_SIZE, (page - 1) * PAGE_SIZE, value);
  const actors = useAnalyticsQuery<FunnelActorsResult>(query);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const idTitle = t(node.aggregateBy === 'organization' ? 'funnel.col.organization' : 'funnel.col.person');
  const stepName = (i: number) => `${i + 1}. ${steps[i] ?? ''}`;

  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const all = await api<FunnelActorsResult>(
        'POST',
        '/api/query',
        actorsQuery(node, dropStep, EXPORT_LIMIT, 0, value),
      );
      const { header, rows } = dropOffCsvRows(all.actors, steps, dropStep);
      // The value in the name only as safe file-name characters.
      const of = value === null ? '' : `-${value.replace(/[^\p{L}\p{N}_-]+/gu, '_').slice(0, 40)}`;
      downloadCsv(
        `funnel-dropped-step-${dropStep + 1}${of}-${node.dateRange.from}_${node.dateRange.to}.csv`,
        header,
        rows,
      );
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card
      size="small"
      title={t('funnel.dropped')}
      data-testid="funnel-dropped"
      extra={
        <Space wrap>
          {breakdownValues ? (
            <Select
              aria-label={t('funnel.dropValue')}
              data-testid="funnel-drop-value"
              style={{ width: 160 }}
              value={value ?? ''}
              options={[
                { value: '', label: t('funnel.dropValue.all') },
                ...[...new Set([...breakdownValues, ...(value === null ? [] : [value])])].map((v) => ({
                  value: v,
                  label: v,
                })),
              ]}
              onChange={(v: string) => onDropValue(v === '' ? null : v)}
            />
          ) : null}
          <span>{t('funnel.droppedAt')}</span>
          <Select
            aria-label={t('funnel.droppedAt')}
            data-testid="funnel-drop-step"
            style={{ width: 220 }}
            value={dropStep}
            options={steps.slice(1).map((_, i) => ({ value: i + 1, label: stepName(i + 1) }))}
            onChange={onDropStep}
          />
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            disabled={actors.status !== 'done' || actors.data.total === 0}
            onClick={exportCsv}
            data-testid="funnel-export"
          >
            {t('funnel.export')}
          </Button>
        </Space>
      }
    >
      {exportError ? (
        <Alert
          type="error"
          showIcon
          title={t('funnel.exportFailed')}
          description={exportError}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      {actors.status === 'error' ? (
        <Alert
          type="error"
          showIcon
          title={t('funnel.error')}
          description={actors.error.message}
          action={
            <Button size="small" onClick={actors.retry}>
              {t('funnel.retry')}
            </Button>
          }
        />
      ) : (
        <Table
          size="small"
          rowKey="id"
          loading={actors.status === 'loading'}
          locale={{ emptyText: <Empty description={t('funnel.noDropped')} /> }}
          dataSource={actors.data?.actors ?? []}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: actors.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('funnel.droppedTotal', { total: formatCount(total, locale) }),
            onChange: setPage,
          }}
          columns={[
            { title: idTitle, dataIndex: 'id', render: (v: string) => <Typography.Text copyable>{v}</Typography.Text> },
            { title: t('funnel.col.enteredAt'), dataIndex: 'enteredAt', render: enteredAt },
            { title: t('funnel.col.furthest'), dataIndex: 'furthestStep', render: (v: number) => stepName(v) },
          ]}
        />
      )}
    </Card>
  );
}
