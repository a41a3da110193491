import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Select, Space, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { fetchAllPages } from '../../../api/pages';
import type { MessageKey } from '../../../i18n/messages';
import { formatCount, formatMoney } from '../../../lib/money';
import { usePageMarks } from '../../../lib/perf';
import { usePreferences } from '../../../preferences/preferences';
import { useSession } from '../../../session/session';
import { hasPermission } from '../certification';
import { useSuppliers } from '../products/lookups';
import { OrgPicker } from '../products/OrgPicker';
import { tierPriceFor } from '../products/tiers';
import type { Product } from '../products/types';
import {
  estimate,
  type FormIssue,
  fieldOfError,
  idempotencyKeyFor,
  type OrderFormState,
  type OrderLineDraft,
  orderRequest,
} from './order-form';
import { newIdempotencyKey, placeOrder } from './place-order';

let lineSeq = 0;
const newLine = (): OrderLineDraft => ({ key: `line-${++lineSeq}`, productId: null, quantity: null });
const EMPTY: OrderFormState = { buyerId: null, supplierId: null, lines: [newLine()], couponCode: '', note: '' };

/**
 * Marketplace → orders → new: an operator places an order on a buyer's behalf (`POST /api/orders` with `buyerId`
 * and an Idempotency-Key, so a retry never places it twice). One supplier's products per order (the server's rule),
 * each line showing its MOQ and the tier price its quantity reaches; an optional coupon code and note. Problems the
 * form can see are marked before sending; the server's refusal lands on the field its `error.path` names.
 */
export default function NewOrderPage() {
  const { t, locale } = usePreferences();
  const { state } = useSession();
  const navigate = useNavigate();
  const [form, setForm] = useState<OrderFormState>(EMPTY);
  const [issues, setIssues] = useState<FormIssue[]>([]);
  const [serverError, setServerError] = useState<{ field: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const lastKey = useRef<{ key: string; request: string } | null>(null);
  const { suppliers, loading: suppliersLoading } = useSuppliers();
  const [products, setProducts] = useState<Product[] | null>(null);
  const permissions = state.status === 'signed-in' ? state.viewer.permissions : [];
  const mayOrder = hasPermission(permissions, 'order:write');
  usePageMarks('order-new', !suppliersLoading);

  // The chosen supplier's active products (the order form offers nothing else).
  useEffect(() => {
    setProducts(null);
    if (!form.supplierId) return;
    const controller = new AbortController();
    fetchAllPages<Product>(
      `/api/products?supplierId=${encodeURIComponent(form.supplierId)}&status=active`,
      2000,
      controller.signal,
    ).then(
      (all) => setProducts(all.sort((a, b) => a.title.localeCompare(b.title, 'zh-CN'))),
      () => {
        if (!controller.signal.aborted) setProducts([]);
      },
    );
    return () => controller.abort();
  }, [form.supplierId]);

  const facts = useMemo(() => new Map((products ?? []).map((p) => [p.id, p])), [products]);
  const est = estimate(form.lines, facts);
  const currency = products?.[0]?.currency ?? 'CNY';
  const money = (v: number | undefined) => formatMoney(v, locale, { currency });

  const change = (patch: Partial<OrderFormState>) => {
    setForm((f) => ({ ...f, ...patch }));
    setServerError(null);
    setIssues([]);
  };
  const setLine = (key: string, patch: Partial<OrderLineDraft>) =>
    change({ lines: form.lines.map((l) => (l.key === key ? { ...l, ...patch } : l)) });

  const problem = (field: string): string | undefined => {
    if (serverError && serverError.field === field) return serverError.message;
    const issue = issues.find((x) => x.field === field);
    return issue ? t(`orderNew.issue.${issue.message}` as MessageKey) : undefined;
  };
  const itemProblem = (row: number, field: 'productId' | 'quantity') => problem(`lines.${row}.${field}`);

  const submit = async () => {
    const request = orderRequest(form, facts);
    setIssues(request.issues);
    setServerError(null);
    if (!request.body) return;
    const attempt = idempotencyKeyFor(lastKey.current, request.body, newIdempotencyKey);
    lastKey.current = attempt;
    setBusy(true);
    try {
      const { order } = await placeOrder(request.body, attempt.key);
      navigate(`/marketplace/orders/${order.id}`, { state: { from: '/marketplace/orders', placed: true } });
    } catch (err) {
      const path = err instanceof ApiError ? err.path : undefined;
      setServerError({
        field: fieldOfError(form.lines, path),
        message: err instanceof Error ? err.message : String(err),
      });
    } finally {
      setBusy(false);
    }
  };

  if (!mayOrder) {
    return (
      <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="order-new">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('orderNew.title')}
        </Typography.Title>
        <Alert type="warning" showIcon title={t('orderNew.forbidden')} />
      </Space>
    );
  }

  const generalError = serverError && (serverError.field === '' || serverError.field === 'items') ? serverError : null;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="order-new">
      <Space align="center">
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/marketplace/orders')}>
          {t('org.back')}
        </Button>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('orderNew.title')}
        </Typography.Title>
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('orderNew.hint')}
      </Typography.Paragraph>
      <Form layout="vertical" component="div">
        <Card size="small" title={t('orderNew.parties')} style={{ marginBottom: 16 }}>
          <Space size="large" wrap align="start">
            <Form.Item
              label={t('orders.buyer')}
              required
              validateStatus={problem('buyerId') ? 'error' : undefined}
              help={problem('buyerId')}
              style={{ marginBottom: 8 }}
            >
              <OrgPicker
                kind="buyer"
                label={t('orders.buyer')}
                testId="order-new-buyer"
                value={form.buyerId ?? undefined}
                width={320}
                status={problem('buyerId') ? 'error' : undefined}
                onChange={(buyerId) => change({ buyerId: buyerId ?? null })}
              />
            </Form.Item>
            <Form.Item label={t('orders.supplier')} required style={{ marginBottom: 8 }}>
              <Select
                aria-label={t('orders.supplier')}
                data-testid="order-new-supplier"
                style={{ width: 320 }}
                showSearch={{ optionFilterProp: 'label' }}
                loading={suppliersLoading}
                placeholder={t('orderNew.pickSupplier')}
                value={form.supplierId ?? undefined}
                options={suppliers.map((s) => ({ value: s.id, label: s.name }))}
                // Another supplier means other products: the lines start again.
                onChange={(v: string) => change({ supplierId: v, lines: [newLine()] })}
              />
            </Form.Item>
          </Space>
        </Card>
        <Card size="small" title={t('orderNew.lines')} style={{ marginBottom: 16 }}>
          {!form.supplierId ? (
            <Typography.Text type="secondary">{t('orderNew.supplierFirst')}</Typography.Text>
          ) : (
            <Space direction="vertical" style={{ width: '100%' }}>
              {form.lines.map((line, row) => {
                const product = line.productId ? facts.get(line.productId) : undefined;
                const unit = product && line.quantity ? tierPriceFor(product.tiers, line.quantity) : undefined;
                const pp = itemProblem(row, 'productId');
                const qp = itemProblem(row, 'quantity');
                return (
                  <Space key={line.key} align="start" wrap data-testid="order-line">
                    <Form.Item style={{ marginBottom: 4 }} validateStatus={pp ? 'error' : undefined} help={pp}>
                      <Select
                        aria-label={t('orderNew.product', { n: row + 1 })}
                        data-testid={`order-line-product-${row}`}
                        style={{ width: 380 }}
                        showSearch={{ optionFilterProp: 'label' }}
                        loading={products === null}
                        placeholder={t('orderNew.pickProduct')}
                        value={line.productId ?? undefined}
                        options={(products ?? []).map((p) => ({ value: p.id, label: p.title }))}
                        onChange={(v: string) =>
                          setLine(line.key, { productId: v, quantity: facts.get(v)?.moq ?? null })
                        }
                      />
                    </Form.Item>
                    <Form.Item
                      style={{ marginBottom: 4 }}
                      validateStatus={qp ? 'error' : undefined}
                      help={qp}
                      extra={
                        product
                          ? t('orderNew.moq', { moq: formatCount(product.moq, locale), unit: product.unit })
                          : undefined
                      }
                    >
                      <InputNumber
                        aria-label={t('orderNew.quantity', { n: row + 1 })}
                        data-testid={`order-line-quantity-${row}`}
                        min={1}
                        max={1_000_000}
                        precision={0}
                        value={line.quantity}
                        suffix={product?.unit}
                        style={{ width: 170 }}
                        onChange={(v) => setLine(line.key, { quantity: v })}
                      />
                    </Form.Item>
                    <div style={{ minWidth: 220, paddingTop: 5 }}>
                      {product && (
                        <Tooltip
                          title={product.tiers
                            .map((x) => `≥${formatCount(x.minQuantity, locale)} ${product.unit}: ${money(x.unitPrice)}`)
                            .join('；')}
                        >
                          <Typography.Text data-testid={`order-line-price-${row}`}>
                            {unit === undefined
                              ? t('orderNew.belowFirstTier')
                              : t('orderNew.tierPrice', { price: money(unit), unit: product.unit })}
                          </Typography.Text>
                        </Tooltip>
                      )}
                      {est.lines[row] !== undefined && (
                        <div>
                          <Typography.Text type="secondary">
                            {t('orderNew.lineTotal', { total: money(est.lines[row]) })}
                          </Typography.Text>
                        </div>
                      )}
                    </div>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={t('orderNew.removeLine', { n: row + 1 })}
                      disabled={form.lines.length === 1}
                      onClick={() => change({ lines: form.lines.filter((l) => l.key !== line.key) })}
                    />
                  </Space>
                );
              })}
              <Button
                icon={<PlusOutlined />}
                onClick={() => change({ lines: [...form.lines, newLine()] })}
                disabled={form.lines.length >= 100}
                data-testid="order-add-line"
              >
                {t('orderNew.addLine')}
              </Button>
              {problem('items') && !generalError && <Typography.Text type="danger">{problem('items')}</Typography.Text>}
            </Space>
          )}
        </Card>
        <Card size="small" title={t('orderNew.extras')} style={{ marginBottom: 16 }}>
          <Space size="large" wrap align="start">
            <Form.Item
              label={t('order.coupon')}
              htmlFor="order-coupon"
              validateStatus={problem('couponCode') ? 'error' : undefined}
              help={problem('couponCode')}
              style={{ marginBottom: 8, width: 300 }}
            >
              <Input
                id="order-coupon"
                data-testid="order-new-coupon"
                style={{ width: '100%' }}
                maxLength={32}
                placeholder={t('orderNew.couponPlaceholder')}
                value={form.couponCode}
                onChange={(e) => change({ couponCode: e.target.value })}
              />
            </Form.Item>
            <Form.Item
              label={t('order.note')}
              htmlFor="order-note"
              validateStatus={problem('note') ? 'error' : undefined}
              help={problem('note')}
              style={{ marginBottom: 8 }}
            >
              <Input.TextArea
                id="order-note"
                data-testid="order-new-note"
                style={{ width: 420 }}
                rows={2}
                maxLength={500}
                showCount
                value={form.note}
                onChange={(e) => change({ note: e.target.value })}
              />
            </Form.Item>
          </Space>
        </Card>
        <Card size="small">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('orderNew.estimate')}>
                <Typography.Text strong data-testid="order-new-estimate">
                  {money(est.subtotal)}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                  {t('orderNew.estimateHint')}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
            {generalError && (
              <Alert
                type="error"
                showIcon
                title={t('orderNew.failed')}
                description={generalError.message}
                data-testid="order-new-error"
              />
            )}
            <Space>
              <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="order-new-submit">
                {t('orderNew.submit')}
              </Button>
              <Button
                disabled={busy}
                onClick={() => {
                  setForm({ ...EMPTY, lines: [newLine()] });
                  setIssues([]);
                  setServerError(null);
                }}
              >
                {t('product.reset')}
              </Button>
            </Space>
          </Space>
        </Card>
      </Form>
    </Space>
  );
}
