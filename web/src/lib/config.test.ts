import { afterAll, describe, expect, it, vi } from 'vitest';

const { fakeDocument } = vi.hoisted(() => {
  /** A document with the given <meta name="livekit-meet-config"> content and <base href>. */
  const fakeDocument = (content: string | null, base?: string) => ({
    baseURI: base ?? 'https://meet.example/ignored/',
    querySelector(selector: string) {
      if (selector === 'meta[name="livekit-meet-config"]') {
        if (content === null) return null;
        return { getAttribute: (name: string) => (name === 'content' ? content : null) };
      }
      if (selector === 'base[href]') return base === undefined ? null : {};
      return null;
    },
  });
  // config.ts reads the page's configuration when it is imported.
  vi.stubGlobal('document', fakeDocument('{"basePath":"meet/","aloneTimeout":30}'));
  vi.stubGlobal('window', { location: { origin: 'https://meet.example' } });
  return { fakeDocument };
});

import { appUrl, config, normaliseBasePath, readBrand, readConfig } from './config';

afterAll(() => {
  vi.unstubAllGlobals();
});

const read = (content: string | null) => readConfig(fakeDocument(content) as unknown as Document);
const DEFAULT_BRAND = { productName: 'LiveKit Meet' };
/** The whole configuration: the given fields, the defaults for the others. */
const expected = (fields: Record<string, unknown>) => ({
  basePath: '',
  aloneTimeout: 600,
  defaultLanguage: 'en',
  brand: DEFAULT_BRAND,
  ...fields,
});

describe('normaliseBasePath', () => {
  it('is empty at the root', () => {
    for (const value of ['', '/', '///', '   ', ' / ']) expect(normaliseBasePath(value), value).toBe('');
  });

  it('has one leading slash and no trailing slash', () => {
    expect(normaliseBasePath('/meet')).toBe('/meet');
    expect(normaliseBasePath('meet')).toBe('/meet');
    expect(normaliseBasePath('/meet/')).toBe('/meet');
    expect(normaliseBasePath(' /apps/meet// ')).toBe('/apps/meet');
  });

  it('is empty for a value that is not a string', () => {
    for (const value of [undefined, null, 42, ['/meet'], { path: '/meet' }]) {
      expect(normaliseBasePath(value)).toBe('');
    }
  });
});

describe('readConfig', () => {
  it('reads the base path and the alone timeout', () => {
    expect(read('{"basePath":"/meet/","aloneTimeout":120}')).toEqual(expected({ basePath: '/meet', aloneTimeout: 120 }));
  });

  it('allows an alone timeout of 0 (never asked)', () => {
    expect(read('{"aloneTimeout":0}')).toEqual(expected({ aloneTimeout: 0 }));
  });

  it('uses the defaults without the tag, or with an empty one', () => {
    expect(read(null)).toEqual(expected({}));
    expect(read('')).toEqual(expected({}));
  });

  it('uses the defaults for malformed JSON or JSON that is not an object', () => {
    for (const content of ['{"basePath":', 'not json', 'null', '42', '"x"']) {
      expect(read(content), content).toEqual(expected({}));
    }
  });

  it('uses the default for each field that is missing or wrong', () => {
    for (const timeout of ['-1', '1.5', '"30"', 'null', 'true', '1e400']) {
      expect(read(`{"basePath":"/m","aloneTimeout":${timeout}}`), timeout).toEqual(expected({ basePath: '/m' }));
    }
    expect(read('{"basePath":7,"aloneTimeout":5}')).toEqual(expected({ aloneTimeout: 5 }));
  });

  it('hands out a fresh object each time', () => {
    const first = read(null);
    first.aloneTimeout = 1;
    first.brand.productName = 'Changed';
    expect(read(null).aloneTimeout).toBe(600);
    expect(read(null).brand.productName).toBe('LiveKit Meet');
  });

  it('reads the default language, and keeps English for what is not a language tag', () => {
    expect(read('{"defaultLanguage":"fr"}').defaultLanguage).toBe('fr');
    expect(read('{"defaultLanguage":"pt-BR"}').defaultLanguage).toBe('pt-BR');
    for (const value of ['""', '"f"', '"fr_FR"', '"<b>"', '42', 'null', '"fr-"']) {
      expect(read(`{"defaultLanguage":${value}}`).defaultLanguage, value).toBe('en');
    }
  });
});

describe('readBrand', () => {
  it('reads every field the server sends', () => {
    const brand = {
      productName: 'Acme Meet',
      logoUrl: 'brand/logo.svg',
      accentColor: '#FF6600',
      welcome: 'Welcome to Acme’s meetings',
      privacyUrl: 'https://acme.example/privacy',
      legalUrl: 'http://acme.example/legal',
      supportUrl: 'mailto:help@acme.example',
    };
    expect(readBrand(brand)).toEqual({ ...brand, accentColor: '#ff6600' });
    expect(read(JSON.stringify({ brand })).brand.productName).toBe('Acme Meet');
  });

  it('keeps the defaults for a missing or malformed brand', () => {
    for (const value of [undefined, null, 'Acme', 42, []]) expect(readBrand(value), String(value)).toEqual(DEFAULT_BRAND);
    expect(readBrand({ productName: '' })).toEqual(DEFAULT_BRAND);
    expect(readBrand({ productName: 'x'.repeat(65) })).toEqual(DEFAULT_BRAND);
  });

  it('drops links that are not http(s), or mailto for support', () => {
    const brand = readBrand({
      productName: 'Acme',
      privacyUrl: 'javascript:alert(1)',
      legalUrl: 'mailto:legal@acme.example',
      supportUrl: 'data:text/html,hi',
    });
    expect(brand).toEqual({ productName: 'Acme' });
    expect(readBrand({ productName: 'Acme', supportUrl: '/relative' })).toEqual({ productName: 'Acme' });
  });

  it('drops a colour that is not #rrggbb and a logo that is not a brand file', () => {
    for (const accentColor of ['red', '#fff', '#12345g', 'rgb(1,2,3)', '#1234567']) {
      expect(readBrand({ productName: 'A', accentColor }), accentColor).toEqual({ productName: 'A' });
    }
    for (const logoUrl of ['https://evil.example/x.svg', 'brand/../secret', '/brand/logo.svg', 'javascript:x']) {
      expect(readBrand({ productName: 'A', logoUrl }), logoUrl).toEqual({ productName: 'A' });
    }
  });
});

describe('config', () => {
  it('is what the page said when the module loaded', () => {
    expect(config).toEqual(expected({ basePath: '/meet', aloneTimeout: 30 }));
  });
});

describe('appUrl', () => {
  it('resolves against the configured base path when the page has no <base>', () => {
    expect(appUrl('api/connection-details').href).toBe('https://meet.example/meet/api/connection-details');
  });

  it('treats a leading slash as relative to the app, not to the site', () => {
    expect(appUrl('/api/rooms').href).toBe('https://meet.example/meet/api/rooms');
    expect(appUrl('///api/rooms').href).toBe('https://meet.example/meet/api/rooms');
  });

  it('resolves against the injected <base href> when there is one', () => {
    vi.stubGlobal('document', fakeDocument(null, 'https://proxy.example/apps/meet/'));
    try {
      expect(appUrl('/api/session').href).toBe('https://proxy.example/apps/meet/api/session');
    } finally {
      vi.stubGlobal('document', fakeDocument(null));
    }
  });
});
