import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { fetchAllPages } from '../../../api/pages';
import { useApiGet } from '../../../api/use-query';
import { CsvExportButton } from '../../../components/CsvExportButton';
import type { MessageKey } from '../../../i18n/messages';
import { downloadCsv } from '../../../lib/csv';
import { TIME_ZONE, today } from '../../../lib/dates';
import { formatMoney } from '../../../lib/money';
import { usePageMarks } from '../../../lib/perf';
import { usePreferences } from '../../../preferences/preferences';
import { useSession } from '../../../session/session';
import { hasPermission } from '../certification';
import { allOrgNames, useOrgNames, useSuppliers } from '../products/lookups';
import { OrgPicker } from '../products/OrgPicker';
import { columnSortOrder, PAGE_SIZES, sortFromSorter } from '../products/product-list';
import {
  ORDER_CSV_HEADER,
  ORDER_SORTS,
  ORDER_STATUS_COLOURS,
  type OrderFilters,
  orderCsvRow,
  orderFiltersFromParams,
  orderFiltersToParams,
  ordersApiPath,
  shortId,
} from './order-list';
import { ORDER_STATUSES, type Order, type OrderPage } from './types';

/**
 * Marketplace → orders: the server-paged list, newest first (operators: buyers in their scope), with status, buyer,
 * supplier and placement-date filters and the server's sort (placement time, total) in the URL, a CSV export of the
 * whole filtered list in that order, and — for operators with `order:write` — the way to place an order on a buyer's
 * behalf.
 */
export default function OrdersPage() {
  const { t, locale } = usePreferences();
  const { state } = useSession();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const filters = orderFiltersFromParams(params);
  const path = ordersApiPath(filters);
  const list = useApiGet<OrderPage>(path);
  const { suppliers, byId: supplierNames, loading: suppliersLoading } = useSuppliers();
  const items = list.data?.items ?? [];
  // Supplier names come from the supplier list; buyers (too many to load whole) are asked for one by one.
  const otherName = useOrgNames(
    suppliersLoading ? [] : items.flatMap((o) => [o.buyerId, o.supplierId]).filter((id) => !supplierNames.has(id)),
  );
  const name = (id: string) => supplierNames.get(id) ?? otherName(id);
  const permissions = state.status === 'signed-in' ? state.viewer.permissions : [];
  usePageMarks('orders', list.status === 'done');

  const update = (patch: Partial<OrderFilters>) => {
    const next: OrderFilters = { ...filters, page: 1, ...patch };
    for (const k of ['status', 'buyer', 'supplier', 'from', 'to', 'sort'] as const) {
      if (next[k] === undefined) delete next[k];
    }
    setParams(orderFiltersToParams(next));
  };
  // Sorting is the server's (the page holds one slice of the list): the columns show the URL's order.
  const sorted = (field: string) => ({
    key: field,
    sorter: true,
    sortOrder: columnSortOrder(filters.sort ?? '-placedAt', field),
    sortDirections: ['descend' as const, 'ascend' as const],
  });

  const exportCsv = async () => {
    const [all, buyers] = await Promise.all([fetchAllPages<Order>(path), allOrgNames('buyer')]);
    downloadCsv(
      `orders-${today()}.csv`,
      ORDER_CSV_HEADER,
      all.map((o) => orderCsvRow(o, (id) => supplierNames.get(id) ?? buyers(id))),
    );
  };

  const when = (v: string | null) => (v ? dayjs(v).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm') : '—');

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="orders">
      <Space align="center" style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('orders.title')}
        </Typography.Title>
        {hasPermission(permissions, 'order:write') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => navigate('/marketplace/orders/new')}
            data-testid="orders-new"
          >
            {t('orders.new')}
          </Button>
        )}
      </Space>
      <Card size="small">
        <Space wrap size="middle">
          <Space size={4}>
            <Typography.Text type="secondary">{t('orders.status')}</Typography.Text>
            <Select
              aria-label={t('orders.status')}
              data-testid="orders-status"
              style={{ width: 130 }}
              value={filters.status ?? ''}
              options={[
                { value: '', label: t('orgs.all') },
                ...ORDER_STATUSES.map((s) => ({ value: s, label: t(`orders.status.${s}` as MessageKey) })),
              ]}
              onChange={(v: string) => update({ status: (v || undefined) as OrderFilters['status'] })}
            />
          </Space>
          <Space size={4}>
            <Typography.Text type="secondary">{t('orders.buyer')}</Typography.Text>
            <OrgPicker
              kind="buyer"
              label={t('orders.buyer')}
              testId="orders-buyer"
              value={filters.buyer}
              width={200}
              placeholder={t('orgs.all')}
              onChange={(buyer) => update({ buyer })}
            />
          </Space>
          <Space size={4}>
            <Typography.Text type="secondary">{t('orders.supplier')}</Typography.Text>
            <Select
              aria-label={t('orders.supplier')}
              data-testid="orders-supplier"
              style={{ width: 200 }}
              showSearch={{ optionFilterProp: 'label' }}
              allowClear
              loading={suppliersLoading}
              placeholder={t('orgs.all')}
              value={filters.supplier}
              options={suppliers.map((s) => ({ value: s.id, label: s.name }))}
              onChange={(v: string | undefined) => update({ supplier: v || undefined })}
            />
          </Space>
          <Space size={4}>
            <Typography.Text type="secondary">{t('orders.placedAt')}</Typography.Text>
            <DatePicker.RangePicker
              aria-label={t('orders.placedAt')}
              data-testid="orders-range"
              allowEmpty={[true, true]}
              value={
                filters.from || filters.to
                  ? [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]
                  : null
              }
              onChange={(v) => {
                const [a, b] = v ?? [null, null];
                const from = a ? a.format('YYYY-MM-DD') : undefined;
                const to = b ? b.format('YYYY-MM-DD') : undefined;
                update({ from, to });
              }}
              presets={[
                { label: t('overview.last7'), value: [dayjs(today()).subtract(6, 'day'), dayjs(today())] },
                { label: t('overview.last30'), value: [dayjs(today()).subtract(29, 'day'), dayjs(today())] },
              ]}
            />
          </Space>
          <CsvExportButton run={exportCsv} count={list.data?.total ?? 0} testId="orders-export" />
        </Space>
      </Card>
      {list.status === 'error' ? (
        <Alert
          type="error"
          showIcon
          title={t('orders.error')}
          description={list.error.message}
          action={
            <Button size="small" onClick={list.retry}>
              {t('overview.retry')}
            </Button>
          }
        />
      ) : (
        <Table<Order>
          rowKey="id"
          size="middle"
          loading={list.status === 'loading'}
          dataSource={items}
          locale={{ emptyText: t('orders.empty') }}
          scroll={{ x: 1150 }}
          columns={[
            {
              title: t('orders.id'),
              dataIndex: 'id',
              width: 150,
              render: (v: string) => (
                <Link to={`/marketplace/orders/${v}`} state={{ from: location.pathname + location.search }}>
                  {shortId(v)}
                </Link>
              ),
            },
            { title: t('orders.placedAt'), dataIndex: 'placedAt', width: 160, render: when, ...sorted('placedAt') },
            {
              title: t('orders.buyer'),
              dataIndex: 'buyerId',
              ellipsis: true,
              render: (v: string) => name(v) ?? '…',
            },
            {
              title: t('orders.supplier'),
              dataIndex: 'supplierId',
              ellipsis: true,
              render: (v: string) => name(v) ?? '…',
            },
            {
              title: t('orders.status'),
              dataIndex: 'status',
              width: 100,
              render: (v: string) => <Tag color={ORDER_STATUS_COLOURS[v]}>{t(`orders.status.${v}` as MessageKey)}</Tag>,
            },
            {
              title: t('orders.source'),
              dataIndex: 'source',
              width: 90,
              render: (v: string) => t(`orders.source.${v}` as MessageKey),
            },
            {
              title: t('orders.discount'),
              dataIndex: 'discount',
              width: 120,
              align: 'right',
              render: (v: number, o) => (v ? `-${formatMoney(v, locale, { currency: o.currency })}` : '—'),
            },
            {
              title: t('orders.total'),
              dataIndex: 'total',
              width: 150,
              ...sorted('total'),
              align: 'right',
              render: (v: number, o) => formatMoney(v, locale, { currency: o.currency }),
            },
          ]}
          onChange={(_pagination, _filters, sorter, extra) => {
            if (extra.action !== 'sort') return;
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            update({ sort: sortFromSorter(ORDER_SORTS, '-placedAt', s?.columnKey, s?.order) });
          }}
          pagination={{
            current: filters.page,
            pageSize: filters.size,
            total: list.data?.total ?? 0,
            pageSizeOptions: PAGE_SIZES.map(String),
            showSizeChanger: true,
            showTotal: (total) => t('orders.totalCount', { total }),
            onChange: (page, size) =>
              setParams(orderFiltersToParams({ ...filters, page: size === filters.size ? page : 1, size })),
          }}
        />
      )}
    </Space>
  );
}
