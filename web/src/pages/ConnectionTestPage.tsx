import * as React from 'react';
import { Link } from '../lib/router';
import { ConnectionCheck } from 'livekit-client';
import { AlertIcon, CheckIcon, CloseIcon } from '../components/Icons';
import { PageShell } from '../components/PageShell';
import { useI18n } from '../i18n/I18n';
import { ApiError, UNREACHABLE } from '../lib/api';
import { appUrl } from '../lib/config';
import {
  HEARD_LEVEL,
  SERVER_CHECKS,
  STEP_IDS,
  STEP_TIMEOUT_SECONDS,
  UNSUPPORTED,
  brokenStep,
  cameraStep,
  checkStep,
  describeStep,
  initialSteps,
  isFinal,
  microphoneStep,
  overallState,
  probeFailure,
  reportText,
  requestConnectionTest,
  skipReason,
  skippedStep,
  soundLevel,
  summaryText,
  timedOutStep,
  tokenFailedStep,
  type DeviceProbe,
  type ServerStepId,
  type StepId,
  type StepResult,
  type StepState,
} from '../lib/connectionTest';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import '../styles/connection-test.css';
import { copyText } from '../lib/clipboard';

/** How long the microphone is listened to for sound. */
const LISTEN_MS = 2000;
/** How long the server may take to give the test token. */
const TOKEN_TIMEOUT_MS = 20000;

const sleep = (ms: number) => new Promise<void>((resolve) => window.setTimeout(resolve, ms));

/** `promise`'s value, or undefined once `ms` have passed. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer = 0;
  const late = new Promise<undefined>((resolve) => {
    timer = window.setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    window.clearTimeout(timer);
  }
}

async function openCamera(): Promise<DeviceProbe> {
  if (!navigator.mediaDevices?.getUserMedia) return { ok: false, name: UNSUPPORTED, message: '' };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true });
    const track = stream.getVideoTracks()[0];
    const settings = track?.getSettings() ?? {};
    stream.getTracks().forEach((t) => t.stop());
    return { ok: true, label: track?.label ?? '', width: settings.width, height: settings.height };
  } catch (error) {
    return probeFailure(error);
  }
}

/** Whether the stream carries sound within `ms` (undefined: it could not be measured). */
async function hearsSound(stream: MediaStream, ms: number): Promise<boolean | undefined> {
  if (typeof AudioContext === 'undefined') return undefined;
  const context = new AudioContext();
  try {
    // A page not yet touched may not start audio: then the level is not measured.
    if (context.state !== 'running') await within(context.resume(), 300);
    if (context.state !== 'running') return undefined;
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    const deadline = performance.now() + ms;
    while (performance.now() < deadline) {
      await sleep(100);
      analyser.getByteTimeDomainData(samples);
      if (soundLevel(samples) >= HEARD_LEVEL) return true;
    }
    return false;
  } finally {
    void context.close().catch(() => undefined);
  }
}

async function openMicrophone(): Promise<DeviceProbe> {
  if (!navigator.mediaDevices?.getUserMedia) return { ok: false, name: UNSUPPORTED, message: '' };
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (error) {
    return probeFailure(error);
  }
  try {
    const track = stream.getAudioTracks()[0];
    const heard = await hearsSound(stream, LISTEN_MS).catch(() => undefined);
    return { ok: true, label: track?.label ?? '', heard };
  } finally {
    stream.getTracks().forEach((t) => t.stop());
  }
}

interface Run {
  steps: Record<StepId, StepResult>;
  startedAt: Date;
  serverUrl?: string;
  token?: string;
}

const freshRun = (): Run => ({ steps: initialSteps(), startedAt: new Date() });

/**
 * Runs every step in order, reporting each change through `update`; `current()` says whether this
 * run is still the one shown (a new run or leaving the page ends it).
 */
async function runTest(update: (change: (run: Run) => Run) => void, current: () => boolean) {
  const steps: Record<StepId, StepResult> = initialSteps();
  let token: string | undefined;
  const set = (step: StepResult) => {
    steps[step.id] = step;
    if (current()) update((run) => ({ ...run, steps: { ...run.steps, [step.id]: step } }));
  };

  set({ id: 'camera', state: 'running', notes: [] });
  set(cameraStep(await openCamera()));
  if (!current()) return;
  set({ id: 'microphone', state: 'running', notes: [] });
  set(microphoneStep(await openMicrophone()));
  if (!current()) return;

  set({ id: 'signalling', state: 'running', notes: [] });
  let check: ConnectionCheck;
  const asking = new AbortController();
  const giveUp = window.setTimeout(() => asking.abort(), TOKEN_TIMEOUT_MS);
  try {
    const details = await requestConnectionTest(asking.signal).catch((error: unknown) => {
      throw asking.signal.aborted ? new ApiError(UNREACHABLE, undefined, 'unreachable') : error;
    });
    token = details.participantToken;
    if (current()) update((run) => ({ ...run, serverUrl: details.serverUrl, token: details.participantToken }));
    check = new ConnectionCheck(details.serverUrl, details.participantToken);
  } catch (error) {
    set(tokenFailedStep(error));
    for (const [id] of SERVER_CHECKS.slice(1)) set(skippedStep(id, 'signalling'));
    return;
  } finally {
    window.clearTimeout(giveUp);
  }

  // Each check's progress, by the id ConnectionCheck gives it when it starts.
  const stepOfCheck = new Map<number, ServerStepId>();
  check.on('checkUpdate', (checkId, info) => {
    const id = stepOfCheck.get(checkId);
    if (id && !isFinal(steps[id].state)) set(checkStep(id, info, token));
  });
  for (const [id, method] of SERVER_CHECKS) {
    if (!current()) return;
    const because = skipReason(id, steps);
    if (because) {
      set(skippedStep(id, because));
      continue;
    }
    set({ id, state: 'running', notes: [] });
    stepOfCheck.set(check.getResults().length, id);
    const outcome = await within(
      check[method]().then(
        (info) => ({ info }),
        (error: unknown) => ({ error }),
      ),
      STEP_TIMEOUT_SECONDS * 1000,
    );
    if (!outcome) set(timedOutStep(steps[id], STEP_TIMEOUT_SECONDS));
    else if ('info' in outcome) set(checkStep(id, outcome.info, token));
    else set(brokenStep({ ...steps[id], id }, outcome.error, token));
  }
}

/** The run in progress, on this page or a visit before: the next one waits for it. */
let lastRun: Promise<void> = Promise.resolve();

function StateIcon({ state }: { state: StepState }) {
  switch (state) {
    case 'running':
      return <span className="lkm-spinner lkm-test-spinner" />;
    case 'passed':
      return <CheckIcon width={18} height={18} />;
    case 'warning':
      return <AlertIcon width={18} height={18} />;
    case 'failed':
      return <CloseIcon width={18} height={18} />;
    default:
      return <span className="lkm-test-dot" />;
  }
}

/**
 * The connection test: the camera and microphone, then the meeting server as livekit-client's
 * ConnectionCheck sees it (signalling, WebRTC, TURN, sending audio and video), each step shown as
 * it runs, and a report to copy for support.
 */
export function ConnectionTestPage() {
  const i18n = useI18n();
  const { t } = i18n;
  useDocumentTitle(t('test.title'));
  const [run, setRun] = React.useState<Run>(freshRun);
  const [copy, setCopy] = React.useState<'idle' | 'copied' | 'failed'>('idle');
  const [showReport, setShowReport] = React.useState(false);
  const runs = React.useRef(0);

  // A new run: the one before it (if any) no longer updates the page, and stops at its next step;
  // the new one starts when it has, so two never hold the camera or the server at once.
  const launch = React.useCallback(() => {
    const id = ++runs.current;
    const current = () => runs.current === id;
    lastRun = lastRun.then(() => (current() ? runTest(setRun, current) : undefined)).catch(() => undefined);
  }, []);

  const runAgain = () => {
    setRun(freshRun());
    launch();
  };

  React.useEffect(() => {
    launch();
    return () => {
      // Leaving the page: whatever still runs no longer updates it.
      runs.current += 1;
    };
  }, [launch]);

  React.useEffect(() => {
    if (copy === 'idle') return undefined;
    const timer = window.setTimeout(() => setCopy('idle'), 2500);
    return () => window.clearTimeout(timer);
  }, [copy]);

  const overall = overallState(run.steps);
  const running = overall === 'running';
  const report = reportText(
    i18n,
    run.steps,
    {
      date: run.startedAt,
      userAgent: navigator.userAgent,
      pageUrl: appUrl('test').href,
      serverUrl: run.serverUrl,
    },
    run.token,
  );

  const onCopy = () => {
    copyText(report).then(
      () => setCopy('copied'),
      () => {
        setCopy('failed');
        setShowReport(true);
      },
    );
  };

  return (
    <PageShell className="lkm-test-shell">
      <section className="lkm-card lkm-test-card" aria-labelledby="lkm-test-title">
        <h1 id="lkm-test-title">{t('test.title')}</h1>
        <p className="lkm-muted lkm-test-intro">{t('test.intro')}</p>
        <p className={`lkm-test-summary lkm-test-${overall}`} role="status" data-testid="connection-test-summary">
          {summaryText(i18n, run.steps)}
        </p>
        <ol className="lkm-test-steps" aria-label={t('test.stepsLabel')} aria-live="polite">
          {STEP_IDS.map((id) => {
            const step = run.steps[id];
            const text = describeStep(i18n, step);
            return (
              <li
                key={id}
                className={`lkm-test-step lkm-test-${step.state}`}
                data-testid={`connection-test-${id}`}
                data-state={step.state}
              >
                <span className="lkm-test-icon" aria-hidden="true">
                  <StateIcon state={step.state} />
                </span>
                <div className="lkm-test-body">
                  <p className="lkm-test-head">
                    <span className="lkm-test-name">{text.name}</span>
                    <span className="lkm-test-state">{text.state}</span>
                  </p>
                  {text.detail && <p className="lkm-test-detail">{text.detail}</p>}
                  {text.notes.length > 0 && (
                    <ul className="lkm-test-notes" aria-live="off">
                      {text.notes.map((note, index) => (
                        <li key={index}>{note}</li>
                      ))}
                    </ul>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
        <div className="lkm-test-actions">
          <button type="button" className="lk-button lkm-primary" onClick={runAgain} disabled={running}>
            {t('test.runAgain')}
          </button>
          <button type="button" className="lk-button lkm-secondary" onClick={onCopy}>
            {copy === 'copied' ? <CheckIcon width={16} height={16} aria-hidden="true" /> : null}
            {copy === 'copied' ? t('test.copied') : t('test.copy')}
          </button>
          <Link to="/" className="lk-button lkm-ghost">
            {t('test.home')}
          </Link>
        </div>
        <p className="lkm-small lkm-test-copy-status" aria-live="polite">
          {copy === 'copied' ? t('test.copiedAnnouncement') : copy === 'failed' ? t('test.copyFailed') : ''}
        </p>
        <details
          className="lkm-test-report"
          open={showReport}
          onToggle={(event) => setShowReport(event.currentTarget.open)}
        >
          <summary>{t('test.reportLabel')}</summary>
          <pre data-testid="connection-test-report">{report}</pre>
        </details>
      </section>
    </PageShell>
  );
}
