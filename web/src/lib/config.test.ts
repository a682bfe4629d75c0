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

import { appUrl, config, normaliseBasePath, readConfig } from './config';

afterAll(() => {
  vi.unstubAllGlobals();
});

const read = (content: string | null) => readConfig(fakeDocument(content) as unknown as Document);

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
    expect(read('{"basePath":"/meet/","aloneTimeout":120}')).toEqual({ basePath: '/meet', aloneTimeout: 120 });
  });

  it('allows an alone timeout of 0 (never asked)', () => {
    expect(read('{"aloneTimeout":0}')).toEqual({ basePath: '', aloneTimeout: 0 });
  });

  it('uses the defaults without the tag, or with an empty one', () => {
    expect(read(null)).toEqual({ basePath: '', aloneTimeout: 600 });
    expect(read('')).toEqual({ basePath: '', aloneTimeout: 600 });
  });

  it('uses the defaults for malformed JSON or JSON that is not an object', () => {
    for (const content of ['{"basePath":', 'not json', 'null', '42', '"x"']) {
      expect(read(content), content).toEqual({ basePath: '', aloneTimeout: 600 });
    }
  });

  it('uses the default for each field that is missing or wrong', () => {
    for (const timeout of ['-1', '1.5', '"30"', 'null', 'true', '1e400']) {
      expect(read(`{"basePath":"/m","aloneTimeout":${timeout}}`), timeout).toEqual({
        basePath: '/m',
        aloneTimeout: 600,
      });
    }
    expect(read('{"basePath":7,"aloneTimeout":5}')).toEqual({ basePath: '', aloneTimeout: 5 });
  });

  it('hands out a fresh object each time', () => {
    const first = read(null);
    first.aloneTimeout = 1;
    expect(read(null).aloneTimeout).toBe(600);
  });
});

describe('config', () => {
  it('is what the page said when the module loaded', () => {
    expect(config).toEqual({ basePath: '/meet', aloneTimeout: 30 });
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
