import { afterEach, describe, expect, it, vi } from 'vitest';

// The page stub comes first: config.ts reads the page when imported.
import { PAGE_ORIGIN, stubPage } from './testing/pageStub';
import {
  MAX_NEXT_BYTES,
  RETURN_MAX_AGE_MS,
  keepHashForSignIn,
  mustSignIn,
  parseSignIn,
  parseUser,
  returningHash,
  signInNext,
  signInUrl,
  signOutAndLeave,
  signOutLocation,
  signOutUrl,
  takeHashAfterSignIn,
  userLabel,
} from './account';

afterEach(() => {
  vi.unstubAllGlobals();
  stubPage();
});

/** A page served under a base path, as livekit-meet writes it: `<base href="/meet/">`. */
function stubBasePath(basePath: string) {
  vi.stubGlobal('document', { querySelector: () => ({}), baseURI: `${PAGE_ORIGIN}${basePath}/` });
  vi.stubGlobal('window', { location: { origin: PAGE_ORIGIN } });
}

describe('parseSignIn', () => {
  it('reads what the server says of its provider', () => {
    expect(parseSignIn({ oidc: true, required: false })).toEqual({ oidc: true, required: false });
    expect(parseSignIn({ oidc: true, required: true })).toEqual({ oidc: true, required: true });
  });

  it('is absent when the server says nothing (no provider, or an older server)', () => {
    for (const value of [undefined, null, true, 'oidc', ['oidc'], 1]) {
      expect(parseSignIn(value), JSON.stringify(value)).toBeUndefined();
    }
  });

  it('reads mistyped or missing fields as false', () => {
    expect(parseSignIn({})).toEqual({ oidc: false, required: false });
    expect(parseSignIn({ oidc: 'true', required: 1 })).toEqual({ oidc: false, required: false });
  });
});

describe('parseUser', () => {
  it('reads the signed-in person', () => {
    expect(parseUser({ name: 'Ada Lovelace', email: 'ada@example.org' })).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.org',
    });
  });

  it('keeps a person whose provider gave no name or no email', () => {
    expect(parseUser({ name: 'Ada', email: '' })).toEqual({ name: 'Ada', email: '' });
    expect(parseUser({ email: 'ada@example.org' })).toEqual({ name: '', email: 'ada@example.org' });
    expect(parseUser({ name: 42, email: null })).toEqual({ name: '', email: '' });
  });

  it('trims what it reads', () => {
    expect(parseUser({ name: '  Ada  ', email: ' ada@example.org\n' })).toEqual({
      name: 'Ada',
      email: 'ada@example.org',
    });
  });

  it('is absent when nobody is signed in', () => {
    for (const value of [undefined, null, '', 'Ada', ['Ada']]) {
      expect(parseUser(value), JSON.stringify(value)).toBeUndefined();
    }
  });
});

describe('userLabel', () => {
  it('names a person by their name, else their email', () => {
    expect(userLabel({ name: 'Ada', email: 'ada@example.org' })).toBe('Ada');
    expect(userLabel({ name: '', email: 'ada@example.org' })).toBe('ada@example.org');
    expect(userLabel({ name: '', email: '' })).toBe('');
  });
});

describe('mustSignIn', () => {
  const required = { oidc: true, required: true };
  const ada = { name: 'Ada', email: '' };

  it('asks for the sign-in when the server requires it and nobody is signed in', () => {
    expect(mustSignIn({ signIn: required })).toBe(true);
  });

  it('lets a signed-in person through', () => {
    expect(mustSignIn({ signIn: required, user: ada })).toBe(false);
  });

  it('does not ask where the sign-in is optional, absent or unknown', () => {
    expect(mustSignIn({ signIn: { oidc: true, required: false } })).toBe(false);
    expect(mustSignIn({})).toBe(false);
    expect(mustSignIn(undefined)).toBe(false);
    // Required without a provider to sign in with: the server's refusal says it.
    expect(mustSignIn({ signIn: { oidc: false, required: true } })).toBe(false);
  });
});

describe('signInNext', () => {
  it('comes back to the page, with its query', () => {
    expect(signInNext('/')).toBe('/');
    expect(signInNext('/', '?tab=custom')).toBe('/?tab=custom');
    expect(signInNext('/rooms/team-sync', '?codec=h264&hq=true')).toBe('/rooms/team-sync?codec=h264&hq=true');
    expect(signInNext('/lobby', '')).toBe('/lobby');
    expect(signInNext('/lobby', '?')).toBe('/lobby');
  });

  it('keeps an encoded room name as the address has it', () => {
    expect(signInNext('/rooms/caf%C3%A9%20%26%20co')).toBe('/rooms/caf%C3%A9%20%26%20co');
  });

  it('comes back home rather than to a path the server refuses', () => {
    expect(signInNext('//evil.example/x')).toBe('/');
    expect(signInNext('/\\evil.example')).toBe('/');
    expect(signInNext('rooms/x')).toBe('/');
    expect(signInNext('')).toBe('/');
    expect(signInNext('/rooms/a\u0000b')).toBe('/');
    expect(signInNext('/rooms/a\u007fb')).toBe('/');
  });

  it('drops a query that makes the path too long, then the path', () => {
    const path = `/rooms/${'a'.repeat(100)}`;
    const query = `?region=${'b'.repeat(MAX_NEXT_BYTES)}`;
    expect(signInNext(path, query)).toBe(path);
    expect(signInNext(`/rooms/${'a'.repeat(MAX_NEXT_BYTES)}`)).toBe('/');
    // Bytes, not characters.
    const wide = `/${'é'.repeat(1000)}`;
    expect(wide.length).toBeLessThanOrEqual(MAX_NEXT_BYTES);
    expect(signInNext(wide)).toBe('/');
    const exact = `/${'a'.repeat(MAX_NEXT_BYTES - 1)}`;
    expect(signInNext(exact)).toBe(exact);
  });

  it('drops a query with control characters, keeping the path', () => {
    expect(signInNext('/rooms/x', '?a=\u0001')).toBe('/rooms/x');
  });
});

describe('signInUrl', () => {
  it('asks the server to sign in and come back to `next`, encoded', () => {
    expect(signInUrl('/')).toBe(`${PAGE_ORIGIN}/auth/login?next=%2F`);
    expect(signInUrl('/rooms/team-sync')).toBe(`${PAGE_ORIGIN}/auth/login?next=%2Frooms%2Fteam-sync`);
    expect(signInUrl('/rooms/x?codec=h264&hq=true')).toBe(
      `${PAGE_ORIGIN}/auth/login?next=%2Frooms%2Fx%3Fcodec%3Dh264%26hq%3Dtrue`,
    );
  });

  it('encodes an encoded room name again, so that the server gets it back as the address had it', () => {
    const url = new URL(signInUrl('/rooms/caf%C3%A9%20%23%2F'));
    expect(url.search).toBe('?next=%2Frooms%2Fcaf%25C3%25A9%2520%2523%252F');
    expect(url.searchParams.get('next')).toBe('/rooms/caf%C3%A9%20%23%2F');
  });

  it('is relative to the base path, as the API is', () => {
    stubBasePath('/meet');
    expect(signInUrl('/rooms/x')).toBe(`${PAGE_ORIGIN}/meet/auth/login?next=%2Frooms%2Fx`);
    expect(signOutUrl()).toBe(`${PAGE_ORIGIN}/meet/auth/logout`);
  });

  it('signs out at auth/logout', () => {
    expect(signOutUrl()).toBe(`${PAGE_ORIGIN}/auth/logout`);
  });
});

describe('where signing out leads', () => {
  it('follows the provider\'s sign-out page the server names', () => {
    const provider = 'https://id.example.org/logout?client_id=meet&post_logout_redirect_uri=x';
    expect(signOutLocation({ location: provider })).toBe(provider);
    expect(signOutLocation({ location: '/meet/' })).toBe(`${PAGE_ORIGIN}/meet/`);
  });

  it('goes home for anything but an http(s) address', () => {
    for (const data of [null, {}, { location: '' }, { location: 42 }, { location: 'javascript:alert(1)' },
      { location: 'data:text/html,x' }]) {
      expect(signOutLocation(data)).toBe(`${PAGE_ORIGIN}/`);
    }
  });

  it('posts to auth/logout and goes where the server says', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ location: 'https://id.example.org/end' }),
      { status: 200, headers: { 'Content-Type': 'application/json' } }));
    vi.stubGlobal('fetch', fetch);
    const navigate = vi.fn();
    await signOutAndLeave(navigate);
    const [url, init] = fetch.mock.calls[0] as unknown as [URL, RequestInit];
    expect(String(url)).toBe(`${PAGE_ORIGIN}/auth/logout`);
    expect(init.method).toBe('POST');
    expect(navigate).toHaveBeenCalledWith('https://id.example.org/end');
  });

  it('stays on the page when the server refuses', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{"error":"cross_site","message":"no"}',
      { status: 403, headers: { 'Content-Type': 'application/json' } })));
    const navigate = vi.fn();
    await expect(signOutAndLeave(navigate)).rejects.toMatchObject({ code: 'cross_site' });
    expect(navigate).not.toHaveBeenCalled();
  });
});

describe('the fragment kept while signing in', () => {
  const NOW = 1_700_000_000_000;
  const kept = (path: string, hash: string, at = NOW) => JSON.stringify({ path, hash, at });

  it('comes back to the same path within the sign-in’s time', () => {
    expect(returningHash(kept('/rooms/x', '#secret'), '/rooms/x', NOW + 1000)).toBe('#secret');
    expect(returningHash(kept('/rooms/x?hq=true', '#s'), '/rooms/x?hq=true', NOW + RETURN_MAX_AGE_MS)).toBe('#s');
  });

  it('does not come back elsewhere, late, or from something else', () => {
    expect(returningHash(kept('/rooms/x', '#secret'), '/rooms/y', NOW)).toBe('');
    expect(returningHash(kept('/rooms/x', '#secret'), '/rooms/x', NOW + RETURN_MAX_AGE_MS + 1)).toBe('');
    expect(returningHash(kept('/rooms/x', '#secret'), '/rooms/x', NOW - 1)).toBe('');
    expect(returningHash(kept('/rooms/x', 'secret'), '/rooms/x', NOW)).toBe('');
    expect(returningHash(null, '/rooms/x', NOW)).toBe('');
    expect(returningHash('{', '/rooms/x', NOW)).toBe('');
    expect(returningHash('"#secret"', '/rooms/x', NOW)).toBe('');
    expect(returningHash(JSON.stringify({ path: '/rooms/x', hash: '#s' }), '/rooms/x', NOW)).toBe('');
  });

  function memoryTab() {
    const items = new Map<string, string>();
    const storage = {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
      removeItem: (key: string) => void items.delete(key),
    };
    vi.stubGlobal('window', { location: { origin: PAGE_ORIGIN }, sessionStorage: storage });
    return items;
  }

  it('is kept in the tab, given back once, then forgotten', () => {
    const items = memoryTab();
    keepHashForSignIn('/rooms/x', '#pass%20phrase', NOW);
    expect(items.size).toBe(1);
    expect(takeHashAfterSignIn('/rooms/x', NOW + 5000)).toBe('#pass%20phrase');
    expect(items.size).toBe(0);
    expect(takeHashAfterSignIn('/rooms/x', NOW + 5000)).toBe('');
  });

  it('is forgotten on another page too, and replaced by a sign-in without one', () => {
    const items = memoryTab();
    keepHashForSignIn('/rooms/x', '#secret', NOW);
    expect(takeHashAfterSignIn('/rooms/y', NOW)).toBe('');
    expect(items.size).toBe(0);
    keepHashForSignIn('/rooms/x', '#secret', NOW);
    keepHashForSignIn('/rooms/x', '', NOW);
    expect(items.size).toBe(0);
  });

  it('gives nothing where the tab keeps nothing', () => {
    vi.stubGlobal('window', {
      location: { origin: PAGE_ORIGIN },
      get sessionStorage(): Storage {
        throw new DOMException('Access is denied', 'SecurityError');
      },
    });
    expect(() => keepHashForSignIn('/rooms/x', '#secret', NOW)).not.toThrow();
    expect(takeHashAfterSignIn('/rooms/x', NOW)).toBe('');
  });
});
