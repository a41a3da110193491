import type { Locale, MessageKey } from '../i18n/messages';
import { shortDay } from '../lib/dates';
import { formatCount, formatMoney } from '../lib/money';
import type { BoardView, QueryNodeLike } from './types';

/**
 * Turns a query answer into what a tile draws: an ECharts option, a table (columns + rows), or one number. One small
 * shaper per query kind; pure (no React), so they are unit-tested on real answer shapes. Unknown or empty answers
 * become `{ kind: 'empty' }`, which the tile shows as an Empty state rather than an empty chart.
 */

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export type TableColumn = { key: string; title: string; format?: 'count' | 'money' | 'percent' | 'decimal' };
export type TableRow = Record<string, string | number | null>;

export type Drawing =
  | { kind: 'chart'; option: Record<string, unknown> }
  | { kind: 'table'; columns: TableColumn[]; rows: TableRow[] }
  | { kind: 'number'; value: number | null; money: boolean; label: string; others: { label: string; value: string }[] }
  | { kind: 'empty' };

type Ctx = { t: Translate; locale: Locale };

// --- answer shapes (the parts read here) ---------------------------------------------------------------------
type TrendLine = {
  name: string;
  series: number | null;
  breakdownValue: string | null;
  data: (number | null)[];
  total: number | null;
};
type Trends = { kind: 'TrendsQuery'; periods: string[]; lines: TrendLine[] };
type FunnelStep = {
  event: string;
  label?: string;
  count: number;
  conversionRate: number;
  conversionRateFromPrevious: number;
  medianSecondsToConvert: number | null;
};
type Funnel = { kind: 'FunnelQuery'; steps: FunnelStep[] };
type Cohort = { period: string; size: number; retained: number[]; rates: number[] };
type Retention = { kind: 'RetentionQuery'; cohorts: Cohort[]; average: number[] };
type Stock = { period: string; awareness: number; interest: number; purchase: number; loyalty: number };
type Aipl = { kind: 'AiplQuery'; stock: Stock[]; flows: { period: string; from: string; to: string; count: number }[] };
type Attribution = {
  kind: 'AttributionQuery';
  channels: { channel: string; credit: Record<string, { conversions: number; value: number }> }[];
};
type Quadrant = {
  kind: 'ChannelQuadrantQuery';
  channels: {
    channel: string;
    spend: number;
    registrations: number;
    paying: number;
    costPerRegistration: number | null;
    costPerPaying: number | null;
    quadrant: string | null;
  }[];
};
type Products = {
  kind: 'ProductPerformanceQuery';
  rows: {
    id: string;
    name: string | null;
    views: number;
    orders: number;
    gmv: number;
    cvr: number | null;
    role?: string | null;
    stage?: string | null;
  }[];
};
type Actors = { kind: 'FunnelActorsQuery'; actors: { id: string; enteredAt: string; furthestStep: number }[] };

/** Properties whose sums are money (minor units): GMV and order amounts. */
const MONEY_PROPERTIES = new Set(['total', 'subtotal', 'amount', 'gmv', 'price', 'discount', 'value', 'revenue']);

/** Whether series `index` of a trends node adds up money, so its numbers are shown as ¥. */
export function isMoneySeries(node: QueryNodeLike, index: number | null): boolean {
  if (index === null) return false;
  const series = (node.series as { math?: string; property?: string }[] | undefined)?.[index];
  return !!series?.property && series.math !== 'count' && MONEY_PROPERTIES.has(series.property);
}

const lineLabel = (l: TrendLine) => (l.breakdownValue === null ? l.name : `${l.name} · ${l.breakdownValue}`);

function trends(node: QueryNodeLike, r: Trends, view: BoardView, { t, locale }: Ctx): Drawing {
  if (!r.lines.length) return { kind: 'empty' };
  const money = (l: TrendLine) => isMoneySeries(node, l.series);
  if (view === 'number') {
    const [first, ...rest] = r.lines;
    if (!first) return { kind: 'empty' };
    return {
      kind: 'number',
      value: first.total,
      money: money(first),
      label: lineLabel(first),
      others: rest.slice(0, 3).map((l) => ({
        label: lineLabel(l),
        value: money(l) ? formatMoney(l.total, locale) : formatCount(l.total, locale),
      })),
    };
  }
  if (view === 'table') {
    return {
      kind: 'table',
      columns: [
        { key: 'name', title: t('board.col.series') },
        { key: 'total', title: t('board.col.total'), format: r.lines.every(money) ? 'money' : 'decimal' },
      ],
      rows: r.lines.map((l) => ({ key: lineLabel(l), name: lineLabel(l), total: l.total })),
    };
  }
  const allMoney = r.lines.every(money);
  const fmt = (v: number) => (allMoney ? formatMoney(v, locale, { compact: true }) : formatCount(v, locale));
  return {
    kind: 'chart',
    option: {
      tooltip: { trigger: 'axis' },
      legend: r.lines.length > 1 ? { type: 'scroll', bottom: 0 } : undefined,
      grid: { left: 64, right: 16, top: 16, bottom: r.lines.length > 1 ? 48 : 28 },
      xAxis: {
        type: 'category',
        data: r.periods.map((p) => shortDay(p.slice(0, 10), locale)),
        boundaryGap: view === 'bar',
      },
      yAxis: { type: 'value', axisLabel: { formatter: fmt } },
      series: r.lines.slice(0, 12).map((l) => ({
        type: view === 'bar' ? 'bar' : 'line',
        name: lineLabel(l),
        data: l.data.map((v) => v ?? 0),
        showSymbol: false,
        stack: view === 'bar' && r.lines.length > 1 ? 'all' : undefined,
      })),
    },
  };
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

function funnel(r: Funnel, view: BoardView, { t, locale }: Ctx): Drawing {
  if (!r.steps.length) return { kind: 'empty' };
  const names = r.steps.map((s, i) => `${i + 1}. ${s.label || s.event}`);
  if (view === 'table') {
    return {
      kind: 'table',
      columns: [
        { key: 'step', title: t('board.col.step') },
        { key: 'count', title: t('board.col.count'), format: 'count' },
        { key: 'rate', title: t('board.col.conversion'), format: 'percent' },
        { key: 'fromPrevious', title: t('board.col.fromPrevious'), format: 'percent' },
      ],
      rows: r.steps.map((s, i) => ({
        key: String(i),
        step: names[i] ?? s.event,
        count: s.count,
        rate: s.conversionRate,
        fromPrevious: s.conversionRateFromPrevious,
      })),
    };
  }
  const horizontal = view === 'funnel';
  const category = { type: 'category', data: names, inverse: horizontal };
  const value = { type: 'value', minInterval: 1 };
  return {
    kind: 'chart',
    option: {
      tooltip: { trigger: 'axis' },
      grid: { left: horizontal ? 140 : 48, right: horizontal ? 96 : 16, top: 16, bottom: 28 },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: [
        {
          type: 'bar',
          name: t('board.col.count'),
          data: r.steps.map((s) => s.count),
          barMaxWidth: 36,
          label: {
            show: true,
            position: horizontal ? 'right' : 'top',
            formatter: (p: { dataIndex: number }) => {
              const s = r.steps[p.dataIndex];
              return s ? `${formatCount(s.count, locale)} (${pct(s.conversionRate)})` : '';
            },
          },
        },
      ],
    },
  };
}

function retention(r: Retention, view: BoardView, { t }: Ctx): Drawing {
  if (!r.cohorts.length) return { kind: 'empty' };
  const periods = Math.max(...r.cohorts.map((c) => c.rates.length));
  if (view === 'table') {
    const columns: TableColumn[] = [
      { key: 'cohort', title: t('board.col.cohort') },
      { key: 'size', title: t('board.col.size'), format: 'count' },
    ];
    for (let n = 0; n < periods; n++)
      columns.push({ key: `p${n}`, title: t('board.col.period', { n }), format: 'percent' });
    return {
      kind: 'table',
      columns,
      rows: r.cohorts.map((c) => {
        const row: TableRow = { key: c.period, cohort: c.period, size: c.size };
        c.rates.forEach((v, n) => {
          row[`p${n}`] = v;
        });
        return row;
      }),
    };
  }
  const data: [number, number, number][] = [];
  r.cohorts.forEach((c, y) => {
    c.rates.forEach((v, x) => {
      data.push([x, y, Math.round(v * 1000) / 10]);
    });
  });
  return {
    kind: 'chart',
    option: {
      tooltip: { formatter: (p: { value: [number, number, number] }) => `${p.value[2]}%` },
      grid: { left: 88, right: 16, top: 8, bottom: 56 },
      xAxis: {
        type: 'category',
        data: Array.from({ length: periods }, (_, n) => t('board.col.period', { n })),
        splitArea: { show: true },
      },
      yAxis: { type: 'category', data: r.cohorts.map((c) => c.period), inverse: true, splitArea: { show: true } },
      visualMap: {
        min: 0,
        max: 100,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 80,
        text: ['100%', '0%'],
      },
      series: [{ type: 'heatmap', data, label: { show: r.cohorts.length <= 12 && periods <= 12, fontSize: 10 } }],
    },
  };
}

const STAGES = ['awareness', 'interest', 'purchase', 'loyalty'] as const;

function aipl(r: Aipl, view: BoardView, { t, locale }: Ctx): Drawing {
  const stageName = (s: string) => t(`board.stage.${s}` as MessageKey);
  if (view === 'sankey') {
    const totals = new Map<string, number>();
    for (const f of r.flows) {
      if (f.from === f.to || f.count <= 0) continue;
      const k = `${f.from}>${f.to}`;
      totals.set(k, (totals.get(k) ?? 0) + f.count);
    }
    if (!totals.size) return { kind: 'empty' };
    // Sources and targets are separate nodes (a stage on both sides), so flows both ways never form a cycle.
    const links = [...totals].map(([k, value]) => {
      const [from = '', to = ''] = k.split('>');
      return { source: `from:${from}`, target: `to:${to}`, value };
    });
    const nodes = [...new Set(links.flatMap((l) => [l.source, l.target]))].map((name) => ({ name }));
    return {
      kind: 'chart',
      option: {
        tooltip: { trigger: 'item' },
        series: [
          {
            type: 'sankey',
            data: nodes,
            links,
            left: 8,
            right: 96,
            top: 8,
            bottom: 8,
            emphasis: { focus: 'adjacency' },
            label: { formatter: (p: { name: string }) => stageName(p.name.split(':')[1] ?? '') },
          },
        ],
      },
    };
  }
  if (!r.stock.length) return { kind: 'empty' };
  if (view === 'table') {
    return {
      kind: 'table',
      columns: [
        { key: 'period', title: t('board.col.period.title') },
        ...STAGES.map((s) => ({ key: s, title: stageName(s), format: 'count' as const })),
      ],
      rows: r.stock.map((s) => ({
        key: s.period,
        period: s.period,
        ...Object.fromEntries(STAGES.map((k) => [k, s[k]])),
      })),
    };
  }
  const last = r.stock[r.stock.length - 1];
  if (!last) return { kind: 'empty' };
  return {
    kind: 'chart',
    option: {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 24, bottom: 28 },
      xAxis: { type: 'category', data: STAGES.map(stageName) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          data: STAGES.map((s) => last[s]),
          barMaxWidth: 48,
          label: { show: true, position: 'top', formatter: (p: { value: number }) => formatCount(p.value, locale) },
        },
      ],
    },
  };
}

function attribution(r: Attribution, view: BoardView, { t }: Ctx): Drawing {
  if (!r.channels.length) return { kind: 'empty' };
  const models = [...new Set(r.channels.flatMap((c) => Object.keys(c.credit)))];
  if (view === 'bar') {
    const model = models[0] ?? '';
    return {
      kind: 'chart',
      option: {
        tooltip: { trigger: 'axis' },
        legend: { bottom: 0, type: 'scroll' },
        grid: { left: 120, right: 16, top: 8, bottom: 48 },
        xAxis: { type: 'value' },
        yAxis: { type: 'category', inverse: true, data: r.channels.map((c) => c.channel) },
        series: (models.length ? models : [model]).map((m) => ({
          type: 'bar',
          name: m,
          data: r.channels.map((c) => Number((c.credit[m]?.conversions ?? 0).toFixed(2))),
        })),
      },
    };
  }
  return {
    kind: 'table',
    columns: [
      { key: 'channel', title: t('board.col.channel') },
      ...models.map((m) => ({ key: m, title: m, format: 'decimal' as const })),
    ],
    rows: r.channels.map((c) => ({
      key: c.channel,
      channel: c.channel,
      ...Object.fromEntries(models.map((m) => [m, c.credit[m]?.conversions ?? 0])),
    })),
  };
}

function quadrant(r: Quadrant, view: BoardView, { t, locale }: Ctx): Drawing {
  if (!r.channels.length) return { kind: 'empty' };
  if (view === 'scatter') {
    const points = r.channels.filter((c) => c.costPerRegistration !== null && c.costPerPaying !== null);
    if (!points.length) return { kind: 'empty' };
    return {
      kind: 'chart',
      option: {
        tooltip: { trigger: 'item', formatter: (p: { data: { name: string } }) => p.data.name },
        grid: { left: 72, right: 24, top: 16, bottom: 40 },
        xAxis: {
          type: 'value',
          name: t('board.col.cpr'),
          nameLocation: 'middle',
          nameGap: 26,
          axisLabel: { formatter: (v: number) => formatMoney(v, locale, { compact: true }) },
        },
        yAxis: {
          type: 'value',
          name: t('board.col.cpp'),
          axisLabel: { formatter: (v: number) => formatMoney(v, locale, { compact: true }) },
        },
        series: [
          {
            type: 'scatter',
            symbolSize: 14,
            data: points.map((c) => ({ name: c.channel, value: [c.costPerRegistration, c.costPerPaying] })),
            label: { show: true, position: 'right', formatter: (p: { data: { name: string } }) => p.data.name },
          },
        ],
      },
    };
  }
  return {
    kind: 'table',
    columns: [
      { key: 'channel', title: t('board.col.channel') },
      { key: 'spend', title: t('board.col.spend'), format: 'money' },
      { key: 'registrations', title: t('board.col.registrations'), format: 'count' },
      { key: 'paying', title: t('board.col.paying'), format: 'count' },
      { key: 'quadrant', title: t('board.col.quadrant') },
    ],
    rows: r.channels.map((c) => ({
      key: c.channel,
      channel: c.channel,
      spend: c.spend,
      registrations: c.registrations,
      paying: c.paying,
      quadrant: c.quadrant,
    })),
  };
}

function products(r: Products, view: BoardView, { t, locale }: Ctx): Drawing {
  if (!r.rows.length) return { kind: 'empty' };
  const name = (p: Products['rows'][number]) => p.name ?? p.id;
  if (view === 'bar') {
    const top = [...r.rows].sort((a, b) => b.gmv - a.gmv).slice(0, 10);
    return {
      kind: 'chart',
      option: {
        tooltip: { trigger: 'axis' },
        grid: { left: 140, right: 24, top: 8, bottom: 28 },
        xAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatMoney(v, locale, { compact: true }) } },
        yAxis: { type: 'category', inverse: true, data: top.map(name) },
        series: [{ type: 'bar', name: t('board.col.gmv'), data: top.map((p) => p.gmv), barMaxWidth: 24 }],
      },
    };
  }
  return {
    kind: 'table',
    columns: [
      { key: 'name', title: t('board.col.product') },
      { key: 'views', title: t('board.col.views'), format: 'count' },
      { key: 'orders', title: t('board.col.orders'), format: 'count' },
      { key: 'gmv', title: t('board.col.gmv'), format: 'money' },
      { key: 'cvr', title: t('board.col.cvr'), format: 'percent' },
    ],
    rows: r.rows.map((p) => ({ key: p.id, name: name(p), views: p.views, orders: p.orders, gmv: p.gmv, cvr: p.cvr })),
  };
}

function actors(r: Actors, { t }: Ctx): Drawing {
  if (!r.actors.length) return { kind: 'empty' };
  return {
    kind: 'table',
    columns: [
      { key: 'id', title: t('board.col.actor') },
      { key: 'enteredAt', title: t('board.col.enteredAt') },
      { key: 'furthestStep', title: t('board.col.furthestStep'), format: 'count' },
    ],
    rows: r.actors.map((a) => ({ key: a.id, id: a.id, enteredAt: a.enteredAt, furthestStep: a.furthestStep + 1 })),
  };
}

/** What a tile draws for an answer of `node` in `view`. */
export function drawingOf(node: QueryNodeLike, answer: unknown, view: BoardView, ctx: Ctx): Drawing {
  const kind = (answer as { kind?: string } | null)?.kind;
  switch (kind) {
    case 'TrendsQuery':
      return trends(node, answer as Trends, view, ctx);
    case 'FunnelQuery':
      return funnel(answer as Funnel, view, ctx);
    case 'RetentionQuery':
      return retention(answer as Retention, view, ctx);
    case 'AiplQuery':
      return aipl(answer as Aipl, view, ctx);
    case 'AttributionQuery':
      return attribution(answer as Attribution, view, ctx);
    case 'ChannelQuadrantQuery':
      return quadrant(answer as Quadrant, view, ctx);
    case 'ProductPerformanceQuery':
      return products(answer as Products, view, ctx);
    case 'FunnelActorsQuery':
      return actors(answer as Actors, ctx);
    default:
      return { kind: 'empty' };
  }
}

/** A table cell as text. */
export function formatCell(
  v: string | number | null | undefined,
  format: TableColumn['format'],
  locale: Locale,
): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  switch (format) {
    case 'money':
      return formatMoney(v, locale);
    case 'percent':
      return pct(v);
    case 'count':
      return formatCount(v, locale);
    case 'decimal':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(v);
    default:
      return String(v);
  }
}
