// The host's drawer: who is waiting (admit / deny), who is in the meeting (mute, remove, make
// co-host), lock, showing the room in the lobby, and "End meeting for everyone" (not for co-hosts).
// Works on the pre-join screen and during the meeting alike: it talks to this server, not to the
// media connection.
import * as React from 'react';
import type { HostRoom } from '../lib/useHostRoom';
import type { RoomParticipant, RoomTrack, WaitingGuest } from '../lib/hostRequests';
import type { LobbyMode } from '../lib/rooms';
import { formatAge } from '../lib/format';
import { CloseIcon, HourglassIcon, LockIcon, ShieldIcon, UnlockIcon } from './Icons';

export const HOST_PANEL_ID = 'lkm-host-panel';
const TITLE_ID = 'lkm-host-panel-title';

export function hostControlsLabel(waiting: number): string {
  return waiting > 0 ? `Host controls (${waiting} waiting)` : 'Host controls';
}

/** Opens the drawer; shows how many guests wait. */
export function HostControlsButton({
  waiting,
  open,
  onToggle,
  showText = true,
  className = 'lk-button lkm-ghost',
}: {
  waiting: number;
  open: boolean;
  onToggle: () => void;
  showText?: boolean;
  className?: string;
}) {
  return (
    <button
      type="button"
      className={`${className} lkm-host-button`}
      aria-label={hostControlsLabel(waiting)}
      aria-expanded={open}
      aria-controls={open ? HOST_PANEL_ID : undefined}
      onClick={onToggle}
    >
      <ShieldIcon width={18} height={18} />
      {showText && <span>Host controls</span>}
      {waiting > 0 && (
        <span className="lkm-count-badge" aria-hidden="true">
          {waiting > 99 ? '99+' : waiting}
        </span>
      )}
    </button>
  );
}

/** "Host" beside a host's name. */
export function HostBadge({ className }: { className?: string }) {
  return (
    <span className={`lkm-badge lkm-badge-host ${className ?? ''}`} title="Host">
      Host
    </span>
  );
}

/** "Co-host" beside a co-host's name. */
export function CohostBadge({ className }: { className?: string }) {
  return (
    <span className={`lkm-badge lkm-badge-cohost ${className ?? ''}`} title="Co-host">
      Co-host
    </span>
  );
}

const who = (participant: RoomParticipant) => participant.name || participant.identity;

function trackWord(track: RoomTrack): string {
  switch (track.source) {
    case 'MICROPHONE':
      return 'microphone';
    case 'CAMERA':
      return 'camera';
    case 'SCREEN_SHARE':
      return 'screen share';
    case 'SCREEN_SHARE_AUDIO':
      return 'screen share audio';
    default:
      return track.type === 'AUDIO' ? 'audio' : track.type === 'VIDEO' ? 'video' : 'track';
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function HostPanel({
  host,
  waitingRoom,
  selfIdentity,
  lobby,
  cohost = false,
  onClose,
  onEnded,
}: {
  host: HostRoom;
  waitingRoom: boolean;
  /** This browser is a co-host's: everything but ending the meeting for everyone. */
  cohost?: boolean;
  /** The server's lobby mode, when known. */
  lobby?: LobbyMode;
  /** The local participant during the meeting (marked "you", not removable). */
  selfIdentity?: string;
  onClose: () => void;
  onEnded: () => void;
}) {
  const panelRef = React.useRef<HTMLElement>(null);
  const [actionError, setActionError] = React.useState<string>();
  const [confirmingEnd, setConfirmingEnd] = React.useState(false);

  React.useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    panelRef.current?.querySelector<HTMLElement>('h2 + button, button')?.focus();
    return () => {
      if (previous && document.contains(previous)) previous.focus?.();
    };
  }, []);

  const act = (what: string, action: () => Promise<void>) => {
    setActionError(undefined);
    action().catch((error: unknown) => setActionError(`${what}: ${errorText(error)}`));
  };

  const endForEveryone = () => {
    setActionError(undefined);
    host.end().then(onEnded, (error: unknown) => {
      setActionError(`The meeting could not be ended: ${errorText(error)}`);
    });
  };

  return (
    <aside
      ref={panelRef}
      id={HOST_PANEL_ID}
      className="lkm-host-panel"
      role="dialog"
      aria-modal="false"
      aria-labelledby={TITLE_ID}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="lkm-host-header">
        <h2 id={TITLE_ID}>Host controls</h2>
        <button
          type="button"
          className="lkm-icon-button"
          aria-label="Close host controls"
          onClick={onClose}
        >
          <CloseIcon />
        </button>
      </div>
      <div className="lkm-host-body">
        {host.lost && (
          <p className="lkm-field-error" role="alert">
            {host.lost}
          </p>
        )}
        {actionError && (
          <p className="lkm-field-error" role="alert">
            {actionError}
          </p>
        )}

        <WaitingSection
          host={host}
          waitingRoom={waitingRoom}
          onAct={act}
        />

        <section className="lkm-host-section" aria-labelledby="lkm-host-lock-title">
          <h3 id="lkm-host-lock-title">Access</h3>
          <div className="lkm-switch">
            <input
              id="lkm-host-lock"
              type="checkbox"
              role="switch"
              checked={host.locked}
              disabled={host.busy.has('lock') || !!host.lost}
              aria-describedby="lkm-host-lock-hint"
              onChange={(event) => {
                const next = event.target.checked;
                act(next ? 'The meeting could not be locked' : 'The meeting could not be unlocked', () =>
                  host.setLocked(next),
                );
              }}
            />
            <span className="lkm-switch-track" aria-hidden="true" />
            <span>
              <label className="lkm-switch-label" htmlFor="lkm-host-lock">
                Lock meeting
              </label>
              <span className="lkm-hint" id="lkm-host-lock-hint">
                {host.locked
                  ? 'Locked: nobody new can join or ask to join.'
                  : 'Anyone with the link (and the passcode, if set) can join or ask to join.'}
              </span>
            </span>
          </div>
          <p className="lkm-host-status" role="status">
            {host.locked ? (
              <>
                <LockIcon width={14} height={14} /> The meeting is locked
              </>
            ) : (
              <>
                <UnlockIcon width={14} height={14} /> The meeting is open
              </>
            )}
          </p>
          <div className="lkm-switch">
            <input
              id="lkm-host-listed"
              type="checkbox"
              role="switch"
              checked={host.listed}
              disabled={host.busy.has('list') || !!host.lost}
              aria-describedby="lkm-host-listed-hint"
              onChange={(event) => {
                const next = event.target.checked;
                act(
                  next
                    ? 'The meeting could not be shown in the lobby'
                    : 'The meeting could not be hidden from the lobby',
                  () => host.setListed(next),
                );
              }}
            />
            <span className="lkm-switch-track" aria-hidden="true" />
            <span>
              <label className="lkm-switch-label" htmlFor="lkm-host-listed">
                Show in the lobby
              </label>
              <span className="lkm-hint" id="lkm-host-listed-hint">
                {lobby === 'off'
                  ? 'The lobby is off on this server: nobody sees the room there for now.'
                  : lobby === 'all'
                    ? 'This server’s lobby shows every room, whatever this setting.'
                    : host.listed
                    ? 'Shown: anyone who opens the lobby sees this room and its meetings.'
                    : 'Hidden: only people with the link or the name find this room.'}
              </span>
            </span>
          </div>
        </section>

        <ParticipantsSection host={host} selfIdentity={selfIdentity} onAct={act} />

        <section className="lkm-host-section lkm-host-danger" aria-labelledby="lkm-host-end-title">
          <h3 id="lkm-host-end-title">End</h3>
          {cohost ? (
            <p className="lkm-muted lkm-small">
              You are a co-host: only the meeting’s host can end it for everyone.
            </p>
          ) : !confirmingEnd ? (
            <button
              type="button"
              className="lk-button lkm-danger"
              disabled={!!host.lost}
              onClick={() => setConfirmingEnd(true)}
            >
              End meeting for everyone
            </button>
          ) : (
            <div
              className="lkm-host-confirm"
              role="group"
              aria-labelledby="lkm-host-confirm-text"
            >
              <p id="lkm-host-confirm-text">
                End the meeting for everyone? Everyone is removed, and the room’s passcode and host
                settings are deleted.
              </p>
              <div className="lkm-row">
                <button
                  type="button"
                  className="lk-button lkm-danger"
                  disabled={host.busy.has('end')}
                  onClick={endForEveryone}
                >
                  {host.busy.has('end') ? 'Ending…' : 'End meeting'}
                </button>
                <button
                  type="button"
                  className="lk-button lkm-secondary"
                  onClick={() => setConfirmingEnd(false)}
                >
                  Cancel
                </button>
              </div>
            </div>
          )}
        </section>
      </div>
    </aside>
  );
}

/** The time in Unix seconds, kept current every second (for "waiting 3 min"). */
function useNowSeconds(): number {
  const [now, setNow] = React.useState(() => Math.floor(Date.now() / 1000));
  React.useEffect(() => {
    const timer = window.setInterval(() => setNow(Math.floor(Date.now() / 1000)), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

function WaitingSection({
  host,
  waitingRoom,
  onAct,
}: {
  host: HostRoom;
  waitingRoom: boolean;
  onAct: (what: string, action: () => Promise<void>) => void;
}) {
  const count = host.waiting.length;
  const now = useNowSeconds();
  return (
    <section className="lkm-host-section" aria-labelledby="lkm-host-waiting-title">
      <h3 id="lkm-host-waiting-title">
        <HourglassIcon width={14} height={14} /> Waiting room
        {count > 0 && <span className="lkm-count-badge lkm-count-inline">{count}</span>}
      </h3>
      {host.waitingError && <p className="lkm-field-error">{host.waitingError}</p>}
      {count === 0 ? (
        <p className="lkm-muted lkm-small">
          {waitingRoom ? 'Nobody is waiting.' : 'Guests join without waiting.'}
        </p>
      ) : (
        <ul className="lkm-host-list" aria-label="Waiting to join">
          {host.waiting.map((guest: WaitingGuest) => {
            const name = guest.participantName || 'Someone';
            const busy = host.busy.has(guest.ticket);
            return (
              <li key={guest.ticket} className="lkm-host-item" aria-label={name}>
                <div className="lkm-host-who">
                  <span className="lkm-host-name">{name}</span>
                  {guest.since > 0 && (
                    <span className="lkm-muted lkm-small">
                      waiting {formatAge(Math.max(0, now - guest.since))}
                    </span>
                  )}
                </div>
                <div className="lkm-host-actions">
                  <button
                    type="button"
                    className="lk-button lkm-primary lkm-compact"
                    disabled={busy}
                    aria-label={`Admit ${name}`}
                    onClick={() => onAct(`${name} could not be admitted`, () => host.admit(guest))}
                  >
                    Admit
                  </button>
                  <button
                    type="button"
                    className="lk-button lkm-secondary lkm-compact"
                    disabled={busy}
                    aria-label={`Deny ${name}`}
                    onClick={() => onAct(`${name} could not be turned away`, () => host.deny(guest))}
                  >
                    Deny
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function ParticipantsSection({
  host,
  selfIdentity,
  onAct,
}: {
  host: HostRoom;
  selfIdentity?: string;
  onAct: (what: string, action: () => Promise<void>) => void;
}) {
  const list = host.participants;
  return (
    <section className="lkm-host-section" aria-labelledby="lkm-host-people-title">
      <h3 id="lkm-host-people-title">
        In the meeting{list ? ` (${list.length})` : ''}
      </h3>
      {host.participantsError && <p className="lkm-field-error">{host.participantsError}</p>}
      {!list ? (
        !host.participantsError && (
          <p className="lkm-muted lkm-small" role="status">
            Loading…
          </p>
        )
      ) : list.length === 0 ? (
        <p className="lkm-muted lkm-small">Nobody is in the meeting yet.</p>
      ) : (
        <ul className="lkm-host-list" aria-label="Participants">
          {list.map((participant) => {
            const name = who(participant);
            const self = participant.identity === selfIdentity;
            const tracks = participant.tracks.filter(
              (track) => track.type === 'AUDIO' || track.type === 'VIDEO',
            );
            return (
              <li key={participant.identity} className="lkm-host-item" aria-label={name}>
                <div className="lkm-host-who">
                  <span className="lkm-host-name">
                    {name}
                    {self && <span className="lkm-muted"> (you)</span>}
                  </span>
                  {participant.role === 'host' || participant.isHost ? (
                    <HostBadge />
                  ) : (
                    participant.role === 'cohost' && <CohostBadge />
                  )}
                </div>
                <div className="lkm-host-actions">
                  {tracks.map((track) => {
                    const word = trackWord(track);
                    if (track.muted) {
                      return (
                        <span key={track.sid} className="lkm-chip">
                          {word} off
                        </span>
                      );
                    }
                    return (
                      <button
                        key={track.sid}
                        type="button"
                        className="lk-button lkm-secondary lkm-compact"
                        disabled={host.busy.has(`${participant.identity}\n${track.sid}`)}
                        aria-label={`Mute the ${word} of ${name}`}
                        onClick={() =>
                          onAct(`The ${word} of ${name} could not be muted`, () =>
                            host.mute(participant, track.sid),
                          )
                        }
                      >
                        Mute {word}
                      </button>
                    );
                  })}
                  {!self && (participant.role === 'guest' || participant.role === 'cohost') && (
                    <CohostButton participant={participant} name={name} host={host} onAct={onAct} />
                  )}
                  {!self && (
                    <button
                      type="button"
                      className="lk-button lkm-danger-ghost lkm-compact"
                      disabled={host.busy.has(participant.identity)}
                      aria-label={`Remove ${name} from the meeting`}
                      onClick={() =>
                        onAct(`${name} could not be removed`, () => host.remove(participant))
                      }
                    >
                      Remove
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** "Make co-host" for a guest, "Remove co-host" for a co-host. */
function CohostButton({
  participant,
  name,
  host,
  onAct,
}: {
  participant: RoomParticipant;
  name: string;
  host: HostRoom;
  onAct: (what: string, action: () => Promise<void>) => void;
}) {
  const promote = participant.role !== 'cohost';
  return (
    <button
      type="button"
      className="lk-button lkm-secondary lkm-compact"
      disabled={host.busy.has(`${participant.identity}\ncohost`)}
      aria-label={promote ? `Make ${name} a co-host` : `Remove ${name} as co-host`}
      onClick={() =>
        onAct(
          promote ? `${name} could not be made a co-host` : `${name} is still a co-host`,
          () => host.setCohost(participant, promote),
        )
      }
    >
      {promote ? 'Make co-host' : 'Remove co-host'}
    </button>
  );
}
