import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import type { QueryState } from '../../../api/use-query';
import { type DataColumn, DataTable } from '../../../components/DataTable';
import { downloadCsv } from '../../../lib/csv';
import { formatMoney } from '../../../lib/money';
import type { DayRange } from '../../../lib/period';
import { usePreferences } from '../../../preferences/preferences';
import { QueryError } from '../attribution/shared';
import { previewSpendCsv, type SpendPreview, spendByChannel } from './channels-state';
import { importSpendCsv, SpendImportError } from './spend-import';
import type { SpendList, SpendRow, SpendRowError } from './types';

/** A larger file is refused before it is read (the server takes up to 16 MB). */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

type Picked = { name: string; text: string; preview: SpendPreview };
type Outcome =
  | { kind: 'done'; written: number; name: string }
  | { kind: 'failed'; message: string; errors: SpendRowError[]; errorCount: number };

/**
 * Channel spend: import a CSV (`channel,day,amount[,currency]`, amount in fen) through `POST
 * /api/channel-spend/import` — picked, previewed, then sent; a refused file shows the server's message and every bad
 * line in place — and the spend stored for the page's range.
 */
export function SpendCard({
  range,
  spend,
  canImport,
  onImported,
}: {
  range: DayRange;
  spend: QueryState<SpendList> & { retry: () => void };
  canImport: boolean;
  onImported: () => void;
}) {
  const { t, locale } = usePreferences();
  const input = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const pick = async (file: File | undefined) => {
    setOutcome(null);
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setPicked(null);
      setOutcome({ kind: 'failed', message: t('channelSpend.tooLarge'), errors: [], errorCount: 0 });
      return;
    }
    const text = await file.text();
    setPicked({ name: file.name, text, preview: previewSpendCsv(text) });
  };

  const send = async () => {
    if (!picked) return;
    setSending(true);
    try {
      const r = await importSpendCsv(picked.text);
      setOutcome({ kind: 'done', written: r.written, name: picked.name });
      setPicked(null);
      if (input.current) input.current.value = '';
      onImported();
    } catch (error) {
      if (error instanceof SpendImportError) {
        setOutcome({ kind: 'failed', message: error.message, errors: error.rowErrors, errorCount: error.errorCount });
      } else {
        setOutcome({
          kind: 'failed',
          message: error instanceof Error ? error.message : String(error),
          errors: [],
          errorCount: 0,
        });
      }
    } finally {
      setSending(false);
    }
  };

  const template = () =>
    downloadCsv(
      'channel-spend-template.csv',
      ['channel', 'day', 'amount', 'currency'],
      [
        ['baidu', range.to, 300000, 'CNY'],
        ['wechat', range.to, 120000, 'CNY'],
      ],
    );

  const rows = spend.data?.rows ?? [];
  const totals = useMemo(() => spendByChannel(rows), [rows]);
  const columns = useMemo<DataColumn<SpendRow>[]>(
    () => [
      { key: 'day', title: t('channelSpend.col.day'), value: (r) => r.day },
      { key: 'channel', title: t('channelSpend.col.channel'), value: (r) => r.channel, filterable: true },
      {
        key: 'amount',
        title: t('channelSpend.col.amount'),
        value: (r) => r.amount / 100,
        render: (r) => formatMoney(r.amount, locale, { currency: r.currency }),
        align: 'right',
      },
      { key: 'currency', title: t('channelSpend.col.currency'), value: (r) => r.currency, filterable: true },
    ],
    [t, locale],
  );

  return (
    <Card size="small" title={t('channelSpend.title')} data-testid="spend">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {canImport ? (
          <Space direction="vertical" style={{ width: '100%' }} data-testid="spend-import">
            <Typography.Text type="secondary">{t('channelSpend.format')}</Typography.Text>
            <Space wrap>
              <input
                ref={input}
                type="file"
                accept=".csv,text/csv,text/plain"
                aria-label={t('channelSpend.pick')}
                data-testid="spend-file"
                style={{ display: 'none' }}
                onChange={(e) => void pick(e.target.files?.[0])}
              />
              <Button icon={<UploadOutlined />} onClick={() => input.current?.click()}>
                {t('channelSpend.pick')}
              </Button>
              <Button type="link" icon={<DownloadOutlined />} onClick={template}>
                {t('channelSpend.template')}
              </Button>
            </Space>
            {picked ? (
              <Card
                size="small"
                type="inner"
                title={t('channelSpend.preview', { name: picked.name, n: picked.preview.count })}
              >
                <Table
                  size="small"
                  pagination={false}
                  rowKey="line"
                  data-testid="spend-preview"
                  dataSource={picked.preview.rows.map((r) => ({
                    line: r.line,
                    ...Object.fromEntries(r.cells.map((c, i) => [`c${i}`, c])),
                  }))}
                  columns={[
                    { title: t('channelSpend.col.line'), dataIndex: 'line', width: 64 },
                    ...picked.preview.header.map((h, i) => ({ title: h || `#${i + 1}`, dataIndex: `c${i}` })),
                  ]}
                />
                <Space style={{ marginTop: 12 }}>
                  <Button type="primary" loading={sending} onClick={send} data-testid="spend-send">
                    {t('channelSpend.send', { n: picked.preview.count })}
                  </Button>
                  <Button
                    disabled={sending}
                    onClick={() => {
                      setPicked(null);
                      if (input.current) input.current.value = '';
                    }}
                  >
                    {t('channelSpend.cancel')}
                  </Button>
                </Space>
              </Card>
            ) : null}
            {outcome?.kind === 'done' ? (
              <Alert
                type="success"
                showIcon
                data-testid="spend-imported"
                title={t('channelSpend.imported', { n: outcome.written, name: outcome.name })}
              />
            ) : null}
            {outcome?.kind === 'failed' ? (
              <Alert
                type="error"
                showIcon
                data-testid="spend-import-error"
                title={t('channelSpend.refused')}
                description={
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <span data-testid="spend-import-message">{outcome.message}</span>
                    {outcome.errors.length > 0 ? (
                      <Table<SpendRowError>
                        size="small"
                        pagination={false}
                        data-testid="spend-row-errors"
                        rowKey={(e) => `${e.line}:${e.field}:${e.message}`}
                        dataSource={outcome.errors}
                        columns={[
                          { title: t('channelSpend.col.line'), dataIndex: 'line', width: 64 },
                          { title: t('channelSpend.col.field'), dataIndex: 'field', width: 120 },
                          { title: t('channelSpend.col.problem'), dataIndex: 'message' },
                        ]}
                      />
                    ) : null}
                    {outcome.errorCount > outcome.errors.length ? (
                      <Typography.Text type="secondary">
                        {t('channelSpend.moreErrors', { n: outcome.errorCount - outcome.errors.length })}
                      </Typography.Text>
                    ) : null}
                  </Space>
                }
              />
            ) : null}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('channelSpend.readOnly')}</Typography.Text>
        )}

        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('channelSpend.current', { from: range.from, to: range.to })}
        </Typography.Title>
        {spend.status === 'error' ? (
          <QueryError error={spend.error} retry={spend.retry} testId="spend-error" />
        ) : (
          <>
            <Space wrap data-testid="spend-totals">
              {totals.map((s) => (
                <Tag key={s.channel}>
                  {s.channel}: {formatMoney(s.amount, locale)} · {t('channelSpend.days', { n: s.days })}
                </Tag>
              ))}
            </Space>
            <DataTable<SpendRow>
              testId="spend-table"
              urlPrefix="s."
              size="small"
              rows={rows}
              columns={columns}
              rowKey={(r) => `${r.day}|${r.channel}`}
              loading={spend.status === 'loading'}
              pageSize={10}
              csvName={`channel-spend-${range.from}_${range.to}`}
              emptyText={<Empty description={t('channelSpend.none')} />}
            />
          </>
        )}
      </Space>
    </Card>
  );
}
