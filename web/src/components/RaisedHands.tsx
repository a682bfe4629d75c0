// Raised hands in the meeting: the control-bar button (and Ctrl+Shift+H), the badge on a tile with
// its place in the queue, the queue itself (with a host's "Lower" and "Lower all"), and what a
// screen reader hears when a hand goes up. The server keeps the queue (lib/hands.ts).
import * as React from 'react';
import {
  useLocalParticipant,
  useParticipantAttributes,
  useParticipants,
  useRoomContext,
} from '@livekit/components-react';
import { ConnectionState, RoomEvent, type Participant } from 'livekit-client';
import { errorText } from '../i18n/errors';
import { useI18n, useT } from '../i18n/I18n';
import {
  becomeMember,
  handPlace,
  handQueue,
  lowerAllHands,
  lowerHand,
  raisedAt,
  setOwnHand,
  type RaisedHand,
} from '../lib/hands';
import { HandIcon } from './Icons';
import { ANNOUNCEMENT_MS } from './Reactions';
import { useToast } from './Toasts';
import { LocalRoleContext } from './MeetingTile';

interface HandsState {
  /** The room whose hands this page may change (undefined: hands are read-only, e.g. /custom). */
  room?: string;
  /** The raised hands in order, computed once for the tiles, the list and the announcer. */
  queue: RaisedHand[];
}

export const HandsContext = React.createContext<HandsState>({ queue: [] });

/**
 * Once connected, proves the LiveKit token to the server (again after a reconnection with a new
 * token is not needed: the credential lasts 12 hours); and the queue of raised hands, read once
 * from the participants for everything that shows it.
 */
export function useHandsMembership(room: string | undefined, token: string): HandsState {
  const livekitRoom = useRoomContext();
  React.useEffect(() => {
    if (!room) return undefined;
    const prove = () => {
      // On failure hands stay unavailable; the button says so when pressed.
      becomeMember(room, token).catch(() => undefined);
    };
    if (livekitRoom.state === ConnectionState.Connected) prove();
    livekitRoom.on(RoomEvent.Connected, prove);
    return () => {
      livekitRoom.off(RoomEvent.Connected, prove);
    };
  }, [room, token, livekitRoom]);
  const participants = useParticipants();
  const queue = handQueue(participants);
  const key = queue.map((hand) => `${hand.identity}:${hand.raisedAt}:${hand.name}`).join('\n');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const stableQueue = React.useMemo(() => queue, [key]);
  return React.useMemo(() => ({ room, queue: stableQueue }), [room, stableQueue]);
}

function useQueue(): RaisedHand[] {
  return React.useContext(HandsContext).queue;
}

function isTypingTarget(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
}

/** Pixels the labelled hand button takes in the control bar. */
export const HAND_BUTTON_WIDTH = 155;

/** The person's own hand: a toggle in the control bar, also Ctrl+Shift+H (⌘⇧H). */
export function HandButton({ narrow }: { narrow: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { room } = React.useContext(HandsContext);
  const { localParticipant } = useLocalParticipant();
  const { attributes } = useParticipantAttributes({ participant: localParticipant });
  const raised = raisedAt(attributes) !== undefined;
  const [busy, setBusy] = React.useState(false);
  const toast = useToast();

  const toggle = React.useCallback(() => {
    if (!room || busy) return;
    setBusy(true);
    setOwnHand(room, !raised)
      .catch((error: unknown) =>
        toast({ kind: 'error', message: i18n.t('hands.ownFailed', { error: errorText(i18n, error) }) }),
      )
      .finally(() => setBusy(false));
  }, [room, busy, raised, toast, i18n]);

  React.useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || !event.shiftKey || event.altKey || event.repeat) return;
      if (event.code !== 'KeyH' && event.key !== 'H' && event.key !== 'h') return;
      if (isTypingTarget(event.target)) return;
      event.preventDefault();
      toggle();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [toggle]);

  if (!room) return null;
  const label = raised ? t('hands.lower') : t('hands.raise');
  return (
    <button
      type="button"
      className="lk-button lkm-hand-button"
      aria-label={label}
      aria-pressed={raised}
      aria-keyshortcuts="Control+Shift+H Meta+Shift+H"
      title={raised ? t('hands.lowerTitle') : t('hands.raiseTitle')}
      disabled={busy}
      onClick={toggle}
    >
      <HandIcon />
      {!narrow && <span>{label}</span>}
    </button>
  );
}

/** On a tile: the hand and its place in the queue. */
export function HandBadge({ participant }: { participant: Participant }) {
  const i18n = useI18n();
  const { attributes } = useParticipantAttributes({ participant });
  const queue = useQueue();
  if (raisedAt(attributes) === undefined) return null;
  const place = queue.findIndex((hand) => hand.identity === participant.identity) + 1;
  if (place === 0) return null;
  const label = handPlace(i18n, place);
  return (
    <span
      className="lkm-badge lkm-hand-badge"
      role="img"
      aria-label={label}
      title={label}
    >
      <HandIcon width={12} height={12} />
      <span aria-hidden="true">{place}</span>
    </span>
  );
}

/** The queue, shown to everyone while hands are up; a host or co-host may lower them. */
export function RaisedHandsPanel() {
  const i18n = useI18n();
  const { t } = i18n;
  const { room } = React.useContext(HandsContext);
  const role = React.useContext(LocalRoleContext);
  const isHost = role === 'host' || role === 'cohost';
  const queue = useQueue();
  const toast = useToast();
  if (queue.length === 0) return null;
  const act = (action: Promise<void>) =>
    action.catch((error: unknown) =>
      toast({ kind: 'error', message: t('hands.failed', { error: errorText(i18n, error) }) }),
    );
  return (
    <section className="lkm-hands-panel" aria-labelledby="lkm-hands-title">
      <h2 id="lkm-hands-title" className="lkm-hands-title">
        {t('hands.title')}
      </h2>
      <ol className="lkm-hands-list">
        {queue.map((hand) => (
          <li key={hand.identity} className="lkm-hands-item">
            <span className="lkm-hands-name">{hand.name}</span>
            {isHost && room && (
              <button
                type="button"
                className="lk-button lkm-secondary lkm-small"
                aria-label={t('hands.lowerOf', { name: hand.name })}
                onClick={() => void act(lowerHand(room, hand.identity))}
              >
                {t('hands.lowerOne')}
              </button>
            )}
          </li>
        ))}
      </ol>
      {isHost && room && queue.length > 1 && (
        <button
          type="button"
          className="lk-button lkm-secondary lkm-small"
          onClick={() => void act(lowerAllHands(room))}
        >
          {t('hands.lowerAll')}
        </button>
      )}
    </section>
  );
}

/** Tells screen readers when a hand goes up. */
export function HandAnnouncer() {
  const t = useT();
  const queue = useQueue();
  const seen = React.useRef<Map<string, number> | null>(null);
  const [message, setMessage] = React.useState('');
  React.useEffect(() => {
    const now = new Map(queue.map((hand) => [hand.identity, hand.raisedAt]));
    if (seen.current) {
      const raised = queue.filter((hand) => seen.current?.get(hand.identity) !== hand.raisedAt);
      if (raised.length > 0) {
        setMessage(raised.map((hand) => t('hands.raised', { name: hand.name })).join('. '));
      }
    }
    seen.current = now;
  }, [queue, t]);
  // Said once: the live region empties again.
  React.useEffect(() => {
    if (!message) return undefined;
    const timer = window.setTimeout(() => setMessage(''), ANNOUNCEMENT_MS);
    return () => window.clearTimeout(timer);
  }, [message]);
  return (
    <div className="lkm-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {message}
    </div>
  );
}
