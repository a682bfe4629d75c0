// Start-up, logging and shutdown of the real binary.
import test from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, credentialsEnv, rawRequest, parseResponses, tempDir, API_SECRET } from './lib/server.mjs';

test('runs against livekit-server --dev with one clear warning when nothing is configured', async () => {
  const webRoot = tempDir();
  fs.writeFileSync(path.join(webRoot, 'index.html'), 'x');
  const s = await startServer({ env: {}, args: ['--web-root', webRoot] });
  try {
    const body = await (await fetch(s.url('/api/connection-details?roomName=r&participantName=p'))).json();
    assert.equal(body.serverUrl, 'ws://localhost:7880');
    const warnings = s.logs().split('\n').filter((l) => / warn /.test(l));
    assert.equal(warnings.length, 1, s.logs());
    assert.match(warnings[0], /devkey/);
    assert.match(warnings[0], /ws:\/\/localhost:7880/);
  } finally {
    await s.stop();
    fs.rmSync(webRoot, { recursive: true, force: true });
  }
});

test('logs one line per request without query, token or cookie', async () => {
  const s = await startServer();
  try {
    const res = await fetch(s.url('/api/connection-details?roomName=secretroom&participantName=p'), {
      headers: { cookie: 'random-participant-postfix=zz99; session=cookievalue' },
    });
    const { participantToken } = await res.json();
    await fetch(s.url('/healthz'));
    await s.stop();
    const logs = s.logs();
    const lines = logs.split('\n').filter((l) => l.includes('/api/connection-details'));
    assert.equal(lines.length, 1, logs);
    assert.match(lines[0], /GET \/api\/connection-details 200 /);
    assert.match(lines[0], /\d+(\.\d+)?\s*ms/);
    for (const secret of ['secretroom', 'roomName', participantToken, 'cookievalue', 'zz99', API_SECRET]) {
      assert.ok(!logs.includes(secret), `log must not contain ${secret.slice(0, 12)}`);
    }
  } finally {
    await s.stop();
  }
});

test('stops on SIGTERM: finishes an in-flight request, closes idle connections, exits 0', async () => {
  const s = await startServer();
  const idle = net.connect(s.port, '127.0.0.1');
  await new Promise((r) => idle.on('connect', r));
  const idleClosed = new Promise((r) => idle.on('close', r));
  idle.on('error', () => {});

  // A request whose header is still arriving when the signal comes.
  const busy = net.connect(s.port, '127.0.0.1');
  await new Promise((r) => busy.on('connect', r));
  let answer = '';
  busy.on('data', (d) => { answer += d; });
  const busyClosed = new Promise((r) => busy.on('close', r));
  busy.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
  await new Promise((r) => setTimeout(r, 200));
  s.proc.kill('SIGTERM');
  await idleClosed;
  busy.write('\r\n');
  await busyClosed;
  assert.match(answer, /^HTTP\/1\.1 200 /, 'the in-flight request got its response');
  const { code } = await s.exited;
  assert.equal(code, 0);
  await assert.rejects(rawRequest(s.port, 'GET /healthz HTTP/1.1\r\n\r\n', { timeoutMs: 1000 }).then((r) => {
    if (!r.text) throw new Error('refused');
    return r;
  }));
});

test('a reload request (SIGHUP) never stops the server', async () => {
  const s = await startServer();
  try {
    s.proc.kill('SIGHUP');
    // Signals are delivered asynchronously: a second request after the first makes sure a
    // process that was going to die of it has had its chance.
    for (let i = 0; i < 2; i++) assert.equal((await fetch(s.url('/healthz'))).status, 200);
    assert.equal(s.proc.exitCode, null);
    assert.equal(s.proc.signalCode, null);
  } finally {
    await s.stop();
  }
  assert.equal((await s.exited).code, 0);
});

test('SIGTERM under load: in-flight requests complete, new connections are refused, exit 0', { timeout: 60000 }, async () => {
  const s = await startServer();
  // Requests caught in flight: their header is in, their body is still arriving.
  const inFlight = await Promise.all(Array.from({ length: 5 }, () => new Promise((resolve) => {
    const socket = net.connect(s.port, '127.0.0.1');
    const conn = { socket, received: '' };
    conn.closed = new Promise((done) => socket.on('close', done));
    socket.on('data', (d) => { conn.received += d; });
    socket.on('error', () => {});
    socket.on('connect', () => {
      socket.write('POST /api/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/webhook+json\r\nContent-Length: 20\r\n\r\n{"event":');
      resolve(conn);
    });
  })));
  // Clients hammering the server the whole time.
  let stop = false;
  const outcomes = { ok: 0, refused: 0, other: [] };
  const client = async (i) => {
    while (!stop) {
      try {
        const res = await fetch(s.url(i % 2 ? '/healthz' : `/api/connection-details?roomName=load${i}&participantName=p`));
        const body = await res.text();
        if (res.status === 200 && body.length > 0) outcomes.ok++; else outcomes.other.push(`${res.status} ${body.slice(0, 60)}`);
      } catch {
        outcomes.refused++; // the connection was closed or refused: the server is going away
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  const clients = Array.from({ length: 16 }, (_, i) => client(i));
  while (outcomes.ok < 200) await new Promise((r) => setTimeout(r, 20));

  s.proc.kill('SIGTERM');
  // The listening socket closes at once, while the in-flight requests keep the process up.
  const refused = async () => {
    for (;;) {
      const code = await new Promise((resolve) => {
        const probe = net.connect(s.port, '127.0.0.1');
        probe.on('connect', () => { probe.destroy(); resolve('connected'); });
        probe.on('error', (e) => resolve(e.code));
      });
      if (code === 'ECONNREFUSED') return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await refused();
  assert.equal(s.proc.exitCode, null, 'still running for the requests in flight');

  for (const conn of inFlight) conn.socket.write('"x"}       '); // 20 bytes in all
  await Promise.all(inFlight.map((c) => c.closed));
  for (const conn of inFlight) {
    const [res] = parseResponses(conn.received);
    assert.equal(res?.status, 401, conn.received.slice(0, 80));
    assert.match(conn.received, /\r\nConnection: close\r\n/i);
  }
  const { code, signal } = await s.exited;
  stop = true;
  await Promise.all(clients);
  assert.equal(code, 0);
  assert.equal(signal, null);
  assert.deepEqual(outcomes.other, [], 'every answer during shutdown was a whole 200');
  assert.ok(outcomes.ok >= 200);
  await assert.rejects(new Promise((resolve, reject) => {
    const probe = net.connect(s.port, '127.0.0.1');
    probe.on('connect', () => { probe.destroy(); resolve(); });
    probe.on('error', reject);
  }), /ECONNREFUSED/);
});

test('refuses to start with partial credentials and names the variable', async () => {
  await assert.rejects(startServer({ env: credentialsEnv({ LIVEKIT_API_SECRET: undefined }) }), /LIVEKIT_API_SECRET/);
  await assert.rejects(startServer({ env: credentialsEnv({ LIVEKIT_API_KEY: undefined }) }), /LIVEKIT_API_KEY/);
  await assert.rejects(startServer({ env: credentialsEnv({ LIVEKIT_URL: undefined }) }), /LIVEKIT_URL/);
  await assert.rejects(startServer({ env: credentialsEnv({ LIVEKIT_URL: 'ftp://x' }) }), /LIVEKIT_URL/);
  await assert.rejects(startServer({ args: ['--base-path', 'meet'] }), /--base-path/);
  await assert.rejects(startServer({ args: ['--web-root', '/nonexistent/dir'] }), /--web-root/);
});

test('a second server on the same SQLite history is refused, and the first keeps serving', async () => {
  const dataDir = tempDir('lkm-owned-');
  const first = await startServer({ args: ['--data-dir', dataDir] });
  try {
    await assert.rejects(startServer({ args: ['--data-dir', dataDir] }),
      (error) => /meetings\.db: another process uses it/.test(error.message) && /PostgreSQL/.test(error.message));
    const res = await fetch(first.url('/api/connection-details?roomName=r&participantName=p'));
    assert.equal(res.status, 200);
    const created = await fetch(first.url('/api/rooms'), { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    assert.equal(created.status, 201);
  } finally {
    await first.stop();
  }
  // Once the first has exited, the history is free again.
  const next = await startServer({ args: ['--data-dir', dataDir] });
  await next.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
