import { Card } from 'antd';
import { useMemo } from 'react';
import { EChart } from '../../../charts/EChart';
import { type DataColumn, DataTable } from '../../../components/DataTable';
import { formatCount } from '../../../lib/money';
import { usePreferences } from '../../../preferences/preferences';
import { breakdownRateOption, breakdownRows, type Formatters } from './charts';
import type { FunnelResult } from './types';

type Row = ReturnType<typeof breakdownRows>[number] & { steps: number[] };

/**
 * Conversion per breakdown value: a bar per value (first step → last step) and a table with every step's count,
 * sortable, searchable and exportable (its state under the `bd.` URL parameters).
 */
export function BreakdownCard({ result, formatters }: { result: FunnelResult; formatters: Formatters }) {
  const { t, locale, theme } = usePreferences();
  const rows = useMemo<Row[]>(
    () =>
      breakdownRows(result).map((r, i) => ({ ...r, steps: result.breakdowns?.[i]?.steps.map((s) => s.count) ?? [] })),
    [result],
  );
  const option = useMemo(() => breakdownRateOption(rows, formatters), [rows, formatters]);
  const columns = useMemo<DataColumn<Row>[]>(
    () => [
      { key: 'value', title: t('funnel.col.value'), value: (r) => r.value, filterable: true },
      ...result.steps.map((s, i) => ({
        key: `s${i}`,
        title: `${i + 1}. ${s.event}`,
        value: (r: Row) => r.steps[i] ?? 0,
        render: (r: Row) => formatCount(r.steps[i] ?? 0, locale),
        align: 'right' as const,
      })),
      {
        key: 'rate',
        title: t('funnel.col.conversion'),
        value: (r) => Math.round(r.rate * 10_000) / 10_000,
        render: (r) => formatters.percent(r.rate),
        align: 'right',
      },
    ],
    [result, t, locale, formatters],
  );
  return (
    <Card size="small" title={t('funnel.breakdownTable')} data-testid="funnel-breakdowns">
      <EChart
        option={option}
        theme={theme}
        style={{ height: Math.max(120, Math.min(rows.length, 15) * 28 + 40) }}
        testId="funnel-breakdown-chart"
      />
      <DataTable<Row>
        rows={rows}
        columns={columns}
        rowKey={(r) => r.value}
        urlPrefix="bd."
        csvName="funnel-breakdown"
        size="small"
        pageSize={10}
        testId="funnel-breakdown-table"
      />
    </Card>
  );
}
