import { CopyOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Result,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../../api/client';
import { fetchAllPages } from '../../../api/pages';
import { type DataColumn, DataTable } from '../../../components/DataTable';
import { usePageMarks } from '../../../lib/perf';
import { usePreferences } from '../../../preferences/preferences';
import { useSession } from '../../../session/session';
import { hasPermission } from '../../marketplace/certification';
import { applyFieldError, errorMessage } from '../../marketplace/marketing/form-errors';
import { formatInstant, ListError } from '../../marketplace/marketing/parts';
import { SNIPPET_KINDS, SNIPPET_LANGUAGE, type SnippetKind, snippet } from './snippets';

type Source = {
  id: string;
  name: string;
  writeKey: string;
  kind: 'segment' | 'sensors' | 'sdk' | 'server' | 'import';
  status: 'active' | 'disabled';
  createdAt: string;
  updatedAt: string;
};
const SOURCE_KINDS = ['segment', 'sensors', 'sdk', 'server', 'import'] as const;

type Loaded = { status: 'loading' } | { status: 'done'; items: Source[] } | { status: 'error'; error: Error };

/**
 * Settings → sources and write keys (`operator:manage`): every event source with its key, create and rotate, and
 * the snippet to paste for each client library, filled with the chosen source's key and this server's address.
 * The chosen source and snippet are in the URL (`?source=&snippet=`).
 */
export default function SourcesPage() {
  const { t } = usePreferences();
  const { state: session } = useSession();
  if (session.status !== 'signed-in' || !hasPermission(session.viewer.permissions, 'operator:manage')) {
    return <Result status="403" title="403" subTitle={t('ops.forbidden')} />;
  }
  return <Sources />;
}

function Sources() {
  const { t } = usePreferences();
  const [params, setParams] = useSearchParams();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [creating, setCreating] = useState(false);
  const [rotateError, setRotateError] = useState<string | null>(null);
  usePageMarks('sources', loaded.status === 'done');

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` forces a reload
  useEffect(() => {
    const controller = new AbortController();
    fetchAllPages<Source>('/api/sources', 10_000, controller.signal).then(
      (items) => setLoaded({ status: 'done', items }),
      (error: unknown) => {
        if (!controller.signal.aborted)
          setLoaded({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const sources = loaded.status === 'done' ? loaded.items : [];
  const chosenId = params.get('source');
  const chosen = sources.find((s) => s.id === chosenId) ?? sources[0];
  const kindParam = params.get('snippet');
  const kind: SnippetKind = (SNIPPET_KINDS as readonly string[]).includes(kindParam ?? '')
    ? (kindParam as SnippetKind)
    : 'analytics-js';
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };

  const rotate = async (s: Source) => {
    setRotateError(null);
    try {
      const updated = await api<Source>('POST', `/api/sources/${s.id}/rotate-key`);
      setLoaded((l) =>
        l.status === 'done' ? { status: 'done', items: l.items.map((x) => (x.id === s.id ? updated : x)) } : l,
      );
    } catch (err) {
      setRotateError(`${s.name}: ${errorMessage(err)}`);
    }
  };

  const columns: DataColumn<Source>[] = [
    {
      key: 'name',
      title: t('src.name'),
      value: (s) => s.name,
      render: (s) => (
        <Button type="link" size="small" onClick={() => setParam('source', s.id)} style={{ padding: 0 }}>
          {s.name}
        </Button>
      ),
    },
    {
      key: 'kind',
      title: t('src.kind'),
      value: (s) => s.kind,
      filterable: true,
      filterLabel: (v) => t(`src.kind.${v as Source['kind']}`),
      render: (s) => <Tag>{t(`src.kind.${s.kind}`)}</Tag>,
    },
    {
      key: 'writeKey',
      title: t('src.writeKey'),
      value: (s) => s.writeKey,
      sortable: false,
      render: (s) => (
        <Typography.Text code copyable data-testid={`key-${s.name}`}>
          {s.writeKey}
        </Typography.Text>
      ),
    },
    {
      key: 'status',
      title: t('src.status'),
      value: (s) => s.status,
      filterable: true,
      filterLabel: (v) => t(`ops.status.${v as Source['status']}`),
      render: (s) => <Tag color={s.status === 'active' ? 'green' : 'red'}>{t(`ops.status.${s.status}`)}</Tag>,
    },
    {
      key: 'updatedAt',
      title: t('src.updatedAt'),
      value: (s) => s.updatedAt,
      render: (s) => formatInstant(s.updatedAt),
    },
    {
      key: 'actions',
      title: t('ops.actions'),
      value: () => '',
      sortable: false,
      render: (s) => (
        <Popconfirm
          title={t('src.rotateConfirm', { name: s.name })}
          okText={t('src.rotate')}
          cancelText={t('mkt.cancel')}
          onConfirm={() => rotate(s)}
        >
          <Button size="small" icon={<ReloadOutlined />} data-testid={`rotate-${s.name}`}>
            {t('src.rotate')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="sources">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('src.title')}
      </Typography.Title>
      {rotateError !== null && (
        <Alert type="error" showIcon closable title={t('src.rotateFailed')} description={rotateError} />
      )}
      <Card size="small">
        {loaded.status === 'error' ? (
          <ListError title={t('src.error')} error={loaded.error} retry={() => setAttempt((n) => n + 1)} />
        ) : (
          <DataTable<Source>
            testId="source-list"
            urlPrefix="s"
            rows={sources}
            columns={columns}
            rowKey={(s) => s.id}
            loading={loaded.status === 'loading'}
            csvName="sources"
            emptyText={<Empty description={t('src.empty')} />}
            toolbar={
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="source-new">
                {t('src.new')}
              </Button>
            }
          />
        )}
      </Card>
      <Card
        size="small"
        title={t('src.snippetTitle')}
        extra={
          <Select
            aria-label={t('src.snippetSource')}
            style={{ width: 220 }}
            value={chosen?.id}
            options={sources.map((s) => ({ value: s.id, label: s.name }))}
            onChange={(id: string) => setParam('source', id)}
            data-testid="snippet-source"
          />
        }
      >
        {chosen ? (
          <Tabs
            activeKey={kind}
            onChange={(k) => setParam('snippet', k)}
            items={SNIPPET_KINDS.map((k) => ({
              key: k,
              label: t(`src.snippet.${k}`),
              children: <SnippetBlock kind={k} text={snippet(k, chosen, window.location.origin)} />,
            }))}
          />
        ) : (
          <Empty description={t('src.empty')} />
        )}
      </Card>
      <CreateSourceModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(s) => {
          setCreating(false);
          setLoaded((l) => (l.status === 'done' ? { status: 'done', items: [...l.items, s] } : l));
          setParam('source', s.id);
        }}
      />
    </Space>
  );
}

function SnippetBlock({ kind, text }: { kind: SnippetKind; text: string }) {
  const { t } = usePreferences();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      setCopied('no'); // no clipboard permission (plain http on another host): the text can still be selected
    }
    setTimeout(() => setCopied(null), 2000);
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Typography.Text type="secondary">{t(`src.hint.${kind}`)}</Typography.Text>
        <Tag>{SNIPPET_LANGUAGE[kind]}</Tag>
      </Space>
      <pre
        data-testid={`snippet-${kind}`}
        style={{
          margin: 0,
          padding: 12,
          borderRadius: 6,
          background: 'rgba(127,127,127,0.1)',
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-all',
          fontSize: 12.5,
          lineHeight: 1.55,
        }}
      >
        {text}
      </pre>
      <Space>
        <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid={`copy-${kind}`}>
          {t('src.copy')}
        </Button>
        {copied === 'yes' && <Typography.Text type="success">{t('src.copied')}</Typography.Text>}
        {copied === 'no' && <Typography.Text type="warning">{t('src.copyFailed')}</Typography.Text>}
      </Space>
    </Space>
  );
}

type CreateValues = { name: string; kind: Source['kind']; writeKey?: string };

function CreateSourceModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (s: Source) => void;
}) {
  const { t } = usePreferences();
  const [form] = Form.useForm<CreateValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    let v: CreateValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, string> = { name: v.name.trim(), kind: v.kind };
      if (v.writeKey?.trim()) body.writeKey = v.writeKey.trim();
      const created = await api<Source>('POST', '/api/sources', body);
      form.resetFields();
      onCreated(created);
    } catch (err) {
      if (!applyFieldError(form, err, ['name', 'kind', 'writeKey'])) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('src.new')}
      okText={t('mkt.create')}
      cancelText={t('mkt.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      forceRender
    >
      <Form<CreateValues> form={form} layout="vertical" initialValues={{ kind: 'segment' }} data-testid="source-form">
        <Form.Item
          name="name"
          label={t('src.name')}
          extra={t('src.nameHint')}
          rules={[{ required: true, message: t('mkt.required') }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="kind" label={t('src.kind')}>
          <Select
            aria-label={t('src.kind')}
            options={SOURCE_KINDS.map((k) => ({ value: k, label: t(`src.kind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="writeKey" label={t('src.writeKey')} extra={t('src.writeKeyHint')}>
          <Input maxLength={128} autoComplete="off" />
        </Form.Item>
        {error !== null && <Alert type="error" showIcon title={t('src.createFailed')} description={error} />}
      </Form>
    </Modal>
  );
}
