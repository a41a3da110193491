import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect } from 'react';
import { BrowserRouter } from 'react-router-dom';
import { PreferencesProvider, usePreferences } from './preferences/preferences';
import { AppRoutes } from './routes';
import { SessionProvider } from './session/session';

const FONT =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif";

function Themed() {
  const { locale, theme: mode, t } = usePreferences();
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dataset.theme = mode;
    document.title = t('app.name');
  }, [locale, mode, t]);
  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCN : enUS}
      theme={{
        algorithm: mode === 'dark' ? theme.darkAlgorithm : theme.defaultAlgorithm,
        token: { fontFamily: FONT },
      }}
    >
      <AntApp style={{ height: '100%' }}>
        <SessionProvider>
          <AppRoutes />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <PreferencesProvider>
        <Themed />
      </PreferencesProvider>
    </BrowserRouter>
  );
}
