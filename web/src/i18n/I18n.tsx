// The active language for the React tree: `useI18n()` gives its translator (`t`), its tag for
// Intl formatting, and `setLanguage` for the picker. Changing the language loads its messages,
// remembers the choice and re-renders every component that reads the context, with no reload, so
// a meeting goes on. <html lang> and <html dir> follow.
import * as React from 'react';
import type { I18n } from './i18n';
import { rememberLanguage, textDirection } from './language';
import type { LanguageStore } from './store';

export interface I18nContextValue extends I18n {
  setLanguage: (language: string) => void;
}

const I18nContext = React.createContext<I18nContextValue | null>(null);

export function I18nProvider({ store, children }: { store: LanguageStore; children: React.ReactNode }) {
  const active = React.useSyncExternalStore(store.subscribe, store.current);

  React.useEffect(() => {
    document.documentElement.lang = active.language;
    document.documentElement.dir = textDirection(active.language);
  }, [active.language]);

  const setLanguage = React.useCallback(
    (language: string) => {
      rememberLanguage(language);
      store.setLanguage(language).catch(() => {
        // The messages did not load (offline): the page stays in its language.
      });
    },
    [store],
  );

  const value = React.useMemo(() => ({ ...active, setLanguage }), [active, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nContextValue {
  const value = React.useContext(I18nContext);
  if (!value) throw new Error('useI18n outside <I18nProvider>');
  return value;
}

/** The translator of the active language. */
export function useT(): I18n['t'] {
  return useI18n().t;
}
