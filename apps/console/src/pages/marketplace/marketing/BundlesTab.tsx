import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Form, Input, InputNumber, Modal, Space, Switch, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../../api/client';
import { fetchAllPages, type ListPage } from '../../../api/pages';
import { useApiGet } from '../../../api/use-query';
import { formatMoney } from '../../../lib/money';
import { usePreferences } from '../../../preferences/preferences';
import { StatusFilter } from './CouponsTab';
import { applyFieldError, errorMessage } from './form-errors';
import { type BundleForm, bundleRequest, lastDay, type MarketingState, marketingApiPath, validity } from './marketing';
import { useOrganizationNames } from './org-names';
import { ProductPicker } from './ProductPicker';
import { ExportButton, formatInstant, ListError, ValidityTag } from './parts';
import type { Bundle, Status } from './types';

type Props = {
  state: MarketingState;
  update: (patch: Partial<MarketingState>) => void;
  canWrite: boolean;
  onLoaded?: () => void;
};

const FIELDS = ['name', 'price', 'startsAt', 'endsAt', 'items'] as const;

/** Bundle offers (套餐): one supplier's products sold together at one price, optionally in a window. */
export function BundlesTab({ state, update, canWrite, onLoaded }: Props) {
  const { t, locale } = usePreferences();
  const path = marketingApiPath(state);
  const list = useApiGet<ListPage<Bundle>>(path);
  useEffect(() => {
    if (list.status === 'done') onLoaded?.();
  }, [list.status, onLoaded]);
  const suppliers = useOrganizationNames(list.data?.items.map((b) => b.supplierId) ?? []);
  const [creating, setCreating] = useState(false);
  const [toggleError, setToggleError] = useState<string | null>(null);

  const windowText = (b: Bundle) =>
    b.startsAt === null && b.endsAt === null
      ? t('mkt.bundle.always')
      : `${b.startsAt ? formatInstant(b.startsAt, false) : '…'} ~ ${b.endsAt ? lastDay(b.endsAt) : '…'}`;

  const setStatus = async (b: Bundle, status: Status) => {
    setToggleError(null);
    try {
      await api('PATCH', `/api/bundles/${b.id}`, { status });
      list.retry();
    } catch (err) {
      setToggleError(`${b.name}: ${errorMessage(err)}`);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="bundles">
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <StatusFilter value={state.status} onChange={(status) => update({ status })} />
        <Space wrap>
          <ExportButton
            filename="bundles.csv"
            header={[
              t('mkt.name'),
              t('mkt.coupon.supplier'),
              t('mkt.bundle.price'),
              t('mkt.validWindow'),
              t('mkt.status'),
              t('mkt.bundle.items'),
            ]}
            load={() => fetchAllPages<Bundle>(path)}
            row={(b) => [
              b.name,
              suppliers.get(b.supplierId) ?? b.supplierId,
              b.price / 100,
              windowText(b),
              t(`mkt.validity.${validity(b.status, b.startsAt, b.endsAt)}`),
              b.items.map((i) => `${i.productId}×${i.quantity}`).join(' '),
            ]}
          />
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="bundle-new">
              {t('mkt.bundle.new')}
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
        <Table<Bundle>
          rowKey="id"
          size="middle"
          loading={list.status === 'loading'}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('mkt.bundle.empty') }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('mkt.name'), dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name, locale) },
            {
              title: t('mkt.coupon.supplier'),
              dataIndex: 'supplierId',
              render: (v: string) => <Link to={`/marketplace/organizations/${v}`}>{suppliers.get(v) ?? v}</Link>,
            },
            {
              title: t('mkt.bundle.price'),
              dataIndex: 'price',
              align: 'right',
              sorter: (a, b) => a.price - b.price,
              render: (v: number, b) => formatMoney(v, locale, { currency: b.currency }),
            },
            {
              title: t('mkt.bundle.items'),
              key: 'items',
              align: 'right',
              sorter: (a, b) => a.items.length - b.items.length,
              render: (_: unknown, b) => t('mkt.bundle.itemsValue', { n: b.items.length }),
            },
            { title: t('mkt.validWindow'), key: 'window', render: (_: unknown, b) => windowText(b) },
            {
              title: t('mkt.status'),
              key: 'validity',
              render: (_: unknown, b) => <ValidityTag value={validity(b.status, b.startsAt, b.endsAt)} />,
            },
            ...(canWrite
              ? [
                  {
                    title: t('mkt.enabled'),
                    key: 'enabled',
                    render: (_: unknown, b: Bundle) => (
                      <Switch
                        size="small"
                        checked={b.status === 'active'}
                        aria-label={`${t('mkt.enabled')} ${b.name}`}
                        onChange={(on) => void setStatus(b, on ? 'active' : 'disabled')}
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
      <BundleCreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          update({ page: 1, status: undefined });
          list.retry();
        }}
      />
    </Space>
  );
}

type Values = Omit<BundleForm, 'startsAt' | 'endsAt'> & { startsAt?: Dayjs | null; endsAt?: Dayjs | null };

function BundleCreateModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}) {
  const { t } = usePreferences();
  const [form] = Form.useForm<Values>();
  const [supplierId, setSupplierId] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api(
        'POST',
        '/api/bundles',
        bundleRequest({
          ...values,
          startsAt: values.startsAt ? values.startsAt.format('YYYY-MM-DD') : null,
          endsAt: values.endsAt ? values.endsAt.format('YYYY-MM-DD') : null,
        }),
      );
      form.resetFields();
      setSupplierId(undefined);
      onCreated();
    } catch (err) {
      if (!applyFieldError(form, err, FIELDS)) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('mkt.bundle.new')}
      okText={t('mkt.create')}
      cancelText={t('mkt.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      forceRender
      width={680}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        data-testid="bundle-form"
        initialValues={{ items: [{ quantity: 1 }, { quantity: 1 }] }}
      >
        <Space size="middle" align="start">
          <Form.Item name="name" label={t('mkt.name')} rules={[{ required: true, message: t('mkt.required') }]}>
            <Input maxLength={100} style={{ width: 320 }} />
          </Form.Item>
          <Form.Item
            name="price"
            label={t('mkt.bundle.price')}
            rules={[{ required: true, message: t('mkt.required') }]}
          >
            <InputNumber min={0.01} prefix="¥" style={{ width: 180 }} />
          </Form.Item>
        </Space>
        <Space size="middle" align="start">
          <Form.Item name="startsAt" label={t('mkt.validFrom')} extra={t('mkt.bundle.windowHint')}>
            <DatePicker aria-label={t('mkt.validFrom')} />
          </Form.Item>
          <Form.Item name="endsAt" label={t('mkt.validUntil')} extra={t('mkt.lastDayHint')}>
            <DatePicker aria-label={t('mkt.validUntil')} />
          </Form.Item>
        </Space>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((field, i) => (
                <Space key={field.key} align="start">
                  <Form.Item
                    name={[field.name, 'productId']}
                    label={i === 0 ? t('mkt.bundle.items') : undefined}
                    rules={[{ required: true, message: t('mkt.required') }]}
                    extra={i === 0 ? t('mkt.bundle.sameSupplier') : undefined}
                    style={{ width: 400 }}
                  >
                    <ProductPicker
                      ariaLabel={`${t('mkt.product')} ${i + 1}`}
                      supplierId={i === 0 ? undefined : supplierId}
                      onPicked={(p) => {
                        if (i === 0) setSupplierId(p.supplierId);
                      }}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'quantity']}
                    label={i === 0 ? t('mkt.bundle.quantity') : undefined}
                    rules={[{ required: true, message: t('mkt.required') }]}
                  >
                    <InputNumber min={1} style={{ width: 110 }} />
                  </Form.Item>
                  {fields.length > 2 && (
                    <Button
                      type="text"
                      aria-label={t('mkt.removeProduct')}
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(field.name)}
                    />
                  )}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })}>
                {t('mkt.addProduct')}
              </Button>
            </Space>
          )}
        </Form.List>
        {error !== null && (
          <Alert style={{ marginTop: 16 }} type="error" showIcon title={t('mkt.createFailed')} description={error} />
        )}
      </Form>
    </Modal>
  );
}
