import { Alert, Card, Col, Row, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import type { ListPage } from '../../api/pages';
import type { TrendsResult } from '../../api/types';
import { useAnalyticsQuery, useApiGet } from '../../api/use-query';
import { formatCount, formatMoney } from '../../lib/money';
import type { DayRange } from '../../lib/period';
import { usePreferences } from '../../preferences/preferences';
import { QueryPopover } from './QueryPopover';
import {
  type CategoryNode,
  categoryNames,
  listingsPath,
  rfqListingRatio,
  rfqQuery,
  rfqsByCategory,
  rfqTotal,
  topCategoriesQuery,
} from './queries';

type CategoryRow = { id: string; categoryId: string | null; gmv: number; orders: number; cvr: number | null };
type Performance = { rows: CategoryRow[] };

/** Active listings per category id, fetched once the top categories are known (one small count request each). */
function useListingCounts(ids: string[]): Map<string, number> | null {
  const key = ids.join(',');
  const [counts, setCounts] = useState<Map<string, number> | null>(null);
  useEffect(() => {
    if (key === '') return;
    const controller = new AbortController();
    setCounts(null);
    Promise.all(
      key.split(',').map((id) => api<ListPage<unknown>>('GET', listingsPath(id), undefined, controller.signal)),
    ).then(
      (pages) => setCounts(new Map(key.split(',').map((id, i) => [id, pages[i]?.total ?? 0]))),
      () => {
        if (!controller.signal.aborted) setCounts(new Map());
      },
    );
    return () => controller.abort();
  }, [key]);
  return counts;
}

const ratioText = (r: number | null, locale: string) =>
  r === null ? '—' : new Intl.NumberFormat(locale, { maximumFractionDigits: 2, minimumFractionDigits: 2 }).format(r);

/**
 * Demand against supply: RFQs submitted in the range per active listing (in all and per category), and the top
 * categories by GMV with their orders, conversion, RFQs and listings.
 */
export function DemandCards({ range, height }: { range: DayRange; height: number }) {
  const { t, locale } = usePreferences();
  const rfqNode = useMemo(() => rfqQuery(range), [range]);
  const topNode = useMemo(() => topCategoriesQuery(range), [range]);
  const rfqs = useAnalyticsQuery<TrendsResult>(rfqNode);
  const top = useAnalyticsQuery<Performance>(topNode);
  const listings = useApiGet<ListPage<unknown>>(listingsPath());
  const tree = useApiGet<{ items: CategoryNode[] }>('/api/categories');
  const names = useMemo(() => (tree.status === 'done' ? categoryNames(tree.data.items) : new Map()), [tree]);
  const topIds = top.status === 'done' ? top.data.rows.map((r) => r.categoryId ?? r.id) : [];
  const perCategoryListings = useListingCounts(topIds);

  const totalRfqs = rfqs.status === 'done' ? rfqTotal(rfqs.data) : null;
  const totalListings = listings.status === 'done' ? listings.data.total : null;
  const ratio = totalRfqs !== null && totalListings !== null ? rfqListingRatio(totalRfqs, totalListings) : null;
  const byCategory = rfqs.status === 'done' ? rfqsByCategory(rfqs.data) : new Map<string, number>();

  const rows =
    top.status === 'done'
      ? top.data.rows.map((r) => {
          const id = r.categoryId ?? r.id;
          const rfqCount = byCategory.get(id) ?? 0;
          const listed = perCategoryListings?.get(id) ?? null;
          return {
            id,
            name: names.get(id) ?? id,
            gmv: r.gmv,
            orders: r.orders,
            rfqs: rfqCount,
            listings: listed,
            ratio: listed === null ? null : rfqListingRatio(rfqCount, listed),
          };
        })
      : [];

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={8}>
        <Card
          size="small"
          title={t('overview.rfqRatio')}
          extra={<QueryPopover node={{ rfqs: rfqNode, listings: `GET ${listingsPath()}` }} testId="query-rfq-ratio" />}
          styles={{ body: { height } }}
        >
          {rfqs.status === 'loading' || listings.status === 'loading' ? (
            <Skeleton active paragraph={{ rows: 4 }} />
          ) : rfqs.status === 'error' || listings.status === 'error' ? (
            <Alert
              type="error"
              showIcon
              title={t('overview.error')}
              description={(rfqs.error ?? listings.error)?.message}
            />
          ) : (
            <Space direction="vertical" size="middle">
              <Statistic value={ratioText(ratio, locale)} data-testid="kpi-rfq-ratio" />
              <Typography.Text type="secondary">{t('overview.rfqRatioHelp')}</Typography.Text>
              <Space size="large">
                <Statistic title={t('overview.rfqs')} value={formatCount(totalRfqs, locale)} data-testid="kpi-rfqs" />
                <Statistic
                  title={t('overview.listings')}
                  value={formatCount(totalListings, locale)}
                  data-testid="kpi-listings"
                />
              </Space>
            </Space>
          )}
        </Card>
      </Col>
      <Col xs={24} xl={16}>
        <Card
          size="small"
          title={t('overview.topCategories')}
          extra={
            <Space size={4}>
              <Link to={`/analysis/products?groupBy=category&from=${range.from}&to=${range.to}`}>
                {t('overview.openAnalysis')}
              </Link>
              <QueryPopover node={topNode} testId="query-top-categories" />
            </Space>
          }
          styles={{ body: { height, overflow: 'auto' } }}
        >
          {top.status === 'error' ? (
            <Alert type="error" showIcon title={t('overview.error')} description={top.error.message} />
          ) : (
            <Table
              size="small"
              data-testid="top-categories"
              loading={top.status === 'loading'}
              rowKey="id"
              pagination={false}
              dataSource={rows}
              locale={{ emptyText: t('overview.empty') }}
              columns={[
                { key: 'name', dataIndex: 'name', title: t('overview.category') },
                {
                  key: 'gmv',
                  title: t('overview.gmv'),
                  align: 'right',
                  render: (_: unknown, r) => formatMoney(r.gmv, locale),
                },
                { key: 'orders', title: t('overview.orders'), align: 'right', render: (_: unknown, r) => r.orders },
                { key: 'rfqs', title: t('overview.rfqs'), align: 'right', render: (_: unknown, r) => r.rfqs },
                {
                  key: 'listings',
                  title: t('overview.listings'),
                  align: 'right',
                  render: (_: unknown, r) => formatCount(r.listings, locale),
                },
                {
                  key: 'ratio',
                  title: t('overview.rfqRatioShort'),
                  align: 'right',
                  render: (_: unknown, r) => ratioText(r.ratio, locale),
                },
              ]}
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}
