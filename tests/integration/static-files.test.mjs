// The web root: SPA pages, files, caching and path safety, against the real binary.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer, rawRequest, parseResponses, tempDir, repoRoot } from './lib/server.mjs';

// A bundle worth compressing, with its precompressed variants (made here the way
// web/tools/compress.mjs makes them).
const BUNDLE = 'assets/bundle-Xy12Zw34.js';
const bundleText = Array.from({ length: 200 }, (_, i) => `export const value${i} = "item number ${i}";`).join('\n');
const bundleBr = zlib.brotliCompressSync(bundleText, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
const bundleGz = zlib.gzipSync(bundleText, { level: 9 });
const styleText = `${'.row { display: flex; gap: 4px; }\n'.repeat(80)}`;
const styleGz = zlib.gzipSync(styleText, { level: 9 });

// One GET (or HEAD) over a raw socket: the exact bytes, nothing decoded.
async function rawGet(target, headers = {}, method = 'GET') {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  const { text } = await rawRequest(server.port, `${method} ${target} HTTP/1.1\r\nHost: x\r\n${lines}Connection: close\r\n\r\n`);
  if (method === 'HEAD') return { text };
  const [res] = parseResponses(text);
  return res;
}

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
  fs.writeFileSync(path.join(root, BUNDLE), bundleText);
  fs.writeFileSync(path.join(root, `${BUNDLE}.br`), bundleBr);
  fs.writeFileSync(path.join(root, `${BUNDLE}.gz`), bundleGz);
  fs.writeFileSync(path.join(root, 'only-gzip.css'), styleText);
  fs.writeFileSync(path.join(root, 'only-gzip.css.gz'), styleGz);
  fs.writeFileSync(path.join(root, 'assets', 'escape-Ab12Cd34.js'), bundleText);
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'assets', 'escape-Ab12Cd34.js.br'));
  server = await startServer({ args: ['--web-root', root] });
});
after(async () => {
  await server.stop();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

test('serves index.html for the app pages, never cached', async () => {
  for (const page of ['/', '/rooms/abcd-efgh', '/custom', '/lobby', '/test']) {
    const res = await fetch(server.url(page));
    assert.equal(res.status, 200, page);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    // The title is the product name (--product-name, LiveKit Meet by default).
    assert.equal(await res.text(), '<!doctype html><html><head><base href="/"><meta name="livekit-meet-config" '
      + 'content="{&quot;basePath&quot;:&quot;&quot;,&quot;aloneTimeout&quot;:600,&quot;defaultLanguage&quot;:&quot;en&quot;,'
      + '&quot;brand&quot;:{&quot;productName&quot;:&quot;LiveKit Meet&quot;}}"><title>LiveKit Meet</title></head></html>');
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
    for (const page of ['/', '/rooms/abc', '/custom', '/lobby']) {
      const res = await fetch(s.url(page));
      assert.equal(res.status, 503, page);
      assert.equal(await res.text(), 'The web app is not installed (index.html is missing)', page);
      assert.equal(res.headers.get('cache-control'), 'no-store', page);
    }
    assert.equal((await fetch(s.url('/api/connection-details?roomName=r&participantName=p'))).status, 200);
    assert.equal((await fetch(s.url('/healthz'))).status, 200);
    assert.match(s.logs(), /warn web root .*: index\.html: No such file or directory/);
    // Put back, it is served again.
    fs.mkdirSync(gone);
    fs.writeFileSync(path.join(gone, 'index.html'), 'back');
    assert.match(await (await fetch(s.url('/'))).text(), /back$/);
  } finally {
    await s.stop();
    fs.rmSync(gone, { recursive: true, force: true });
  }
});

// The server's log reaches us through a pipe, possibly after the answer it logs: wait for it.
async function logged(server, pattern, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(server.logs()) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.match(server.logs(), pattern);
}

test('keeps the API working when the web root becomes unreadable', async () => {
  const locked = tempDir('lkm-locked-');
  fs.writeFileSync(path.join(locked, 'index.html'), 'x');
  fs.writeFileSync(path.join(locked, 'a.js'), 'y');
  // Root reads anything: without the capabilities that let it, permissions apply to it too.
  const launcher = process.getuid() === 0
    ? ['setpriv', '--inh-caps=-all', '--bounding-set=-dac_override,-dac_read_search', '--'] : [];
  const s = await startServer({ args: ['--web-root', locked], launcher });
  try {
    assert.equal((await fetch(s.url('/'))).status, 200);
    fs.chmodSync(path.join(locked, 'index.html'), 0o000);
    let res = await fetch(s.url('/'));
    assert.equal(res.status, 503);
    assert.equal(await res.text(), 'The web app cannot be read from its web root');
    await logged(s, /warn web root .*: index\.html: cannot be read/);
    fs.chmodSync(locked, 0o000);
    res = await fetch(s.url('/rooms/abc'));
    assert.equal(res.status, 503);
    assert.equal(await res.text(), 'The web app cannot be read from its web root');
    await logged(s, /warn web root .*: index\.html: Permission denied/);
    assert.equal((await fetch(s.url('/a.js'))).status, 404);
    assert.equal((await fetch(s.url('/api/connection-details?roomName=r&participantName=p'))).status, 200);
    assert.equal((await fetch(s.url('/healthz'))).status, 200);
    fs.chmodSync(locked, 0o755);
    fs.chmodSync(path.join(locked, 'index.html'), 0o644);
    assert.equal((await fetch(s.url('/'))).status, 200);
  } finally {
    await s.stop();
    fs.chmodSync(locked, 0o755);
    fs.rmSync(locked, { recursive: true, force: true });
  }
});

test('serves everything under --base-path', async () => {
  const s = await startServer({ args: ['--web-root', root, '--base-path', '/meet/'] });
  try {
    const index = await fetch(s.url('/meet/'));
    assert.equal(index.status, 200);
    const html = await index.text();
    assert.ok(html.includes('<head><base href="/meet/">'), html);
    assert.ok(html.includes('content="{&quot;basePath&quot;:&quot;/meet&quot;,&quot;aloneTimeout&quot;:600,'), html);
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

test('serves the brotli variant to clients that accept br', async () => {
  for (const accept of ['gzip, deflate, br', 'BR;q=0.5, gzip;q=1', '*']) {
    const res = await fetch(server.url(`/${BUNDLE}`), { headers: { 'accept-encoding': accept } });
    assert.equal(res.status, 200, accept);
    assert.equal(res.headers.get('content-encoding'), 'br', accept);
    assert.equal(res.headers.get('vary'), 'Accept-Encoding');
    assert.match(res.headers.get('content-type'), /^text\/javascript/);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(await res.text(), bundleText, 'decodes to the original');
  }
  const raw = await rawGet(`/${BUNDLE}`, { 'Accept-Encoding': 'br' });
  assert.equal(raw.headers['content-length'], String(bundleBr.length));
  assert.equal(raw.body, bundleBr.toString('latin1'), 'the .br file byte for byte');
});

test('serves the gzip variant when only gzip is accepted', async () => {
  for (const accept of ['gzip', 'br;q=0, gzip', 'x-gzip']) {
    const res = await fetch(server.url(`/${BUNDLE}`), { headers: { 'accept-encoding': accept } });
    assert.equal(res.headers.get('content-encoding'), 'gzip', accept);
    assert.equal(res.headers.get('vary'), 'Accept-Encoding');
    assert.equal(await res.text(), bundleText);
  }
  const raw = await rawGet(`/${BUNDLE}`, { 'Accept-Encoding': 'gzip' });
  assert.equal(raw.body, bundleGz.toString('latin1'));
  // A file with only a .gz falls back to it when br is preferred.
  const css = await fetch(server.url('/only-gzip.css'), { headers: { 'accept-encoding': 'br, gzip' } });
  assert.equal(css.headers.get('content-encoding'), 'gzip');
  assert.match(css.headers.get('content-type'), /^text\/css/);
  assert.equal(await css.text(), styleText);
});

test('serves the original when no coding is accepted', async () => {
  for (const headers of [{}, { 'Accept-Encoding': 'identity' }, { 'Accept-Encoding': 'br;q=0, gzip;q=0' },
    { 'Accept-Encoding': '*;q=0' }, { 'Accept-Encoding': 'deflate' }]) {
    const res = await rawGet(`/${BUNDLE}`, headers);
    const label = JSON.stringify(headers);
    assert.equal(res.status, 200, label);
    assert.equal(res.headers['content-encoding'], undefined, label);
    assert.equal(res.headers.vary, 'Accept-Encoding', label);
    assert.equal(res.body, bundleText, label);
  }
  const noVariant = await rawGet('/logo.svg', { 'Accept-Encoding': 'br, gzip' });
  assert.equal(noVariant.headers['content-encoding'], undefined);
  assert.equal(noVariant.headers.vary, undefined, 'no Vary without a variant');
  const brOnly = await rawGet('/only-gzip.css', { 'Accept-Encoding': 'br' });
  assert.equal(brOnly.headers['content-encoding'], undefined);
  assert.equal(brOnly.body, styleText);
});

test('gives each encoding its own ETag and answers 304 per encoding', async () => {
  const etagFor = async (accept) => (await rawGet(`/${BUNDLE}`, { 'Accept-Encoding': accept })).headers.etag;
  const br = await etagFor('br');
  const gz = await etagFor('gzip');
  const identity = await etagFor('identity');
  assert.equal(new Set([br, gz, identity]).size, 3, `${br} ${gz} ${identity}`);
  const hit = await rawGet(`/${BUNDLE}`, { 'Accept-Encoding': 'br', 'If-None-Match': br });
  assert.equal(hit.status, 304);
  assert.equal(hit.headers.etag, br);
  assert.equal(hit.headers.vary, 'Accept-Encoding');
  assert.equal((await rawGet(`/${BUNDLE}`, { 'Accept-Encoding': 'gzip', 'If-None-Match': gz })).status, 304);
  assert.equal((await rawGet(`/${BUNDLE}`, { 'If-None-Match': identity })).status, 304);
  const other = await rawGet(`/${BUNDLE}`, { 'Accept-Encoding': 'gzip', 'If-None-Match': br });
  assert.equal(other.status, 200);
  assert.equal(other.headers['content-encoding'], 'gzip');
});

test('answers HEAD with the length of the variant', async () => {
  const br = await rawGet(`/${BUNDLE}`, { 'Accept-Encoding': 'br' }, 'HEAD');
  assert.match(br.text, /^HTTP\/1\.1 200 /);
  assert.match(br.text, new RegExp(`\r\nContent-Length: ${bundleBr.length}\r\n`, 'i'));
  assert.match(br.text, /\r\nContent-Encoding: br\r\n/i);
  assert.ok(br.text.endsWith('\r\n\r\n'), 'no body after the header');
  const gz = await rawGet(`/${BUNDLE}`, { 'Accept-Encoding': 'gzip' }, 'HEAD');
  assert.match(gz.text, new RegExp(`\r\nContent-Length: ${bundleGz.length}\r\n`, 'i'));
  const plain = await rawGet(`/${BUNDLE}`, {}, 'HEAD');
  assert.match(plain.text, new RegExp(`\r\nContent-Length: ${Buffer.byteLength(bundleText)}\r\n`, 'i'));
});

test('serves a variant requested by its own name as a plain file', async () => {
  for (const [suffix, bytes] of [['.br', bundleBr], ['.gz', bundleGz]]) {
    const res = await rawGet(`/${BUNDLE}${suffix}`, { 'Accept-Encoding': 'br, gzip' });
    assert.equal(res.status, 200, suffix);
    assert.equal(res.headers['content-type'], 'application/octet-stream', suffix);
    assert.equal(res.headers['content-encoding'], undefined, suffix);
    assert.equal(res.body, bytes.toString('latin1'), suffix);
  }
});

test('never serves a variant through a symlink that leaves the root', async () => {
  const res = await rawGet('/assets/escape-Ab12Cd34.js', { 'Accept-Encoding': 'br' });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-encoding'], undefined);
  assert.equal(res.body, bundleText);
  assert.ok(!res.body.includes('outside the root'));
});

test('serves what web/tools/compress.mjs writes, and running it twice changes nothing', async () => {
  const dist = tempDir('lkm-dist-');
  const big = 'function f(x) { return x * 2; }\n'.repeat(100);
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), `<!doctype html><head></head>${'<p>page</p>'.repeat(200)}`);
  fs.writeFileSync(path.join(dist, 'assets', 'main-Ab12Cd34.js'), big);
  fs.writeFileSync(path.join(dist, 'assets', 'tiny-Ab12Cd34.js'), 'export {}');
  fs.writeFileSync(path.join(dist, 'assets', 'photo.png'), Buffer.alloc(4096));
  const script = path.join(repoRoot, 'web', 'tools', 'compress.mjs');
  const listing = () => fs.readdirSync(dist, { recursive: true }).map(String).sort();
  const snapshot = () => Object.fromEntries(listing().filter((f) => /\.(br|gz)$/.test(f))
    .map((f) => [f, fs.readFileSync(path.join(dist, f)).toString('base64')]));
  try {
    const first = spawnSync(process.execPath, [script, dist], { encoding: 'utf8' });
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /^compress: .*\n$/);
    assert.deepEqual(listing(), ['assets', 'assets/main-Ab12Cd34.js', 'assets/main-Ab12Cd34.js.br',
      'assets/main-Ab12Cd34.js.gz', 'assets/photo.png', 'assets/tiny-Ab12Cd34.js', 'index.html']);
    const gz = fs.readFileSync(path.join(dist, 'assets', 'main-Ab12Cd34.js.gz'));
    assert.equal(gz.readUInt32LE(4), 0, 'gzip mtime is 0');
    assert.equal(zlib.gunzipSync(gz).toString(), big);
    const before = snapshot();
    const second = spawnSync(process.execPath, [script, dist], { encoding: 'utf8' });
    assert.equal(second.status, 0, second.stderr);
    assert.deepEqual(snapshot(), before);
    assert.ok(!listing().some((f) => /\.(br|gz)\.(br|gz)$/.test(f)));

    const s = await startServer({ args: ['--web-root', dist] });
    try {
      const res = await fetch(s.url('/assets/main-Ab12Cd34.js'), { headers: { 'accept-encoding': 'br' } });
      assert.equal(res.headers.get('content-encoding'), 'br');
      assert.equal(await res.text(), big);
    } finally {
      await s.stop();
    }
  } finally {
    fs.rmSync(dist, { recursive: true, force: true });
  }
});
