import { Alert, Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { useApiGet } from '../../api/use-query';
import type { MessageKey } from '../../i18n/messages';
import { TIME_ZONE } from '../../lib/dates';
import { usePreferences } from '../../preferences/preferences';
import { businessLineLabel, CERT_COLOURS } from './certification';
import {
  CERTIFICATION_STATUSES,
  filtersFromParams,
  filtersToParams,
  ORGANIZATION_KINDS,
  type OrganizationFilters,
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

  // A new filter starts again at page 1.
  const update = (patch: Partial<OrganizationFilters>) => {
    const next = { ...filters, page: 1, ...patch };
    for (const k of ['q', 'kind', 'region', 'cert'] as const) if (next[k] === undefined) delete next[k];
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
              ellipsis: true,
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
              width: 170,
              render: (v: string) => dayjs(v).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm'),
            },
          ]}
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
