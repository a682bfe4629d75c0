// The connection test page (/test): with the SFU stand-in (tests/sfu) as the LiveKit server, every
// step runs in order and the camera, microphone, signalling, WebRTC and publishing pass; TURN is a
// warning, as the stand-in offers no TURN server; the report (copied and shown) holds every step
// and no token. With nothing listening at the LiveKit URL, signalling fails with an explanation,
// the steps after it are skipped and the page is done within a bounded time.
//
// livekit-client's ConnectionCheck opens its signalling-only sessions (the WebSocket and TURN
// checks) on the v0 path (`/rtc?access_token=…&auto_subscribe=…`), which LiveKit serves and the
// stand-in does not (it serves /rtc/v1 only). A small adapter in front of the stand-in rewrites
// those requests to the v1 path (the same token, a JoinRequest with the same auto-subscribe
// setting) and passes every other byte through unchanged, so the join answer is the stand-in's.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { ConnectionSettings, JoinRequest, WrappedJoinRequest } from '@livekit/protocol';
import {
  API_KEY,
  API_SECRET,
  copyWebRoot,
  expectRunTimeConfig,
  missingPrerequisite,
  openPage,
  screenshot,
  startServer,
  unnamedControls,
} from './lib/harness.mjs';
import { launchMeetingBrowser, missingSfu } from './lib/meeting.mjs';

const skip = missingPrerequisite() ?? missingSfu();

const STEPS = ['camera', 'microphone', 'signalling', 'webrtc', 'turn', 'publishAudio', 'publishVideo'];
const NAMES = {
  camera: 'Camera',
  microphone: 'Microphone',
  signalling: 'Connection to the server',
  webrtc: 'WebRTC connection',
  turn: 'TURN relay',
  publishAudio: 'Sending audio',
  publishVideo: 'Sending video',
};
const FINAL = ['passed', 'warning', 'failed', 'skipped'];
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

/** A loopback port with nothing listening on it. */
async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The v1 form of a v0 signalling request target (`/rtc`, `/rtc/validate`), or undefined. */
function v1Target(target) {
  const url = new URL(target, 'http://adapter');
  const path = url.pathname.replace(/\/+$/, '');
  if (path !== '/rtc' && path !== '/rtc/validate') return undefined;
  const autoSubscribe = url.searchParams.get('auto_subscribe') !== '0';
  const joinRequest = new JoinRequest({ connectionSettings: new ConnectionSettings({ autoSubscribe }) });
  const wrapped = new WrappedJoinRequest({ joinRequest: joinRequest.toBinary() });
  const next = new URL(path === '/rtc' ? '/rtc/v1' : '/rtc/v1/validate', 'http://adapter');
  next.searchParams.set('access_token', url.searchParams.get('access_token') ?? '');
  next.searchParams.set('join_request', Buffer.from(wrapped.toBinary()).toString('base64url'));
  return `${next.pathname}${next.search}`;
}

/**
 * A TCP front for the stand-in on `port`: the first request of each connection has its v0
 * signalling target rewritten to v1 (recorded in `rewritten`), the rest goes through unchanged.
 */
async function startV0Adapter(port) {
  const rewritten = [];
  const sockets = new Set();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > 65536) client.destroy();
        return;
      }
      client.off('data', onData);
      client.pause();
      const lines = head.subarray(0, end).toString('latin1').split('\r\n');
      const [method, target, version] = lines[0].split(' ');
      const v1 = v1Target(target);
      if (v1) {
        rewritten.push(target.split('?')[0]);
        lines[0] = `${method} ${v1} ${version}`;
      }
      const upstream = net.connect({ host: '127.0.0.1', port }, () => {
        upstream.write(Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), head.subarray(end)]));
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
      sockets.add(upstream);
      upstream.on('close', () => {
        sockets.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => upstream.destroy());
      client.on('close', () => upstream.destroy());
    };
    client.on('data', onData);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${server.address().port}`,
    rewritten,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The SFU stand-in behind the v0 adapter, and livekit-meet with the adapter as LIVEKIT_URL. */
async function startStack() {
  const { startSfu } = await import('../sfu/index.mjs');
  const sfu = await startSfu({ apiKey: API_KEY, apiSecret: API_SECRET });
  const adapter = await startV0Adapter(sfu.port);
  const webRoot = copyWebRoot();
  let server;
  const stop = async () => {
    await sfu.stop();
    await adapter.close();
    await server?.stop();
    fs.rmSync(webRoot, { recursive: true, force: true });
  };
  try {
    server = await startServer({ webRoot, livekitUrl: adapter.url });
    await expectRunTimeConfig(server);
    sfu.setWebhookUrl(server.url('/api/webhook'));
    return { sfu, adapter, server, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Each step's state as the page shows it (data-state), the states seen on the way included. */
async function watchSteps(page) {
  await page.evaluate((ids) => {
    const seen = {};
    window.__lkmSeen = seen;
    const record = () => {
      for (const id of ids) {
        const state = document.querySelector(`[data-testid="connection-test-${id}"]`)?.getAttribute('data-state');
        if (!state) continue;
        seen[id] ??= [];
        if (seen[id].at(-1) !== state) seen[id].push(state);
      }
    };
    record();
    new MutationObserver(record).observe(document.body, { subtree: true, attributes: true, childList: true });
  }, STEPS);
}

/** Waits until every step is final; resolves with { states, seen, ms }. */
async function finished(page, timeoutMs) {
  const started = Date.now();
  await page.waitForFunction(
    ({ ids, final }) =>
      ids.every((id) =>
        final.includes(document.querySelector(`[data-testid="connection-test-${id}"]`)?.getAttribute('data-state')),
      ),
    { ids: STEPS, final: FINAL },
    { timeout: timeoutMs, polling: 200 },
  );
  const states = {};
  for (const id of STEPS) states[id] = await page.getByTestId(`connection-test-${id}`).getAttribute('data-state');
  const seen = await page.evaluate(() => window.__lkmSeen);
  return { states, seen, ms: Date.now() - started };
}

const stepText = (page, id) => page.getByTestId(`connection-test-${id}`).innerText();

describe('connection test page', { skip, timeout: 240000 }, () => {
  let browser;

  before(async () => {
    browser = await launchMeetingBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  test('with the SFU stand-in: every step runs, TURN is a warning, the report holds every step', async (t) => {
    const stack = await startStack();
    const person = await openPage(browser, { origin: stack.server.origin });
    const { page, requests, pageErrors } = person;
    try {
      await page.goto(stack.server.url('/test'));
      await page.getByRole('heading', { level: 1, name: 'Connection test' }).waitFor();
      const list = page.getByRole('list', { name: 'Test steps' });
      await list.waitFor();
      assert.equal(await list.getAttribute('aria-live'), 'polite');
      await watchSteps(page);
      assert.equal(await page.title(), 'Connection test · LiveKit Meet');

      const { states, seen, ms } = await finished(page, 120000);
      await screenshot(page, 'connection-test-passed');
      const texts = Object.fromEntries(await Promise.all(STEPS.map(async (id) => [id, await stepText(page, id)])));
      const why = JSON.stringify({ states, seen, texts }, null, 1);
      for (const id of ['camera', 'microphone', 'signalling', 'webrtc', 'publishAudio', 'publishVideo']) {
        assert.equal(states[id], 'passed', `${id} passes: ${why}`);
      }
      // The stand-in's join response offers no ICE server (no STUN, no TURN): a warning.
      assert.equal(states.turn, 'warning', why);
      assert.match(texts.turn, /The server offers no TURN relay\./);
      // Each server step was seen running before its result.
      for (const id of ['signalling', 'webrtc', 'publishAudio', 'publishVideo']) {
        assert.ok(seen[id].includes('running'), `${id} was shown running: ${why}`);
      }
      assert.match(texts.camera, /Your camera works\./);
      assert.match(texts.camera, /Resolution: \d+ × \d+/);
      assert.match(texts.microphone, /Your microphone works/);
      assert.match(texts.signalling, /Connected to the meeting server\./);
      assert.match(texts.publishVideo, /Video from your camera reaches the server\./);
      assert.match(texts.publishVideo, /\d+ video packets sent\./);
      await page.getByTestId('connection-test-summary').filter({ hasText: 'read the warnings below' }).waitFor();
      t.diagnostic(`all steps final in ${ms} ms`);

      // The token came from POST api/connection-test: JSON, empty body, same origin.
      const asked = requests.filter((r) => r.url.endsWith('/api/connection-test'));
      assert.equal(asked.length, 1, JSON.stringify(requests.map((r) => r.url)));
      assert.equal(asked[0].method, 'POST');
      assert.match(asked[0].headers['content-type'] ?? '', /^application\/json/);
      assert.ok(!asked[0].postData, 'empty body');

      // The WebSocket and TURN checks signalled on the v0 path (through the adapter).
      assert.ok(stack.adapter.rewritten.filter((path) => path === '/rtc').length >= 2, JSON.stringify(stack.adapter.rewritten));

      // The stand-in saw the throwaway room and its publications.
      await stack.sfu.webhooksIdle();
      const events = stack.sfu.webhooks.filter((w) => w.room?.startsWith('lkm-connection-test-'));
      assert.ok(events.some((w) => w.event === 'participant_joined' && w.participant?.startsWith('connection-test-')),
        JSON.stringify(stack.sfu.webhooks));
      assert.ok(events.some((w) => w.event === 'track_published'), JSON.stringify(stack.sfu.webhooks));

      // The report: shown, copied, every step, no token.
      await page.getByText('Report for support').click();
      const report = await page.getByTestId('connection-test-report').innerText();
      assert.match(report, /^Connection test report\n/);
      assert.match(report, /\nDate: .+\(\d{4}-\d\d-\d\dT[\d:.]+Z\)\n/);
      assert.ok(report.includes(`Browser: ${await page.evaluate(() => navigator.userAgent)}`), report);
      assert.ok(report.includes(`Media server: ${stack.adapter.url}`), report);
      assert.ok(report.includes('Result: passed with warnings'), report);
      STEPS.forEach((id, index) => {
        const state = id === 'turn' ? 'Warning' : 'Passed';
        assert.ok(report.includes(`${index + 1}. ${NAMES[id]}: ${state}\n`), `${id} in the report:\n${report}`);
      });
      assert.doesNotMatch(report, JWT);

      await page.getByRole('button', { name: 'Copy result' }).click();
      await page.getByText('The result was copied to the clipboard.').waitFor();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(copied.trim(), report.trim());
      assert.deepEqual(await unnamedControls(page), []);
      assert.equal(await page.getByRole('button', { name: 'Run again' }).isEnabled(), true);
      assert.deepEqual(pageErrors, []);
    } finally {
      await person.context.close();
      await stack.stop();
    }
  });

  test('with nothing at the LiveKit URL: signalling fails with an explanation, the rest is skipped', async () => {
    const webRoot = copyWebRoot();
    const server = await startServer({ webRoot, livekitUrl: `ws://127.0.0.1:${await closedPort()}` });
    const person = await openPage(browser, { origin: server.origin });
    const { page, pageErrors } = person;
    try {
      await expectRunTimeConfig(server);
      await page.goto(server.url('/test'));
      await page.getByRole('list', { name: 'Test steps' }).waitFor();
      await watchSteps(page);
      const { states, seen, ms } = await finished(page, 45000);
      await screenshot(page, 'connection-test-no-server');
      const why = JSON.stringify({ states, seen, ms });
      assert.ok(ms < 40000, `done in ${ms} ms`);
      assert.equal(states.camera, 'passed', why);
      assert.equal(states.signalling, 'failed', why);
      assert.match(
        await stepText(page, 'signalling'),
        /Could not connect to the meeting server\. A firewall, proxy or VPN may be blocking it\./,
      );
      for (const id of ['webrtc', 'turn', 'publishAudio', 'publishVideo']) {
        assert.equal(states[id], 'skipped', `${id}: ${why}`);
        assert.match(await stepText(page, id), /Skipped: the connection to the meeting server failed\./);
      }
      await page.getByTestId('connection-test-summary').filter({ hasText: 'Something does not work.' }).waitFor();

      await page.getByText('Report for support').click();
      const report = await page.getByTestId('connection-test-report').innerText();
      assert.ok(report.includes('Result: some steps failed'), report);
      assert.ok(report.includes('3. Connection to the server: Failed\n'), report);
      assert.ok(report.includes('Could not connect to the meeting server.'), report);
      for (const [index, id] of ['webrtc', 'turn', 'publishAudio', 'publishVideo'].entries()) {
        assert.ok(report.includes(`${index + 4}. ${NAMES[id]}: Skipped\n`), report);
      }
      assert.doesNotMatch(report, JWT);

      // Run again: the same outcome, again within the bound.
      const again = page.getByRole('button', { name: 'Run again' });
      assert.equal(await again.isEnabled(), true);
      await again.click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="connection-test-signalling"]')?.getAttribute('data-state') !== 'failed',
        null,
        { timeout: 10000 },
      );
      const second = await finished(page, 45000);
      assert.equal(second.states.signalling, 'failed', JSON.stringify(second));
      assert.deepEqual(pageErrors, []);
    } finally {
      await person.context.close();
      await server.stop();
      fs.rmSync(webRoot, { recursive: true, force: true });
    }
  });
});
