import { Alert, Button, Card, Input, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { fetchAllPages } from '../../../api/pages';
import { useApiGet } from '../../../api/use-query';
import { CsvExportButton } from '../../../components/CsvExportButton';
import type { MessageKey } from '../../../i18n/messages';
import { downloadCsv } from '../../../lib/csv';
import { TIME_ZONE, today } from '../../../lib/dates';
import { formatCount, formatMoney } from '../../../lib/money';
import { usePageMarks } from '../../../lib/perf';
import { usePreferences } from '../../../preferences/preferences';
import { categoryOptions } from '../products/categories';
import { allOrgNames, useCategories, useOrgNames } from '../products/lookups';
import { OrgPicker } from '../products/OrgPicker';
import { columnSortOrder, PAGE_SIZES, sortFromSorter } from '../products/product-list';
import {
  RFQ_CSV_HEADER,
  RFQ_SORTS,
  RFQ_STATUS_COLOURS,
  type RfqFilters,
  rfqCsvRow,
  rfqFiltersFromParams,
  rfqFiltersToParams,
  rfqsApiPath,
} from './rfq-list';
import { RFQ_STATUSES, type Rfq, type RfqPage } from './types';

/**
 * Marketplace → RFQs (询价单): the server-paged list (operators: buyers in their scope) with search, status, buyer and
 * category filters and the server's sort in the URL, and a CSV export of the whole filtered list in that order.
 */
export default function RfqsPage() {
  const { t, locale } = usePreferences();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const filters = rfqFiltersFromParams(params);
  const path = rfqsApiPath(filters);
  const list = useApiGet<RfqPage>(path);
  const categories = useCategories();
  const items = list.data?.items ?? [];
  const buyerName = useOrgNames(items.map((r) => r.buyerId));
  const treeData = useMemo(() => categoryOptions(categories.tree), [categories.tree]);
  usePageMarks('rfqs', list.status === 'done');

  const update = (patch: Partial<RfqFilters>) => {
    const next: RfqFilters = { ...filters, page: 1, ...patch };
    for (const k of ['q', 'status', 'buyer', 'category', 'sort'] as const) if (next[k] === undefined) delete next[k];
    setParams(rfqFiltersToParams(next));
  };
  // Sorting is the server's (the page holds one slice of the list): the columns show the URL's order.
  const sorted = (field: string) => ({
    key: field,
    sorter: true,
    sortOrder: columnSortOrder(filters.sort ?? '-createdAt', field),
  });

  const exportCsv = async () => {
    const [all, names] = await Promise.all([fetchAllPages<Rfq>(path), allOrgNames('buyer')]);
    downloadCsv(
      `rfqs-${today()}.csv`,
      RFQ_CSV_HEADER,
      all.map((r) => rfqCsvRow(r, names, (id) => categories.index.get(id)?.label)),
    );
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="rfqs">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('rfqs.title')}
      </Typography.Title>
      <Card size="small">
        <Space wrap size="middle">
          <Input.Search
            aria-label={t('rfqs.search')}
            placeholder={t('rfqs.search')}
            defaultValue={filters.q}
            key={filters.q ?? ''}
            allowClear
            style={{ width: 220 }}
            onSearch={(q) => update({ q: q.trim() || undefined })}
          />
          <Space size={4}>
            <Typography.Text type="secondary">{t('rfqs.status')}</Typography.Text>
            <Select
              aria-label={t('rfqs.status')}
              data-testid="rfqs-status"
              style={{ width: 120 }}
              value={filters.status ?? ''}
              options={[
                { value: '', label: t('orgs.all') },
                ...RFQ_STATUSES.map((s) => ({ value: s, label: t(`rfqs.status.${s}` as MessageKey) })),
              ]}
              onChange={(v: string) => update({ status: (v || undefined) as RfqFilters['status'] })}
            />
          </Space>
          <Space size={4}>
            <Typography.Text type="secondary">{t('rfqs.buyer')}</Typography.Text>
            <OrgPicker
              kind="buyer"
              label={t('rfqs.buyer')}
              value={filters.buyer}
              width={220}
              placeholder={t('orgs.all')}
              onChange={(buyer) => update({ buyer })}
            />
          </Space>
          <Space size={4}>
            <Typography.Text type="secondary">{t('products.category')}</Typography.Text>
            <TreeSelect
              aria-label={t('products.category')}
              style={{ width: 180 }}
              allowClear
              showSearch={{ treeNodeFilterProp: 'title' }}
              placeholder={t('orgs.all')}
              value={filters.category}
              treeData={treeData}
              onChange={(v: string | undefined) => update({ category: v || undefined })}
            />
          </Space>
          <CsvExportButton run={exportCsv} count={list.data?.total ?? 0} testId="rfqs-export" />
        </Space>
      </Card>
      {list.status === 'error' ? (
        <Alert
          type="error"
          showIcon
          title={t('rfqs.error')}
          description={list.error.message}
          action={
            <Button size="small" onClick={list.retry}>
              {t('overview.retry')}
            </Button>
          }
        />
      ) : (
        <Table<Rfq>
          rowKey="id"
          size="middle"
          loading={list.status === 'loading'}
          dataSource={items}
          locale={{ emptyText: t('rfqs.empty') }}
          columns={[
            {
              title: t('rfqs.name'),
              dataIndex: 'title',
              minWidth: 220,
              ...sorted('title'),
              sortDirections: ['ascend', 'descend'],
              render: (v: string, r) => (
                <Link to={`/marketplace/rfqs/${r.id}`} state={{ from: location.pathname + location.search }}>
                  {v}
                </Link>
              ),
            },
            {
              title: t('rfqs.buyer'),
              dataIndex: 'buyerId',
              width: 240,
              render: (v: string) => buyerName(v) ?? '…',
            },
            {
              title: t('products.category'),
              dataIndex: 'categoryId',
              width: 120,
              render: (v: string) => categories.index.get(v)?.name ?? '…',
            },
            {
              title: t('rfqs.status'),
              dataIndex: 'status',
              width: 90,
              render: (v: string) => <Tag color={RFQ_STATUS_COLOURS[v]}>{t(`rfqs.status.${v}` as MessageKey)}</Tag>,
            },
            {
              title: t('rfqs.quantity'),
              dataIndex: 'quantity',
              width: 110,
              ...sorted('quantity'),
              sortDirections: ['descend', 'ascend'],
              align: 'right',
              render: (v: number, r) => `${formatCount(v, locale)} ${r.unit}`,
            },
            {
              title: t('rfqs.target'),
              dataIndex: 'targetUnitPrice',
              width: 130,
              align: 'right',
              render: (v: number | null, r) => (v === null ? '—' : formatMoney(v, locale, { currency: r.currency })),
            },
            { title: t('rfqs.quotes'), dataIndex: 'quoteCount', width: 80, align: 'right' },
            {
              title: t('rfqs.deadline'),
              dataIndex: 'deadline',
              width: 160,
              ...sorted('deadline'),
              sortDirections: ['ascend', 'descend'],
              render: (v: string) => dayjs(v).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm'),
            },
            {
              title: t('rfqs.createdAt'),
              dataIndex: 'createdAt',
              width: 160,
              ...sorted('createdAt'),
              sortDirections: ['descend', 'ascend'],
              render: (v: string) => dayjs(v).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm'),
            },
          ]}
          onChange={(_pagination, _filters, sorter, extra) => {
            if (extra.action !== 'sort') return;
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            update({ sort: sortFromSorter(RFQ_SORTS, '-createdAt', s?.columnKey, s?.order) });
          }}
          pagination={{
            current: filters.page,
            pageSize: filters.size,
            total: list.data?.total ?? 0,
            pageSizeOptions: PAGE_SIZES.map(String),
            showSizeChanger: true,
            showTotal: (total) => t('rfqs.total', { total }),
            onChange: (page, size) =>
              setParams(rfqFiltersToParams({ ...filters, page: size === filters.size ? page : 1, size })),
          }}
        />
      )}
    </Space>
  );
}
