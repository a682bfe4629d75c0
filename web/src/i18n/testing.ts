// The translators of the locale files for unit tests: what a person sees in each language.
import type { I18n } from './i18n';
import { createTranslator, type Messages } from './messages';

const files = import.meta.glob<Messages>('./locales/*.json', { eager: true, import: 'default' });

/** Every locale file, by language tag. */
export const LOCALE_FILES: Readonly<Record<string, Messages>> = Object.fromEntries(
  Object.entries(files).map(([file, messages]) => [/([^/]+)\.json$/.exec(file)?.[1] ?? file, messages]),
);

export function i18nFor(language: string): I18n {
  const messages = LOCALE_FILES[language];
  if (!messages) throw new Error(`no locale file for ${language}`);
  return { language, t: createTranslator(language, messages) };
}

/** English, as most unit tests read the app's words. */
export const english: I18n = i18nFor('en');
