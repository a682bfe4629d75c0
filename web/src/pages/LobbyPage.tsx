import { Link } from 'react-router';
import { LobbyHistory } from '../components/LobbyHistory';
import { LobbyLiveRooms } from '../components/LobbyLiveRooms';
import { PageShell } from '../components/PageShell';
import { formatClock } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { useLobbyData } from '../lib/useLobbyData';

/** The lobby: rooms open now on the LiveKit server, and the meetings this server has seen. */
export function LobbyPage() {
  useDocumentTitle('Lobby · LiveKit Meet');
  const { rooms, history, updatedAt, refresh, loadMore } = useLobbyData();
  const now = updatedAt || Date.now();
  return (
    <PageShell className="lkm-lobby-shell">
      <div className="lkm-lobby-heading">
        <div>
          <h1>Lobby</h1>
          <p className="lkm-muted">Join a room that is open now, or one you met in before.</p>
        </div>
        <div className="lkm-lobby-heading-actions">
          <Link to="/" className="lk-button lkm-secondary lkm-compact">
            Back to home
          </Link>
        </div>
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
      <LobbyLiveRooms state={rooms} now={now} />
      <LobbyHistory state={history} onLoadMore={loadMore} onRetry={refresh} />
    </PageShell>
  );
}
