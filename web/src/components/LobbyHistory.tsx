import { Link } from '../lib/router';
import { useI18n } from '../i18n/I18n';
import { Notice } from './Notice';
import {
  formatAttendance,
  formatDateTime,
  formatDuration,
  formatRecordings,
  isoTime,
} from '../lib/format';
import { roomPath, validateRoomName } from '../lib/links';
import { lobbyErrorText, type Meeting } from '../lib/lobby';
import type { HistoryState } from '../lib/useLobbyData';

function attendeeNames(meeting: Meeting): string {
  return meeting.attendees.map((a) => a.name || a.identity).filter(Boolean).join(', ');
}

function MeetingRow({ meeting }: { meeting: Meeting }) {
  const i18n = useI18n();
  const { language, t } = i18n;
  const name = meeting.roomName || meeting.roomSid;
  const joinable = meeting.roomName !== '' && validateRoomName(meeting.roomName) === undefined;
  const ongoing = meeting.endedAt === null;
  const names = attendeeNames(meeting);
  return (
    <li className="lkm-lobby-row" aria-label={name}>
      <div className="lkm-lobby-row-main">
        <p className="lkm-lobby-room-name">
          <span className="lkm-lobby-name-text">{name}</span>
          {ongoing && <span className="lkm-badge lkm-lobby-badge-ongoing">{t('lobby.ongoing')}</span>}
        </p>
        <p className="lkm-lobby-meta">
          <span>
            <span className="lkm-visually-hidden">{t('lobby.startedLabel')} </span>
            <time dateTime={isoTime(meeting.startedAt)}>{formatDateTime(language, meeting.startedAt)}</time>
          </span>
          {!ongoing && (
            <span data-field="duration">
              <span className="lkm-visually-hidden">{t('lobby.durationLabel')} </span>
              {meeting.durationSeconds === null
                ? t('format.unknownLength')
                : formatDuration(i18n, meeting.durationSeconds)}
            </span>
          )}
          <span data-field="attendance">
            {formatAttendance(i18n, meeting.participantsJoined, meeting.peakParticipants)}
          </span>
          <span data-field="recordings">{formatRecordings(i18n, meeting.recordings.length)}</span>
        </p>
        {names && (
          <p className="lkm-lobby-attendees lkm-muted" title={names}>
            {names}
          </p>
        )}
      </div>
      {joinable && (
        <Link
          to={roomPath(meeting.roomName)}
          className="lk-button lkm-secondary lkm-compact lkm-lobby-action"
          aria-label={t('lobby.joinAgainLabel', { room: meeting.roomName })}
        >
          {t('lobby.joinAgain')}
        </Link>
      )}
    </li>
  );
}

/** The meeting history, newest first, with "Load more". */
export function LobbyHistory({
  state,
  onLoadMore,
  onRetry,
}: {
  state: HistoryState;
  onLoadMore: () => void;
  onRetry: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const { page, error } = state;
  return (
    <section className="lkm-card lkm-lobby-section" aria-labelledby="lkm-lobby-history-title">
      <header className="lkm-lobby-section-header">
        <h2 id="lkm-lobby-history-title">{t('lobby.recentMeetings')}</h2>
      </header>
      {error && (
        <Notice
          kind={page ? 'warning' : 'error'}
          className="lkm-lobby-notice"
          actions={
            <button type="button" className="lk-button lkm-ghost" onClick={onRetry}>
              {t('common.tryAgain')}
            </button>
          }
        >
          {page
            ? t('lobby.historyRefreshFailed', { reason: lobbyErrorText(i18n, error) })
            : t('lobby.historyUnavailable', { reason: lobbyErrorText(i18n, error) })}
        </Notice>
      )}
      {!page && !error && (
        <p className="lkm-lobby-empty lkm-muted" role="status">
          {t('lobby.loadingMeetings')}
        </p>
      )}
      {page && page.meetings.length === 0 && (
        <p className="lkm-lobby-empty lkm-muted">
          {t('lobby.noMeetings')}
        </p>
      )}
      {page && page.meetings.length > 0 && (
        <ul className="lkm-lobby-list">
          {page.meetings.map((meeting) => (
            <MeetingRow key={meeting.id} meeting={meeting} />
          ))}
        </ul>
      )}
      {state.loadMoreError && (
        <Notice kind="error" className="lkm-lobby-notice">
          {t('lobby.loadMoreFailed', { reason: lobbyErrorText(i18n, state.loadMoreError) })}
        </Notice>
      )}
      {page?.nextCursor && (
        <div className="lkm-lobby-more">
          <button
            type="button"
            className="lk-button lkm-secondary"
            onClick={onLoadMore}
            disabled={state.loadingMore}
            aria-label={state.loadingMore ? t('lobby.loadingMoreLabel') : t('lobby.loadMoreLabel')}
          >
            {state.loadingMore ? t('app.loading') : t('lobby.loadMore')}
          </button>
        </div>
      )}
    </section>
  );
}
