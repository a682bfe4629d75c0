// Branding at run time (--product-name, --brand-dir with --logo and --favicon, --accent-color,
// --welcome-message, the links and --default-language) against the real binary: what the page
// carries, the brand files and nothing else of their directory, and the start-up refusals.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, runCli, rawRequest, parseResponses, credentialsEnv, tempDir } from './lib/server.mjs';

// The head of a built web app, as Vite writes it (web/index.html).
const INDEX = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>LiveKit Meet</title>
    <link
      rel="icon"
      type="image/svg+xml"
      href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 64 64'%3E%3C/svg%3E"
    />
    <script type="module" crossorigin src="./assets/index-BC3OCGix.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>
`;
const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(document.domain)</script><rect width="10" height="10" fill="#1f8cf9"/></svg>';
const FAVICON = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

let webRoot;
let brandDir;
let server;
const BRAND_ARGS = () => [
  '--web-root', webRoot, '--brand-dir', brandDir, '--logo', 'logo.svg', '--favicon', 'favicon.png',
  '--product-name', 'Acme <Video> & "Co"', '--accent-color', '#1F8CF9',
  '--welcome-message', 'Welcome to Acme — meetings for the team',
  '--privacy-url', 'https://acme.example/privacy', '--legal-url', 'https://acme.example/legal',
  '--support-url', 'mailto:help@acme.example', '--default-language', 'DE-at',
];

before(async () => {
  webRoot = tempDir('lkm-brand-web-');
  fs.writeFileSync(path.join(webRoot, 'index.html'), INDEX);
  brandDir = tempDir('lkm-brand-');
  fs.writeFileSync(path.join(brandDir, 'logo.svg'), LOGO);
  fs.writeFileSync(path.join(brandDir, 'favicon.png'), FAVICON);
  // Beside the two brand files: what a stranger must not read.
  fs.writeFileSync(path.join(brandDir, 'other.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(brandDir, 'secrets.txt'), 'do not serve');
  fs.writeFileSync(path.join(brandDir, 'logo.svg.bak'), 'old');
  // Precompressed siblings of the logo are not the logo: never sent in its place.
  fs.writeFileSync(path.join(brandDir, 'logo.svg.br'), 'do not serve, brotli');
  fs.writeFileSync(path.join(brandDir, 'logo.svg.gz'), 'do not serve, gzip');
  fs.mkdirSync(path.join(brandDir, 'sub'));
  fs.writeFileSync(path.join(brandDir, 'sub', 'logo.svg'), LOGO);
  server = await startServer({ args: BRAND_ARGS() });
});
after(async () => {
  await server?.stop();
  fs.rmSync(webRoot, { recursive: true, force: true });
  fs.rmSync(brandDir, { recursive: true, force: true });
});

function unescapeAttribute(text) {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function runtimeConfig(html) {
  const m = /<meta name="livekit-meet-config" content="([^"]*)">/.exec(html);
  assert.ok(m, `meta tag in ${html}`);
  return JSON.parse(unescapeAttribute(m[1]));
}

test('the page carries the brand in its runtime config', async () => {
  const res = await fetch(server.url('/'));
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.deepEqual(runtimeConfig(html), {
    basePath: '',
    aloneTimeout: 600,
    defaultLanguage: 'de-AT',
    brand: {
      productName: 'Acme <Video> & "Co"',
      logoUrl: 'brand/logo.svg',
      faviconUrl: 'brand/favicon.png',
      accentColor: '#1f8cf9',
      welcome: 'Welcome to Acme — meetings for the team',
      privacyUrl: 'https://acme.example/privacy',
      legalUrl: 'https://acme.example/legal',
      supportUrl: 'mailto:help@acme.example',
    },
  });
});

test('the title is the product name, escaped, and the favicon link points at the brand file', async () => {
  const html = await (await fetch(server.url('/rooms/team'))).text();
  assert.match(html, /<title>Acme &lt;Video&gt; &amp; &quot;Co&quot;<\/title>/);
  assert.equal((html.match(/<title>/g) ?? []).length, 1);
  assert.match(html, /<link rel="icon" type="image\/png" href="brand\/favicon\.png"\s*\/>/);
  assert.ok(!html.includes('data:image/svg+xml'), 'the built-in icon is replaced');
  assert.ok(!html.includes('<Video>'), 'no markup from the product name');
  // The page's CSP already lets it show same-origin images.
  const res = await fetch(server.url('/'));
  assert.match(res.headers.get('content-security-policy'), /img-src 'self'/);
});

test('/test is a page of the web app', async () => {
  const res = await fetch(server.url('/test'));
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  assert.ok((await res.text()).includes('livekit-meet-config'));
});

test('serves the SVG logo as an image that cannot run script', async () => {
  const res = await fetch(server.url('/brand/logo.svg'));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/svg+xml');
  assert.equal(await res.text(), LOGO);
  assert.equal(res.headers.get('cache-control'), 'no-cache');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const csp = res.headers.get('content-security-policy');
  assert.equal(csp, "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox");
  assert.ok(!csp.includes('script-src'), 'no script source at all');
  const etag = res.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{32}"$/);

  const again = await fetch(server.url('/brand/logo.svg'), { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  assert.equal(again.headers.get('etag'), etag);
  assert.equal(again.headers.get('content-security-policy'), csp, 'a 304 keeps the strict policy');

  const { text } = await rawRequest(server.port, 'HEAD /brand/logo.svg HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(text, /^HTTP\/1\.1 200 /);
  assert.match(text, /\r\nContent-Type: image\/svg\+xml\r\n/);
  assert.match(text, new RegExp(`\\r\\nContent-Length: ${Buffer.byteLength(LOGO)}\\r\\n`));
  assert.ok(text.endsWith('\r\n\r\n'), 'no body for HEAD');
});

test('serves the favicon with the passive headers of an image', async () => {
  const res = await fetch(server.url('/brand/favicon.png'));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), FAVICON);
  assert.equal(res.headers.get('cache-control'), 'no-cache');
  assert.equal(res.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'");
  assert.equal(res.headers.get('permissions-policy'), null);
  assert.ok(res.headers.get('etag'));
});

test('a stranger reads nothing else of the brand directory', async () => {
  for (const target of [
    '/brand/other.svg', '/brand/secrets.txt', '/brand/logo.svg.bak', '/brand/sub/logo.svg',
    '/brand/sub', '/brand/', '/brand', '/brand/..%2fsecrets.txt', '/brand/%2e%2e/secrets.txt',
    '/brand/LOGO.SVG', '/brand/logo.svg%00', '/brand/.%2fsecrets.txt', '/brand/logo.svg/',
    '/brand/index.html',
  ]) {
    const { text } = await rawRequest(server.port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const [res] = parseResponses(text);
    assert.equal(res.status, 404, `${target}: ${text.slice(0, 200)}`);
    assert.ok(!res.body.includes('do not serve') && !res.body.includes('<svg'), target);
  }
  // A client that accepts compressed bodies still gets exactly the logo file.
  const { text } = await rawRequest(
    server.port,
    'GET /brand/logo.svg HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br, gzip\r\nConnection: close\r\n\r\n',
  );
  const [logo] = parseResponses(text);
  assert.equal(logo.status, 200);
  assert.equal(logo.body, LOGO);
  assert.doesNotMatch(text, /\r\nContent-Encoding:/i);
  assert.doesNotMatch(text, /\r\nVary:/i);
});

test('without a brand directory there is no /brand/ file and the page keeps its own icon', async () => {
  const plain = await startServer({ args: ['--web-root', webRoot] });
  try {
    const html = await (await fetch(plain.url('/'))).text();
    assert.deepEqual(runtimeConfig(html).brand, { productName: 'LiveKit Meet' });
    assert.equal(runtimeConfig(html).defaultLanguage, 'en');
    assert.match(html, /<title>LiveKit Meet<\/title>/);
    assert.ok(html.includes('href="data:image/svg+xml'));
    assert.equal((await fetch(plain.url('/brand/logo.svg'))).status, 404);
  } finally {
    await plain.stop();
  }
});

test('takes every setting from the environment, under a base path', async () => {
  const env = credentialsEnv({
    MEET_PRODUCT_NAME: 'Env Meet', MEET_BRAND_DIR: brandDir, MEET_LOGO: 'logo.svg',
    MEET_FAVICON: 'favicon.png', MEET_ACCENT_COLOR: '#AbC', MEET_WELCOME_MESSAGE: 'Hi there',
    MEET_PRIVACY_URL: 'https://env.example/p', MEET_LEGAL_URL: 'http://env.example/l',
    MEET_SUPPORT_URL: 'https://env.example/help', MEET_DEFAULT_LANGUAGE: 'pt-br',
  });
  const s = await startServer({ args: ['--web-root', webRoot, '--base-path', '/meet'], env });
  try {
    const html = await (await fetch(s.url('/meet/'))).text();
    assert.ok(html.includes('<base href="/meet/">'));
    assert.deepEqual(runtimeConfig(html), {
      basePath: '/meet',
      aloneTimeout: 600,
      defaultLanguage: 'pt-BR',
      brand: {
        productName: 'Env Meet', logoUrl: 'brand/logo.svg', faviconUrl: 'brand/favicon.png',
        accentColor: '#aabbcc', welcome: 'Hi there', privacyUrl: 'https://env.example/p',
        legalUrl: 'http://env.example/l', supportUrl: 'https://env.example/help',
      },
    });
    assert.match(html, /<title>Env Meet<\/title>/);
    // The relative URLs resolve below the base path.
    const logo = await fetch(s.url('/meet/brand/logo.svg'));
    assert.equal(logo.status, 200);
    assert.equal(await logo.text(), LOGO);
    assert.equal((await fetch(s.url('/brand/logo.svg'))).status, 404);
  } finally {
    await s.stop();
  }
});

test('config check shows the brand settings, normalised', () => {
  const r = runCli(['config', 'check', '--brand-dir', brandDir, '--logo', 'logo.svg',
    '--accent-color', '#ABC', '--default-language', 'EN-gb'], { env: credentialsEnv({ MEET_PRODUCT_NAME: 'Acme' }) });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^product-name = "Acme"  # environment MEET_PRODUCT_NAME$/m);
  assert.match(r.stdout, new RegExp(`^brand-dir = "${fs.realpathSync(brandDir)}"  # flag --brand-dir$`, 'm'));
  assert.match(r.stdout, /^logo = "logo\.svg"  # flag --logo$/m);
  assert.match(r.stdout, /^# favicon is not set {2}\(default\)$/m);
  assert.match(r.stdout, /^accent-color = "#aabbcc"  # flag --accent-color$/m);
  assert.match(r.stdout, /^default-language = "en-GB"  # flag --default-language$/m);
  assert.match(r.stdout, /^# welcome-message is not set {2}\(default\)$/m);
});

test('refuses to start with a missing logo file, naming the file and the setting', () => {
  const missing = path.join(fs.realpathSync(brandDir), 'missing.svg');
  const r = runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--brand-dir', brandDir, '--logo', 'missing.svg']);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr.trim(), `livekit-meet: --logo: logo file ${missing} does not exist`);
  const fromEnv = runCli(['serve', '--host', '127.0.0.1', '--port', '0'],
    { env: credentialsEnv({ MEET_BRAND_DIR: brandDir, MEET_FAVICON: 'gone.ico' }) });
  assert.equal(fromEnv.code, 2);
  assert.match(fromEnv.stderr, /MEET_FAVICON: favicon file .*gone\.ico does not exist/);
  const withoutDir = runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--logo', 'logo.svg']);
  assert.equal(withoutDir.code, 2);
  assert.match(withoutDir.stderr, /--logo needs a brand directory/);
  const escape = runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--brand-dir', brandDir, '--logo', '../logo.svg']);
  assert.equal(escape.code, 2);
  assert.match(escape.stderr, /--logo must be the name of a file in the brand directory/);
  const wrongKind = runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--brand-dir', brandDir, '--logo', 'secrets.txt']);
  assert.equal(wrongKind.code, 2);
  assert.match(wrongKind.stderr, /--logo must name a logo file ending in \.svg, \.png, \.webp, \.jpg or \.jpeg/);
});

test('refuses bad values before starting, naming where they came from', () => {
  const serve = (args, env = credentialsEnv()) => runCli(['serve', '--host', '127.0.0.1', '--port', '0', ...args], { env });
  const cases = [
    [['--accent-color', 'red'], undefined, /^livekit-meet: --accent-color must be a colour like #1f8cf9/],
    [[], { MEET_ACCENT_COLOR: 'url(javascript:alert(1))' }, /^livekit-meet: MEET_ACCENT_COLOR must be a colour like #1f8cf9/],
    [['--privacy-url', 'javascript:alert(1)'], undefined, /--privacy-url must be an absolute http:\/\/ or https:\/\/ URL/],
    [[], { MEET_SUPPORT_URL: '/help' }, /MEET_SUPPORT_URL must be an absolute http:\/\/ or https:\/\/ URL, or a mailto: address/],
    [['--product-name', 'x'.repeat(65)], undefined, /--product-name must be at most 64 bytes/],
    [[], { MEET_PRODUCT_NAME: 'two\nlines' }, /MEET_PRODUCT_NAME must not contain control characters/],
    [['--welcome-message', 'w'.repeat(201)], undefined, /--welcome-message must be at most 200 bytes/],
    [['--default-language', 'english'], undefined, /--default-language must be a language tag/],
  ];
  for (const [args, extra, expected] of cases) {
    const r = serve(args, credentialsEnv(extra ?? {}));
    assert.equal(r.code, 2, `${args} ${JSON.stringify(extra)}: ${r.stderr}`);
    assert.match(r.stderr, expected);
  }
});

test('a config file sets the brand too', async () => {
  const dir = tempDir('lkm-brand-config-');
  const file = path.join(dir, 'livekit-meet.toml');
  fs.writeFileSync(file, [
    `brand-dir = "${brandDir}"`, 'logo = "logo.svg"', 'product-name = "File Meet"',
    'accent-color = "#123456"', '',
  ].join('\n'));
  try {
    const s = await startServer({ args: ['--config', file, '--web-root', webRoot] });
    try {
      const config = runtimeConfig(await (await fetch(s.url('/'))).text());
      assert.equal(config.brand.productName, 'File Meet');
      assert.equal(config.brand.logoUrl, 'brand/logo.svg');
      assert.equal(config.brand.accentColor, '#123456');
      assert.equal(config.brand.faviconUrl, undefined);
      assert.equal((await fetch(s.url('/brand/logo.svg'))).status, 200);
      assert.equal((await fetch(s.url('/brand/favicon.png'))).status, 404, 'not configured here');
    } finally {
      await s.stop();
    }
    fs.writeFileSync(file, 'accent-color = "blue"\n');
    const bad = runCli(['serve', '--config', file, '--host', '127.0.0.1', '--port', '0']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /accent-color in .*livekit-meet\.toml must be a colour like #1f8cf9/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
