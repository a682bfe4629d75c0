// Rooms with a host: creating one, what joiners need to know about it, and the organizer sign-in
// (the requests of a meeting in progress are in hostRequests.ts). Answers are checked field by
// field; the host credential is an HttpOnly cookie the browser keeps.
import { errorText } from '../i18n/errors';
import type { I18n } from '../i18n/i18n';
import { parseSignIn, parseUser, type SignInOptions, type SignedInUser } from './account';
import { ApiError, UNEXPECTED, requestJson, segment } from './api';
import { bool, isObject, str } from './json';
import { RESERVED_ROOM_PREFIX } from './links';
import { hasControlCharacter } from './text';

export interface RoomInfo {
  name: string;
  /** Created with a host (POST api/rooms); false for LiveKit Meet's open rooms. */
  hosted: boolean;
  passcode: boolean;
  waitingRoom: boolean;
  locked: boolean;
  /** Its host chose to show it in the lobby. */
  listed: boolean;
  /** This browser holds the room's host credential, or a co-host's. */
  isHost: boolean;
  /** That credential is a co-host's: all a host does but ending the meeting for everyone. */
  isCohost: boolean;
}

export function parseRoomInfo(data: unknown, fallbackName = ''): RoomInfo {
  if (!isObject(data)) throw new ApiError(UNEXPECTED, undefined, 'unexpected');
  return {
    name: str(data.name) || fallbackName,
    hosted: bool(data.hosted),
    passcode: bool(data.passcode),
    waitingRoom: bool(data.waitingRoom),
    locked: bool(data.locked),
    listed: bool(data.listed),
    isHost: bool(data.isHost),
    isCohost: bool(data.isHost) && bool(data.isCohost),
  };
}

/** The API path of a room, or of something in it: `api/rooms/<room><rest>`. */
export const roomApiPath = (room: string, rest = '') => `api/rooms/${segment(room)}${rest}`;

export async function fetchRoomInfo(room: string, signal?: AbortSignal): Promise<RoomInfo> {
  const { data } = await requestJson(roomApiPath(room), { signal });
  return parseRoomInfo(data, room);
}

export interface NewRoom {
  name?: string;
  passcode?: string;
  waitingRoom?: boolean;
  /** Shown in the lobby (servers whose lobby lists only the rooms their hosts chose). */
  listed?: boolean;
}

export async function createRoom(room: NewRoom, signal?: AbortSignal): Promise<RoomInfo> {
  const body: NewRoom = {};
  if (room.name) body.name = room.name;
  if (room.passcode) body.passcode = room.passcode;
  if (room.waitingRoom) body.waitingRoom = true;
  if (room.listed) body.listed = true;
  const { data } = await requestJson('api/rooms', { method: 'POST', body, signal });
  const info = parseRoomInfo(data);
  if (!info.name) throw new ApiError(UNEXPECTED, undefined, 'unexpected');
  return info;
}

// Room names the server accepts for rooms with a host.
const HOSTED_NAME_MAX_LENGTH = 128;
const HOSTED_NAME = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,127}$/;

/** Why a chosen room name cannot be used, or undefined. Empty means "pick one for me". */
export function checkHostedRoomName({ t }: I18n, name: string): string | undefined {
  if (name.startsWith(RESERVED_ROOM_PREFIX)) return t('links.reserved', { prefix: RESERVED_ROOM_PREFIX });
  if (name === '' || HOSTED_NAME.test(name)) return undefined;
  if (name.length > HOSTED_NAME_MAX_LENGTH) return t('rooms.nameTooLong', { count: HOSTED_NAME_MAX_LENGTH });
  if (name.startsWith('.')) return t('rooms.nameStartsWithDot');
  return t('rooms.nameCharacters');
}

export const PASSCODE_MIN_LENGTH = 6;

/** Why a passcode cannot be used, or undefined. Empty means "no passcode". */
export function checkPasscode({ t }: I18n, passcode: string): string | undefined {
  if (passcode === '') return undefined;
  const bytes = new TextEncoder().encode(passcode).length;
  if ([...passcode].length < PASSCODE_MIN_LENGTH) {
    return t('rooms.passcodeTooShort', { count: PASSCODE_MIN_LENGTH });
  }
  if (bytes > 128) return t('rooms.passcodeTooLong');
  if (hasControlCharacter(passcode)) return t('rooms.passcodeControlCharacters');
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Organizers.

/** Who may see the lobby: nobody but organizers, only rooms their hosts listed, or every room. */
export type LobbyMode = 'off' | 'listed' | 'all';
/** Who may start and stop recordings: hosts and organizers, anyone, or nobody. */
export type RecordingPolicy = 'hosts' | 'anyone' | 'off';

export interface OrganizerSession {
  organizer: boolean;
  roomCreation: 'open' | 'organizers';
  lobby: LobbyMode;
  recording: RecordingPolicy;
  /** The server's sign-in through an OpenID Connect provider; absent when it has none. */
  signIn?: SignInOptions;
  /** The person signed in through that provider; absent when nobody is. */
  user?: SignedInUser;
}

export function parseSession(data: unknown): OrganizerSession {
  if (!isObject(data)) throw new ApiError(UNEXPECTED, undefined, 'unexpected');
  const signIn = parseSignIn(data.signIn);
  const user = parseUser(data.user);
  return {
    organizer: bool(data.organizer),
    roomCreation: data.roomCreation === 'organizers' ? 'organizers' : 'open',
    // A server without the field lists every room (it predates the choice).
    lobby: data.lobby === 'off' || data.lobby === 'listed' ? data.lobby : 'all',
    // Unknown: the strictest policy that still lets hosts record.
    recording: data.recording === 'anyone' || data.recording === 'off' ? data.recording : 'hosts',
    // Both absent from an older server, and from one without a provider.
    ...(signIn && { signIn }),
    ...(user && { user }),
  };
}

/** Whether the record button is offered, by the server's policy. */
export function mayRecord(
  session: OrganizerSession | undefined,
  { isHost }: { isHost: boolean },
): boolean {
  const policy = session?.recording ?? 'hosts';
  if (policy === 'off') return false;
  if (policy === 'anyone') return true;
  return isHost || !!session?.organizer;
}

/** Whether this visitor may open the lobby. */
export function lobbyOpenTo(session: OrganizerSession): boolean {
  return session.lobby !== 'off' || session.organizer;
}

export async function fetchSession(signal?: AbortSignal): Promise<OrganizerSession> {
  const { data } = await requestJson('api/session', { signal });
  return parseSession(data);
}

export async function signIn(password: string): Promise<OrganizerSession> {
  const { data } = await requestJson('api/session', { method: 'POST', body: { password } });
  return parseSession(data);
}

export async function signOut(): Promise<OrganizerSession> {
  const { data } = await requestJson('api/session', { method: 'DELETE' });
  return parseSession(data);
}

// ---------------------------------------------------------------------------------------------
// Messages for people.

/** "Try again in 12 s." from a Retry-After, or a plain request to wait. */
export function retryText({ t }: I18n, seconds: number | undefined): string {
  if (!seconds || seconds <= 0) return t('rooms.waitAMoment');
  if (seconds < 90) return t('rooms.retryInSeconds', { count: seconds });
  return t('rooms.retryInMinutes', { count: Math.ceil(seconds / 60) });
}

/** Why creating a room failed, for people. */
export function creationError(i18n: I18n, error: unknown, name: string): string {
  const { t } = i18n;
  if (!(error instanceof ApiError)) return errorText(i18n, error);
  switch (error.code) {
    case 'conflict':
      return name ? t('rooms.nameHasHost', { room: name }) : t('rooms.roomHasHost');
    case 'room_in_use':
      return name ? t('rooms.nameInUse', { room: name }) : t('rooms.nameTaken');
    case 'too_many_requests':
      return t('rooms.tooManyRooms', { retry: retryText(i18n, error.retryAfter) });
    case 'organizer_required':
      return t('rooms.organizerRequired');
    case 'bad_request':
      return t('rooms.settingsRefused');
    default:
      return t('rooms.notCreated', { reason: errorText(i18n, error) });
  }
}
