import { PlusOutlined, ShareAltOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Modal, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useApiGet } from '../../api/use-query';
import { boardsApi } from '../../boards/api';
import type { BoardSummary } from '../../boards/types';
import { type DataColumn, DataTable } from '../../components/DataTable';
import { usePageMarks } from '../../lib/perf';
import { usePreferences } from '../../preferences/preferences';
import { scopeLabel } from './scope';

type Page = { items: BoardSummary[]; total: number };

/** /boards: the operator's own boards and those shared with them (same data scope), and a way to make one. */
export default function BoardsPage() {
  const { t, locale } = usePreferences();
  const navigate = useNavigate();
  const boards = useApiGet<Page>('/api/boards?limit=200');
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string; description?: string; shared: boolean }>();
  usePageMarks('boards', boards.status === 'done');

  const all = boards.status === 'done' ? boards.data.items : [];
  const mine = all.filter((b) => b.mine);
  const shared = all.filter((b) => !b.mine);
  const when = (iso: string) => new Date(iso).toLocaleString(locale, { timeZone: 'Asia/Shanghai' });

  const columns = (withOwner: boolean): DataColumn<BoardSummary>[] => [
    {
      key: 'name',
      title: t('boards.col.name'),
      value: (b) => b.name,
      render: (b) => (
        <Space direction="vertical" size={0}>
          <Link to={`/boards/${b.id}`} data-testid={`board-link-${b.id}`}>
            {b.name}
          </Link>
          {b.description ? <Typography.Text type="secondary">{b.description}</Typography.Text> : null}
        </Space>
      ),
    },
    { key: 'tiles', title: t('boards.col.tiles'), value: (b) => b.tileCount, align: 'right', width: 100 },
    {
      key: 'shared',
      title: t('boards.col.shared'),
      value: (b) => (b.shared ? t('boards.sharedYes') : t('boards.sharedNo')),
      render: (b) =>
        b.shared ? (
          <Tag icon={<ShareAltOutlined />} color="blue">
            {t('boards.sharedYes')}
          </Tag>
        ) : (
          <Tag>{t('boards.sharedNo')}</Tag>
        ),
      filterable: true,
      width: 120,
    },
    ...(withOwner
      ? [
          { key: 'owner', title: t('boards.col.owner'), value: (b: BoardSummary) => b.ownerName, filterable: true },
          { key: 'scope', title: t('boards.col.scope'), value: (b: BoardSummary) => scopeLabel(b.scope, t) },
        ]
      : []),
    {
      key: 'updated',
      title: t('boards.col.updated'),
      value: (b) => b.updatedAt,
      render: (b) => when(b.updatedAt),
      width: 190,
    },
  ];

  const create = async (values: { name: string; description?: string; shared: boolean }) => {
    setSaving(true);
    setCreateError(null);
    try {
      const board = await boardsApi.create({
        name: values.name,
        description: values.description ?? '',
        shared: values.shared,
      });
      setCreating(false);
      navigate(`/boards/${board.id}`);
    } catch (err) {
      setCreateError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  const error =
    boards.status === 'error' ? (
      <Alert
        type="error"
        showIcon
        title={t('boards.loadError')}
        description={boards.error.message}
        action={
          <Button size="small" onClick={boards.retry}>
            {t('board.retry')}
          </Button>
        }
      />
    ) : null;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="boards-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('boards.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('boards.subtitle')}</Typography.Text>
        </div>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          data-testid="board-create"
          onClick={() => {
            form.resetFields();
            setCreateError(null);
            setCreating(true);
          }}
        >
          {t('boards.create')}
        </Button>
      </Space>
      {error}
      <Card title={t('boards.mine', { n: mine.length })} data-testid="boards-mine">
        <DataTable
          rows={mine}
          columns={columns(false)}
          rowKey={(b) => b.id}
          urlPrefix="mine"
          csvName="boards"
          loading={boards.status === 'loading'}
          emptyText={t('boards.mineEmpty')}
          pageSize={10}
          size="small"
        />
      </Card>
      <Card title={t('boards.shared', { n: shared.length })} data-testid="boards-shared">
        <DataTable
          rows={shared}
          columns={columns(true)}
          rowKey={(b) => b.id}
          urlPrefix="shared"
          csvName="shared-boards"
          loading={boards.status === 'loading'}
          emptyText={t('boards.sharedEmpty')}
          pageSize={10}
          size="small"
        />
      </Card>
      <Modal
        open={creating}
        title={t('boards.create')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText={t('boards.createOk')}
        cancelText={t('boards.cancel')}
        confirmLoading={saving}
        okButtonProps={{ 'data-testid': 'board-create-ok' } as never}
      >
        <Form form={form} layout="vertical" onFinish={create} initialValues={{ shared: false }} requiredMark={false}>
          <Form.Item name="name" label={t('boards.col.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input data-testid="board-name" maxLength={100} />
          </Form.Item>
          <Form.Item name="description" label={t('boards.description')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Form.Item name="shared" label={t('boards.shareLabel')} valuePropName="checked" extra={t('boards.shareHint')}>
            <Switch />
          </Form.Item>
          {createError ? <Alert type="error" showIcon title={createError} /> : null}
        </Form>
      </Modal>
    </Space>
  );
}
