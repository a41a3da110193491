import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Skeleton, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { useApiGet } from '../../api/use-query';
import type { MessageKey } from '../../i18n/messages';
import { TIME_ZONE } from '../../lib/dates';
import { usePageMarks } from '../../lib/perf';
import { usePreferences } from '../../preferences/preferences';
import { useSession } from '../../session/session';
import { CertificationActions } from './CertificationActions';
import { businessLineLabel, CERT_COLOURS, hasPermission } from './certification';
import type { Contact, ContactPage, Organization } from './organization-types';

const when = (v: string | null) => (v ? dayjs(v).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm') : '—');

/**
 * Marketplace → one organisation: its attributes, its certification (status, the reviewer's note, who and when) with
 * the review actions for operators holding `org:certify`, and its contacts. Opened from the organisations list or
 * the review queue; `Back` returns to whichever it came from.
 */
export default function OrganizationPage() {
  const { t } = usePreferences();
  const { state } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const { id = '' } = useParams();
  const org = useApiGet<Organization>(`/api/organizations/${encodeURIComponent(id)}`);
  usePageMarks('organization', org.status === 'done');
  const contacts = useApiGet<ContactPage>(`/api/organizations/${encodeURIComponent(id)}/contacts?limit=200`);
  // The review's answer replaces the loaded organisation in place (no reload, nothing jumps).
  const [reviewed, setReviewed] = useState<Organization | null>(null);
  const shown = reviewed?.id === id ? reviewed : org.data;
  const label = (key: string) => t(key as MessageKey);
  const permissions = state.status === 'signed-in' ? state.viewer.permissions : [];
  const mayCertify = hasPermission(permissions, 'org:certify');
  const back = (location.state as { from?: string } | null)?.from ?? '/marketplace/organizations';

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="organization">
      <Space align="center">
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(back)}>
          {t('org.back')}
        </Button>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="organization-name">
          {shown?.name ?? (org.status === 'loading' ? t('app.loading') : '—')}
        </Typography.Title>
      </Space>
      {org.status === 'error' ? (
        <Alert
          type="error"
          showIcon
          title={t('org.error')}
          description={org.error.message}
          action={
            <Button size="small" onClick={org.retry}>
              {t('overview.retry')}
            </Button>
          }
        />
      ) : !shown ? (
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : (
        <>
          <Card title={t('org.attributes')} size="small">
            <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
              <Descriptions.Item label={t('orgs.kind')}>{label(`kind.${shown.kind}`)}</Descriptions.Item>
              <Descriptions.Item label={t('org.creditCode')}>{shown.creditCode}</Descriptions.Item>
              <Descriptions.Item label={t('orgs.industry')}>{shown.industry}</Descriptions.Item>
              <Descriptions.Item label={t('orgs.region')}>{label(`region.${shown.region}`)}</Descriptions.Item>
              <Descriptions.Item label={t('orgs.businessLine')}>
                {businessLineLabel(shown.businessLine, t)}
              </Descriptions.Item>
              <Descriptions.Item label={t('org.memberLevel')}>{shown.memberLevelId ?? t('org.none')}</Descriptions.Item>
              <Descriptions.Item label={t('orgs.createdAt')}>{when(shown.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('org.updatedAt')}>{when(shown.updatedAt)}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card
            title={t('orgs.certification')}
            size="small"
            extra={
              mayCertify ? (
                <CertificationActions organization={shown} onReviewed={setReviewed} size="small" />
              ) : undefined
            }
          >
            <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
              <Descriptions.Item label={t('org.status')}>
                <Tag color={CERT_COLOURS[shown.certificationStatus]} data-testid="certification-status">
                  {label(`cert.${shown.certificationStatus}`)}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('org.certifiedAt')}>{when(shown.certifiedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('org.certifiedBy')}>{shown.certifiedBy ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('org.certNote')} span={3}>
                <span data-testid="certification-note">{shown.certificationNote ?? t('org.none')}</span>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </>
      )}
      <Card title={t('org.contacts')} size="small">
        {contacts.status === 'error' ? (
          <Alert type="error" showIcon title={t('org.contactsError')} description={contacts.error.message} />
        ) : (
          <Table<Contact>
            rowKey="id"
            size="small"
            data-testid="contacts"
            loading={contacts.status === 'loading'}
            dataSource={contacts.data?.items ?? []}
            locale={{ emptyText: t('org.contactsEmpty') }}
            pagination={false}
            columns={[
              { title: t('contact.name'), dataIndex: 'name' },
              {
                title: t('contact.role'),
                dataIndex: 'role',
                width: 140,
                render: (v: string) => label(`contactRole.${v}`),
              },
              { title: t('contact.phone'), dataIndex: 'phone', width: 180, render: (v: string | null) => v ?? '—' },
              { title: t('contact.email'), dataIndex: 'email', render: (v: string | null) => v ?? '—' },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
