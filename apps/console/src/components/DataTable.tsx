import { DownloadOutlined } from '@ant-design/icons';
import { Button, Input, Space, Table, type TableColumnType } from 'antd';
import { type ReactNode, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { downloadCsv } from '../lib/csv';
import { usePreferences } from '../preferences/preferences';
import { applyTableState, type CellValue, tableStateFromParams, tableStateToParams } from './table-state';

/**
 * A column of a DataTable. `value` is what the column sorts, filters, searches and exports by; `render` only
 * changes what is shown (a badge, a link), so the CSV always carries the plain value.
 */
export type DataColumn<T> = {
  key: string;
  title: string;
  value: (row: T) => CellValue;
  render?: (row: T) => ReactNode;
  /** Default true. */
  sortable?: boolean;
  /** Offer a filter menu with the column's distinct values (shown through `filterLabel`). */
  filterable?: boolean;
  filterLabel?: (value: string) => string;
  align?: 'left' | 'right' | 'center';
  width?: number;
};

export type DataTableProps<T> = {
  rows: readonly T[];
  columns: DataColumn<T>[];
  rowKey: (row: T) => string;
  /** The CSV export's file name (without .csv); no export button without it. */
  csvName?: string;
  loading?: boolean;
  /** Prefix of this table's URL parameters, when a page holds more than one table. */
  urlPrefix?: string;
  pageSize?: number;
  /** Buttons or filters shown beside the search box. */
  toolbar?: ReactNode;
  emptyText?: ReactNode;
  testId?: string;
  size?: 'small' | 'middle';
  onRow?: (row: T) => { onClick?: () => void };
};

/**
 * The console's table for lists it holds in memory (query answers, a few hundred rows): sorting, column filters,
 * a search box, paging and a CSV export of the filtered, sorted rows. Its state lives in the URL, so a link shows
 * the same view. Server-paged lists use antd's Table with the server's paging and `fetchAllPages` for the export.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { t, locale } = usePreferences();
  const [params, setParams] = useSearchParams();
  const prefix = props.urlPrefix ?? '';
  const state = tableStateFromParams(params, prefix);
  const collator = useMemo(() => new Intl.Collator(locale === 'zh-CN' ? 'zh-CN' : 'en', { numeric: true }), [locale]);
  const { rows, columns } = props;
  // biome-ignore lint/correctness/useExhaustiveDependencies: state is derived from params
  const shown = useMemo(() => applyTableState(rows, columns, state, collator), [rows, columns, params, collator]);
  const pageSize = props.pageSize ?? 20;

  const antColumns: TableColumnType<T>[] = columns.map((c) => {
    const col: TableColumnType<T> = {
      key: c.key,
      dataIndex: c.key,
      title: c.title,
      align: c.align,
      render: (_: unknown, row: T) => (c.render ? c.render(row) : (c.value(row) ?? '')),
    };
    if (c.width !== undefined) col.width = c.width;
    if (c.sortable !== false) {
      col.sorter = true;
      col.sortOrder = state.sort?.key === c.key ? state.sort.dir : null;
      col.sortDirections = ['ascend', 'descend'];
    }
    if (c.filterable) {
      const values = [...new Set(rows.map((r) => String(c.value(r) ?? '')))].sort((a, b) => collator.compare(a, b));
      col.filters = values.map((v) => ({ text: c.filterLabel ? c.filterLabel(v) : v, value: v }));
      col.filteredValue = state.filters[c.key] ?? null;
    }
    return col;
  });

  const exportCsv = () => {
    downloadCsv(
      `${props.csvName}.csv`,
      columns.map((c) => c.title),
      shown.map((row) => columns.map((c) => c.value(row))),
    );
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={props.testId}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <Input.Search
            allowClear
            aria-label={t('table.search')}
            placeholder={t('table.search')}
            defaultValue={state.q}
            style={{ width: 240 }}
            onSearch={(q) => setParams(tableStateToParams(params, { ...state, q, page: 1 }, prefix), { replace: true })}
          />
          {props.toolbar}
        </Space>
        {props.csvName !== undefined && (
          <Button
            icon={<DownloadOutlined />}
            onClick={exportCsv}
            disabled={shown.length === 0}
            style={{ minWidth: 190 }}
          >
            {t('table.exportCsv', { n: shown.length })}
          </Button>
        )}
      </Space>
      <Table<T>
        size={props.size ?? 'middle'}
        rowKey={props.rowKey}
        columns={antColumns}
        dataSource={shown}
        loading={props.loading}
        locale={props.emptyText === undefined ? undefined : { emptyText: props.emptyText }}
        onRow={props.onRow}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: state.page,
          pageSize,
          total: shown.length,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (n) => t('table.total', { n }),
        }}
        onChange={(pagination, filters, sorter, extra) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          const next = { ...state };
          if (extra.action === 'paginate') next.page = pagination.current ?? 1;
          if (extra.action === 'sort') {
            next.page = 1;
            if (s?.order && s.columnKey !== undefined) next.sort = { key: String(s.columnKey), dir: s.order };
            else delete next.sort;
          }
          if (extra.action === 'filter') {
            next.page = 1;
            next.filters = Object.fromEntries(
              Object.entries(filters).map(([k, v]) => [k, (v ?? []).map((x) => String(x))]),
            );
          }
          setParams(tableStateToParams(params, next, prefix), { replace: true });
        }}
      />
    </Space>
  );
}
