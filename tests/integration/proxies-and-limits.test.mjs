// Per-client rate limits on token minting and webhooks, and X-Forwarded-For / X-Forwarded-Proto
// believed only from the reverse proxies named by --trusted-proxies.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startServer, runCli, rawRequest, parseResponses, tempDir } from './lib/server.mjs';

const details = (server, headers = {}) =>
  fetch(server.url('/api/connection-details?roomName=limits&participantName=ada'), { headers });

test('token requests over the per-client limit get 429 with Retry-After', async () => {
  const server = await startServer({ args: ['--token-rate-limit', '3'] });
  try {
    for (let i = 0; i < 3; i++) assert.equal((await details(server)).status, 200);
    const limited = await details(server);
    assert.equal(limited.status, 429);
    assert.equal((await limited.json()).error, 'too_many_requests');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    // X-Forwarded-For from a peer that is not a trusted proxy changes nothing.
    assert.equal((await details(server, { 'x-forwarded-for': '203.0.113.9' })).status, 429);
    // Other routes are not limited.
    assert.equal((await fetch(server.url('/healthz'))).status, 200);
  } finally {
    await server.stop();
  }
});

test('behind a trusted proxy each forwarded client has its own limit', async () => {
  const server = await startServer({ args: ['--token-rate-limit', '2', '--trusted-proxies', '10.0.0.0/8, 127.0.0.1'] });
  try {
    const from = (chain) => details(server, { 'x-forwarded-for': chain });
    assert.equal((await from('203.0.113.1')).status, 200);
    assert.equal((await from('203.0.113.1')).status, 200);
    assert.equal((await from('203.0.113.1')).status, 429);
    // A second client through the same proxy is not affected...
    assert.equal((await from('203.0.113.2')).status, 200);
    // ...and a client cannot dodge its limit by writing a fake address in front: the rightmost
    // address no trusted proxy wrote is the client.
    assert.equal((await from('198.51.100.7, 203.0.113.1')).status, 429);
    // Hops through further trusted proxies are skipped.
    assert.equal((await from('203.0.113.1, 10.1.2.3')).status, 429);
  } finally {
    await server.stop();
  }
});

test('a proxy that adds its own X-Forwarded-For line is believed over the client\'s line', async () => {
  const server = await startServer({ args: ['--token-rate-limit', '2', '--trusted-proxies', '127.0.0.1'] });
  try {
    // As a proxy that appends a field line (rather than extending the client's) forwards it: the
    // client's made-up line first, the proxy's own last. Every made-up address differs, the real
    // one does not, so the real client reaches its limit.
    const from = (fake) => rawRequest(server.port,
      'GET /api/connection-details?roomName=limits&participantName=ada HTTP/1.1\r\nHost: x\r\n'
      + `X-Forwarded-For: ${fake}\r\nX-Forwarded-For: 203.0.113.5\r\nConnection: close\r\n\r\n`)
      .then(({ text }) => parseResponses(text)[0]?.status);
    assert.equal(await from('198.51.100.1'), 200);
    assert.equal(await from('198.51.100.2'), 200);
    assert.equal(await from('198.51.100.3'), 429);
  } finally {
    await server.stop();
  }
});

test('the Secure cookie flag follows X-Forwarded-Proto only from a trusted proxy', async () => {
  const trusted = await startServer({ args: ['--trusted-proxies', '127.0.0.1'] });
  const untrusted = await startServer();
  try {
    const create = (server) => fetch(server.url('/api/rooms'), {
      method: 'POST', headers: { 'x-forwarded-proto': 'https', 'content-type': 'application/json' }, body: '{}',
    });
    const behindProxy = (await create(trusted)).headers.getSetCookie()[0];
    assert.match(behindProxy, /; Secure$/);
    const direct = (await create(untrusted)).headers.getSetCookie()[0];
    assert.doesNotMatch(direct, /Secure/);
  } finally {
    await trusted.stop();
    await untrusted.stop();
  }
});

test('webhook deliveries over the limit get 429 before any verification', async () => {
  const server = await startServer({ args: ['--webhook-rate-limit', '2'] });
  try {
    const post = () => fetch(server.url('/api/webhook'), { method: 'POST', headers: { authorization: 'x' }, body: '{}' });
    assert.equal((await post()).status, 401);
    assert.equal((await post()).status, 401);
    assert.equal((await post()).status, 429);
  } finally {
    await server.stop();
  }
});

test('a malformed --trusted-proxies entry stops the start and names it', () => {
  const dataDir = tempDir('lkm-data-');
  const result = runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--trusted-proxies', '10.0.0.0/8,not-an-ip']);
  fs.rmSync(dataDir, { recursive: true, force: true });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--trusted-proxies: not an address or network: not-an-ip/);
});
