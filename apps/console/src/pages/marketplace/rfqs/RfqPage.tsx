import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  type ButtonProps,
  Card,
  Descriptions,
  Popconfirm,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
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
import { useCategories, useOrgNames } from '../products/lookups';
import { QUOTE_STATUS_COLOURS, RFQ_STATUS_COLOURS, type RfqAction, rfqActions } from './rfq-list';
import { QUOTE_STATUSES, type Quote, type Rfq, type RfqDetail } from './types';

const when = (v: string) => dayjs(v).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm');

/**
 * Marketplace → one RFQ: what the buyer asks for, the quotes received with their status (and the order an accepted
 * quote became), and — for operators holding `rfq:write`, while the RFQ is open — close (stop quoting) or cancel
 * (outstanding quotes are rejected), each confirmed first, the server's refusal shown in place.
 */
export default function RfqPage() {
  const { t, locale } = usePreferences();
  const { state } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const { id = '' } = useParams();
  const rfq = useApiGet<RfqDetail>(`/api/rfqs/${encodeURIComponent(id)}`);
  const categories = useCategories();
  const [acted, setActed] = useState<RfqDetail | null>(null);
  const [busy, setBusy] = useState<RfqAction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = acted?.id === id ? acted : rfq.data;
  const names = useOrgNames([shown?.buyerId, ...(shown?.quotes ?? []).map((q) => q.supplierId)]);
  const permissions = state.status === 'signed-in' ? state.viewer.permissions : [];
  const actions = shown ? rfqActions(shown.status, hasPermission(permissions, 'rfq:write')) : [];
  const back = (location.state as { from?: string } | null)?.from ?? '/marketplace/rfqs';
  usePageMarks('rfq', shown !== undefined);
  const money = (v: number | null) =>
    v === null ? '—' : formatMoney(v, locale, { currency: shown?.currency ?? 'CNY' });

  const act = async (action: RfqAction) => {
    setBusy(action);
    setError(null);
    try {
      await api<Rfq>('POST', `/api/rfqs/${encodeURIComponent(id)}/${action}`);
      // Cancelling rejects the outstanding quotes: read the RFQ with its quotes again, replacing it in place.
      setActed(await api<RfqDetail>('GET', `/api/rfqs/${encodeURIComponent(id)}`));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="rfq">
      <Space align="center" wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(back)}>
          {t('org.back')}
        </Button>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="rfq-title">
          {shown?.title ?? (rfq.status === 'loading' ? t('app.loading') : '—')}
        </Typography.Title>
        {shown && (
          <Tag color={RFQ_STATUS_COLOURS[shown.status]} data-testid="rfq-status">
            {t(`rfqs.status.${shown.status}` as MessageKey)}
          </Tag>
        )}
      </Space>
      {rfq.status === 'error' ? (
        <Alert
          type="error"
          showIcon
          title={t('rfq.error')}
          description={rfq.error.message}
          action={
            <Button size="small" onClick={rfq.retry}>
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
          <Card
            title={t('rfq.details')}
            size="small"
            extra={
              actions.length > 0 && (
                <Space>
                  {actions.map((a) => (
                    <Popconfirm
                      key={a}
                      title={t(`rfq.confirm.${a}` as MessageKey)}
                      okText={t(`rfq.action.${a}` as MessageKey)}
                      cancelText={t('review.cancel')}
                      okButtonProps={{ danger: a === 'cancel', 'data-testid': `rfq-confirm-${a}` } as ButtonProps}
                      onConfirm={() => act(a)}
                    >
                      <Button
                        size="small"
                        danger={a === 'cancel'}
                        loading={busy === a}
                        disabled={busy !== null}
                        data-testid={`rfq-${a}`}
                      >
                        {t(`rfq.action.${a}` as MessageKey)}
                      </Button>
                    </Popconfirm>
                  ))}
                </Space>
              )
            }
          >
            {error && (
              <Alert
                style={{ marginBottom: 12 }}
                type="error"
                showIcon
                title={t('rfq.actionFailed')}
                description={error}
                data-testid="rfq-error"
              />
            )}
            <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
              <Descriptions.Item label={t('rfqs.buyer')}>
                <Link to={`/marketplace/organizations/${shown.buyerId}`}>{names(shown.buyerId) ?? shown.buyerId}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('products.category')}>
                {categories.index.get(shown.categoryId)?.label ?? shown.categoryId}
              </Descriptions.Item>
              <Descriptions.Item label={t('rfqs.quantity')}>
                {formatCount(shown.quantity, locale)} {shown.unit}
              </Descriptions.Item>
              <Descriptions.Item label={t('rfqs.target')}>{money(shown.targetUnitPrice)}</Descriptions.Item>
              <Descriptions.Item label={t('rfq.region')}>
                {t(`region.${shown.deliveryRegion}` as MessageKey)}
              </Descriptions.Item>
              <Descriptions.Item label={t('rfqs.deadline')}>{when(shown.deadline)}</Descriptions.Item>
              <Descriptions.Item label={t('rfqs.createdAt')}>{when(shown.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('rfq.updatedAt')}>{when(shown.updatedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('rfqs.quotes')}>{shown.quoteCount}</Descriptions.Item>
              {shown.description && (
                <Descriptions.Item label={t('product.description')} span={3}>
                  {shown.description}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card title={t('rfq.quotes', { n: shown.quotes.length })} size="small">
            <Table<Quote>
              rowKey="id"
              size="small"
              data-testid="rfq-quotes"
              dataSource={shown.quotes}
              pagination={shown.quotes.length > 20 ? { pageSize: 20 } : false}
              locale={{ emptyText: t('rfq.noQuotes') }}
              columns={[
                {
                  title: t('products.supplier'),
                  dataIndex: 'supplierId',
                  minWidth: 200,
                  render: (v: string) => <Link to={`/marketplace/organizations/${v}`}>{names(v) ?? '…'}</Link>,
                },
                {
                  title: t('product.unitPrice'),
                  dataIndex: 'unitPrice',
                  width: 130,
                  align: 'right',
                  sorter: (a, b) => a.unitPrice - b.unitPrice,
                  render: (v: number) => money(v),
                },
                {
                  title: t('rfqs.quantity'),
                  dataIndex: 'quantity',
                  width: 100,
                  align: 'right',
                  render: (v: number) => `${formatCount(v, locale)} ${shown.unit}`,
                },
                {
                  title: t('rfq.quoteTotal'),
                  key: 'total',
                  width: 150,
                  align: 'right',
                  sorter: (a, b) => a.unitPrice * a.quantity - b.unitPrice * b.quantity,
                  render: (_: unknown, q) => money(q.unitPrice * q.quantity),
                },
                {
                  title: t('rfq.leadTime'),
                  dataIndex: 'leadTimeDays',
                  width: 100,
                  align: 'right',
                  sorter: (a, b) => a.leadTimeDays - b.leadTimeDays,
                  render: (v: number) => t('rfq.days', { n: v }),
                },
                {
                  title: t('rfq.validUntil'),
                  dataIndex: 'validUntil',
                  width: 150,
                  render: (v: string) => when(v),
                },
                {
                  title: t('rfqs.status'),
                  dataIndex: 'status',
                  width: 100,
                  filters: QUOTE_STATUSES.map((s) => ({ text: t(`quote.status.${s}` as MessageKey), value: s })),
                  onFilter: (v, q) => q.status === v,
                  render: (v: string) => (
                    <Tag color={QUOTE_STATUS_COLOURS[v]} data-testid="quote-status">
                      {t(`quote.status.${v}` as MessageKey)}
                    </Tag>
                  ),
                },
                {
                  title: t('rfq.order'),
                  dataIndex: 'orderId',
                  width: 120,
                  render: (v: string | null) =>
                    v ? <Link to={`/marketplace/orders/${v}`}>{t('rfq.openOrder')}</Link> : '—',
                },
                {
                  title: t('rfq.quotedAt'),
                  dataIndex: 'createdAt',
                  width: 150,
                  sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
                  render: (v: string) => when(v),
                },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
