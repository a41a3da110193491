import { Card, Empty, Select, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../../api/client';
import { fetchAllPages } from '../../../api/pages';
import { type DataColumn, DataTable } from '../../../components/DataTable';
import type { MessageKey } from '../../../i18n/messages';
import { usePageMarks } from '../../../lib/perf';
import { usePreferences } from '../../../preferences/preferences';
import { OrganizationPicker } from '../marketing/OrganizationPicker';
import { rememberOrganizationNames } from '../marketing/org-names';
import { formatInstant, ListError } from '../marketing/parts';
import {
  DSR_DIMENSIONS,
  DSR_WINDOWS,
  type DsrDimension,
  type DsrRow,
  dsrRows,
  filterByBand,
  mapLimit,
  RATING_BANDS,
  type RatingBand,
  type ReviewsState,
  type ReviewTab,
  ratingBand,
  reviewScore,
  reviewsApiPath,
  reviewsStateFromParams,
  reviewsStateToParams,
} from './reviews';
import type { Dsr, Review, Supplier } from './types';

type Load<T> = { status: 'loading' } | { status: 'done'; data: T } | { status: 'error'; error: Error };

/** Loads once per `key` (abortable), with a retry. */
function useLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Load<T> & { retry: () => void } {
  const [state, setState] = useState<Load<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `load`'s inputs; `attempt` re-runs
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    load(controller.signal).then(
      (data) => setState({ status: 'done', data }),
      (error: unknown) => {
        if (!controller.signal.aborted)
          setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => controller.abort();
  }, [key, attempt]);
  return { ...state, retry: () => setAttempt((n) => n + 1) };
}

type Org = { id: string; name: string; kind: string; industry: string; region: string };

/** Every organisation the operator may see, for names (two requests of 200 on the small demo). */
function useOrganizations() {
  return useLoad<Map<string, Org>>('orgs', async (signal) => {
    const orgs = await fetchAllPages<Org>('/api/organizations', 20_000, signal);
    rememberOrganizationNames(orgs);
    return new Map(orgs.map((o) => [o.id, o]));
  });
}

/**
 * Marketplace → reviews and supplier DSR: the reviews (supplier filter on the server, rating band and the table's
 * own sorting/filters in memory, CSV) and each supplier's DSR (description, shipping, response) against its
 * industry's average, in the chosen window. Tabs, filters and the window are in the URL.
 */
export default function ReviewsPage() {
  const { t } = usePreferences();
  const [params, setParams] = useSearchParams();
  const state = reviewsStateFromParams(params);
  const orgs = useOrganizations();
  const update = (patch: Partial<ReviewsState>) => {
    const next = { ...state, ...patch };
    for (const k of ['supplier', 'rating'] as const) if (next[k] === undefined) delete next[k];
    setParams(reviewsStateToParams(params, next));
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="reviews-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('reviews.title')}
      </Typography.Title>
      <Card size="small">
        <Tabs
          activeKey={state.tab}
          onChange={(tab) => update({ tab: tab as ReviewTab })}
          items={[
            {
              key: 'reviews',
              label: t('reviews.tab.reviews'),
              children: state.tab === 'reviews' && <ReviewsList state={state} update={update} orgs={orgs} />,
            },
            {
              key: 'dsr',
              label: t('reviews.tab.dsr'),
              children: state.tab === 'dsr' && <DsrTable state={state} update={update} />,
            },
          ]}
        />
      </Card>
    </Space>
  );
}

/** A 1–5 score, compact enough for three of them in a row: a gold star and the number. */
function Score({ value }: { value: number }) {
  return (
    <span>
      <span style={{ color: value >= 4 ? '#fadb14' : value >= 3 ? '#faad14' : '#ff4d4f' }}>★</span> {value}
    </span>
  );
}

function ReviewsList({
  state,
  update,
  orgs,
}: {
  state: ReviewsState;
  update: (p: Partial<ReviewsState>) => void;
  orgs: Load<Map<string, Org>>;
}) {
  const { t } = usePreferences();
  const path = reviewsApiPath(state);
  const reviews = useLoad<Review[]>(path, (signal) => fetchAllPages<Review>(path, 10_000, signal));
  usePageMarks('reviews', reviews.status === 'done');
  const names = orgs.status === 'done' ? orgs.data : new Map<string, Org>();
  const rows = useMemo(
    () => (reviews.status === 'done' ? filterByBand(reviews.data, state.rating) : []),
    [reviews, state.rating],
  );
  const nameOf = (id: string) => names.get(id)?.name ?? id;
  const scoreFilter = (v: string) => '★'.repeat(Number(v));

  const columns: DataColumn<Review>[] = [
    { key: 'createdAt', title: t('reviews.at'), value: (r) => formatInstant(r.createdAt) },
    {
      key: 'supplier',
      title: t('reviews.supplier'),
      value: (r) => nameOf(r.supplierId),
      render: (r) => <Link to={`/marketplace/organizations/${r.supplierId}`}>{nameOf(r.supplierId)}</Link>,
    },
    {
      key: 'buyer',
      title: t('reviews.buyer'),
      value: (r) => nameOf(r.buyerId),
      render: (r) => <Link to={`/marketplace/organizations/${r.buyerId}`}>{nameOf(r.buyerId)}</Link>,
    },
    {
      key: 'description',
      title: t('reviews.dim.description'),
      value: (r) => r.ratingDescription,
      filterable: true,
      filterLabel: scoreFilter,
      render: (r) => <Score value={r.ratingDescription} />,
    },
    {
      key: 'shipping',
      title: t('reviews.dim.shipping'),
      value: (r) => r.ratingShipping,
      filterable: true,
      filterLabel: scoreFilter,
      render: (r) => <Score value={r.ratingShipping} />,
    },
    {
      key: 'response',
      title: t('reviews.dim.response'),
      value: (r) => r.ratingResponse,
      filterable: true,
      filterLabel: scoreFilter,
      render: (r) => <Score value={r.ratingResponse} />,
    },
    {
      key: 'score',
      title: t('reviews.score'),
      value: (r) => reviewScore(r),
      align: 'right',
      render: (r) => {
        const s = reviewScore(r);
        const band = ratingBand(s);
        return <Tag color={band === 'low' ? 'red' : band === 'mid' ? 'gold' : 'green'}>{s.toFixed(2)}</Tag>;
      },
    },
    {
      key: 'text',
      title: t('reviews.text'),
      value: (r) => r.text,
      sortable: false,
      render: (r) => (
        <Typography.Text ellipsis={{ tooltip: r.text }} style={{ maxWidth: 280 }}>
          {r.text || '—'}
        </Typography.Text>
      ),
    },
    {
      key: 'order',
      title: t('reviews.order'),
      value: (r) => r.orderId,
      sortable: false,
      render: (r) => <Link to={`/marketplace/orders/${r.orderId}`}>{t('reviews.openOrder')}</Link>,
    },
  ];

  if (reviews.status === 'error')
    return <ListError title={t('reviews.error')} error={reviews.error} retry={reviews.retry} />;
  return (
    <DataTable<Review>
      testId="reviews"
      urlPrefix="r"
      rows={rows}
      columns={columns}
      rowKey={(r) => r.id}
      loading={reviews.status === 'loading'}
      csvName="reviews"
      emptyText={<Empty description={t('reviews.empty')} />}
      toolbar={
        <>
          <OrganizationPicker
            kind="supplier"
            ariaLabel={t('reviews.supplier')}
            placeholder={t('reviews.allSuppliers')}
            value={state.supplier}
            testId="reviews-supplier"
            onChange={(supplier) => update({ supplier })}
          />
          <Select
            aria-label={t('reviews.band')}
            style={{ width: 170 }}
            value={state.rating ?? ''}
            data-testid="reviews-band"
            options={[
              { value: '', label: t('reviews.band.all') },
              ...RATING_BANDS.map((b) => ({ value: b, label: t(`reviews.band.${b}`) })),
            ]}
            onChange={(v: string) => update({ rating: (v || undefined) as RatingBand | undefined })}
          />
        </>
      }
    />
  );
}

function DsrTable({ state, update }: { state: ReviewsState; update: (p: Partial<ReviewsState>) => void }) {
  const { t, locale } = usePreferences();
  const data = useLoad<DsrRow[]>(`dsr:${state.days}`, async (signal) => {
    const suppliers = await fetchAllPages<Supplier>('/api/organizations?kind=supplier', 10_000, signal);
    // One request per supplier (the API has no list form of the DSR), six at a time.
    const dsrs = await mapLimit(suppliers, 6, (s) =>
      api<Dsr>('GET', `/api/organizations/${s.id}/dsr?days=${state.days}`, undefined, signal),
    );
    return dsrRows(suppliers, dsrs);
  });
  usePageMarks('dsr', data.status === 'done');
  const num = (v: number | null) => (v === null ? '—' : v.toFixed(2));
  // The arrow carries the sign.
  const diff = (v: number | null) => (v === null ? '' : Math.abs(v).toFixed(2));

  const dimColumn = (dim: DsrDimension): DataColumn<DsrRow> => ({
    key: dim,
    title: t(`reviews.dim.${dim}`),
    value: (r) => r[dim],
    align: 'right',
    render: (r) => {
      const v = r.vsIndustry[dim];
      return (
        <Tooltip title={t('reviews.industryAvg', { value: num(r.industryAvg[dim]) })}>
          <span data-testid={`dsr-${dim}`}>
            {num(r[dim])}{' '}
            {v !== null && (
              <Typography.Text type={v > 0 ? 'success' : v < 0 ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                {v > 0 ? '▲' : v < 0 ? '▼' : '='}
                {diff(v)}
              </Typography.Text>
            )}
          </span>
        </Tooltip>
      );
    },
  });
  const avgColumn = (dim: DsrDimension): DataColumn<DsrRow> => ({
    key: `${dim}Avg`,
    title: t('reviews.avgOf', { dim: t(`reviews.dim.${dim}`) }),
    value: (r) => r.industryAvg[dim],
    align: 'right',
    render: (r) => <Typography.Text type="secondary">{num(r.industryAvg[dim])}</Typography.Text>,
  });

  const columns: DataColumn<DsrRow>[] = [
    {
      key: 'name',
      title: t('reviews.supplier'),
      value: (r) => r.name,
      render: (r) => <Link to={`/marketplace/organizations/${r.supplierId}`}>{r.name}</Link>,
    },
    { key: 'industry', title: t('orgs.industry'), value: (r) => r.industry, filterable: true },
    {
      key: 'region',
      title: t('orgs.region'),
      value: (r) => r.region,
      filterable: true,
      filterLabel: (v) => t(`region.${v}` as MessageKey),
      render: (r) => t(`region.${r.region}` as MessageKey),
    },
    { key: 'reviewCount', title: t('reviews.count'), value: (r) => r.reviewCount, align: 'right' },
    ...DSR_DIMENSIONS.map(dimColumn),
    {
      key: 'overall',
      title: t('reviews.overall'),
      value: (r) => r.overall,
      align: 'right',
      render: (r) => <strong>{num(r.overall)}</strong>,
    },
    ...DSR_DIMENSIONS.map(avgColumn),
  ];

  if (data.status === 'error') return <ListError title={t('reviews.dsrError')} error={data.error} retry={data.retry} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('reviews.dsrHint')}</Typography.Text>
      <DataTable<DsrRow>
        testId="dsr"
        urlPrefix="d"
        rows={data.status === 'done' ? data.data : []}
        columns={columns}
        rowKey={(r) => r.supplierId}
        loading={data.status === 'loading'}
        csvName={`supplier-dsr-${state.days}d`}
        emptyText={<Empty description={t('reviews.dsrEmpty')} />}
        toolbar={
          <Space size={4}>
            <Typography.Text type="secondary">{t('reviews.window')}</Typography.Text>
            <Select
              aria-label={t('reviews.window')}
              style={{ width: 130 }}
              value={state.days}
              options={DSR_WINDOWS.map((d) => ({
                value: d,
                label: t('reviews.days', { n: d.toLocaleString(locale) }),
              }))}
              onChange={(days: number) => update({ days })}
            />
          </Space>
        }
      />
    </Space>
  );
}
