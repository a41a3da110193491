import { Alert, Empty, Form, Input, Modal, Radio, Select, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { fetchAllPages } from '../../api/pages';
import type { SavedQuery, TileCreate, TileSize } from '../../boards/types';
import { TILE_SIZES, viewsFor } from '../../boards/types';
import type { MessageKey } from '../../i18n/messages';
import { usePreferences } from '../../preferences/preferences';

type Values = { savedQueryId: string; title: string; view: string; size: TileSize };

/** "Add a tile": pick one of the operator's saved queries, then its title, view and size. */
export function AddTileModal({
  onClose,
  onAdd,
}: {
  onClose: () => void;
  onAdd: (tile: TileCreate) => Promise<boolean>;
}) {
  const { t } = usePreferences();
  const [saved, setSaved] = useState<SavedQuery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<Values>();
  const chosenId = Form.useWatch('savedQueryId', form);
  const chosen = saved?.find((s) => s.id === chosenId);

  useEffect(() => {
    const controller = new AbortController();
    fetchAllPages<SavedQuery>('/api/saved-queries', 1000, controller.signal).then(setSaved, (err: unknown) => {
      if (!controller.signal.aborted) setError(err instanceof Error ? err.message : String(err));
    });
    return () => controller.abort();
  }, []);

  const pick = (id: string) => {
    const sq = saved?.find((s) => s.id === id);
    if (sq) form.setFieldsValue({ title: sq.name, view: sq.view });
  };

  return (
    <Modal
      open
      title={t('board.addTile')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('board.addTileOk')}
      cancelText={t('boards.cancel')}
      confirmLoading={saving}
      okButtonProps={{ disabled: !saved?.length, 'data-testid': 'add-tile-ok' } as never}
    >
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {saved === null && !error ? <Spin /> : null}
      {saved?.length === 0 ? (
        <Empty description={t('board.noSavedQueries')}>
          <Link to="/analysis/trends">{t('board.goAnalyse')}</Link>
        </Empty>
      ) : null}
      {saved?.length ? (
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{ size: 'medium' }}
          onFinish={async (v) => {
            setSaving(true);
            try {
              await onAdd({
                savedQueryId: v.savedQueryId,
                title: v.title,
                view: v.view as TileCreate['view'],
                size: v.size,
              });
            } finally {
              setSaving(false);
            }
          }}
        >
          <Form.Item name="savedQueryId" label={t('board.savedQuery')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              data-testid="add-tile-query"
              aria-label={t('board.savedQuery')}
              onChange={pick}
              options={saved.map((s) => ({ value: s.id, label: `${s.name} · ${s.query.kind}` }))}
            />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('boards.pin.tileTitle')}
            rules={[{ required: true, whitespace: true, max: 100 }]}
          >
            <Input data-testid="add-tile-title" maxLength={100} />
          </Form.Item>
          <Form.Item name="view" label={t('boards.pin.view')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={viewsFor(chosen?.query.kind ?? '').map((v) => ({
                value: v,
                label: t(`board.view.${v}` as MessageKey),
              }))}
            />
          </Form.Item>
          <Form.Item name="size" label={t('board.size')}>
            <Radio.Group
              optionType="button"
              options={TILE_SIZES.map((s) => ({ value: s, label: t(`board.size.${s}` as MessageKey) }))}
            />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}
