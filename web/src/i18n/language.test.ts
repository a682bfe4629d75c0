import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  LANGUAGES,
  chooseLanguage,
  languageName,
  loadMessages,
  match,
  rememberLanguage,
  rememberedLanguage,
  textDirection,
} from './language';
import { PARTS, partOf, pick } from './areas';
import { LOCALE_FILES } from './testing';

const AVAILABLE = ['de', 'en', 'es', 'fr', 'nl', 'pt-BR'];

describe('LANGUAGES', () => {
  it('are the locale files, sorted', () => {
    expect(LANGUAGES).toEqual(Object.keys(LOCALE_FILES).sort());
  });

  it('each load their own messages, part by part', async () => {
    for (const language of LANGUAGES) {
      const file = LOCALE_FILES[language];
      expect(await loadMessages(language, PARTS), language).toEqual(file);
      const pages = await loadMessages(language, ['pages']);
      expect(pages, language).toEqual(pick(file, 'pages'));
      expect(Object.keys(pages).every((key) => partOf(key) === 'pages')).toBe(true);
      expect(Object.keys(pages).length).toBeLessThan(Object.keys(file).length);
    }
  });

  it('falls back to English for a language without a file', async () => {
    expect(await loadMessages('xx', PARTS)).toEqual(LOCALE_FILES.en);
  });
});

describe('match', () => {
  it('finds the same tag, whatever its case', () => {
    expect(match('FR', AVAILABLE)).toBe('fr');
    expect(match('pt-br', AVAILABLE)).toBe('pt-BR');
  });

  it('serves a regional tag with its language', () => {
    expect(match('fr-CA', AVAILABLE)).toBe('fr');
    expect(match('de-AT', AVAILABLE)).toBe('de');
    expect(match('en-GB', AVAILABLE)).toBe('en');
  });

  it('serves a language with its only regional file', () => {
    expect(match('pt', AVAILABLE)).toBe('pt-BR');
    expect(match('pt-PT', AVAILABLE)).toBe('pt-BR');
  });

  it('finds nothing for other languages or an empty tag', () => {
    for (const tag of ['ja', 'zh-CN', '', '  ', 'e']) expect(match(tag, AVAILABLE), tag).toBeUndefined();
  });
});

describe('chooseLanguage', () => {
  it('takes the person’s choice first', () => {
    expect(chooseLanguage({ chosen: 'nl', browser: ['fr-FR', 'fr'], serverDefault: 'de' }, AVAILABLE)).toBe('nl');
  });

  it('then the first of the browser’s languages there is a file for', () => {
    expect(chooseLanguage({ chosen: null, browser: ['ja', 'fr-FR', 'de'], serverDefault: 'es' }, AVAILABLE)).toBe('fr');
    // A stale or unknown choice counts for nothing.
    expect(chooseLanguage({ chosen: 'xx', browser: ['de-CH'] }, AVAILABLE)).toBe('de');
  });

  it('then the server’s default, then English', () => {
    expect(chooseLanguage({ browser: ['ja', 'ko'], serverDefault: 'es' }, AVAILABLE)).toBe('es');
    expect(chooseLanguage({ browser: ['ja'], serverDefault: 'xx' }, AVAILABLE)).toBe('en');
    expect(chooseLanguage({}, AVAILABLE)).toBe('en');
    expect(chooseLanguage({}, ['fr'])).toBe('fr');
  });
});

describe('remembering the choice', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('keeps it in localStorage', () => {
    const store = new Map<string, string>();
    vi.stubGlobal('window', {
      localStorage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v) },
    });
    expect(rememberedLanguage()).toBeNull();
    rememberLanguage('de');
    expect(rememberedLanguage()).toBe('de');
  });

  it('tolerates a browser that refuses storage', () => {
    const refuse = () => {
      throw new Error('SecurityError');
    };
    vi.stubGlobal('window', { localStorage: { getItem: refuse, setItem: refuse } });
    expect(() => rememberLanguage('de')).not.toThrow();
    expect(rememberedLanguage()).toBeNull();
  });
});

describe('textDirection', () => {
  it('is right-to-left for Arabic, Hebrew and Persian, by language or script', () => {
    for (const tag of ['ar', 'he', 'fa-IR', 'ur', 'az-Arab']) expect(textDirection(tag), tag).toBe('rtl');
  });

  it('is left-to-right for the others', () => {
    for (const tag of ['en', 'fr', 'de-CH', 'nl', 'es', 'ja', 'sr-Latn']) expect(textDirection(tag), tag).toBe('ltr');
  });
});

describe('languageName', () => {
  it('names each language in itself, capitalised', () => {
    expect(languageName('en')).toBe('English');
    expect(languageName('fr')).toBe('Français');
    expect(languageName('de')).toBe('Deutsch');
    expect(languageName('es')).toBe('Español');
    expect(languageName('nl')).toBe('Nederlands');
  });
});
