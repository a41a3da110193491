import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  type ButtonProps,
  Card,
  Descriptions,
  Input,
  Modal,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
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
import { useOrgNames } from '../products/lookups';
import { useActorNames } from './actors';
import { ACTION_TARGET, DESTRUCTIVE, type OperatorOrderAction, orderActions } from './order-actions';
import { ORDER_STATUS_COLOURS } from './order-list';
import type { OrderDetail, OrderItem } from './types';

const when = (v: string | null) => (v ? dayjs(v).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm:ss') : '—');
type Coupon = { id: string; code: string; name: string };

/** The order's coupon (its code and name), when it has one. */
function useCoupon(id: string | null): Coupon | null {
  const [coupon, setCoupon] = useState<Coupon | null>(null);
  useEffect(() => {
    if (!id) return;
    const controller = new AbortController();
    api<Coupon>('GET', `/api/coupons/${encodeURIComponent(id)}`, undefined, controller.signal).then(setCoupon, () => {
      // Not readable (scope): the id is shown instead.
    });
    return () => controller.abort();
  }, [id]);
  return coupon?.id === id ? coupon : null;
}

/**
 * Marketplace → one order: its lines, totals (subtotal, discount, coupon, total), the state timeline (every
 * transition with who made it and when) and, for operators holding `order:write`, the actions its state allows.
 * Each action is confirmed first (cancel and refuse-return take an optional reason); the answer replaces the order in
 * place, a refusal is shown in place with the server's message.
 */
export default function OrderPage() {
  const { t, locale } = usePreferences();
  const { state } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const { id = '' } = useParams();
  const order = useApiGet<OrderDetail>(`/api/orders/${encodeURIComponent(id)}`);
  const [acted, setActed] = useState<OrderDetail | null>(null);
  const shown = acted?.id === id ? acted : order.data;
  const names = useOrgNames([shown?.buyerId, shown?.supplierId]);
  const coupon = useCoupon(shown?.couponId ?? null);
  const actor = useActorNames(shown);
  const permissions = state.status === 'signed-in' ? state.viewer.permissions : [];
  const actions = shown ? orderActions(shown, hasPermission(permissions, 'order:write')) : [];
  const back = (location.state as { from?: string } | null)?.from ?? '/marketplace/orders';
  usePageMarks('order', shown !== undefined);
  const money = (v: number) => formatMoney(v, locale, { currency: shown?.currency ?? 'CNY' });
  const status = (s: string) => t(`orders.status.${s}` as MessageKey);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="order">
      <Space align="center" wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(back)}>
          {t('org.back')}
        </Button>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('order.title')} <Typography.Text code>{id}</Typography.Text>
        </Typography.Title>
        {shown && (
          <Tag color={ORDER_STATUS_COLOURS[shown.status]} data-testid="order-status">
            {status(shown.status)}
          </Tag>
        )}
      </Space>
      {order.status === 'error' ? (
        <Alert
          type="error"
          showIcon
          title={t('order.error')}
          description={order.error.message}
          action={
            <Button size="small" onClick={order.retry}>
              {t('overview.retry')}
            </Button>
          }
        />
      ) : !shown ? (
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      ) : (
        <>
          {(location.state as { placed?: boolean } | null)?.placed && (
            <Alert type="success" showIcon closable title={t('order.placed')} data-testid="order-placed" />
          )}
          {actions.length > 0 && (
            <OrderActions
              order={shown}
              actions={actions}
              onDone={setActed}
              onRefresh={async () => setActed(await api<OrderDetail>('GET', `/api/orders/${encodeURIComponent(id)}`))}
            />
          )}
          <Card title={t('order.details')} size="small">
            <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
              <Descriptions.Item label={t('orders.buyer')}>
                <Link to={`/marketplace/organizations/${shown.buyerId}`} data-testid="order-buyer">
                  {names(shown.buyerId) ?? shown.buyerId}
                </Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('orders.supplier')}>
                <Link to={`/marketplace/organizations/${shown.supplierId}`}>
                  {names(shown.supplierId) ?? shown.supplierId}
                </Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('orders.source')}>
                {t(`orders.source.${shown.source}` as MessageKey)}
              </Descriptions.Item>
              <Descriptions.Item label={t('orders.placedAt')}>{when(shown.placedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('order.paidAt')}>{when(shown.paidAt)}</Descriptions.Item>
              <Descriptions.Item label={t('order.shippedAt')}>{when(shown.shippedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('order.deliveredAt')}>{when(shown.deliveredAt)}</Descriptions.Item>
              <Descriptions.Item label={t('order.completedAt')}>{when(shown.completedAt)}</Descriptions.Item>
              {shown.cancelledAt && (
                <Descriptions.Item label={t('order.cancelledAt')}>{when(shown.cancelledAt)}</Descriptions.Item>
              )}
              <Descriptions.Item label={t('order.points')}>{formatCount(shown.pointsEarned, locale)}</Descriptions.Item>
              <Descriptions.Item label={t('order.note')} span={2}>
                {shown.note ?? t('org.none')}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('order.lines')} size="small">
            <Table<OrderItem>
              rowKey="id"
              size="small"
              data-testid="order-lines"
              pagination={false}
              dataSource={shown.items}
              scroll={{ x: 900 }}
              columns={[
                { title: '#', dataIndex: 'lineNo', width: 50 },
                {
                  title: t('order.product'),
                  dataIndex: 'title',
                  ellipsis: true,
                  render: (v: string, l) =>
                    l.productId ? <Link to={`/marketplace/products/${l.productId}`}>{v}</Link> : v,
                },
                {
                  title: t('rfqs.quantity'),
                  dataIndex: 'quantity',
                  width: 120,
                  align: 'right',
                  sorter: (a, b) => a.quantity - b.quantity,
                  render: (v: number, l) => `${formatCount(v, locale)} ${l.unit}`,
                },
                {
                  title: t('order.listPrice'),
                  dataIndex: 'listUnitPrice',
                  width: 130,
                  align: 'right',
                  render: (v: number) => money(v),
                },
                {
                  title: t('product.unitPrice'),
                  dataIndex: 'unitPrice',
                  width: 130,
                  align: 'right',
                  render: (v: number, l) => (
                    <Space size={4}>
                      {l.promotionId && <Tag color="magenta">{t('order.promotion')}</Tag>}
                      {money(v)}
                    </Space>
                  ),
                },
                {
                  title: t('order.lineTotal'),
                  dataIndex: 'lineTotal',
                  width: 150,
                  align: 'right',
                  sorter: (a, b) => a.lineTotal - b.lineTotal,
                  render: (v: number) => money(v),
                },
              ]}
              summary={() => (
                <>
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0} colSpan={5} align="right">
                      {t('order.subtotal')}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={1} align="right">
                      {money(shown.subtotal)}
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0} colSpan={5} align="right">
                      {t('orders.discount')}
                      {shown.couponId &&
                        ` · ${t('order.coupon')} ${coupon ? `${coupon.code} · ${coupon.name}` : shown.couponId}`}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={1} align="right">
                      <span data-testid="order-discount">
                        {shown.discount ? `-${money(shown.discount)}` : money(0)}
                      </span>
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0} colSpan={5} align="right">
                      <Typography.Text strong>{t('orders.total')}</Typography.Text>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={1} align="right">
                      <Typography.Text strong data-testid="order-total">
                        {money(shown.total)}
                      </Typography.Text>
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                </>
              )}
            />
          </Card>
          <Card title={t('order.timeline')} size="small">
            <Timeline
              data-testid="order-timeline"
              style={{ marginTop: 8 }}
              items={shown.transitions.map((tr) => ({
                key: tr.id,
                color: ORDER_STATUS_COLOURS[tr.toStatus] === 'default' ? 'gray' : ORDER_STATUS_COLOURS[tr.toStatus],
                content: (
                  <div data-testid="timeline-item" data-status={tr.toStatus}>
                    <Typography.Text strong>
                      {tr.fromStatus
                        ? `${status(tr.fromStatus)} → ${status(tr.toStatus)}`
                        : t('order.created', { status: status(tr.toStatus) })}
                    </Typography.Text>
                    <div>
                      <Typography.Text type="secondary">
                        {when(tr.at)} · {t(`order.actor.${tr.actorKind}` as MessageKey)}
                        {tr.actorId ? ` ${actor(tr.actorId)}` : ''}
                      </Typography.Text>
                    </div>
                    {tr.reason && <div>{t('order.reason', { reason: tr.reason })}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </>
      )}
    </Space>
  );
}

/**
 * The action buttons of an order: each opens a confirmation naming the status it leads to; the answer (the updated
 * order) goes to `onDone`; a refusal stays in the dialog, and above the buttons, with the server's message.
 */
function OrderActions({
  order,
  actions,
  onDone,
  onRefresh,
}: {
  order: OrderDetail;
  actions: OperatorOrderAction[];
  onDone: (o: OrderDetail) => void;
  /** Reads the order again (after a refusal: someone else may have moved it meanwhile). */
  onRefresh: () => Promise<void>;
}) {
  const { t } = usePreferences();
  const [pending, setPending] = useState<OperatorOrderAction | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: OperatorOrderAction) => {
    setBusy(true);
    setError(null);
    try {
      const body = reason.trim() ? { reason: reason.trim() } : {};
      const updated = await api<OrderDetail>('POST', `/api/orders/${encodeURIComponent(order.id)}/${action}`, body);
      setPending(null);
      setReason('');
      onDone(updated);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('order.actions')} size="small" data-testid="order-actions">
      <Space wrap>
        {actions.map((a) => (
          <Button
            key={a}
            type={DESTRUCTIVE.has(a) ? 'default' : 'primary'}
            danger={DESTRUCTIVE.has(a)}
            data-testid={`order-action-${a}`}
            onClick={() => {
              setError(null);
              setReason('');
              setPending(a);
            }}
          >
            {t(`order.action.${a}` as MessageKey)}
          </Button>
        ))}
      </Space>
      {error !== null && pending === null && (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          title={t('order.actionFailed')}
          description={error}
          data-testid="order-action-failed"
          action={
            <Button
              size="small"
              onClick={() => {
                setError(null);
                void onRefresh().catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
              }}
            >
              {t('order.refresh')}
            </Button>
          }
        />
      )}
      <Modal
        open={pending !== null}
        title={pending ? t(`order.action.${pending}` as MessageKey) : ''}
        okText={t('order.confirm')}
        cancelText={t('review.cancel')}
        okButtonProps={
          {
            danger: pending !== null && DESTRUCTIVE.has(pending),
            loading: busy,
            'data-testid': 'order-confirm',
          } as ButtonProps
        }
        onOk={() => pending && void run(pending)}
        onCancel={() => setPending(null)}
        destroyOnHidden
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            {pending &&
              t('order.confirmText', {
                from: t(`orders.status.${order.status}` as MessageKey),
                to: t(`orders.status.${ACTION_TARGET[pending]}` as MessageKey),
              })}
          </Typography.Text>
          {pending && DESTRUCTIVE.has(pending) && (
            <Input.TextArea
              aria-label={t('order.reasonLabel')}
              placeholder={t('order.reasonLabel')}
              maxLength={500}
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
          {error !== null && (
            <Alert
              type="error"
              showIcon
              title={t('order.actionFailed')}
              description={error}
              data-testid="order-action-error"
            />
          )}
        </Space>
      </Modal>
    </Card>
  );
}
