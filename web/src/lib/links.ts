// Parsing what a person types into "join a meeting": a meeting name or a meeting link.
import { hasControlCharacter } from './text';

export type JoinTarget =
  | { kind: 'room'; roomName: string; search: string; hash: string }
  | { kind: 'external'; href: string }
  | { kind: 'invalid'; reason: string };

/** The longest meeting name, in bytes of UTF-8 (as the server counts). */
export const MAX_ROOM_NAME_LENGTH = 256;

// Control characters (C0, DEL, C1) are not allowed in meeting names; "." and ".." are no path
// segment of a link (browsers resolve them away).
export function validateRoomName(name: string): string | undefined {
  if (name.length === 0) return 'Enter a meeting name or link.';
  if (new TextEncoder().encode(name).length > MAX_ROOM_NAME_LENGTH) {
    return 'That meeting name is too long.';
  }
  if (hasControlCharacter(name)) return 'That meeting name has characters that are not allowed.';
  if (name.includes('/')) return 'A meeting name cannot contain "/".';
  if (name === '.' || name === '..') return 'A meeting cannot be named "." or "..".';
  return undefined;
}

/**
 * `input` is a meeting name (`abcd-1234`), a link of this app (`https://host/meet/rooms/abcd-1234#…`)
 * or a path (`/rooms/abcd-1234`). Links to another site are handed back as `external`.
 */
export function parseJoinInput(input: string, here: URL): JoinTarget {
  const value = input.trim();
  const looksLikeLink = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('/') ||
    value.includes('/rooms/');
  if (!looksLikeLink) {
    const reason = validateRoomName(value);
    return reason ? { kind: 'invalid', reason } : { kind: 'room', roomName: value, search: '', hash: '' };
  }
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('/') ? value : `https://${value}`, here);
  } catch {
    return { kind: 'invalid', reason: 'That link is not valid.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { kind: 'invalid', reason: 'That link is not a meeting link.' };
  }
  const match = /\/rooms\/([^/]+)\/?$/.exec(url.pathname);
  if (!match) return { kind: 'invalid', reason: 'That link is not a meeting link.' };
  if (url.origin !== here.origin) return { kind: 'external', href: url.href };
  let roomName: string;
  try {
    roomName = decodeURIComponent(match[1]);
  } catch {
    return { kind: 'invalid', reason: 'That link is not valid.' };
  }
  const reason = validateRoomName(roomName);
  if (reason) return { kind: 'invalid', reason };
  return { kind: 'room', roomName, search: url.search, hash: url.hash };
}

/** The in-app path of a meeting, e.g. `/rooms/abcd-1234?codec=h264#secret`. */
export function roomPath(roomName: string, search = '', hash = ''): string {
  return `/rooms/${encodeURIComponent(roomName)}${search}${hash}`;
}
