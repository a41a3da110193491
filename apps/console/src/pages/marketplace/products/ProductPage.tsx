import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, InputNumber, Skeleton, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../../api/client';
import { useApiGet } from '../../../api/use-query';
import type { MessageKey } from '../../../i18n/messages';
import { TIME_ZONE } from '../../../lib/dates';
import { formatCount, formatMoney } from '../../../lib/money';
import { usePageMarks } from '../../../lib/perf';
import { usePreferences } from '../../../preferences/preferences';
import { useSession } from '../../../session/session';
import { hasPermission } from '../certification';
import { useCategories } from './lookups';
import { ProductEditor } from './ProductEditor';
import { PRODUCT_STATUS_COLOURS } from './product-list';
import type { PriceQuote, PriceTier, ProductDetail } from './types';

const when = (v: string) => dayjs(v).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm');

/**
 * Marketplace → one product: its details, MOQ, the tiered prices, stock, status and the promotions running now; a
 * price check for a quantity (the server's answer, promotions included); and, for operators holding
 * `catalog:write`, the editor of MOQ, status and tiers (saved in place, the server's refusals shown on the spot).
 */
export default function ProductPage() {
  const { t, locale } = usePreferences();
  const { state } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const { id = '' } = useParams();
  const product = useApiGet<ProductDetail>(`/api/products/${encodeURIComponent(id)}`);
  const categories = useCategories();
  const [saved, setSaved] = useState<ProductDetail | null>(null);
  const shown = saved?.id === id ? saved : product.data;
  const permissions = state.status === 'signed-in' ? state.viewer.permissions : [];
  const mayEdit = hasPermission(permissions, 'catalog:write');
  const back = (location.state as { from?: string } | null)?.from ?? '/marketplace/products';
  usePageMarks('product', shown !== undefined);
  const money = (v: number | null | undefined) => formatMoney(v, locale, { currency: shown?.currency ?? 'CNY' });

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="product">
      <Space align="center" wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(back)}>
          {t('org.back')}
        </Button>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="product-title">
          {shown?.title ?? (product.status === 'loading' ? t('app.loading') : '—')}
        </Typography.Title>
        {shown && (
          <Tag color={PRODUCT_STATUS_COLOURS[shown.status]} data-testid="product-status">
            {t(`products.status.${shown.status}` as MessageKey)}
          </Tag>
        )}
      </Space>
      {product.status === 'error' ? (
        <Alert
          type="error"
          showIcon
          title={t('product.error')}
          description={product.error.message}
          action={
            <Button size="small" onClick={product.retry}>
              {t('overview.retry')}
            </Button>
          }
        />
      ) : !shown ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <>
          <Card title={t('product.details')} size="small">
            <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
              <Descriptions.Item label={t('products.supplier')}>
                <Link to={`/marketplace/organizations/${shown.supplier.id}`}>{shown.supplier.name}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('orgs.region')}>
                {t(`region.${shown.supplier.region}` as MessageKey)}
              </Descriptions.Item>
              <Descriptions.Item label={t('products.category')}>
                {categories.index.get(shown.categoryId)?.label ?? shown.categoryId}
              </Descriptions.Item>
              <Descriptions.Item label={t('products.moq')}>
                <span data-testid="product-moq">
                  {formatCount(shown.moq, locale)} {shown.unit}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('products.stock')}>
                <span data-testid="product-stock">
                  {formatCount(shown.stock, locale)} {shown.unit}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('product.currency')}>{shown.currency}</Descriptions.Item>
              <Descriptions.Item label={t('product.createdAt')}>{when(shown.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('products.updatedAt')}>{when(shown.updatedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('product.id')}>
                <Typography.Text copyable>{shown.id}</Typography.Text>
              </Descriptions.Item>
              {shown.description && (
                <Descriptions.Item label={t('product.description')} span={3}>
                  {shown.description}
                </Descriptions.Item>
              )}
              {Object.keys(shown.attributes).length > 0 && (
                <Descriptions.Item label={t('product.attributes')} span={3}>
                  <Space wrap size={4}>
                    {Object.entries(shown.attributes).map(([k, v]) => (
                      <Tag key={k}>
                        {k}: {String(v)}
                      </Tag>
                    ))}
                  </Space>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card title={t('product.tiers')} size="small" extra={<PriceCheck product={shown} />}>
            <Table<PriceTier & { upTo: number | null }>
              rowKey="minQuantity"
              size="small"
              data-testid="product-tiers"
              pagination={false}
              dataSource={shown.tiers.map((tier, i) => ({
                ...tier,
                upTo: i + 1 < shown.tiers.length ? (shown.tiers[i + 1]?.minQuantity ?? 0) - 1 : null,
              }))}
              columns={[
                {
                  title: t('product.tierQuantity'),
                  key: 'range',
                  render: (_: unknown, r) =>
                    r.upTo === null
                      ? t('product.tierFrom', { n: formatCount(r.minQuantity, locale), unit: shown.unit })
                      : t('product.tierRange', {
                          from: formatCount(r.minQuantity, locale),
                          to: formatCount(r.upTo, locale),
                          unit: shown.unit,
                        }),
                },
                {
                  title: t('product.unitPrice'),
                  dataIndex: 'unitPrice',
                  align: 'right',
                  sorter: (a, b) => a.unitPrice - b.unitPrice,
                  render: (v: number) => money(v),
                },
                {
                  title: t('product.tierSaving'),
                  key: 'saving',
                  align: 'right',
                  render: (_: unknown, r) => {
                    const first = shown.tiers[0]?.unitPrice ?? r.unitPrice;
                    return first > r.unitPrice ? `-${(((first - r.unitPrice) / first) * 100).toFixed(1)}%` : '—';
                  },
                },
              ]}
            />
          </Card>
          <Card title={t('product.promotions')} size="small">
            {shown.promotions.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('product.noPromotions')} />
            ) : (
              <Table
                rowKey="promotionId"
                size="small"
                pagination={false}
                dataSource={shown.promotions}
                columns={[
                  { title: t('product.promotionName'), dataIndex: 'name' },
                  {
                    title: t('product.promotionOffer'),
                    key: 'offer',
                    render: (_: unknown, p) =>
                      p.kind === 'percent_off' ? t('product.percentOff', { n: p.percentOff ?? 0 }) : money(p.unitPrice),
                  },
                  {
                    title: t('product.promotionPeriod'),
                    key: 'period',
                    render: (_: unknown, p) => `${when(p.startsAt)} ~ ${when(p.endsAt)}`,
                  },
                ]}
              />
            )}
          </Card>
          {mayEdit && <ProductEditor product={shown} onSaved={setSaved} />}
        </>
      )}
    </Space>
  );
}

/** Unit price of a quantity now, as the server prices an order (`GET /api/products/:id/price?quantity=`). */
function PriceCheck({ product }: { product: ProductDetail }) {
  const { t, locale } = usePreferences();
  const [quantity, setQuantity] = useState<number | null>(product.moq);
  const [answer, setAnswer] = useState<PriceQuote | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const check = async () => {
    if (!quantity) return;
    setBusy(true);
    setError(null);
    try {
      setAnswer(await api<PriceQuote>('GET', `/api/products/${product.id}/price?quantity=${quantity}`));
    } catch (err) {
      setAnswer(null);
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space size={8} wrap>
      <InputNumber
        aria-label={t('product.checkQuantity')}
        size="small"
        min={1}
        max={10_000_000}
        precision={0}
        value={quantity}
        onChange={(v) => setQuantity(v)}
        onPressEnter={() => void check()}
        suffix={product.unit}
        style={{ width: 140 }}
      />
      <Button size="small" loading={busy} onClick={() => void check()} data-testid="price-check">
        {t('product.check')}
      </Button>
      {answer && (
        <Typography.Text data-testid="price-answer" type={answer.meetsMoq ? undefined : 'warning'}>
          {answer.meetsMoq
            ? t('product.checkAnswer', {
                price: formatMoney(answer.unitPrice, locale, { currency: product.currency }),
                total: formatMoney(answer.unitPrice * answer.quantity, locale, { currency: product.currency }),
              })
            : t('product.belowMoq', { moq: formatCount(answer.moq, locale) })}
        </Typography.Text>
      )}
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Space>
  );
}
