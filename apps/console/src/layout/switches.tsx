import { MoonOutlined, SunOutlined } from '@ant-design/icons';
import { Button, Segmented, Tooltip } from 'antd';
import type { Locale } from '../i18n/messages';
import { usePreferences } from '../preferences/preferences';

/** 中文 / English: each language named in itself, so anyone can find theirs. */
export function LocaleSwitch() {
  const { locale, setLocale, t } = usePreferences();
  return (
    <Segmented<Locale>
      aria-label={t('header.locale')}
      data-testid="locale-switch"
      size="small"
      value={locale}
      onChange={setLocale}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'EN', value: 'en' },
      ]}
    />
  );
}

export function ThemeSwitch() {
  const { theme, setTheme, t } = usePreferences();
  const next = theme === 'dark' ? 'light' : 'dark';
  const label = `${t('header.theme')}: ${t(next === 'dark' ? 'header.themeDark' : 'header.themeLight')}`;
  return (
    <Tooltip title={label}>
      <Button
        data-testid="theme-switch"
        aria-label={label}
        size="small"
        icon={theme === 'dark' ? <SunOutlined /> : <MoonOutlined />}
        onClick={() => setTheme(next)}
      />
    </Tooltip>
  );
}
