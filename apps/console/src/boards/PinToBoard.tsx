import { PushpinOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { usePreferences } from '../preferences/preferences';

/**
 * "Pin to board": saves the query behind a result (an analytics query node, as sent to `POST /api/query`) with a
 * title, so it can be re-run on a custom dashboard. Every analysis page puts one beside its result.
 * (The boards feature fills this in; until then the button is shown disabled.)
 */
export type PinToBoardProps = {
  /** The query node exactly as the page sends it to `POST /api/query`. */
  query: unknown;
  /** The tile's default title (the operator can change it). */
  title: string;
  /** How the tile draws the answer; each query kind has a default. */
  view?: 'line' | 'bar' | 'table' | 'number' | 'funnel' | 'heatmap' | 'sankey' | 'scatter';
};

export function PinToBoard(_props: PinToBoardProps) {
  const { t } = usePreferences();
  return (
    <Tooltip title={t('pin.unavailable')}>
      <Button icon={<PushpinOutlined />} disabled data-testid="pin-to-board">
        {t('pin.button')}
      </Button>
    </Tooltip>
  );
}
