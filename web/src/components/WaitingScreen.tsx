// A guest in the waiting room: long-polls the admission until the host admits (then joins with
// the details the server hands over) or turns the guest away.
import * as React from 'react';
import { Link } from 'react-router';
import { ApiError, type ConnectionDetails } from '../lib/api';
import { pollAdmission } from '../lib/rooms';
import { Logo } from './Logo';
import { Notice } from './Notice';

type State = 'waiting' | 'denied' | 'expired';

// After a failed poll (network, server restart), the next one waits a little longer each time.
const RETRY_MS = [1000, 2000, 4000, 8000, 15000];

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

  const admitted = React.useRef(onAdmitted);
  admitted.current = onAdmitted;

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
          if (answer.status === 'admitted') {
            admitted.current(answer.details);
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
  }, [roomName, ticket, participantName]);

  return (
    <div className="lkm-prejoin-page">
      <header className="lkm-topbar">
        <Logo />
      </header>
      <main className="lkm-prejoin-main">
        {state === 'waiting' ? (
          <section className="lkm-card lkm-waiting" aria-labelledby="lkm-waiting-title">
            <span className="lkm-spinner" aria-hidden="true" />
            <h1 id="lkm-waiting-title">Waiting for the host to let you in</h1>
            <p className="lkm-muted" role="status">
              You asked to join <strong className="lkm-mono">{roomName}</strong> as{' '}
              <strong>{participantName}</strong>. The host has been told; this page joins as
              soon as they let you in.
            </p>
            {problem && <p className="lkm-field-error">{problem}</p>}
            <button type="button" className="lk-button lkm-secondary" onClick={onCancel}>
              Cancel
            </button>
          </section>
        ) : (
          <Notice
            title={
              state === 'denied'
                ? 'The host did not let you in'
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
              : 'The host did not answer in time. You can ask to join again.'}
          </Notice>
        )}
      </main>
    </div>
  );
}
