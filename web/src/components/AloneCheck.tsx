// Alone in a meeting for the server's --alone-timeout: "Are you still there?", then a countdown,
// then the person leaves, so that an empty room stops costing the LiveKit server. Anyone joining
// (or "Stay") starts the wait again.
import * as React from 'react';
import { useConnectionState, useRemoteParticipants } from '@livekit/components-react';
import { ConnectionState } from 'livekit-client';
import { useT } from '../i18n/I18n';
import { config } from '../lib/config';
import { Notice } from './Notice';

/** Seconds of countdown once asked: 60, or the wait itself when that is shorter. */
export const ALONE_COUNTDOWN_SECONDS = 60;

export function AloneCheck({
  onTimeout,
  timeoutSeconds = config.aloneTimeout,
}: {
  onTimeout: () => void;
  timeoutSeconds?: number;
}) {
  const t = useT();
  const others = useRemoteParticipants().length;
  const connected = useConnectionState() === ConnectionState.Connected;
  const alone = connected && others === 0 && timeoutSeconds > 0;
  const [asking, setAsking] = React.useState(false);
  const countdown = Math.min(ALONE_COUNTDOWN_SECONDS, timeoutSeconds);
  const [left, setLeft] = React.useState(countdown);
  const [round, setRound] = React.useState(0);
  const stayRef = React.useRef<HTMLButtonElement>(null);

  // The wait restarts when anyone joins, on "Stay", or on reconnecting: the question goes away.
  const wait = `${alone} ${timeoutSeconds} ${round}`;
  const [waitShown, setWaitShown] = React.useState(wait);
  if (waitShown !== wait) {
    setWaitShown(wait);
    setAsking(false);
  }

  // The wait.
  React.useEffect(() => {
    if (!alone) return undefined;
    const timer = window.setTimeout(() => {
      setLeft(countdown);
      setAsking(true);
    }, timeoutSeconds * 1000);
    return () => window.clearTimeout(timer);
  }, [alone, timeoutSeconds, countdown, round]);

  // The countdown.
  React.useEffect(() => {
    if (!asking) return undefined;
    stayRef.current?.focus();
    const timer = window.setInterval(() => setLeft((value) => Math.max(0, value - 1)), 1000);
    return () => window.clearInterval(timer);
  }, [asking]);

  React.useEffect(() => {
    if (asking && left === 0) onTimeout();
  }, [asking, left, onTimeout]);

  if (!asking) return null;
  const titleId = 'lkm-alone-title';
  return (
    <div className="lkm-overlay">
      <div className="lkm-dialog" role="alertdialog" aria-modal="true" aria-labelledby={titleId}>
        <Notice
          kind="info"
          title={<span id={titleId}>{t('meeting.aloneTitle')}</span>}
          actions={
            <>
              <button
                type="button"
                className="lk-button lkm-primary"
                ref={stayRef}
                onClick={() => setRound((value) => value + 1)}
              >
                {t('meeting.aloneStay')}
              </button>
              <button type="button" className="lk-button lkm-secondary" onClick={onTimeout}>
                {t('meeting.aloneLeave')}
              </button>
            </>
          }
        >
          <span>{t('meeting.aloneText')}</span>{' '}
          <span role="timer" aria-live="off">
            {t('meeting.aloneCountdown', { seconds: left })}
          </span>
        </Notice>
      </div>
    </div>
  );
}
