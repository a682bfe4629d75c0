import { describe, expect, it } from 'vitest';

// The page stub comes first: the modules under test read the page when imported.
import { mockFetch } from './testing/page';
import {
  ApiError,
  UNEXPECTED,
  UNREACHABLE,
  apiError,
  parseConnectionDetails,
  requestJoin,
  requestJson,
  segment,
  send,
} from './api';

const fetchMock = mockFetch();

function reply(
  status: number,
  body: string | null,
  init: { statusText?: string; headers?: Record<string, string> } = {},
) {
  return new Response(body, { status, statusText: init.statusText, headers: init.headers });
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
  reply(status, JSON.stringify(value), { headers: { 'Content-Type': 'application/json', ...headers } });

/** The URL and init of the only fetch call. */
function onlyCall(): { url: string; init: RequestInit } {
  expect(fetchMock).toHaveBeenCalledTimes(1);
  const [url, init] = fetchMock.mock.calls[0];
  return { url: String(url), init: init ?? {} };
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('segment', () => {
  it('percent-encodes the characters that would change the path', () => {
    expect(segment('a/b?c#d')).toBe('a%2Fb%3Fc%23d');
    expect(segment('my room')).toBe('my%20room');
    expect(segment('100%')).toBe('100%25');
  });

  it('encodes dots inside a name', () => {
    expect(segment('v1.2')).toBe('v1%2E2');
  });

  it('keeps letters, digits and unreserved marks, and encodes unicode as UTF-8', () => {
    expect(segment('abcd-1234_~')).toBe('abcd-1234_~');
    expect(segment('café')).toBe('caf%C3%A9');
    expect(segment('👋')).toBe('%F0%9F%91%8B');
  });
});

describe('ApiError', () => {
  it('is an Error named ApiError that keeps status, code and retry time', () => {
    const error = new ApiError('Slow down', 429, 'too_many_requests', 12);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ApiError');
    expect(error.message).toBe('Slow down');
    expect([error.status, error.code, error.retryAfter]).toEqual([429, 'too_many_requests', 12]);
  });
});

describe('apiError', () => {
  it('takes the message and the code of a JSON error body', async () => {
    const error = await apiError(json(403, { error: 'room_locked', message: 'The host has locked this room' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('The host has locked this room');
    expect(error.status).toBe(403);
    expect(error.code).toBe('room_locked');
    expect(error.retryAfter).toBeUndefined();
  });

  it('uses the code as the message when the body has no message', async () => {
    const error = await apiError(json(404, { error: 'room_not_found' }));
    expect(error.message).toBe('room_not_found');
    expect(error.code).toBe('room_not_found');
  });

  it('has no code when the body has only a message', async () => {
    const error = await apiError(json(400, { message: 'Bad name' }));
    expect(error.message).toBe('Bad name');
    expect(error.code).toBeUndefined();
    expect(error.status).toBe(400);
  });

  it('ignores an empty message and falls back to the code', async () => {
    const error = await apiError(json(409, { error: 'exists', message: '' }));
    expect(error.message).toBe('exists');
    expect(error.code).toBe('exists');
  });

  it('shows the text of a JSON body whose fields are not strings, without a code', async () => {
    const error = await apiError(reply(400, '{"error":42,"message":["x"]}'));
    expect(error.message).toBe('{"error":42,"message":["x"]}');
    expect(error.code).toBeUndefined();
  });

  it('shows the text of a body that only looks like JSON', async () => {
    const error = await apiError(reply(500, '{"error":"boom"'));
    expect(error.message).toBe('{"error":"boom"');
    expect(error.code).toBeUndefined();
    expect(error.status).toBe(500);
  });

  it('uses a short plain-text answer, trimmed', async () => {
    const error = await apiError(reply(400, '  Missing required query parameter: roomName\n'));
    expect(error.message).toBe('Missing required query parameter: roomName');
    expect(error.status).toBe(400);
    expect(error.code).toBeUndefined();
  });

  it('uses text of up to 300 characters, and the status line beyond', async () => {
    expect((await apiError(reply(400, 'x'.repeat(300)))).message).toBe('x'.repeat(300));
    const long = await apiError(reply(400, 'x'.repeat(301), { statusText: 'Bad Request' }));
    expect(long.message).toBe('400 Bad Request');
  });

  it('uses the status line instead of an HTML page', async () => {
    const html = '<html><body>Bad gateway</body></html>';
    const error = await apiError(reply(502, html, { statusText: 'Bad Gateway' }));
    expect(error.message).toBe('502 Bad Gateway');
    expect(error.status).toBe(502);
  });

  it('uses the bare status for an empty answer without a status text', async () => {
    expect((await apiError(reply(500, null))).message).toBe('500');
    expect((await apiError(reply(503, '   ', { statusText: 'Service Unavailable' }))).message).toBe(
      '503 Service Unavailable',
    );
  });

  it('reads Retry-After in whole seconds', async () => {
    const error = await apiError(
      json(429, { error: 'too_many_requests', message: 'Too many wrong attempts' }, { 'Retry-After': '30' }),
    );
    expect(error.retryAfter).toBe(30);
    expect(error.code).toBe('too_many_requests');
    expect((await apiError(reply(503, 'busy', { headers: { 'Retry-After': '0' } }))).retryAfter).toBe(0);
    expect((await apiError(reply(503, null, { headers: { 'Retry-After': '7' } }))).retryAfter).toBe(7);
  });

  it('ignores a Retry-After that is a date, negative or fractional', async () => {
    for (const value of ['Wed, 21 Oct 2015 07:28:00 GMT', '-1', '2.5', '1e3', 'soon']) {
      const error = await apiError(reply(503, 'busy', { headers: { 'Retry-After': value } }));
      expect(error.retryAfter, value).toBeUndefined();
    }
  });
});

describe('send', () => {
  it('sends same-origin credentials and asks for JSON, keeping the caller’s headers', async () => {
    fetchMock.mockImplementation(async () => reply(200, 'ok'));
    const url = new URL('https://meet.example/api/x');
    const response = await send(url, { method: 'POST', headers: { Authorization: 'Bearer t' } });
    expect(response.status).toBe(200);
    const { url: called, init } = onlyCall();
    expect(called).toBe('https://meet.example/api/x');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect(init.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer t' });
  });

  it('returns a refusal as it is, without throwing', async () => {
    fetchMock.mockImplementation(async () => reply(500, 'no'));
    expect((await send(new URL('https://meet.example/api/x'))).status).toBe(500);
  });

  it('turns a network failure into an ApiError without a status', async () => {
    fetchMock.mockRejectedValue(new TypeError('fetch failed'));
    const error = await rejection(send(new URL('https://meet.example/api/x')));
    expect(error.message).toBe(UNREACHABLE);
    expect(error.status).toBeUndefined();
  });

  it('passes an abort on as it is', async () => {
    const abort = new DOMException('The operation was aborted.', 'AbortError');
    fetchMock.mockRejectedValue(abort);
    await expect(send(new URL('https://meet.example/api/x'))).rejects.toBe(abort);
  });
});

describe('requestJson', () => {
  it('GETs the app-relative path, without a body', async () => {
    fetchMock.mockImplementation(async () => json(200, { rooms: [] }));
    const signal = new AbortController().signal;
    const answer = await requestJson('/api/rooms', { signal });
    expect(answer).toEqual({ status: 200, data: { rooms: [] } });
    const { url, init } = onlyCall();
    expect(url).toBe('https://meet.example/api/rooms');
    expect(init.method).toBe('GET');
    expect(init.body).toBeUndefined();
    expect(init.signal).toBe(signal);
    expect(init.headers).toEqual({ Accept: 'application/json' });
  });

  it('sends a body as JSON', async () => {
    fetchMock.mockImplementation(async () => json(201, { name: 'x' }));
    await requestJson('api/rooms', { method: 'POST', body: { name: 'x', waitingRoom: true } });
    const { init } = onlyCall();
    expect(init.method).toBe('POST');
    expect(init.body).toBe('{"name":"x","waitingRoom":true}');
    expect(init.headers).toEqual({ Accept: 'application/json', 'Content-Type': 'application/json' });
  });

  it('answers null data for a success that is not JSON', async () => {
    fetchMock.mockImplementation(async () => reply(200, 'done'));
    expect(await requestJson('api/x')).toEqual({ status: 200, data: null });
    fetchMock.mockImplementation(async () => reply(204, null));
    expect(await requestJson('api/x', { method: 'DELETE' })).toEqual({ status: 204, data: null });
  });

  it('throws the server’s error for a refusal', async () => {
    fetchMock.mockImplementation(async () =>
      json(403, { error: 'not_host', message: 'Only a host may do that' }),
    );
    const error = await rejection(requestJson('api/rooms/x/lock', { method: 'POST' }));
    expect([error.message, error.status, error.code]).toEqual(['Only a host may do that', 403, 'not_host']);
  });
});

describe('parseConnectionDetails', () => {
  const full = {
    serverUrl: 'wss://lk.example',
    roomName: 'abcd-1234',
    participantName: 'Ada',
    participantToken: 'a.b.c',
  };

  it('keeps the four fields of a full answer', () => {
    expect(parseConnectionDetails(full, 'other', 'Other')).toEqual(full);
  });

  it('falls back to the asked room and name when the answer leaves them out', () => {
    const details = parseConnectionDetails(
      { serverUrl: 'wss://lk.example', participantToken: 'a.b.c', roomName: 7 },
      'abcd-1234',
      'Ada',
    );
    expect(details).toEqual(full);
  });

  it('refuses an answer without a server URL or token', () => {
    const bad: unknown[] = [
      null,
      undefined,
      'wss://lk.example',
      [],
      {},
      { ...full, serverUrl: '' },
      { ...full, participantToken: '' },
      { ...full, serverUrl: 42 },
      { serverUrl: 'wss://lk.example' },
    ];
    for (const data of bad) {
      expect(() => parseConnectionDetails(data, 'r', 'n')).toThrow(new ApiError(UNEXPECTED, undefined, 'unexpected'));
    }
  });
});

describe('requestJoin', () => {
  const details = {
    serverUrl: 'wss://lk.example',
    roomName: 'abcd-1234',
    participantName: 'Ada',
    participantToken: 'a.b.c',
  };

  it('POSTs the room and name as JSON, and answers the connection details', async () => {
    fetchMock.mockImplementation(async () => json(200, details));
    const answer = await requestJoin({ roomName: 'abcd-1234', participantName: 'Ada' });
    expect(answer).toEqual({ kind: 'joined', details });
    const { url, init } = onlyCall();
    expect(url).toBe('https://meet.example/api/connection-details');
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ roomName: 'abcd-1234', participantName: 'Ada' });
  });

  it('sends the passcode and region only when there are some', async () => {
    fetchMock.mockImplementation(async () => json(200, details));
    await requestJoin({ roomName: 'r', participantName: 'n', passcode: 's3cret!', region: 'eu' });
    expect(JSON.parse(String(onlyCall().init.body))).toEqual({
      roomName: 'r',
      participantName: 'n',
      passcode: 's3cret!',
      region: 'eu',
    });
    fetchMock.mockClear();
    await requestJoin({ roomName: 'r', participantName: 'n', passcode: '', region: '' });
    expect(JSON.parse(String(onlyCall().init.body))).toEqual({ roomName: 'r', participantName: 'n' });
  });

  it('answers a place in the waiting room for 202', async () => {
    fetchMock.mockImplementation(async () => json(202, { status: 'waiting', ticket: 't-123' }));
    expect(await requestJoin({ roomName: 'r', participantName: 'n' })).toEqual({
      kind: 'waiting',
      ticket: 't-123',
    });
  });

  it('refuses a 202 without a ticket', async () => {
    const bodies = [
      { status: 'waiting' },
      { status: 'waiting', ticket: '' },
      { status: 'admitted', ticket: 't' },
      null,
    ];
    for (const body of bodies) {
      fetchMock.mockResolvedValueOnce(json(202, body));
      const error = await rejection(requestJoin({ roomName: 'r', participantName: 'n' }));
      expect(error.message).toBe(UNEXPECTED);
    }
  });

  it('refuses a 200 without connection details', async () => {
    fetchMock.mockImplementation(async () => json(200, { ok: true }));
    expect((await rejection(requestJoin({ roomName: 'r', participantName: 'n' }))).message).toBe(UNEXPECTED);
  });

  it('throws the server’s error, such as a wrong passcode', async () => {
    fetchMock.mockImplementation(async () =>
      json(403, { error: 'passcode_invalid', message: 'Wrong passcode' }),
    );
    const join = requestJoin({ roomName: 'r', participantName: 'n', passcode: 'nope-nope' });
    const error = await rejection(join);
    expect([error.message, error.status, error.code]).toEqual(['Wrong passcode', 403, 'passcode_invalid']);
  });
});
