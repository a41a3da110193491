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
import { categoryOptions } from './categories';
import { useCategories, useOrgNames, useSuppliers } from './lookups';
import {
  columnSortOrder,
  PAGE_SIZES,
  PRODUCT_CSV_HEADER,
  PRODUCT_SORTS,
  PRODUCT_STATUS_COLOURS,
  type ProductFilters,
  productCsvRow,
  productFiltersFromParams,
  productFiltersToParams,
  productsApiPath,
  sortFromSorter,
} from './product-list';
import { PRODUCT_STATUSES, type Product, type ProductPage } from './types';

/**
 * Marketplace → products: the server-paged catalogue (operators see the suppliers in their scope) with search,
 * supplier, category (with its subtree) and status filters and the server's sort in the URL, and a CSV export of the
 * whole filtered list in that order.
 */
export default function ProductsPage() {
  const { t, locale } = usePreferences();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const filters = productFiltersFromParams(params);
  const path = productsApiPath(filters);
  const list = useApiGet<ProductPage>(path);
  const { suppliers, byId: supplierNames, loading: suppliersLoading } = useSuppliers();
  const categories = useCategories();
  const items = list.data?.items ?? [];
  // Names come from the supplier list; only an organisation missing there (of kind "both") is asked for alone.
  const otherName = useOrgNames(
    suppliersLoading ? [] : items.map((p) => p.supplierId).filter((id) => !supplierNames.has(id)),
  );
  const supplierName = (id: string) => supplierNames.get(id) ?? otherName(id);
  const treeData = useMemo(() => categoryOptions(categories.tree), [categories.tree]);
  usePageMarks('products', list.status === 'done');

  const update = (patch: Partial<ProductFilters>) => {
    const next: ProductFilters = { ...filters, page: 1, ...patch };
    for (const k of ['q', 'supplier', 'category', 'status', 'sort'] as const) if (next[k] === undefined) delete next[k];
    setParams(productFiltersToParams(next));
  };
  // Sorting is the server's (the page holds one slice of the list): the columns show the URL's order.
  const sorted = (field: string) => ({
    key: field,
    sorter: true,
    sortOrder: columnSortOrder(filters.sort ?? '-createdAt', field),
  });

  const exportCsv = async () => {
    const all = await fetchAllPages<Product>(path);
    downloadCsv(
      `products-${today()}.csv`,
      PRODUCT_CSV_HEADER,
      all.map((p) => productCsvRow(p, supplierName, (id) => categories.index.get(id)?.label)),
    );
  };

  const priceRange = (p: Product) => {
    const prices = p.tiers.map((x) => x.unitPrice);
    if (prices.length === 0) return '—';
    const lo = Math.min(...prices);
    const hi = Math.max(...prices);
    const fmt = (v: number) => formatMoney(v, locale, { currency: p.currency });
    return lo === hi ? fmt(lo) : `${fmt(lo)} ~ ${fmt(hi)}`;
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="products">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('products.title')}
      </Typography.Title>
      <Card size="small">
        <Space wrap size="middle">
          <Input.Search
            aria-label={t('products.search')}
            placeholder={t('products.search')}
            defaultValue={filters.q}
            key={filters.q ?? ''}
            allowClear
            style={{ width: 240 }}
            onSearch={(q) => update({ q: q.trim() || undefined })}
            data-testid="products-search"
          />
          <Space size={4}>
            <Typography.Text type="secondary">{t('products.supplier')}</Typography.Text>
            <Select
              aria-label={t('products.supplier')}
              data-testid="products-supplier"
              style={{ width: 220 }}
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
            <Typography.Text type="secondary">{t('products.category')}</Typography.Text>
            <TreeSelect
              aria-label={t('products.category')}
              data-testid="products-category"
              style={{ width: 200 }}
              allowClear
              showSearch={{ treeNodeFilterProp: 'title' }}
              placeholder={t('orgs.all')}
              treeDefaultExpandAll={false}
              value={filters.category}
              treeData={treeData}
              onChange={(v: string | undefined) => update({ category: v || undefined })}
            />
          </Space>
          <Space size={4}>
            <Typography.Text type="secondary">{t('products.status')}</Typography.Text>
            <Select
              aria-label={t('products.status')}
              data-testid="products-status"
              style={{ width: 120 }}
              value={filters.status ?? ''}
              options={[
                { value: '', label: t('orgs.all') },
                ...PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`products.status.${s}` as MessageKey) })),
              ]}
              onChange={(v: string) => update({ status: (v || undefined) as ProductFilters['status'] })}
            />
          </Space>
          <CsvExportButton run={exportCsv} count={list.data?.total ?? 0} testId="products-export" />
        </Space>
      </Card>
      {list.status === 'error' ? (
        <Alert
          type="error"
          showIcon
          title={t('products.error')}
          description={list.error.message}
          action={
            <Button size="small" onClick={list.retry}>
              {t('overview.retry')}
            </Button>
          }
        />
      ) : (
        <Table<Product>
          rowKey="id"
          size="middle"
          loading={list.status === 'loading'}
          dataSource={items}
          locale={{ emptyText: t('products.empty') }}
          columns={[
            {
              title: t('products.name'),
              dataIndex: 'title',
              minWidth: 240,
              ...sorted('title'),
              sortDirections: ['ascend', 'descend'],
              render: (v: string, p) => (
                <Link to={`/marketplace/products/${p.id}`} state={{ from: location.pathname + location.search }}>
                  {v}
                </Link>
              ),
            },
            {
              title: t('products.supplier'),
              dataIndex: 'supplierId',
              width: 200,
              render: (v: string) => supplierName(v) ?? '…',
            },
            {
              title: t('products.category'),
              dataIndex: 'categoryId',
              width: 170,
              render: (v: string) => categories.index.get(v)?.label ?? '…',
            },
            {
              title: t('products.status'),
              dataIndex: 'status',
              width: 90,
              render: (v: string) => (
                <Tag color={PRODUCT_STATUS_COLOURS[v]}>{t(`products.status.${v}` as MessageKey)}</Tag>
              ),
            },
            {
              title: t('products.moq'),
              dataIndex: 'moq',
              width: 110,
              ...sorted('moq'),
              sortDirections: ['ascend', 'descend'],
              align: 'right',
              render: (v: number, p) => `${formatCount(v, locale)} ${p.unit}`,
            },
            {
              title: t('products.price'),
              key: 'price',
              width: 210,
              align: 'right',
              render: (_: unknown, p) => priceRange(p),
            },
            {
              title: t('products.stock'),
              dataIndex: 'stock',
              width: 130,
              ...sorted('stock'),
              sortDirections: ['descend', 'ascend'],
              align: 'right',
              render: (v: number) => formatCount(v, locale),
            },
            {
              title: t('products.updatedAt'),
              dataIndex: 'updatedAt',
              width: 150,
              ...sorted('updatedAt'),
              sortDirections: ['descend', 'ascend'],
              render: (v: string) => dayjs(v).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm'),
            },
          ]}
          onChange={(_pagination, _filters, sorter, extra) => {
            if (extra.action !== 'sort') return;
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            update({ sort: sortFromSorter(PRODUCT_SORTS, '-createdAt', s?.columnKey, s?.order) });
          }}
          pagination={{
            current: filters.page,
            pageSize: filters.size,
            total: list.data?.total ?? 0,
            pageSizeOptions: PAGE_SIZES.map(String),
            showSizeChanger: true,
            showTotal: (total) => t('products.total', { total }),
            onChange: (page, size) =>
              setParams(productFiltersToParams({ ...filters, page: size === filters.size ? page : 1, size })),
          }}
        />
      )}
    </Space>
  );
}
