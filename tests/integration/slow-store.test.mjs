// A slow meeting store must not slow what does not use it: PostgreSQL (scripts/with-postgres.sh)
// behind a proxy that holds every answer back (tests/lib/delay-proxy.mjs), the real binary with one
// connection event loop (--threads 1, so that any blocking of the loop shows), and requests that
// need no store (/healthz, a static file) timed while store requests are in flight. Store calls and
// passcode hashing run on a bounded pool (MEET_WORKER_THREADS, MEET_WORKER_QUEUE); a call past
// MEET_STORE_DEADLINE answers 504, a full queue 503, both {"error":"store_unavailable"} with
// Retry-After.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { adminUrl, psql, skipWithoutPostgres } from './lib/postgres.mjs';
import { startServer, credentialsEnv, tempDir } from './lib/server.mjs';
import { startDelayProxy, throughProxy } from '../lib/delay-proxy.mjs';

const skip = skipWithoutPostgres;

// What "fast" means for a request that needs no store, while the store is slow or busy.
// A sanitizer build runs several times slower on the same two cores: its bound is wider.
const FAST_MS = process.env.LKM_SANITIZER_BUILD ? 1500 : 300;
const STATIC_FILE = '/assets/app-AbCd1234.js';


let webRoot;
before(() => {
  if (skip) return;
  assert.ok(adminUrl, 'LKM_REQUIRE_POSTGRES is set but LKM_TEST_DATABASE_URL is not');
  webRoot = tempDir('lkm-slow-web-');
  fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><html><head><title>Meet</title></head></html>');
  fs.mkdirSync(path.join(webRoot, 'assets'));
  fs.writeFileSync(path.join(webRoot, STATIC_FILE), `console.log(${JSON.stringify('x'.repeat(2000))});`);
});
after(() => {
  if (webRoot) fs.rmSync(webRoot, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// One request on a connection of its own. Never rejects: a request that gets no answer within
// `timeoutMs` (or fails) resolves with status 0 and `error`. `ms`: from sending to the last byte.
function timed(server, pathname, { method = 'GET', body, from = '127.0.0.1', timeoutMs = 20000 } = {}) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers = { connection: 'close' };
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(payload);
  }
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ path: pathname, ms: Math.round(performance.now() - started), ...result });
    };
    const req = http.request({
      host: '127.0.0.1', port: server.port, path: pathname, method, headers, localAddress: from, agent: false,
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        finish({ status: res.statusCode, headers: res.headers, json, text });
      });
      res.on('error', (e) => finish({ status: 0, error: e.message }));
    });
    const timer = setTimeout(() => {
      finish({ status: 0, error: `no answer within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.on('error', (e) => finish({ status: 0, error: e.message }));
    req.end(payload);
  });
}

// Requests in flight, whose end can be asked about without waiting for it.
function inFlight(promises) {
  const state = promises.map(() => false);
  const all = Promise.all(promises.map((p, i) => p.finally(() => { state[i] = true; })));
  return { all, pending: () => state.filter((done) => !done).length };
}

// `count` requests kept in flight (each one that ends is followed by the next, `make(i)` for the
// i-th) until `stop()`, which waits for those in flight and gives every answer.
function sustain(count, make) {
  let stopped = false;
  let started = 0;
  let pending = 0;
  const results = [];
  const lanes = Array.from({ length: count }, async () => {
    while (!stopped) {
      const i = started++;
      pending += 1;
      results[i] = await make(i);
      pending -= 1;
    }
  });
  return {
    pending: () => pending,
    async stop() {
      stopped = true;
      await Promise.all(lanes);
      return results;
    },
  };
}

// `rounds` times /healthz, the static file and / (index.html), one after the other; each sample notes how many of
// `busy`'s requests were still pending when it was sent.
async function sampleFast(server, busy, rounds = 5) {
  const samples = [];
  for (let i = 0; i < rounds; i++) {
    for (const p of ['/healthz', STATIC_FILE, '/']) {
      const pendingBefore = busy.pending();
      const res = await timed(server, p, { timeoutMs: 15000 });
      samples.push({ path: p, status: res.status, ms: res.ms, pendingBefore, error: res.error });
    }
  }
  return { samples, pendingAfter: busy.pending() };
}

function assertFast({ samples, pendingAfter }, what) {
  const shown = JSON.stringify(samples);
  for (const s of samples) assert.equal(s.status, 200, `${s.path} while ${what}: ${shown}`);
  const slowest = Math.max(...samples.map((s) => s.ms));
  assert.ok(slowest < FAST_MS, `requests that need no store took up to ${slowest} ms (limit ${FAST_MS}) while ${what}: ${shown}`);
  assert.ok(pendingAfter > 0, `the store was no longer busy when the fast requests were measured: ${shown}`);
}

// 200, or 503/504 {"error":"store_unavailable"} with a Retry-After of a whole number of seconds.
function assertStoreAnswer(res, limitMs) {
  const shown = JSON.stringify({ status: res.status, ms: res.ms, error: res.error, body: res.text?.slice(0, 200), retryAfter: res.headers?.['retry-after'] });
  assert.ok(res.status === 200 || res.status === 503 || res.status === 504, `unexpected answer ${shown}`);
  if (res.status !== 200) {
    assert.equal(res.json?.error, 'store_unavailable', shown);
    assert.match(res.headers['retry-after'] ?? '', /^[1-9]\d*$/, shown);
  }
  assert.ok(res.ms < limitMs, `a store request took ${res.ms} ms (limit ${limitMs}): ${shown}`);
}

let databases = 0;

// A fresh database, a delay proxy in front of the scratch server, and livekit-meet with one
// connection loop using that database through the proxy (started undelayed: the migrations are not
// what is measured). Everything is ended afterwards, the server by its pid.
async function withSlowStore({ env = {} } = {}, body) {
  const database = `lkm_slow_${process.pid}_${++databases}`;
  psql(`CREATE DATABASE ${database}`);
  const admin = new URL(adminUrl);
  const proxy = await startDelayProxy({ host: admin.hostname, port: Number(admin.port) });
  let server;
  try {
    const url = new URL(throughProxy(adminUrl, proxy));
    url.pathname = `/${database}`;
    server = await startServer({
      args: ['--threads', '1', '--lobby', 'all', '--room-rate-limit', '0', '--token-rate-limit', '0', '--web-root', webRoot],
      env: credentialsEnv({ MEET_DATABASE_URL: url.toString(), ...env }),
      timeoutMs: 20000,
    });
    const check = await timed(server, '/api/meetings', { timeoutMs: 10000 });
    assert.equal(check.status, 200, `the store works before it is slowed: ${JSON.stringify(check)}`);
    await body({ server, proxy });
  } finally {
    proxy.delayMs = 0;
    if (server) await stopByPid(server);
    await proxy.close();
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

// SIGTERM, then SIGKILL if the server has not exited within 10 s.
async function stopByPid(server) {
  const { proc } = server;
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  process.kill(proc.pid, 'SIGTERM');
  const killed = setTimeout(() => {
    try { process.kill(proc.pid, 'SIGKILL'); } catch { /* already gone */ }
  }, 10000);
  await server.exited;
  clearTimeout(killed);
}

test('a store 300 ms late: /healthz and static files stay fast while twelve listings wait', { skip, timeout: 90000 }, async () => {
  const deadlineMs = 5000;
  await withSlowStore({ env: { MEET_STORE_DEADLINE: '5s' } }, async ({ server, proxy }) => {
    proxy.delayMs = 300;
    const busy = inFlight(Array.from({ length: 12 }, () => timed(server, '/api/meetings', { timeoutMs: 30000 })));
    await sleep(50);
    const fast = await sampleFast(server, busy);
    const slow = await busy.all;
    assertFast(fast, 'twelve /api/meetings waited on a store 300 ms late');
    for (const res of slow) assertStoreAnswer(res, deadlineMs + 2500);
  });
});

test('a store past MEET_STORE_DEADLINE answers 504 store_unavailable, and the server recovers', { skip, timeout: 90000 }, async () => {
  await withSlowStore({ env: { MEET_STORE_DEADLINE: '1s' } }, async ({ server, proxy }) => {
    proxy.delayMs = 3000;
    const busy = inFlight([timed(server, '/api/meetings', { timeoutMs: 20000 })]);
    await sleep(50);
    const fast = await sampleFast(server, busy, 3);
    const [late] = await busy.all;
    assertFast(fast, 'an /api/meetings waited on a store 3 s late');
    const shown = JSON.stringify({ status: late.status, ms: late.ms, error: late.error, body: late.text, headers: late.headers });
    assert.equal(late.status, 504, shown);
    assert.equal(late.json?.error, 'store_unavailable', shown);
    assert.match(late.headers['retry-after'] ?? '', /^[1-9]\d*$/, shown);
    assert.ok(late.ms < 2500, `the deadline of 1 s was answered after ${late.ms} ms`);

    // Back to a fast store: the abandoned call ends when its late answer arrives; meanwhile a
    // request may still find the store busy, but within a few seconds they succeed.
    proxy.delayMs = 0;
    const until = Date.now() + 15000;
    const attempts = [];
    for (;;) {
      const res = await timed(server, '/api/meetings', { timeoutMs: 10000 });
      attempts.push({ status: res.status, ms: res.ms, error: res.json?.error ?? res.error });
      if (res.status === 200) break;
      assertStoreAnswer(res, 5000);
      assert.ok(Date.now() < until, `the server did not recover within 15 s: ${JSON.stringify(attempts)}`);
      await sleep(250);
    }
    const healthy = await timed(server, '/healthz');
    assert.equal(healthy.status, 200);
  });
});

test('a full worker queue answers 503 store_unavailable at once; nothing hangs', { skip, timeout: 90000 }, async () => {
  const deadlineMs = 5000;
  const env = { MEET_WORKER_THREADS: '1', MEET_WORKER_QUEUE: '2', MEET_STORE_DEADLINE: '5s' };
  await withSlowStore({ env }, async ({ server, proxy }) => {
    proxy.delayMs = 1000;
    // Eight clients of their own (the per-client connection limit is far above one each anyway).
    const busy = inFlight(Array.from({ length: 8 }, (_, i) => timed(server, '/api/meetings', { from: `127.0.7.${i + 2}`, timeoutMs: 30000 })));
    await sleep(50);
    const fast = await sampleFast(server, busy, 3);
    const answers = await busy.all;
    assertFast(fast, 'eight /api/meetings waited on one worker and a store 1 s late');
    const shown = JSON.stringify(answers.map((r) => ({ status: r.status, ms: r.ms, error: r.json?.error ?? r.error, retryAfter: r.headers?.['retry-after'] })));
    for (const res of answers) assertStoreAnswer(res, deadlineMs + 2500);
    const refused = answers.filter((r) => r.status === 503);
    assert.ok(refused.length >= 1, `no request was refused with a queue of 2 and one worker: ${shown}`);
    assert.ok(refused.some((r) => r.ms < 500), `the refusals were not immediate: ${shown}`);
  });
});

test('passcode hashing for rooms and joins, sixteen at a time, leaves /healthz fast', { skip, timeout: 90000 }, async () => {
  await withSlowStore({}, async ({ server }) => {
    const passcode = 'secret123';
    // Sixteen in flight all the while /healthz and the static file are timed.
    const creating = sustain(16, () => timed(server, '/api/rooms', { method: 'POST', body: { passcode }, timeoutMs: 30000 }));
    await sleep(20);
    const whileCreating = await sampleFast(server, creating);
    const created = await creating.stop();
    for (const res of created) assert.equal(res.status, 201, JSON.stringify({ status: res.status, body: res.text }));
    assertFast(whileCreating, 'rooms with passcodes were created, sixteen at a time');

    const joining = sustain(16, (i) => timed(server, '/api/connection-details', {
      method: 'POST', body: { roomName: created[i % created.length].json.name, participantName: `guest${i}`, passcode }, timeoutMs: 30000,
    }));
    await sleep(20);
    const whileJoining = await sampleFast(server, joining);
    const joined = await joining.stop();
    for (const res of joined) {
      assert.equal(res.status, 200, JSON.stringify({ status: res.status, body: res.text }));
      assert.equal(typeof res.json.participantToken, 'string');
    }
    assertFast(whileJoining, 'guests joined rooms with passcodes, sixteen at a time');
  });
});
