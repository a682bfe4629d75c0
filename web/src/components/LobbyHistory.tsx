import { Link } from 'react-router';
import { Notice } from './Notice';
import {
  formatAttendance,
  formatDateTime,
  formatDuration,
  formatRecordings,
  isoTime,
} from '../lib/format';
import { roomPath, validateRoomName } from '../lib/links';
import type { Meeting } from '../lib/lobby';
import type { HistoryState } from '../lib/useLobbyData';

function attendeeNames(meeting: Meeting): string {
  return meeting.attendees.map((a) => a.name || a.identity).filter(Boolean).join(', ');
}

function MeetingRow({ meeting }: { meeting: Meeting }) {
  const name = meeting.roomName || meeting.roomSid;
  const joinable = meeting.roomName !== '' && validateRoomName(meeting.roomName) === undefined;
  const ongoing = meeting.endedAt === null;
  const names = attendeeNames(meeting);
  return (
    <li className="lkm-lobby-row" aria-label={name}>
      <div className="lkm-lobby-row-main">
        <p className="lkm-lobby-room-name">
          <span className="lkm-lobby-name-text">{name}</span>
          {ongoing && <span className="lkm-badge lkm-lobby-badge-ongoing">ongoing</span>}
        </p>
        <p className="lkm-lobby-meta">
          <span>
            <span className="lkm-visually-hidden">Started </span>
            <time dateTime={isoTime(meeting.startedAt)}>{formatDateTime(meeting.startedAt)}</time>
          </span>
          {!ongoing && (
            <span data-field="duration">
              <span className="lkm-visually-hidden">Duration </span>
              {meeting.durationSeconds === null ? 'unknown' : formatDuration(meeting.durationSeconds)}
            </span>
          )}
          <span data-field="attendance">{formatAttendance(meeting.participantsJoined, meeting.peakParticipants)}</span>
          <span data-field="recordings">{formatRecordings(meeting.recordings.length)}</span>
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
          aria-label={`Join ${meeting.roomName} again`}
        >
          Join again
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
  const { page, error } = state;
  return (
    <section className="lkm-card lkm-lobby-section" aria-labelledby="lkm-lobby-history-title">
      <header className="lkm-lobby-section-header">
        <h2 id="lkm-lobby-history-title">Recent meetings</h2>
      </header>
      {error && (
        <Notice
          kind={page ? 'warning' : 'error'}
          className="lkm-lobby-notice"
          actions={
            <button type="button" className="lk-button lkm-ghost" onClick={onRetry}>
              Try again
            </button>
          }
        >
          {page
            ? `The meeting history could not be refreshed: ${error}`
            : `The meeting history is unavailable: ${error}`}
        </Notice>
      )}
      {!page && !error && (
        <p className="lkm-lobby-empty lkm-muted" role="status">
          Loading meetings…
        </p>
      )}
      {page && page.meetings.length === 0 && (
        <p className="lkm-lobby-empty lkm-muted">
          No meetings yet. They appear here once the LiveKit server reports them to this server.
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
          More meetings could not be loaded: {state.loadMoreError}
        </Notice>
      )}
      {page?.nextCursor && (
        <div className="lkm-lobby-more">
          <button
            type="button"
            className="lk-button lkm-secondary"
            onClick={onLoadMore}
            disabled={state.loadingMore}
            aria-label={state.loadingMore ? 'Loading more meetings' : 'Load more meetings'}
          >
            {state.loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </section>
  );
}
