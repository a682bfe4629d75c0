import { describe, expect, it } from 'vitest';
import { appPathname, browserHref, matchPath } from './paths';

describe('appPathname', () => {
  it('is the browser path at the root', () => {
    expect(appPathname('/rooms/x', '')).toBe('/rooms/x');
    expect(appPathname('', '')).toBe('/');
  });

  it('drops the base path', () => {
    expect(appPathname('/meet/rooms/x', '/meet')).toBe('/rooms/x');
    expect(appPathname('/meet/', '/meet')).toBe('/');
    expect(appPathname('/meet', '/meet')).toBe('/');
  });

  it('leaves a path outside the base path as it is (nothing there)', () => {
    expect(appPathname('/meeting/x', '/meet')).toBe('/meeting/x');
    expect(appPathname('/other', '/meet')).toBe('/other');
  });
});

describe('browserHref', () => {
  it('puts the base path in front', () => {
    expect(browserHref('/', '/meet')).toBe('/meet/');
    expect(browserHref('/rooms/a%20b?codec=vp9#secret', '/meet')).toBe('/meet/rooms/a%20b?codec=vp9#secret');
    expect(browserHref('test', '')).toBe('/test');
    expect(browserHref('/', '')).toBe('/');
  });
});

describe('matchPath', () => {
  it('matches literal paths, with or without a trailing slash', () => {
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/lobby', '/lobby')).toEqual({});
    expect(matchPath('/lobby', '/lobby/')).toEqual({});
    expect(matchPath('/lobby', '/lobbyx')).toBeUndefined();
    expect(matchPath('/', '/lobby')).toBeUndefined();
  });

  it('decodes parameters', () => {
    expect(matchPath('/rooms/:roomName', '/rooms/team%20sync')).toEqual({ roomName: 'team sync' });
    expect(matchPath('/rooms/:roomName', '/rooms/%E4%BC%9A%E8%AE%AE')).toEqual({ roomName: '会议' });
    expect(matchPath('/rooms/:roomName', '/rooms/a%2Fb')).toEqual({ roomName: 'a/b' });
    expect(matchPath('/rooms/:roomName', '/rooms/%2E%2E')).toEqual({ roomName: '..' });
  });

  it('keeps a parameter that is not valid percent-encoding as written', () => {
    expect(matchPath('/rooms/:roomName', '/rooms/100%')).toEqual({ roomName: '100%' });
  });

  it('needs every segment', () => {
    expect(matchPath('/rooms/:roomName', '/rooms')).toBeUndefined();
    expect(matchPath('/rooms/:roomName', '/rooms/')).toBeUndefined();
    expect(matchPath('/rooms/:roomName', '/rooms/a/b')).toBeUndefined();
  });
});
