// Rooms with a host: creating one, what joiners need to know about it, and the organizer sign-in
// (the requests of a meeting in progress are in hostRequests.ts). Answers are checked field by
// field; the host credential is an HttpOnly cookie the browser keeps.
import { ApiError, UNEXPECTED, requestJson, segment } from './api';
import { bool, isObject, str } from './json';
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
  if (!isObject(data)) throw new ApiError(UNEXPECTED);
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
  if (!info.name) throw new ApiError(UNEXPECTED);
  return info;
}

// Room names the server accepts for rooms with a host.
const HOSTED_NAME = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,127}$/;

/** Why a chosen room name cannot be used, or undefined. Empty means "pick one for me". */
export function checkHostedRoomName(name: string): string | undefined {
  if (name === '' || HOSTED_NAME.test(name)) return undefined;
  if (name.length > 128) return 'A room name has at most 128 characters.';
  if (name.startsWith('.')) return 'A room name cannot start with “.”.';
  return 'Use letters, digits, “-”, “_”, “.” or “~” in a room name (no spaces).';
}

export const PASSCODE_MIN_LENGTH = 6;

/** Why a passcode cannot be used, or undefined. Empty means "no passcode". */
export function checkPasscode(passcode: string): string | undefined {
  if (passcode === '') return undefined;
  const bytes = new TextEncoder().encode(passcode).length;
  if ([...passcode].length < PASSCODE_MIN_LENGTH) {
    return `A passcode has at least ${PASSCODE_MIN_LENGTH} characters.`;
  }
  if (bytes > 128) return 'That passcode is too long.';
  if (hasControlCharacter(passcode)) {
    return 'A passcode cannot contain control characters.';
  }
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
}

function parseSession(data: unknown): OrganizerSession {
  if (!isObject(data)) throw new ApiError(UNEXPECTED);
  return {
    organizer: bool(data.organizer),
    roomCreation: data.roomCreation === 'organizers' ? 'organizers' : 'open',
    // A server without the field lists every room (it predates the choice).
    lobby: data.lobby === 'off' || data.lobby === 'listed' ? data.lobby : 'all',
    // Unknown: the strictest policy that still lets hosts record.
    recording: data.recording === 'anyone' || data.recording === 'off' ? data.recording : 'hosts',
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

/** "try again in 12 s" from a Retry-After, or a plain request to wait. */
export function retryText(seconds: number | undefined): string {
  if (!seconds || seconds <= 0) return 'Wait a moment, then try again.';
  if (seconds < 90) return `Try again in ${seconds} s.`;
  return `Try again in ${Math.ceil(seconds / 60)} min.`;
}

/** Why creating a room failed, for people. */
export function creationError(error: unknown, name: string): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  switch (error.code) {
    case 'conflict':
      return name
        ? `A room named “${name}” already has a host. Choose another name, or join it as a guest.`
        : 'That room already has a host. Try again.';
    case 'room_in_use':
      return name
        ? `The name “${name}” is in a meeting now or was used recently. Choose another name.`
        : 'That name is in use. Try again.';
    case 'too_many_requests':
      return `Too many rooms were created from here. ${retryText(error.retryAfter)}`;
    case 'organizer_required':
      return 'Only organizers can create rooms on this server. Sign in as an organizer first.';
    case 'bad_request':
      return `The server did not accept these settings: ${error.message}`;
    default:
      return `The room could not be created: ${error.message}`;
  }
}
