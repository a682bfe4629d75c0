// Parsing what a person types into "join a meeting": a meeting name or a meeting link.
import type { MessageKey } from '../i18n/i18n';
import { hasControlCharacter } from './text';

export type JoinTarget =
  | { kind: 'room'; roomName: string; search: string; hash: string }
  | { kind: 'external'; href: string }
  /** `reason`: the message that says what is wrong, in the person's language. */
  | { kind: 'invalid'; reason: MessageKey };

/** Names the server keeps for its connection test's throwaway rooms (the /test page). */
export const RESERVED_ROOM_PREFIX = 'lkm-connection-test-';

/** The longest meeting name, in bytes of UTF-8 (as the server counts). */
export const MAX_ROOM_NAME_LENGTH = 256;

// Control characters (C0, DEL, C1) are not allowed in meeting names; "." and ".." are no path
// segment of a link (browsers resolve them away).
export function validateRoomName(name: string): MessageKey | undefined {
  if (name.length === 0) return 'links.empty';
  if (new TextEncoder().encode(name).length > MAX_ROOM_NAME_LENGTH) return 'links.tooLong';
  if (hasControlCharacter(name)) return 'links.badCharacters';
  if (name.includes('/')) return 'links.slash';
  if (name === '.' || name === '..') return 'links.dots';
  if (name.startsWith(RESERVED_ROOM_PREFIX)) return 'links.reserved';
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
    return { kind: 'invalid', reason: 'links.invalidLink' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { kind: 'invalid', reason: 'links.notMeetingLink' };
  }
  const match = /\/rooms\/([^/]+)\/?$/.exec(url.pathname);
  if (!match) return { kind: 'invalid', reason: 'links.notMeetingLink' };
  if (url.origin !== here.origin) return { kind: 'external', href: url.href };
  let roomName: string;
  try {
    roomName = decodeURIComponent(match[1]);
  } catch {
    return { kind: 'invalid', reason: 'links.invalidLink' };
  }
  const reason = validateRoomName(roomName);
  if (reason) return { kind: 'invalid', reason };
  return { kind: 'room', roomName, search: url.search, hash: url.hash };
}

/** The in-app path of a meeting, e.g. `/rooms/abcd-1234?codec=h264#secret`. */
export function roomPath(roomName: string, search = '', hash = ''): string {
  return `/rooms/${encodeURIComponent(roomName)}${search}${hash}`;
}
