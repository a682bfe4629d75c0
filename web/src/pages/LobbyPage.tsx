import { Link } from 'react-router';
import { LobbyHistory } from '../components/LobbyHistory';
import { LobbyLiveRooms } from '../components/LobbyLiveRooms';
import { Notice } from '../components/Notice';
import { PageShell } from '../components/PageShell';
import { formatClock } from '../lib/format';
import { lobbyOpenTo } from '../lib/rooms';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { useLobbyData } from '../lib/useLobbyData';
import { useServerSession } from '../lib/useServerSession';

/**
 * The lobby: rooms open now on the LiveKit server, and the meetings this server has seen, as far
 * as the server's lobby mode (`GET api/session`) lets this visitor see them.
 */
export function LobbyPage() {
  useDocumentTitle('Lobby · LiveKit Meet');
  const { session, settled } = useServerSession();
  // The lobby loads once the session said whether this visitor may see it (or could not say: then
  // the server's `lobby_off` answer tells).
  const closed = !!session && !lobbyOpenTo(session);
  const { rooms, history, updatedAt, off, refresh, loadMore } = useLobbyData(settled && !closed);
  const back = (
    <Link to="/" className="lk-button lkm-secondary lkm-compact">
      Back to home
    </Link>
  );

  if (closed || off) {
    return (
      <PageShell className="lkm-lobby-shell">
        <div className="lkm-lobby-heading">
          <div>
            <h1>Lobby</h1>
          </div>
        </div>
        <Notice kind="info" title="The lobby is off on this server" actions={back}>
          This server does not list its rooms or meetings. To join a meeting, use the link or the
          room name you were given.
        </Notice>
      </PageShell>
    );
  }

  // Organizers see every room, whatever the mode.
  const listedOnly = session?.lobby === 'listed' && !session.organizer;
  const scope = listedOnly
    ? 'Rooms their hosts chose to show.'
    : session?.organizer && session.lobby === 'off'
      ? 'The lobby is off for visitors; as an organizer, you see every room.'
      : session?.organizer && session.lobby === 'listed'
        ? 'Visitors see only the rooms their hosts chose to show; as an organizer, you see every room.'
        : undefined;

  return (
    <PageShell className="lkm-lobby-shell">
      <div className="lkm-lobby-heading">
        <div>
          <h1>Lobby</h1>
          <p className="lkm-muted">Join a room that is open now, or one you met in before.</p>
          {scope && <p className="lkm-muted lkm-small lkm-lobby-scope">{scope}</p>}
        </div>
        <div className="lkm-lobby-heading-actions">{back}</div>
      </div>
      <div className="lkm-lobby-status">
        <span className="lkm-muted lkm-small">
          {updatedAt ? `Updated ${formatClock(updatedAt)} · refreshes every 10 s` : 'Loading…'}
        </span>
        <button
          type="button"
          className="lk-button lkm-ghost"
          onClick={refresh}
          aria-label="Refresh the lobby now"
        >
          Refresh
        </button>
      </div>
      {/* Ages count to the refresh that brought the rooms (rooms are listed only after one). */}
      <LobbyLiveRooms state={rooms} now={updatedAt} listedOnly={listedOnly} />
      <LobbyHistory state={history} onLoadMore={loadMore} onRetry={refresh} />
    </PageShell>
  );
}
