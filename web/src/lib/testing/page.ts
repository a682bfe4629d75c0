// Test helpers for the modules that talk to the server: the page they read their base URL from
// (config.ts reads it when imported, appUrl on each call), and a fetch that answers as told.
import { afterEach, beforeEach, expect, vi, type Mock } from 'vitest';
// First: the page must be in place before api.ts (and config.ts) load.
import { stubPage } from './pageStub';
import { ApiError } from '../api';

export { PAGE_ORIGIN, stubPage } from './pageStub';

/**
 * A fetch mock in place for every test of the calling file (reset before each, removed after), on
 * a stubbed page. Import this module before the module under test: it stubs the page at once.
 */
export function mockFetch() {
  const fetchMock = vi.fn<typeof fetch>();
  beforeEach(() => {
    stubPage();
    fetchMock.mockReset();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });
  return fetchMock;
}

type FetchMock = Mock<typeof fetch>;

/** Every request answers `status` with `value` as JSON. */
export function answerJson(fetchMock: FetchMock, status: number, value: unknown): void {
  fetchMock.mockImplementation(async () => new Response(JSON.stringify(value), { status }));
}

/** The requests made, as "METHOD URL" lines. */
export const requestLines = (fetchMock: FetchMock): string[] =>
  fetchMock.mock.calls.map(([url, init]) => `${init?.method} ${String(url)}`);

/** The JSON body of the `index`-th request. */
export const sentJson = (fetchMock: FetchMock, index = 0): unknown =>
  JSON.parse(String(fetchMock.mock.calls[index][1]?.body));

/** `answerJson`, `requestLines` and `sentJson` bound to one fetch mock. */
export function fetchHelpers(fetchMock: FetchMock) {
  return {
    answer: (status: number, value: unknown) => answerJson(fetchMock, status, value),
    requests: () => requestLines(fetchMock),
    sentBody: (index = 0) => sentJson(fetchMock, index),
  };
}

/** A room's answer without any of its flags set (parseRoomInfo's defaults). */
export const NO_FLAGS = {
  hosted: false,
  passcode: false,
  waitingRoom: false,
  locked: false,
  listed: false,
  isHost: false,
  isCohost: false,
};

/** What `promise` was rejected with, which must be an ApiError. */
export async function apiRejection(promise: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

