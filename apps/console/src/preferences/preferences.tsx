import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { catalogues, format, type Locale, type MessageKey, pickLocale } from '../i18n/messages';
import { setDayjsLocale } from '../lib/dates';

/** The operator's display choices: language and theme, remembered in this browser. */
export type ThemeMode = 'light' | 'dark';

type Preferences = {
  locale: Locale;
  setLocale: (l: Locale) => void;
  theme: ThemeMode;
  setTheme: (t: ThemeMode) => void;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
};

const LOCALE_KEY = 'tradeloop.locale';
const THEME_KEY = 'tradeloop.theme';

function remembered(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function remember(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}

const PreferencesContext = createContext<Preferences | null>(null);

export function PreferencesProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const l = pickLocale(remembered(LOCALE_KEY), navigator.languages ?? [navigator.language]);
    setDayjsLocale(l);
    return l;
  });
  const [theme, setThemeState] = useState<ThemeMode>(() => {
    const saved = remembered(THEME_KEY);
    if (saved === 'light' || saved === 'dark') return saved;
    return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  });

  const setLocale = useCallback((l: Locale) => {
    setDayjsLocale(l);
    document.documentElement.lang = l;
    remember(LOCALE_KEY, l);
    setLocaleState(l);
  }, []);
  const setTheme = useCallback((mode: ThemeMode) => {
    remember(THEME_KEY, mode);
    setThemeState(mode);
  }, []);

  const value = useMemo<Preferences>(() => {
    const catalogue = catalogues[locale];
    return {
      locale,
      setLocale,
      theme,
      setTheme,
      t: (key, values) => format(catalogue[key], values),
    };
  }, [locale, setLocale, theme, setTheme]);
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): Preferences {
  const p = useContext(PreferencesContext);
  if (!p) throw new Error('usePreferences outside PreferencesProvider');
  return p;
}
