// Reactions in the meeting: the control bar's menu of emoji, the reactions floating over their
// sender's tile for a few seconds (still, with prefers-reduced-motion), and what a screen reader
// hears. Sent as data messages on their own topic (lib/reactions.ts).
import * as React from 'react';
import { useLocalParticipant, useRoomContext } from '@livekit/components-react';
import { RoomEvent, type Participant, type RemoteParticipant } from 'livekit-client';
import { useI18n } from '../i18n/I18n';
import {
  REACTIONS,
  REACTION_SHOWN_MS,
  REACTION_TOPIC,
  RateWindow,
  ReactionInbox,
  encodeReaction,
  reactionAnnouncement,
  reactionLabel,
  reactionOf,
  type ReactionKey,
} from '../lib/reactions';

interface ShownReaction {
  id: number;
  identity: string;
  key: ReactionKey;
}

interface ReactionsState {
  shown: ShownReaction[];
  announcement: string;
  send: (key: ReactionKey) => boolean;
}

const ReactionsContext = React.createContext<ReactionsState>({
  shown: [],
  announcement: '',
  send: () => false,
});

/** How long an announcement stays in its live region. */
export const ANNOUNCEMENT_MS = 5000;

/** Pixels the labelled reactions button takes in the control bar. */
export const REACTIONS_BUTTON_WIDTH = 130;

export function ReactionsProvider({ children }: { children: React.ReactNode }) {
  const i18n = useI18n();
  const room = useRoomContext();
  const { localParticipant } = useLocalParticipant();
  const [shown, setShown] = React.useState<ShownReaction[]>([]);
  const [announcement, setAnnouncement] = React.useState('');
  const nextId = React.useRef(1);
  const quiet = React.useRef<number | undefined>(undefined);
  const sending = React.useRef(new RateWindow(5, 5000));
  const received = React.useRef(new ReactionInbox());

  const show = React.useCallback((participant: Participant, key: ReactionKey) => {
    const id = nextId.current++;
    setShown((list) => [...list, { id, identity: participant.identity, key }]);
    const who = { name: participant.name || participant.identity, isLocal: participant.isLocal };
    setAnnouncement(reactionAnnouncement(i18n, who, key));
    // Said once: the live region empties again.
    window.clearTimeout(quiet.current);
    quiet.current = window.setTimeout(() => setAnnouncement(''), ANNOUNCEMENT_MS);
    window.setTimeout(() => setShown((list) => list.filter((r) => r.id !== id)), REACTION_SHOWN_MS);
  }, [i18n]);

  React.useEffect(() => {
    const onData = (
      payload: Uint8Array,
      participant?: RemoteParticipant,
      _kind?: unknown,
      topic?: string,
    ) => {
      if (topic !== REACTION_TOPIC || !participant) return;
      const key = received.current.accept(participant.identity, payload, Date.now());
      if (key) show(participant, key);
    };
    const onLeft = (participant: RemoteParticipant) => received.current.forget(participant.identity);
    room.on(RoomEvent.DataReceived, onData);
    room.on(RoomEvent.ParticipantDisconnected, onLeft);
    return () => {
      room.off(RoomEvent.DataReceived, onData);
      room.off(RoomEvent.ParticipantDisconnected, onLeft);
    };
  }, [room, show]);

  const send = React.useCallback(
    (key: ReactionKey) => {
      if (!sending.current.take(Date.now())) return false;
      show(localParticipant, key);
      void localParticipant
        .publishData(encodeReaction(key), { reliable: true, topic: REACTION_TOPIC })
        .catch(() => undefined);
      return true;
    },
    [localParticipant, show],
  );

  React.useEffect(() => () => window.clearTimeout(quiet.current), []);

  const value = React.useMemo(() => ({ shown, announcement, send }), [shown, announcement, send]);
  return <ReactionsContext.Provider value={value}>{children}</ReactionsContext.Provider>;
}

/** The reactions over one participant's tile. */
export function TileReactions({ participant }: { participant: Participant }) {
  const { shown } = React.useContext(ReactionsContext);
  const mine = shown.filter((r) => r.identity === participant.identity).slice(-3);
  if (mine.length === 0) return null;
  return (
    <div className="lkm-tile-reactions" aria-hidden="true">
      {mine.map((r) => (
        <span key={r.id} className="lkm-reaction" data-reaction={r.key}>
          {reactionOf(r.key)?.emoji}
        </span>
      ))}
    </div>
  );
}

/** Tells screen readers who reacted. */
export function ReactionAnnouncer() {
  const { announcement } = React.useContext(ReactionsContext);
  return (
    <div className="lkm-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {announcement}
    </div>
  );
}

/** The control bar's button and its menu of reactions. */
export function ReactionsButton({ narrow }: { narrow: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { send } = React.useContext(ReactionsContext);
  const [open, setOpen] = React.useState(false);
  // When the last reaction was held back: the notice stays for 5 s after it.
  const [refusedAt, setRefusedAt] = React.useState(0);
  const menuRef = React.useRef<HTMLDivElement>(null);

  React.useEffect(() => {
    if (!open) return undefined;
    menuRef.current?.querySelector('button')?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [open]);

  React.useEffect(() => {
    if (!refusedAt) return undefined;
    const timer = window.setTimeout(() => setRefusedAt(0), 5000);
    return () => window.clearTimeout(timer);
  }, [refusedAt]);

  return (
    <div className="lkm-reactions">
      <button
        type="button"
        className="lk-button lkm-reactions-button"
        aria-label={t('reactions.button')}
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => setOpen((value) => !value)}
      >
        <span aria-hidden="true">☺</span>
        {!narrow && <span>{t('reactions.react')}</span>}
      </button>
      {open && (
        <div className="lkm-reactions-menu" role="group" aria-label={t('reactions.menu')} ref={menuRef}>
          {REACTIONS.map((reaction) => {
            const label = reactionLabel(i18n, reaction.key);
            return (
              <button
                key={reaction.key}
                type="button"
                className="lk-button lkm-reaction-choice"
                aria-label={t('reactions.send', { reaction: label })}
                title={label}
                onClick={() => {
                  if (!send(reaction.key)) setRefusedAt(Date.now());
                }}
              >
                <span aria-hidden="true">{reaction.emoji}</span>
              </button>
            );
          })}
          {refusedAt > 0 && (
            <span className="lkm-reactions-wait" role="status">
              {t('reactions.slowDown')}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
