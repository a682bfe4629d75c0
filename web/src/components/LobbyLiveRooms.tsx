import { Link } from 'react-router';
import { Notice } from './Notice';
import { formatAge, people } from '../lib/format';
import { roomPath, validateRoomName } from '../lib/links';
import type { LiveRoom } from '../lib/lobby';
import type { RoomsState } from '../lib/useLobbyData';

function LiveRoomRow({ room, now }: { room: LiveRoom; now: number }) {
  const joinable = validateRoomName(room.name) === undefined;
  const age = room.createdAt > 0 ? formatAge(now / 1000 - room.createdAt) : null;
  return (
    <li className="lkm-lobby-row" aria-label={room.name}>
      <div className="lkm-lobby-row-main">
        <p className="lkm-lobby-room-name">
          <span className="lkm-lobby-live-dot" aria-hidden="true" />
          <span className="lkm-lobby-name-text">{room.name}</span>
          {room.activeRecording && (
            <span className="lkm-badge lkm-badge-recording">
              <span className="lkm-rec-dot" aria-hidden="true" />
              Recording
            </span>
          )}
        </p>
        <p className="lkm-lobby-meta">
          <span>{people(room.numParticipants)}</span>
          {age && <span>open for {age}</span>}
        </p>
      </div>
      {joinable ? (
        <Link
          to={roomPath(room.name)}
          className="lk-button lkm-primary lkm-compact lkm-lobby-action"
          aria-label={`Join ${room.name}`}
        >
          Join
        </Link>
      ) : (
        <span className="lkm-muted lkm-small">Cannot be joined from here</span>
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
  return (
    <section className="lkm-card lkm-lobby-section" aria-labelledby="lkm-lobby-live-title">
      <header className="lkm-lobby-section-header">
        <h2 id="lkm-lobby-live-title">Live rooms</h2>
        {state.kind === 'ready' && state.rooms.length > 0 && (
          <span className="lkm-lobby-count">{state.rooms.length}</span>
        )}
      </header>
      {state.kind === 'loading' && (
        <p className="lkm-lobby-empty lkm-muted" role="status">
          Loading live rooms…
        </p>
      )}
      {state.kind === 'unavailable' && (
        <Notice kind="warning" className="lkm-lobby-notice">
          Live rooms are unavailable: {state.message}
        </Notice>
      )}
      {state.kind === 'ready' && state.rooms.length === 0 && (
        <p className="lkm-lobby-empty lkm-muted">
          {listedOnly
            ? 'No room shown in the lobby is in use right now.'
            : 'No one is in a meeting right now.'}
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
