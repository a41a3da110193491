import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../../api/client';
import { fetchAllPages, type ListPage } from '../../../api/pages';
import { useApiGet } from '../../../api/use-query';
import { formatCount, formatMoney } from '../../../lib/money';
import { usePreferences } from '../../../preferences/preferences';
import { applyFieldError, errorMessage } from './form-errors';
import {
  type CouponForm,
  couponRequest,
  lastDay,
  type MarketingState,
  marketingApiPath,
  STATUSES,
  validity,
} from './marketing';
import { useOrganizationNames } from './org-names';
import { ExportButton, formatInstant, ListError, ValidityTag } from './parts';
import type { Coupon, CouponRedemption, Status } from './types';

type Props = {
  state: MarketingState;
  update: (patch: Partial<MarketingState>) => void;
  canWrite: boolean;
  onLoaded?: () => void;
};

const COUPON_FIELDS = [
  'code',
  'name',
  'kind',
  'amountOff',
  'percentOff',
  'threshold',
  'validFrom',
  'validUntil',
  'perOrgLimit',
  'totalLimit',
] as const;

/** Coupons: the list (status, validity window, redemptions), a create form and enable/disable. */
export function CouponsTab({ state, update, canWrite, onLoaded }: Props) {
  const { t, locale } = usePreferences();
  const path = marketingApiPath(state);
  const list = useApiGet<ListPage<Coupon>>(path);
  useEffect(() => {
    if (list.status === 'done') onLoaded?.();
  }, [list.status, onLoaded]);
  const [creating, setCreating] = useState(false);
  const [redemptionsOf, setRedemptionsOf] = useState<Coupon | null>(null);
  const suppliers = useOrganizationNames(list.data?.items.map((c) => c.supplierId) ?? []);
  const [toggleError, setToggleError] = useState<string | null>(null);

  const discount = (c: Coupon) =>
    c.kind === 'amount_off'
      ? t('mkt.coupon.amountOffValue', { amount: formatMoney(c.amountOff, locale, { currency: c.currency }) })
      : t('mkt.coupon.percentOffValue', { n: c.percentOff ?? 0 });
  const threshold = (c: Coupon) =>
    c.threshold > 0
      ? t('mkt.coupon.thresholdValue', { amount: formatMoney(c.threshold, locale, { currency: c.currency }) })
      : t('mkt.coupon.noThreshold');

  const setStatus = async (c: Coupon, status: Status) => {
    setToggleError(null);
    try {
      await api('PATCH', `/api/coupons/${c.id}`, { status });
      list.retry();
    } catch (err) {
      setToggleError(`${c.code}: ${errorMessage(err)}`);
    }
  };

  const header = [
    t('mkt.coupon.code'),
    t('mkt.name'),
    t('mkt.coupon.discount'),
    t('mkt.coupon.threshold'),
    t('mkt.validFrom'),
    t('mkt.validUntil'),
    t('mkt.status'),
    t('mkt.coupon.redeemed'),
    t('mkt.coupon.totalLimit'),
    t('mkt.coupon.perOrgLimit'),
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="coupons">
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Input.Search
            aria-label={t('mkt.coupon.codeSearch')}
            placeholder={t('mkt.coupon.codeSearch')}
            defaultValue={state.code}
            allowClear
            style={{ width: 220 }}
            onSearch={(v) => update({ code: v.trim().toUpperCase() || undefined })}
          />
          <StatusFilter value={state.status} onChange={(status) => update({ status })} />
        </Space>
        <Space wrap>
          <ExportButton
            filename="coupons.csv"
            header={header}
            testId="coupons-export"
            load={() => fetchAllPages<Coupon>(path)}
            row={(c) => [
              c.code,
              c.name,
              discount(c),
              threshold(c),
              formatInstant(c.validFrom, false),
              lastDay(c.validUntil),
              t(`mkt.validity.${validity(c.status, c.validFrom, c.validUntil)}`),
              c.redeemedCount,
              c.totalLimit,
              c.perOrgLimit,
            ]}
          />
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="coupon-new">
              {t('mkt.coupon.new')}
            </Button>
          )}
        </Space>
      </Space>
      {toggleError !== null && (
        <Alert type="error" showIcon closable title={t('mkt.toggleFailed')} description={toggleError} />
      )}
      {list.status === 'error' ? (
        <ListError title={t('mkt.error')} error={list.error} retry={list.retry} />
      ) : (
        <Table<Coupon>
          rowKey="id"
          size="middle"
          loading={list.status === 'loading'}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('mkt.coupon.empty') }}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: t('mkt.coupon.code'),
              dataIndex: 'code',
              sorter: (a, b) => a.code.localeCompare(b.code),
              render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
            },
            { title: t('mkt.name'), dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name, locale) },
            { title: t('mkt.coupon.discount'), key: 'discount', render: (_: unknown, c) => discount(c) },
            {
              title: t('mkt.coupon.threshold'),
              dataIndex: 'threshold',
              sorter: (a, b) => a.threshold - b.threshold,
              render: (_: unknown, c) => threshold(c),
            },
            {
              title: t('mkt.coupon.supplier'),
              dataIndex: 'supplierId',
              render: (v: string | null) =>
                v ? (
                  <Link to={`/marketplace/organizations/${v}`}>{suppliers.get(v) ?? v}</Link>
                ) : (
                  t('mkt.coupon.platform')
                ),
            },
            {
              title: t('mkt.validWindow'),
              key: 'window',
              sorter: (a, b) => a.validFrom.localeCompare(b.validFrom),
              render: (_: unknown, c) => `${formatInstant(c.validFrom, false)} ~ ${lastDay(c.validUntil)}`,
            },
            {
              title: t('mkt.status'),
              key: 'validity',
              render: (_: unknown, c) => <ValidityTag value={validity(c.status, c.validFrom, c.validUntil)} />,
            },
            {
              title: t('mkt.coupon.redeemed'),
              dataIndex: 'redeemedCount',
              align: 'right',
              sorter: (a, b) => a.redeemedCount - b.redeemedCount,
              render: (v: number, c) => (
                <Button type="link" size="small" onClick={() => setRedemptionsOf(c)} data-testid={`redeemed-${c.code}`}>
                  {c.totalLimit === null
                    ? formatCount(v, locale)
                    : `${formatCount(v, locale)} / ${formatCount(c.totalLimit, locale)}`}
                </Button>
              ),
            },
            {
              title: t('mkt.coupon.perOrgLimit'),
              dataIndex: 'perOrgLimit',
              align: 'right',
              sorter: (a, b) => a.perOrgLimit - b.perOrgLimit,
            },
            ...(canWrite
              ? [
                  {
                    title: t('mkt.enabled'),
                    key: 'enabled',
                    render: (_: unknown, c: Coupon) => (
                      <Switch
                        size="small"
                        checked={c.status === 'active'}
                        aria-label={`${t('mkt.enabled')} ${c.code}`}
                        data-testid={`toggle-${c.code}`}
                        onChange={(on) => void setStatus(c, on ? 'active' : 'disabled')}
                      />
                    ),
                  },
                ]
              : []),
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
      <CouponCreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          update({ page: 1, status: undefined, code: undefined });
          list.retry();
        }}
      />
      <RedemptionsDrawer coupon={redemptionsOf} onClose={() => setRedemptionsOf(null)} />
    </Space>
  );
}

export function StatusFilter({ value, onChange }: { value?: Status | undefined; onChange: (s?: Status) => void }) {
  const { t } = usePreferences();
  return (
    <Space size={4}>
      <Typography.Text type="secondary">{t('mkt.status')}</Typography.Text>
      <Select
        aria-label={t('mkt.status')}
        style={{ width: 120 }}
        value={value ?? ''}
        options={[
          { value: '', label: t('orgs.all') },
          ...STATUSES.map((s) => ({ value: s, label: t(`mkt.status.${s}`) })),
        ]}
        onChange={(v: string) => onChange((v || undefined) as Status | undefined)}
      />
    </Space>
  );
}

type CouponFormValues = Omit<CouponForm, 'validFrom' | 'validUntil'> & { validFrom: Dayjs; validUntil: Dayjs };

function CouponCreateModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (c: Coupon) => void;
}) {
  const { t } = usePreferences();
  const [form] = Form.useForm<CouponFormValues>();
  const kind = Form.useWatch('kind', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    let values: CouponFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    setBusy(true);
    setError(null);
    try {
      const body = couponRequest({
        ...values,
        validFrom: values.validFrom.format('YYYY-MM-DD'),
        validUntil: values.validUntil.format('YYYY-MM-DD'),
      });
      const created = await api<Coupon>('POST', '/api/coupons', body);
      form.resetFields();
      onCreated(created);
    } catch (err) {
      if (!applyFieldError(form, err, COUPON_FIELDS)) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('mkt.coupon.new')}
      okText={t('mkt.create')}
      cancelText={t('mkt.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      forceRender
      width={620}
    >
      <Form<CouponFormValues>
        form={form}
        layout="vertical"
        data-testid="coupon-form"
        initialValues={{ kind: 'amount_off', perOrgLimit: 1, threshold: 0 }}
        requiredMark
      >
        <Space size="middle" style={{ width: '100%' }} align="start">
          <Form.Item
            name="code"
            label={t('mkt.coupon.code')}
            rules={[{ required: true, message: t('mkt.required') }]}
            extra={t('mkt.coupon.codeHint')}
          >
            <Input style={{ width: 220 }} maxLength={32} />
          </Form.Item>
          <Form.Item name="name" label={t('mkt.name')} rules={[{ required: true, message: t('mkt.required') }]}>
            <Input style={{ width: 320 }} maxLength={100} />
          </Form.Item>
        </Space>
        <Form.Item name="kind" label={t('mkt.coupon.kind')}>
          <Radio.Group
            options={[
              { value: 'amount_off', label: t('mkt.coupon.kind.amount_off') },
              { value: 'percent_off', label: t('mkt.coupon.kind.percent_off') },
            ]}
          />
        </Form.Item>
        <Space size="middle" align="start">
          {kind === 'percent_off' ? (
            <Form.Item
              name="percentOff"
              label={t('mkt.coupon.percentOff')}
              rules={[{ required: true, message: t('mkt.required') }]}
            >
              <InputNumber min={1} max={99} suffix="%" style={{ width: 160 }} />
            </Form.Item>
          ) : (
            <Form.Item
              name="amountOff"
              label={t('mkt.coupon.amountOff')}
              rules={[{ required: true, message: t('mkt.required') }]}
            >
              <InputNumber min={0.01} step={10} prefix="¥" style={{ width: 160 }} />
            </Form.Item>
          )}
          <Form.Item name="threshold" label={t('mkt.coupon.threshold')} extra={t('mkt.coupon.thresholdHint')}>
            <InputNumber min={0} step={100} prefix="¥" style={{ width: 180 }} />
          </Form.Item>
        </Space>
        <Space size="middle" align="start">
          <Form.Item
            name="validFrom"
            label={t('mkt.validFrom')}
            rules={[{ required: true, message: t('mkt.required') }]}
          >
            <DatePicker aria-label={t('mkt.validFrom')} />
          </Form.Item>
          <Form.Item
            name="validUntil"
            label={t('mkt.validUntil')}
            rules={[{ required: true, message: t('mkt.required') }]}
            extra={t('mkt.lastDayHint')}
          >
            <DatePicker aria-label={t('mkt.validUntil')} />
          </Form.Item>
        </Space>
        <Space size="middle" align="start">
          <Form.Item name="perOrgLimit" label={t('mkt.coupon.perOrgLimit')}>
            <InputNumber min={1} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="totalLimit" label={t('mkt.coupon.totalLimit')} extra={t('mkt.coupon.totalLimitHint')}>
            <InputNumber min={1} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        {error !== null && <Alert type="error" showIcon title={t('mkt.createFailed')} description={error} />}
      </Form>
    </Modal>
  );
}

function RedemptionsDrawer({ coupon, onClose }: { coupon: Coupon | null; onClose: () => void }) {
  const { t } = usePreferences();
  return (
    <Drawer
      open={coupon !== null}
      onClose={onClose}
      size="large"
      title={coupon ? t('mkt.coupon.redemptionsOf', { code: coupon.code }) : ''}
      destroyOnHidden
    >
      {coupon && <RedemptionsList coupon={coupon} />}
    </Drawer>
  );
}

function RedemptionsList({ coupon }: { coupon: Coupon }) {
  const { t, locale } = usePreferences();
  const [page, setPage] = useState(1);
  const path = `/api/coupons/${coupon.id}/redemptions?limit=20&offset=${(page - 1) * 20}`;
  const list = useApiGet<ListPage<CouponRedemption>>(path);
  const names = useOrganizationNames(list.data?.items.map((r) => r.organizationId) ?? []);
  if (list.status === 'error') return <ListError title={t('mkt.error')} error={list.error} retry={list.retry} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
        <ExportButton
          filename={`coupon-${coupon.code}-redemptions.csv`}
          header={[
            t('mkt.redemption.organization'),
            t('mkt.redemption.order'),
            t('mkt.redemption.amount'),
            t('mkt.redemption.at'),
          ]}
          load={() => fetchAllPages<CouponRedemption>(`/api/coupons/${coupon.id}/redemptions`)}
          row={(r) => [
            names.get(r.organizationId) ?? r.organizationId,
            r.orderId,
            r.amount / 100,
            formatInstant(r.createdAt),
          ]}
        />
      </Space>
      <Table<CouponRedemption>
        rowKey="id"
        size="small"
        data-testid="redemptions"
        loading={list.status === 'loading'}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('mkt.redemption.empty') }}
        columns={[
          {
            title: t('mkt.redemption.organization'),
            dataIndex: 'organizationId',
            render: (v: string) => <Link to={`/marketplace/organizations/${v}`}>{names.get(v) ?? v}</Link>,
          },
          {
            title: t('mkt.redemption.order'),
            dataIndex: 'orderId',
            render: (v: string) => <Link to={`/marketplace/orders/${v}`}>{v}</Link>,
          },
          {
            title: t('mkt.redemption.amount'),
            dataIndex: 'amount',
            align: 'right',
            sorter: (a, b) => a.amount - b.amount,
            render: (v: number) => formatMoney(v, locale, { currency: coupon.currency }),
          },
          {
            title: t('mkt.redemption.at'),
            dataIndex: 'createdAt',
            sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
            render: (v: string) => formatInstant(v),
          },
        ]}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          showTotal: (n) => t('table.total', { n }),
          onChange: setPage,
        }}
      />
      <Tag>{t('mkt.coupon.redeemedTotal', { n: coupon.redeemedCount })}</Tag>
    </Space>
  );
}
