// The real binary when the machine runs short: file descriptors (accept fails with EMFILE), a full
// disk under the SQLite store, and a file-size limit (RLIMIT_FSIZE).
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { AccessToken } from 'livekit-server-sdk';
import { WebhookEvent, Room } from '@livekit/protocol';
import { startServer, tempDir, cpuSeconds, openFds, API_KEY, API_SECRET } from './lib/server.mjs';

// A connection that sends one keep-alive /healthz request and tells when its answer has arrived.
function healthCheck(port) {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  let resolveAnswered;
  const answered = new Promise((resolve) => { resolveAnswered = resolve; });
  socket.on('data', (d) => {
    received += d;
    if (received.includes('{"status":"ok"}')) resolveAnswered(true);
  });
  socket.on('error', () => {});
  socket.on('close', () => resolveAnswered(false));
  socket.on('connect', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
  return {
    socket,
    answered,
    // true when answered within `ms`.
    within: (ms) => Promise.race([answered, sleep(ms).then(() => false)]),
  };
}

// Under a sanitizer build (LKM_SANITIZER_BUILD=1, as `make asan-integration-test` sets) this test
// cannot run: UBSan's vptr check, on meeting a type not yet in its cache, probes the object's
// memory through a pipe (sanitizer_common's IsAccessibleMemoryRange), so with no descriptor left
// it takes a valid object for an invalid one and stops the process. The dev build runs it.
const sanitized = process.env.LKM_SANITIZER_BUILD === '1'
  && 'UBSan\'s vptr check needs a free file descriptor, and this test leaves none';

test('out of file descriptors: the server waits without spinning and serves again once some are free', { skip: sanitized, timeout: 180000 }, async () => {
  const server = await startServer({ launcher: ['prlimit', '--nofile=64', '--'] });
  const pid = server.proc.pid;
  const held = [];
  let waiting;
  try {
    // Connections that were answered are kept open (keep-alive); the first one not answered
    // within a few seconds is the one the server could not accept.
    while (!waiting && held.length < 200) {
      const conn = healthCheck(server.port);
      if (await conn.within(3000)) held.push(conn); else waiting = conn;
    }
    assert.ok(waiting, 'a connection the server could not accept');
    assert.equal(openFds(pid, 64), 64, 'every descriptor below the limit is in use');
    assert.ok(held.length > 10 && held.length < 64, `${held.length} connections served`);

    // Saturated for ~2 s: accept is retried on a timer, so the server's CPU time stays far below
    // the wall time (a generous bound: a busy loop would use all of it).
    const cpuBefore = cpuSeconds(pid);
    const started = process.hrtime.bigint();
    await sleep(2000);
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = cpuSeconds(pid) - cpuBefore;
    assert.ok(cpu < 0.5 * wall, `server used ${cpu.toFixed(2)} s of CPU in ${wall.toFixed(2)} s while saturated`);
    const warnings = server.logs().split('\n').filter((l) => l.includes('accept failed'));
    assert.equal(warnings.length, 1, 'one warning per burst of failures');
    assert.match(warnings[0], / warn accept failed: Too many open files; retrying/);
    assert.equal(server.proc.exitCode, null, 'still running');

    // Descriptors free again: the waiting connection is accepted and answered, new ones too.
    for (const conn of held) conn.socket.destroy();
    const unusual = () => server.logs().split('\n').filter((l) => !l.includes('GET /healthz 200')).join('\n');
    assert.equal(await waiting.answered, true, `the waiting connection was answered; the server said:\n${unusual()}`);
    const res = await fetch(server.url('/healthz'));
    assert.equal(res.status, 200);
  } finally {
    for (const conn of held) conn.socket.destroy();
    waiting?.socket.destroy();
    await server.stop();
  }
});

// --- the store on a disk that fills up

const now = Math.floor(Date.now() / 1000);
let nextEvent = 0;
const roomStarted = () => {
  const n = nextEvent++;
  const room = new Room({ sid: `RM_full${n}`, name: `full-${n}`, creationTime: BigInt(now) });
  return new WebhookEvent({ event: 'room_started', id: `EV_full${n}`, createdAt: BigInt(now), room }).toJsonString();
};

async function deliver(server, body) {
  const at = new AccessToken(API_KEY, API_SECRET, { ttl: '5m' });
  at.sha256 = crypto.createHash('sha256').update(body).digest('base64');
  return fetch(server.url('/api/webhook'), {
    method: 'POST',
    headers: { 'content-type': 'application/webhook+json', authorization: await at.toJwt() },
    body,
  });
}

const roomNames = async (server) => {
  const res = await fetch(server.url('/api/meetings?limit=100'));
  assert.equal(res.status, 200, 'reads keep working');
  return (await res.json()).meetings.map((m) => m.roomName).sort();
};

// PRAGMA integrity_check through Debian's sqlite3, beside the running server.
function integrity(file) {
  const result = spawnSync('sqlite3', [file, 'PRAGMA integrity_check'], { encoding: 'utf8' });
  assert.equal(result.error, undefined, 'sqlite3 is installed (scripts/setup.sh --test)');
  return result.stdout.trim();
}

// Delivers new events until one is refused; returns that refused body and response.
async function deliverUntilRefused(server, limit = 2000) {
  for (let i = 0; i < limit; i++) {
    const body = roomStarted();
    const res = await deliver(server, body);
    if (res.status !== 200) return { body, res, accepted: i };
  }
  assert.fail(`${limit} deliveries were all accepted`);
}

// The checks shared by both ways of running out of room: a clear 503, the server up, reads
// working, nothing damaged, and writes working again once there is room.
async function checkFullAndRecovery(server, { dbFile, makeRoom, expectFull }) {
  const written = await roomNames(server);
  const { body, res } = await deliverUntilRefused(server);
  assert.equal(res.status, 503);
  const error = await res.json();
  assert.equal(error.error, 'store_unavailable');
  assert.match(error.message, expectFull);
  assert.equal(server.proc.exitCode, null, 'the server is still running');
  assert.equal(server.proc.signalCode, null, 'the server is still running');
  assert.match(server.logs(), / warn The meeting history /, 'the failure is logged');

  const before = await roomNames(server);
  assert.ok(before.length >= written.length);
  assert.equal((await deliver(server, body)).status, 503, 'a retry is refused too while full');
  assert.deepEqual(await roomNames(server), before, 'the refused event left nothing behind');
  assert.equal(integrity(dbFile), 'ok');

  await makeRoom();
  const retried = await deliver(server, body);
  assert.equal(retried.status, 200, 'LiveKit\'s retry of the refused delivery is applied');
  assert.deepEqual(await retried.json(), { status: 'ok' });
  assert.equal((await deliver(server, roomStarted())).status, 200);
  const after = await roomNames(server);
  assert.equal(after.length, before.length + 2);
  assert.equal(integrity(dbFile), 'ok');
}

// A tmpfs of its own, mounted in a mount namespace that only the server lives in; the test reaches
// it through /proc/<pid>/root. Needs root (as CI runs) and mount namespaces.
function tmpfsLauncher(dir, size) {
  return ['unshare', '--mount', '--propagation', 'private', '--', 'sh', '-c',
    `mount -t tmpfs -o size=${size} lkm-test-full "$1" && shift && exec "$@"`, 'sh', dir];
}

function cannotMount() {
  const dir = tempDir('lkm-mount-probe-');
  try {
    const probe = spawnSync(tmpfsLauncher(dir, '64k')[0], [...tmpfsLauncher(dir, '64k').slice(1), 'true'], { encoding: 'utf8' });
    if (probe.error) return `cannot run unshare: ${probe.error.message}`;
    if (probe.status !== 0) {
      return `cannot mount a tmpfs in a mount namespace (needs root with CAP_SYS_ADMIN): ${probe.stderr.trim()}`;
    }
    return false;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const mountProblem = cannotMount();
if (mountProblem) console.log(`# skipping the full-disk test: ${mountProblem}`);

test('a full disk: webhooks get a clear 503, reads keep working, nothing is damaged, writes resume once space is freed',
  { skip: mountProblem, timeout: 120000 }, async () => {
    const dataDir = tempDir('lkm-full-disk-');
    const server = await startServer({ args: ['--data-dir', dataDir, '--lobby', 'all'], launcher: tmpfsLauncher(dataDir, '1m') });
    const mounted = `/proc/${server.proc.pid}/root${dataDir}`;
    try {
      assert.match(fs.readFileSync(`/proc/${server.proc.pid}/mountinfo`, 'utf8'), /lkm-test-full/);
      for (let i = 0; i < 3; i++) assert.equal((await deliver(server, roomStarted())).status, 200);
      // Fill the file system to the last byte.
      const filler = `${mounted}/filler`;
      const fd = fs.openSync(filler, 'w');
      try {
        for (const size of [65536, 4096, 1]) {
          const chunk = Buffer.alloc(size, 0x55);
          try {
            for (;;) fs.writeSync(fd, chunk);
          } catch (e) {
            if (e.code !== 'ENOSPC') throw e;
          }
        }
      } finally {
        fs.closeSync(fd);
      }
      await checkFullAndRecovery(server, {
        dbFile: `${mounted}/meetings.db`,
        makeRoom: () => fs.rmSync(filler),
        expectFull: /^The meeting history cannot be written: .*full/,
      });
    } finally {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

test('a file-size limit: the server ignores SIGXFSZ and answers 503, and writes resume once it is raised', { timeout: 120000 }, async () => {
  const dataDir = tempDir('lkm-fsize-');
  // Soft limit 256 KiB, hard limit unlimited, so that the soft limit can be raised again.
  const server = await startServer({ args: ['--data-dir', dataDir, '--lobby', 'all'], launcher: ['prlimit', '--fsize=262144:unlimited', '--'] });
  try {
    for (let i = 0; i < 3; i++) assert.equal((await deliver(server, roomStarted())).status, 200);
    await checkFullAndRecovery(server, {
      dbFile: `${dataDir}/meetings.db`,
      makeRoom: () => {
        const raised = spawnSync('prlimit', ['--pid', String(server.proc.pid), '--fsize=unlimited:unlimited'], { encoding: 'utf8' });
        assert.equal(raised.status, 0, raised.stderr);
      },
      expectFull: /^The meeting history is unavailable: /,
    });
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
