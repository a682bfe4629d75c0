import { describe, expect, it } from 'vitest';

// The page stub comes first: the modules under test read the page when imported.
import { NO_FLAGS, apiRejection as rejection, fetchHelpers, mockFetch } from './testing/page';
import { english, i18nFor } from '../i18n/testing';
import { ApiError, UNEXPECTED, UNREACHABLE } from './api';
import {
  actionErrorText,
  deleteMyRoom,
  fetchMyRooms,
  isGone,
  isSignedOut,
  listErrorText,
  myRoomPath,
  parseMyRooms,
  reopenMyRoom,
  withoutRoom,
  type MyRoom,
} from './myRooms';

const fetchMock = mockFetch();
const { answer, requests } = fetchHelpers(fetchMock);

const ROOM = {
  name: 'abc-defg',
  passcode: true,
  waitingRoom: false,
  locked: false,
  listed: false,
  createdAt: 1700000000,
  lastUsedAt: 1700003600,
};

const room = (name: string, extra: Partial<MyRoom> = {}): MyRoom => ({
  name,
  passcode: false,
  waitingRoom: false,
  locked: false,
  listed: false,
  createdAt: 0,
  lastUsedAt: 0,
  ...extra,
});

describe('parseMyRooms', () => {
  it('reads the server’s answer as it is', () => {
    expect(parseMyRooms({ rooms: [ROOM] })).toEqual([ROOM]);
  });

  it('keeps the server’s order (most recently used first)', () => {
    const rooms = parseMyRooms({ rooms: [{ name: 'b' }, { name: 'a' }, { name: 'c' }] });
    expect(rooms.map((r) => r.name)).toEqual(['b', 'a', 'c']);
  });

  it('ignores unknown fields, in the answer and in each room', () => {
    const rooms = parseMyRooms({ rooms: [{ ...ROOM, owner: 'x', extra: { a: 1 } }], next: 'abc', total: 1 });
    expect(rooms).toEqual([ROOM]);
  });

  it('drops entries that are not rooms with a name', () => {
    const rooms = parseMyRooms({
      rooms: [
        null,
        'abc',
        42,
        ['abc'],
        {},
        { name: '' },
        { name: '   ' },
        { name: 7 },
        { name: 'bad\u0000name' },
        { name: 'kept' },
      ],
    });
    expect(rooms).toEqual([room('kept')]);
  });

  it('keeps the first of two entries with the same name', () => {
    const rooms = parseMyRooms({ rooms: [{ name: 'r', passcode: true }, { name: 'r' }] });
    expect(rooms).toEqual([room('r', { passcode: true })]);
  });

  it('counts only true as true, and makes bad times 0', () => {
    const rooms = parseMyRooms({
      rooms: [
        {
          name: 'r',
          passcode: 'true',
          waitingRoom: 1,
          locked: null,
          listed: {},
          createdAt: 'yesterday',
          lastUsedAt: -5,
        },
      ],
    });
    expect(rooms).toEqual([room('r')]);
  });

  it('reads times sent as decimal strings', () => {
    const [first] = parseMyRooms({ rooms: [{ name: 'r', createdAt: '1700000000', lastUsedAt: '1700003600' }] });
    expect(first).toMatchObject({ createdAt: 1700000000, lastUsedAt: 1700003600 });
  });

  it('takes an empty list', () => {
    expect(parseMyRooms({ rooms: [] })).toEqual([]);
  });

  it('refuses an answer without a list of rooms', () => {
    for (const data of [null, [], 'rooms', {}, { rooms: null }, { rooms: {} }]) {
      expect(() => parseMyRooms(data)).toThrow(UNEXPECTED);
    }
  });
});

describe('myRoomPath', () => {
  it('encodes the room name as one path segment', () => {
    expect(myRoomPath('abc-defg')).toBe('api/my/rooms/abc-defg');
    expect(myRoomPath('team sync/1', '/host')).toBe('api/my/rooms/team%20sync%2F1/host');
    expect(myRoomPath('a?b#c&d')).toBe('api/my/rooms/a%3Fb%23c%26d');
    expect(myRoomPath('..')).toBe('api/my/rooms/%2E%2E');
    expect(myRoomPath('é')).toBe('api/my/rooms/%C3%A9');
  });
});

describe('fetchMyRooms', () => {
  it('asks for the list and parses it', async () => {
    answer(200, { rooms: [ROOM, { name: '' }] });
    expect(await fetchMyRooms()).toEqual([ROOM]);
    expect(requests()).toEqual(['GET https://meet.example/api/my/rooms']);
  });

  it('passes on the server’s refusal with its code', async () => {
    answer(401, { error: 'sign_in_required', message: 'Sign in first.' });
    const error = await rejection(fetchMyRooms());
    expect(error.status).toBe(401);
    expect(error.code).toBe('sign_in_required');
    expect(isSignedOut(error)).toBe(true);
  });

  it('says so when sign-in is off', async () => {
    answer(503, { error: 'not_configured', message: 'Sign-in is off.' });
    const error = await rejection(fetchMyRooms());
    expect(error.code).toBe('not_configured');
    expect(isSignedOut(error)).toBe(false);
  });

  it('refuses an answer that is not a list of rooms', async () => {
    answer(200, { status: 'ok' });
    expect((await rejection(fetchMyRooms())).message).toBe(UNEXPECTED);
  });

  it('turns a network failure into an ApiError', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    expect((await rejection(fetchMyRooms())).message).toBe(UNREACHABLE);
  });
});

describe('reopenMyRoom', () => {
  it('posts to the room’s host path, without a body, and reads the room', async () => {
    answer(200, { name: 'team sync/1', hosted: true, passcode: true, isHost: true });
    const info = await reopenMyRoom('team sync/1');
    expect(info).toEqual({ ...NO_FLAGS, name: 'team sync/1', hosted: true, passcode: true, isHost: true });
    expect(requests()).toEqual(['POST https://meet.example/api/my/rooms/team%20sync%2F1/host']);
    expect(fetchMock.mock.calls[0][1]?.body).toBeUndefined();
  });

  it('falls back to the asked name when the answer has none', async () => {
    answer(200, { hosted: true, isHost: true });
    expect((await reopenMyRoom('abc-defg')).name).toBe('abc-defg');
  });

  it('says when the room is gone', async () => {
    answer(404, { error: 'room_not_found', message: 'No such room.' });
    const error = await rejection(reopenMyRoom('abc-defg'));
    expect(isGone(error)).toBe(true);
  });
});

describe('deleteMyRoom', () => {
  it('deletes the room by its encoded name', async () => {
    answer(200, { status: 'deleted' });
    await deleteMyRoom('a&b');
    expect(requests()).toEqual(['DELETE https://meet.example/api/my/rooms/a%26b']);
  });

  it('passes on a refusal', async () => {
    answer(404, { error: 'room_not_found', message: 'No such room.' });
    expect(isGone(await rejection(deleteMyRoom('abc-defg')))).toBe(true);
  });
});

describe('withoutRoom', () => {
  it('leaves out the one room, and keeps the order', () => {
    const rooms = [room('a'), room('b'), room('c')];
    expect(withoutRoom(rooms, 'b').map((r) => r.name)).toEqual(['a', 'c']);
    expect(withoutRoom(rooms, 'z')).toEqual(rooms);
    expect(rooms).toHaveLength(3);
  });
});

describe('the messages', () => {
  const refused = (status: number, code?: string) => new ApiError('refused', status, code);

  it('tell a room that is gone from other failures', () => {
    expect(isGone(refused(404, 'room_not_found'))).toBe(true);
    expect(isGone(refused(404))).toBe(true);
    expect(isGone(refused(403, 'forbidden'))).toBe(false);
    expect(isGone(new Error('x'))).toBe(false);
  });

  it('tell an ended sign-in from other failures', () => {
    expect(isSignedOut(refused(401, 'sign_in_required'))).toBe(true);
    expect(isSignedOut(refused(401))).toBe(true);
    expect(isSignedOut(refused(401, 'unauthorized'))).toBe(false);
    expect(isSignedOut(refused(500))).toBe(false);
  });

  it('say why the list did not load, through the error codes', () => {
    expect(listErrorText(english, refused(503, 'not_configured'))).toBe(
      `Your rooms could not be loaded: ${english.t('errors.not_configured')}`,
    );
    expect(listErrorText(english, new ApiError(UNREACHABLE, undefined, 'unreachable'))).toBe(
      `Your rooms could not be loaded: ${english.t('errors.unreachable')}`,
    );
  });

  it('say which room could not be opened or deleted, and why', () => {
    expect(actionErrorText(english, 'open', 'abc', refused(404, 'room_not_found'))).toBe(
      'The room abc no longer exists.',
    );
    expect(actionErrorText(english, 'delete', 'abc', refused(429, 'too_many_requests'))).toBe(
      `abc could not be deleted: ${english.t('errors.too_many_requests')}`,
    );
    expect(actionErrorText(english, 'open', 'abc', refused(500, 'internal'))).toBe(
      `abc could not be opened: ${english.t('errors.internal')}`,
    );
  });

  it('are in every language', () => {
    for (const language of ['fr', 'de', 'es', 'nl']) {
      const i18n = i18nFor(language);
      const text = actionErrorText(i18n, 'delete', 'abc', refused(403, 'forbidden'));
      expect(text).toContain('abc');
      expect(text).toContain(i18n.t('errors.forbidden'));
      expect(text).not.toMatch(/myRooms\./);
    }
  });
});
