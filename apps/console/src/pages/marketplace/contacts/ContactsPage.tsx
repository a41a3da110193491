import { Alert, Card, Input, Pagination, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { api } from '../../../api/client';
import { fetchAllPages, type ListPage } from '../../../api/pages';
import type { MessageKey } from '../../../i18n/messages';
import { usePageMarks } from '../../../lib/perf';
import { usePreferences } from '../../../preferences/preferences';
import { OrganizationPicker } from '../marketing/OrganizationPicker';
import { rememberOrganizationNames, useOrganizationNames } from '../marketing/org-names';
import { ExportButton, formatInstant, ListError } from '../marketing/parts';
import { REGIONS } from '../organization-list';
import type { Contact, Organization } from '../organization-types';
import { mapLimit } from '../reviews/reviews';
import {
  CONTACT_ROLES,
  type ContactFilters,
  type ContactMode,
  contactFiltersFromParams,
  contactFiltersToParams,
  contactMode,
  contactsApiPath,
  filterByRole,
  PAGE_SIZES,
} from './contact-list';

type Row = Contact & { organizationName?: string; region?: string };
type Loaded =
  | { status: 'loading' }
  | { status: 'done'; rows: Row[]; total: number }
  | { status: 'error'; error: Error };

/** One page of rows for a mode: contacts directly, or the page's organisations with their contacts. */
async function loadPage(path: string, mode: ContactMode, signal: AbortSignal): Promise<{ rows: Row[]; total: number }> {
  if (mode.kind !== 'browse') {
    const page = await api<ListPage<Contact>>('GET', path, undefined, signal);
    return { rows: page.items, total: page.total };
  }
  const orgs = await api<ListPage<Organization>>('GET', path, undefined, signal);
  rememberOrganizationNames(orgs.items);
  return { rows: await contactsOf(orgs.items, signal), total: orgs.total };
}

/** The contacts of each organisation (an organisation has a handful), six organisations at a time. */
async function contactsOf(orgs: readonly Organization[], signal?: AbortSignal): Promise<Row[]> {
  const lists = await mapLimit(orgs, 6, (o) =>
    fetchAllPages<Contact>(`/api/organizations/${o.id}/contacts`, 1000, signal).then((cs) =>
      cs.map((c) => ({ ...c, organizationName: o.name, region: o.region })),
    ),
  );
  return lists.flat();
}

/**
 * Marketplace → contacts: people at the organisations, searched by phone or email (exact), by organisation, or
 * browsed organisation by organisation (name and region filters), with a role filter and a CSV export; each row
 * links to its organisation. Filters and page are in the URL.
 */
export default function ContactsPage() {
  const { t } = usePreferences();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const filters = contactFiltersFromParams(params);
  const mode = contactMode(filters);
  const path = contactsApiPath(filters, mode);
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const modeKey = JSON.stringify(mode);
  usePageMarks('contacts', loaded.status === 'done');

  // biome-ignore lint/correctness/useExhaustiveDependencies: `path` and `modeKey` carry the filters; `attempt` re-runs
  useEffect(() => {
    const controller = new AbortController();
    setLoaded((l) => (l.status === 'loading' ? l : { status: 'loading' }));
    loadPage(path, JSON.parse(modeKey) as ContactMode, controller.signal).then(
      (page) => setLoaded({ status: 'done', ...page }),
      (error: unknown) => {
        if (!controller.signal.aborted)
          setLoaded({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => controller.abort();
  }, [path, modeKey, attempt]);

  const rows = loaded.status === 'done' ? filterByRole(loaded.rows, filters.role) : [];
  const names = useOrganizationNames(rows.filter((r) => !r.organizationName).map((r) => r.organizationId));
  const orgName = (r: Row) => r.organizationName ?? names.get(r.organizationId) ?? r.organizationId;

  const update = (patch: Partial<ContactFilters>) => {
    const next = { ...filters, page: 1, ...patch };
    for (const k of ['q', 'org', 'role', 'region'] as const) if (next[k] === undefined) delete next[k];
    setParams(contactFiltersToParams(next));
  };

  const exportAll = async (): Promise<Row[]> => {
    if (mode.kind !== 'browse') {
      const contacts = await fetchAllPages<Contact>(path);
      return filterByRole(contacts, filters.role);
    }
    const orgs = await fetchAllPages<Organization>(path);
    rememberOrganizationNames(orgs);
    return filterByRole(await contactsOf(orgs), filters.role);
  };

  const modeHint =
    mode.kind === 'lookup'
      ? t(mode.by === 'email' ? 'contacts.mode.email' : 'contacts.mode.phone', { value: mode.value })
      : mode.kind === 'organization'
        ? t('contacts.mode.organization')
        : t('contacts.mode.browse');

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="contacts-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('contacts.title')}
      </Typography.Title>
      <Card size="small">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap size="middle" style={{ width: '100%', justifyContent: 'space-between' }}>
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
                  style={{ width: 120 }}
                  value={filters.role ?? ''}
                  options={[
                    { value: '', label: t('orgs.all') },
                    ...CONTACT_ROLES.map((r) => ({ value: r, label: t(`contactRole.${r}` as MessageKey) })),
                  ]}
                  onChange={(v: string) => update({ role: (v || undefined) as ContactFilters['role'] })}
                />
              </Space>
              <Space size={4}>
                <Typography.Text type="secondary">{t('orgs.region')}</Typography.Text>
                <Select
                  aria-label={t('orgs.region')}
                  style={{ width: 110 }}
                  value={filters.region ?? ''}
                  disabled={mode.kind !== 'browse'}
                  options={[
                    { value: '', label: t('orgs.all') },
                    ...REGIONS.map((r) => ({ value: r, label: t(`region.${r}` as MessageKey) })),
                  ]}
                  onChange={(v: string) => update({ region: (v || undefined) as ContactFilters['region'] })}
                />
              </Space>
            </Space>
            <ExportButton
              filename="contacts.csv"
              testId="contacts-export"
              header={[
                t('contact.name'),
                t('contact.role'),
                t('contact.phone'),
                t('contact.email'),
                t('contacts.organization'),
                t('contacts.createdAt'),
              ]}
              load={exportAll}
              row={(r) => [
                r.name,
                t(`contactRole.${r.role}` as MessageKey),
                r.phone,
                r.email,
                orgName(r),
                formatInstant(r.createdAt),
              ]}
            />
          </Space>
          <Typography.Text type="secondary" data-testid="contacts-mode">
            {modeHint}
          </Typography.Text>
        </Space>
      </Card>
      {loaded.status === 'error' ? (
        <ListError title={t('contacts.error')} error={loaded.error} retry={() => setAttempt((n) => n + 1)} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {filters.role && loaded.status === 'done' && loaded.rows.length > rows.length && (
            <Alert type="info" showIcon title={t('contacts.roleOnPage', { n: rows.length, all: loaded.rows.length })} />
          )}
          <Table<Row>
            rowKey="id"
            size="middle"
            data-testid="contacts"
            loading={loaded.status === 'loading'}
            dataSource={rows}
            locale={{ emptyText: t(mode.kind === 'lookup' ? 'contacts.notFound' : 'contacts.empty') }}
            scroll={{ x: 'max-content' }}
            pagination={false}
            columns={[
              {
                title: t('contact.name'),
                dataIndex: 'name',
                sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
              },
              {
                title: t('contact.role'),
                dataIndex: 'role',
                sorter: (a, b) => a.role.localeCompare(b.role),
                render: (v: string) => <Tag>{t(`contactRole.${v}` as MessageKey)}</Tag>,
              },
              { title: t('contact.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
              {
                title: t('contact.email'),
                dataIndex: 'email',
                sorter: (a, b) => (a.email ?? '').localeCompare(b.email ?? ''),
                render: (v: string | null) => v ?? '—',
              },
              {
                title: t('contacts.organization'),
                key: 'organization',
                sorter: (a, b) => orgName(a).localeCompare(orgName(b), 'zh-CN'),
                render: (_: unknown, r) => (
                  <Link
                    to={`/marketplace/organizations/${r.organizationId}`}
                    state={{ from: location.pathname + location.search }}
                  >
                    {orgName(r)}
                  </Link>
                ),
              },
              {
                title: t('contacts.createdAt'),
                dataIndex: 'createdAt',
                sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
                render: (v: string) => formatInstant(v),
              },
            ]}
          />
          <Pagination
            align="end"
            current={filters.page}
            pageSize={filters.size}
            total={loaded.status === 'done' ? loaded.total : 0}
            showSizeChanger
            pageSizeOptions={PAGE_SIZES.map(String)}
            showTotal={(total) =>
              t(mode.kind === 'browse' ? 'contacts.totalOrgs' : 'contacts.total', { total, n: rows.length })
            }
            onChange={(page, size) =>
              setParams(contactFiltersToParams({ ...filters, page: size === filters.size ? page : 1, size }))
            }
          />
        </Space>
      )}
    </Space>
  );
}
