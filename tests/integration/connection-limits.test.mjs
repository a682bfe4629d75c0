// Connections per client against the real binary: one client address that opens connection after
// connection cannot take the whole server (--max-connections-per-client); a trusted reverse proxy,
// which carries everyone, is exempt; refusals are counted by reason in /metrics and summed up in
// a bounded number of log lines. Other clients come from 127.0.0.2 (all of 127/8 is loopback).
import test from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer } from './lib/server.mjs';

const OTHER = '127.0.0.2';

// A connection from `localAddress` that sends one keep-alive /healthz request. `outcome` resolves
// to 'answered' when the answer arrives, or to 'closed' when the server closes it unanswered.
function connect(port, localAddress = '127.0.0.1') {
  const socket = net.connect({ port, host: '127.0.0.1', localAddress });
  let received = '';
  let settle;
  const outcome = new Promise((resolve) => { settle = resolve; });
  socket.on('data', (d) => {
    received += d;
    if (received.includes('{"status":"ok"}')) settle('answered');
  });
  socket.on('error', () => {});
  socket.on('close', () => settle(received === '' ? 'closed' : 'answered'));
  socket.on('connect', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
  return { socket, outcome };
}

// One request on a connection of its own from `localAddress`; the whole answer as text ('' when
// the connection was refused).
function fetchFrom(port, localAddress, path) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    let text = '';
    socket.on('data', (d) => { text += d; });
    socket.on('error', () => {});
    socket.on('close', () => resolve(text));
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
  });
}

function refusedTotal(exposition, reason) {
  const m = new RegExp(`^livekit_meet_http_connections_refused_total\\{reason="${reason}"\\} (\\d+)$`, 'm').exec(exposition);
  assert.ok(m, `the ${reason} series is there: ${exposition.slice(0, 200)}`);
  return Number(m[1]);
}

// The refusal lines of the log and the connections they add up to.
function refusalLines(server) {
  const lines = server.logs().split('\n').filter((line) => /warn refused \d+ connections? /.test(line));
  const total = lines.reduce((sum, line) => sum + Number(/refused (\d+) /.exec(line)[1]), 0);
  return { lines, total };
}

test('one client cannot hold more than its share of connections; another client is still served', { timeout: 60000 }, async () => {
  const server = await startServer({ args: ['--max-connections-per-client', '8'] });
  const held = [];
  try {
    for (let i = 0; i < 8; i++) held.push(connect(server.port));
    for (const conn of held) assert.equal(await conn.outcome, 'answered');

    // The greedy client's next 50 connections are closed at once, unanswered.
    const extra = [];
    for (let i = 0; i < 50; i++) extra.push(connect(server.port));
    const outcomes = await Promise.all(extra.map((conn) => conn.outcome));
    assert.deepEqual(new Set(outcomes), new Set(['closed']), 'every extra connection is refused');

    // Someone else is served meanwhile, and may read the metrics (loopback is allowed to).
    const other = connect(server.port, OTHER);
    assert.equal(await other.outcome, 'answered');
    const metrics = await fetchFrom(server.port, OTHER, '/metrics');
    assert.equal(refusedTotal(metrics, 'per_client'), 50);
    assert.equal(refusedTotal(metrics, 'max_connections'), 0);
    other.socket.destroy();

    // The log says so once, then sums up the rest when the 10 s interval ends: never a line per
    // refusal.
    const first = refusalLines(server);
    assert.ok(first.lines.length >= 1 && first.lines.length <= 2, first.lines.join('\n'));
    assert.match(first.lines[0], /over --max-connections-per-client 8 \(the latest from 127\.0\.0\.1\)/);
    const deadline = Date.now() + 15000;
    while (refusalLines(server).total < 50 && Date.now() < deadline) await sleep(100);
    const all = refusalLines(server);
    assert.equal(all.total, 50, all.lines.join('\n'));
    assert.ok(all.lines.length <= 2, `${all.lines.length} lines for 50 refusals`);

    // Connections that close give their room back: the count is exact.
    for (const conn of held.splice(0, 2)) conn.socket.destroy();
    let again;
    for (let i = 0; i < 100; i++) {
      again = connect(server.port);
      if (await again.outcome === 'answered') break;
      await sleep(20);
    }
    assert.equal(await again.outcome, 'answered', 'a closed connection makes room');
    again.socket.destroy();
  } finally {
    for (const conn of held) conn.socket.destroy();
    await server.stop();
  }
});

test('a trusted reverse proxy carries everyone and is not limited as one client', { timeout: 30000 }, async () => {
  const server = await startServer({ args: ['--max-connections-per-client', '2', '--trusted-proxies', '127.0.0.1'] });
  const held = [];
  try {
    for (let i = 0; i < 6; i++) held.push(connect(server.port));
    for (const conn of held) assert.equal(await conn.outcome, 'answered', 'the proxy is exempt');
    // Anyone else still has the limit.
    const others = [connect(server.port, OTHER), connect(server.port, OTHER)];
    for (const conn of others) assert.equal(await conn.outcome, 'answered');
    held.push(...others);
    assert.equal(await connect(server.port, OTHER).outcome, 'closed');
  } finally {
    for (const conn of held) conn.socket.destroy();
    await server.stop();
  }
});

test('connections over --max-connections are refused and counted under their own reason', { timeout: 30000 }, async () => {
  const server = await startServer({ args: ['--max-connections', '4', '--max-connections-per-client', '0'] });
  const held = [];
  try {
    for (let i = 0; i < 4; i++) held.push(connect(server.port));
    for (const conn of held) assert.equal(await conn.outcome, 'answered');
    assert.equal(await connect(server.port, OTHER).outcome, 'closed');
    assert.equal(await connect(server.port).outcome, 'closed');
    held.shift().socket.destroy();
    // The server notices the close a moment later; scrapes refused until then count too.
    let metrics = '';
    let refusedScrapes = 0;
    for (let i = 0; i < 100 && metrics === ''; i++) {
      metrics = await fetchFrom(server.port, OTHER, '/metrics');
      if (metrics === '') { refusedScrapes++; await sleep(20); }
    }
    assert.equal(refusedTotal(metrics, 'max_connections'), 2 + refusedScrapes);
    assert.equal(refusedTotal(metrics, 'per_client'), 0);
    assert.match(server.logs(), /refused 1 connection since the last such line \(at most one per 10s\): 1 over --max-connections 4/);
  } finally {
    for (const conn of held) conn.socket.destroy();
    await server.stop();
  }
});
