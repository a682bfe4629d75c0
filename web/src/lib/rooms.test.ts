import { describe, expect, it } from 'vitest';

// The page stub comes first: the modules under test read the page when imported.
import {
  NO_FLAGS,
  apiRejection as rejection,
  fetchHelpers,
  mockFetch,
} from './testing/page';
import { english, i18nFor } from '../i18n/testing';
import { ApiError, UNEXPECTED } from './api';
import {
  PASSCODE_MIN_LENGTH,
  checkHostedRoomName,
  checkPasscode,
  createRoom,
  creationError,
  fetchRoomInfo,
  fetchSession,
  lobbyOpenTo,
  mayRecord,
  parseRoomInfo,
  parseSession,
  retryText,
  signIn,
  type OrganizerSession,
} from './rooms';

const fetchMock = mockFetch();
const { answer, requests, sentBody } = fetchHelpers(fetchMock);


describe('parseRoomInfo', () => {
  it('reads every flag of a hosted room', () => {
    const data = {
      name: 'team-sync',
      hosted: true,
      passcode: true,
      waitingRoom: true,
      locked: true,
      listed: true,
      isHost: true,
      isCohost: true,
    };
    expect(parseRoomInfo(data, 'other')).toEqual(data);
  });

  it('counts only true as true', () => {
    const info = parseRoomInfo({
      name: 'r',
      hosted: 'true',
      passcode: 1,
      waitingRoom: 'yes',
      locked: null,
      isHost: {},
    });
    expect(info).toEqual({ name: 'r', ...NO_FLAGS });
  });

  it('is a co-host only when it is also a host', () => {
    expect(parseRoomInfo({ name: 'r', isHost: false, isCohost: true }).isCohost).toBe(false);
    expect(parseRoomInfo({ name: 'r', isHost: true, isCohost: false })).toMatchObject({
      isHost: true,
      isCohost: false,
    });
  });

  it('falls back to the asked name when the answer has none', () => {
    expect(parseRoomInfo({}, 'abcd-1234')).toEqual({ name: 'abcd-1234', ...NO_FLAGS });
    expect(parseRoomInfo({ name: '' }, 'abcd-1234').name).toBe('abcd-1234');
    expect(parseRoomInfo({ name: 42 }, 'abcd-1234').name).toBe('abcd-1234');
    expect(parseRoomInfo({}).name).toBe('');
  });

  it('refuses an answer that is not an object', () => {
    for (const data of [null, undefined, 'r', 42, true, [], [{ name: 'r' }]]) {
      expect(() => parseRoomInfo(data, 'r')).toThrow(new ApiError(UNEXPECTED, undefined, 'unexpected'));
    }
  });
});

describe('checkHostedRoomName', () => {
  it('refuses the names the server keeps for its connection test', () => {
    expect(checkHostedRoomName(english, 'lkm-connection-test-x1')).toBe(
      'Names starting with “lkm-connection-test-” are kept for the connection test. Choose another.',
    );
  });

  const CHARACTERS = 'Use letters, digits, “-”, “_”, “.” or “~” in a room name (no spaces).';

  it('accepts an empty name (the server picks one)', () => {
    expect(checkHostedRoomName(english, '')).toBeUndefined();
  });

  it('accepts letters, digits, "-", "_", "." and "~"', () => {
    for (const name of ['a', 'Team-Sync_2.0~x', '-start', '_start', '~start', '0', 'end.']) {
      expect(checkHostedRoomName(english, name), name).toBeUndefined();
    }
  });

  it('accepts 128 characters and refuses 129', () => {
    expect(checkHostedRoomName(english, 'a'.repeat(128))).toBeUndefined();
    expect(checkHostedRoomName(english, 'a'.repeat(129))).toBe('A room name has at most 128 characters.');
    expect(checkHostedRoomName(english, `.${'a'.repeat(128)}`)).toBe('A room name has at most 128 characters.');
  });

  it('refuses a name starting with "."', () => {
    for (const name of ['.', '..', '.hidden']) {
      expect(checkHostedRoomName(english, name), name).toBe('A room name cannot start with “.”.');
    }
  });

  it('refuses spaces, slashes, controls and letters beyond ASCII', () => {
    const names = ['team sync', ' team', 'a/b', 'a\u0000b', 'a\nb', 'café', '会议', 'a+b', 'a%20b', 'é🎉'];
    for (const name of names) {
      expect(checkHostedRoomName(english, name), name).toBe(CHARACTERS);
    }
  });
});

describe('checkPasscode', () => {
  const TOO_SHORT = `A passcode has at least ${PASSCODE_MIN_LENGTH} characters.`;

  it('accepts an empty passcode (none)', () => {
    expect(checkPasscode(english, '')).toBeUndefined();
  });

  it('needs at least 6 characters, counting each emoji as one', () => {
    expect(PASSCODE_MIN_LENGTH).toBe(6);
    expect(checkPasscode(english, '12345')).toBe(TOO_SHORT);
    expect(checkPasscode(english, ' ')).toBe(TOO_SHORT);
    expect(checkPasscode(english, '123456')).toBeUndefined();
    expect(checkPasscode(english, '🔑🔑🔑🔑🔑')).toBe(TOO_SHORT); // 10 UTF-16 units, 5 characters
    expect(checkPasscode(english, '🔑🔑🔑🔑🔑🔑')).toBeUndefined();
    expect(checkPasscode(english, 'ééééé')).toBe(TOO_SHORT);
  });

  it('allows at most 128 bytes of UTF-8', () => {
    expect(checkPasscode(english, 'a'.repeat(128))).toBeUndefined();
    expect(checkPasscode(english, 'a'.repeat(129))).toBe('That passcode is too long.');
    expect(checkPasscode(english, '€'.repeat(42))).toBeUndefined(); // 126 bytes
    expect(checkPasscode(english, '€'.repeat(43))).toBe('That passcode is too long.'); // 129 bytes, 43 characters
  });

  it('refuses control characters, but not spaces or other punctuation', () => {
    for (const char of ['\u0000', '\t', '\n', '\u007f', '\u0085', '\u009f']) {
      expect(checkPasscode(english, `secret${char}1`), char.charCodeAt(0).toString(16)).toBe(
        'A passcode cannot contain control characters.',
      );
    }
    expect(checkPasscode(english, 'correct horse battery staple!')).toBeUndefined();
    expect(checkPasscode(english, 'pässwörd\u00a0€')).toBeUndefined();
  });
});

describe('retryText', () => {
  it('asks to wait a moment without a usable time', () => {
    for (const seconds of [undefined, 0, -3, Number.NaN]) {
      expect(retryText(english, seconds), String(seconds)).toBe('Wait a moment, then try again.');
    }
  });

  it('counts seconds below 90', () => {
    expect(retryText(english, 1)).toBe('Try again in 1 s.');
    expect(retryText(english, 89)).toBe('Try again in 89 s.');
  });

  it('counts whole minutes, rounded up, from 90 seconds', () => {
    expect(retryText(english, 90)).toBe('Try again in 2 min.');
    expect(retryText(english, 120)).toBe('Try again in 2 min.');
    expect(retryText(english, 121)).toBe('Try again in 3 min.');
    expect(retryText(english, 3600)).toBe('Try again in 60 min.');
  });
});

describe('retryText in other languages', () => {
  it('names the unit in full, with the plural form of the count', () => {
    expect(retryText(i18nFor('fr'), 1)).toBe('Réessayez dans 1 seconde.');
    expect(retryText(i18nFor('fr'), 12)).toBe('Réessayez dans 12 secondes.');
    expect(retryText(i18nFor('de'), 1)).toBe('Bitte in 1 Sekunde erneut versuchen.');
    expect(retryText(i18nFor('de'), 120)).toBe('Bitte in 2 Minuten erneut versuchen.');
    expect(retryText(i18nFor('nl'), 60 * 60)).toBe('Probeer het over 60 minuten opnieuw.');
    expect(retryText(i18nFor('es'), 0)).toBe('Espera un momento y vuelve a intentarlo.');
  });
});

describe('the checks in other languages', () => {
  it('count characters the language’s way and quote as it does', () => {
    expect(checkPasscode(i18nFor('fr'), '123')).toBe('Un code d’accès compte au moins 6 caractères.');
    expect(checkHostedRoomName(i18nFor('de'), '.x')).toBe('Ein Raumname darf nicht mit „.“ beginnen.');
    expect(checkHostedRoomName(i18nFor('es'), 'a'.repeat(129))).toBe(
      'Un nombre de sala tiene como máximo 128 caracteres.',
    );
  });
});

describe('creationError', () => {
  const refusal = (code: string | undefined, status = 409, retryAfter?: number) =>
    new ApiError('server text', status, code, retryAfter);

  it('names the chosen room when its name is taken or in use', () => {
    expect(creationError(english, refusal('conflict'), 'team')).toBe(
      'A room named “team” already has a host. Choose another name, or join it as a guest.',
    );
    expect(creationError(english, refusal('conflict'), '')).toBe('That room already has a host. Try again.');
    expect(creationError(english, refusal('room_in_use'), 'busy-room')).toBe(
      'The name “busy-room” is in a meeting now or was used recently. Choose another name.',
    );
    expect(creationError(english, refusal('room_in_use'), '')).toBe('That name is in use. Try again.');
  });

  it('puts the room’s name where the language wants it', () => {
    expect(creationError(i18nFor('de'), refusal('conflict'), 'team')).toBe(
      'Der Raum „team“ hat bereits einen Gastgeber. Wählen Sie einen anderen Namen oder treten Sie als Gast bei.',
    );
    expect(creationError(i18nFor('fr'), refusal('room_in_use'), 'team')).toMatch(/^Le nom « team » /);
  });

  it('says when to try again after too many rooms', () => {
    expect(creationError(english, refusal('too_many_requests', 429, 30), '')).toBe(
      'Too many rooms were created from here. Try again in 30 s.',
    );
    expect(creationError(english, refusal('too_many_requests', 429), '')).toBe(
      'Too many rooms were created from here. Wait a moment, then try again.',
    );
  });

  it('asks for an organizer, and refuses settings without the server’s English', () => {
    expect(creationError(english, refusal('organizer_required', 403), '')).toBe(
      'Only organizers can create rooms on this server. Sign in as an organizer first.',
    );
    expect(creationError(english, refusal('bad_request', 400), '')).toBe('The server did not accept these settings.');
  });

  it('words any other failure through the error codes', () => {
    expect(creationError(english, refusal('unavailable', 503), 'team')).toBe(
      'The room could not be created: The media server is unavailable right now. Try again in a moment.',
    );
    expect(creationError(english, refusal(undefined, 502), '')).toBe(
      'The room could not be created: Something went wrong on the server. Try again in a moment.',
    );
    expect(creationError(english, new Error('offline'), '')).toBe('offline');
    expect(creationError(english, 'odd', '')).toBe('Something went wrong.');
  });
});

describe('mayRecord', () => {
  const session = (recording: OrganizerSession['recording'], organizer = false): OrganizerSession => ({
    organizer,
    roomCreation: 'open',
    lobby: 'all',
    recording,
  });

  it('lets hosts and organizers record under the hosts policy', () => {
    expect(mayRecord(session('hosts'), { isHost: true })).toBe(true);
    expect(mayRecord(session('hosts', true), { isHost: false })).toBe(true);
    expect(mayRecord(session('hosts'), { isHost: false })).toBe(false);
  });

  it('uses the hosts policy before the session is known', () => {
    expect(mayRecord(undefined, { isHost: true })).toBe(true);
    expect(mayRecord(undefined, { isHost: false })).toBe(false);
  });

  it('lets anyone record under the anyone policy', () => {
    expect(mayRecord(session('anyone'), { isHost: false })).toBe(true);
  });

  it('lets nobody record when recording is off, not even an organizing host', () => {
    expect(mayRecord(session('off', true), { isHost: true })).toBe(false);
  });
});

describe('lobbyOpenTo', () => {
  const session = (lobby: OrganizerSession['lobby'], organizer: boolean): OrganizerSession => ({
    organizer,
    roomCreation: 'open',
    lobby,
    recording: 'hosts',
  });

  it('opens the lobby to everyone unless it is off, and to organizers always', () => {
    expect(lobbyOpenTo(session('all', false))).toBe(true);
    expect(lobbyOpenTo(session('listed', false))).toBe(true);
    expect(lobbyOpenTo(session('off', false))).toBe(false);
    expect(lobbyOpenTo(session('off', true))).toBe(true);
  });
});

describe('organizer session', () => {
  const DEFAULT_SESSION = { organizer: false, roomCreation: 'open', lobby: 'all', recording: 'hosts' };

  it('reads the session the server describes', async () => {
    answer(200, { organizer: true, roomCreation: 'organizers', lobby: 'off', recording: 'anyone' });
    expect(await fetchSession()).toEqual({
      organizer: true,
      roomCreation: 'organizers',
      lobby: 'off',
      recording: 'anyone',
    });
    expect(requests()).toEqual(['GET https://meet.example/api/session']);
  });

  it('lists every room and lets hosts record when an older server leaves the fields out', async () => {
    answer(200, {});
    expect(await fetchSession()).toEqual(DEFAULT_SESSION);
  });

  it('reads unknown values as the defaults', async () => {
    answer(200, { organizer: 'yes', roomCreation: 'closed', lobby: 'none', recording: 'everyone' });
    expect(await fetchSession()).toEqual(DEFAULT_SESSION);
  });

  it('reads the provider’s sign-in and the person signed in through it', async () => {
    answer(200, {
      organizer: true,
      signIn: { oidc: true, required: true },
      user: { name: 'Ada Lovelace', email: 'ada@example.org' },
      roomCreation: 'organizers',
      lobby: 'listed',
      recording: 'hosts',
    });
    expect(await fetchSession()).toEqual({
      organizer: true,
      roomCreation: 'organizers',
      lobby: 'listed',
      recording: 'hosts',
      signIn: { oidc: true, required: true },
      user: { name: 'Ada Lovelace', email: 'ada@example.org' },
    });
  });

  it('has no sign-in and nobody signed in when the server says nothing of them', async () => {
    answer(200, { organizer: false, signIn: { oidc: true, required: false } });
    const session = await fetchSession();
    expect(session.signIn).toEqual({ oidc: true, required: false });
    expect('user' in session).toBe(false);
    answer(200, {});
    const older = await fetchSession();
    expect('signIn' in older).toBe(false);
    expect('user' in older).toBe(false);
  });

  it('ignores a sign-in or a person that is not an object', async () => {
    answer(200, { signIn: true, user: 'Ada' });
    expect(await fetchSession()).toEqual(DEFAULT_SESSION);
    expect(parseSession({ signIn: null, user: null })).toEqual(DEFAULT_SESSION);
  });

  it('refuses an answer that is not an object', async () => {
    answer(200, ['organizer']);
    expect((await rejection(fetchSession())).message).toBe(UNEXPECTED);
  });

  it('signs in with the password in the body', async () => {
    answer(200, { organizer: true, lobby: 'listed', recording: 'off' });
    expect(await signIn('hunter2 ü')).toEqual({
      organizer: true,
      roomCreation: 'open',
      lobby: 'listed',
      recording: 'off',
    });
    expect(requests()).toEqual(['POST https://meet.example/api/session']);
    expect(sentBody()).toEqual({ password: 'hunter2 ü' });
  });

  it('throws the server’s refusal of a wrong password', async () => {
    answer(401, { error: 'password_invalid', message: 'Wrong password' });
    const error = await rejection(signIn('nope'));
    expect([error.message, error.status, error.code]).toEqual(['Wrong password', 401, 'password_invalid']);
  });
});

describe('fetchRoomInfo', () => {
  it('asks for the room by its encoded name, and falls back to that name', async () => {
    answer(200, { hosted: true, passcode: true });
    expect(await fetchRoomInfo('team sync/1')).toEqual({
      ...NO_FLAGS,
      name: 'team sync/1',
      hosted: true,
      passcode: true,
    });
    expect(requests()).toEqual(['GET https://meet.example/api/rooms/team%20sync%2F1']);
  });
});

describe('createRoom', () => {
  it('sends only the choices that were made', async () => {
    answer(201, { name: 'k3x9-a0qz', hosted: true, isHost: true });
    const info = await createRoom({ name: '', passcode: '', waitingRoom: false, listed: false });
    expect(info).toEqual({ ...NO_FLAGS, name: 'k3x9-a0qz', hosted: true, isHost: true });
    expect(requests()).toEqual(['POST https://meet.example/api/rooms']);
    expect(sentBody()).toEqual({});
  });

  it('sends a chosen name, passcode, waiting room and listing', async () => {
    answer(201, { name: 'team', hosted: true, waitingRoom: true, listed: true, isHost: true });
    await createRoom({ name: 'team', passcode: 'open sesame', waitingRoom: true, listed: true });
    expect(sentBody()).toEqual({ name: 'team', passcode: 'open sesame', waitingRoom: true, listed: true });
  });

  it('refuses an answer without the new room’s name', async () => {
    answer(201, { hosted: true });
    expect((await rejection(createRoom({}))).message).toBe(UNEXPECTED);
  });

  it('throws the server’s refusal, such as a taken name', async () => {
    answer(409, { error: 'room_exists', message: 'That room name is taken' });
    const error = await rejection(createRoom({ name: 'team' }));
    expect([error.message, error.status, error.code]).toEqual([
      'That room name is taken',
      409,
      'room_exists',
    ]);
  });
});
