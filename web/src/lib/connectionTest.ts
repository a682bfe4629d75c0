// The connection test (/test): its steps, in order, and what each outcome means for a person.
// The camera and the microphone are opened by the page; the server steps are livekit-client's
// ConnectionCheck checks, run against a throwaway room the server gives a token for
// (POST api/connection-test). This module turns their results into states, sentences in the
// active language and the plain-text report a person copies for support.
import { CheckStatus, type CheckInfo } from 'livekit-client';
import type { I18n, MessageKey, Params } from '../i18n/i18n';
import { errorText } from '../i18n/errors';
import { ApiError, UNEXPECTED, apiError, send } from './api';
import { appUrl } from './config';
import { isObject, str } from './json';

export const STEP_IDS = [
  'camera',
  'microphone',
  'signalling',
  'webrtc',
  'turn',
  'publishAudio',
  'publishVideo',
] as const;

export type StepId = (typeof STEP_IDS)[number];
export type ServerStepId = Exclude<StepId, 'camera' | 'microphone'>;
export type StepState = 'waiting' | 'running' | 'passed' | 'warning' | 'failed' | 'skipped';

/** The ConnectionCheck method that runs each server step, in the order they run. */
export const SERVER_CHECKS = [
  ['signalling', 'checkWebsocket'],
  ['webrtc', 'checkWebRTC'],
  ['turn', 'checkTURN'],
  ['publishAudio', 'checkPublishAudio'],
  ['publishVideo', 'checkPublishVideo'],
] as const satisfies readonly (readonly [ServerStepId, string])[];

/** How long a server step may take before it is called failed (its own timeouts are 15 s). */
export const STEP_TIMEOUT_SECONDS = 45;

export type NoteLevel = 'info' | 'warning' | 'error';

/** A line under a step: one of LiveKit's log lines as it wrote it, or one of ours. */
export type Note =
  | { level: NoteLevel; message: string }
  | { level: NoteLevel; key: MessageKey; params?: Params };

export interface StepResult {
  id: StepId;
  state: StepState;
  /** The sentence saying what happened; none: the state's usual one. */
  detail?: { key: MessageKey; params?: Params };
  /** The failed request of `test.signalling.noToken`, said with errorText. */
  error?: unknown;
  notes: Note[];
}

export type Steps = Readonly<Record<StepId, StepResult>>;

export function initialSteps(): Steps {
  const entries = STEP_IDS.map((id): [StepId, StepResult] => [id, { id, state: 'waiting', notes: [] }]);
  return Object.fromEntries(entries) as Record<StepId, StepResult>;
}

const FINAL: readonly StepState[] = ['passed', 'warning', 'failed', 'skipped'];
export const isFinal = (state: StepState) => FINAL.includes(state);

// ---------------------------------------------------------------------------------------------
// The test token.

export interface ConnectionTestDetails {
  serverUrl: string;
  roomName: string;
  participantIdentity: string;
  participantName: string;
  participantToken: string;
}

/** The answer of POST api/connection-test, checked field by field. */
export function parseConnectionTest(data: unknown): ConnectionTestDetails {
  if (!isObject(data) || !str(data.serverUrl) || !str(data.participantToken)) {
    throw new ApiError(UNEXPECTED, undefined, 'unexpected');
  }
  return {
    serverUrl: str(data.serverUrl),
    roomName: str(data.roomName),
    participantIdentity: str(data.participantIdentity),
    participantName: str(data.participantName),
    participantToken: str(data.participantToken),
  };
}

/**
 * Asks the server for a token for a fresh test room: `POST api/connection-test`, an empty body
 * sent as JSON (as every state-changing request of this app), from this page's origin.
 */
export async function requestConnectionTest(signal?: AbortSignal): Promise<ConnectionTestDetails> {
  const response = await send(appUrl('api/connection-test'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    signal,
  });
  if (!response.ok) throw await apiError(response);
  const data: unknown = await response.json().catch(() => null);
  return parseConnectionTest(data);
}

/** `text` without the token, nor any `access_token=` a URL in it may carry. */
export function redact(text: string, token?: string): string {
  let out = token ? text.split(token).join('…') : text;
  out = out.replace(/(access_token=)[^&\s"']+/gi, '$1…');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Camera and microphone.

/** What opening a device gave: its label and size, or the error's name and message. */
export type DeviceProbe =
  | { ok: true; label: string; width?: number; height?: number; heard?: boolean }
  | { ok: false; name: string; message: string };

/** The error of getUserMedia as a DeviceProbe (DOMException names: NotAllowedError, …). */
export function probeFailure(error: unknown): DeviceProbe {
  if (error instanceof Error || (isObject(error) && typeof error.name === 'string')) {
    const { name, message } = error as { name: string; message?: unknown };
    return { ok: false, name, message: typeof message === 'string' ? message : '' };
  }
  return { ok: false, name: 'Error', message: String(error) };
}

/** No mediaDevices at all: an insecure origin or an old browser. */
export const UNSUPPORTED = 'Unsupported';

function deviceFailure(id: 'camera' | 'microphone', probe: { name: string; message: string }): StepResult {
  const keys: Record<string, MessageKey> =
    id === 'camera'
      ? {
          NotAllowedError: 'test.camera.denied',
          SecurityError: 'test.camera.denied',
          NotFoundError: 'test.camera.notFound',
          OverconstrainedError: 'test.camera.notFound',
          NotReadableError: 'test.camera.inUse',
          AbortError: 'test.camera.inUse',
          [UNSUPPORTED]: 'test.media.unsupported',
        }
      : {
          NotAllowedError: 'test.microphone.denied',
          SecurityError: 'test.microphone.denied',
          NotFoundError: 'test.microphone.notFound',
          OverconstrainedError: 'test.microphone.notFound',
          NotReadableError: 'test.microphone.inUse',
          AbortError: 'test.microphone.inUse',
          [UNSUPPORTED]: 'test.media.unsupported',
        };
  const key = keys[probe.name] ?? (id === 'camera' ? 'test.camera.error' : 'test.microphone.error');
  const notes: Note[] =
    probe.name === UNSUPPORTED
      ? []
      : [{ level: 'error', message: probe.message ? `${probe.name}: ${probe.message}` : probe.name }];
  return { id, state: 'failed', detail: { key }, notes };
}

export function cameraStep(probe: DeviceProbe): StepResult {
  if (!probe.ok) return deviceFailure('camera', probe);
  const notes: Note[] = [];
  if (probe.label) notes.push({ level: 'info', key: 'test.note.device', params: { name: probe.label } });
  if (probe.width && probe.height) {
    // As strings: a resolution is not a quantity to group by thousands.
    const params = { width: String(probe.width), height: String(probe.height) };
    notes.push({ level: 'info', key: 'test.note.resolution', params });
  }
  return { id: 'camera', state: 'passed', detail: { key: 'test.camera.passed' }, notes };
}

/** Silence, or sound: whether the microphone was heard is told when it could be measured. */
export function microphoneStep(probe: DeviceProbe): StepResult {
  if (!probe.ok) return deviceFailure('microphone', probe);
  const notes: Note[] = [];
  if (probe.label) notes.push({ level: 'info', key: 'test.note.device', params: { name: probe.label } });
  if (probe.heard === false) {
    return { id: 'microphone', state: 'warning', detail: { key: 'test.microphone.silent' }, notes };
  }
  const key = probe.heard ? 'test.microphone.heard' : 'test.microphone.passed';
  return { id: 'microphone', state: 'passed', detail: { key }, notes };
}

/**
 * The loudness of one buffer of AnalyserNode.getByteTimeDomainData (128 is silence): the largest
 * swing from silence, 0 to 1.
 */
export function soundLevel(samples: ArrayLike<number>): number {
  let peak = 0;
  for (let i = 0; i < samples.length; i += 1) peak = Math.max(peak, Math.abs(samples[i] - 128));
  return Math.min(1, peak / 128);
}

/** The level above which the microphone counts as hearing something (about -34 dBFS). */
export const HEARD_LEVEL = 0.02;

// ---------------------------------------------------------------------------------------------
// Server steps.

/** A ConnectionCheck result (or progress) as the step it runs. */
export function checkStep(id: ServerStepId, info: Pick<CheckInfo, 'status' | 'logs'>, token?: string): StepResult {
  const notes: Note[] = info.logs.map(({ level, message }) => ({ level, message: redact(message, token) }));
  switch (info.status) {
    case CheckStatus.IDLE:
      return { id, state: 'waiting', notes };
    case CheckStatus.RUNNING:
      return { id, state: 'running', notes };
    case CheckStatus.SUCCESS:
      return { id, state: 'passed', detail: { key: `test.${id}.passed` }, notes };
    case CheckStatus.FAILED:
      return { id, state: 'failed', detail: { key: `test.${id}.failed` }, notes };
    case CheckStatus.SKIPPED:
    default:
      // The TURN check skips when the server offers no TURN server: a warning, meetings still work.
      if (id === 'turn') return { id, state: 'warning', detail: { key: 'test.turn.none' }, notes };
      return { id, state: 'skipped', detail: { key: 'test.skipped.other' }, notes };
  }
}

/** A step that did not finish in time: failed, with what it had logged. */
export function timedOutStep(step: StepResult, seconds: number): StepResult {
  return { ...step, state: 'failed', detail: { key: 'test.timedOut', params: { count: seconds } } };
}

/** A check that threw instead of finishing: failed, with the error as its last note. */
export function brokenStep(step: StepResult & { id: ServerStepId }, error: unknown, token?: string): StepResult {
  const message = redact(error instanceof Error ? error.message || error.name : String(error), token);
  return {
    ...step,
    state: 'failed',
    detail: { key: `test.${step.id}.failed` },
    notes: [...step.notes, { level: 'error', message }],
  };
}

/** The server gave no token: signalling cannot start. */
export function tokenFailedStep(error: unknown): StepResult {
  return { id: 'signalling', state: 'failed', detail: { key: 'test.signalling.noToken' }, error, notes: [] };
}

/** Why a step is not run, given the steps before it (undefined: it runs). */
export function skipReason(id: StepId, steps: Steps): StepId | undefined {
  if (id === 'camera' || id === 'microphone' || id === 'signalling') return undefined;
  if (steps.signalling.state === 'failed') return 'signalling';
  if (id === 'turn') return undefined;
  if (steps.webrtc.state === 'failed') return 'webrtc';
  if (id === 'publishAudio' && steps.microphone.state === 'failed') return 'microphone';
  if (id === 'publishVideo' && steps.camera.state === 'failed') return 'camera';
  return undefined;
}

export function skippedStep(id: StepId, because: StepId): StepResult {
  const keys: Partial<Record<StepId, MessageKey>> = {
    signalling: 'test.skipped.signalling',
    webrtc: 'test.skipped.webrtc',
    camera: 'test.skipped.camera',
    microphone: 'test.skipped.microphone',
  };
  return { id, state: 'skipped', detail: { key: keys[because] ?? 'test.skipped.other' }, notes: [] };
}

/** The test as a whole: running until every step is final, then its worst outcome. */
export function overallState(steps: Steps): 'running' | 'passed' | 'warning' | 'failed' {
  const states = STEP_IDS.map((id) => steps[id].state);
  if (states.some((state) => !isFinal(state))) return 'running';
  if (states.includes('failed')) return 'failed';
  if (states.includes('warning')) return 'warning';
  return 'passed';
}

// ---------------------------------------------------------------------------------------------
// Words.

// LiveKit's log lines that this app says in the person's language; others are shown as written.
const LOG_LINES: readonly [RegExp, MessageKey, (m: RegExpExecArray) => Params | undefined][] = [
  [/^Connected to server, version (.+?)\.?$/, 'test.log.serverVersion', (m) => ({ version: m[1] })],
  [/^Server is insecure/, 'test.log.insecure', () => undefined],
  [/^Websocket connection could not be established/i, 'test.log.websocketFailed', () => undefined],
  [/^ports need to be open on firewall/, 'test.log.firewallPorts', () => undefined],
  [/^Server is not configured for ICE\/TCP/, 'test.log.noIceTcp', () => undefined],
  [/^No public IPv4 UDP candidates/, 'test.log.noPublicUdp', () => undefined],
  [/^No STUN servers configured/, 'test.log.noStun', () => undefined],
  [/^TURN is configured server side, but TURN\/TLS is unavailable/, 'test.log.noTurnTls', () => undefined],
  [/^No TURN servers configured/, 'test.log.noTurn', () => undefined],
  [/^detected audio from microphone/, 'test.log.audioDetected', () => undefined],
  [/^unable to detect audio from microphone/, 'test.log.audioSilent', () => undefined],
  [/^published (\d+) audio packets?$/, 'test.log.audioPackets', (m) => ({ count: Number(m[1]) })],
  [/^published (\d+) video packets?$/, 'test.log.videoPackets', (m) => ({ count: Number(m[1]) })],
  [/^received video frames/, 'test.log.videoFrames', () => undefined],
  [/^camera appears to be producing only black frames/, 'test.log.blackFrames', () => undefined],
  [/^Could not determine packets are sent/, 'test.log.noPackets', () => undefined],
];

/** One of LiveKit's log lines in the person's language when this app knows it, else as written. */
export function translateLog({ t }: I18n, message: string): string {
  for (const [pattern, key, params] of LOG_LINES) {
    const match = pattern.exec(message);
    if (match) return t(key, params(match));
  }
  return message;
}

/** A note as a line for a person: warnings and errors say so. */
export function noteText(i18n: I18n, note: Note): string {
  const text = 'key' in note ? i18n.t(note.key, note.params) : translateLog(i18n, note.message);
  if (note.level === 'warning') return i18n.t('test.note.warning', { text });
  if (note.level === 'error') return i18n.t('test.note.error', { text });
  return text;
}

const RUNNING: Record<StepId, MessageKey> = {
  camera: 'test.camera.running',
  microphone: 'test.microphone.running',
  signalling: 'test.signalling.running',
  webrtc: 'test.webrtc.running',
  turn: 'test.turn.running',
  publishAudio: 'test.publishAudio.running',
  publishVideo: 'test.publishVideo.running',
};

export interface StepText {
  name: string;
  state: string;
  /** What happened, in a sentence ('' while waiting). */
  detail: string;
  notes: string[];
}

/** A step in words: its name, its state, the sentence that explains it, its notes. */
export function describeStep(i18n: I18n, step: StepResult): StepText {
  const { t } = i18n;
  let detail = '';
  if (step.detail) {
    const params = step.error === undefined ? step.detail.params : { reason: errorText(i18n, step.error) };
    detail = t(step.detail.key, params);
  } else if (step.state === 'running') {
    detail = t(RUNNING[step.id]);
  }
  return {
    name: t(`test.step.${step.id}`),
    state: t(`test.state.${step.state}`),
    detail,
    notes: step.notes.map((note) => noteText(i18n, note)),
  };
}

export const summaryText = ({ t }: I18n, steps: Steps) => t(`test.summary.${overallState(steps)}`);

export interface ReportContext {
  date: Date;
  userAgent: string;
  /** The address of the test page. */
  pageUrl: string;
  /** The LiveKit server's URL, once the server said it. */
  serverUrl?: string;
}

/**
 * The plain-text report a person sends to support: when, which browser, which servers, and each
 * step with its state, its explanation and its notes. It never holds the token.
 */
export function reportText(i18n: I18n, steps: Steps, context: ReportContext, token?: string): string {
  const { language, t } = i18n;
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'long' }).format(context.date);
  const lines = [
    t('test.report.title'),
    t('test.report.date', { date: `${date} (${context.date.toISOString()})` }),
    t('test.report.browser', { browser: context.userAgent }),
    t('test.report.page', { url: context.pageUrl }),
    t('test.report.server', { url: context.serverUrl || t('test.report.serverUnknown') }),
    t('test.report.result', { result: t(`test.result.${overallState(steps)}`) }),
    '',
  ];
  STEP_IDS.forEach((id, index) => {
    const text = describeStep(i18n, steps[id]);
    lines.push(t('test.report.step', { number: index + 1, step: text.name, state: text.state }));
    if (text.detail) lines.push(`   ${text.detail}`);
    for (const note of text.notes) lines.push(`   - ${note}`);
  });
  return redact(lines.join('\n'), token);
}
