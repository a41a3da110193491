import {
  ArrowDownOutlined,
  ArrowLeftOutlined,
  ArrowRightOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Popconfirm,
  Row,
  Segmented,
  Skeleton,
  Space,
  Switch,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { boardsApi } from '../../boards/api';
import { canMove, type Direction, layoutBody, moveTile, resizeTile, SPAN, withRange } from '../../boards/layout';
import { TileView } from '../../boards/TileView';
import type { Board, BoardTile, TileSize } from '../../boards/types';
import { TILE_SIZES } from '../../boards/types';
import type { MessageKey } from '../../i18n/messages';
import { usePageMarks } from '../../lib/perf';
import { isDay } from '../../lib/period';
import { usePreferences } from '../../preferences/preferences';
import { AddTileModal } from './AddTileModal';
import { scopeLabel } from './scope';

type LoadState = { status: 'loading' } | { status: 'error'; error: Error } | { status: 'done'; board: Board };

const MOVES: { dir: Direction; icon: ReactNode; label: MessageKey }[] = [
  { dir: 'left', icon: <ArrowLeftOutlined />, label: 'board.moveLeft' },
  { dir: 'up', icon: <ArrowUpOutlined />, label: 'board.moveUp' },
  { dir: 'down', icon: <ArrowDownOutlined />, label: 'board.moveDown' },
  { dir: 'right', icon: <ArrowRightOutlined />, label: 'board.moveRight' },
];

/**
 * /boards/:id: the board's tiles in a grid, each re-running its query as the viewer. The owner (or an admin)
 * arranges (move, resize), renames and removes tiles, adds tiles from saved queries, shares or deletes the board.
 * `?from=&to=` looks at every tile over another period without changing the saved nodes.
 */
export default function BoardPage() {
  const { id = '' } = useParams();
  const { t, locale } = usePreferences();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [busy, setBusy] = useState(false);
  const [adding, setAdding] = useState(false);
  usePageMarks('board', state.status === 'done');

  const load = useCallback(() => {
    const controller = new AbortController();
    boardsApi.get(id).then(
      (board) => setState({ status: 'done', board }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error: error as Error });
      },
    );
    return () => controller.abort();
  }, [id]);
  useEffect(() => load(), [load]);

  const from = params.get('from');
  const to = params.get('to');
  const range = isDay(from) && isDay(to) ? { from, to } : null;

  /** Runs a change on the server; the answer (the whole board) replaces the local copy. */
  const change = async (run: () => Promise<Board | undefined>, optimistic?: Board) => {
    const before = state.status === 'done' ? state.board : null;
    if (optimistic) setState({ status: 'done', board: optimistic });
    setBusy(true);
    try {
      const next = await run();
      if (next) setState({ status: 'done', board: next });
      return true;
    } catch (err) {
      if (before) setState({ status: 'done', board: before });
      message.error(err instanceof ApiError || err instanceof Error ? err.message : String(err));
      return false;
    } finally {
      setBusy(false);
    }
  };

  if (state.status === 'loading') {
    return (
      <Card data-testid="board-page">
        <Skeleton active />
      </Card>
    );
  }
  if (state.status === 'error') {
    const notFound = state.error instanceof ApiError && state.error.status === 404;
    return (
      <Space direction="vertical" style={{ width: '100%' }} data-testid="board-page">
        <Alert
          type={notFound ? 'warning' : 'error'}
          showIcon
          data-testid="board-error"
          title={notFound ? t('board.notFound') : t('board.loadError')}
          description={state.error.message}
          action={
            notFound ? undefined : (
              <Button size="small" onClick={load}>
                {t('board.retry')}
              </Button>
            )
          }
        />
        <Link to="/boards">{t('board.back')}</Link>
      </Space>
    );
  }

  const board = state.board;
  const editable = board.editable;
  const arrange = (tiles: BoardTile[]) =>
    change(() => boardsApi.layout(board.id, layoutBody(tiles)), { ...board, tiles });

  const setRange = (r: { from: string; to: string } | null) => {
    const next = new URLSearchParams(params);
    if (r) {
      next.set('from', r.from);
      next.set('to', r.to);
    } else {
      next.delete('from');
      next.delete('to');
    }
    setParams(next);
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="board-page">
      <Row justify="space-between" align="top" gutter={[16, 16]}>
        <Col flex="auto">
          <Link to="/boards">{t('board.back')}</Link>
          <Typography.Title
            level={3}
            style={{ margin: '4px 0 0' }}
            data-testid="board-title"
            editable={
              editable
                ? {
                    triggerType: ['icon'],
                    tooltip: t('board.rename'),
                    onChange: (name) => {
                      const trimmed = name.trim();
                      if (trimmed && trimmed !== board.name)
                        void change(() => boardsApi.update(board.id, { name: trimmed }));
                    },
                  }
                : false
            }
          >
            {board.name}
          </Typography.Title>
          <Space wrap size="small">
            {board.description ? <Typography.Text type="secondary">{board.description}</Typography.Text> : null}
            <Tag>{t('board.owner', { name: board.ownerName })}</Tag>
            <Tag>{scopeLabel(board.scope, t)}</Tag>
            {board.shared ? <Tag color="blue">{t('boards.sharedYes')}</Tag> : null}
          </Space>
        </Col>
        <Col>
          <Space wrap>
            <DatePicker.RangePicker
              aria-label={t('board.period')}
              data-testid="board-period"
              allowClear
              placeholder={[t('board.periodSaved'), t('board.periodSaved')]}
              value={range ? [dayjs(range.from), dayjs(range.to)] : null}
              onChange={(values) => {
                const [a, b] = values ?? [];
                setRange(a && b ? { from: a.format('YYYY-MM-DD'), to: b.format('YYYY-MM-DD') } : null);
              }}
            />
            {editable ? (
              <>
                <Space>
                  <Switch
                    checked={board.shared}
                    loading={busy}
                    aria-label={t('boards.shareLabel')}
                    data-testid="board-share"
                    onChange={(shared) =>
                      void change(() => boardsApi.update(board.id, { shared })).then(
                        (ok) => ok && message.success(shared ? t('board.sharedNow') : t('board.privateNow')),
                      )
                    }
                  />
                  <Typography.Text>{t('boards.shareLabel')}</Typography.Text>
                </Space>
                <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="board-add-tile">
                  {t('board.addTile')}
                </Button>
                <Popconfirm
                  title={t('board.deleteConfirm')}
                  okText={t('board.delete')}
                  cancelText={t('boards.cancel')}
                  okButtonProps={{ danger: true, 'data-testid': 'board-delete-ok' } as never}
                  onConfirm={() =>
                    change(() => boardsApi.remove(board.id)).then((ok) => {
                      if (ok) navigate('/boards');
                    })
                  }
                >
                  <Button danger icon={<DeleteOutlined />} data-testid="board-delete">
                    {t('board.delete')}
                  </Button>
                </Popconfirm>
              </>
            ) : (
              <Tooltip title={t('board.readOnlyHint')}>
                <Tag data-testid="board-readonly">{t('board.readOnly')}</Tag>
              </Tooltip>
            )}
          </Space>
        </Col>
      </Row>

      {board.tiles.length === 0 ? (
        <Card>
          <Empty description={editable ? t('board.emptyEditable') : t('board.empty')}>
            {editable ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                {t('board.addTile')}
              </Button>
            ) : null}
          </Empty>
        </Card>
      ) : (
        <Row gutter={[16, 16]} data-testid="board-grid">
          {board.tiles.map((tile, index) => (
            <Col key={tile.id} xs={24} lg={SPAN[tile.size]} data-testid="board-tile" data-tile-id={tile.id}>
              <Card
                size="small"
                title={
                  <Typography.Text
                    data-testid="tile-title"
                    editable={
                      editable
                        ? {
                            triggerType: ['icon'],
                            tooltip: t('board.renameTile'),
                            onChange: (title) => {
                              const trimmed = title.trim();
                              if (trimmed && trimmed !== tile.title)
                                void change(() => boardsApi.updateTile(board.id, tile.id, { title: trimmed }));
                            },
                          }
                        : false
                    }
                  >
                    {tile.title}
                  </Typography.Text>
                }
                extra={
                  editable ? (
                    <Space size={2} wrap>
                      {MOVES.map((m) => (
                        <Tooltip key={m.dir} title={t(m.label)}>
                          <Button
                            size="small"
                            type="text"
                            icon={m.icon}
                            aria-label={`${t(m.label)}: ${tile.title}`}
                            data-testid={`tile-move-${m.dir}`}
                            disabled={busy || !canMove(board.tiles, tile.id, m.dir)}
                            onClick={() => void arrange(moveTile(board.tiles, tile.id, m.dir))}
                          />
                        </Tooltip>
                      ))}
                      <Segmented
                        size="small"
                        value={tile.size}
                        aria-label={t('board.size')}
                        data-testid="tile-size"
                        options={TILE_SIZES.map((s) => ({ value: s, label: t(`board.size.${s}` as MessageKey) }))}
                        onChange={(size) => void arrange(resizeTile(board.tiles, tile.id, size as TileSize))}
                      />
                      <Popconfirm
                        title={t('board.removeTileConfirm')}
                        okText={t('board.removeTile')}
                        cancelText={t('boards.cancel')}
                        okButtonProps={{ danger: true, 'data-testid': 'tile-remove-ok' } as never}
                        onConfirm={() => change(() => boardsApi.removeTile(board.id, tile.id))}
                      >
                        <Button
                          size="small"
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={`${t('board.removeTile')}: ${tile.title}`}
                          data-testid="tile-remove"
                        />
                      </Popconfirm>
                    </Space>
                  ) : (
                    <Tag>{t(`board.view.${tile.view}` as MessageKey)}</Tag>
                  )
                }
              >
                <TileView
                  node={withRange(tile.query, range)}
                  view={tile.view}
                  height={tile.size === 'small' ? 200 : 260}
                  testId={`tile-body-${index}`}
                />
              </Card>
            </Col>
          ))}
        </Row>
      )}
      <Typography.Text type="secondary">
        {t('board.viewerScopeNote')} · {new Date(board.updatedAt).toLocaleString(locale, { timeZone: 'Asia/Shanghai' })}
      </Typography.Text>
      {adding ? (
        <AddTileModal
          onClose={() => setAdding(false)}
          onAdd={async (tile) => {
            const ok = await change(() => boardsApi.addTile(board.id, tile));
            if (ok) setAdding(false);
            return ok;
          }}
        />
      ) : null}
    </Space>
  );
}
