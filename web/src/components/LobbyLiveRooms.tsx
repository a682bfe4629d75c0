import { Link } from '../lib/router';
import { useI18n } from '../i18n/I18n';
import { Notice } from './Notice';
import { formatAge, people } from '../lib/format';
import { roomPath, validateRoomName } from '../lib/links';
import { lobbyErrorText, type LiveRoom } from '../lib/lobby';
import type { RoomsState } from '../lib/useLobbyData';

function LiveRoomRow({ room, now }: { room: LiveRoom; now: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const joinable = validateRoomName(room.name) === undefined;
  const age = room.createdAt > 0 ? formatAge(i18n, now / 1000 - room.createdAt) : null;
  return (
    <li className="lkm-lobby-row" aria-label={room.name}>
      <div className="lkm-lobby-row-main">
        <p className="lkm-lobby-room-name">
          <span className="lkm-lobby-live-dot" aria-hidden="true" />
          <span className="lkm-lobby-name-text">{room.name}</span>
          {room.activeRecording && (
            <span className="lkm-badge lkm-badge-recording">
              <span className="lkm-rec-dot" aria-hidden="true" />
              {t('lobby.recording')}
            </span>
          )}
        </p>
        <p className="lkm-lobby-meta">
          <span>{people(i18n, room.numParticipants)}</span>
          {age && <span>{t('lobby.openFor', { age })}</span>}
        </p>
      </div>
      {joinable ? (
        <Link
          to={roomPath(room.name)}
          className="lk-button lkm-primary lkm-compact lkm-lobby-action"
          aria-label={t('lobby.joinLabel', { room: room.name })}
        >
          {t('lobby.join')}
        </Link>
      ) : (
        <span className="lkm-muted lkm-small">{t('lobby.notJoinable')}</span>
      )}
    </li>
  );
}

/** The rooms open on the LiveKit server now. */
export function LobbyLiveRooms({
  state,
  now,
  listedOnly = false,
}: {
  state: RoomsState;
  now: number;
  /** Only rooms their hosts listed are shown. */
  listedOnly?: boolean;
}) {
  const i18n = useI18n();
  const { language, t } = i18n;
  return (
    <section className="lkm-card lkm-lobby-section" aria-labelledby="lkm-lobby-live-title">
      <header className="lkm-lobby-section-header">
        <h2 id="lkm-lobby-live-title">{t('lobby.liveRooms')}</h2>
        {state.kind === 'ready' && state.rooms.length > 0 && (
          <span className="lkm-lobby-count">{new Intl.NumberFormat(language).format(state.rooms.length)}</span>
        )}
      </header>
      {state.kind === 'loading' && (
        <p className="lkm-lobby-empty lkm-muted" role="status">
          {t('lobby.loadingLiveRooms')}
        </p>
      )}
      {state.kind === 'unavailable' && (
        <Notice kind="warning" className="lkm-lobby-notice">
          {t('lobby.liveRoomsUnavailable', { reason: lobbyErrorText(i18n, state.error) })}
        </Notice>
      )}
      {state.kind === 'ready' && state.rooms.length === 0 && (
        <p className="lkm-lobby-empty lkm-muted">
          {listedOnly ? t('lobby.noListedRoomInUse') : t('lobby.noRoomInUse')}
        </p>
      )}
      {state.kind === 'ready' && state.rooms.length > 0 && (
        <ul className="lkm-lobby-list">
          {state.rooms.map((room) => (
            <LiveRoomRow key={room.sid || room.name} room={room} now={now} />
          ))}
        </ul>
      )}
    </section>
  );
}
