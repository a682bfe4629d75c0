// What the host of a room sees and does: the waiting queue (polled, with a chime and a message
// for each newcomer), the participant list (polled while shown), lock, lobby listing, moderation,
// co-hosts, end for all.
import * as React from 'react';
import { useI18n } from '../i18n/I18n';
import { errorText } from '../i18n/errors';
import { ApiError } from './api';
import {
  decideWaiting,
  endRoom,
  fetchParticipants,
  fetchWaiting,
  muteTrack,
  removeParticipant,
  setCohost,
  setRoomListed,
  setRoomLocked,
  type RoomParticipant,
  type WaitingGuest,
} from './hostRequests';
import type { RoomInfo } from './rooms';

export const WAITING_POLL_MS = 3000;
export const PARTICIPANTS_POLL_MS = 4000;

export interface HostRoom {
  waiting: WaitingGuest[];
  waitingError?: string;
  participants?: RoomParticipant[];
  participantsError?: string;
  locked: boolean;
  /** Shown in the lobby. */
  listed: boolean;
  /** The host credential stopped working (revoked, or the room was ended from another tab). */
  lost?: string;
  /** Tickets and identities with a request in flight. */
  busy: ReadonlySet<string>;
  admit: (guest: WaitingGuest) => Promise<void>;
  deny: (guest: WaitingGuest) => Promise<void>;
  mute: (participant: RoomParticipant, trackSid: string) => Promise<void>;
  remove: (participant: RoomParticipant) => Promise<void>;
  /** Makes someone a co-host, or no longer one. */
  setCohost: (participant: RoomParticipant, cohost: boolean) => Promise<void>;
  setLocked: (locked: boolean) => Promise<void>;
  setListed: (listed: boolean) => Promise<void>;
  end: () => Promise<void>;
  refreshParticipants: () => void;
}

/** A failed poll, kept as the error so that its message follows the language. */
interface PollFailure {
  error: unknown;
}

/** Why the host credential stopped working. */
type Lost = 'ended' | 'revoked';

/** Polls `run` every `intervalMs` while `enabled` (one request at a time, aborted on stop). */
function usePolling(
  run: (signal: AbortSignal) => Promise<void>,
  intervalMs: number,
  enabled: boolean,
): () => void {
  const [kick, setKick] = React.useState(0);
  React.useEffect(() => {
    if (!enabled) return undefined;
    const controller = new AbortController();
    let timer: number | undefined;
    const tick = async () => {
      try {
        await run(controller.signal);
      } catch {
        // `run` reports its own errors.
      }
      if (!controller.signal.aborted) timer = window.setTimeout(tick, intervalMs);
    };
    void tick();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [run, intervalMs, enabled, kick]);
  return React.useCallback(() => setKick((n) => n + 1), []);
}

export function useHostRoom(
  room: string,
  {
    enabled,
    initialLocked,
    initialListed,
    showParticipants,
    onNewGuests,
  }: {
    enabled: boolean;
    initialLocked: boolean;
    initialListed: boolean;
    showParticipants: boolean;
    onNewGuests?: (guests: WaitingGuest[]) => void;
  },
): HostRoom {
  const i18n = useI18n();
  const { t } = i18n;
  const [waiting, setWaiting] = React.useState<WaitingGuest[]>([]);
  const [waitingFailure, setWaitingFailure] = React.useState<PollFailure>();
  const [participants, setParticipants] = React.useState<RoomParticipant[]>();
  const [participantsFailure, setParticipantsFailure] = React.useState<PollFailure>();
  const [locked, setLockedState] = React.useState(initialLocked);
  const [lost, setLost] = React.useState<Lost>();
  const [busy, setBusy] = React.useState<ReadonlySet<string>>(new Set());
  const seen = React.useRef(new Set<string>());
  // The latest onNewGuests for the waiting poll, which goes on while it changes.
  const onNewGuestsRef = React.useRef(onNewGuests);
  React.useLayoutEffect(() => {
    onNewGuestsRef.current = onNewGuests;
  }, [onNewGuests]);

  const [listed, setListedState] = React.useState(initialListed);
  // What the server says anew replaces what the switches show.
  const [initial, setInitial] = React.useState({ locked: initialLocked, listed: initialListed });
  if (initial.locked !== initialLocked || initial.listed !== initialListed) {
    setInitial({ locked: initialLocked, listed: initialListed });
    if (initial.locked !== initialLocked) setLockedState(initialLocked);
    if (initial.listed !== initialListed) setListedState(initialListed);
  }

  const noteLost = React.useCallback((error: unknown) => {
    if (
      error instanceof ApiError &&
      (error.code === 'host_required' || error.code === 'room_not_found')
    ) {
      setLost(error.code === 'room_not_found' ? 'ended' : 'revoked');
      return true;
    }
    return false;
  }, []);

  // Made host again (a co-host promoted anew): the credential works again.
  const [wasEnabled, setWasEnabled] = React.useState(enabled);
  if (wasEnabled !== enabled) {
    setWasEnabled(enabled);
    if (enabled) setLost(undefined);
  }
  const active = enabled && !lost;

  const pollWaiting = React.useCallback(
    async (signal: AbortSignal) => {
      try {
        const list = await fetchWaiting(room, signal);
        if (signal.aborted) return;
        const fresh = list.filter((guest) => !seen.current.has(guest.ticket));
        for (const guest of list) seen.current.add(guest.ticket);
        setWaiting(list);
        setWaitingFailure(undefined);
        if (fresh.length > 0) onNewGuestsRef.current?.(fresh);
      } catch (error) {
        if (signal.aborted || (error as Error).name === 'AbortError') return;
        if (!noteLost(error)) setWaitingFailure({ error });
      }
    },
    [room, noteLost],
  );
  const refreshWaiting = usePolling(pollWaiting, WAITING_POLL_MS, active);

  const pollParticipants = React.useCallback(
    async (signal: AbortSignal) => {
      try {
        const list = await fetchParticipants(room, signal);
        if (signal.aborted) return;
        setParticipants(list);
        setParticipantsFailure(undefined);
      } catch (error) {
        if (signal.aborted || (error as Error).name === 'AbortError') return;
        if (!noteLost(error)) setParticipantsFailure({ error });
      }
    },
    [room, noteLost],
  );
  const refreshParticipants = usePolling(
    pollParticipants,
    PARTICIPANTS_POLL_MS,
    active && showParticipants,
  );

  const withBusy = React.useCallback(
    async (key: string, action: () => Promise<void>) => {
      setBusy((set) => new Set(set).add(key));
      try {
        await action();
      } catch (error) {
        if (!noteLost(error)) throw error;
      } finally {
        setBusy((set) => {
          const next = new Set(set);
          next.delete(key);
          return next;
        });
      }
    },
    [noteLost],
  );

  const decide = React.useCallback(
    (decision: 'admit' | 'deny') => (guest: WaitingGuest) =>
      withBusy(guest.ticket, async () => {
        try {
          await decideWaiting(room, guest.ticket, decision);
        } catch (error) {
          // A guest who gave up is no longer in the queue: nothing to decide.
          if (!(error instanceof ApiError && error.status === 404)) throw error;
        }
        setWaiting((list) => list.filter((item) => item.ticket !== guest.ticket));
        refreshWaiting();
      }),
    [room, withBusy, refreshWaiting],
  );

  const mute = React.useCallback(
    (participant: RoomParticipant, trackSid: string) =>
      withBusy(`${participant.identity}\n${trackSid}`, async () => {
        const muted = await muteTrack(room, participant.identity, trackSid, true);
        setParticipants((list) =>
          list?.map((item) =>
            item.identity !== participant.identity
              ? item
              : {
                  ...item,
                  tracks: item.tracks.map((track) =>
                    track.sid === trackSid ? { ...track, muted } : track,
                  ),
                },
          ),
        );
      }),
    [room, withBusy],
  );

  const remove = React.useCallback(
    (participant: RoomParticipant) =>
      withBusy(participant.identity, async () => {
        await removeParticipant(room, participant.identity);
        setParticipants((list) => list?.filter((item) => item.identity !== participant.identity));
        refreshParticipants();
      }),
    [room, withBusy, refreshParticipants],
  );

  const changeCohost = React.useCallback(
    (participant: RoomParticipant, cohost: boolean) =>
      withBusy(`${participant.identity}\ncohost`, async () => {
        try {
          await setCohost(room, participant.identity, cohost);
        } catch (error) {
          // Demoting someone who is no longer a co-host leaves them as they are.
          if (cohost || !(error instanceof ApiError && error.status === 404)) throw error;
        }
        setParticipants((list) =>
          list?.map((item) =>
            item.identity === participant.identity
              ? { ...item, role: cohost ? 'cohost' : 'guest' }
              : item,
          ),
        );
        refreshParticipants();
      }),
    [room, withBusy, refreshParticipants],
  );

  const setLocked = React.useCallback(
    (next: boolean) =>
      withBusy('lock', async () => {
        // The switch moves at once; it moves back if the server refuses.
        setLockedState(next);
        try {
          const info: RoomInfo = await setRoomLocked(room, next);
          setLockedState(info.locked);
        } catch (error) {
          setLockedState(!next);
          throw error;
        }
      }),
    [room, withBusy],
  );

  const setListed = React.useCallback(
    (next: boolean) =>
      withBusy('list', async () => {
        setListedState(next);
        try {
          const info: RoomInfo = await setRoomListed(room, next);
          setListedState(info.listed);
        } catch (error) {
          setListedState(!next);
          throw error;
        }
      }),
    [room, withBusy],
  );

  const end = React.useCallback(
    () =>
      withBusy('end', async () => {
        await endRoom(room);
      }),
    [room, withBusy],
  );

  return {
    waiting: active ? waiting : [],
    waitingError:
      waitingFailure && t('host.waitingReadFailed', { error: errorText(i18n, waitingFailure.error) }),
    participants,
    participantsError:
      participantsFailure &&
      t('host.participantsFailed', { error: errorText(i18n, participantsFailure.error) }),
    locked,
    listed,
    lost: lost && t(lost === 'ended' ? 'host.meetingEnded' : 'host.noLongerHost'),
    busy,
    admit: decide('admit'),
    deny: decide('deny'),
    mute,
    remove,
    setCohost: changeCohost,
    setLocked,
    setListed,
    end,
    refreshParticipants,
  };
}

