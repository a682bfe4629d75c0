import { CheckStatus } from 'livekit-client';
import { describe, expect, it } from 'vitest';

// The page stub comes first: the modules under test read the page when imported.
import { mockFetch } from './testing/page';
import { english, i18nFor } from '../i18n/testing';
import { ApiError } from './api';
import {
  HEARD_LEVEL,
  SERVER_CHECKS,
  STEP_IDS,
  UNSUPPORTED,
  brokenStep,
  cameraStep,
  checkStep,
  describeStep,
  initialSteps,
  microphoneStep,
  overallState,
  parseConnectionTest,
  probeFailure,
  redact,
  requestConnectionTest,
  reportText,
  skipReason,
  skippedStep,
  soundLevel,
  summaryText,
  timedOutStep,
  tokenFailedStep,
  translateLog,
  type StepId,
  type StepResult,
  type Steps,
} from './connectionTest';

const fetchMock = mockFetch();

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl';

function withSteps(...results: StepResult[]): Steps {
  const steps: Record<StepId, StepResult> = { ...initialSteps() };
  for (const result of results) steps[result.id] = result;
  return steps;
}

const passed = (id: StepId): StepResult => ({ id, state: 'passed', notes: [] });

describe('the steps', () => {
  it('run in order: devices first, then the server checks of ConnectionCheck', () => {
    expect(STEP_IDS).toEqual(['camera', 'microphone', 'signalling', 'webrtc', 'turn', 'publishAudio', 'publishVideo']);
    expect(SERVER_CHECKS).toEqual([
      ['signalling', 'checkWebsocket'],
      ['webrtc', 'checkWebRTC'],
      ['turn', 'checkTURN'],
      ['publishAudio', 'checkPublishAudio'],
      ['publishVideo', 'checkPublishVideo'],
    ]);
    expect(SERVER_CHECKS.map(([id]) => id)).toEqual(STEP_IDS.slice(2));
  });

  it('all wait at first, and the test runs until every one is final', () => {
    const steps = initialSteps();
    expect(STEP_IDS.map((id) => steps[id].state)).toEqual(STEP_IDS.map(() => 'waiting'));
    expect(overallState(steps)).toBe('running');
    expect(summaryText(english, steps)).toBe('Testing…');
  });

  it('add up to the worst outcome', () => {
    const all = STEP_IDS.map(passed);
    expect(overallState(withSteps(...all))).toBe('passed');
    expect(summaryText(english, withSteps(...all))).toBe('Everything works: you are ready for a meeting.');
    const warned = withSteps(...all, { id: 'turn', state: 'warning', notes: [] });
    expect(overallState(warned)).toBe('warning');
    const failed = withSteps(...all, { id: 'turn', state: 'warning', notes: [] }, { id: 'camera', state: 'failed', notes: [] });
    expect(overallState(failed)).toBe('failed');
    expect(overallState(withSteps(...all, { id: 'webrtc', state: 'running', notes: [] }))).toBe('running');
  });
});

describe('ConnectionCheck results', () => {
  it('map the check states to step states', () => {
    const info = (status: CheckStatus) => ({ status, logs: [] });
    expect(checkStep('signalling', info(CheckStatus.IDLE)).state).toBe('waiting');
    expect(checkStep('signalling', info(CheckStatus.RUNNING)).state).toBe('running');
    expect(checkStep('signalling', info(CheckStatus.SUCCESS)).state).toBe('passed');
    expect(checkStep('signalling', info(CheckStatus.FAILED)).state).toBe('failed');
    expect(checkStep('publishVideo', info(CheckStatus.SKIPPED)).state).toBe('skipped');
  });

  it('call a skipped TURN check (no TURN server offered) a warning, not a failure', () => {
    const step = checkStep('turn', {
      status: CheckStatus.SKIPPED,
      logs: [
        { level: 'warning', message: 'No STUN servers configured on server side.' },
        { level: 'warning', message: 'No TURN servers configured.' },
      ],
    });
    expect(step.state).toBe('warning');
    const text = describeStep(english, step);
    expect(text).toEqual({
      name: 'TURN relay',
      state: 'Warning',
      detail:
        'The server offers no TURN relay. Meetings work on most networks but may fail behind strict firewalls.',
      notes: ['Warning: The server offers no STUN server.', 'Warning: No TURN server is configured.'],
    });
  });

  it('explain a passed or failed check, with its log lines as notes', () => {
    const ok = checkStep('signalling', {
      status: CheckStatus.SUCCESS,
      logs: [
        { level: 'warning', message: 'Server is insecure, clients may block connections to it' },
        { level: 'info', message: 'Connected to server, version 1.9.0.' },
      ],
    });
    expect(describeStep(english, ok)).toEqual({
      name: 'Connection to the server',
      state: 'Passed',
      detail: 'Connected to the meeting server.',
      notes: [
        'Warning: The server is not secured with TLS (ws://): some browsers and networks block such connections.',
        'Server version 1.9.0.',
      ],
    });
    const failed = checkStep('signalling', {
      status: CheckStatus.FAILED,
      logs: [{ level: 'error', message: 'Websocket connection could not be established' }],
    });
    expect(describeStep(english, failed).detail).toBe(
      'Could not connect to the meeting server. A firewall, proxy or VPN may be blocking it.',
    );
    expect(describeStep(english, failed).notes).toEqual(['Error: The WebSocket connection could not be opened.']);
  });

  it('say a running step is under way, and keep its progress', () => {
    const step = checkStep('publishAudio', {
      status: CheckStatus.RUNNING,
      logs: [{ level: 'info', message: 'detected audio from microphone' }],
    });
    expect(describeStep(english, step)).toMatchObject({
      state: 'Running',
      detail: 'Sending sound from your microphone to the server…',
      notes: ['Sound detected from the microphone.'],
    });
  });

  it('keep unknown log lines as LiveKit wrote them, without the token', () => {
    const step = checkStep(
      'webrtc',
      {
        status: CheckStatus.FAILED,
        logs: [
          { level: 'info', message: 'udp 192.168.1.4:50000 host (private)' },
          { level: 'error', message: `could not connect to wss://x/rtc?access_token=${TOKEN}&auto_subscribe=1` },
        ],
      },
      TOKEN,
    );
    const notes = describeStep(english, step).notes;
    expect(notes[0]).toBe('udp 192.168.1.4:50000 host (private)');
    expect(notes[1]).toBe('Error: could not connect to wss://x/rtc?access_token=…&auto_subscribe=1');
    expect(notes.join('\n')).not.toContain(TOKEN);
  });

  it('a check that throws fails, with the error as its last note', () => {
    const running = checkStep('turn', { status: CheckStatus.RUNNING, logs: [{ level: 'info', message: 'Using region specific url' }] });
    const step = brokenStep({ ...running, id: 'turn' }, new Error(`check is running already ${TOKEN}`), TOKEN);
    expect(step.state).toBe('failed');
    expect(describeStep(english, step)).toMatchObject({
      detail: 'The TURN relay could not be reached. Meetings may fail behind strict firewalls.',
      notes: ['Using region specific url', 'Error: check is running already …'],
    });
  });

  it('a step that takes too long fails, with what it logged', () => {
    const running = checkStep('publishVideo', { status: CheckStatus.RUNNING, logs: [{ level: 'info', message: 'received video frames' }] });
    const step = timedOutStep(running, 45);
    expect(step.state).toBe('failed');
    expect(describeStep(english, step)).toMatchObject({
      detail: 'This step did not finish within 45 seconds.',
      notes: ['Video frames received from the camera.'],
    });
  });
});

describe('log lines in other languages', () => {
  it('have their numbers and plurals', () => {
    const german = i18nFor('de');
    const french = i18nFor('fr');
    expect(translateLog(english, 'published 1 audio packets')).toBe('1 audio packet sent.');
    expect(translateLog(english, 'published 1250 video packets')).toBe('1,250 video packets sent.');
    expect(translateLog(german, 'published 1250 video packets')).toBe('1.250 Videopakete gesendet.');
    expect(translateLog(french, 'published 2 audio packets')).toBe('2 paquets audio envoyés.');
    expect(translateLog(french, 'Connected to server, version 1.9.0.')).toBe('Version du serveur : 1.9.0.');
  });
});

describe('camera and microphone', () => {
  it('name the device and the camera’s resolution', () => {
    const camera = cameraStep({ ok: true, label: 'FaceTime HD Camera', width: 1280, height: 720 });
    expect(describeStep(english, camera)).toEqual({
      name: 'Camera',
      state: 'Passed',
      detail: 'Your camera works.',
      notes: ['Device: FaceTime HD Camera', 'Resolution: 1280 × 720'],
    });
    expect(describeStep(english, cameraStep({ ok: true, label: '' })).notes).toEqual([]);
  });

  it('tell whether the microphone heard something', () => {
    expect(describeStep(english, microphoneStep({ ok: true, label: 'Mic', heard: true }))).toEqual({
      name: 'Microphone',
      state: 'Passed',
      detail: 'Your microphone works and picks up sound.',
      notes: ['Device: Mic'],
    });
    const silent = microphoneStep({ ok: true, label: 'Mic', heard: false });
    expect(silent.state).toBe('warning');
    expect(describeStep(english, silent).detail).toBe(
      'Your microphone is on but picked up no sound. Check that it is not muted.',
    );
    expect(describeStep(english, microphoneStep({ ok: true, label: 'Mic' })).detail).toBe('Your microphone works.');
  });

  it('explain why a device could not be opened', () => {
    const denied = cameraStep(probeFailure(new DOMException('Permission denied', 'NotAllowedError')));
    expect(denied.state).toBe('failed');
    expect(describeStep(english, denied)).toMatchObject({
      detail:
        'Access to your camera was refused. Allow it in your browser’s site settings, then run the test again.',
      notes: ['Error: NotAllowedError: Permission denied'],
    });
    const busy = microphoneStep(probeFailure(new DOMException('Could not start audio source', 'NotReadableError')));
    expect(describeStep(english, busy).detail).toBe(
      'Your microphone could not be started: another app may be using it.',
    );
    const none = microphoneStep(probeFailure({ name: 'NotFoundError', message: '' }));
    expect(describeStep(english, none).detail).toBe('No microphone was found. Connect one, then run the test again.');
    const unsupported = cameraStep({ ok: false, name: UNSUPPORTED, message: '' });
    expect(describeStep(english, unsupported)).toMatchObject({
      detail:
        'This browser cannot use a camera or microphone on this page. Open it over HTTPS in an up-to-date browser.',
      notes: [],
    });
    expect(describeStep(english, cameraStep(probeFailure('odd'))).detail).toBe('Your camera could not be started.');
  });

  it('measure sound as the largest swing from silence', () => {
    expect(soundLevel(new Uint8Array([128, 128, 128]))).toBe(0);
    expect(soundLevel(new Uint8Array([128, 192, 64]))).toBe(0.5);
    expect(soundLevel(new Uint8Array([0, 255]))).toBe(1);
    expect(soundLevel(new Uint8Array([128, 129, 127]))).toBeLessThan(HEARD_LEVEL);
  });
});

describe('skipping', () => {
  it('skips every server step after a failed signalling connection', () => {
    const steps = withSteps(passed('camera'), passed('microphone'), { id: 'signalling', state: 'failed', notes: [] });
    for (const id of ['webrtc', 'turn', 'publishAudio', 'publishVideo'] as const) {
      expect(skipReason(id, steps)).toBe('signalling');
    }
    expect(describeStep(english, skippedStep('turn', 'signalling'))).toMatchObject({
      state: 'Skipped',
      detail: 'Skipped: the connection to the meeting server failed.',
    });
  });

  it('skips publishing without WebRTC, or without the device it sends', () => {
    const noWebrtc = withSteps(passed('signalling'), { id: 'webrtc', state: 'failed', notes: [] });
    expect(skipReason('turn', noWebrtc)).toBeUndefined();
    expect(skipReason('publishAudio', noWebrtc)).toBe('webrtc');
    const noCamera = withSteps({ id: 'camera', state: 'failed', notes: [] }, passed('signalling'), passed('webrtc'));
    expect(skipReason('publishAudio', noCamera)).toBeUndefined();
    expect(skipReason('publishVideo', noCamera)).toBe('camera');
    expect(describeStep(english, skippedStep('publishVideo', 'camera')).detail).toBe(
      'Skipped: your camera is not available.',
    );
    const noMic = withSteps({ id: 'microphone', state: 'failed', notes: [] }, passed('signalling'), passed('webrtc'));
    expect(skipReason('publishAudio', noMic)).toBe('microphone');
    expect(skipReason('signalling', noMic)).toBeUndefined();
  });
});

describe('the test token', () => {
  it('is read from the answer of api/connection-test', () => {
    const data = {
      serverUrl: 'wss://lk.example.org',
      roomName: 'lkm-connection-test-abc',
      participantIdentity: 'connection-test-xyz',
      participantName: 'Connection test',
      participantToken: TOKEN,
    };
    expect(parseConnectionTest(data)).toEqual(data);
    expect(() => parseConnectionTest({ serverUrl: 'wss://x' })).toThrow(ApiError);
    expect(() => parseConnectionTest(null)).toThrow(ApiError);
  });

  it('is asked for with an empty JSON POST to api/connection-test', async () => {
    const answer = {
      serverUrl: 'wss://lk.example.org',
      roomName: 'lkm-connection-test-abc',
      participantIdentity: 'connection-test-xyz',
      participantName: 'Connection test',
      participantToken: TOKEN,
    };
    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify(answer), { status: 200 }));
    await expect(requestConnectionTest()).resolves.toEqual(answer);
    const [url, init] = fetchMock.mock.calls[0];
    expect(String(url)).toBe('https://meet.example/api/connection-test');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBeUndefined();
    expect(init?.credentials).toBe('same-origin');
    expect(init?.headers).toMatchObject({ 'Content-Type': 'application/json', Accept: 'application/json' });
  });

  it('is refused as the server says', async () => {
    const body = JSON.stringify({ error: 'too_many_requests', message: 'Too many requests' });
    fetchMock.mockResolvedValueOnce(new Response(body, { status: 429, headers: { 'Retry-After': '7' } }));
    const error = await requestConnectionTest().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(describeStep(english, tokenFailedStep(error)).detail).toBe(
      'The server did not start the test: Too many attempts. Try again in 7 seconds.',
    );
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await expect(requestConnectionTest()).rejects.toMatchObject({ code: 'unreachable' });
  });

  it('its refusal fails the signalling step with the server’s reason', () => {
    const step = tokenFailedStep(new ApiError('Not configured', 503, 'not_configured'));
    expect(describeStep(english, step)).toMatchObject({
      state: 'Failed',
      detail: 'The server did not start the test: This server is not set up for that.',
    });
    expect(describeStep(english, tokenFailedStep(new ApiError('x', undefined, 'unreachable'))).detail).toBe(
      'The server did not start the test: The server could not be reached. Check your connection and try again.',
    );
  });

  it('is taken out of any text', () => {
    expect(redact(`a ${TOKEN} b`, TOKEN)).toBe('a … b');
    expect(redact('wss://h/rtc?access_token=abc.def&x=1')).toBe('wss://h/rtc?access_token=…&x=1');
    expect(redact('nothing here', '')).toBe('nothing here');
  });
});

describe('the report', () => {
  const date = new Date(Date.UTC(2026, 11, 7, 9, 30, 0));
  const context = {
    date,
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0',
    pageUrl: 'https://meet.example.org/test',
    serverUrl: 'wss://lk.example.org',
  };
  const finished = withSteps(
    cameraStep({ ok: true, label: 'Cam', width: 640, height: 480 }),
    microphoneStep({ ok: true, label: 'Mic', heard: true }),
    checkStep(
      'signalling',
      { status: CheckStatus.SUCCESS, logs: [{ level: 'info', message: 'Connected to server, version 1.9.0.' }] },
      TOKEN,
    ),
    checkStep('webrtc', { status: CheckStatus.SUCCESS, logs: [] }),
    checkStep('turn', { status: CheckStatus.SKIPPED, logs: [{ level: 'warning', message: 'No TURN servers configured.' }] }),
    checkStep('publishAudio', { status: CheckStatus.SUCCESS, logs: [{ level: 'info', message: 'published 150 audio packets' }] }),
    checkStep('publishVideo', { status: CheckStatus.SUCCESS, logs: [{ level: 'info', message: `token ${TOKEN}` }] }),
  );

  it('holds the date, browser, servers and every step with its state and explanation', () => {
    const text = reportText(english, finished, context, TOKEN);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Connection test report');
    expect(lines[1]).toMatch(/^Date: .*2026.*\(2026-12-07T09:30:00\.000Z\)$/);
    expect(lines.slice(2, 7)).toEqual([
      'Browser: Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0',
      'Page: https://meet.example.org/test',
      'Media server: wss://lk.example.org',
      'Result: passed with warnings',
      '',
    ]);
    expect(lines.slice(7)).toEqual([
      '1. Camera: Passed',
      '   Your camera works.',
      '   - Device: Cam',
      '   - Resolution: 640 × 480',
      '2. Microphone: Passed',
      '   Your microphone works and picks up sound.',
      '   - Device: Mic',
      '3. Connection to the server: Passed',
      '   Connected to the meeting server.',
      '   - Server version 1.9.0.',
      '4. WebRTC connection: Passed',
      '   A WebRTC media connection to the server works.',
      '5. TURN relay: Warning',
      '   The server offers no TURN relay. Meetings work on most networks but may fail behind strict firewalls.',
      '   - Warning: No TURN server is configured.',
      '6. Sending audio: Passed',
      '   Sound from your microphone reaches the server.',
      '   - 150 audio packets sent.',
      '7. Sending video: Passed',
      '   Video from your camera reaches the server.',
      '   - token …',
    ]);
    expect(text).not.toContain(TOKEN);
  });

  it('says so while the server is not known and the test not finished', () => {
    const text = reportText(english, initialSteps(), { ...context, serverUrl: undefined });
    expect(text).toContain('Media server: not known');
    expect(text).toContain('Result: not finished');
    expect(text).toContain('1. Camera: Waiting');
  });

  it('is written in the person’s language', () => {
    const text = reportText(i18nFor('fr'), finished, context, TOKEN);
    expect(text).toContain('Rapport du test de connexion');
    expect(text).toContain('Résultat : réussi, avec des avertissements');
    expect(text).toContain('5. Relais TURN : Avertissement');
    expect(text).toContain('   - 150 paquets audio envoyés.');
    const dutch = reportText(i18nFor('nl'), finished, context, TOKEN);
    expect(dutch).toContain('3. Verbinding met de server: Geslaagd');
    expect(dutch).toContain('Datum: 7 december 2026');
  });
});
