// The lobby's data: live rooms (api/rooms, from the LiveKit server) and the meeting history
// (api/meetings, from this server's webhook store). Answers are checked field by field so that a
// partial or unexpected answer never breaks the page. The server decides what a visitor sees:
// with its lobby `listed`, only rooms their hosts listed, attendees without identities and
// recordings without locations; with it `off`, 403 `lobby_off` to all but organizers.
import { errorText } from '../i18n/errors';
import type { I18n } from '../i18n/i18n';
import { ApiError, UNEXPECTED, apiError, send } from './api';
import { appUrl } from './config';
import { isObject, list, num, optNum, optStr, str, type Json } from './json';

export interface LiveRoom {
  name: string;
  sid: string;
  numParticipants: number;
  numPublishers: number;
  /** Unix seconds; 0 when unknown. */
  createdAt: number;
  activeRecording: boolean;
}

export interface Recording {
  egressId: string;
  status: string;
  startedAt: number;
  endedAt: number | null;
  /** Left out for visitors who may not know where recordings are kept. */
  location?: string;
  error?: string;
}

export interface Attendee {
  /** Left out for visitors who may not know participants' identities. */
  identity?: string;
  name: string;
  firstJoinedAt: number;
  lastLeftAt: number | null;
}

export interface Meeting {
  id: number;
  roomName: string;
  roomSid: string;
  startedAt: number;
  endedAt: number | null;
  durationSeconds: number | null;
  participantsJoined: number;
  peakParticipants: number;
  currentParticipants: number;
  recordings: Recording[];
  attendees: Attendee[];
}

export interface MeetingPage {
  meetings: Meeting[];
  nextCursor: string | null;
}

export const MEETING_PAGE_SIZE = 20;

/** The server's lobby is off for this visitor (403 `lobby_off`). */
export const isLobbyOff = (reason: unknown): boolean =>
  reason instanceof ApiError && reason.code === 'lobby_off';

/** The codes of a server without one of the lobby's endpoints (it answers 404). */
export const NO_LIVE_ROOMS = 'no_live_rooms';
export const NO_HISTORY = 'no_history';

/** Why a part of the lobby could not be loaded, as a person reads it. */
export function lobbyErrorText(i18n: I18n, reason: unknown): string {
  if (reason instanceof ApiError && reason.status === 404) {
    if (reason.code === NO_LIVE_ROOMS) return i18n.t('lobby.noLiveRoomsEndpoint');
    if (reason.code === NO_HISTORY) return i18n.t('lobby.noHistoryEndpoint');
  }
  return errorText(i18n, reason);
}

async function getJson(
  path: string,
  params: Record<string, string>,
  signal: AbortSignal | undefined,
  missing: { code: string; message: string },
): Promise<unknown> {
  const url = appUrl(path);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  // The lobby is live data: never an answer from the browser's cache.
  const response = await send(url, { signal, cache: 'no-store' });
  if (response.status === 404) {
    // A server without this endpoint: its 404 text says nothing useful to people.
    await response.body?.cancel().catch(() => undefined);
    throw new ApiError(missing.message, 404, missing.code);
  }
  if (!response.ok) throw await apiError(response);
  try {
    return await response.json();
  } catch {
    throw new ApiError(UNEXPECTED, response.status, 'unexpected');
  }
}

function toRoom(json: Json): LiveRoom {
  return {
    name: str(json.name),
    sid: str(json.sid),
    numParticipants: num(json.numParticipants),
    numPublishers: num(json.numPublishers),
    createdAt: num(json.createdAt),
    activeRecording: json.activeRecording === true,
  };
}

function toMeeting(json: Json): Meeting {
  return {
    id: num(json.id),
    roomName: str(json.roomName),
    roomSid: str(json.roomSid),
    startedAt: num(json.startedAt),
    endedAt: optNum(json.endedAt),
    durationSeconds: optNum(json.durationSeconds),
    participantsJoined: num(json.participantsJoined),
    peakParticipants: num(json.peakParticipants),
    currentParticipants: num(json.currentParticipants),
    recordings: list(json.recordings).map((r) => ({
      egressId: str(r.egressId),
      status: str(r.status),
      startedAt: num(r.startedAt),
      endedAt: optNum(r.endedAt),
      location: optStr(r.location),
      error: optStr(r.error),
    })),
    attendees: list(json.attendees).map((a) => ({
      identity: optStr(a.identity),
      name: str(a.name),
      firstJoinedAt: num(a.firstJoinedAt),
      lastLeftAt: optNum(a.lastLeftAt),
    })),
  };
}

/** The rooms open on the LiveKit server now, busiest first. */
export async function fetchLiveRooms(signal?: AbortSignal): Promise<LiveRoom[]> {
  const body = await getJson('api/rooms', {}, signal, {
    code: NO_LIVE_ROOMS,
    message: 'this server does not list live rooms yet',
  });
  if (!isObject(body) || !Array.isArray(body.rooms)) {
    throw new ApiError(UNEXPECTED, undefined, 'unexpected');
  }
  return list(body.rooms)
    .map(toRoom)
    .filter((room) => room.name !== '')
    .sort((a, b) => b.numParticipants - a.numParticipants || a.name.localeCompare(b.name));
}

/** One page of the meeting history, newest first. */
export async function fetchMeetings(
  options: { cursor?: string | null; limit?: number; signal?: AbortSignal } = {},
): Promise<MeetingPage> {
  const params: Record<string, string> = { limit: String(options.limit ?? MEETING_PAGE_SIZE) };
  if (options.cursor) params.cursor = options.cursor;
  const body = await getJson('api/meetings', params, options.signal, {
    code: NO_HISTORY,
    message: 'this server does not keep a meeting history',
  });
  if (!isObject(body) || !Array.isArray(body.meetings)) {
    throw new ApiError(UNEXPECTED, undefined, 'unexpected');
  }
  return {
    meetings: list(body.meetings).map(toMeeting),
    nextCursor: typeof body.nextCursor === 'string' && body.nextCursor ? body.nextCursor : null,
  };
}

/**
 * The history after a refresh of its first page: that page, then the meetings loaded earlier
 * (with "Load more") that it does not include. The cursor of the later pages is kept.
 */
export function mergeFirstPage(previous: MeetingPage | null, first: MeetingPage, pagesLoaded: number): MeetingPage {
  if (!previous || pagesLoaded <= 1) return first;
  const fresh = new Set(first.meetings.map((m) => m.id));
  return {
    meetings: [...first.meetings, ...previous.meetings.filter((m) => !fresh.has(m.id))],
    nextCursor: previous.nextCursor,
  };
}

/** Appends a further page, without duplicates (a meeting may move between pages meanwhile). */
export function appendPage(previous: MeetingPage, next: MeetingPage): MeetingPage {
  const seen = new Set(previous.meetings.map((m) => m.id));
  return {
    meetings: [...previous.meetings, ...next.meetings.filter((m) => !seen.has(m.id))],
    nextCursor: next.nextCursor,
  };
}
