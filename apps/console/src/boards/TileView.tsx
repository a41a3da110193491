import { Alert, Button, Empty, Skeleton, Statistic, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useAnalyticsQuery } from '../api/use-query';
import { EChart } from '../charts/EChart';
import { formatCount, formatMoney } from '../lib/money';
import { usePreferences } from '../preferences/preferences';
import './charts';
import { drawingOf, formatCell } from './render';
import type { BoardView, QueryNodeLike } from './types';

/**
 * One tile's body: runs the node through `POST /api/query` as the viewer (so a shared board shows the viewer's own
 * scope) and draws the answer in the chosen view. The frame keeps its height while loading, so the grid never jumps.
 */
export function TileView({
  node,
  view,
  height = 260,
  testId,
}: {
  node: QueryNodeLike;
  view: BoardView;
  height?: number;
  testId?: string;
}) {
  const { t, locale, theme } = usePreferences();
  const result = useAnalyticsQuery<unknown>(node);
  const drawing = useMemo(
    () => (result.status === 'done' ? drawingOf(node, result.data, view, { t, locale }) : null),
    [result, node, view, t, locale],
  );

  const frame = { height, overflow: 'auto' as const };
  if (result.status === 'loading') {
    return (
      <div style={frame} data-testid={testId} data-state="loading">
        <Skeleton active paragraph={{ rows: 5 }} />
      </div>
    );
  }
  if (result.status === 'error') {
    return (
      <div style={frame} data-testid={testId} data-state="error">
        <Alert
          type="error"
          showIcon
          title={t('board.tileError')}
          description={result.error.message}
          action={
            <Button size="small" onClick={result.retry}>
              {t('board.retry')}
            </Button>
          }
        />
      </div>
    );
  }
  if (!drawing || drawing.kind === 'empty') {
    return (
      <div style={{ ...frame, display: 'grid', placeItems: 'center' }} data-testid={testId} data-state="empty">
        <Empty description={t('board.tileEmpty')} />
      </div>
    );
  }
  if (drawing.kind === 'number') {
    return (
      <div
        style={{ ...frame, display: 'grid', alignContent: 'center', gap: 12 }}
        data-testid={testId}
        data-state="done"
      >
        <Statistic
          title={drawing.label}
          value={drawing.money ? formatMoney(drawing.value, locale) : formatCount(drawing.value, locale)}
          styles={{ content: { fontSize: 36 } }}
        />
        {drawing.others.map((o) => (
          <Typography.Text key={o.label} type="secondary">
            {o.label}: {o.value}
          </Typography.Text>
        ))}
      </div>
    );
  }
  if (drawing.kind === 'table') {
    return (
      <div style={frame} data-testid={testId} data-state="done">
        <Table
          size="small"
          rowKey={(r) => String(r.key)}
          dataSource={drawing.rows}
          pagination={drawing.rows.length > 8 ? { pageSize: 8, size: 'small', showSizeChanger: false } : false}
          columns={drawing.columns.map((c) => ({
            key: c.key,
            dataIndex: c.key,
            title: c.title,
            align: c.format ? ('right' as const) : ('left' as const),
            sorter: (a: Record<string, unknown>, b: Record<string, unknown>) => {
              const x = a[c.key];
              const y = b[c.key];
              if (typeof x === 'number' && typeof y === 'number') return x - y;
              return String(x ?? '').localeCompare(String(y ?? ''), locale);
            },
            render: (v: string | number | null) => formatCell(v, c.format, locale),
          }))}
        />
      </div>
    );
  }
  return (
    <div data-testid={testId} data-state="done">
      <EChart option={drawing.option} theme={theme} style={{ height }} />
    </div>
  );
}
