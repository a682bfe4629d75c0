// The control bar's record button (LiveKit Meet's `POST api/record/start|stop?roomName=`), shown
// only to those the server's recording policy lets record (see `mayRecord`). Whether the meeting
// is being recorded comes from LiveKit (the room's activeRecording), not from this button.
import * as React from 'react';
import { useIsRecording } from '@livekit/components-react';
import { errorText } from '../i18n/errors';
import type { I18n } from '../i18n/i18n';
import { useI18n } from '../i18n/I18n';
import { ApiError } from '../lib/api';
import { setRecording } from '../lib/hostRequests';
import { RecordIcon } from './Icons';
import { useToast } from './Toasts';

// How long "Starting…" / "Stopping…" waits for LiveKit to report the change.
const PENDING_MS = 30_000;

function recordingError(i18n: I18n, error: unknown, start: boolean): string {
  const { t } = i18n;
  if (error instanceof ApiError) {
    if (error.status === 403) return t(start ? 'recording.startForbidden' : 'recording.stopForbidden');
    if (start && error.status === 409) return t('recording.alreadyRunning');
    if (!start && error.status === 404) return t('recording.nothingRecorded');
    if (error.status === 503) {
      // The server's own words say what its administrator has to set up.
      return t(start ? 'recording.startUnavailable' : 'recording.stopUnavailable', { error: error.message });
    }
  }
  return t(start ? 'recording.startFailed' : 'recording.stopFailed', { error: errorText(i18n, error) });
}

export function RecordButton({ roomName, narrow }: { roomName: string; narrow: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const recording = useIsRecording();
  const toast = useToast();
  const [pending, setPending] = React.useState<'start' | 'stop'>();

  // LiveKit reported a change: whatever was pending is over.
  const [pendingFor, setPendingFor] = React.useState(recording);
  if (pendingFor !== recording) {
    setPendingFor(recording);
    setPending(undefined);
  }
  React.useEffect(() => {
    if (!pending) return undefined;
    const timer = window.setTimeout(() => setPending(undefined), PENDING_MS);
    return () => window.clearTimeout(timer);
  }, [pending]);

  const toggle = () => {
    const start = !recording;
    setPending(start ? 'start' : 'stop');
    setRecording(roomName, start).then(
      () => {
        if (start) toast({ kind: 'info', message: t('recording.starting') });
      },
      (error: unknown) => {
        setPending(undefined);
        toast({ kind: 'error', message: recordingError(i18n, error, start) });
      },
    );
  };

  const label = pending === 'start'
    ? t('recording.startingLabel')
    : pending === 'stop'
      ? t('recording.stoppingLabel')
      : recording
        ? t('recording.stop')
        : t('recording.start');
  return (
    <button
      type="button"
      className={`lk-button lkm-record-button ${recording ? 'lkm-is-recording' : ''}`}
      aria-label={label}
      aria-pressed={recording}
      disabled={!!pending}
      onClick={toggle}
    >
      <RecordIcon />
      {!narrow && <span>{recording ? t('recording.stop') : t('recording.record')}</span>}
    </button>
  );
}
