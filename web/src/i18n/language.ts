// Which language the app speaks. In this order: the person's choice (the language picker,
// remembered in this browser), the browser's languages, the server's default
// (`--default-language`), English. Each locale file is served as small chunks (areas.ts), loaded
// when chosen.
import { LANGUAGES as AVAILABLE, loaders } from 'virtual:lkm-locales';
import type { Part } from './areas';
import type { Messages } from './messages';

export const FALLBACK_LANGUAGE = 'en';
const STORAGE_KEY = 'lkm.language';

/** The languages there are translations for, as their tags ("de", "en", "pt-BR", …), sorted. */
export const LANGUAGES: readonly string[] = AVAILABLE;

/** The messages of the given parts (areas.ts) of a language of LANGUAGES (else English). */
export async function loadMessages(language: string, parts: readonly Part[]): Promise<Messages> {
  const chunks = loaders[language] ?? loaders[FALLBACK_LANGUAGE];
  if (!chunks) throw new Error(`no messages for ${language}`);
  const loaded = await Promise.all(parts.map((part) => chunks[part]()));
  return Object.assign({}, ...loaded.map((module) => module.default)) as Messages;
}

/**
 * The available language that serves a wanted tag: the same tag (case aside), else one with
 * the same primary language ("fr-CA" gets "fr"; "pt" gets "pt-BR" when that is all there is).
 */
export function match(wanted: string, available: readonly string[]): string | undefined {
  const tag = wanted.trim().toLowerCase();
  if (tag === '') return undefined;
  const exact = available.find((a) => a.toLowerCase() === tag);
  if (exact) return exact;
  const primary = tag.split('-')[0];
  return (
    available.find((a) => a.toLowerCase() === primary) ??
    available.find((a) => a.toLowerCase().split('-')[0] === primary)
  );
}

export interface LanguageSources {
  /** The person's remembered choice. */
  chosen?: string | null;
  /** navigator.languages, most wanted first. */
  browser?: readonly string[];
  /** The server's `--default-language`. */
  serverDefault?: string;
}

/** The language to speak, by the order above, among `available`. */
export function chooseLanguage(sources: LanguageSources, available: readonly string[] = LANGUAGES): string {
  const wanted = [sources.chosen ?? '', ...(sources.browser ?? []), sources.serverDefault ?? ''];
  for (const tag of wanted) {
    const found = match(tag, available);
    if (found) return found;
  }
  return match(FALLBACK_LANGUAGE, available) ?? available[0] ?? FALLBACK_LANGUAGE;
}

/** The language chosen in this browser, if any. */
export function rememberedLanguage(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function rememberLanguage(language: string): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered; the choice still applies to this page.
  }
}

const RIGHT_TO_LEFT = new Set(['ar', 'dv', 'fa', 'he', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi']);

/** The writing direction of a language, for <html dir>. */
export function textDirection(language: string): 'ltr' | 'rtl' {
  const locale = new Intl.Locale(language);
  if (locale.script) return ['Arab', 'Hebr', 'Thaa', 'Syrc', 'Nkoo', 'Adlm', 'Rohg'].includes(locale.script) ? 'rtl' : 'ltr';
  return RIGHT_TO_LEFT.has(locale.language) ? 'rtl' : 'ltr';
}

/** A language's name in that language, as a picker shows it: "Deutsch", "Français". */
export function languageName(language: string): string {
  try {
    const name = new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
    return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
  } catch {
    return language;
  }
}
