import type { EChartsOption } from '../../../charts/EChart';
import type { FunnelResult, FunnelTrendPoint, TimeToConvertBin } from './types';

/**
 * The funnel page's charts as ECharts options, built from the answer with plain formatters passed in (so the data
 * shaping is unit-tested without a browser).
 */

/** At most this many breakdown values get a series of their own in the step chart. */
export const MAX_BREAKDOWN_SERIES = 8;

export type Formatters = {
  count: (n: number) => string;
  percent: (v: number) => string;
  duration: (seconds: number) => string;
};

/** Bars of the actors reaching each step (one series, labelled with count and conversion), or grouped by value. */
export function stepsOption(
  result: FunnelResult,
  labels: { steps: string[]; count: string },
  f: Formatters,
): EChartsOption {
  const steps = result.steps;
  const groups = result.breakdowns?.slice(0, MAX_BREAKDOWN_SERIES);
  const series = groups?.length
    ? groups.map((g) => ({ type: 'bar', name: g.value, data: g.steps.map((s) => s.count), barMaxWidth: 36 }))
    : [
        {
          type: 'bar',
          name: labels.count,
          data: steps.map((s) => s.count),
          barMaxWidth: 72,
          label: {
            show: true,
            position: 'top',
            formatter: (p: { dataIndex: number; value: number }) =>
              `${f.count(p.value)} (${f.percent(steps[p.dataIndex]?.conversionRate ?? 0)})`,
          },
        },
      ];
  return {
    tooltip: { trigger: 'axis' },
    legend: groups?.length ? { type: 'scroll', top: 0 } : undefined,
    grid: { left: 56, right: 16, top: groups?.length ? 40 : 32, bottom: 32 },
    xAxis: { type: 'category', data: labels.steps },
    yAxis: { type: 'value', minInterval: 1 },
    series,
  };
}

/** Overall conversion (last step / first step) per breakdown value, as horizontal bars, largest group first. */
export function breakdownRows(result: FunnelResult) {
  return (result.breakdowns ?? []).map((b) => {
    const entered = b.steps[0]?.count ?? 0;
    const converted = b.steps[b.steps.length - 1]?.count ?? 0;
    return { value: b.value, entered, converted, rate: entered ? converted / entered : 0 };
  });
}

export function breakdownRateOption(rows: ReturnType<typeof breakdownRows>, f: Formatters): EChartsOption {
  const shown = rows.slice(0, 15).reverse(); // the category axis draws bottom-up: the largest group on top
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => f.percent(Number(v)),
    },
    grid: { left: 8, right: 64, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: 'value', max: 1, axisLabel: { formatter: (v: number) => f.percent(v) } },
    yAxis: { type: 'category', data: shown.map((r) => r.value) },
    series: [
      {
        type: 'bar',
        data: shown.map((r) => r.rate),
        barMaxWidth: 20,
        label: { show: true, position: 'right', formatter: (p: { value: number }) => f.percent(p.value) },
      },
    ],
  };
}

/**
 * The time-to-convert bins with readable labels. The last bin ends just past the window (its end is included), so
 * its label ends at the window.
 */
export function timeToConvertBars(bins: TimeToConvertBin[], windowSeconds: number, f: Formatters) {
  return bins.map((b) => ({
    label: `${f.duration(b.fromSeconds)}–${f.duration(Math.min(b.toSeconds, windowSeconds))}`,
    count: b.count,
  }));
}

export function timeToConvertOption(
  bars: ReturnType<typeof timeToConvertBars>,
  labels: { count: string; axis: string },
  f: Formatters,
): EChartsOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => f.count(Number(v)) },
    grid: { left: 48, right: 24, top: 24, bottom: 28, containLabel: true },
    xAxis: {
      type: 'category',
      data: bars.map((b) => b.label),
      name: labels.axis,
      nameLocation: 'middle',
      nameGap: 72,
      // Every bin named (ranges are long): slanted so they fit a half-width card.
      axisLabel: { interval: 0, rotate: 35, fontSize: 11 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: labels.count,
        data: bars.map((b) => b.count),
        barCategoryGap: '8%',
        label: { show: true, position: 'top', formatter: (p: { value: number }) => (p.value ? f.count(p.value) : '') },
      },
    ],
  };
}

/** Conversion rate per period of entry as a line (left axis), with the entries as light bars (right axis). */
export function trendOption(
  points: FunnelTrendPoint[],
  periods: string[],
  labels: { rate: string; entered: string },
  f: Formatters,
): EChartsOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 56, right: 56, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: periods },
    yAxis: [
      { type: 'value', min: 0, axisLabel: { formatter: (v: number) => f.percent(v) } },
      { type: 'value', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      {
        type: 'line',
        name: labels.rate,
        data: points.map((p) => p.conversionRate),
        showSymbol: points.length <= 60,
        tooltip: { valueFormatter: (v: unknown) => f.percent(Number(v)) },
        z: 3,
      },
      {
        type: 'bar',
        name: labels.entered,
        yAxisIndex: 1,
        data: points.map((p) => p.entered),
        itemStyle: { opacity: 0.35 },
        tooltip: { valueFormatter: (v: unknown) => f.count(Number(v)) },
      },
    ],
  };
}

/** Totals of a trend: periods, entries and conversions (each actor once per period of entry). */
export function trendTotals(points: FunnelTrendPoint[]) {
  return {
    periods: points.length,
    entered: points.reduce((n, p) => n + p.entered, 0),
    converted: points.reduce((n, p) => n + p.converted, 0),
  };
}
