// The control bar's record button (LiveKit Meet's `POST api/record/start|stop?roomName=`), shown
// only to those the server's recording policy lets record (see `mayRecord`). Whether the meeting
// is being recorded comes from LiveKit (the room's activeRecording), not from this button.
import * as React from 'react';
import { useIsRecording } from '@livekit/components-react';
import { ApiError } from '../lib/api';
import { setRecording } from '../lib/hostRequests';
import { RecordIcon } from './Icons';
import { useToast } from './Toasts';

// How long "Starting…" / "Stopping…" waits for LiveKit to report the change.
const PENDING_MS = 30_000;

function recordingError(error: unknown, start: boolean): string {
  const what = start ? 'Recording could not start' : 'Recording could not stop';
  if (!(error instanceof ApiError)) return `${what}: ${String(error)}`;
  if (error.status === 403) return `${what}: only the meeting’s host may record here.`;
  if (start && error.status === 409) return 'A recording is already starting or running.';
  if (!start && error.status === 404) return 'Nothing is being recorded.';
  if (error.status === 503) return `${what}: recording is not available on this server (${error.message}).`;
  return `${what}: ${error.message}`;
}

export function RecordButton({ roomName, narrow }: { roomName: string; narrow: boolean }) {
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
        if (start) toast({ kind: 'info', message: 'Recording is starting…' });
      },
      (error: unknown) => {
        setPending(undefined);
        toast({ kind: 'error', message: recordingError(error, start) });
      },
    );
  };

  const label = pending === 'start'
    ? 'Starting recording…'
    : pending === 'stop'
      ? 'Stopping recording…'
      : recording
        ? 'Stop recording'
        : 'Start recording';
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
      {!narrow && <span>{recording ? 'Stop recording' : 'Record'}</span>}
    </button>
  );
}
