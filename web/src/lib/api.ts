// The server's HTTP API: api/connection-details (same answer as LiveKit Meet's, plus the rooms
// with a host: passcodes, locks and the waiting room) and the shared request helpers.
import { appUrl } from './config';

export interface ConnectionDetails {
  serverUrl: string;
  roomName: string;
  participantName: string;
  participantToken: string;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    /** The server's error code (`passcode_invalid`, `room_locked`, …) when it sent JSON. */
    readonly code?: string,
    /** Seconds to wait before trying again (Retry-After), when the server said so. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const UNREACHABLE = 'The server could not be reached. Check your connection and try again.';
export const UNEXPECTED = 'The server sent an unexpected answer.';

/** A path segment for the API: names may hold any character, and "." or ".." are not paths. */
export function segment(value: string): string {
  return encodeURIComponent(value).replace(/\./g, '%2E');
}

function retryAfterSeconds(response: Response): number | undefined {
  const header = response.headers.get('Retry-After');
  if (!header || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

/** The error a refused request stands for: the JSON {"error","message"} or the text answer. */
export async function apiError(response: Response): Promise<ApiError> {
  const text = (await response.text().catch(() => '')).trim();
  const retryAfter = retryAfterSeconds(response);
  if (text.startsWith('{')) {
    try {
      const body = JSON.parse(text) as { message?: unknown; error?: unknown };
      const code = typeof body.error === 'string' && body.error ? body.error : undefined;
      const message = typeof body.message === 'string' && body.message ? body.message : code;
      if (message) return new ApiError(message, response.status, code, retryAfter);
    } catch {
      // fall through to the raw text
    }
  }
  if (text && text.length <= 300 && !text.startsWith('<')) {
    return new ApiError(text, response.status, undefined, retryAfter);
  }
  return new ApiError(
    `${response.status} ${response.statusText}`.trim(),
    response.status,
    undefined,
    retryAfter,
  );
}

/** fetch() whose network failures become an ApiError (aborts are passed on as they are). */
export async function send(url: URL, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, {
      ...init,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...(init.headers ?? {}) },
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(UNREACHABLE, undefined, 'unreachable');
  }
}

/** A JSON request: the parsed answer of a 2xx, or an ApiError. */
export async function requestJson(
  relative: string,
  { method = 'GET', body, signal }: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<{ status: number; data: unknown }> {
  const init: RequestInit = { method, signal };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  const response = await send(appUrl(relative), init);
  if (!response.ok) throw await apiError(response);
  const data: unknown = await response.json().catch(() => null);
  return { status: response.status, data };
}

export function parseConnectionDetails(
  data: unknown,
  roomName: string,
  participantName: string,
): ConnectionDetails {
  const value = (data ?? null) as Partial<ConnectionDetails> | null;
  if (
    !value ||
    typeof value !== 'object' ||
    typeof value.serverUrl !== 'string' ||
    typeof value.participantToken !== 'string' ||
    value.serverUrl === '' ||
    value.participantToken === ''
  ) {
    throw new ApiError(UNEXPECTED, undefined, 'unexpected');
  }
  return {
    serverUrl: value.serverUrl,
    participantToken: value.participantToken,
    roomName: typeof value.roomName === 'string' ? value.roomName : roomName,
    participantName:
      typeof value.participantName === 'string' ? value.participantName : participantName,
  };
}

/** What asking to join answers: the connection details, or a place in the waiting room. */
export type JoinAnswer =
  | { kind: 'joined'; details: ConnectionDetails }
  | { kind: 'waiting'; ticket: string };

/**
 * Asks to join a room: `POST api/connection-details` with a JSON body, so that a passcode never
 * appears in a URL (proxies log URLs). The server answers as LiveKit Meet's GET does.
 */
export async function requestJoin(
  {
    roomName,
    participantName,
    region,
    passcode,
  }: { roomName: string; participantName: string; region?: string; passcode?: string },
  signal?: AbortSignal,
): Promise<JoinAnswer> {
  const body: Record<string, string> = { roomName, participantName };
  if (passcode) body.passcode = passcode;
  if (region) body.region = region;
  const { status, data } = await requestJson('api/connection-details', {
    method: 'POST',
    body,
    signal,
  });
  if (status === 202) {
    const value = (data ?? null) as Record<string, unknown> | null;
    if (value && value.status === 'waiting' && typeof value.ticket === 'string' && value.ticket) {
      return { kind: 'waiting', ticket: value.ticket };
    }
    throw new ApiError(UNEXPECTED, undefined, 'unexpected');
  }
  return { kind: 'joined', details: parseConnectionDetails(data, roomName, participantName) };
}
