// The rooms of the person signed in through the server's provider ("My rooms" on the home page):
// the list (`GET api/my/rooms`), reopening one as its host from this browser (`POST
// api/my/rooms/<name>/host`: the server sets the room's host credential cookie), and deleting one
// (`DELETE api/my/rooms/<name>`: ends a live meeting and forgets the room). Rooms a signed-in
// person creates with `POST api/rooms` become theirs.
import { errorText } from '../i18n/errors';
import type { I18n } from '../i18n/i18n';
import { ApiError, UNEXPECTED, requestJson, segment } from './api';
import { bool, isObject, list, num } from './json';
import { parseRoomInfo, type RoomInfo } from './rooms';
import { hasControlCharacter } from './text';

export interface MyRoom {
  name: string;
  passcode: boolean;
  waitingRoom: boolean;
  locked: boolean;
  listed: boolean;
  /** Unix seconds; 0 when the server did not say. */
  createdAt: number;
  /** Unix seconds; 0 when the server did not say. */
  lastUsedAt: number;
}

/** The API path of one of the person's rooms, or of something in it: `api/my/rooms/<room><rest>`. */
export const myRoomPath = (room: string, rest = '') => `api/my/rooms/${segment(room)}${rest}`;

const unixSeconds = (value: unknown): number => {
  const seconds = num(value);
  return seconds > 0 ? seconds : 0;
};

/** One entry of the list, or undefined when it has no usable name. */
function parseMyRoom(value: Record<string, unknown>): MyRoom | undefined {
  const { name } = value;
  if (typeof name !== 'string' || name.trim() === '' || hasControlCharacter(name)) return undefined;
  return {
    name,
    passcode: bool(value.passcode),
    waitingRoom: bool(value.waitingRoom),
    locked: bool(value.locked),
    listed: bool(value.listed),
    createdAt: unixSeconds(value.createdAt),
    lastUsedAt: unixSeconds(value.lastUsedAt),
  };
}

/**
 * The answer of `GET api/my/rooms`, in the server's order (most recently used first): entries
 * without a name, and repeated names, are left out; unknown fields are ignored.
 */
export function parseMyRooms(data: unknown): MyRoom[] {
  if (!isObject(data) || !Array.isArray(data.rooms)) throw new ApiError(UNEXPECTED, undefined, 'unexpected');
  const seen = new Set<string>();
  const rooms: MyRoom[] = [];
  for (const entry of list(data.rooms)) {
    const room = parseMyRoom(entry);
    if (!room || seen.has(room.name)) continue;
    seen.add(room.name);
    rooms.push(room);
  }
  return rooms;
}

export async function fetchMyRooms(signal?: AbortSignal): Promise<MyRoom[]> {
  const { data } = await requestJson('api/my/rooms', { signal });
  return parseMyRooms(data);
}

/**
 * Makes this browser a host of one of the person's rooms (the server sets the host credential
 * cookie); then the room page joins as its host.
 */
export async function reopenMyRoom(room: string, signal?: AbortSignal): Promise<RoomInfo> {
  const { data } = await requestJson(myRoomPath(room, '/host'), { method: 'POST', signal });
  return parseRoomInfo(data, room);
}

/** Ends the room's meeting for everyone if it is live, and forgets the room. */
export async function deleteMyRoom(room: string, signal?: AbortSignal): Promise<void> {
  await requestJson(myRoomPath(room), { method: 'DELETE', signal });
}

/** The list without `room` (after it was deleted, or found gone). */
export const withoutRoom = (rooms: readonly MyRoom[], room: string): MyRoom[] =>
  rooms.filter((entry) => entry.name !== room);

/** The room is not (or no longer) the person's: deleted elsewhere, or forgotten by the server. */
export const isGone = (error: unknown): boolean =>
  error instanceof ApiError && (error.code === 'room_not_found' || error.status === 404);

/** Nobody is signed in any more (the session ended, or was ended elsewhere). */
export const isSignedOut = (error: unknown): boolean =>
  error instanceof ApiError && (error.code === 'sign_in_required' || (error.status === 401 && !error.code));

/** Why the list could not be loaded, for people. */
export const listErrorText = (i18n: I18n, error: unknown): string =>
  i18n.t('myRooms.loadFailed', { reason: errorText(i18n, error) });

/** Why opening or deleting `room` failed, for people. */
export function actionErrorText(i18n: I18n, action: 'open' | 'delete', room: string, error: unknown): string {
  if (isGone(error)) return i18n.t('myRooms.gone', { room });
  const reason = errorText(i18n, error);
  return action === 'open'
    ? i18n.t('myRooms.openFailed', { room, reason })
    : i18n.t('myRooms.deleteFailed', { room, reason });
}
