// Signing in through the server's OpenID Connect provider: what `GET api/session` says of it,
// the addresses of the sign-in and sign-out (full page loads: the server sends the browser to the
// provider and back), and the encryption passphrase kept in the tab while the person is away.
import { requestJson } from './api';
import { appUrl } from './config';
import { bool, isObject, str } from './json';
import { hasControlCharacter } from './text';

/** The server's sign-in (`signIn` of `GET api/session`; absent: not configured). */
export interface SignInOptions {
  /** Through an OpenID Connect provider (`auth/login`). */
  oidc: boolean;
  /** Everybody signs in before joining a meeting (`--require-sign-in`). */
  required: boolean;
}

/** The person signed in through the provider (`user` of `GET api/session`). */
export interface SignedInUser {
  /** As the provider gave it; may be empty. */
  name: string;
  /** May be empty. */
  email: string;
}

/** `signIn` of the session, or undefined when the server has none (or is older). */
export function parseSignIn(value: unknown): SignInOptions | undefined {
  if (!isObject(value)) return undefined;
  return { oidc: bool(value.oidc), required: bool(value.required) };
}

/** `user` of the session, or undefined when nobody is signed in through the provider. */
export function parseUser(value: unknown): SignedInUser | undefined {
  if (!isObject(value)) return undefined;
  return { name: str(value.name).trim(), email: str(value.email).trim() };
}

/** How a signed-in person is named on the page: their name, else their email. */
export const userLabel = (user: SignedInUser): string => user.name || user.email;

/**
 * This visitor must sign in before joining: the server requires it, offers the provider, and
 * nobody is signed in through it.
 */
export function mustSignIn(session: { signIn?: SignInOptions; user?: SignedInUser } | undefined): boolean {
  return !!session?.signIn?.oidc && session.signIn.required && !session.user;
}

/** The longest `next` the server takes, in bytes. */
export const MAX_NEXT_BYTES = 2000;

/**
 * Where the server sends the person back after signing in: an app path (under the base path) as
 * the server accepts it (a leading `/`, not `//` or `/\`, no control character, at most
 * MAX_NEXT_BYTES bytes). The query is dropped when it makes the path too long; a path the
 * server would refuse becomes `/`. The fragment never goes to the server.
 */
export function signInNext(pathname: string, search = ''): string {
  const usable = (path: string) =>
    path.startsWith('/') &&
    !/^\/[/\\]/.test(path) &&
    !hasControlCharacter(path) &&
    new TextEncoder().encode(path).length <= MAX_NEXT_BYTES;
  const query = search === '?' ? '' : search;
  for (const candidate of [`${pathname}${query}`, pathname]) {
    if (usable(candidate)) return candidate;
  }
  return '/';
}

/** The address of the sign-in that comes back to `next` (an app path, as signInNext makes it). */
export function signInUrl(next: string): string {
  return appUrl(`auth/login?next=${encodeURIComponent(next)}`).href;
}

/** Where signing out posts. */
export const signOutUrl = (): string => appUrl('auth/logout').href;

/**
 * Where to go once the server has ended the session: the provider's sign-out page, or this
 * app's home. Only an http(s) URL is followed; anything else is home.
 */
export function signOutLocation(data: unknown): string {
  const home = appUrl('').href;
  const location = (data as { location?: unknown } | null)?.location;
  if (typeof location !== 'string' || location === '') return home;
  try {
    const url = new URL(location, home);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : home;
  } catch {
    return home;
  }
}

/**
 * Ends the session on the server (it answers where to go next, rather than redirecting: the
 * page's CSP lets forms post only to this server), then goes there.
 */
export async function signOutAndLeave(navigate: (url: string) => void): Promise<void> {
  const { data } = await requestJson('auth/logout', { method: 'POST' });
  navigate(signOutLocation(data));
}

// ---------------------------------------------------------------------------------------------
// The fragment of a room link (the end-to-end encryption passphrase) is not sent to the server,
// so it cannot come back with `next`: the tab keeps it (sessionStorage) while the person signs in,
// for the same path, for as long as the server waits for the provider's answer.

const RETURN_KEY = 'lkm.signInReturn';
/** The server's sign-in cookie lives 10 minutes. */
export const RETURN_MAX_AGE_MS = 10 * 60 * 1000;

interface PendingReturn {
  path: string;
  hash: string;
  at: number;
}

/** The fragment to put back for `path`, from what was kept (`kept`, as stored), or ''. */
export function returningHash(kept: string | null, path: string, now: number): string {
  if (!kept) return '';
  try {
    const value: unknown = JSON.parse(kept);
    if (!isObject(value)) return '';
    const { path: keptPath, hash, at } = value as Partial<PendingReturn>;
    if (keptPath !== path || typeof hash !== 'string' || !hash.startsWith('#')) return '';
    if (typeof at !== 'number' || now < at || now - at > RETURN_MAX_AGE_MS) return '';
    return hash;
  } catch {
    return '';
  }
}

function tabStorage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

/** Keeps the fragment of `path` while the person signs in (nothing to keep: forgets). */
export function keepHashForSignIn(path: string, hash: string, now = Date.now()): void {
  try {
    const storage = tabStorage();
    if (!storage) return;
    if (hash && hash !== '#') storage.setItem(RETURN_KEY, JSON.stringify({ path, hash, at: now }));
    else storage.removeItem(RETURN_KEY);
  } catch {
    // Not kept: the person opens the link again.
  }
}

/** The fragment kept for `path` (then forgotten), or ''. */
export function takeHashAfterSignIn(path: string, now = Date.now()): string {
  try {
    const storage = tabStorage();
    if (!storage) return '';
    const kept = storage.getItem(RETURN_KEY);
    if (kept === null) return '';
    storage.removeItem(RETURN_KEY);
    return returningHash(kept, path, now);
  } catch {
    return '';
  }
}
