// The requests of a meeting in progress: a waiting guest's admission poll, and the host's (or a
// co-host's) moderation: the waiting list, participants, mute, remove, co-hosts, lock, listing,
// ending the meeting, recording. The host credential cookie goes with them.
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
import { bool, isObject, num, str } from './json';
import { parseRoomInfo, roomApiPath, type RoomInfo } from './rooms';

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
    `${roomApiPath(room, `/admission/${segment(ticket)}`)}?wait=${Math.max(0, Math.min(25, Math.round(waitSeconds)))}`,
    { signal },
  );
  if (!isObject(data)) throw new ApiError(UNEXPECTED, undefined, 'unexpected');
  if (data.status === 'admitted') {
    return { status: 'admitted', details: parseConnectionDetails(data, room, participantName) };
  }
  if (data.status === 'waiting') return { status: 'waiting' };
  throw new ApiError(UNEXPECTED, undefined, 'unexpected');
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
  const { data } = await requestJson(roomApiPath(room, '/waiting'), { signal });
  if (!isObject(data) || !Array.isArray(data.waiting)) throw new ApiError(UNEXPECTED, undefined, 'unexpected');
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
  await requestJson(roomApiPath(room, `/waiting/${segment(ticket)}/${decision}`), { method: 'POST' });
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
  const { data } = await requestJson(roomApiPath(room, '/participants'), { signal });
  if (!isObject(data) || !Array.isArray(data.participants)) throw new ApiError(UNEXPECTED, undefined, 'unexpected');
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
  await requestJson(roomApiPath(room, `/participants/${segment(identity)}/remove`), {
    method: 'POST',
  });
}

export async function muteTrack(
  room: string,
  identity: string,
  trackSid: string,
  muted: boolean,
): Promise<boolean> {
  const { data } = await requestJson(roomApiPath(room, `/participants/${segment(identity)}/mute`), {
    method: 'POST',
    body: { trackSid, muted },
  });
  return isObject(data) && typeof data.muted === 'boolean' ? data.muted : muted;
}

/** The host (or a co-host) makes someone in the meeting a co-host, or no longer one. */
export async function setCohost(room: string, identity: string, cohost: boolean): Promise<void> {
  await requestJson(roomApiPath(room, `/participants/${segment(identity)}/cohost`), {
    method: cohost ? 'POST' : 'DELETE',
  });
}

/**
 * The promoted person's browser proves who it is with its LiveKit token for the room, and gets
 * the co-host's credential (an HttpOnly cookie).
 */
export async function claimCohost(room: string, token: string): Promise<void> {
  const response = await send(appUrl(roomApiPath(room, '/cohost')), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw await apiError(response);
}

export async function setRoomLocked(room: string, locked: boolean): Promise<RoomInfo> {
  const { data } = await requestJson(roomApiPath(room, locked ? '/lock' : '/unlock'), {
    method: 'POST',
  });
  return parseRoomInfo(data, room);
}

export async function setRoomListed(room: string, listed: boolean): Promise<RoomInfo> {
  const { data } = await requestJson(roomApiPath(room, listed ? '/list' : '/unlist'), {
    method: 'POST',
  });
  return parseRoomInfo(data, room);
}

export async function endRoom(room: string): Promise<void> {
  await requestJson(roomApiPath(room), { method: 'DELETE' });
}

// ---------------------------------------------------------------------------------------------
// Recording (LiveKit Meet's endpoints; the server decides who may).

export async function setRecording(room: string, recording: boolean): Promise<void> {
  await requestJson(
    `api/record/${recording ? 'start' : 'stop'}?roomName=${encodeURIComponent(room)}`,
    { method: 'POST' },
  );
}
