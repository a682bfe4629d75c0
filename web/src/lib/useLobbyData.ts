// The lobby's live data: live rooms and the meeting history, refreshed every REFRESH_MS, when the
// window regains focus and on demand. A refresh keeps what is shown until its answer arrives and
// changes nothing when the answer is the same, so the page does not flicker. When the server says
// its lobby is off for this visitor (403 `lobby_off`), the refreshes stop. Failures are kept as
// errors and put into words where they are shown (lobbyErrorText), in the language of the moment.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './api';
import {
  appendPage,
  fetchLiveRooms,
  isLobbyOff,
  fetchMeetings,
  mergeFirstPage,
  type LiveRoom,
  type MeetingPage,
} from './lobby';

export const REFRESH_MS = 10_000;

export type RoomsState =
  | { kind: 'loading' }
  | { kind: 'ready'; rooms: LiveRoom[] }
  | { kind: 'unavailable'; error: Error };

export interface HistoryState {
  page: MeetingPage | null;
  /** Why the last refresh of the history failed (what is shown may be older). */
  error: Error | null;
  loadingMore: boolean;
  loadMoreError: Error | null;
}

export interface LobbyData {
  rooms: RoomsState;
  history: HistoryState;
  /** Date.now() of the last refresh that reached the server, for ages; 0 before. */
  updatedAt: number;
  /** The server answered `lobby_off`: this visitor may not see the lobby. */
  off: boolean;
  refresh: () => void;
  loadMore: () => void;
}

function errorOf(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error();
}

const errorFields = (error: Error) =>
  error instanceof ApiError
    ? [error.name, error.message, error.status, error.code, error.retryAfter]
    : [error.name, error.message];

/** Whether two failures say the same (a refresh that fails again the same way changes nothing). */
function sameError(a: Error | null, b: Error | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return JSON.stringify(errorFields(a)) === JSON.stringify(errorFields(b));
}

/** `next` unless it equals `previous` (then `previous`, so React skips the re-render). */
function keepIfSame<T>(previous: T, next: T): T {
  return JSON.stringify(previous) === JSON.stringify(next) ? previous : next;
}

const isAbort = (reason: unknown) => (reason as Error | undefined)?.name === 'AbortError';

/** `enabled` false: nothing is fetched (the page already knows the lobby is off). */
export function useLobbyData(enabled = true): LobbyData {
  const [rooms, setRooms] = useState<RoomsState>({ kind: 'loading' });
  const [history, setHistory] = useState<HistoryState>({
    page: null,
    error: null,
    loadingMore: false,
    loadMoreError: null,
  });
  const [updatedAt, setUpdatedAt] = useState(0);
  const [off, setOff] = useState(false);

  const alive = useRef(true);
  const inFlight = useRef<AbortController | null>(null);
  const moreInFlight = useRef<AbortController | null>(null);
  const pagesLoaded = useRef(1);
  const timer = useRef<number | undefined>(undefined);
  const refreshRef = useRef<() => void>(() => undefined);

  const schedule = useCallback(() => {
    const wait = () => {
      timer.current = window.setTimeout(() => {
        // A hidden tab waits: focus or visibility brings a refresh at once.
        if (document.visibilityState === 'hidden') wait();
        else refreshRef.current();
      }, REFRESH_MS);
    };
    window.clearTimeout(timer.current);
    wait();
  }, []);

  const refresh = useCallback(() => {
    if (inFlight.current) return;
    const controller = new AbortController();
    inFlight.current = controller;
    window.clearTimeout(timer.current);
    void Promise.allSettled([
      fetchLiveRooms(controller.signal),
      fetchMeetings({ signal: controller.signal }),
    ]).then(([roomsResult, meetingsResult]) => {
      if (!alive.current || controller.signal.aborted) return;
      inFlight.current = null;
      if (isLobbyOff(roomsResult.status === 'rejected' ? roomsResult.reason : undefined) ||
        isLobbyOff(meetingsResult.status === 'rejected' ? meetingsResult.reason : undefined)) {
        setOff(true);
        return;
      }
      setOff(false);
      if (roomsResult.status === 'fulfilled') {
        const next: RoomsState = { kind: 'ready', rooms: roomsResult.value };
        setRooms((previous) => keepIfSame(previous, next));
      } else if (!isAbort(roomsResult.reason)) {
        const error = errorOf(roomsResult.reason);
        setRooms((previous) =>
          previous.kind === 'unavailable' && sameError(previous.error, error)
            ? previous
            : { kind: 'unavailable', error },
        );
      }
      if (meetingsResult.status === 'fulfilled') {
        const first = meetingsResult.value;
        setHistory((previous) => {
          const page = keepIfSame(previous.page, mergeFirstPage(previous.page, first, pagesLoaded.current));
          if (page === previous.page && previous.error === null) return previous;
          return { ...previous, page, error: null };
        });
      } else if (!isAbort(meetingsResult.reason)) {
        const error = errorOf(meetingsResult.reason);
        setHistory((previous) => (sameError(previous.error, error) ? previous : { ...previous, error }));
      }
      setUpdatedAt(Date.now());
      schedule();
    });
  }, [schedule]);
  // The timer set by `schedule` refreshes through this (`refresh` itself uses `schedule`).
  useEffect(() => {
    refreshRef.current = refresh;
  }, [refresh]);

  const cursor = history.page?.nextCursor;
  const loadMore = useCallback(() => {
    if (moreInFlight.current || !cursor) return;
    const controller = new AbortController();
    moreInFlight.current = controller;
    setHistory((previous) => ({ ...previous, loadingMore: true, loadMoreError: null }));
    fetchMeetings({ cursor, signal: controller.signal }).then(
      (next) => {
        if (!alive.current) return;
        moreInFlight.current = null;
        pagesLoaded.current += 1;
        setHistory((previous) => ({
          ...previous,
          page: previous.page ? appendPage(previous.page, next) : next,
          loadingMore: false,
        }));
      },
      (reason: unknown) => {
        if (!alive.current || isAbort(reason)) return;
        moreInFlight.current = null;
        setHistory((previous) => ({
          ...previous,
          loadingMore: false,
          loadMoreError: errorOf(reason),
        }));
      },
    );
  }, [cursor]);

  useEffect(() => {
    if (!enabled) return undefined;
    alive.current = true;
    refresh();
    const onFocus = () => refresh();
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      alive.current = false;
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
      window.clearTimeout(timer.current);
      inFlight.current?.abort();
      inFlight.current = null;
      moreInFlight.current?.abort();
      moreInFlight.current = null;
    };
  }, [refresh, enabled]);

  return { rooms, history, updatedAt, off, refresh, loadMore };
}
