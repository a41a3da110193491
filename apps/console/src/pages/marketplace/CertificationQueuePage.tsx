import { Alert, Button, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { MessageKey } from '../../i18n/messages';
import { TIME_ZONE } from '../../lib/dates';
import { usePageMarks } from '../../lib/perf';
import { usePreferences } from '../../preferences/preferences';
import { useSession } from '../../session/session';
import { CertificationActions } from './CertificationActions';
import { businessLineLabel, CERT_COLOURS, hasPermission, PENDING_PATH } from './certification';
import type { Organization, OrganizationPage } from './organization-types';

const PAGE_SIZE = 20;

type Queue = { items: Organization[]; total: number };
type QueueState =
  | { status: 'loading'; data?: Queue }
  | { status: 'done'; data: Queue }
  | { status: 'error'; error: Error; data?: undefined };

/** Page `page` of the pending organisations, oldest first (the API sorts by creation time, ascending). */
async function loadQueue(page: number, signal: AbortSignal): Promise<Queue> {
  const offset = (page - 1) * PAGE_SIZE;
  return api<OrganizationPage>(
    'GET',
    `${PENDING_PATH}&sort=createdAt&limit=${PAGE_SIZE}&offset=${offset}`,
    undefined,
    signal,
  );
}

/**
 * Marketplace → certification review: the pending organisations in the operator's data scope, longest waiting
 * first, with Approve / Reject on each row for operators holding `org:certify`. A decision shows in its row at once
 * (new status, actions gone); the row leaves the queue at the next load. The page is in the URL (`?page=`).
 */
export default function CertificationQueuePage() {
  const { t } = usePreferences();
  const { state } = useSession();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const requested = Number(params.get('page'));
  const page = Number.isInteger(requested) && requested >= 1 ? requested : 1;
  const [queue, setQueue] = useState<QueueState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [reviewed, setReviewed] = useState<Record<string, Organization>>({});
  const label = (key: string) => t(key as MessageKey);
  const permissions = state.status === 'signed-in' ? state.viewer.permissions : [];
  const mayCertify = hasPermission(permissions, 'org:certify');

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` forces a re-run
  useEffect(() => {
    const controller = new AbortController();
    setQueue((s) => ({ status: 'loading', ...(s.data ? { data: s.data } : {}) }));
    loadQueue(page, controller.signal).then(
      (data) => {
        setReviewed({});
        setQueue({ status: 'done', data });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setQueue({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => controller.abort();
  }, [page, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  const rows = (queue.data?.items ?? []).map((o) => reviewed[o.id] ?? o);
  usePageMarks('certification', queue.status === 'done');

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="certification-queue">
      <Space direction="vertical" size={0}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('queue.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('queue.hint')}</Typography.Text>
      </Space>
      {queue.status === 'error' ? (
        <Alert
          type="error"
          showIcon
          title={t('queue.error')}
          description={queue.error.message}
          action={
            <Button size="small" onClick={retry}>
              {t('overview.retry')}
            </Button>
          }
        />
      ) : (
        <Table<Organization>
          rowKey="id"
          size="middle"
          loading={queue.status === 'loading'}
          dataSource={rows}
          locale={{ emptyText: t('queue.empty') }}
          columns={[
            {
              title: t('orgs.name'),
              dataIndex: 'name',
              ellipsis: true,
              render: (v: string, o) => (
                <Link to={`/marketplace/organizations/${o.id}`} state={{ from: location.pathname + location.search }}>
                  {v}
                </Link>
              ),
            },
            { title: t('orgs.kind'), dataIndex: 'kind', width: 140, render: (v: string) => label(`kind.${v}`) },
            { title: t('orgs.region'), dataIndex: 'region', width: 90, render: (v: string) => label(`region.${v}`) },
            {
              title: t('orgs.businessLine'),
              dataIndex: 'businessLine',
              width: 150,
              render: (v: string) => businessLineLabel(v, t),
            },
            {
              title: t('orgs.createdAt'),
              dataIndex: 'createdAt',
              width: 160,
              render: (v: string) => dayjs(v).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm'),
            },
            {
              title: t('orgs.certification'),
              dataIndex: 'certificationStatus',
              width: 100,
              render: (v: string) => <Tag color={CERT_COLOURS[v]}>{label(`cert.${v}`)}</Tag>,
            },
            ...(mayCertify
              ? [
                  {
                    title: t('queue.actions'),
                    key: 'actions',
                    width: 190,
                    render: (_: unknown, o: Organization) =>
                      o.certificationStatus === 'pending' ? (
                        <CertificationActions
                          organization={o}
                          size="small"
                          onReviewed={(u) => setReviewed((r) => ({ ...r, [u.id]: u }))}
                        />
                      ) : (
                        <Typography.Text type="secondary">
                          {t(o.certificationStatus === 'verified' ? 'review.approved' : 'review.rejected')}
                        </Typography.Text>
                      ),
                  },
                ]
              : []),
          ]}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: queue.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('queue.total', { total }),
            onChange: (p) => setParams(p === 1 ? {} : { page: String(p) }),
          }}
        />
      )}
    </Space>
  );
}
