// The web root: SPA pages, files, caching and path safety, against the real binary.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, rawRequest, parseResponses, tempDir } from './lib/server.mjs';

let server;
let root;
let outside;
before(async () => {
  root = tempDir('lkm-web-');
  outside = tempDir('lkm-outside-');
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><html><head><title>Meet</title></head></html>');
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'assets', 'index-AbCd1234.js'), 'console.log("app")');
  fs.writeFileSync(path.join(root, 'assets', 'style-Zz_9-xYw.css'), 'body{}');
  fs.writeFileSync(path.join(root, 'assets', 'e2ee-worker-Qq12Ww34.mjs'), 'export {}');
  fs.writeFileSync(path.join(root, 'assets', 'codec-Aa11Bb22.wasm'), Buffer.from([0, 97, 115, 109]));
  fs.writeFileSync(path.join(root, 'favicon.ico'), Buffer.from([0, 0, 1, 0]));
  fs.writeFileSync(path.join(root, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(root, 'manifest.json'), '{}');
  fs.writeFileSync(path.join(root, 'font.woff2'), 'wOF2');
  fs.writeFileSync(path.join(root, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  fs.writeFileSync(path.join(root, '.env'), 'SECRET=1');
  fs.mkdirSync(path.join(root, '.git'));
  fs.writeFileSync(path.join(root, '.git', 'config'), '[core]');
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'outside the root');
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link.txt'));
  fs.symlinkSync(outside, path.join(root, 'linkdir'));
  server = await startServer({ args: ['--web-root', root] });
});
after(async () => {
  await server.stop();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

test('serves index.html for the app pages, never cached', async () => {
  for (const page of ['/', '/rooms/abcd-efgh', '/custom', '/lobby']) {
    const res = await fetch(server.url(page));
    assert.equal(res.status, 200, page);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.equal(await res.text(), '<!doctype html><html><head><base href="/"><meta name="livekit-meet-config" '
      + 'content="{&quot;basePath&quot;:&quot;&quot;}"><title>Meet</title></head></html>');
  }
});

test('serves files with the right MIME types', async () => {
  const expected = {
    '/assets/index-AbCd1234.js': /^(text|application)\/javascript/,
    '/assets/e2ee-worker-Qq12Ww34.mjs': /^(text|application)\/javascript/,
    '/assets/style-Zz_9-xYw.css': /^text\/css/,
    '/assets/codec-Aa11Bb22.wasm': /^application\/wasm$/,
    '/logo.svg': /^image\/svg\+xml/,
    '/image.png': /^image\/png$/,
    '/favicon.ico': /^image\/(x-icon|vnd\.microsoft\.icon)$/,
    '/font.woff2': /^font\/woff2$/,
    '/manifest.json': /^application\/(manifest\+)?json/,
  };
  for (const [file, type] of Object.entries(expected)) {
    const res = await fetch(server.url(file));
    assert.equal(res.status, 200, file);
    assert.match(res.headers.get('content-type'), type, file);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  }
});

test('caches hashed assets for a year and revalidates others', async () => {
  let res = await fetch(server.url('/assets/index-AbCd1234.js'));
  assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  res = await fetch(server.url('/logo.svg'));
  assert.equal(res.headers.get('cache-control'), 'no-cache');
});

test('answers 304 to a matching If-None-Match', async () => {
  const first = await fetch(server.url('/assets/index-AbCd1234.js'));
  const etag = first.headers.get('etag');
  assert.match(etag, /^"[^"]+"$/);
  const again = await fetch(server.url('/assets/index-AbCd1234.js'), { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  assert.equal(again.headers.get('etag'), etag);
  assert.equal(await again.text(), '');
  const other = await fetch(server.url('/assets/index-AbCd1234.js'), { headers: { 'if-none-match': '"nope"' } });
  assert.equal(other.status, 200);
});

test('notices a changed file', async () => {
  const file = path.join(root, 'changing.txt');
  fs.writeFileSync(file, 'one');
  assert.equal(await (await fetch(server.url('/changing.txt'))).text(), 'one');
  fs.writeFileSync(file, 'second version');
  assert.equal(await (await fetch(server.url('/changing.txt'))).text(), 'second version');
});

test('answers HEAD with headers only', async () => {
  const { text } = await rawRequest(server.port, 'HEAD /assets/index-AbCd1234.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(text, /^HTTP\/1\.1 200 /);
  assert.match(text, /Content-Length: 18\r\n/i);
  assert.ok(text.endsWith('\r\n\r\n'), 'no body after the header');
});

test('refuses writes with 405 and Allow', async () => {
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
    const res = await fetch(server.url('/assets/index-AbCd1234.js'), { method });
    assert.equal(res.status, 405, method);
    assert.match(res.headers.get('allow'), /GET/);
  }
});

test('never serves outside the root, dotfiles or through symlinks', async () => {
  const attempts = [
    '/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fetc/passwd',
    '/%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/assets%2findex-AbCd1234.js', '/..%5c..%5cetc/passwd',
    '/.env', '/.git/config', '/%2eenv', '/index.html%00.js', '/link.txt', '/linkdir/secret.txt',
    '//etc/passwd', '/assets//index-AbCd1234.js', '/%252e%252e/etc/passwd',
  ];
  for (const target of attempts) {
    const { text } = await rawRequest(server.port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const [res] = parseResponses(text);
    assert.ok(res, `a response for ${target}`);
    assert.ok(res.status === 404 || res.status === 400, `${target} -> ${res.status}`);
    assert.ok(!res.body.includes('root:'), target);
    assert.ok(!res.body.includes('outside the root'), target);
    assert.ok(!res.body.includes('SECRET'), target);
    assert.ok(!res.body.includes('passwd') && !res.body.includes('.env'), `404 does not echo ${target}`);
  }
});

test('answers 404 for a missing file without echoing the path', async () => {
  const res = await fetch(server.url('/no-such-file-<script>.js'));
  assert.equal(res.status, 404);
  const body = await res.text();
  assert.ok(!body.includes('no-such-file'));
  assert.ok(!body.includes('<script>'));
});

test('keeps the API working when the web root disappears', async () => {
  const gone = tempDir('lkm-gone-');
  fs.writeFileSync(path.join(gone, 'index.html'), 'x');
  fs.writeFileSync(path.join(gone, 'a.js'), 'y');
  const s = await startServer({ args: ['--web-root', gone] });
  try {
    assert.equal((await fetch(s.url('/a.js'))).status, 200);
    fs.rmSync(gone, { recursive: true, force: true });
    assert.equal((await fetch(s.url('/a.js'))).status, 404);
    assert.ok([404, 503].includes((await fetch(s.url('/'))).status));
    assert.equal((await fetch(s.url('/api/connection-details?roomName=r&participantName=p'))).status, 200);
    assert.equal((await fetch(s.url('/healthz'))).status, 200);
  } finally {
    await s.stop();
  }
});

test('serves everything under --base-path', async () => {
  const s = await startServer({ args: ['--web-root', root, '--base-path', '/meet/'] });
  try {
    const index = await fetch(s.url('/meet/'));
    assert.equal(index.status, 200);
    const html = await index.text();
    assert.ok(html.includes('<head><base href="/meet/">'), html);
    assert.ok(html.includes('content="{&quot;basePath&quot;:&quot;/meet&quot;}"'), html);
    assert.equal((await fetch(s.url('/meet/rooms/abcd-efgh'))).status, 200);
    assert.equal((await fetch(s.url('/meet/assets/index-AbCd1234.js'))).status, 200);
    assert.equal((await fetch(s.url('/meet/api/connection-details?roomName=r&participantName=p'))).status, 200);
    assert.equal((await fetch(s.url('/meet/healthz'))).status, 200);
    assert.equal((await fetch(s.url('/assets/index-AbCd1234.js'))).status, 404);
    assert.equal((await fetch(s.url('/api/connection-details?roomName=r&participantName=p'))).status, 404);
    assert.equal((await fetch(s.url('/meetx/'))).status, 404);
    const redirect = await fetch(s.url('/meet?x=1'), { redirect: 'manual' });
    assert.equal(redirect.status, 308);
    assert.equal(redirect.headers.get('location'), '/meet/?x=1');
  } finally {
    await s.stop();
  }
});
