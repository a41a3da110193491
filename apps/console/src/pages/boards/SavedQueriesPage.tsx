import { DeleteOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Popconfirm, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { fetchAllPages } from '../../api/pages';
import { boardsApi } from '../../boards/api';
import { PinToBoard } from '../../boards/PinToBoard';
import { TileView } from '../../boards/TileView';
import type { SavedQuery } from '../../boards/types';
import { type DataColumn, DataTable } from '../../components/DataTable';
import type { MessageKey } from '../../i18n/messages';
import { usePageMarks } from '../../lib/perf';
import { usePreferences } from '../../preferences/preferences';
import { summaryOf } from './summary';

type LoadState = { status: 'loading' } | { status: 'error'; error: Error } | { status: 'done'; items: SavedQuery[] };

/** A node's period in a column: `2026-11-01 ~ 2026-11-30`. */
const periodOf = (q: SavedQuery) => {
  const r = q.query.dateRange;
  return r ? `${r.from} ~ ${r.to}` : '';
};

/**
 * /saved-queries: the operator's saved queries (admins: everyone's). Each opens in a dialog that runs it and draws it
 * as its tile would (with the node itself, to copy); the owner deletes (the tiles drawing it go too). CSV export of
 * the list carries the nodes as JSON.
 */
export default function SavedQueriesPage() {
  const { t, locale } = usePreferences();
  const { message } = App.useApp();
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [open, setOpen] = useState<SavedQuery | null>(null);
  usePageMarks('saved-queries', state.status === 'done');

  const load = useCallback(() => {
    setState({ status: 'loading' });
    fetchAllPages<SavedQuery>('/api/saved-queries').then(
      (items) => setState({ status: 'done', items }),
      (error: unknown) => setState({ status: 'error', error: error as Error }),
    );
  }, []);
  useEffect(load, [load]);

  const remove = async (q: SavedQuery) => {
    try {
      await boardsApi.removeSavedQuery(q.id);
      message.success(t('savedQueries.deleted', { name: q.name }));
      load();
    } catch (err) {
      message.error(err instanceof Error ? err.message : String(err));
    }
  };

  const items = state.status === 'done' ? state.items : [];
  const columns: DataColumn<SavedQuery>[] = [
    {
      key: 'name',
      title: t('savedQueries.col.name'),
      value: (q) => q.name,
      render: (q) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => setOpen(q)} data-testid="saved-query-open">
          {q.name}
        </Button>
      ),
    },
    { key: 'kind', title: t('savedQueries.col.kind'), value: (q) => q.query.kind, filterable: true },
    {
      key: 'view',
      title: t('savedQueries.col.view'),
      value: (q) => q.view,
      render: (q) => <Tag>{t(`board.view.${q.view}` as MessageKey)}</Tag>,
      filterLabel: (v) => t(`board.view.${v}` as MessageKey),
      filterable: true,
    },
    { key: 'period', title: t('savedQueries.col.period'), value: periodOf },
    { key: 'owner', title: t('savedQueries.col.owner'), value: (q) => q.ownerName, filterable: true },
    {
      key: 'created',
      title: t('savedQueries.col.created'),
      value: (q) => q.createdAt,
      render: (q) => new Date(q.createdAt).toLocaleString(locale, { timeZone: 'Asia/Shanghai' }),
    },
    {
      key: 'query',
      title: t('savedQueries.col.query'),
      // The CSV carries the whole node (to paste into POST /api/query); the table shows what it reads.
      value: (q) => JSON.stringify(q.query),
      render: (q) => (
        <Typography.Text code ellipsis={{ tooltip: summaryOf(q.query) }} style={{ maxWidth: 280 }}>
          {summaryOf(q.query)}
        </Typography.Text>
      ),
      sortable: false,
    },
    {
      key: 'actions',
      title: t('savedQueries.col.actions'),
      value: () => null,
      sortable: false,
      render: (q) => (
        <Space>
          {q.editable ? (
            <Popconfirm
              title={t('savedQueries.deleteConfirm')}
              okText={t('savedQueries.delete')}
              cancelText={t('boards.cancel')}
              okButtonProps={{ danger: true, 'data-testid': 'saved-query-delete-ok' } as never}
              onConfirm={() => remove(q)}
            >
              <Button
                size="small"
                danger
                icon={<DeleteOutlined />}
                aria-label={`${t('savedQueries.delete')}: ${q.name}`}
                data-testid="saved-query-delete"
              />
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="saved-queries-page">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('savedQueries.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('savedQueries.subtitle')}</Typography.Text>
      </div>
      {state.status === 'error' ? (
        <Alert
          type="error"
          showIcon
          title={t('savedQueries.loadError')}
          description={state.error.message}
          action={
            <Button size="small" onClick={load}>
              {t('board.retry')}
            </Button>
          }
        />
      ) : null}
      <DataTable
        rows={items}
        columns={columns}
        rowKey={(q) => q.id}
        csvName="saved-queries"
        loading={state.status === 'loading'}
        emptyText={t('savedQueries.empty')}
        testId="saved-queries-table"
      />
      <Modal
        open={open !== null}
        title={open?.name}
        width={880}
        footer={null}
        onCancel={() => setOpen(null)}
        destroyOnHidden
      >
        {open ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
              <PinToBoard query={open.query} title={open.name} view={open.view} savedQueryId={open.id} />
            </Space>
            <TileView node={open.query} view={open.view} height={320} testId="saved-query-preview" />
            <Typography.Paragraph copyable={{ text: JSON.stringify(open.query, null, 2) }} style={{ margin: 0 }}>
              <pre style={{ maxHeight: 200, overflow: 'auto', fontSize: 12, margin: 0 }}>
                {JSON.stringify(open.query, null, 2)}
              </pre>
            </Typography.Paragraph>
          </Space>
        ) : null}
      </Modal>
    </Space>
  );
}
