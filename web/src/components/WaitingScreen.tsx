// A guest in the waiting room: long-polls the admission until the host admits (then joins with
// the details the server hands over) or turns the guest away. An admission is used once (410
// `ticket_used`: ask again), is held back while the host locks the room (423 `room_locked`: keep
// polling, slowly), and is waited on in one tab only (409 `conflict`: the other tab waits).
import * as React from 'react';
import { Link } from 'react-router';
import { ApiError, type ConnectionDetails } from '../lib/api';
import { pollAdmission } from '../lib/hostRequests';
import { Logo } from './Logo';
import { Notice } from './Notice';

type State = 'waiting' | 'denied' | 'expired' | 'used' | 'elsewhere';

// After a failed poll (network, server restart), the next one waits a little longer each time.
const RETRY_MS = [1000, 2000, 4000, 8000, 15000];
// While the host keeps the room locked, an admitted guest asks again this often.
const LOCKED_RETRY_MS = 5000;

export function WaitingScreen({
  roomName,
  participantName,
  ticket,
  onAdmitted,
  onCancel,
  onAskAgain,
}: {
  roomName: string;
  participantName: string;
  ticket: string;
  onAdmitted: (details: ConnectionDetails) => void;
  onCancel: () => void;
  onAskAgain: () => void;
}) {
  const [state, setState] = React.useState<State>('waiting');
  const [problem, setProblem] = React.useState<string>();
  const [locked, setLocked] = React.useState(false);
  // "Wait here instead" after the wait moved to another tab starts the polling again.
  const [attempt, setAttempt] = React.useState(0);

  const admitted = React.useEffectEvent((details: ConnectionDetails) => onAdmitted(details));

  React.useEffect(() => {
    const controller = new AbortController();
    let failures = 0;
    let timer: number | undefined;
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        timer = window.setTimeout(resolve, ms);
      });
    const run = async () => {
      while (!controller.signal.aborted) {
        try {
          const answer = await pollAdmission(roomName, ticket, participantName, {
            signal: controller.signal,
          });
          failures = 0;
          setProblem(undefined);
          setLocked(false);
          if (answer.status === 'admitted') {
            admitted(answer.details);
            return;
          }
        } catch (error) {
          if (controller.signal.aborted || (error as Error).name === 'AbortError') return;
          if (error instanceof ApiError && error.code === 'denied') {
            setState('denied');
            return;
          }
          if (error instanceof ApiError && error.status === 404) {
            setState('expired');
            return;
          }
          if (error instanceof ApiError && error.code === 'ticket_used') {
            setState('used');
            return;
          }
          if (error instanceof ApiError && error.code === 'conflict') {
            setState('elsewhere');
            return;
          }
          if (error instanceof ApiError && error.code === 'room_locked') {
            failures = 0;
            setProblem(undefined);
            setLocked(true);
            await sleep(LOCKED_RETRY_MS);
            continue;
          }
          setProblem(
            `Still trying to reach the server (${error instanceof Error ? error.message : String(error)}).`,
          );
          await sleep(RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]);
          failures += 1;
        }
      }
    };
    void run();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [roomName, ticket, participantName, attempt]);

  return (
    <div className="lkm-prejoin-page">
      <header className="lkm-topbar">
        <Logo />
      </header>
      <main className="lkm-prejoin-main">
        {state === 'waiting' ? (
          <section className="lkm-card lkm-waiting" aria-labelledby="lkm-waiting-title">
            <span className="lkm-spinner" aria-hidden="true" />
            <h1 id="lkm-waiting-title">
              {locked ? 'The host locked the meeting' : 'Waiting for the host to let you in'}
            </h1>
            <p className="lkm-muted" role="status">
              {locked ? (
                <>
                  The host let you into <strong className="lkm-mono">{roomName}</strong>, then
                  locked the meeting. This page keeps asking and joins as soon as they unlock it.
                </>
              ) : (
                <>
                  You asked to join <strong className="lkm-mono">{roomName}</strong> as{' '}
                  <strong>{participantName}</strong>. The host has been told; this page joins as
                  soon as they let you in.
                </>
              )}
            </p>
            {problem && <p className="lkm-field-error">{problem}</p>}
            <button type="button" className="lk-button lkm-secondary" onClick={onCancel}>
              Cancel
            </button>
          </section>
        ) : state === 'elsewhere' ? (
          <Notice
            kind="info"
            title="You are waiting in another tab"
            actions={
              <>
                <button
                  type="button"
                  className="lk-button lkm-primary"
                  onClick={() => {
                    setState('waiting');
                    setAttempt((n) => n + 1);
                  }}
                >
                  Wait here instead
                </button>
                <Link to="/" className="lk-button lkm-secondary">
                  Back to home
                </Link>
              </>
            }
          >
            {`Your request to join ${roomName} is being waited on in another tab or window of this browser; it joins from there once the host lets you in. Close that tab first to wait here.`}
          </Notice>
        ) : (
          <Notice
            title={
              state === 'denied'
                ? 'The host did not let you in'
                : state === 'used'
                  ? 'This admission was already used'
                  : 'Your request to join has expired'
            }
            actions={
              <>
                <button type="button" className="lk-button lkm-primary" onClick={onAskAgain}>
                  Ask again
                </button>
                <Link to="/" className="lk-button lkm-secondary">
                  Back to home
                </Link>
              </>
            }
          >
            {state === 'denied'
              ? `You cannot join ${roomName} right now.`
              : state === 'used'
                ? 'The host’s admission was already used to join, perhaps from another tab. Ask again to join from here.'
                : 'The host did not answer in time. You can ask to join again.'}
          </Notice>
        )}
      </main>
    </div>
  );
}
