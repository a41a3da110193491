import { Result } from 'antd';
import { usePreferences } from '../preferences/preferences';

/** What a navigation entry shows before its page is built. */
export function ComingLater() {
  const { t } = usePreferences();
  return <Result status="info" title={t('app.comingLater')} />;
}
