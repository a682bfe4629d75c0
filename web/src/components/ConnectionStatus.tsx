// What the meeting's connection is doing when it is not simply up: "Connecting…" at first,
// "Reconnecting…" while the connection to the media server is being restored (a signalling
// resume or a full reconnection), then "Reconnected" for a moment. The notice is a live region,
// so screen readers announce each change; the meeting stays on screen behind it.
import * as React from 'react';
import { SpinnerIcon, useConnectionState } from '@livekit/components-react';
import { ConnectionState } from 'livekit-client';
import { useT } from '../i18n/I18n';
import { CheckIcon } from './Icons';

/** How long "Reconnected" stays on screen. */
const RECONNECTED_MS = 3000;

type Shown = 'connecting' | 'reconnecting' | 'reconnected' | undefined;

interface Status {
  state: ConnectionState | undefined;
  shown: Shown;
  /** A reconnection began and has not yet ended. */
  reconnecting: boolean;
}

/** What a change of the connection's state shows. */
function follow(previous: Status, state: ConnectionState): Status {
  switch (state) {
    case ConnectionState.Connecting:
      return { ...previous, state, shown: 'connecting' };
    case ConnectionState.Reconnecting:
    case ConnectionState.SignalReconnecting:
      return { state, shown: 'reconnecting', reconnecting: true };
    case ConnectionState.Connected:
      return { state, shown: previous.reconnecting ? 'reconnected' : undefined, reconnecting: false };
    default:
      // Disconnected: leaving, or a failure that a dialog explains.
      return { state, shown: undefined, reconnecting: false };
  }
}

export function ConnectionStatus() {
  const t = useT();
  const state = useConnectionState();
  const [status, setStatus] = React.useState<Status>(() =>
    follow({ state: undefined, shown: undefined, reconnecting: false }, state),
  );
  if (status.state !== state) setStatus(follow(status, state));
  const { shown } = status;

  React.useEffect(() => {
    if (shown !== 'reconnected') return undefined;
    const timer = window.setTimeout(
      () => setStatus((current) => ({ ...current, shown: undefined })),
      RECONNECTED_MS,
    );
    return () => window.clearTimeout(timer);
  }, [shown]);

  // The live region stays in the page so that what appears in it is announced.
  return (
    <div className="lkm-connection-status" role="status" aria-live="polite">
      {shown && (
        <div className={`lk-toast lkm-connection-toast lkm-connection-${shown}`}>
          {shown === 'reconnected' ? (
            <CheckIcon width={16} height={16} aria-hidden="true" />
          ) : (
            <SpinnerIcon className="lk-spinner" aria-hidden="true" />
          )}
          {shown === 'connecting' && <span>{t('meeting.connecting')}</span>}
          {shown === 'reconnecting' && (
            <span>
              <strong>{t('meeting.reconnecting')}</strong>{' '}
              <span className="lkm-connection-detail">{t('meeting.connectionInterrupted')}</span>
            </span>
          )}
          {shown === 'reconnected' && <span>{t('meeting.reconnected')}</span>}
        </div>
      )}
    </div>
  );
}
