// The host's drawer: who is waiting (admit / deny), who is in the meeting (mute, remove, make
// co-host), lock, showing the room in the lobby, and "End meeting for everyone" (not for co-hosts).
// Works on the pre-join screen and during the meeting alike: it talks to this server, not to the
// media connection.
import * as React from 'react';
import type { HostRoom } from '../lib/useHostRoom';
import type { RoomParticipant, RoomTrack, WaitingGuest } from '../lib/hostRequests';
import type { LobbyMode } from '../lib/rooms';
import { formatAge } from '../lib/format';
import { useI18n, useT } from '../i18n/I18n';
import { errorText } from '../i18n/errors';
import type { MessageKey, Params } from '../i18n/i18n';
import { CohostBadge, HOST_PANEL_ID, HostBadge } from './HostBadges';
import { CloseIcon, HourglassIcon, LockIcon, UnlockIcon } from './Icons';

const TITLE_ID = 'lkm-host-panel-title';

const who = (participant: RoomParticipant) => participant.name || participant.identity;

/** The messages about one kind of track: whole phrases, as the words take articles and genders. */
interface TrackMessages {
  /** "Mute microphone" */
  mute: MessageKey;
  /** "Mute the microphone of {name}" */
  muteOf: MessageKey;
  /** "microphone off" */
  off: MessageKey;
  /** "The microphone of {name} could not be muted: {error}" */
  muteFailed: MessageKey;
}

const TRACK_MESSAGES = {
  microphone: {
    mute: 'host.muteMicrophone',
    muteOf: 'host.muteMicrophoneOf',
    off: 'host.microphoneOff',
    muteFailed: 'host.microphoneMuteFailed',
  },
  camera: {
    mute: 'host.muteCamera',
    muteOf: 'host.muteCameraOf',
    off: 'host.cameraOff',
    muteFailed: 'host.cameraMuteFailed',
  },
  screenShare: {
    mute: 'host.muteScreenShare',
    muteOf: 'host.muteScreenShareOf',
    off: 'host.screenShareOff',
    muteFailed: 'host.screenShareMuteFailed',
  },
  screenShareAudio: {
    mute: 'host.muteScreenShareAudio',
    muteOf: 'host.muteScreenShareAudioOf',
    off: 'host.screenShareAudioOff',
    muteFailed: 'host.screenShareAudioMuteFailed',
  },
  audio: {
    mute: 'host.muteAudio',
    muteOf: 'host.muteAudioOf',
    off: 'host.audioOff',
    muteFailed: 'host.audioMuteFailed',
  },
  video: {
    mute: 'host.muteVideo',
    muteOf: 'host.muteVideoOf',
    off: 'host.videoOff',
    muteFailed: 'host.videoMuteFailed',
  },
  track: {
    mute: 'host.muteTrack',
    muteOf: 'host.muteTrackOf',
    off: 'host.trackOff',
    muteFailed: 'host.trackMuteFailed',
  },
} satisfies Record<string, TrackMessages>;

function trackMessages(track: RoomTrack): TrackMessages {
  switch (track.source) {
    case 'MICROPHONE':
      return TRACK_MESSAGES.microphone;
    case 'CAMERA':
      return TRACK_MESSAGES.camera;
    case 'SCREEN_SHARE':
      return TRACK_MESSAGES.screenShare;
    case 'SCREEN_SHARE_AUDIO':
      return TRACK_MESSAGES.screenShareAudio;
    default:
      return track.type === 'AUDIO'
        ? TRACK_MESSAGES.audio
        : track.type === 'VIDEO'
          ? TRACK_MESSAGES.video
          : TRACK_MESSAGES.track;
  }
}

/** A failed request: the message that tells what failed (with an `{error}` placeholder), and why. */
interface Failure {
  key: MessageKey;
  params?: Params;
  error: unknown;
}

/** Runs a request; when it fails, tells what failed with the message `key`. */
type Act = (key: MessageKey, params: Params | undefined, action: () => Promise<void>) => void;

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
  const i18n = useI18n();
  const { t } = i18n;
  const panelRef = React.useRef<HTMLElement>(null);
  const [actionError, setActionError] = React.useState<Failure>();
  const [confirmingEnd, setConfirmingEnd] = React.useState(false);

  React.useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    panelRef.current?.querySelector<HTMLElement>('h2 + button, button')?.focus();
    return () => {
      if (previous && document.contains(previous)) previous.focus?.();
    };
  }, []);

  const act: Act = (key, params, action) => {
    setActionError(undefined);
    action().catch((error: unknown) => setActionError({ key, params, error }));
  };

  const endForEveryone = () => {
    setActionError(undefined);
    host.end().then(onEnded, (error: unknown) => {
      setActionError({ key: 'host.endFailed', error });
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
        <h2 id={TITLE_ID}>{t('host.controls')}</h2>
        <button
          type="button"
          className="lkm-icon-button"
          aria-label={t('host.close')}
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
            {t(actionError.key, { ...actionError.params, error: errorText(i18n, actionError.error) })}
          </p>
        )}

        <WaitingSection
          host={host}
          waitingRoom={waitingRoom}
          onAct={act}
        />

        <section className="lkm-host-section" aria-labelledby="lkm-host-lock-title">
          <h3 id="lkm-host-lock-title">{t('host.access')}</h3>
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
                act(next ? 'host.lockFailed' : 'host.unlockFailed', undefined, () => host.setLocked(next));
              }}
            />
            <span className="lkm-switch-track" aria-hidden="true" />
            <span>
              <label className="lkm-switch-label" htmlFor="lkm-host-lock">
                {t('host.lock')}
              </label>
              <span className="lkm-hint" id="lkm-host-lock-hint">
                {host.locked ? t('host.lockedHint') : t('host.openHint')}
              </span>
            </span>
          </div>
          <p className="lkm-host-status" role="status">
            {host.locked ? (
              <>
                <LockIcon width={14} height={14} /> {t('host.lockedStatus')}
              </>
            ) : (
              <>
                <UnlockIcon width={14} height={14} /> {t('host.openStatus')}
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
                act(next ? 'host.listFailed' : 'host.unlistFailed', undefined, () => host.setListed(next));
              }}
            />
            <span className="lkm-switch-track" aria-hidden="true" />
            <span>
              <label className="lkm-switch-label" htmlFor="lkm-host-listed">
                {t('host.listed')}
              </label>
              <span className="lkm-hint" id="lkm-host-listed-hint">
                {lobby === 'off'
                  ? t('host.lobbyOffHint')
                  : lobby === 'all'
                    ? t('host.lobbyAllHint')
                    : host.listed
                      ? t('host.listedHint')
                      : t('host.unlistedHint')}
              </span>
            </span>
          </div>
        </section>

        <ParticipantsSection host={host} selfIdentity={selfIdentity} onAct={act} />

        <section className="lkm-host-section lkm-host-danger" aria-labelledby="lkm-host-end-title">
          <h3 id="lkm-host-end-title">{t('host.end')}</h3>
          {cohost ? (
            <p className="lkm-muted lkm-small">{t('host.cohostCannotEnd')}</p>
          ) : !confirmingEnd ? (
            <button
              type="button"
              className="lk-button lkm-danger"
              disabled={!!host.lost}
              onClick={() => setConfirmingEnd(true)}
            >
              {t('host.endForEveryone')}
            </button>
          ) : (
            <div
              className="lkm-host-confirm"
              role="group"
              aria-labelledby="lkm-host-confirm-text"
            >
              <p id="lkm-host-confirm-text">{t('host.endConfirm')}</p>
              <div className="lkm-row">
                <button
                  type="button"
                  className="lk-button lkm-danger"
                  disabled={host.busy.has('end')}
                  onClick={endForEveryone}
                >
                  {host.busy.has('end') ? t('host.ending') : t('host.endMeeting')}
                </button>
                <button
                  type="button"
                  className="lk-button lkm-secondary"
                  onClick={() => setConfirmingEnd(false)}
                >
                  {t('common.cancel')}
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
  onAct: Act;
}) {
  const i18n = useI18n();
  const { language, t } = i18n;
  const count = host.waiting.length;
  const now = useNowSeconds();
  return (
    <section className="lkm-host-section" aria-labelledby="lkm-host-waiting-title">
      <h3 id="lkm-host-waiting-title">
        <HourglassIcon width={14} height={14} /> {t('host.waitingRoom')}
        {count > 0 && (
          <span className="lkm-count-badge lkm-count-inline">
            {new Intl.NumberFormat(language).format(count)}
          </span>
        )}
      </h3>
      {host.waitingError && <p className="lkm-field-error">{host.waitingError}</p>}
      {count === 0 ? (
        <p className="lkm-muted lkm-small">
          {waitingRoom ? t('host.nobodyWaiting') : t('host.noWaitingRoom')}
        </p>
      ) : (
        <ul className="lkm-host-list" aria-label={t('host.waitingList')}>
          {host.waiting.map((guest: WaitingGuest) => {
            const name = guest.participantName || t('host.someone');
            const busy = host.busy.has(guest.ticket);
            return (
              <li key={guest.ticket} className="lkm-host-item" aria-label={name}>
                <div className="lkm-host-who">
                  <span className="lkm-host-name">{name}</span>
                  {guest.since > 0 && (
                    <span className="lkm-muted lkm-small">
                      {t('host.waitingFor', { age: formatAge(i18n, Math.max(0, now - guest.since)) })}
                    </span>
                  )}
                </div>
                <div className="lkm-host-actions">
                  <button
                    type="button"
                    className="lk-button lkm-primary lkm-compact"
                    disabled={busy}
                    aria-label={t('host.admitName', { name })}
                    onClick={() => onAct('host.admitFailed', { name }, () => host.admit(guest))}
                  >
                    {t('host.admit')}
                  </button>
                  <button
                    type="button"
                    className="lk-button lkm-secondary lkm-compact"
                    disabled={busy}
                    aria-label={t('host.denyName', { name })}
                    onClick={() => onAct('host.denyFailed', { name }, () => host.deny(guest))}
                  >
                    {t('host.deny')}
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
  onAct: Act;
}) {
  const t = useT();
  const list = host.participants;
  return (
    <section className="lkm-host-section" aria-labelledby="lkm-host-people-title">
      <h3 id="lkm-host-people-title">
        {list ? t('host.inMeetingCount', { count: list.length }) : t('host.inMeeting')}
      </h3>
      {host.participantsError && <p className="lkm-field-error">{host.participantsError}</p>}
      {!list ? (
        !host.participantsError && (
          <p className="lkm-muted lkm-small" role="status">
            {t('app.loading')}
          </p>
        )
      ) : list.length === 0 ? (
        <p className="lkm-muted lkm-small">{t('host.nobodyInMeeting')}</p>
      ) : (
        <ul className="lkm-host-list" aria-label={t('host.participants')}>
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
                    {self && <span className="lkm-muted"> {t('host.you')}</span>}
                  </span>
                  {participant.role === 'host' || participant.isHost ? (
                    <HostBadge />
                  ) : (
                    participant.role === 'cohost' && <CohostBadge />
                  )}
                </div>
                <div className="lkm-host-actions">
                  {tracks.map((track) => {
                    const messages = trackMessages(track);
                    if (track.muted) {
                      return (
                        <span key={track.sid} className="lkm-chip">
                          {t(messages.off)}
                        </span>
                      );
                    }
                    return (
                      <button
                        key={track.sid}
                        type="button"
                        className="lk-button lkm-secondary lkm-compact"
                        disabled={host.busy.has(`${participant.identity}\n${track.sid}`)}
                        aria-label={t(messages.muteOf, { name })}
                        onClick={() =>
                          onAct(messages.muteFailed, { name }, () => host.mute(participant, track.sid))
                        }
                      >
                        {t(messages.mute)}
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
                      aria-label={t('host.removeName', { name })}
                      onClick={() => onAct('host.removeFailed', { name }, () => host.remove(participant))}
                    >
                      {t('host.remove')}
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
  onAct: Act;
}) {
  const t = useT();
  const promote = participant.role !== 'cohost';
  return (
    <button
      type="button"
      className="lk-button lkm-secondary lkm-compact"
      disabled={host.busy.has(`${participant.identity}\ncohost`)}
      aria-label={t(promote ? 'host.makeCohostName' : 'host.removeCohostName', { name })}
      onClick={() =>
        onAct(promote ? 'host.makeCohostFailed' : 'host.removeCohostFailed', { name }, () =>
          host.setCohost(participant, promote),
        )
      }
    >
      {promote ? t('host.makeCohost') : t('host.removeCohost')}
    </button>
  );
}
