import '../styles/lobby.css';
import { Link } from '../lib/router';
import { LobbyHistory } from '../components/LobbyHistory';
import { LobbyLiveRooms } from '../components/LobbyLiveRooms';
import { Notice } from '../components/Notice';
import { PageShell } from '../components/PageShell';
import { useI18n } from '../i18n/I18n';
import { formatClock } from '../lib/format';
import { lobbyOpenTo } from '../lib/rooms';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { REFRESH_MS, useLobbyData } from '../lib/useLobbyData';
import { useServerSession } from '../lib/useServerSession';

/**
 * The lobby: rooms open now on the LiveKit server, and the meetings this server has seen, as far
 * as the server's lobby mode (`GET api/session`) lets this visitor see them.
 */
export function LobbyPage() {
  const { language, t } = useI18n();
  useDocumentTitle(t('lobby.title'));
  const { session, settled } = useServerSession();
  // The lobby loads once the session said whether this visitor may see it (or could not say: then
  // the server's `lobby_off` answer tells).
  const closed = !!session && !lobbyOpenTo(session);
  const { rooms, history, updatedAt, off, refresh, loadMore } = useLobbyData(settled && !closed);
  const back = (
    <Link to="/" className="lk-button lkm-secondary lkm-compact">
      {t('common.backToHome')}
    </Link>
  );

  if (closed || off) {
    return (
      <PageShell className="lkm-lobby-shell" session={session}>
        <div className="lkm-lobby-heading">
          <div>
            <h1>{t('lobby.title')}</h1>
          </div>
        </div>
        <Notice kind="info" title={t('lobby.offTitle')} actions={back}>
          {t('lobby.offText')}
        </Notice>
      </PageShell>
    );
  }

  // Organizers see every room, whatever the mode.
  const listedOnly = session?.lobby === 'listed' && !session.organizer;
  const scope = listedOnly
    ? t('lobby.scopeListed')
    : session?.organizer && session.lobby === 'off'
      ? t('lobby.scopeOrganizerLobbyOff')
      : session?.organizer && session.lobby === 'listed'
        ? t('lobby.scopeOrganizerLobbyListed')
        : undefined;

  return (
    <PageShell className="lkm-lobby-shell" session={session}>
      <div className="lkm-lobby-heading">
        <div>
          <h1>{t('lobby.title')}</h1>
          <p className="lkm-muted">{t('lobby.intro')}</p>
          {scope && <p className="lkm-muted lkm-small lkm-lobby-scope">{scope}</p>}
        </div>
        <div className="lkm-lobby-heading-actions">{back}</div>
      </div>
      <div className="lkm-lobby-status">
        <span className="lkm-muted lkm-small">
          {updatedAt
            ? t('lobby.updated', { time: formatClock(language, updatedAt), seconds: REFRESH_MS / 1000 })
            : t('app.loading')}
        </span>
        <button
          type="button"
          className="lk-button lkm-ghost"
          onClick={refresh}
          aria-label={t('lobby.refreshLabel')}
        >
          {t('lobby.refresh')}
        </button>
      </div>
      {/* Ages count to the refresh that brought the rooms (rooms are listed only after one). */}
      <LobbyLiveRooms state={rooms} now={updatedAt} listedOnly={listedOnly} />
      <LobbyHistory state={history} onLoadMore={loadMore} onRetry={refresh} />
    </PageShell>
  );
}
