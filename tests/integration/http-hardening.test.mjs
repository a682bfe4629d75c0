// Raw-socket checks of framing, limits and headers against the real binary.
import test, { before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startServer, rawRequest, parseResponses, tempDir, LIVEKIT_URL } from './lib/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

const send = (data, opts) => rawRequest(server.port, data, opts);

test('sends the security headers on every response, the page policies on pages and scripts', async () => {
  const origin = new URL(LIVEKIT_URL).host;
  const web = tempDir('lkm-headers-web-');
  fs.mkdirSync(path.join(web, 'assets'));
  fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  fs.writeFileSync(path.join(web, 'assets', 'app-Ab12Cd34.js'), 'console.log(1);');
  fs.writeFileSync(path.join(web, 'assets', 'worker-Ab12Cd34.js'), 'onmessage = () => {};');
  fs.writeFileSync(path.join(web, 'assets', 'app-Ab12Cd34.css'), 'body{}');
  fs.writeFileSync(path.join(web, 'assets', 'icon-Ab12Cd34.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(web, 'assets', 'model-Ab12Cd34.wasm'), Buffer.from([0, 97, 115, 109]));
  const own = await startServer({ args: ['--web-root', web] });
  // Pages, scripts (workers take their policies from their own response) and SVG.
  const pages = ['/', '/rooms/standup', '/assets/app-Ab12Cd34.js', '/assets/worker-Ab12Cd34.js',
    '/assets/icon-Ab12Cd34.svg'];
  const others = ['/healthz', '/api/connection-details', '/api/session', '/assets/app-Ab12Cd34.css',
    '/assets/model-Ab12Cd34.wasm', '/assets/missing.js'];
  try {
    for (const p of [...pages, ...others]) {
      await expectHeaders(own, p, pages.includes(p), origin);
    }
    // The browser replaces the fields it stored with those of a 304: a revalidated page gets the
    // page's policies again (as they are now, say after a new --livekit-url), a style the strict
    // one; never the other kind's (a reload would run under default-src 'none').
    for (const p of ['/', '/rooms/standup', '/assets/app-Ab12Cd34.css']) {
      const first = await fetch(own.url(p));
      await first.arrayBuffer();
      const again = await fetch(own.url(p), { headers: { 'if-none-match': first.headers.get('etag') } });
      assert.equal(again.status, 304, p);
      assert.equal(again.headers.get('content-security-policy'), first.headers.get('content-security-policy'), p);
      assert.equal(again.headers.get('cross-origin-embedder-policy'), first.headers.get('cross-origin-embedder-policy'), p);
      assert.equal(again.headers.get('content-type'), null, `${p}: a 304 says no type`);
    }
  } finally {
    await own.stop();
    fs.rmSync(web, { recursive: true, force: true });
  }
});

async function expectHeaders(own, p, page, origin) {
  const res = await fetch(own.url(p));
  await res.arrayBuffer();
  const h = res.headers;
  assert.equal(h.get('x-content-type-options'), 'nosniff', p);
  assert.ok(h.get('referrer-policy'), p);
  assert.equal(h.get('x-frame-options'), 'DENY', p);
  assert.equal(h.get('server'), 'livekit-meet');
  const csp = h.get('content-security-policy');
  assert.match(csp, /frame-ancestors 'none'/, p);
  if (page) {
    const connect = /connect-src ([^;]+)/.exec(csp)[1].split(' ');
    assert.ok(connect.includes(`wss://${origin}`), csp);
    assert.ok(connect.includes(`https://${origin}`), csp);
    assert.match(h.get('permissions-policy'), /camera=\(self\)/, p);
    assert.match(h.get('permissions-policy'), /microphone=\(self\)/, p);
    assert.match(h.get('permissions-policy'), /display-capture=\(self\)/, p);
    assert.equal(h.get('cross-origin-opener-policy'), 'same-origin', p);
    assert.equal(h.get('cross-origin-embedder-policy'), 'credentialless', p);
  } else {
    // Data, styles and errors cannot run: a policy that allows nothing, and no page policies.
    assert.equal(csp, "default-src 'none'; frame-ancestors 'none'", p);
    for (const name of ['permissions-policy', 'cross-origin-opener-policy', 'cross-origin-embedder-policy']) {
      assert.equal(h.get(name), null, `${p}: ${name}`);
    }
  }
}

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

// Responses out of a raw byte stream, knowing which requests were HEAD (no body follows their
// header, whatever Content-Length says).
function parseFor(methods, text) {
  const out = [];
  let rest = text;
  for (const method of methods) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const headers = {};
    for (const line of lines) {
      const i = line.indexOf(':');
      headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const length = method === 'HEAD' ? 0 : Number(headers['content-length'] ?? 0);
    out.push({ status: Number(statusLine.split(' ')[1]), headers, body: rest.slice(end + 4, end + 4 + length) });
    rest = rest.slice(end + 4 + length);
  }
  return { responses: out, rest };
}

test('answers requests of several kinds sent in one write, in order, on one connection', async () => {
  const requests = [
    ['GET', 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['HEAD', 'HEAD /api/connection-details?roomName=a&participantName=p HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['POST', 'POST /api/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/webhook+json\r\nContent-Length: 2\r\n\r\n{}'],
    ['GET', 'GET /api/connection-details?roomName=b&participantName=p HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['POST', 'POST /api/webhook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n1;ext=1\r\n}\r\n0\r\nX-Trailer: 1\r\n\r\n'],
    ['GET', 'GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ];
  const { text, closed } = await send(requests.map(([, r]) => r).join(''));
  const { responses, rest } = parseFor(requests.map(([m]) => m), text);
  assert.deepEqual(responses.map((r) => r.status), [200, 200, 401, 200, 401, 404], text);
  assert.equal(responses[1].body, '');
  assert.ok(Number(responses[1].headers['content-length']) > 0, 'HEAD says how long the GET would be');
  assert.equal(JSON.parse(responses[3].body).roomName, 'b');
  assert.equal(rest, '', 'nothing after the last response');
  assert.ok(closed, 'closed after Connection: close');
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
  'two differing Content-Length':
    'POST /api/connection-details HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd',
  'negative Content-Length': 'POST /api/connection-details HTTP/1.1\r\nHost: x\r\nContent-Length: -3\r\n\r\nabc',
  'Content-Length with a space inside': 'POST /api/connection-details HTTP/1.1\r\nHost: x\r\nContent-Length: 1 3\r\n\r\nabc',
  'Content-Length with a space before the colon':
    'POST /api/connection-details HTTP/1.1\r\nHost: x\r\nContent-Length : 3\r\n\r\nabc',
  'Content-Length out of range':
    'POST /api/connection-details HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\nabc',
  'chunked not alone, though last':
    'POST /api/connection-details HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n',
  'Transfer-Encoding with a space before the colon':
    'POST /api/connection-details HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n',
  'Transfer-Encoding xchunked':
    'POST /api/connection-details HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n',
  'Transfer-Encoding folded onto a second line (obs-fold)':
    'POST /api/connection-details HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n',
  'Content-Length hidden in a folded line':
    'POST /api/connection-details HTTP/1.1\r\nHost: x\r\nX-Pad: a\r\n\tContent-Length: 3\r\n\r\nabc',
  'a field line starting with whitespace':
    'POST /api/connection-details HTTP/1.1\r\nHost: x\r\n Content-Length: 3\r\n\r\nabc',
  'a bare LF ending a field line': 'GET /healthz HTTP/1.1\r\nHost: x\nX-A: 1\r\n\r\n',
  'bare LFs throughout': 'GET /healthz HTTP/1.1\nHost: x\n\n',
  'a bare CR inside a field value': 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\rContent-Length: 3\r\n\r\nabc',
  'a bare CR ending the request line': 'GET /healthz HTTP/1.1\rHost: x\r\n\r\n',
  'a NUL inside a field value': 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n',
  'no Host on HTTP/1.1': 'GET /healthz HTTP/1.1\r\nAccept: */*\r\n\r\n',
  'two Host fields': 'GET /healthz HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n',
  'two equal Host fields': 'GET /healthz HTTP/1.1\r\nHost: a.example\r\nHost: a.example\r\n\r\n',
  'a Host with user info': 'GET /healthz HTTP/1.1\r\nHost: user@a.example\r\n\r\n',
  'a Host with a space': 'GET /healthz HTTP/1.1\r\nHost: a.example b.example\r\n\r\n',
};

// Shapes inside a chunked body, sent to a route that takes a body.
const chunked = (body) => `POST /api/webhook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${body}`;
Object.assign(smuggling, {
  'a chunk size over 64 bits': chunked('10000000000000003\r\nabc\r\n0\r\n\r\n'),
  'a chunk size of 17 hex digits': chunked('FFFFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n'),
  'a chunk size that is not hex': chunked('3z\r\nabc\r\n0\r\n\r\n'),
  'a negative chunk size': chunked('-3\r\nabc\r\n0\r\n\r\n'),
  'a chunk longer than its size': chunked('3\r\nabcdef\r\n0\r\n\r\n'),
  'a chunk size line ended by a bare LF': chunked('3\nabc\r\n0\r\n\r\n'),
  'an empty chunk extension': chunked('3;\r\nabc\r\n0\r\n\r\n'),
  'a chunk extension without a name': chunked('3;=x\r\nabc\r\n0\r\n\r\n'),
  'a chunk extension with a bare CR': chunked('3;a=b\rc\r\nabc\r\n0\r\n\r\n'),
  'a chunk extension of 80 KB': chunked(`3${';a=b'.repeat(20000)}\r\nabc\r\n0\r\n\r\n`),
  'a trailer line without a colon': chunked('3\r\nabc\r\n0\r\nNot a field\r\n\r\n'),
  'a trailer with a bare LF': chunked('3\r\nabc\r\n0\r\nX-T: 1\n\r\n'),
  'a trailer field of 70 KB': chunked(`3\r\nabc\r\n0\r\nX-Big: ${'a'.repeat(70000)}\r\n\r\n`),
  'a trailer section of 100 fields of 1 KB': chunked(`3\r\nabc\r\n0\r\n${`X-T: ${'a'.repeat(1000)}\r\n`.repeat(100)}\r\n`),
});
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
  const many = await send(`GET /healthz HTTP/1.1\r\nHost: x\r\n${'X-Many: 0123456789\r\n'.repeat(2000)}\r\n`);
  assert.match(many.text, /^HTTP\/1\.1 431 /);
  const endless = await send(`GET /healthz HTTP/1.1\r\nHost: x\r\n${'X-Endless: 0123456789\r\n'.repeat(20000)}`);
  assert.match(endless.text, /^HTTP\/1\.1 431 /, 'refused before the header ends');
  assert.ok(endless.closed);
});

test('reads repeated ordinary fields without trouble', async () => {
  const { text } = await send('GET /healthz HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nAccept: */*\r\n'
    + 'Cookie: a=1\r\nCookie: b=2\r\nConnection: close\r\n\r\n');
  assert.equal(parseResponses(text)[0]?.status, 200, text);
});

test('refuses an oversized body with 413', async () => {
  const { text } = await send(`POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: ${64 * 1024 * 1024}\r\n\r\n`);
  assert.match(text, /^HTTP\/1\.1 413 /);
});

test('serves normal clients while slow clients trickle headers and bodies, then cuts the slow ones off', { timeout: 120000 }, async () => {
  // The server's deadlines: 10 s for a whole header, 30 s for a whole body; a byte now and then
  // does not extend them.
  const open = (start) => new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1');
    const conn = { socket, received: '', closed: null };
    conn.closed = new Promise((done) => socket.on('close', done));
    socket.on('data', (d) => { conn.received += d.toString('latin1'); });
    socket.on('error', () => {});
    socket.on('connect', () => { socket.write(start); resolve(conn); });
    socket.on('error', reject);
  });
  const slowHeaders = await Promise.all(Array.from({ length: 40 }, () => open('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ')));
  const slowBodies = await Promise.all(Array.from({ length: 10 }, () => open(
    'POST /api/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/webhook+json\r\nContent-Length: 100000\r\n\r\n{')));
  const slow = [...slowHeaders, ...slowBodies];
  const trickle = setInterval(() => { for (const c of slow) if (!c.socket.destroyed) c.socket.write('a'); }, 250);
  try {
    for (let i = 0; i < 20; i++) {
      const res = await fetch(server.url(`/api/connection-details?roomName=busy${i}&participantName=p`));
      assert.equal(res.status, 200);
      assert.equal(JSON.parse(await res.text()).roomName, `busy${i}`);
    }
    assert.ok(slow.some((c) => !c.socket.destroyed), 'the slow clients were still connected meanwhile');
    await Promise.all(slow.map((c) => c.closed));
  } finally {
    clearInterval(trickle);
    for (const c of slow) c.socket.destroy();
  }
  for (const c of slow) assert.ok(!/^HTTP\/1\.1 [23]/.test(c.received), c.received.slice(0, 40));
  assert.equal((await fetch(server.url('/healthz'))).status, 200);
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

describe('a web root', () => {
  const FILE = '0123456789abcdefghijklmnopqrstuvwxyz';
  let root;
  let web;
  before(async () => {
    root = tempDir('lkm-web-');
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><html><head><title>Meet</title></head></html>');
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'assets', 'app-Ab12Cd34.js'), FILE);
    fs.writeFileSync(path.join(root, 'notes.txt'), FILE);
    web = await startServer({ args: ['--web-root', root] });
  });
  after(async () => {
    await web.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const exchange = async (method, target, extra = '') => {
    const { text } = await rawRequest(web.port, `${method} ${target} HTTP/1.1\r\nHost: x\r\n${extra}Connection: close\r\n\r\n`);
    const { responses, rest } = parseFor([method], text);
    assert.equal(rest, '', `nothing after the response to ${method} ${target}`);
    return responses[0];
  };

  test('HEAD answers with the headers of GET and no body', async () => {
    for (const target of ['/', '/rooms/abc', '/assets/app-Ab12Cd34.js', '/notes.txt', '/healthz', '/nope.js', '/api/meetings']) {
      const get = await exchange('GET', target);
      const head = await exchange('HEAD', target);
      assert.equal(head.body, '', target);
      assert.deepEqual(head.headers, get.headers, target);
      assert.equal(head.status, get.status, target);
      assert.equal(Number(head.headers['content-length']), Buffer.byteLength(get.body, 'latin1'), target);
    }
    // A fresh token (and cookie) per request: the same fields, of the same size.
    const target = '/api/connection-details?roomName=r&participantName=p';
    const get = await exchange('GET', target);
    const head = await exchange('HEAD', target);
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.deepEqual(Object.keys(head.headers).sort(), Object.keys(get.headers).sort());
    assert.equal(head.headers['content-length'], get.headers['content-length']);
  });

  test('ignores Range: the whole file with 200, no Content-Range, and no Accept-Ranges: bytes', async () => {
    for (const target of ['/assets/app-Ab12Cd34.js', '/notes.txt']) {
      const plain = await exchange('GET', target);
      assert.ok(!('accept-ranges' in plain.headers) || plain.headers['accept-ranges'] === 'none',
        `Accept-Ranges must not promise ranges: ${plain.headers['accept-ranges']}`);
      for (const range of ['bytes=0-3', 'bytes=10-', 'bytes=-5', 'bytes=0-1,4-5', 'bytes=30-2', 'bytes=999-', 'items=0-1']) {
        const res = await exchange('GET', target, `Range: ${range}\r\nIf-Range: ${plain.headers.etag}\r\n`);
        assert.equal(res.status, 200, `${target} ${range}`);
        assert.equal(res.body, FILE, `${target} ${range}`);
        assert.ok(!('content-range' in res.headers), `${target} ${range}`);
        assert.equal(res.headers['accept-ranges'], plain.headers['accept-ranges']);
      }
    }
  });
});
