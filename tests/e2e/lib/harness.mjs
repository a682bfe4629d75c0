// Browser end-to-end harness: the real livekit-meet binary serving the built web app, a LiveKit
// stand-in that records signalling attempts, and Debian's Chromium driven by playwright-core.
//
// Everything binds 127.0.0.1 with port 0, is bounded in time, and only processes started here
// are stopped.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ListRoomsResponse, Room, WebhookEvent } from '@livekit/protocol';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..', '..');
export const buildDir = process.env.LKM_BUILD_DIR ?? path.join(repoRoot, 'build');
export const binary = path.join(buildDir, 'livekit-meet');
export const webDist = process.env.LKM_WEB_DIST ?? path.join(repoRoot, 'web', 'dist');
export const chromiumPath = process.env.LKM_CHROMIUM ?? '/usr/bin/chromium';

export const API_KEY = 'APIe2etestkey';
export const API_SECRET = 'e2e-secret-0123456789-abcdefghijklmnopqrstuv';

/** Where screenshots go: $LKM_SCREENSHOT_DIR, or one temporary folder per run. */
export const screenshotDir =
  process.env.LKM_SCREENSHOT_DIR ?? path.join(os.tmpdir(), 'livekit-meet-e2e-screenshots');
fs.mkdirSync(screenshotDir, { recursive: true });

/**
 * Why the suite cannot run here (the suites are skipped with that reason), or undefined. Under CI
 * (CI set) a missing prerequisite is an error instead: a skipped browser suite would hide it.
 */
export function missingPrerequisite() {
  const reason = findMissingPrerequisite();
  if (reason && (process.env.CI || process.env.LKM_REQUIRE_BROWSER)) throw new Error(`browser tests cannot run: ${reason}`);
  return reason;
}

function findMissingPrerequisite() {
  if (!fs.existsSync(binary)) return `no server binary at ${binary} (run make build)`;
  if (!fs.existsSync(path.join(webDist, 'index.html'))) {
    return `no web build at ${webDist} (run: cd web && npm ci && npm run build)`;
  }
  if (!fs.existsSync(chromiumPath)) return `no Chromium at ${chromiumPath} (apt-get install chromium)`;
  return undefined;
}

export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A private copy of the web build (so a test may add the run-time tags to it). */
export function copyWebRoot() {
  const dir = tempDir('lkm-e2e-web-');
  fs.cpSync(webDist, dir, { recursive: true });
  return dir;
}

// ---------------------------------------------------------------------------------------------
// The LiveKit stand-in: accepts the browser's signalling attempt (WebSocket upgrade to /rtc…)
// and its follow-up HTTP validation request, records the access token, and refuses both.
// With `rosters` (room name -> @livekit/protocol ParticipantInfo[]), it also answers the server's
// RoomService calls (/twirp/…) through tests/lib/livekit-standin.mjs, which checks their tokens
// and grants; `twirp.calls` records them. With `liveRooms` (an array of { name, numParticipants? }
// that the test may change), RoomService ListRooms answers those rooms instead (token and
// `roomList` grant checked; a request's `names` filter applied); `listRoomsCalls` counts them.

/** The claims of a JWT, read without verification (to pick one of several recorded tokens). */
export function unverifiedClaims(token) {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
  } catch {
    return {};
  }
}

/** Answers RoomService ListRooms with `liveRooms`, as the LiveKit server serialises it. */
async function answerListRooms(req, res, liveRooms) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  const refuse = (status, code, msg) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ code, msg, meta: {} }));
  };
  try {
    const auth = req.headers.authorization ?? '';
    const claims = await new TokenVerifier(API_KEY, API_SECRET).verify(auth.replace(/^Bearer /, ''));
    if (claims.video?.roomList !== true) return refuse(403, 'permission_denied', 'roomList grant needed');
  } catch (error) {
    return refuse(401, 'unauthenticated', String(error));
  }
  let names = [];
  try {
    names = JSON.parse(raw || '{}').names ?? [];
  } catch {
    return refuse(400, 'invalid_argument', 'not JSON');
  }
  const now = BigInt(Math.floor(Date.now() / 1000));
  const rooms = liveRooms
    .filter((room) => names.length === 0 || names.includes(room.name))
    .map(
      (room) =>
        new Room({
          sid: `RM_${room.name}`,
          name: room.name,
          numParticipants: room.numParticipants ?? 1,
          numPublishers: room.numParticipants ?? 1,
          creationTime: now - 60n,
        }),
    );
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(new ListRoomsResponse({ rooms }).toJson({ useProtoFieldName: true, emitDefaultValues: true })));
  return undefined;
}

export async function startLiveKitStandIn({ holdMs = 0, rosters, liveRooms } = {}) {
  const attempts = []; // { kind: 'websocket' | 'http', path, query, headers, token }
  const listRooms = { calls: 0 };
  const sockets = new Set();
  const timers = new Set();
  let twirp;
  let twirpHandler;
  if (rosters) {
    const { standIn } = await import('../../lib/livekit-standin.mjs');
    // The Twirp stand-in's request handler serves /twirp/ on this server's port, where the
    // livekit-meet server sends its RoomService calls (LIVEKIT_URL's host).
    twirp = await standIn(
      (options, handler) => {
        twirpHandler = handler;
        return http.createServer(options, handler);
      },
      {},
      { key: API_KEY, secret: API_SECRET, rosters },
    );
  }

  const record = (kind, req) => {
    const url = new URL(req.url, 'http://stand-in');
    const auth = req.headers.authorization ?? '';
    const token =
      url.searchParams.get('access_token') ??
      (auth.toLowerCase().startsWith('bearer ') ? auth.slice(7) : null);
    const entry = {
      kind,
      path: url.pathname,
      url: req.url,
      headers: { ...req.headers },
      token,
      at: Date.now(),
    };
    attempts.push(entry);
    return entry;
  };

  const server = http.createServer((req, res) => {
    if (liveRooms && req.method === 'POST' && req.url === '/twirp/livekit.RoomService/ListRooms') {
      listRooms.calls += 1;
      void answerListRooms(req, res, liveRooms);
      return;
    }
    if (twirpHandler && req.url.startsWith('/twirp/')) {
      twirpHandler(req, res);
      return;
    }
    record('http', req);
    res.writeHead(401, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
    res.end('LiveKit stand-in: no media server here');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req, socket) => {
    record('websocket', req);
    const refuse = () => {
      timers.delete(timer);
      if (socket.destroyed) return;
      socket.end(
        'HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nContent-Length: 39\r\n' +
          'Connection: close\r\n\r\nLiveKit stand-in: no media server here',
      );
    };
    const timer = setTimeout(refuse, holdMs);
    timers.add(timer);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    attempts,
    twirp,
    liveRooms,
    listRooms,
    /** Resolves with the first attempt that carries a token (and whose claims pass `filter`). */
    async waitForToken(timeoutMs = 20000, filter = () => true) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const hit = attempts.find((a) => a.token && filter(unverifiedClaims(a.token)));
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the stand-in saw no matching signalling attempt in ${timeoutMs} ms`);
    },
    /** Resolves with the first signalling attempt of the participant named `name`. */
    waitForTokenOf(name, timeoutMs = 20000) {
      return this.waitForToken(timeoutMs, (claims) => claims.name === name);
    },
    /** Resolves with the Twirp calls of `method` (e.g. 'livekit.RoomService/RemoveParticipant'). */
    async waitForCall(method, timeoutMs = 15000, filter = () => true) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const hit = twirp?.calls.find((c) => c.method === method && filter(c));
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the stand-in saw no ${method} call in ${timeoutMs} ms`);
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
      await twirp?.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The livekit-meet server.

export async function startServer({
  webRoot,
  basePath,
  livekitUrl,
  timeoutMs = 15000,
  extraArgs = [],
  extraEnv = {},
}) {
  const dataDir = tempDir('lkm-e2e-data-');
  const args = ['serve', '--host', '127.0.0.1', '--port', '0', '--web-root', webRoot, '--data-dir', dataDir];
  if (basePath) args.push('--base-path', basePath);
  args.push(...extraArgs);
  const proc = spawn(binary, args, {
    env: {
      PATH: process.env.PATH,
      LIVEKIT_URL: livekitUrl,
      LIVEKIT_API_KEY: API_KEY,
      LIVEKIT_API_SECRET: API_SECRET,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  proc.stdout.on('data', (d) => {
    logs += d;
  });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    resolve({ code, signal });
  }));
  // If this test process ends without stopping it, the server it started goes too.
  const killOnExit = () => proc.kill('SIGKILL');
  process.once('exit', killOnExit);
  exited.then(() => process.off('exit', killOnExit));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`livekit-meet did not start in ${timeoutMs} ms: ${logs}`));
    }, timeoutMs);
    proc.stderr.on('data', (d) => {
      logs += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(logs);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`livekit-meet exited with ${code}: ${logs}`));
    });
  });
  const prefix = basePath ?? '';
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    /** URL of an app path, e.g. url('/rooms/x') → http://127.0.0.1:PORT/meet/rooms/x */
    url: (p = '/') => `http://127.0.0.1:${port}${prefix}${p}`,
    logs: () => logs,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

let webhookSequence = 0;

/**
 * Delivers one webhook event (@livekit/protocol WebhookEvent fields) to the server as LiveKit
 * does: a JWT whose sha256 claim hashes the body.
 */
export async function deliverWebhook(server, fields) {
  webhookSequence += 1;
  const body = new WebhookEvent({ id: `EV_e2e_${process.pid}_${webhookSequence}`, ...fields }).toJsonString();
  const at = new AccessToken(API_KEY, API_SECRET, { ttl: '5m' });
  at.sha256 = createHash('sha256').update(body).digest('base64');
  const token = await at.toJwt();
  const response = await fetch(server.url('/api/webhook'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/webhook+json', Authorization: token },
    body,
  });
  if (!response.ok) {
    throw new Error(`webhook ${fields.event} refused: ${response.status} ${await response.text()}`);
  }
}

/** `livekit-meet hash-password`: the hash of `password` for MEET_ORGANIZER_PASSWORD_HASH. */
export function hashPassword(password) {
  const result = spawnSync(binary, ['hash-password'], {
    input: `${password}\n`,
    encoding: 'utf8',
    timeout: 30000,
    env: { PATH: process.env.PATH },
  });
  if (result.status !== 0) {
    throw new Error(`livekit-meet hash-password failed (${result.status}): ${result.stderr}`);
  }
  return result.stdout.trim();
}

/** The server injects `<base href>` and the `livekit-meet-config` meta into index.html. */
export async function expectRunTimeConfig(server, basePath = '') {
  const html = await (await fetch(server.url('/'))).text();
  const base = `<base href="${basePath}/">`;
  if (!html.includes(base) || !html.includes('name="livekit-meet-config"')) {
    throw new Error(`index.html lacks the run-time config the server injects (${base})`);
  }
}

/**
 * Stand-in, web root copy and server, ready for a browser. `rosters` makes the stand-in answer
 * RoomService calls, `liveRooms` its ListRooms; `serverArgs` / `serverEnv` go to
 * `livekit-meet serve`.
 */
export async function startStack({ basePath, holdMs, rosters, liveRooms, serverArgs, serverEnv } = {}) {
  const standIn = await startLiveKitStandIn({ holdMs, rosters, liveRooms });
  const webRoot = copyWebRoot();
  let server;
  try {
    server = await startServer({
      webRoot,
      basePath,
      livekitUrl: standIn.url,
      extraArgs: serverArgs,
      extraEnv: serverEnv,
    });
    await expectRunTimeConfig(server, basePath ?? '');
    return {
      standIn,
      server,
      webRoot,
      async stop() {
        await server.stop();
        await standIn.close();
        fs.rmSync(webRoot, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server?.stop();
    await standIn.close();
    fs.rmSync(webRoot, { recursive: true, force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The browser.

export async function launchBrowser() {
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
    ],
  });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/**
 * A fresh context and page (in the browser language `locale`, e.g. 'fr-FR', when given) that
 * records every request the page makes (URL, method, headers and body), console errors and
 * Content-Security-Policy violations.
 */
export async function openPage(browser, { viewport = DESKTOP, origin, locale } = {}) {
  const context = await browser.newContext({
    viewport,
    // The browser's language (navigator.languages and Accept-Language); Chromium's own otherwise.
    ...(locale ? { locale } : {}),
    deviceScaleFactor: 1,
    isMobile: viewport.width < 600,
    hasTouch: viewport.width < 600,
    permissions: ['camera', 'microphone'],
  });
  if (origin) {
    await context.grantPermissions(['camera', 'microphone', 'clipboard-read', 'clipboard-write'], {
      origin,
    });
  }
  context.setDefaultTimeout(15000);
  context.setDefaultNavigationTimeout(20000);
  const page = await context.newPage();
  const requests = [];
  const consoleErrors = [];
  const cspViolations = [];
  const pageErrors = [];
  const entry = (request) => ({
    url: request.url(),
    method: request.method(),
    headers: request.headers(),
    postData: request.postData(),
  });
  // The page and its context both report a page's request (the same object): it is kept once.
  const seen = new WeakSet();
  const keep = (request) => {
    if (seen.has(request)) return;
    seen.add(request);
    requests.push(entry(request));
  };
  page.on('request', keep);
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy/i.test(text)) cspViolations.push(text);
    if (message.type() === 'error') consoleErrors.push(text);
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('dialog', (dialog) => {
    pageErrors.push(`unexpected ${dialog.type()}() dialog: ${dialog.message()}`);
    dialog.dismiss().catch(() => undefined);
  });
  // Requests made by dedicated workers (the E2EE worker) are recorded too.
  context.on('request', keep);
  return { context, page, requests, consoleErrors, cspViolations, pageErrors };
}

export async function screenshot(page, name) {
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({
    path: file,
    fullPage: false,
    animations: 'disabled',
    caret: 'hide',
    timeout: 60000,
  });
  return file;
}

// ---------------------------------------------------------------------------------------------
// Tokens and accessibility.

export async function verifyToken(token) {
  const verifier = new TokenVerifier(API_KEY, API_SECRET);
  return verifier.verify(token);
}

/**
 * Interactive elements of the page's accessibility tree that have no accessible name, from
 * Chromium's own computation (CDP Accessibility.getFullAXTree).
 */
export async function unnamedControls(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Accessibility.enable');
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const interactive = new Set([
      'button',
      'link',
      'textbox',
      'checkbox',
      'switch',
      'combobox',
      'tab',
      'menuitem',
      'radio',
      'slider',
      'searchbox',
    ]);
    return nodes
      .filter((node) => !node.ignored && interactive.has(node.role?.value))
      .filter((node) => !(node.name?.value ?? '').trim())
      .map((node) => `${node.role.value} (backend node ${node.backendDOMNodeId})`);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Runs `fn` with a deadline so that no step can hang the suite. */
export async function withTimeout(promise, ms, what) {
  let timer;
  try {
    return await Promise.race([
      promise,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
