// What the meeting's connection is doing when it is not simply up: "Connecting…" at first,
// "Reconnecting…" while the connection to the media server is being restored (a signalling
// resume or a full reconnection), then "Reconnected" for a moment. The notice is a live region,
// so screen readers announce each change; the meeting stays on screen behind it.
import * as React from 'react';
import { SpinnerIcon, useConnectionState } from '@livekit/components-react';
import { ConnectionState } from 'livekit-client';
import { CheckIcon } from './Icons';

/** How long "Reconnected" stays on screen. */
const RECONNECTED_MS = 3000;

type Shown = 'connecting' | 'reconnecting' | 'reconnected' | undefined;

export function ConnectionStatus() {
  const state = useConnectionState();
  const [shown, setShown] = React.useState<Shown>();
  const reconnecting = React.useRef(false);

  React.useEffect(() => {
    switch (state) {
      case ConnectionState.Connecting:
        setShown('connecting');
        return undefined;
      case ConnectionState.Reconnecting:
      case ConnectionState.SignalReconnecting:
        reconnecting.current = true;
        setShown('reconnecting');
        return undefined;
      case ConnectionState.Connected: {
        if (!reconnecting.current) {
          setShown(undefined);
          return undefined;
        }
        reconnecting.current = false;
        setShown('reconnected');
        const timer = window.setTimeout(() => setShown(undefined), RECONNECTED_MS);
        return () => window.clearTimeout(timer);
      }
      default:
        // Disconnected: leaving, or a failure that a dialog explains.
        reconnecting.current = false;
        setShown(undefined);
        return undefined;
    }
  }, [state]);

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
          {shown === 'connecting' && <span>Connecting…</span>}
          {shown === 'reconnecting' && (
            <span>
              <strong>Reconnecting…</strong>{' '}
              <span className="lkm-connection-detail">The connection to the meeting was interrupted.</span>
            </span>
          )}
          {shown === 'reconnected' && <span>Reconnected</span>}
        </div>
      )}
    </div>
  );
}
