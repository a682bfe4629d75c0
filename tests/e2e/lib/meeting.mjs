// Real meetings in the browser: the LiveKit stand-in SFU (tests/sfu) as the livekit-meet server's
// LIVEKIT_URL, the server's /api/webhook as the SFU's webhook URL, and people joining through
// the web app's pages in their own browser contexts with fake camera and microphone.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  API_KEY,
  API_SECRET,
  chromiumPath,
  copyWebRoot,
  expectRunTimeConfig,
  openPage,
  repoRoot,
  startServer,
  withTimeout,
} from './harness.mjs';

const sfuDir = path.join(repoRoot, 'tests', 'sfu');

/**
 * Why meetings cannot run here (the SFU's packages are missing), or undefined; an error instead
 * under CI or LKM_REQUIRE_BROWSER, as the harness's missingPrerequisite.
 */
export function missingSfu() {
  if (fs.existsSync(path.join(sfuDir, 'node_modules', 'werift'))) return undefined;
  const reason = `the SFU stand-in's packages are not installed (cd tests/sfu && npm ci)`;
  if (process.env.CI || process.env.LKM_REQUIRE_BROWSER) throw new Error(`meeting tests cannot run: ${reason}`);
  return reason;
}

/**
 * Chromium for meetings: the harness's flags, plus the loopback interface for WebRTC (the SFU
 * offers 127.0.0.1 candidates only) and plain IP host candidates instead of mDNS names.
 */
export async function launchMeetingBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    timeout: 30000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--allow-loopback-in-peer-connection',
      '--disable-features=WebRtcHideLocalIpsWithMdns',
      // background tabs must keep decoding and sending: several people share one browser
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
}

/**
 * SFU + livekit-meet (LIVEKIT_URL = the SFU, the SFU's webhooks to the server's /api/webhook).
 * `serverArgs` / `serverEnv` go to `livekit-meet serve`, `sfu` to startSfu.
 */
export async function startMeetingStack({ serverArgs, serverEnv, sfu: sfuOptions = {} } = {}) {
  const { startSfu } = await import('../../sfu/index.mjs');
  const sfu = await startSfu({ apiKey: API_KEY, apiSecret: API_SECRET, ...sfuOptions });
  const webRoot = copyWebRoot();
  let server;
  try {
    server = await startServer({ webRoot, livekitUrl: sfu.url, extraArgs: serverArgs, extraEnv: serverEnv });
    await expectRunTimeConfig(server);
    sfu.setWebhookUrl(server.url('/api/webhook'));
    return {
      sfu,
      server,
      webRoot,
      async stop() {
        await sfu.stop();
        await server.stop();
        fs.rmSync(webRoot, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server?.stop();
    await sfu.stop();
    fs.rmSync(webRoot, { recursive: true, force: true });
    throw error;
  }
}

/**
 * One person joins `room` through the pages: the room link (with `query`, e.g. '?codec=vp8'),
 * the pre-join screen (name typed, Join clicked), then waits until the conference is connected
 * (the Chat control appears once LiveKit has said the person may send data). Resolves with the
 * harness's openPage result plus `name` and `leave()`. `initScript` (a function or source) runs in
 * the page before its own scripts (Playwright's addInitScript). `clock`: the page's timers run on
 * Playwright's clock (page.clock), which flows as usual until the test fast-forwards it.
 */
export async function joinMeeting(browser, stack, { room, name, query = '', timeoutMs = 30000, initScript, clock = false }) {
  const person = await openPage(browser, { origin: stack.server.origin });
  const { page } = person;
  try {
    if (initScript) await person.context.addInitScript(initScript);
    if (clock) await page.clock.install();
    await page.goto(stack.server.url(`/rooms/${encodeURIComponent(room)}${query}`));
    await page.getByRole('textbox', { name: 'Your name' }).fill(name);
    await page.getByRole('button', { name: 'Join meeting' }).click();
    const toolbar = page.getByRole('toolbar', { name: 'Meeting controls' });
    await toolbar.getByRole('button', { name: /^Chat/ }).waitFor({ timeout: timeoutMs });
  } catch (error) {
    await person.context.close();
    throw error;
  }
  return {
    ...person,
    name,
    toolbar: page.getByRole('toolbar', { name: 'Meeting controls' }),
    /** Clicks Leave, then "Back to home" on the page that says so, and waits for the home page. */
    async leave() {
      await page.getByRole('toolbar', { name: 'Meeting controls' }).getByRole('button', { name: 'Leave' }).click();
      await leftToHome(page, stack);
    },
  };
}

/** On the page after a meeting (MeetingEnded): its heading, named `title`. */
export const endingHeading = (page, title) => page.getByRole('heading', { level: 1, name: title });

/** From "You left the meeting", "Back to home" to the home page. */
export async function leftToHome(page, stack) {
  await endingHeading(page, 'You left the meeting').waitFor();
  await page.getByRole('link', { name: 'Back to home' }).click();
  await page.waitForURL(stack.server.url('/'));
}

/** The tile of a remote participant named `name` (its name tag reads `name`). */
export function remoteTile(page, name) {
  return page
    .locator('.lk-participant-tile:not([data-lk-local-participant="true"])')
    .filter({ has: page.locator('.lk-participant-name', { hasText: name }) });
}

/**
 * Whether `name`'s remote camera really plays at `page`: a <video> in their tile with
 * videoWidth > 0 whose frames advance (requestVideoFrameCallback counts presented frames).
 * The tile's element is looked up again on each try, as the page may replace it (e.g. while it
 * reconnects). Resolves with { width, height, frames } or throws after `timeoutMs`.
 */
export async function remoteVideoPlaying(page, name, options = {}) {
  return tileVideoPlaying(remoteTile(page, name), `${name}'s video`, options);
}

/** Waits until `page` shows no remote tile for `name`. */
export async function remoteTileGone(page, name, timeoutMs = 20000) {
  await remoteTile(page, name).first().waitFor({ state: 'detached', timeout: timeoutMs });
}

/** The remote tile of `name`'s shared screen (source screen_share; its name tag reads "<name>'s screen"). */
export function remoteScreenShareTile(page, name) {
  return page
    .locator('.lk-participant-tile[data-lk-source="screen_share"]:not([data-lk-local-participant="true"])')
    .filter({ has: page.locator('.lk-participant-name', { hasText: name }) });
}

/** The remote camera tile of `name` (source camera), as remoteTile but never their screen's. */
export function remoteCameraTile(page, name) {
  return page
    .locator('.lk-participant-tile[data-lk-source="camera"]:not([data-lk-local-participant="true"])')
    .filter({ has: page.locator('.lk-participant-name', { hasText: name }) });
}

/**
 * Whether the video in `tile` (a Locator) really plays, as remoteVideoPlaying: videoWidth > 0 and
 * `frames` presented frames, the <video> looked up again on each try. `what` names it in errors.
 */
export async function tileVideoPlaying(tile, what, { timeoutMs = 20000, frames = 5 } = {}) {
  const deadline = Date.now() + timeoutMs;
  const video = tile.first().locator('video').first();
  let lastError;
  while (Date.now() < deadline) {
    const left = deadline - Date.now();
    try {
      await video.waitFor({ timeout: left });
      return await withTimeout(
        video.evaluate(
          (el, wanted) =>
            new Promise((resolve) => {
              let count = 0;
              const onFrame = () => {
                if (el.videoWidth > 0) count += 1;
                if (count >= wanted) resolve({ width: el.videoWidth, height: el.videoHeight, frames: count });
                else el.requestVideoFrameCallback(onFrame);
              };
              el.requestVideoFrameCallback(onFrame);
            }),
          frames,
          { timeout: Math.min(left, 4000) },
        ),
        Math.min(left, 4000),
        `${what} to play`,
      );
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`${what} did not play within ${timeoutMs} ms: ${lastError?.message ?? ''}`);
}
