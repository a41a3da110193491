import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  InputNumber,
  Select,
  Skeleton,
  Space,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useAnalyticsQuery } from '../../api/use-query';
import { EChart, type EChartsOption } from '../../charts/EChart';
import type { MessageKey } from '../../i18n/messages';
import { TIME_ZONE, today } from '../../lib/dates';
import { formatCount } from '../../lib/money';
import { lastDays } from '../../lib/period';
import { usePreferences } from '../../preferences/preferences';
import {
  AGGREGATES,
  actorsQuery,
  BREAKDOWNS,
  type BreakdownKey,
  durationParts,
  FUNNEL_ORDERS,
  type FunnelActorsResult,
  type FunnelQueryNode,
  type FunnelResult,
  type FunnelState,
  type FunnelStepResult,
  funnelQuery,
  isEventName,
  MAX_STEPS,
  MIN_STEPS,
  move,
  paramsFromState,
  STANDARD_EVENT_NAMES,
  stateFromParams,
  toCsv,
  WINDOW_UNITS,
} from './funnel-state';

const label = (i: number, event: string) => `${i + 1}. ${event}`;

type T = ReturnType<typeof usePreferences>['t'];
const CHART_HEIGHT = 320;
const PAGE_SIZE = 20;
/** The most actors one export holds (the API's FunnelActorsQuery limit). */
const EXPORT_LIMIT = 10_000;

const percent = (v: number, locale: string) =>
  new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);

function duration(seconds: number | null, t: T): string {
  if (seconds === null) return '—';
  const [n, unit] = durationParts(seconds);
  return t(`funnel.dur.${unit}` as MessageKey, { n });
}

const enteredAt = (iso: string) => dayjs(iso).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm');

/**
 * One step's event: pick a standard event or type any name. The draft is local; it reaches the URL (and the query)
 * on picking, Enter or leaving the field, so typing does not send a query per keystroke.
 */
function StepInput({ value, index, onCommit }: { value: string; index: number; onCommit: (v: string) => void }) {
  const { t } = usePreferences();
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const options = STANDARD_EVENT_NAMES.filter((e) => e.includes(draft.trim()) || draft === value).map((e) => ({
    value: e,
  }));
  const commit = (v: string) => {
    if (v.trim() !== value) onCommit(v.trim());
  };
  return (
    <AutoComplete
      aria-label={t('funnel.step', { n: index + 1 })}
      data-testid={`funnel-step-${index}`}
      style={{ width: 240 }}
      value={draft}
      options={options}
      placeholder={t('funnel.stepPlaceholder')}
      status={draft.trim() !== '' && !isEventName(draft.trim()) ? 'error' : undefined}
      onChange={(v: string) => setDraft(v)}
      onSelect={(v: string) => {
        setDraft(v);
        commit(v);
      }}
      onBlur={() => commit(draft)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit(draft);
      }}
    />
  );
}

export default function FunnelsPage() {
  const { t } = usePreferences();
  const [params, setParams] = useSearchParams();
  const todayDay = today();
  const state = stateFromParams(params, todayDay);
  // useAnalyticsQuery compares nodes as JSON, so a fresh node per render does not re-run the query.
  const node = funnelQuery(state);

  const update = (patch: Partial<FunnelState>) => setParams(paramsFromState({ ...state, ...patch }));
  const setSteps = (steps: string[]) => update({ steps, dropStep: Math.min(state.dropStep, steps.length - 1) });

  const presets = [7, 30, 90].map((n) => {
    const r = lastDays(todayDay, n);
    return {
      label: t(`overview.last${n}` as MessageKey),
      value: [dayjs(r.from), dayjs(r.to)] as [dayjs.Dayjs, dayjs.Dayjs],
    };
  });

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="funnels">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('funnel.title')}
      </Typography.Title>

      <Card size="small" title={t('funnel.steps')} data-testid="funnel-builder">
        <Space direction="vertical" style={{ width: '100%' }}>
          {state.steps.map((step, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: steps are positions; the same event may appear twice
            <Space key={i} wrap>
              <Typography.Text style={{ display: 'inline-block', width: 64 }}>
                {t('funnel.step', { n: i + 1 })}
              </Typography.Text>
              <StepInput
                value={step}
                index={i}
                onCommit={(v) => setSteps(state.steps.map((s, j) => (j === i ? v : s)))}
              />
              <Tooltip title={t('funnel.moveUp')}>
                <Button
                  aria-label={t('funnel.moveUp')}
                  icon={<ArrowUpOutlined />}
                  disabled={i === 0}
                  onClick={() => setSteps(move(state.steps, i, i - 1))}
                />
              </Tooltip>
              <Tooltip title={t('funnel.moveDown')}>
                <Button
                  aria-label={t('funnel.moveDown')}
                  icon={<ArrowDownOutlined />}
                  disabled={i === state.steps.length - 1}
                  onClick={() => setSteps(move(state.steps, i, i + 1))}
                />
              </Tooltip>
              <Tooltip title={t('funnel.removeStep')}>
                <Button
                  aria-label={t('funnel.removeStep')}
                  icon={<DeleteOutlined />}
                  disabled={state.steps.length <= MIN_STEPS}
                  onClick={() => setSteps(state.steps.filter((_, j) => j !== i))}
                />
              </Tooltip>
            </Space>
          ))}
          <Button
            icon={<PlusOutlined />}
            data-testid="funnel-add-step"
            disabled={state.steps.length >= MAX_STEPS}
            onClick={() => update({ steps: [...state.steps, ''] })}
          >
            {t('funnel.addStep')}
          </Button>
        </Space>
        <Form layout="inline" style={{ marginTop: 16, rowGap: 8 }}>
          <Form.Item label={t('funnel.window')}>
            <Space.Compact>
              <InputNumber
                aria-label={t('funnel.window')}
                min={1}
                max={10_000}
                precision={0}
                value={state.window.value}
                style={{ width: 90 }}
                onChange={(v) => {
                  if (typeof v === 'number' && v >= 1) update({ window: { ...state.window, value: v } });
                }}
              />
              <Select
                aria-label={t('funnel.unit.day')}
                style={{ width: 100 }}
                value={state.window.unit}
                options={WINDOW_UNITS.map((u) => ({ value: u, label: t(`funnel.unit.${u}` as MessageKey) }))}
                onChange={(unit) => update({ window: { ...state.window, unit } })}
              />
            </Space.Compact>
          </Form.Item>
          <Form.Item label={t('funnel.order')}>
            <Select
              aria-label={t('funnel.order')}
              style={{ width: 220 }}
              value={state.order}
              options={FUNNEL_ORDERS.map((o) => ({ value: o, label: t(`funnel.order.${o}` as MessageKey) }))}
              onChange={(order) => update({ order })}
            />
          </Form.Item>
          <Form.Item label={t('funnel.aggregateBy')}>
            <Select
              aria-label={t('funnel.aggregateBy')}
              style={{ width: 120 }}
              value={state.aggregateBy}
              options={AGGREGATES.map((a) => ({ value: a, label: t(`funnel.by.${a}` as MessageKey) }))}
              onChange={(aggregateBy) => update({ aggregateBy })}
            />
          </Form.Item>
          <Form.Item label={t('funnel.breakdown')}>
            <Select
              aria-label={t('funnel.breakdown')}
              style={{ width: 200 }}
              value={state.breakdown ?? 'none'}
              options={[
                { value: 'none', label: t('funnel.breakdown.none') },
                ...Object.keys(BREAKDOWNS).map((b) => ({ value: b, label: t(`funnel.breakdown.${b}` as MessageKey) })),
              ]}
              onChange={(b: string) => update({ breakdown: b === 'none' ? null : (b as BreakdownKey) })}
            />
          </Form.Item>
          <Form.Item label={t('funnel.range')}>
            <DatePicker.RangePicker
              aria-label={t('funnel.range')}
              allowClear={false}
              value={[dayjs(state.range.from), dayjs(state.range.to)]}
              presets={presets}
              disabledDate={(d) => d.format('YYYY-MM-DD') > todayDay}
              onChange={(values) => {
                const [from, to] = values ?? [];
                if (from && to) update({ range: { from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') } });
              }}
            />
          </Form.Item>
        </Form>
      </Card>

      {node ? (
        <FunnelResults node={node} dropStep={state.dropStep} onDropStep={(dropStep) => update({ dropStep })} />
      ) : (
        <Alert type="info" showIcon title={t('funnel.invalidStep')} data-testid="funnel-invalid" />
      )}
    </Space>
  );
}

function FunnelResults({
  node,
  dropStep,
  onDropStep,
}: {
  node: FunnelQueryNode;
  dropStep: number;
  onDropStep: (step: number) => void;
}) {
  const { t, locale, theme: mode } = usePreferences();
  const result = useAnalyticsQuery<FunnelResult>(node);
  const option = useMemo<EChartsOption | null>(() => {
    if (result.status !== 'done') return null;
    const steps = result.data.steps;
    const groups = result.data.breakdowns?.slice(0, 8);
    const series = groups?.length
      ? groups.map((g) => ({ type: 'bar', name: g.value, data: g.steps.map((s) => s.count), barMaxWidth: 36 }))
      : [
          {
            type: 'bar',
            name: t('funnel.col.count'),
            data: steps.map((s) => s.count),
            barMaxWidth: 72,
            label: {
              show: true,
              position: 'top',
              formatter: (p: { dataIndex: number; value: number }) =>
                `${formatCount(p.value, locale)} (${percent(steps[p.dataIndex]?.conversionRate ?? 0, locale)})`,
            },
          },
        ];
    return {
      tooltip: { trigger: 'axis' },
      legend: groups?.length ? { type: 'scroll', top: 0 } : undefined,
      grid: { left: 56, right: 16, top: groups?.length ? 40 : 32, bottom: 32 },
      xAxis: { type: 'category', data: steps.map((s, i) => label(i, s.label || s.event)) },
      yAxis: { type: 'value', minInterval: 1 },
      series,
    };
  }, [result, locale, t]);

  const retryBox = (error: Error, retry: () => void) => (
    <Alert
      type="error"
      showIcon
      title={t('funnel.error')}
      description={error.message}
      data-testid="funnel-error"
      action={
        <Button size="small" onClick={retry}>
          {t('funnel.retry')}
        </Button>
      }
    />
  );

  if (result.status === 'error') return retryBox(result.error, result.retry);
  const loading = result.status === 'loading';
  const steps = result.data?.steps ?? [];
  const entered = steps[0]?.count ?? 0;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card size="small" title={t('funnel.chart')} styles={{ body: { minHeight: CHART_HEIGHT + 24 } }}>
        {loading ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : entered === 0 ? (
          <Empty description={t('funnel.empty')} data-testid="funnel-empty" />
        ) : option ? (
          <EChart option={option} theme={mode} style={{ height: CHART_HEIGHT }} testId="funnel-chart" />
        ) : null}
      </Card>

      <Card size="small" title={t('funnel.table')}>
        <Table<FunnelStepResult & { index: number }>
          data-testid="funnel-table"
          size="small"
          loading={loading}
          pagination={false}
          rowKey="index"
          dataSource={steps.map((s, index) => ({ ...s, index }))}
          columns={[
            { title: t('funnel.col.step'), key: 'step', render: (_, s) => label(s.index, s.label || s.event) },
            {
              title: t('funnel.col.count'),
              dataIndex: 'count',
              align: 'right',
              render: (v: number) => <span data-testid="funnel-count">{formatCount(v, locale)}</span>,
            },
            {
              title: t('funnel.col.fromFirst'),
              dataIndex: 'conversionRate',
              align: 'right',
              render: (v: number) => percent(v, locale),
            },
            {
              title: t('funnel.col.fromPrevious'),
              dataIndex: 'conversionRateFromPrevious',
              align: 'right',
              render: (v: number) => percent(v, locale),
            },
            {
              title: t('funnel.col.median'),
              dataIndex: 'medianSecondsToConvert',
              align: 'right',
              render: (v: number | null) => duration(v, t),
            },
          ]}
        />
      </Card>

      {result.data?.breakdowns?.length ? (
        <Card size="small" title={t('funnel.breakdownTable')}>
          <Table
            data-testid="funnel-breakdowns"
            size="small"
            rowKey="value"
            pagination={false}
            dataSource={result.data.breakdowns.map((b) => {
              const first = b.steps[0]?.count ?? 0;
              const last = b.steps[b.steps.length - 1]?.count ?? 0;
              return { value: b.value, entered: first, converted: last, rate: first ? last / first : 0 };
            })}
            columns={[
              { title: t('funnel.col.value'), dataIndex: 'value' },
              { title: t('funnel.col.entered'), dataIndex: 'entered', align: 'right' },
              { title: t('funnel.col.converted'), dataIndex: 'converted', align: 'right' },
              {
                title: t('funnel.col.conversion'),
                dataIndex: 'rate',
                align: 'right',
                render: (v: number) => percent(v, locale),
              },
            ]}
          />
        </Card>
      ) : null}

      <DropOffs
        node={node}
        steps={steps.length ? steps.map((s) => s.event) : node.steps.map((s) => s.event)}
        dropStep={dropStep}
        onDropStep={onDropStep}
      />
    </Space>
  );
}

/** The actors who reached step `dropStep - 1` but not `dropStep`, a page at a time, with a CSV of all of them. */
function DropOffs({
  node,
  steps,
  dropStep,
  onDropStep,
}: {
  node: FunnelQueryNode;
  steps: string[];
  dropStep: number;
  onDropStep: (step: number) => void;
}) {
  const { t, locale } = usePreferences();
  const [page, setPage] = useState(1);
  const key = `${JSON.stringify(node)}|${dropStep}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new funnel or step starts at the first page
  useEffect(() => setPage(1), [key]);
  const query = actorsQuery(node, dropStep, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const actors = useAnalyticsQuery<FunnelActorsResult>(query);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const idTitle = t(node.aggregateBy === 'organization' ? 'funnel.col.organization' : 'funnel.col.person');
  const stepName = (i: number) => `${i + 1}. ${steps[i] ?? ''}`;

  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const all = await api<FunnelActorsResult>('POST', '/api/query', actorsQuery(node, dropStep, EXPORT_LIMIT));
      const csv = toCsv(
        ['id', 'entered_at', 'furthest_step', 'furthest_event', 'dropped_at_step', 'dropped_at_event'],
        all.actors.map((a) => [
          a.id,
          a.enteredAt,
          a.furthestStep + 1,
          steps[a.furthestStep] ?? '',
          dropStep + 1,
          steps[dropStep] ?? '',
        ]),
      );
      // A BOM so spreadsheet programs read the UTF-8 (CJK names of events) correctly.
      const url = URL.createObjectURL(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `funnel-dropped-step-${dropStep + 1}-${node.dateRange.from}_${node.dateRange.to}.csv`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card
      size="small"
      title={t('funnel.dropped')}
      data-testid="funnel-dropped"
      extra={
        <Space wrap>
          <span>{t('funnel.droppedAt')}</span>
          <Select
            aria-label={t('funnel.droppedAt')}
            data-testid="funnel-drop-step"
            style={{ width: 220 }}
            value={dropStep}
            options={steps.slice(1).map((_, i) => ({ value: i + 1, label: stepName(i + 1) }))}
            onChange={onDropStep}
          />
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            disabled={actors.status !== 'done' || actors.data.total === 0}
            onClick={exportCsv}
            data-testid="funnel-export"
          >
            {t('funnel.export')}
          </Button>
        </Space>
      }
    >
      {exportError ? (
        <Alert
          type="error"
          showIcon
          title={t('funnel.exportFailed')}
          description={exportError}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      {actors.status === 'error' ? (
        <Alert
          type="error"
          showIcon
          title={t('funnel.error')}
          description={actors.error.message}
          action={
            <Button size="small" onClick={actors.retry}>
              {t('funnel.retry')}
            </Button>
          }
        />
      ) : (
        <Table
          size="small"
          rowKey="id"
          loading={actors.status === 'loading'}
          locale={{ emptyText: <Empty description={t('funnel.noDropped')} /> }}
          dataSource={actors.data?.actors ?? []}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: actors.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('funnel.droppedTotal', { total: formatCount(total, locale) }),
            onChange: setPage,
          }}
          columns={[
            { title: idTitle, dataIndex: 'id', render: (v: string) => <Typography.Text copyable>{v}</Typography.Text> },
            { title: t('funnel.col.enteredAt'), dataIndex: 'enteredAt', render: enteredAt },
            { title: t('funnel.col.furthest'), dataIndex: 'furthestStep', render: (v: number) => stepName(v) },
          ]}
        />
      )}
    </Card>
  );
}
