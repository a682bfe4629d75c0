// Large files: on plain connections their bodies go out with sendfile(2), so these tests check
// what that path must keep: exact bytes, keep-alive after them, HEAD, slow readers, readers that
// leave mid-body, readers that never read (the write timeout), a file replaced between requests,
// and HTTPS, where the same files go out from memory.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer, tempDir } from './lib/server.mjs';

const BIG = 'assets/big-Qw12Er34.bin'; // incompressible, no variant
const BUNDLE = 'assets/app-Zx98Cv76.js'; // with a .gz variant, both over the sendfile threshold
const bigBytes = crypto.randomBytes(16 * 1024 * 1024);
const bundleText = Array.from({ length: 20000 }, (_, i) => `export const v${i} = ${i * 7919 % 104729};`).join('\n');
const bundleGz = zlib.gzipSync(bundleText, { level: 9 });

const sha = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

let server;
let root;
before(async () => {
  root = tempDir('lkm-large-');
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Meet</title>');
  fs.writeFileSync(path.join(root, BIG), bigBytes);
  fs.writeFileSync(path.join(root, BUNDLE), bundleText);
  fs.writeFileSync(path.join(root, `${BUNDLE}.gz`), bundleGz);
  assert.ok(bundleGz.length > 64 * 1024, 'the variant is large enough for sendfile');
  // A whole response must be written within the write timeout: long enough for 16 MiB on a busy
  // machine, short enough for the test of a reader that never reads.
  server = await startServer({ args: ['--web-root', root, '--write-timeout', '4s'] });
});
after(async () => {
  await server.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

// Reads responses off one socket as they come: head parsed, body by Content-Length (none for
// HEAD). `pauseMs` holds the socket unread for that long after the request is sent.
// Chunks are kept as they arrive and joined once a response is whole, so that reading 16 MiB costs
// one copy (joining at every chunk would cost gigabytes and, on a busy machine, outlast the write
// timeout).
function connection(port) {
  const socket = net.connect(port, '127.0.0.1');
  let parts = [];
  let size = 0;
  let waiter = null;
  let ended = false;
  const wake = () => { if (waiter) { const w = waiter; waiter = null; w(); } };
  socket.on('data', (chunk) => { parts.push(chunk); size += chunk.length; wake(); });
  socket.on('close', () => { ended = true; wake(); });
  socket.on('error', () => { ended = true; wake(); });
  const more = () => new Promise((resolve) => { waiter = resolve; });
  const joined = () => {
    if (parts.length !== 1) parts = [Buffer.concat(parts, size)];
    return parts[0];
  };
  const keep = (rest) => { parts = [rest]; size = rest.length; };
  return {
    socket,
    send(text) { socket.write(text); },
    get ended() { return ended; },
    async response({ head = false } = {}) {
      let end;
      while ((end = joined().indexOf('\r\n\r\n')) < 0) {
        if (ended) return null;
        await more();
      }
      const buffer = joined();
      const lines = buffer.subarray(0, end).toString('latin1').split('\r\n');
      const status = Number(lines[0].split(' ')[1]);
      const headers = {};
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      keep(buffer.subarray(end + 4));
      const length = head ? 0 : Number(headers['content-length'] ?? 0);
      while (size < length) {
        if (ended) return { status, headers, body: joined(), complete: false };
        await more();
      }
      const rest = joined();
      const body = rest.subarray(0, length);
      keep(rest.subarray(length));
      return { status, headers, body, complete: true };
    },
  };
}

const get = (target, extra = '') => `GET /${target} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;

test('sends large files byte for byte and keeps the connection for the next request', async () => {
  const c = connection(server.port);
  c.send(get(BIG));
  const first = await c.response();
  assert.equal(first.status, 200);
  assert.equal(Number(first.headers['content-length']), bigBytes.length);
  assert.equal(sha(first.body), sha(bigBytes));
  c.send(get(BUNDLE, 'Accept-Encoding: gzip\r\n'));
  const variant = await c.response();
  assert.equal(variant.headers['content-encoding'], 'gzip');
  assert.equal(sha(variant.body), sha(bundleGz));
  c.send(get(BUNDLE));
  const original = await c.response();
  assert.equal(original.headers['content-encoding'], undefined);
  assert.equal(original.body.toString(), bundleText);
  assert.equal(c.ended, false);
  c.socket.destroy();
});

test('answers HEAD for a large file with its length and no body', async () => {
  const c = connection(server.port);
  c.send(`HEAD /${BIG} HTTP/1.1\r\nHost: x\r\n\r\n`);
  const head = await c.response({ head: true });
  assert.equal(head.status, 200);
  assert.equal(Number(head.headers['content-length']), bigBytes.length);
  c.send(get('healthz'));
  const next = await c.response();
  assert.equal(next.status, 200, 'no body bytes came between the two responses');
  c.socket.destroy();
});

test('a reader that pauses gets every byte once it reads again', async () => {
  const c = connection(server.port);
  c.socket.pause();
  c.send(get(BIG));
  await new Promise((resolve) => setTimeout(resolve, 600));
  c.socket.resume();
  const res = await c.response();
  assert.equal(res.complete, true);
  assert.equal(sha(res.body), sha(bigBytes));
  c.socket.destroy();
});

test('readers that leave mid-body cost nothing but their connection', async () => {
  const leaving = [];
  for (let i = 0; i < 20; i += 1) {
    leaving.push(new Promise((resolve) => {
      const socket = net.connect(server.port, '127.0.0.1', () => socket.write(get(BIG)));
      let seen = 0;
      socket.on('data', (chunk) => {
        seen += chunk.length;
        if (seen > 256 * 1024) socket.destroy();
      });
      socket.on('close', resolve);
      socket.on('error', () => {});
    }));
  }
  await Promise.all(leaving);
  assert.equal(server.proc.exitCode, null, 'the server is still running');
  const res = await fetch(server.url('/healthz'));
  assert.equal(res.status, 200);
  const again = await fetch(server.url(`/${BIG}`));
  assert.equal(sha(Buffer.from(await again.arrayBuffer())), sha(bigBytes));
});

test('a reader that never reads is dropped after the write timeout while others are served', async () => {
  const stuck = connection(server.port);
  stuck.socket.pause();
  const started = Date.now();
  stuck.send(get(BIG));
  const closed = new Promise((resolve) => stuck.socket.on('close', resolve));
  // Meanwhile the server answers everyone else.
  for (let i = 0; i < 5; i += 1) {
    const res = await fetch(server.url(`/${BUNDLE}`));
    assert.equal((await res.text()).length, bundleText.length);
  }
  // The server gives up on it after the 4 s write timeout (plus the linger of a close).
  await new Promise((resolve) => setTimeout(resolve, 5000));
  stuck.socket.resume();
  const res = await stuck.response();
  await closed;
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 12000, `closed after ${elapsed} ms`);
  assert.equal(res.complete, false, 'the body was cut short');
});

test('a large file replaced on disk is sent as it is now', async () => {
  const next = crypto.randomBytes(bigBytes.length);
  const file = path.join(root, 'assets', 'swap-Mn56Bv78.bin');
  fs.writeFileSync(file, bigBytes);
  const first = await fetch(server.url('/assets/swap-Mn56Bv78.bin'));
  assert.equal(sha(Buffer.from(await first.arrayBuffer())), sha(bigBytes));
  fs.writeFileSync(`${file}.tmp`, next);
  fs.renameSync(`${file}.tmp`, file);
  const second = await fetch(server.url('/assets/swap-Mn56Bv78.bin'));
  assert.equal(sha(Buffer.from(await second.arrayBuffer())), sha(next));
  assert.notEqual(second.headers.get('etag'), first.headers.get('etag'));
});

test('over HTTPS the same large files arrive whole', async () => {
  const dataDir = tempDir('lkm-large-tls-');
  const tls = await startServer({ args: ['--web-root', root, '--data-dir', dataDir, '--tls-self-signed', 'localhost'] });
  try {
    const body = await new Promise((resolve, reject) => {
      https.get({ host: '127.0.0.1', port: tls.port, path: `/${BIG}`, rejectUnauthorized: false }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks)));
        res.on('error', reject);
      }).on('error', reject);
    });
    assert.equal(sha(body), sha(bigBytes));
  } finally {
    await tls.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
