// A guest in the waiting room: long-polls the admission until the host admits (then joins with
// the details the server hands over) or turns the guest away. An admission is used once (410
// `ticket_used`: ask again), is held back while the host locks the room (423 `room_locked`: keep
// polling, slowly), and is waited on in one tab only (409 `conflict`: the other tab waits).
import * as React from 'react';
import { Link } from '../lib/router';
import { errorText } from '../i18n/errors';
import { useI18n } from '../i18n/I18n';
import { ApiError, type ConnectionDetails } from '../lib/api';
import { pollAdmission } from '../lib/hostRequests';
import { LanguagePicker } from './LanguagePicker';
import { Logo } from './Logo';
import { Notice } from './Notice';
import { withElements } from '../i18n/RichText';

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
  const i18n = useI18n();
  const { t } = i18n;
  const [state, setState] = React.useState<State>('waiting');
  // The last failed poll, while the next ones are tried.
  const [problem, setProblem] = React.useState<{ error: unknown }>();
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
          setProblem({ error });
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
        <LanguagePicker />
      </header>
      <main className="lkm-prejoin-main">
        {state === 'waiting' ? (
          <section className="lkm-card lkm-waiting" aria-labelledby="lkm-waiting-title">
            <span className="lkm-spinner" aria-hidden="true" />
            <h1 id="lkm-waiting-title">{locked ? t('waiting.lockedTitle') : t('waiting.title')}</h1>
            <p className="lkm-muted" role="status">
              {locked
                ? withElements(t('waiting.lockedText'), {
                    room: <strong className="lkm-mono">{roomName}</strong>,
                  })
                : withElements(t('waiting.text'), {
                    room: <strong className="lkm-mono">{roomName}</strong>,
                    name: <strong>{participantName}</strong>,
                  })}
            </p>
            {problem && (
              <p className="lkm-field-error">
                {t('waiting.stillTrying', { reason: errorText(i18n, problem.error) })}
              </p>
            )}
            <button type="button" className="lk-button lkm-secondary" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          </section>
        ) : state === 'elsewhere' ? (
          <Notice
            kind="info"
            title={t('waiting.elsewhereTitle')}
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
                  {t('waiting.waitHere')}
                </button>
                <Link to="/" className="lk-button lkm-secondary">
                  {t('common.backToHome')}
                </Link>
              </>
            }
          >
            {t('waiting.elsewhereText', { room: roomName })}
          </Notice>
        ) : (
          <Notice
            title={
              state === 'denied'
                ? t('waiting.deniedTitle')
                : state === 'used'
                  ? t('waiting.usedTitle')
                  : t('waiting.expiredTitle')
            }
            actions={
              <>
                <button type="button" className="lk-button lkm-primary" onClick={onAskAgain}>
                  {t('waiting.askAgain')}
                </button>
                <Link to="/" className="lk-button lkm-secondary">
                  {t('common.backToHome')}
                </Link>
              </>
            }
          >
            {state === 'denied'
              ? t('waiting.deniedText', { room: roomName })
              : state === 'used'
                ? t('waiting.usedText')
                : t('waiting.expiredText')}
          </Notice>
        )}
      </main>
    </div>
  );
}
