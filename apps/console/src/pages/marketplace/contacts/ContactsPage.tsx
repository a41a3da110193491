import { Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { fetchAllPages } from '../../../api/pages';
import { useApiGet } from '../../../api/use-query';
import { CsvExportButton } from '../../../components/CsvExportButton';
import type { MessageKey } from '../../../i18n/messages';
import { downloadCsv } from '../../../lib/csv';
import { today } from '../../../lib/dates';
import { usePageMarks } from '../../../lib/perf';
import { usePreferences } from '../../../preferences/preferences';
import { OrganizationPicker } from '../marketing/OrganizationPicker';
import { formatInstant, ListError } from '../marketing/parts';
import type { Contact, ContactPage } from '../organization-types';
import { allOrgNames, useOrgNames } from '../products/lookups';
import { columnSortOrder, sortFromSorter } from '../products/product-list';
import {
  CONTACT_ROLES,
  CONTACT_SORTS,
  type ContactFilters,
  classifySearch,
  contactCsvRow,
  contactFiltersFromParams,
  contactFiltersToParams,
  contactsApiPath,
  DEFAULT_CONTACT_SORT,
  PAGE_SIZES,
} from './contact-list';

/**
 * Marketplace → contacts: the people at the organisations the viewer may see, one server-paged list
 * (`GET /api/contacts`) searched by part of a name or email or by a whole phone number, filtered by organisation and
 * role, sorted by name or date added on the server, with a CSV export of every matching contact in that order. The
 * filters, the order and the page are in the URL; each row links to its organisation.
 */
export default function ContactsPage() {
  const { t } = usePreferences();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const filters = contactFiltersFromParams(params);
  const path = contactsApiPath(filters);
  const list = useApiGet<ContactPage>(path);
  const items = list.data?.items ?? [];
  const orgName = useOrgNames(items.map((c) => c.organizationId));
  usePageMarks('contacts', list.status === 'done');
  const search = filters.q ? classifySearch(filters.q) : undefined;
  const roleLabel = (role: string) => t(`contactRole.${role}` as MessageKey);

  // A new filter or order starts again at page 1.
  const update = (patch: Partial<ContactFilters>) => {
    const next = { ...filters, page: 1, ...patch };
    for (const k of ['q', 'org', 'role', 'sort'] as const) if (next[k] === undefined) delete next[k];
    setParams(contactFiltersToParams(next));
  };
  // Sorting is the server's (the page holds one slice of the list): the columns show the URL's order.
  const sorted = (field: string) => ({
    key: field,
    sorter: true,
    sortOrder: columnSortOrder(filters.sort ?? DEFAULT_CONTACT_SORT, field),
  });

  // Every matching contact (not just this page), named as on screen: organisations of both kinds by id.
  const exportCsv = async () => {
    const [all, buyers, suppliers] = await Promise.all([
      fetchAllPages<Contact>(path),
      allOrgNames('buyer'),
      allOrgNames('supplier'),
    ]);
    downloadCsv(
      `contacts-${today()}.csv`,
      [
        t('contact.name'),
        t('contact.role'),
        t('contact.phone'),
        t('contact.email'),
        t('contacts.organization'),
        t('contacts.createdAt'),
      ],
      all.map((c) => contactCsvRow(c, roleLabel, (id) => buyers(id) ?? suppliers(id), formatInstant(c.createdAt))),
    );
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="contacts-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('contacts.title')}
      </Typography.Title>
      <Card size="small">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap size="middle">
            <Input.Search
              aria-label={t('contacts.search')}
              placeholder={t('contacts.search')}
              defaultValue={filters.q}
              key={filters.q ?? ''}
              allowClear
              style={{ width: 300 }}
              onSearch={(q) => update({ q: q.trim() || undefined })}
            />
            <OrganizationPicker
              ariaLabel={t('contacts.organization')}
              placeholder={t('contacts.anyOrganization')}
              value={filters.org}
              testId="contacts-org"
              onChange={(org) => update({ org })}
            />
            <Space size={4}>
              <Typography.Text type="secondary">{t('contact.role')}</Typography.Text>
              <Select
                aria-label={t('contact.role')}
                data-testid="contacts-role"
                style={{ width: 120 }}
                value={filters.role ?? ''}
                options={[
                  { value: '', label: t('orgs.all') },
                  ...CONTACT_ROLES.map((r) => ({ value: r, label: roleLabel(r) })),
                ]}
                onChange={(v: string) => update({ role: (v || undefined) as ContactFilters['role'] })}
              />
            </Space>
            <CsvExportButton run={exportCsv} count={list.data?.total ?? 0} testId="contacts-export" />
          </Space>
          <Typography.Text type="secondary" data-testid="contacts-mode">
            {search?.by === 'phone' ? t('contacts.mode.phone', { value: search.value }) : t('contacts.mode.browse')}
          </Typography.Text>
        </Space>
      </Card>
      {list.status === 'error' ? (
        <ListError title={t('contacts.error')} error={list.error} retry={list.retry} />
      ) : (
        <Table<Contact>
          rowKey="id"
          size="middle"
          data-testid="contacts"
          loading={list.status === 'loading'}
          dataSource={items}
          locale={{ emptyText: t(search?.by === 'phone' ? 'contacts.notFound' : 'contacts.empty') }}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: t('contact.name'),
              dataIndex: 'name',
              ...sorted('name'),
              sortDirections: ['ascend', 'descend'],
            },
            {
              title: t('contact.role'),
              dataIndex: 'role',
              render: (v: string) => <Tag>{roleLabel(v)}</Tag>,
            },
            { title: t('contact.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
            { title: t('contact.email'), dataIndex: 'email', render: (v: string | null) => v ?? '—' },
            {
              title: t('contacts.organization'),
              key: 'organization',
              render: (_: unknown, c) => (
                <Link
                  to={`/marketplace/organizations/${c.organizationId}`}
                  state={{ from: location.pathname + location.search }}
                >
                  {orgName(c.organizationId) ?? '…'}
                </Link>
              ),
            },
            {
              title: t('contacts.createdAt'),
              dataIndex: 'createdAt',
              ...sorted('createdAt'),
              sortDirections: ['ascend', 'descend'],
              render: (v: string) => formatInstant(v),
            },
          ]}
          onChange={(_pagination, _filters, sorter, extra) => {
            if (extra.action !== 'sort') return;
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            update({ sort: sortFromSorter(CONTACT_SORTS, DEFAULT_CONTACT_SORT, s?.columnKey, s?.order) });
          }}
          pagination={{
            current: filters.page,
            pageSize: filters.size,
            total: list.data?.total ?? 0,
            pageSizeOptions: PAGE_SIZES.map(String),
            showSizeChanger: true,
            showTotal: (total) => t('contacts.total', { total }),
            onChange: (page, size) =>
              setParams(contactFiltersToParams({ ...filters, page: size === filters.size ? page : 1, size })),
          }}
        />
      )}
    </Space>
  );
}
