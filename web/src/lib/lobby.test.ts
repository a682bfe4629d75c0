import { describe, expect, it } from 'vitest';

// The page stub comes first: the modules under test read the page when imported.
import { mockFetch } from './testing/page';
import { english, i18nFor } from '../i18n/testing';
import { ApiError, UNEXPECTED, UNREACHABLE } from './api';
import {
  MEETING_PAGE_SIZE,
  NO_HISTORY,
  NO_LIVE_ROOMS,
  appendPage,
  fetchLiveRooms,
  fetchMeetings,
  isLobbyOff,
  lobbyErrorText,
  mergeFirstPage,
  type Meeting,
  type MeetingPage,
} from './lobby';

const fetchMock = mockFetch();

const answer = (status: number, body: string | null, statusText?: string) =>
  fetchMock.mockImplementation(async () => new Response(body, { status, statusText }));
const answerJson = (value: unknown) => answer(200, JSON.stringify(value));

async function lobbyError(promise: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

const meeting = (id: number): Meeting => ({
  id,
  roomName: `room-${id}`,
  roomSid: `RM_${id}`,
  startedAt: 1000 + id,
  endedAt: null,
  durationSeconds: null,
  participantsJoined: 1,
  peakParticipants: 1,
  currentParticipants: 0,
  recordings: [],
  attendees: [],
});

const page = (ids: number[], nextCursor: string | null): MeetingPage => ({
  meetings: ids.map(meeting),
  nextCursor,
});
const ids = (p: MeetingPage) => p.meetings.map((m) => m.id);

describe('fetchLiveRooms', () => {
  it('asks api/rooms for JSON, without cache, with same-origin credentials', async () => {
    answerJson({ rooms: [] });
    const signal = new AbortController().signal;
    expect(await fetchLiveRooms(signal)).toEqual([]);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0];
    expect(String(url)).toBe('https://meet.example/api/rooms');
    expect(init).toMatchObject({
      signal,
      cache: 'no-store',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
  });

  it('reads each room field by field, with numbers as JSON numbers or decimal strings', async () => {
    answerJson({
      rooms: [
        {
          name: 'abcd-1234',
          sid: 'RM_1',
          numParticipants: '3',
          numPublishers: 2,
          createdAt: ' 1764173100 ',
          activeRecording: true,
        },
      ],
    });
    expect(await fetchLiveRooms()).toEqual([
      {
        name: 'abcd-1234',
        sid: 'RM_1',
        numParticipants: 3,
        numPublishers: 2,
        createdAt: 1_764_173_100,
        activeRecording: true,
      },
    ]);
  });

  it('uses empty values for missing or wrong fields', async () => {
    answerJson({
      rooms: [
        {
          name: 'r',
          sid: 5,
          numParticipants: 'many',
          numPublishers: null,
          createdAt: '1e9',
          activeRecording: 'true',
        },
      ],
    });
    expect(await fetchLiveRooms()).toEqual([
      { name: 'r', sid: '', numParticipants: 0, numPublishers: 0, createdAt: 0, activeRecording: false },
    ]);
  });

  it('drops rooms without a name and entries that are not objects', async () => {
    answerJson({ rooms: [{ name: '' }, { sid: 'RM_2' }, null, 'room', ['x'], 7, { name: 'kept' }] });
    expect((await fetchLiveRooms()).map((room) => room.name)).toEqual(['kept']);
  });

  it('sorts the busiest first, then by name', async () => {
    answerJson({
      rooms: [
        { name: 'quiet', numParticipants: 1 },
        { name: 'b-busy', numParticipants: 5 },
        { name: 'a-busy', numParticipants: '5' },
        { name: 'empty' },
      ],
    });
    expect((await fetchLiveRooms()).map((room) => room.name)).toEqual(['a-busy', 'b-busy', 'quiet', 'empty']);
  });

  it('refuses an answer without a list of rooms', async () => {
    for (const body of [{}, { rooms: {} }, { rooms: 'none' }, [], null]) {
      answerJson(body);
      const error = await lobbyError(fetchLiveRooms());
      expect(error.message).toBe(UNEXPECTED);
    }
  });

  it('says the server does not list rooms when the endpoint is missing', async () => {
    answer(404, 'Not Found');
    const error = await lobbyError(fetchLiveRooms());
    expect(error.message).toBe('this server does not list live rooms yet');
    expect(error.status).toBe(404);
    expect(error.code).toBe(NO_LIVE_ROOMS);
    expect(lobbyErrorText(english, error)).toBe('this server does not list live rooms yet');
    expect(lobbyErrorText(i18nFor('de'), error)).toBe('dieser Server listet aktive Räume noch nicht auf');
  });

  it('refuses a success that is not JSON', async () => {
    answer(200, '<html></html>');
    const error = await lobbyError(fetchLiveRooms());
    expect(error.message).toBe(UNEXPECTED);
    expect(error.status).toBe(200);
  });

  it('turns a network failure into an ApiError, and passes an abort on', async () => {
    fetchMock.mockRejectedValue(new TypeError('fetch failed'));
    const error = await lobbyError(fetchLiveRooms());
    expect(error.message).toBe(UNREACHABLE);
    expect(error.status).toBeUndefined();

    const abort = new DOMException('The operation was aborted.', 'AbortError');
    fetchMock.mockRejectedValue(abort);
    await expect(fetchLiveRooms()).rejects.toBe(abort);
  });
});

describe('lobby errors', () => {
  it('take the message and code of a JSON error body', async () => {
    answer(403, '{"error":"lobby_off","message":"The lobby is only for organizers"}');
    const error = await lobbyError(fetchLiveRooms());
    expect([error.message, error.status, error.code]).toEqual([
      'The lobby is only for organizers',
      403,
      'lobby_off',
    ]);
    expect(error.name).toBe('ApiError');
    expect(isLobbyOff(error)).toBe(true);
  });

  it('are the errors of the API client (api.ts), status line and all', async () => {
    answer(502, '<html>Bad gateway</html>', 'Bad Gateway');
    const error = await lobbyError(fetchMeetings());
    expect([error.message, error.status, error.code]).toEqual(['502 Bad Gateway', 502, undefined]);
  });
});

describe('lobbyErrorText', () => {
  it('words other failures through the error codes', () => {
    expect(lobbyErrorText(english, new ApiError('LiveKit did not answer', 503, 'unavailable'))).toBe(
      'The media server is unavailable right now. Try again in a moment.',
    );
    expect(lobbyErrorText(english, new ApiError(UNREACHABLE, undefined, 'unreachable'))).toBe(UNREACHABLE);
    expect(lobbyErrorText(english, new ApiError('502 Bad Gateway', 502))).toBe(
      'Something went wrong on the server. Try again in a moment.',
    );
    expect(lobbyErrorText(english, new Error())).toBe('Something went wrong.');
  });

  it('keeps the 404 wording for the lobby’s own endpoints only', () => {
    expect(lobbyErrorText(english, new ApiError('gone', 404, 'not_found'))).toBe('Not found.');
  });
});

describe('isLobbyOff', () => {
  it('is true only for an ApiError with the lobby_off code', () => {
    expect(isLobbyOff(new ApiError('off', 403, 'lobby_off'))).toBe(true);
    expect(isLobbyOff(new ApiError('off', 403, 'forbidden'))).toBe(false);
    expect(isLobbyOff(new ApiError('off', 403))).toBe(false);
    expect(isLobbyOff(Object.assign(new Error('off'), { code: 'lobby_off' }))).toBe(false);
    expect(isLobbyOff(undefined)).toBe(false);
    expect(isLobbyOff('lobby_off')).toBe(false);
  });
});

describe('fetchMeetings', () => {
  it('asks for a page of the default size, and passes a cursor on', async () => {
    answerJson({ meetings: [] });
    await fetchMeetings();
    await fetchMeetings({ cursor: 'abc=/+', limit: 5 });
    await fetchMeetings({ cursor: '', limit: 0 });
    expect(fetchMock.mock.calls.map(([url]) => String(url))).toEqual([
      `https://meet.example/api/meetings?limit=${MEETING_PAGE_SIZE}`,
      'https://meet.example/api/meetings?limit=5&cursor=abc%3D%2F%2B',
      'https://meet.example/api/meetings?limit=0',
    ]);
    expect(MEETING_PAGE_SIZE).toBe(20);
  });

  it('reads meetings with their recordings and attendees, field by field', async () => {
    answerJson({
      meetings: [
        {
          id: '42',
          roomName: 'abcd-1234',
          roomSid: 'RM_1',
          startedAt: 1000,
          endedAt: '1600',
          durationSeconds: 600.5,
          participantsJoined: 4,
          peakParticipants: '3',
          currentParticipants: 0,
          recordings: [
            {
              egressId: 'EG_1',
              status: 'complete',
              startedAt: 1100,
              endedAt: 1500,
              location: 's3://b/k.mp4',
            },
            { egressId: 'EG_2', status: 'failed', startedAt: '1200', endedAt: null, error: 'no space' },
            'junk',
          ],
          attendees: [
            { identity: 'ada__x1y2', name: 'Ada', firstJoinedAt: 1000, lastLeftAt: 1600 },
            { name: 'Bob', firstJoinedAt: '1010' },
            null,
          ],
        },
      ],
      nextCursor: 'next-1',
    });
    expect(await fetchMeetings()).toEqual({
      meetings: [
        {
          id: 42,
          roomName: 'abcd-1234',
          roomSid: 'RM_1',
          startedAt: 1000,
          endedAt: 1600,
          durationSeconds: 600.5,
          participantsJoined: 4,
          peakParticipants: 3,
          currentParticipants: 0,
          recordings: [
            {
              egressId: 'EG_1',
              status: 'complete',
              startedAt: 1100,
              endedAt: 1500,
              location: 's3://b/k.mp4',
              error: undefined,
            },
            {
              egressId: 'EG_2',
              status: 'failed',
              startedAt: 1200,
              endedAt: null,
              location: undefined,
              error: 'no space',
            },
          ],
          attendees: [
            { identity: 'ada__x1y2', name: 'Ada', firstJoinedAt: 1000, lastLeftAt: 1600 },
            { identity: undefined, name: 'Bob', firstJoinedAt: 1010, lastLeftAt: null },
          ],
        },
      ],
      nextCursor: 'next-1',
    });
  });

  it('keeps a meeting still going, with no end and no duration', async () => {
    answerJson({ meetings: [{ id: 1, roomName: 'r', endedAt: null }] });
    const [only] = (await fetchMeetings()).meetings;
    expect(only.endedAt).toBeNull();
    expect(only.durationSeconds).toBeNull();
    expect(only.recordings).toEqual([]);
    expect(only.attendees).toEqual([]);
  });

  it('reads decimal strings with a fraction, and nothing else, as numbers', async () => {
    answerJson({
      meetings: [
        { id: ' 7 ', startedAt: '-5', endedAt: '12.25', durationSeconds: 'NaN' },
        { id: '1e3', startedAt: '0x10', endedAt: '', durationSeconds: true },
      ],
    });
    const [first, second] = (await fetchMeetings()).meetings;
    expect([first.id, first.startedAt, first.endedAt, first.durationSeconds]).toEqual([7, -5, 12.25, 0]);
    expect([second.id, second.startedAt, second.endedAt, second.durationSeconds]).toEqual([0, 0, 0, 0]);
  });

  it('has no next cursor for a missing, empty or non-string one', async () => {
    for (const nextCursor of [undefined, null, '', 5]) {
      answerJson({ meetings: [], nextCursor });
      expect((await fetchMeetings()).nextCursor, String(nextCursor)).toBeNull();
    }
  });

  it('refuses an answer without a list of meetings', async () => {
    answerJson({ meetings: null });
    expect((await lobbyError(fetchMeetings())).message).toBe(UNEXPECTED);
  });

  it('says the server keeps no history when the endpoint is missing', async () => {
    answer(404, '{"error":"not_found"}');
    const error = await lobbyError(fetchMeetings());
    expect([error.message, error.status, error.code]).toEqual([
      'this server does not keep a meeting history',
      404,
      NO_HISTORY,
    ]);
    expect(lobbyErrorText(english, error)).toBe('this server does not keep a meeting history');
    expect(lobbyErrorText(i18nFor('fr'), error)).toBe('ce serveur ne conserve pas d’historique des réunions');
  });
});

describe('mergeFirstPage', () => {
  it('is the first page when nothing more was loaded', () => {
    const first = page([3, 2], 'c1');
    expect(mergeFirstPage(null, first, 0)).toBe(first);
    expect(mergeFirstPage(page([2, 1], 'old'), first, 1)).toBe(first);
  });

  it('keeps the meetings loaded later, without the ones the fresh page holds, and their cursor', () => {
    const previous = page([5, 4, 3, 2, 1], 'after-1');
    const merged = mergeFirstPage(previous, page([6, 5, 4], 'c-first'), 3);
    expect(ids(merged)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(merged.nextCursor).toBe('after-1');
  });

  it('takes the fresh copy of a meeting that is on both', () => {
    const previous = page([2, 1], null);
    const fresh = { ...meeting(2), currentParticipants: 9 };
    const merged = mergeFirstPage(previous, { meetings: [fresh], nextCursor: 'x' }, 2);
    expect(merged.meetings[0]).toBe(fresh);
    expect(ids(merged)).toEqual([2, 1]);
    expect(merged.nextCursor).toBeNull();
  });
});

describe('appendPage', () => {
  it('appends the next page and takes its cursor', () => {
    const merged = appendPage(page([5, 4], 'c1'), page([3, 2], 'c2'));
    expect(ids(merged)).toEqual([5, 4, 3, 2]);
    expect(merged.nextCursor).toBe('c2');
  });

  it('leaves out meetings already shown', () => {
    const previous = page([5, 4, 3], 'c1');
    const merged = appendPage(previous, page([3, 2, 1], null));
    expect(ids(merged)).toEqual([5, 4, 3, 2, 1]);
    expect(merged.meetings[2]).toBe(previous.meetings[2]);
    expect(merged.nextCursor).toBeNull();
  });

  it('does not change the pages it is given', () => {
    const previous = page([2], 'c1');
    appendPage(previous, page([1], null));
    expect(ids(previous)).toEqual([2]);
    expect(previous.nextCursor).toBe('c1');
  });
});
