import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Form, Input, InputNumber, Modal, Radio, Space, Switch, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '../../../api/client';
import { fetchAllPages, type ListPage } from '../../../api/pages';
import { useApiGet } from '../../../api/use-query';
import { usePreferences } from '../../../preferences/preferences';
import { StatusFilter } from './CouponsTab';
import { applyFieldError, errorMessage } from './form-errors';
import {
  lastDay,
  type MarketingState,
  marketingApiPath,
  type PromotionForm,
  promotionRequest,
  validity,
} from './marketing';
import { ProductPicker } from './ProductPicker';
import { ExportButton, formatInstant, ListError, ValidityTag } from './parts';
import type { Promotion, Status } from './types';

type Props = {
  state: MarketingState;
  update: (patch: Partial<MarketingState>) => void;
  canWrite: boolean;
  onLoaded?: () => void;
};

const FIELDS = ['name', 'kind', 'percentOff', 'startsAt', 'endsAt', 'products'] as const;

/** Time-limited promotions (限时活动): a promotional price or a percentage off on chosen products. */
export function PromotionsTab({ state, update, canWrite, onLoaded }: Props) {
  const { t, locale } = usePreferences();
  const path = marketingApiPath(state);
  const list = useApiGet<ListPage<Promotion>>(path);
  useEffect(() => {
    if (list.status === 'done') onLoaded?.();
  }, [list.status, onLoaded]);
  const [creating, setCreating] = useState(false);
  const [toggleError, setToggleError] = useState<string | null>(null);

  const offer = (p: Promotion) =>
    p.kind === 'percent_off'
      ? t('mkt.coupon.percentOffValue', { n: p.percentOff ?? 0 })
      : t('mkt.promotion.kind.price');

  const setStatus = async (p: Promotion, status: Status) => {
    setToggleError(null);
    try {
      await api('PATCH', `/api/promotions/${p.id}`, { status });
      list.retry();
    } catch (err) {
      setToggleError(`${p.name}: ${errorMessage(err)}`);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="promotions">
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <StatusFilter value={state.status} onChange={(status) => update({ status })} />
        <Space wrap>
          <ExportButton
            filename="promotions.csv"
            header={[
              t('mkt.name'),
              t('mkt.promotion.offer'),
              t('mkt.validFrom'),
              t('mkt.validUntil'),
              t('mkt.status'),
              t('mkt.promotion.products'),
            ]}
            load={() => fetchAllPages<Promotion>(path)}
            row={(p) => [
              p.name,
              offer(p),
              formatInstant(p.startsAt, false),
              lastDay(p.endsAt),
              t(`mkt.validity.${validity(p.status, p.startsAt, p.endsAt)}`),
              p.products.length,
            ]}
          />
          {canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="promotion-new"
            >
              {t('mkt.promotion.new')}
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
        <Table<Promotion>
          rowKey="id"
          size="middle"
          loading={list.status === 'loading'}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('mkt.promotion.empty') }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('mkt.name'), dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name, locale) },
            { title: t('mkt.promotion.offer'), key: 'offer', render: (_: unknown, p) => offer(p) },
            {
              title: t('mkt.validWindow'),
              key: 'window',
              sorter: (a, b) => a.startsAt.localeCompare(b.startsAt),
              render: (_: unknown, p) => `${formatInstant(p.startsAt, false)} ~ ${lastDay(p.endsAt)}`,
            },
            {
              title: t('mkt.status'),
              key: 'validity',
              render: (_: unknown, p) => <ValidityTag value={validity(p.status, p.startsAt, p.endsAt)} />,
            },
            {
              title: t('mkt.promotion.products'),
              key: 'products',
              align: 'right',
              sorter: (a, b) => a.products.length - b.products.length,
              render: (_: unknown, p) => p.products.length,
            },
            ...(canWrite
              ? [
                  {
                    title: t('mkt.enabled'),
                    key: 'enabled',
                    render: (_: unknown, p: Promotion) => (
                      <Switch
                        size="small"
                        checked={p.status === 'active'}
                        aria-label={`${t('mkt.enabled')} ${p.name}`}
                        onChange={(on) => void setStatus(p, on ? 'active' : 'disabled')}
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
      <PromotionCreateModal
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

type Values = Omit<PromotionForm, 'startsAt' | 'endsAt'> & { startsAt: Dayjs; endsAt: Dayjs };

function PromotionCreateModal({
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
  const kind = Form.useWatch('kind', form);
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
        '/api/promotions',
        promotionRequest({
          ...values,
          startsAt: values.startsAt.format('YYYY-MM-DD'),
          endsAt: values.endsAt.format('YYYY-MM-DD'),
        }),
      );
      form.resetFields();
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
      title={t('mkt.promotion.new')}
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
        data-testid="promotion-form"
        initialValues={{ kind: 'percent_off', products: [{}] }}
      >
        <Form.Item name="name" label={t('mkt.name')} rules={[{ required: true, message: t('mkt.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Space size="middle" align="start">
          <Form.Item name="kind" label={t('mkt.promotion.kind')}>
            <Radio.Group
              options={[
                { value: 'percent_off', label: t('mkt.promotion.kind.percent_off') },
                { value: 'price', label: t('mkt.promotion.kind.price') },
              ]}
            />
          </Form.Item>
          {kind === 'percent_off' && (
            <Form.Item
              name="percentOff"
              label={t('mkt.coupon.percentOff')}
              rules={[{ required: true, message: t('mkt.required') }]}
            >
              <InputNumber min={1} max={99} suffix="%" style={{ width: 140 }} />
            </Form.Item>
          )}
        </Space>
        <Space size="middle" align="start">
          <Form.Item
            name="startsAt"
            label={t('mkt.validFrom')}
            rules={[{ required: true, message: t('mkt.required') }]}
          >
            <DatePicker aria-label={t('mkt.validFrom')} />
          </Form.Item>
          <Form.Item
            name="endsAt"
            label={t('mkt.validUntil')}
            rules={[{ required: true, message: t('mkt.required') }]}
            extra={t('mkt.lastDayHint')}
          >
            <DatePicker aria-label={t('mkt.validUntil')} />
          </Form.Item>
        </Space>
        <Form.List name="products">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((field, i) => (
                <Space key={field.key} align="start" style={{ width: '100%' }}>
                  <Form.Item
                    name={[field.name, 'productId']}
                    label={i === 0 ? t('mkt.promotion.products') : undefined}
                    rules={[{ required: true, message: t('mkt.required') }]}
                    style={{ width: 400 }}
                  >
                    <ProductPicker ariaLabel={`${t('mkt.product')} ${i + 1}`} />
                  </Form.Item>
                  {kind === 'price' && (
                    <Form.Item
                      name={[field.name, 'unitPrice']}
                      label={i === 0 ? t('mkt.promotion.unitPrice') : undefined}
                      rules={[{ required: true, message: t('mkt.required') }]}
                    >
                      <InputNumber min={0.01} prefix="¥" style={{ width: 140 }} />
                    </Form.Item>
                  )}
                  {fields.length > 1 && (
                    <Button
                      type="text"
                      aria-label={t('mkt.removeProduct')}
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(field.name)}
                      style={i === 0 ? { marginTop: 30 } : undefined}
                    />
                  )}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
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
