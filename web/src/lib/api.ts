// api/connection-details: the server's token endpoint (same answer as LiveKit Meet's).
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
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function errorMessage(response: Response): Promise<string> {
  const text = (await response.text().catch(() => '')).trim();
  if (text.startsWith('{')) {
    try {
      const body = JSON.parse(text) as { message?: unknown; error?: unknown };
      if (typeof body.message === 'string' && body.message) return body.message;
      if (typeof body.error === 'string' && body.error) return body.error;
    } catch {
      // fall through to the raw text
    }
  }
  if (text && text.length <= 300 && !text.startsWith('<')) return text;
  return `${response.status} ${response.statusText}`.trim();
}

export async function fetchConnectionDetails(
  roomName: string,
  participantName: string,
  region?: string,
  signal?: AbortSignal,
): Promise<ConnectionDetails> {
  const url = appUrl('api/connection-details');
  url.searchParams.set('roomName', roomName);
  url.searchParams.set('participantName', participantName);
  if (region) url.searchParams.set('region', region);
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError('The server could not be reached. Check your connection and try again.');
  }
  if (!response.ok) throw new ApiError(await errorMessage(response), response.status);
  const data = (await response.json().catch(() => null)) as Partial<ConnectionDetails> | null;
  if (
    !data ||
    typeof data.serverUrl !== 'string' ||
    typeof data.participantToken !== 'string' ||
    data.serverUrl === '' ||
    data.participantToken === ''
  ) {
    throw new ApiError('The server sent an unexpected answer.');
  }
  return {
    serverUrl: data.serverUrl,
    participantToken: data.participantToken,
    roomName: typeof data.roomName === 'string' ? data.roomName : roomName,
    participantName: typeof data.participantName === 'string' ? data.participantName : participantName,
  };
}
