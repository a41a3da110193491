import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, InputNumber, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../../api/client';
import type { MessageKey } from '../../../i18n/messages';
import { usePreferences } from '../../../preferences/preferences';
import { fenToYuan, productPatch, type TierDraft, tierIssues, yuanToFen } from './tiers';
import { PRODUCT_STATUSES, type PriceTier, type ProductDetail } from './types';

/**
 * The editor of a product's MOQ, status and price tiers (operators with `catalog:write`): `PATCH /api/products/:id`
 * with only what changed (tiers always go with a new MOQ: the first tier starts at it). Prices are typed in yuan and
 * sent in fen. The rules are checked here first (the field at fault is marked); the server's refusal, should it
 * come, is shown in place with its message and the field it names.
 */
export function ProductEditor({ product, onSaved }: { product: ProductDetail; onSaved: (p: ProductDetail) => void }) {
  const { t } = usePreferences();
  const [moq, setMoq] = useState<number | null>(product.moq);
  const [status, setStatus] = useState<string>(product.status);
  const [tiers, setTiers] = useState<TierDraft[]>(product.tiers.map((x) => ({ ...x })));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; path?: string } | null>(null);
  const [done, setDone] = useState(false);

  const issues = moq === null ? [] : tierIssues(moq, tiers);
  const issueAt = (i: number, field: 'minQuantity' | 'unitPrice') =>
    issues.find((x) => x.index === i && x.field === field);
  const valid = moq !== null && moq >= 1 && issues.length === 0;
  const after = { moq: moq ?? product.moq, status, tiers: tiers as PriceTier[] };
  const patch = valid ? productPatch(product, after) : null;

  const setTier = (i: number, change: Partial<TierDraft>) => {
    setDone(false);
    setTiers((all) => all.map((x, j) => (j === i ? { ...x, ...change } : x)));
  };
  // The first tier follows the MOQ, which is what the rule asks for in nearly every edit.
  const changeMoq = (v: number | null) => {
    setDone(false);
    setMoq(v);
    if (v !== null) setTiers((all) => all.map((x, j) => (j === 0 ? { ...x, minQuantity: v } : x)));
  };

  const save = async () => {
    if (!patch) return;
    setBusy(true);
    setError(null);
    try {
      const updated = await api<ProductDetail>('PATCH', `/api/products/${product.id}`, patch);
      setDone(true);
      onSaved(updated);
    } catch (err) {
      const path = err instanceof ApiError && err.path ? err.path.filter((p) => p !== 'body').join('.') : undefined;
      setError({ message: err instanceof Error ? err.message : String(err), ...(path ? { path } : {}) });
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    setMoq(product.moq);
    setStatus(product.status);
    setTiers(product.tiers.map((x) => ({ ...x })));
    setError(null);
    setDone(false);
  };

  return (
    <Card title={t('product.edit')} size="small" data-testid="product-editor">
      <Form layout="vertical" component="div">
        <Space size="large" wrap align="start">
          <Form.Item label={t('products.moq')} htmlFor="product-moq" style={{ marginBottom: 12 }}>
            <InputNumber
              id="product-moq"
              min={1}
              max={10_000_000}
              precision={0}
              value={moq}
              onChange={changeMoq}
              suffix={product.unit}
              style={{ width: 160 }}
            />
          </Form.Item>
          <Form.Item label={t('products.status')} htmlFor="product-status" style={{ marginBottom: 12 }}>
            <Select
              id="product-status"
              aria-label={t('products.status')}
              style={{ width: 140 }}
              value={status}
              options={PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`products.status.${s}` as MessageKey) }))}
              onChange={(v: string) => {
                setDone(false);
                setStatus(v);
              }}
            />
          </Form.Item>
        </Space>
        <Typography.Title level={5} style={{ marginTop: 4 }}>
          {t('product.tiers')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('product.tiersHint')}
        </Typography.Paragraph>
        {tiers.map((tier, i) => {
          const q = issueAt(i, 'minQuantity');
          const p = issueAt(i, 'unitPrice');
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in the tier table
            <Space key={i} align="start" wrap style={{ display: 'flex', marginBottom: 4 }}>
              <Form.Item
                style={{ marginBottom: 4 }}
                validateStatus={q ? 'error' : undefined}
                help={q ? t(`product.issue.${q.message}` as MessageKey) : undefined}
              >
                <InputNumber
                  aria-label={t('product.tierMin', { n: i + 1 })}
                  min={1}
                  max={10_000_000}
                  precision={0}
                  disabled={i === 0}
                  value={tier.minQuantity}
                  onChange={(v) => setTier(i, { minQuantity: v })}
                  prefix="≥"
                  suffix={product.unit}
                  style={{ width: 170 }}
                />
              </Form.Item>
              <Form.Item
                style={{ marginBottom: 4 }}
                validateStatus={p ? 'error' : undefined}
                help={p ? t(`product.issue.${p.message}` as MessageKey) : undefined}
              >
                <InputNumber
                  aria-label={t('product.tierPrice', { n: i + 1 })}
                  min={0.01}
                  max={10_000_000_000}
                  precision={2}
                  step={1}
                  value={tier.unitPrice === null ? null : fenToYuan(tier.unitPrice)}
                  onChange={(v) => setTier(i, { unitPrice: v === null ? null : yuanToFen(v) })}
                  prefix="¥"
                  suffix={`/ ${product.unit}`}
                  style={{ width: 200 }}
                />
              </Form.Item>
              <Button
                icon={<DeleteOutlined />}
                aria-label={t('product.removeTier', { n: i + 1 })}
                disabled={i === 0 || tiers.length === 1}
                onClick={() => {
                  setDone(false);
                  setTiers((all) => all.filter((_, j) => j !== i));
                }}
              />
            </Space>
          );
        })}
        <div>
          <Button
            icon={<PlusOutlined />}
            disabled={tiers.length >= 20}
            onClick={() => {
              setDone(false);
              const last = tiers[tiers.length - 1];
              setTiers([
                ...tiers,
                { minQuantity: (last?.minQuantity ?? moq ?? 1) * 2, unitPrice: last?.unitPrice ?? null },
              ]);
            }}
          >
            {t('product.addTier')}
          </Button>
        </div>
        {error && (
          <Alert
            style={{ marginTop: 12 }}
            type="error"
            showIcon
            title={error.path ? `${t('product.saveFailed')} (${error.path})` : t('product.saveFailed')}
            description={error.message}
            data-testid="product-save-error"
          />
        )}
        {done && !error && (
          <Alert
            style={{ marginTop: 12 }}
            type="success"
            showIcon
            title={t('product.saved')}
            data-testid="product-saved"
          />
        )}
        <Space style={{ marginTop: 12 }}>
          <Button
            type="primary"
            loading={busy}
            disabled={!patch}
            onClick={() => void save()}
            data-testid="product-save"
          >
            {t('product.save')}
          </Button>
          <Button onClick={reset} disabled={busy}>
            {t('product.reset')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
