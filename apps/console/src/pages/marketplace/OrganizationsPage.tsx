import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { fetchAllPages } from '../../api/pages';
import { useApiGet } from '../../api/use-query';
import type { MessageKey } from '../../i18n/messages';
import { downloadCsv } from '../../lib/csv';
import { TIME_ZONE } from '../../lib/dates';
import { usePageMarks } from '../../lib/perf';
import { usePreferences } from '../../preferences/preferences';
import { businessLineLabel, CERT_COLOURS } from './certification';
import {
  CERTIFICATION_STATUSES,
  filtersFromParams,
  filtersToParams,
  ORGANIZATION_KINDS,
  type OrganizationFilters,
  type OrganizationSort,
  organizationsApiPath,
  PAGE_SIZES,
  REGIONS,
} from './organization-list';

type Organization = {
  id: string;
  name: string;
  kind: string;
  industry: string;
  region: string;
  businessLine: string;
  certificationStatus: string;
  createdAt: string;
};
type OrganizationPage = { items: Organization[]; total: number; limit: number; offset: number };

/** Marketplace → organisations: the scoped list (the server applies the operator's data scope), filters in the URL. */
export default function OrganizationsPage() {
  const { t } = usePreferences();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const filters = filtersFromParams(params);
  const list = useApiGet<OrganizationPage>(organizationsApiPath(filters));
  const label = (key: string) => t(key as MessageKey);
  usePageMarks('organizations', list.status === 'done');
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);

  // Every organisation the filters match (not just this page), with the labels shown on screen.
  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const all = await fetchAllPages<Organization>(organizationsApiPath({ ...filters, page: 1, size: 200 }));
      downloadCsv(
        `organizations-${dayjs().tz(TIME_ZONE).format('YYYYMMDD-HHmm')}.csv`,
        [
          'id',
          t('orgs.name'),
          t('orgs.kind'),
          t('orgs.region'),
          t('orgs.industry'),
          t('orgs.businessLine'),
          t('orgs.certification'),
          t('orgs.createdAt'),
        ],
        all.map((o) => [
          o.id,
          o.name,
          label(`kind.${o.kind}`),
          label(`region.${o.region}`),
          o.industry,
          businessLineLabel(o.businessLine, t),
          label(`cert.${o.certificationStatus}`),
          dayjs(o.createdAt).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm'),
        ]),
      );
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    } finally {
      setExporting(false);
    }
  };
  const sortOrder = (field: 'name' | 'createdAt') => {
    const sort = filters.sort ?? '-createdAt';
    return sort === field ? ('ascend' as const) : sort === `-${field}` ? ('descend' as const) : null;
  };

  // A new filter starts again at page 1.
  const update = (patch: Partial<OrganizationFilters>) => {
    const next = { ...filters, page: 1, ...patch };
    for (const k of ['q', 'kind', 'region', 'cert', 'sort'] as const) if (next[k] === undefined) delete next[k];
    setParams(filtersToParams(next));
  };
  const options = (values: readonly string[], prefix: string) => [
    { value: '', label: t('orgs.all') },
    ...values.map((v) => ({ value: v, label: label(`${prefix}.${v}`) })),
  ];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="organizations">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('orgs.title')}
      </Typography.Title>
      <Card size="small">
        <Space wrap size="middle">
          <Input.Search
            aria-label={t('orgs.search')}
            placeholder={t('orgs.search')}
            defaultValue={filters.q}
            allowClear
            style={{ width: 260 }}
            onSearch={(q) => update({ q: q.trim() || undefined })}
          />
          <Space size={4}>
            <Typography.Text type="secondary">{t('orgs.kind')}</Typography.Text>
            <Select
              aria-label={t('orgs.kind')}
              style={{ width: 160 }}
              value={filters.kind ?? ''}
              options={options(ORGANIZATION_KINDS, 'kind')}
              onChange={(v) => update({ kind: (v || undefined) as OrganizationFilters['kind'] })}
            />
          </Space>
          <Space size={4}>
            <Typography.Text type="secondary">{t('orgs.region')}</Typography.Text>
            <Select
              aria-label={t('orgs.region')}
              style={{ width: 120 }}
              value={filters.region ?? ''}
              options={options(REGIONS, 'region')}
              onChange={(v) => update({ region: (v || undefined) as OrganizationFilters['region'] })}
            />
          </Space>
          <Space size={4}>
            <Typography.Text type="secondary">{t('orgs.certification')}</Typography.Text>
            <Select
              aria-label={t('orgs.certification')}
              style={{ width: 120 }}
              value={filters.cert ?? ''}
              options={options(CERTIFICATION_STATUSES, 'cert')}
              onChange={(v) => update({ cert: (v || undefined) as OrganizationFilters['cert'] })}
            />
          </Space>
        </Space>
      </Card>
      <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
        {exportError ? (
          <Typography.Text type="danger">
            {t('table.exportFailed')}: {exportError}
          </Typography.Text>
        ) : null}
        <Button
          icon={<DownloadOutlined />}
          loading={exporting}
          disabled={!list.data?.total}
          onClick={exportCsv}
          data-testid="organizations-export"
        >
          {t('table.exportCsv', { n: list.data?.total ?? 0 })}
        </Button>
      </Space>
      {list.status === 'error' ? (
        <Alert
          type="error"
          showIcon
          title={t('orgs.error')}
          description={list.error.message}
          action={
            <Button size="small" onClick={list.retry}>
              {t('overview.retry')}
            </Button>
          }
        />
      ) : (
        <Table<Organization>
          rowKey="id"
          size="middle"
          loading={list.status === 'loading'}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('orgs.empty') }}
          columns={[
            {
              title: t('orgs.name'),
              dataIndex: 'name',
              key: 'name',
              ellipsis: true,
              sorter: true,
              sortOrder: sortOrder('name'),
              sortDirections: ['ascend', 'descend'],
              // A link (not a row click) so the detail opens from the keyboard and in a new tab.
              render: (v: string, o) => (
                <Link to={`/marketplace/organizations/${o.id}`} state={{ from: location.pathname + location.search }}>
                  {v}
                </Link>
              ),
            },
            { title: t('orgs.kind'), dataIndex: 'kind', width: 150, render: (v: string) => label(`kind.${v}`) },
            { title: t('orgs.region'), dataIndex: 'region', width: 100, render: (v: string) => label(`region.${v}`) },
            { title: t('orgs.industry'), dataIndex: 'industry', width: 140 },
            {
              title: t('orgs.businessLine'),
              dataIndex: 'businessLine',
              width: 150,
              render: (v: string) => businessLineLabel(v, t),
            },
            {
              title: t('orgs.certification'),
              dataIndex: 'certificationStatus',
              width: 110,
              render: (v: string) => <Tag color={CERT_COLOURS[v]}>{label(`cert.${v}`)}</Tag>,
            },
            {
              title: t('orgs.createdAt'),
              dataIndex: 'createdAt',
              key: 'createdAt',
              width: 170,
              sorter: true,
              sortOrder: sortOrder('createdAt'),
              sortDirections: ['descend', 'ascend'],
              render: (v: string) => dayjs(v).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm'),
            },
          ]}
          onChange={(_pagination, _filters, sorter, extra) => {
            if (extra.action !== 'sort') return;
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            const field = s?.columnKey === 'name' ? 'name' : 'createdAt';
            const sort = (s?.order ? `${s.order === 'descend' ? '-' : ''}${field}` : undefined) as
              | OrganizationSort
              | undefined;
            update({ sort: sort === '-createdAt' ? undefined : sort });
          }}
          pagination={{
            current: filters.page,
            pageSize: filters.size,
            total: list.data?.total ?? 0,
            pageSizeOptions: PAGE_SIZES.map(String),
            showSizeChanger: true,
            showTotal: (total) => t('orgs.total', { total }),
            onChange: (page, size) =>
              setParams(filtersToParams({ ...filters, page: size === filters.size ? page : 1, size })),
          }}
        />
      )}
    </Space>
  );
}
