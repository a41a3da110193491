import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Modal, Radio, Result, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../../api/client';
import { fetchAllPages, type ListPage } from '../../../api/pages';
import { useApiGet } from '../../../api/use-query';
import type { MessageKey } from '../../../i18n/messages';
import { TIME_ZONE } from '../../../lib/dates';
import { usePageMarks } from '../../../lib/perf';
import { usePreferences } from '../../../preferences/preferences';
import { useSession } from '../../../session/session';
import { BUSINESS_LINES, businessLineLabel, hasPermission } from '../../marketplace/certification';
import { applyFieldError, errorMessage } from '../../marketplace/marketing/form-errors';
import { ExportButton, ListError } from '../../marketplace/marketing/parts';
import { REGIONS } from '../../marketplace/organization-list';
import {
  createOperatorRequest,
  formFromScope,
  generatePassword,
  MIN_PASSWORD_LENGTH,
  OPERATOR_ROLES,
  OPERATOR_STATUSES,
  type OperatorForm,
  type OperatorListState,
  type OperatorRole,
  operatorStateFromParams,
  operatorStateToParams,
  operatorsApiPath,
  type Scope,
  updateOperatorRequest,
} from './operator-form';

type Operator = {
  id: string;
  name: string;
  email: string;
  role: OperatorRole;
  scope: Scope;
  status: 'active' | 'disabled';
  createdAt: string;
  updatedAt: string;
};

/**
 * Settings → operators (`operator:manage`): who may use the console, their role and data scope (regions, business
 * lines); create (with an initial password, generated or typed, shown once), edit role/scope, disable, reset password.
 */
export default function OperatorsPage() {
  const { t } = usePreferences();
  const { state: session } = useSession();
  const allowed = session.status === 'signed-in' && hasPermission(session.viewer.permissions, 'operator:manage');
  if (!allowed) return <Result status="403" title="403" subTitle={t('ops.forbidden')} />;
  return <OperatorsList />;
}

function OperatorsList() {
  const { t } = usePreferences();
  const [params, setParams] = useSearchParams();
  const state = operatorStateFromParams(params);
  const path = operatorsApiPath(state);
  const list = useApiGet<ListPage<Operator>>(path);
  const [editing, setEditing] = useState<Operator | 'new' | null>(null);
  const [resetting, setResetting] = useState<Operator | null>(null);
  const [issued, setIssued] = useState<{ operator: Operator; password: string } | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  usePageMarks('operators', list.status === 'done');

  const update = (patch: Partial<OperatorListState>) => {
    const next = { ...state, page: 1, ...patch };
    for (const k of ['role', 'status'] as const) if (next[k] === undefined) delete next[k];
    setParams(operatorStateToParams(next));
  };
  const scopeText = (s: Scope) =>
    `${s.regions === '*' ? t('ops.allRegions') : s.regions.map((r) => t(`region.${r}` as MessageKey)).join('、')} · ${
      s.businessLines === '*' ? t('ops.allLines') : s.businessLines.map((b) => businessLineLabel(b, t)).join('、')
    }`;

  const setStatus = async (op: Operator, status: Operator['status']) => {
    setActionError(null);
    try {
      await api('PATCH', `/api/operators/${op.id}`, { status });
      list.retry();
    } catch (err) {
      setActionError(`${op.email}: ${errorMessage(err)}`);
    }
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="operators">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('ops.title')}
      </Typography.Title>
      <Card size="small">
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Space size={4}>
              <Typography.Text type="secondary">{t('ops.role')}</Typography.Text>
              <Select
                aria-label={t('ops.role')}
                style={{ width: 150 }}
                value={state.role ?? ''}
                options={[
                  { value: '', label: t('orgs.all') },
                  ...OPERATOR_ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) })),
                ]}
                onChange={(v: string) => update({ role: (v || undefined) as OperatorRole | undefined })}
              />
            </Space>
            <Space size={4}>
              <Typography.Text type="secondary">{t('ops.status')}</Typography.Text>
              <Select
                aria-label={t('ops.status')}
                style={{ width: 120 }}
                value={state.status ?? ''}
                options={[
                  { value: '', label: t('orgs.all') },
                  ...OPERATOR_STATUSES.map((s) => ({ value: s, label: t(`ops.status.${s}`) })),
                ]}
                onChange={(v: string) => update({ status: (v || undefined) as OperatorListState['status'] })}
              />
            </Space>
          </Space>
          <Space>
            <ExportButton
              filename="operators.csv"
              header={[
                t('ops.name'),
                t('ops.email'),
                t('ops.role'),
                t('ops.scope'),
                t('ops.status'),
                t('ops.createdAt'),
              ]}
              load={() => fetchAllPages<Operator>(path)}
              row={(o) => [
                o.name,
                o.email,
                t(`role.${o.role}` as MessageKey),
                scopeText(o.scope),
                t(`ops.status.${o.status}`),
                dayjs(o.createdAt).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm'),
              ]}
            />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="operator-new">
              {t('ops.new')}
            </Button>
          </Space>
        </Space>
      </Card>
      {actionError !== null && (
        <Alert type="error" showIcon closable title={t('ops.actionFailed')} description={actionError} />
      )}
      {list.status === 'error' ? (
        <ListError title={t('ops.error')} error={list.error} retry={list.retry} />
      ) : (
        <Table<Operator>
          rowKey="id"
          size="middle"
          loading={list.status === 'loading'}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('ops.empty') }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('ops.name'), dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name) },
            { title: t('ops.email'), dataIndex: 'email', sorter: (a, b) => a.email.localeCompare(b.email) },
            {
              title: t('ops.role'),
              dataIndex: 'role',
              sorter: (a, b) => a.role.localeCompare(b.role),
              render: (v: string) => (
                <Tag color={v === 'admin' ? 'purple' : 'blue'}>{t(`role.${v}` as MessageKey)}</Tag>
              ),
            },
            { title: t('ops.scope'), key: 'scope', render: (_: unknown, o) => scopeText(o.scope) },
            {
              title: t('ops.status'),
              dataIndex: 'status',
              render: (v: Operator['status']) => (
                <Tag color={v === 'active' ? 'green' : 'red'}>{t(`ops.status.${v}`)}</Tag>
              ),
            },
            {
              title: t('ops.createdAt'),
              dataIndex: 'createdAt',
              sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
              render: (v: string) => dayjs(v).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm'),
            },
            {
              title: t('ops.actions'),
              key: 'actions',
              render: (_: unknown, o) => (
                <Space size={4} wrap>
                  <Button size="small" onClick={() => setEditing(o)} data-testid={`edit-${o.email}`}>
                    {t('ops.edit')}
                  </Button>
                  <Button
                    size="small"
                    icon={<KeyOutlined />}
                    onClick={() => setResetting(o)}
                    data-testid={`reset-${o.email}`}
                  >
                    {t('ops.resetPassword')}
                  </Button>
                  {o.status === 'active' ? (
                    <Button
                      size="small"
                      danger
                      onClick={() => void setStatus(o, 'disabled')}
                      data-testid={`disable-${o.email}`}
                    >
                      {t('ops.disable')}
                    </Button>
                  ) : (
                    <Button size="small" onClick={() => void setStatus(o, 'active')} data-testid={`enable-${o.email}`}>
                      {t('ops.enable')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
          pagination={{
            current: state.page,
            pageSize: state.size,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: ['20', '50', '100'],
            showTotal: (n) => t('table.total', { n }),
            onChange: (page, size) => update({ page: size === state.size ? page : 1, size }),
          }}
        />
      )}
      <OperatorModal
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={(operator, password) => {
          setEditing(null);
          if (password) setIssued({ operator, password });
          list.retry();
        }}
      />
      <PasswordModal
        operator={resetting}
        onClose={() => setResetting(null)}
        onSet={(operator, password) => {
          setResetting(null);
          setIssued({ operator, password });
        }}
      />
      <Modal
        open={issued !== null}
        title={t('ops.passwordTitle', { email: issued?.operator.email ?? '' })}
        onCancel={() => setIssued(null)}
        footer={
          <Button type="primary" onClick={() => setIssued(null)}>
            {t('ops.done')}
          </Button>
        }
      >
        <Typography.Paragraph>{t('ops.passwordOnce')}</Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: issued?.password ?? '' }} code data-testid="issued-password">
          {issued?.password}
        </Typography.Paragraph>
      </Modal>
    </Space>
  );
}

type PasswordChoice = { passwordMode: 'generate' | 'set'; password?: string };
type OperatorValues = OperatorForm & PasswordChoice;

function ScopeFields() {
  const { t } = usePreferences();
  return (
    <>
      <Form.Item name="regions" label={t('ops.regions')} extra={t('ops.emptyMeansAll')}>
        <Select
          mode="multiple"
          allowClear
          aria-label={t('ops.regions')}
          placeholder={t('ops.allRegions')}
          options={REGIONS.map((r) => ({ value: r, label: t(`region.${r}` as MessageKey) }))}
        />
      </Form.Item>
      <Form.Item name="businessLines" label={t('ops.businessLines')} extra={t('ops.emptyMeansAll')}>
        <Select
          mode="multiple"
          allowClear
          aria-label={t('ops.businessLines')}
          placeholder={t('ops.allLines')}
          options={BUSINESS_LINES.map((b) => ({ value: b, label: businessLineLabel(b, t) }))}
        />
      </Form.Item>
    </>
  );
}

function PasswordFields() {
  const { t } = usePreferences();
  const mode = Form.useWatch('passwordMode');
  return (
    <>
      <Form.Item name="passwordMode" label={t('ops.password')}>
        <Radio.Group
          options={[
            { value: 'generate', label: t('ops.passwordGenerate') },
            { value: 'set', label: t('ops.passwordSet') },
          ]}
        />
      </Form.Item>
      {mode === 'set' && (
        <Form.Item
          name="password"
          label={t('ops.newPassword')}
          rules={[
            { required: true, message: t('mkt.required') },
            { min: MIN_PASSWORD_LENGTH, message: t('ops.passwordTooShort', { n: MIN_PASSWORD_LENGTH }) },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
    </>
  );
}

function OperatorModal({
  editing,
  onClose,
  onSaved,
}: {
  editing: Operator | 'new' | null;
  onClose: () => void;
  onSaved: (op: Operator, password?: string) => void;
}) {
  const { t } = usePreferences();
  const [form] = Form.useForm<OperatorValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const creating = editing === 'new';

  useEffect(() => {
    if (editing === null) return;
    setError(null);
    form.resetFields();
    if (editing !== 'new')
      form.setFieldsValue({
        name: editing.name,
        email: editing.email,
        role: editing.role,
        ...formFromScope(editing.scope),
      });
  }, [editing, form]);

  const submit = async () => {
    let v: OperatorValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (editing === 'new') {
        // The password is checked before the operator is created (above), so the second call only fails on a fault.
        const password = v.passwordMode === 'set' && v.password ? v.password : generatePassword();
        const op = await api<Operator>('POST', '/api/operators', createOperatorRequest(v));
        try {
          await api('PUT', `/api/operators/${op.id}/password`, { password });
        } catch (err) {
          setError(t('ops.passwordNotSet', { message: errorMessage(err) }));
          onSaved(op);
          return;
        }
        onSaved(op, password);
      } else if (editing) {
        const patch = updateOperatorRequest(editing, v);
        const op =
          Object.keys(patch).length > 0 ? await api<Operator>('PATCH', `/api/operators/${editing.id}`, patch) : editing;
        onSaved(op);
      }
    } catch (err) {
      if (
        !applyFieldError(form, err, ['name', 'email', 'role', 'regions', 'businessLines'], {
          'scope.regions': 'regions',
          'scope.businessLines': 'businessLines',
        })
      )
        setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={editing !== null}
      title={
        creating ? t('ops.new') : `${t('ops.edit')} · ${typeof editing === 'object' && editing ? editing.email : ''}`
      }
      okText={creating ? t('mkt.create') : t('members.save')}
      cancelText={t('mkt.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      forceRender
    >
      <Form<OperatorValues>
        form={form}
        layout="vertical"
        data-testid="operator-form"
        initialValues={{ role: 'analyst', passwordMode: 'generate', regions: [], businessLines: [] }}
      >
        <Form.Item name="name" label={t('ops.name')} rules={[{ required: true, message: t('mkt.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('ops.email')}
          rules={[
            { required: true, message: t('mkt.required') },
            { type: 'email', message: t('signIn.emailInvalid') },
          ]}
        >
          <Input disabled={!creating} autoComplete="off" />
        </Form.Item>
        <Form.Item name="role" label={t('ops.role')}>
          <Select
            aria-label={t('ops.role')}
            options={OPERATOR_ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))}
          />
        </Form.Item>
        <ScopeFields />
        {creating && <PasswordFields />}
        {error !== null && <Alert type="error" showIcon title={t('ops.saveFailed')} description={error} />}
      </Form>
    </Modal>
  );
}

function PasswordModal({
  operator,
  onClose,
  onSet,
}: {
  operator: Operator | null;
  onClose: () => void;
  onSet: (op: Operator, password: string) => void;
}) {
  const { t } = usePreferences();
  const [form] = Form.useForm<PasswordChoice>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (operator) {
      form.resetFields();
      setError(null);
    }
  }, [operator, form]);

  const submit = async () => {
    if (!operator) return;
    let v: PasswordChoice;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    const password = v.passwordMode === 'set' && v.password ? v.password : generatePassword();
    try {
      await api('PUT', `/api/operators/${operator.id}/password`, { password });
      onSet(operator, password);
    } catch (err) {
      if (!applyFieldError(form, err, ['password'])) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={operator !== null}
      title={`${t('ops.resetPassword')} · ${operator?.email ?? ''}`}
      okText={t('ops.resetPassword')}
      cancelText={t('mkt.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      forceRender
    >
      <Form<PasswordChoice> form={form} layout="vertical" initialValues={{ passwordMode: 'generate' }}>
        <Typography.Paragraph type="secondary">{t('ops.resetHint')}</Typography.Paragraph>
        <PasswordFields />
        {error !== null && <Alert type="error" showIcon title={t('ops.saveFailed')} description={error} />}
      </Form>
    </Modal>
  );
}
