import { Card, Empty, Form, Select, Skeleton, Space, Tag, Tooltip, Typography, theme } from 'antd';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useAnalyticsQuery, useApiGet } from '../../../api/use-query';
import { PinToBoard } from '../../../boards/PinToBoard';
import { type DataColumn, DataTable } from '../../../components/DataTable';
import type { MessageKey } from '../../../i18n/messages';
import { today } from '../../../lib/dates';
import { formatCount, formatMoney } from '../../../lib/money';
import { usePageMarks } from '../../../lib/perf';
import { usePreferences } from '../../../preferences/preferences';
import { decimal, percent, QueryError, RangeField } from '../attribution/shared';
import {
  categoryNames,
  GROUPS,
  INTERVALS,
  LIMITS,
  type ProductsState,
  paramsFromState,
  productsQuery,
  type RuleFormat,
  type RuleMessage,
  roleFilter,
  roleRuleMessage,
  roleSummaryMessage,
  setColumnFilter,
  sparkPoints,
  stageFilter,
  stageRuleMessage,
  stateFromParams,
} from './products-state';
import {
  type CategoryTree,
  PRODUCT_ROLES,
  PRODUCT_STAGES,
  type ProductPerformanceResult,
  type ProductPerformanceRow,
  type ProductRole,
  type ProductStage,
  RANK_BY,
} from './types';

export const ROLE_COLORS: Record<ProductRole, string> = {
  traffic: 'blue',
  profit: 'gold',
  volume: 'green',
  promotion: 'magenta',
};
export const STAGE_COLORS: Record<ProductStage, string> = {
  introduction: 'cyan',
  growth: 'green',
  maturity: 'geekblue',
  decline: 'volcano',
};

/** A badge that takes the keyboard focus (its tooltip holds the rule) and looks like the bare badge. */
const BADGE_BUTTON = { all: 'unset', cursor: 'help' } as const;

export default function ProductPerformancePage() {
  const { t, locale } = usePreferences();
  const { token } = theme.useToken();
  const [params, setParams] = useSearchParams();
  const todayDay = today();
  const state = stateFromParams(params, todayDay);
  const node = productsQuery(state);
  const update = (patch: Partial<ProductsState>) =>
    setParams(paramsFromState(params, { ...state, ...patch }, todayDay));
  const result = useAnalyticsQuery<ProductPerformanceResult>(node);
  const categories = useApiGet<CategoryTree>('/api/categories');
  usePageMarks('products', result.status === 'done');
  const names = useMemo(
    () => (categories.status === 'done' ? categoryNames(categories.data.items) : new Map<string, string>()),
    [categories],
  );
  const role = roleFilter(params);
  const stage = stageFilter(params);

  const fmt: RuleFormat = useMemo(
    () => ({ money: (v) => formatMoney(v, locale), percent: (v) => percent(v, locale) }),
    [locale],
  );
  const say = (m: RuleMessage | null, raw: string) => (m ? t(m.key as MessageKey, m.values) : raw);
  const roleLabel = (r: string) => t(`productPerf.role.${r}` as MessageKey);
  const stageLabel = (s: string) => t(`productPerf.stage.${s}` as MessageKey);
  const byCategory = state.groupBy === 'category';
  const periods = result.data?.periods ?? [];

  // biome-ignore lint/correctness/useExhaustiveDependencies: labels follow the locale (t and the label helpers change with it)
  const columns = useMemo<DataColumn<ProductPerformanceRow>[]>(
    () => [
      {
        key: 'name',
        title: byCategory ? t('productPerf.col.category') : t('productPerf.col.product'),
        value: (r) => (byCategory ? (names.get(r.id) ?? r.id) : (r.name ?? r.id)),
        render: (r) =>
          byCategory ? (
            (names.get(r.id) ?? r.id)
          ) : (
            <Space direction="vertical" size={0}>
              <Link to={`/marketplace/products/${r.id}`}>{r.name ?? r.id}</Link>
              {r.categoryId ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {names.get(r.categoryId) ?? ''}
                </Typography.Text>
              ) : null}
            </Space>
          ),
        width: 280,
      },
      {
        key: 'role',
        title: t('productPerf.col.role'),
        value: (r) => r.role,
        filterable: true,
        filterLabel: roleLabel,
        render: (r) => (
          <Tooltip title={say(roleRuleMessage(r.roleRule, fmt), r.roleRule)}>
            {/* A button, so the rule shows for keyboard users too (on focus). */}
            <button type="button" style={BADGE_BUTTON}>
              <Tag color={ROLE_COLORS[r.role]} data-testid="product-role" data-role={r.role}>
                {roleLabel(r.role)}
              </Tag>
            </button>
          </Tooltip>
        ),
      },
      {
        key: 'stage',
        title: t('productPerf.col.stage'),
        value: (r) => r.stage,
        filterable: true,
        filterLabel: stageLabel,
        render: (r) => (
          <Tooltip title={say(stageRuleMessage(r.stageRule, fmt), r.stageRule)}>
            <button type="button" style={BADGE_BUTTON}>
              <Tag color={STAGE_COLORS[r.stage]} data-testid="product-stage" data-stage={r.stage}>
                {stageLabel(r.stage)}
              </Tag>
            </button>
          </Tooltip>
        ),
      },
      {
        key: 'gmv',
        title: t('productPerf.col.gmv'),
        value: (r) => r.gmv / 100,
        render: (r) => <span data-testid="product-gmv">{formatMoney(r.gmv, locale)}</span>,
        align: 'right',
      },
      {
        key: 'trend',
        title: t('productPerf.col.trend'),
        value: (r) => r.trend.map((v) => v / 100).join(' '),
        sortable: false,
        render: (r) => (
          <Tooltip
            title={r.trend
              .map((v, i) => `${periods[i] ?? i + 1}: ${formatMoney(v, locale, { compact: true })}`)
              .join(' · ')}
          >
            <svg width={96} height={24} role="img" aria-label={t('productPerf.col.trend')}>
              <polyline
                points={sparkPoints(r.trend, 96, 24)}
                fill="none"
                stroke={token.colorPrimary}
                strokeWidth={1.5}
              />
            </svg>
          </Tooltip>
        ),
      },
      {
        key: 'exposures',
        title: t('productPerf.col.exposures'),
        value: (r) => r.exposures,
        render: (r) => formatCount(r.exposures, locale),
        align: 'right',
      },
      {
        key: 'views',
        title: t('productPerf.col.views'),
        value: (r) => r.views,
        render: (r) => <span data-testid="product-views">{formatCount(r.views, locale)}</span>,
        align: 'right',
      },
      {
        key: 'ctr',
        title: t('productPerf.col.ctr'),
        value: (r) => r.ctr,
        render: (r) => percent(r.ctr, locale),
        align: 'right',
      },
      {
        key: 'orders',
        title: t('productPerf.col.orders'),
        value: (r) => r.orders,
        render: (r) => formatCount(r.orders, locale),
        align: 'right',
      },
      {
        key: 'buyers',
        title: t('productPerf.col.buyers'),
        value: (r) => r.buyers,
        render: (r) => formatCount(r.buyers, locale),
        align: 'right',
      },
      {
        key: 'cvr',
        title: t('productPerf.col.cvr'),
        value: (r) => r.cvr,
        render: (r) => percent(r.cvr, locale),
        align: 'right',
      },
      {
        key: 'margin',
        title: t('productPerf.col.margin'),
        value: (r) => (r.margin === null ? null : r.margin / 100),
        render: (r) =>
          r.margin === null ? '—' : `${formatMoney(r.margin, locale)} (${percent(r.marginRate, locale)})`,
        align: 'right',
      },
      {
        key: 'rating',
        title: t('productPerf.col.rating'),
        value: (r) => r.rating,
        render: (r) => decimal(r.rating, locale),
        align: 'right',
      },
      {
        key: 'returnRate',
        title: t('productPerf.col.returnRate'),
        value: (r) => r.returnRate,
        render: (r) => percent(r.returnRate, locale),
        align: 'right',
      },
    ],
    [locale, byCategory, names, fmt, periods, token.colorPrimary],
  );

  const loading = result.status === 'loading';
  const data = result.data;
  const title = t(byCategory ? 'productPerf.resultTitleCategory' : 'productPerf.resultTitle');
  const roleSummary = data ? say(roleSummaryMessage(data.rules.role, fmt), data.rules.role) : '';

  const filters = (
    <>
      <Select
        aria-label={t('productPerf.filterRole')}
        data-testid="products-role-filter"
        style={{ width: 160 }}
        value={role ?? 'all'}
        options={[
          { value: 'all', label: t('productPerf.allRoles') },
          ...PRODUCT_ROLES.map((r) => ({ value: r, label: roleLabel(r) })),
        ]}
        onChange={(v: string) => setParams(setColumnFilter(params, 'role', v === 'all' ? null : v), { replace: true })}
      />
      <Select
        aria-label={t('productPerf.filterStage')}
        data-testid="products-stage-filter"
        style={{ width: 160 }}
        value={stage ?? 'all'}
        options={[
          { value: 'all', label: t('productPerf.allStages') },
          ...PRODUCT_STAGES.map((s) => ({ value: s, label: stageLabel(s) })),
        ]}
        onChange={(v: string) => setParams(setColumnFilter(params, 'stage', v === 'all' ? null : v), { replace: true })}
      />
    </>
  );

  return (
    <Space
      direction="vertical"
      size="large"
      style={{ width: '100%' }}
      data-testid="products"
      data-query={JSON.stringify(node)}
    >
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('productPerf.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('productPerf.subtitle')}</Typography.Text>
      </div>

      <Card size="small" title={t('productPerf.settings')}>
        <Form layout="inline" style={{ rowGap: 8 }}>
          <Form.Item label={t('productPerf.range')}>
            <RangeField
              range={state.range}
              todayDay={todayDay}
              label={t('productPerf.range')}
              onChange={(range) => update({ range })}
            />
          </Form.Item>
          <Form.Item label={t('productPerf.groupBy')}>
            <Select
              aria-label={t('productPerf.groupBy')}
              style={{ width: 120 }}
              value={state.groupBy}
              options={GROUPS.map((g) => ({ value: g, label: t(`productPerf.group.${g}` as MessageKey) }))}
              onChange={(groupBy) => update({ groupBy })}
            />
          </Form.Item>
          <Form.Item label={t('productPerf.interval')}>
            <Select
              aria-label={t('productPerf.interval')}
              style={{ width: 100 }}
              value={state.interval}
              options={INTERVALS.map((i) => ({ value: i, label: t(`productPerf.interval.${i}` as MessageKey) }))}
              onChange={(interval) => update({ interval })}
            />
          </Form.Item>
          <Form.Item label={t('productPerf.rankBy')}>
            <Space.Compact>
              <Select
                aria-label={t('productPerf.rankBy')}
                style={{ width: 130 }}
                value={state.rankBy}
                options={RANK_BY.map((k) => ({ value: k, label: t(`productPerf.col.${k}` as MessageKey) }))}
                onChange={(rankBy) => update({ rankBy })}
              />
              <Select
                aria-label={t('productPerf.limit')}
                style={{ width: 110 }}
                value={state.limit}
                options={LIMITS.map((n) => ({ value: n, label: t('productPerf.top', { n }) }))}
                onChange={(limit) => update({ limit })}
              />
            </Space.Compact>
          </Form.Item>
        </Form>
      </Card>

      {result.status === 'error' ? (
        <QueryError error={result.error} retry={result.retry} testId="products-error" />
      ) : (
        <Card
          size="small"
          title={title}
          extra={<PinToBoard query={node} title={title} view="table" />}
          data-testid="products-result"
        >
          {loading ? (
            <Skeleton active paragraph={{ rows: 3 }} />
          ) : data && data.rows.length > 0 ? (
            <Space direction="vertical" size={4} style={{ marginBottom: 12 }} data-testid="products-rules">
              <Typography.Text>
                <Typography.Text strong>{t('productPerf.rules.roleTitle')}</Typography.Text> {roleSummary}
              </Typography.Text>
              <Typography.Text>
                <Typography.Text strong>{t('productPerf.rules.stageTitle')}</Typography.Text>{' '}
                {t('productPerf.rules.stage')}
              </Typography.Text>
              <Space wrap size={[4, 4]}>
                {PRODUCT_ROLES.map((r) => (
                  <Tag key={r} color={ROLE_COLORS[r]}>
                    {roleLabel(r)} {data.rows.filter((x) => x.role === r).length}
                  </Tag>
                ))}
                {PRODUCT_STAGES.map((s) => (
                  <Tag key={s} color={STAGE_COLORS[s]}>
                    {stageLabel(s)} {data.rows.filter((x) => x.stage === s).length}
                  </Tag>
                ))}
              </Space>
            </Space>
          ) : null}
          <DataTable<ProductPerformanceRow>
            testId="products-table"
            size="small"
            rows={data?.rows ?? []}
            columns={columns}
            rowKey={(r) => r.id}
            loading={loading}
            toolbar={filters}
            csvName={`product-performance-${state.groupBy}-${state.range.from}_${state.range.to}`}
            emptyText={<Empty description={t('productPerf.empty')} />}
          />
        </Card>
      )}
    </Space>
  );
}
