// Rooms with a host: creating one, what joiners need to know about it, the waiting room's
// admission poll, the host's moderation requests, and the organizer sign-in.
// Answers are checked field by field; the host credential is an HttpOnly cookie the browser keeps.
import {
  ApiError,
  UNEXPECTED,
  apiError,
  parseConnectionDetails,
  requestJson,
  segment,
  send,
  type ConnectionDetails,
} from './api';
import { appUrl } from './config';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const bool = (value: unknown): boolean => value === true;
const num = (value: unknown): number => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return 0;
};

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

const roomPath = (room: string, rest = '') => `api/rooms/${segment(room)}${rest}`;

export async function fetchRoomInfo(room: string, signal?: AbortSignal): Promise<RoomInfo> {
  const { data } = await requestJson(roomPath(room), { signal });
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
  if (/[\u0000-\u001f\u007f-\u009f]/.test(passcode)) {
    return 'A passcode cannot contain control characters.';
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The waiting room.

export type Admission =
  | { status: 'waiting' }
  | { status: 'admitted'; details: ConnectionDetails };

/**
 * One long poll of a waiting guest's ticket (the server holds it up to `waitSeconds`).
 * Throws ApiError 403 `denied` once the host said no, 404 when the ticket is unknown.
 */
export async function pollAdmission(
  room: string,
  ticket: string,
  participantName: string,
  { waitSeconds = 25, signal }: { waitSeconds?: number; signal?: AbortSignal } = {},
): Promise<Admission> {
  const { data } = await requestJson(
    `${roomPath(room, `/admission/${segment(ticket)}`)}?wait=${Math.max(0, Math.min(25, Math.round(waitSeconds)))}`,
    { signal },
  );
  if (!isObject(data)) throw new ApiError(UNEXPECTED);
  if (data.status === 'admitted') {
    return { status: 'admitted', details: parseConnectionDetails(data, room, participantName) };
  }
  if (data.status === 'waiting') return { status: 'waiting' };
  throw new ApiError(UNEXPECTED);
}

// ---------------------------------------------------------------------------------------------
// The host's requests (the host credential cookie goes with them).

export interface WaitingGuest {
  ticket: string;
  participantName: string;
  /** Unix seconds. */
  since: number;
}

export async function fetchWaiting(room: string, signal?: AbortSignal): Promise<WaitingGuest[]> {
  const { data } = await requestJson(roomPath(room, '/waiting'), { signal });
  if (!isObject(data) || !Array.isArray(data.waiting)) throw new ApiError(UNEXPECTED);
  return data.waiting.filter(isObject).flatMap((item) => {
    const ticket = str(item.ticket);
    if (!ticket) return [];
    return [{ ticket, participantName: str(item.participantName), since: num(item.since) }];
  });
}

export async function decideWaiting(
  room: string,
  ticket: string,
  decision: 'admit' | 'deny',
): Promise<void> {
  await requestJson(roomPath(room, `/waiting/${segment(ticket)}/${decision}`), { method: 'POST' });
}

export type TrackKind = 'AUDIO' | 'VIDEO' | string;

export interface RoomTrack {
  sid: string;
  type: TrackKind;
  source: string;
  muted: boolean;
  name: string;
}

export interface RoomParticipant {
  identity: string;
  name: string;
  isHost: boolean;
  /** The role livekit-meet gave them: 'host', 'cohost', 'guest', or '' in a room without a host. */
  role: string;
  joinedAt: number;
  tracks: RoomTrack[];
}

export async function fetchParticipants(
  room: string,
  signal?: AbortSignal,
): Promise<RoomParticipant[]> {
  const { data } = await requestJson(roomPath(room, '/participants'), { signal });
  if (!isObject(data) || !Array.isArray(data.participants)) throw new ApiError(UNEXPECTED);
  return data.participants.filter(isObject).flatMap((item) => {
    const identity = str(item.identity);
    if (!identity) return [];
    const tracks = Array.isArray(item.tracks) ? item.tracks.filter(isObject) : [];
    return [
      {
        identity,
        name: str(item.name),
        isHost: bool(item.isHost),
        role: str(item.role),
        joinedAt: num(item.joinedAt),
        tracks: tracks.flatMap((track) => {
          const sid = str(track.sid);
          if (!sid) return [];
          return [
            {
              sid,
              type: str(track.type),
              source: str(track.source),
              muted: bool(track.muted),
              name: str(track.name),
            },
          ];
        }),
      },
    ];
  });
}

export async function removeParticipant(room: string, identity: string): Promise<void> {
  await requestJson(roomPath(room, `/participants/${segment(identity)}/remove`), {
    method: 'POST',
  });
}

export async function muteTrack(
  room: string,
  identity: string,
  trackSid: string,
  muted: boolean,
): Promise<boolean> {
  const { data } = await requestJson(roomPath(room, `/participants/${segment(identity)}/mute`), {
    method: 'POST',
    body: { trackSid, muted },
  });
  return isObject(data) && typeof data.muted === 'boolean' ? data.muted : muted;
}

/** The host (or a co-host) makes someone in the meeting a co-host, or no longer one. */
export async function setCohost(room: string, identity: string, cohost: boolean): Promise<void> {
  await requestJson(roomPath(room, `/participants/${segment(identity)}/cohost`), {
    method: cohost ? 'POST' : 'DELETE',
  });
}

/**
 * The promoted person's browser proves who it is with its LiveKit token for the room, and gets
 * the co-host's credential (an HttpOnly cookie).
 */
export async function claimCohost(room: string, token: string): Promise<void> {
  const response = await send(appUrl(roomPath(room, '/cohost')), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw await apiError(response);
}

export async function setRoomLocked(room: string, locked: boolean): Promise<RoomInfo> {
  const { data } = await requestJson(roomPath(room, locked ? '/lock' : '/unlock'), {
    method: 'POST',
  });
  return parseRoomInfo(data, room);
}

export async function setRoomListed(room: string, listed: boolean): Promise<RoomInfo> {
  const { data } = await requestJson(roomPath(room, listed ? '/list' : '/unlist'), {
    method: 'POST',
  });
  return parseRoomInfo(data, room);
}

export async function endRoom(room: string): Promise<void> {
  await requestJson(roomPath(room), { method: 'DELETE' });
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

// ---------------------------------------------------------------------------------------------
// Recording (LiveKit Meet's endpoints; the server decides who may).

export async function setRecording(room: string, recording: boolean): Promise<void> {
  await requestJson(
    `api/record/${recording ? 'start' : 'stop'}?roomName=${encodeURIComponent(room)}`,
    { method: 'POST' },
  );
}
