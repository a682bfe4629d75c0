// Debian's Caddy in front of livekit-meet, with exactly the Caddyfile site blocks docs/deploy.md
// shows (only the site's port, its certificate and the upstream port replaced: no certificate
// authority is reachable here), at / and under /meet. Skipped when Caddy is not installed, unless
// LKM_REQUIRE_CADDY is set.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, tempDir } from './lib/server.mjs';
import { testedBlock, substitute, freePort, makeCertificate, startProxy } from './lib/proxy.mjs';
import { checkThroughProxy, SERVER_ARGS } from './lib/proxied-checks.mjs';

const CADDY = '/usr/bin/caddy';
const present = fs.existsSync(CADDY);
const skip = !present && !process.env.LKM_REQUIRE_CADDY ? 'Caddy is not installed (scripts/setup.sh --test installs it)' : false;

async function scenario(t, { block, host, base }) {
  assert.ok(present, `${CADDY} is missing and LKM_REQUIRE_CADDY is set`);
  const dir = tempDir('lkm-caddy-');
  const server = await startServer({ args: [...SERVER_ARGS, ...(base ? ['--base-path', base] : [])] });
  let caddy;
  try {
    const certificate = makeCertificate(dir, host);
    const port = await freePort();
    const site = substitute(testedBlock(block), [
      [`${host} {`, `${host}:${port} {\n\tbind 127.0.0.1\n\ttls ${certificate.cert} ${certificate.key}`, 1],
      ['127.0.0.1:8080', `127.0.0.1:${server.port}`, 1],
    ]);
    // Global options for a scratch run: no admin endpoint, no port-80 redirect listener, no
    // attempt to touch the system's trust store, state in `dir`.
    const caddyfile = path.join(dir, 'Caddyfile');
    fs.writeFileSync(caddyfile, `{
	admin off
	auto_https disable_redirects
	skip_install_trust
	storage file_system ${path.join(dir, 'data')}
}

${site}`);
    const env = { PATH: process.env.PATH, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir };
    caddy = await startProxy('caddy', CADDY, ['run', '--config', caddyfile, '--adapter', 'caddyfile'], {
      env, port, logFile: path.join(dir, 'caddy.log'),
    });
    await checkThroughProxy(t, { port, ca: certificate.pem, host }, base);
  } finally {
    await caddy?.stop();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('Caddy at the root of a site', { skip }, (t) =>
  scenario(t, { block: 'caddy-root', host: 'meet.example.com', base: '' }));

test('Caddy under a base path', { skip }, (t) =>
  scenario(t, { block: 'caddy-base-path', host: 'example.com', base: '/meet' }));
