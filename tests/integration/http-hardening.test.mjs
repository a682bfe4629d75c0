// Raw-socket checks of framing, limits and headers against the real binary.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, rawRequest, parseResponses, tempDir, LIVEKIT_URL } from './lib/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

const send = (data, opts) => rawRequest(server.port, data, opts);

test('sends the security headers on every response', async () => {
  for (const p of ['/healthz', '/api/connection-details', '/nope']) {
    const res = await fetch(server.url(p));
    const h = res.headers;
    assert.equal(h.get('x-content-type-options'), 'nosniff', p);
    assert.ok(h.get('referrer-policy'), p);
    const csp = h.get('content-security-policy');
    assert.match(csp, /frame-ancestors 'none'/);
    const connect = /connect-src ([^;]+)/.exec(csp)[1].split(' ');
    const origin = new URL(LIVEKIT_URL).host;
    assert.ok(connect.includes(`wss://${origin}`), csp);
    assert.ok(connect.includes(`https://${origin}`), csp);
    assert.match(h.get('permissions-policy'), /camera=\(self\)/);
    assert.match(h.get('permissions-policy'), /microphone=\(self\)/);
    assert.match(h.get('permissions-policy'), /display-capture=\(self\)/);
    assert.equal(h.get('cross-origin-opener-policy'), 'same-origin');
    assert.equal(h.get('cross-origin-embedder-policy'), 'credentialless');
    assert.equal(h.get('server'), 'livekit-meet');
  }
});

test('answers /healthz', async () => {
  const res = await fetch(server.url('/healthz'));
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 'ok' });
});

test('keeps a connection alive and answers pipelined requests in order', async () => {
  const req = (room) => `GET /api/connection-details?roomName=${room}&participantName=p HTTP/1.1\r\nHost: x\r\n\r\n`;
  const { text } = await send(req('one') + req('two') + 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  const responses = parseResponses(text);
  assert.equal(responses.length, 3);
  assert.equal(JSON.parse(responses[0].body).roomName, 'one');
  assert.equal(JSON.parse(responses[1].body).roomName, 'two');
  assert.equal(responses[2].status, 200);
});

const smuggling = {
  'Content-Length with Transfer-Encoding':
    'POST /api/connection-details HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  'Transfer-Encoding other than chunked':
    'POST /api/connection-details HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n',
  'chunked not last':
    'POST /api/connection-details HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n',
  'chunked twice':
    'POST /api/connection-details HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  'chunked on HTTP/1.0':
    'POST /api/connection-details HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  'duplicate Content-Length':
    'POST /api/connection-details HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc',
  'Content-Length list': 'POST /api/connection-details HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\nabc',
  'signed Content-Length': 'POST /api/connection-details HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc',
  'hex Content-Length': 'POST /api/connection-details HTTP/1.1\r\nHost: x\r\nContent-Length: 0x3\r\n\r\nabc',
};
for (const [name, request] of Object.entries(smuggling)) {
  test(`refuses ${name} with 400 and closes`, async () => {
    const { text, closed } = await send(request + 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    const responses = parseResponses(text);
    assert.equal(responses[0]?.status, 400, text);
    assert.equal(responses.length, 1, 'nothing after the refused request is answered');
    assert.ok(closed);
  });
}

test('refuses a long request target with 414', async () => {
  const { text } = await send(`GET /api/connection-details?roomName=${'a'.repeat(20000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
  assert.match(text, /^HTTP\/1\.1 414 /);
});

test('refuses oversized headers with 431', async () => {
  const { text } = await send(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(40000)}\r\n\r\n`);
  assert.match(text, /^HTTP\/1\.1 431 /);
});

test('refuses an oversized body with 413', async () => {
  const { text } = await send(`POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: ${64 * 1024 * 1024}\r\n\r\n`);
  assert.match(text, /^HTTP\/1\.1 413 /);
});

test('refuses garbage with 400', async () => {
  const { text } = await send('NOT HTTP AT ALL\r\n\r\n');
  assert.match(text, /^HTTP\/1\.1 400 /);
});

test('answers a request-target that is not a path with 400', async () => {
  const { text } = await send('GET http://evil.example/healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.match(text, /^HTTP\/1\.1 400 /);
});

test('answers 404 for unknown API paths without echoing them', async () => {
  const res = await fetch(server.url('/api/unknown-<b>thing</b>'));
  assert.equal(res.status, 404);
  assert.ok(!(await res.text()).includes('thing'));
});

test('lets only the /custom page connect to any LiveKit server', async () => {
  const webRoot = tempDir();
  fs.writeFileSync(path.join(webRoot, 'index.html'), '<html><head></head></html>');
  const s = await startServer({ args: ['--web-root', webRoot] });
  try {
    const custom = (await fetch(s.url('/custom?liveKitUrl=wss://elsewhere.example&token=x'))).headers;
    const csp = custom.get('content-security-policy');
    assert.match(csp, /connect-src 'self' ws: wss: http: https:;/);
    assert.ok(!csp.includes(', '), `one policy only: ${csp}`);
    const home = (await fetch(s.url('/'))).headers.get('content-security-policy');
    assert.ok(!/connect-src[^;]* wss: /.test(home), home);
  } finally {
    await s.stop();
    fs.rmSync(webRoot, { recursive: true, force: true });
  }
});
