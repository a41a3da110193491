import { PushpinOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client';
import type { MessageKey } from '../i18n/messages';
import { usePreferences } from '../preferences/preferences';
import { boardsApi } from './api';
import type { BoardSummary, BoardView, QueryKind } from './types';
import { viewsFor } from './types';

/**
 * "Pin to board": saves the query behind a result (an analytics query node, as sent to `POST /api/query`) with a
 * title, so it can be re-run on a custom dashboard. Every analysis page puts one beside its result.
 */
export type PinToBoardProps = {
  /** The query node exactly as the page sends it to `POST /api/query`. */
  query: unknown;
  /** The tile's default title (the operator can change it). */
  title: string;
  /** How the tile draws the answer; each query kind has a default. */
  view?: 'line' | 'bar' | 'table' | 'number' | 'funnel' | 'heatmap' | 'sankey' | 'scatter';
  /** The query is this saved query already: the tile draws it instead of saving a copy. */
  savedQueryId?: string;
};

const NEW_BOARD = '__new__';

type FormValues = { title: string; view: BoardView; boardId: string; newBoardName?: string };

/**
 * A button opening a dialog: the tile's title and view, and an existing board or a new one. Saving keeps the node as
 * a saved query and adds a tile drawing it, in one request (one transaction on the server), then links to the board.
 */
export function PinToBoard({ query, title, view, savedQueryId }: PinToBoardProps) {
  const { t } = usePreferences();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [boards, setBoards] = useState<BoardSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pinned, setPinned] = useState<{ id: string; name: string } | null>(null);
  const [form] = Form.useForm<FormValues>();
  const kind = (query as { kind?: string } | null)?.kind ?? '';
  const views = viewsFor(kind);
  const boardId = Form.useWatch('boardId', form);

  useEffect(() => {
    if (!open) return;
    setBoards(null);
    setLoadError(null);
    boardsApi.list('mine').then(
      (page) => {
        setBoards(page.items);
        form.setFieldValue('boardId', page.items[0]?.id ?? NEW_BOARD);
      },
      (err: unknown) => setLoadError(err instanceof Error ? err.message : String(err)),
    );
  }, [open, form]);

  const start = () => {
    setPinned(null);
    setError(null);
    form.setFieldsValue({
      title,
      view: view && views.includes(view) ? view : (views[0] ?? 'table'),
      boardId: NEW_BOARD,
      newBoardName: '',
    });
    setOpen(true);
  };

  const save = async (values: FormValues) => {
    setSaving(true);
    setError(null);
    const tile = savedQueryId
      ? { title: values.title, view: values.view, savedQueryId }
      : { title: values.title, view: values.view, query, saveAs: values.title };
    try {
      const board =
        values.boardId === NEW_BOARD
          ? await boardsApi.create({ name: values.newBoardName ?? values.title, tiles: [tile] })
          : await boardsApi.addTile(values.boardId, tile);
      setPinned({ id: board.id, name: board.name });
      message.success(t('boards.pin.done', { board: board.name }));
    } catch (err) {
      setError(err instanceof ApiError || err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button icon={<PushpinOutlined />} onClick={start} disabled={!kind} data-testid="pin-to-board">
        {t('pin.button')}
      </Button>
      <Modal
        open={open}
        title={t('boards.pin.title')}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        footer={
          pinned ? (
            <Button type="primary" onClick={() => setOpen(false)}>
              {t('boards.pin.close')}
            </Button>
          ) : (
            <Space>
              <Button onClick={() => setOpen(false)}>{t('boards.cancel')}</Button>
              <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="pin-save">
                {t('boards.pin.save')}
              </Button>
            </Space>
          )
        }
      >
        {pinned ? (
          <Alert
            type="success"
            showIcon
            data-testid="pin-done"
            title={t('boards.pin.done', { board: pinned.name })}
            description={
              <Link to={`/boards/${pinned.id}`} onClick={() => setOpen(false)} data-testid="pin-open-board">
                {t('boards.pin.open')}
              </Link>
            }
          />
        ) : (
          <Form form={form} layout="vertical" onFinish={save} requiredMark={false}>
            <Form.Item
              name="title"
              label={t('boards.pin.tileTitle')}
              rules={[{ required: true, whitespace: true, max: 100 }]}
            >
              <Input data-testid="pin-title" maxLength={100} />
            </Form.Item>
            <Form.Item name="view" label={t('boards.pin.view')}>
              <Radio.Group
                optionType="button"
                options={views.map((v) => ({ value: v, label: t(`board.view.${v}` as MessageKey) }))}
              />
            </Form.Item>
            {loadError ? <Alert type="error" showIcon title={loadError} style={{ marginBottom: 16 }} /> : null}
            <Form.Item name="boardId" label={t('boards.pin.board')}>
              <Select
                loading={boards === null && !loadError}
                data-testid="pin-board"
                aria-label={t('boards.pin.board')}
                options={[
                  { value: NEW_BOARD, label: t('boards.pin.newBoard') },
                  ...(boards ?? []).map((b) => ({ value: b.id, label: b.name })),
                ]}
              />
            </Form.Item>
            {boardId === NEW_BOARD ? (
              <Form.Item
                name="newBoardName"
                label={t('boards.pin.newBoardName')}
                rules={[{ required: true, whitespace: true, max: 100 }]}
              >
                <Input data-testid="pin-new-board" maxLength={100} />
              </Form.Item>
            ) : null}
            <Typography.Text type="secondary">{t('boards.pin.hint', { kind: kind as QueryKind })}</Typography.Text>
            {error ? (
              <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} data-testid="pin-error" />
            ) : null}
          </Form>
        )}
      </Modal>
    </>
  );
}
