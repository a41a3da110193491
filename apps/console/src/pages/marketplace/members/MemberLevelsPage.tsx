import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../../api/client';
import { useApiGet } from '../../../api/use-query';
import { type DataColumn, DataTable } from '../../../components/DataTable';
import { TIME_ZONE } from '../../../lib/dates';
import { formatCount } from '../../../lib/money';
import { usePageMarks } from '../../../lib/perf';
import { usePreferences } from '../../../preferences/preferences';
import { useSession } from '../../../session/session';
import { hasPermission } from '../certification';
import { applyFieldError, errorMessage } from '../marketing/form-errors';
import { OrganizationPicker } from '../marketing/OrganizationPicker';
import { useOrganizationNames } from '../marketing/org-names';
import { formatInstant, ListError } from '../marketing/parts';
import {
  byRankDescending,
  type LevelForm,
  levelCreateRequest,
  levelProgress,
  levelUpdateRequest,
  pointsPerYuan,
  pointsStateFromParams,
  pointsStateToParams,
} from './member-levels';
import type { MemberLevel, PointsAccount, PointsEntry } from './types';

const LEVEL_FIELDS = ['code', 'name', 'rank', 'minLifetimePoints', 'pointsRatePercent'] as const;

/**
 * Marketplace → member levels: the levels with their thresholds (lifetime points) and benefit (points earned per
 * yuan), how many organisations hold each, create/edit for `marketing:write`; and an organisation's points (balance,
 * level progress, ledger) with grant/spend for `points:write`.
 */
export default function MemberLevelsPage() {
  const { t, locale } = usePreferences();
  const { state: session } = useSession();
  const perms = session.status === 'signed-in' ? session.viewer.permissions : [];
  const canWrite = hasPermission(perms, 'marketing:write');
  const list = useApiGet<{ items: MemberLevel[] }>('/api/member-levels');
  const levels = useMemo(() => byRankDescending(list.data?.items ?? []), [list.data]);
  const [pointsChanged, setPointsChanged] = useState(0);
  const counts = useLevelCounts(levels, pointsChanged);
  const [editing, setEditing] = useState<MemberLevel | 'new' | null>(null);
  usePageMarks('members', list.status === 'done');

  const columns: DataColumn<MemberLevel>[] = [
    { key: 'rank', title: t('members.rank'), value: (l) => l.rank, align: 'right', width: 90 },
    {
      key: 'name',
      title: t('members.name'),
      value: (l) => l.name,
      render: (l) => (
        <Space size={6}>
          <Typography.Text strong>{l.name}</Typography.Text>
          <Tag>{l.code}</Tag>
        </Space>
      ),
    },
    {
      key: 'minLifetimePoints',
      title: t('members.threshold'),
      value: (l) => l.minLifetimePoints,
      render: (l) => t('members.thresholdValue', { n: formatCount(l.minLifetimePoints, locale) }),
      align: 'right',
    },
    {
      key: 'pointsRatePercent',
      title: t('members.benefit'),
      value: (l) => l.pointsRatePercent,
      render: (l) => t('members.benefitValue', { n: pointsPerYuan(l.pointsRatePercent) }),
      align: 'right',
    },
    {
      key: 'organizations',
      title: t('members.organizations'),
      value: (l) => counts.get(l.id) ?? null,
      render: (l) => (counts.has(l.id) ? formatCount(counts.get(l.id), locale) : '…'),
      align: 'right',
    },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: t('members.actions'),
      value: () => '',
      sortable: false,
      render: (l) => (
        <Button
          size="small"
          icon={<EditOutlined />}
          onClick={() => setEditing(l)}
          aria-label={`${t('members.edit')} ${l.name}`}
        >
          {t('members.edit')}
        </Button>
      ),
    });
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="members">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('members.title')}
      </Typography.Title>
      <Card size="small" title={t('members.levels')}>
        {list.status === 'error' ? (
          <ListError title={t('members.error')} error={list.error} retry={list.retry} />
        ) : (
          <DataTable<MemberLevel>
            testId="member-levels"
            urlPrefix="lv"
            rows={levels}
            columns={columns}
            rowKey={(l) => l.id}
            loading={list.status === 'loading'}
            csvName="member-levels"
            emptyText={<Empty description={t('members.empty')} />}
            toolbar={
              canWrite && (
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setEditing('new')}
                  data-testid="level-new"
                >
                  {t('members.new')}
                </Button>
              )
            }
          />
        )}
      </Card>
      <PointsCard
        levels={levels}
        canWritePoints={hasPermission(perms, 'points:write')}
        onChanged={() => setPointsChanged((n) => n + 1)}
      />
      <LevelModal
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.retry();
        }}
      />
    </Space>
  );
}

/** How many organisations hold each level (`GET /api/organizations?memberLevelId=&limit=1` → total). */
function useLevelCounts(levels: readonly MemberLevel[], version: number): Map<string, number> {
  const [counts, setCounts] = useState(new Map<string, number>());
  const key = levels.map((l) => l.id).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` re-counts after points move organisations between levels
  useEffect(() => {
    const controller = new AbortController();
    const ids = key === '' ? [] : key.split(',');
    void Promise.all(
      ids.map(async (id) => {
        const page = await api<{ total: number }>(
          'GET',
          `/api/organizations?memberLevelId=${encodeURIComponent(id)}&limit=1`,
          undefined,
          controller.signal,
        );
        return [id, page.total] as const;
      }),
    ).then(
      (pairs) => setCounts(new Map(pairs)),
      () => {
        // Counts are a convenience: without them the column shows "…".
      },
    );
    return () => controller.abort();
  }, [key, version]);
  return counts;
}

function LevelModal({
  editing,
  onClose,
  onSaved,
}: {
  editing: MemberLevel | 'new' | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = usePreferences();
  const [form] = Form.useForm<LevelForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (editing === null) return;
    setError(null);
    form.resetFields();
    if (editing !== 'new') form.setFieldsValue(editing);
  }, [editing, form]);

  const submit = async () => {
    let values: LevelForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (editing === 'new') await api('POST', '/api/member-levels', levelCreateRequest(values));
      else if (editing) {
        const patch = levelUpdateRequest(editing, values);
        if (Object.keys(patch).length > 0) await api('PATCH', `/api/member-levels/${editing.id}`, patch);
      }
      onSaved();
    } catch (err) {
      if (!applyFieldError(form, err, LEVEL_FIELDS)) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={editing !== null}
      title={editing === 'new' ? t('members.new') : `${t('members.edit')} · ${editing?.name ?? ''}`}
      okText={editing === 'new' ? t('mkt.create') : t('members.save')}
      cancelText={t('mkt.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      forceRender
    >
      <Form<LevelForm>
        form={form}
        layout="vertical"
        data-testid="level-form"
        initialValues={{ rank: 0, minLifetimePoints: 0, pointsRatePercent: 100 }}
      >
        <Space size="middle" align="start">
          <Form.Item
            name="code"
            label={t('members.code')}
            rules={[{ required: true, message: t('mkt.required') }]}
            extra={t('members.codeHint')}
          >
            <Input style={{ width: 180 }} maxLength={40} />
          </Form.Item>
          <Form.Item name="name" label={t('members.name')} rules={[{ required: true, message: t('mkt.required') }]}>
            <Input style={{ width: 240 }} maxLength={100} />
          </Form.Item>
        </Space>
        <Form.Item
          name="rank"
          label={t('members.rank')}
          extra={t('members.rankHint')}
          rules={[{ required: true, message: t('mkt.required') }]}
        >
          <InputNumber min={0} max={1000} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="minLifetimePoints"
          label={t('members.threshold')}
          extra={t('members.thresholdHint')}
          rules={[{ required: true, message: t('mkt.required') }]}
        >
          <InputNumber min={0} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item
          name="pointsRatePercent"
          label={t('members.rate')}
          extra={t('members.rateHint')}
          rules={[{ required: true, message: t('mkt.required') }]}
        >
          <InputNumber min={0} max={10000} suffix="%" style={{ width: 160 }} />
        </Form.Item>
        {error !== null && <Alert type="error" showIcon title={t('members.saveFailed')} description={error} />}
      </Form>
    </Modal>
  );
}

function PointsCard({
  levels,
  canWritePoints,
  onChanged,
}: {
  levels: MemberLevel[];
  canWritePoints: boolean;
  onChanged: () => void;
}) {
  const { t } = usePreferences();
  const [params, setParams] = useSearchParams();
  const state = pointsStateFromParams(params);
  return (
    <Card
      size="small"
      title={t('members.points')}
      extra={
        <OrganizationPicker
          ariaLabel={t('members.pointsOrg')}
          placeholder={t('members.pointsOrg')}
          value={state.org}
          testId="points-org"
          onChange={(org) => setParams(pointsStateToParams(params, org ? { org, page: 1 } : { page: 1 }))}
        />
      }
    >
      {state.org ? (
        <PointsAccountView
          key={state.org}
          orgId={state.org}
          page={state.page}
          levels={levels}
          canWrite={canWritePoints}
          onChanged={onChanged}
          setPage={(page) => setParams(pointsStateToParams(params, { ...state, page }))}
        />
      ) : (
        <Empty description={t('members.pointsHint')} />
      )}
    </Card>
  );
}

function PointsAccountView({
  orgId,
  page,
  levels,
  canWrite,
  setPage,
  onChanged,
}: {
  orgId: string;
  page: number;
  levels: MemberLevel[];
  canWrite: boolean;
  setPage: (page: number) => void;
  onChanged: () => void;
}) {
  const { t, locale } = usePreferences();
  const account = useApiGet<PointsAccount>(`/api/organizations/${orgId}/points?limit=20&offset=${(page - 1) * 20}`);
  const names = useOrganizationNames([orgId]);
  const [acting, setActing] = useState<'grant' | 'spend' | null>(null);
  if (account.status === 'error')
    return <ListError title={t('members.pointsError')} error={account.error} retry={account.retry} />;
  const a = account.data;
  const progress = a ? levelProgress(levels, a.lifetime) : null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="points-account">
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} bordered>
        <Descriptions.Item label={t('members.organization')}>
          <Link to={`/marketplace/organizations/${orgId}`}>{names.get(orgId) ?? orgId}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('members.balance')}>
          <span data-testid="points-balance">{a ? formatCount(a.balance, locale) : '…'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('members.lifetime')}>{a ? formatCount(a.lifetime, locale) : '…'}</Descriptions.Item>
        <Descriptions.Item label={t('members.level')}>
          {a ? a.level ? <Tag color="gold">{a.level.name}</Tag> : t('members.noLevel') : '…'}
        </Descriptions.Item>
      </Descriptions>
      {progress?.next && a && (
        <Space>
          <Typography.Text type="secondary">
            {t('members.nextLevel', { name: progress.next.name, n: formatCount(progress.missing, locale) })}
          </Typography.Text>
          <Progress
            style={{ width: 240 }}
            size="small"
            percent={Math.floor((a.lifetime / progress.next.minLifetimePoints) * 100)}
          />
        </Space>
      )}
      {canWrite && (
        <Space>
          <Button onClick={() => setActing('grant')} data-testid="points-grant">
            {t('members.grant')}
          </Button>
          <Button onClick={() => setActing('spend')} data-testid="points-spend">
            {t('members.spend')}
          </Button>
        </Space>
      )}
      <Table<PointsEntry>
        rowKey="id"
        size="small"
        loading={account.status === 'loading'}
        dataSource={a?.ledger.items ?? []}
        locale={{ emptyText: t('members.ledgerEmpty') }}
        columns={[
          { title: t('members.at'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v) },
          {
            title: t('members.kind'),
            dataIndex: 'kind',
            render: (v: PointsEntry['kind']) => <Tag>{t(`members.kind.${v}`)}</Tag>,
          },
          {
            title: t('members.delta'),
            dataIndex: 'delta',
            align: 'right',
            render: (v: number) => (
              <Typography.Text type={v < 0 ? 'danger' : 'success'}>
                {v > 0 ? `+${formatCount(v, locale)}` : formatCount(v, locale)}
              </Typography.Text>
            ),
          },
          {
            title: t('members.remaining'),
            dataIndex: 'remaining',
            align: 'right',
            render: (v: number) => formatCount(v, locale),
          },
          {
            title: t('members.expiresAt'),
            dataIndex: 'expiresAt',
            render: (v: string | null) => formatInstant(v, false),
          },
          {
            title: t('members.note'),
            key: 'note',
            render: (_: unknown, e) =>
              e.orderId ? <Link to={`/marketplace/orders/${e.orderId}`}>{e.orderId}</Link> : (e.note ?? ''),
          },
        ]}
        pagination={{
          current: page,
          pageSize: 20,
          total: a?.ledger.total ?? 0,
          showTotal: (n) => t('table.total', { n }),
          onChange: setPage,
        }}
      />
      <PointsModal
        orgId={orgId}
        acting={acting}
        onClose={() => setActing(null)}
        onDone={() => {
          setActing(null);
          account.retry();
          onChanged();
        }}
      />
    </Space>
  );
}

type PointsValues = { points: number; note?: string; expiresAt?: Dayjs | null };

function PointsModal({
  orgId,
  acting,
  onClose,
  onDone,
}: {
  orgId: string;
  acting: 'grant' | 'spend' | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = usePreferences();
  const [form] = Form.useForm<PointsValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (acting) {
      form.resetFields();
      setError(null);
    }
  }, [acting, form]);

  const submit = async () => {
    let v: PointsValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { points: v.points };
      if (v.note?.trim()) body.note = v.note.trim();
      if (acting === 'grant' && v.expiresAt)
        body.expiresAt = v.expiresAt.tz(TIME_ZONE, true).endOf('day').toISOString();
      await api('POST', `/api/organizations/${orgId}/points/${acting}`, body);
      onDone();
    } catch (err) {
      if (!applyFieldError(form, err, ['points', 'note', 'expiresAt'])) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={acting !== null}
      title={acting === 'grant' ? t('members.grant') : t('members.spend')}
      okText={acting === 'grant' ? t('members.grant') : t('members.spend')}
      cancelText={t('mkt.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      forceRender
    >
      <Form<PointsValues> form={form} layout="vertical" data-testid="points-form">
        <Form.Item
          name="points"
          label={t('members.pointsAmount')}
          rules={[{ required: true, message: t('mkt.required') }]}
        >
          <InputNumber min={1} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('members.note')}
          rules={acting === 'grant' ? [{ required: true, message: t('mkt.required') }] : []}
        >
          <Input maxLength={200} />
        </Form.Item>
        {acting === 'grant' && (
          <Form.Item name="expiresAt" label={t('members.expiresAt')} extra={t('members.expiresHint')}>
            <DatePicker aria-label={t('members.expiresAt')} />
          </Form.Item>
        )}
        {error !== null && <Alert type="error" showIcon title={t('members.pointsFailed')} description={error} />}
      </Form>
    </Modal>
  );
}
