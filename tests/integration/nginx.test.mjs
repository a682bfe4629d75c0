// Debian's nginx in front of livekit-meet, with exactly the configurations docs/deploy.md shows
// (only the listening addresses, certificate paths and upstream port replaced), at / and under
// /meet. Skipped when nginx is not installed, unless LKM_REQUIRE_NGINX is set.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, tempDir } from './lib/server.mjs';
import { testedBlock, substitute, freePort, makeCertificate, request, startProxy } from './lib/proxy.mjs';
import { checkThroughProxy, SERVER_ARGS } from './lib/proxied-checks.mjs';

const NGINX = '/usr/sbin/nginx';
const present = fs.existsSync(NGINX);
const skip = !present && !process.env.LKM_REQUIRE_NGINX ? 'nginx is not installed (scripts/setup.sh --test installs it)' : false;

// The documented server blocks inside an http block whose every path is in `dir`.
async function startNginx(dir, serverBlocks) {
  const logs = path.join(dir, 'logs');
  fs.mkdirSync(logs, { recursive: true });
  const user = os.userInfo();
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, `${user.uid === 0 ? 'user root root;\n' : ''}daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${logs}/error.log notice;
events { worker_connections 64; }
http {
  access_log ${logs}/access.log;
  client_body_temp_path ${dir}/client-body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${serverBlocks}
}
`);
  return conf;
}

async function scenario(t, { block, host, base }) {
  assert.ok(present, `${NGINX} is missing and LKM_REQUIRE_NGINX is set`);
  const dir = tempDir('lkm-nginx-');
  const server = await startServer({ args: [...SERVER_ARGS, ...(base ? ['--base-path', base] : [])] });
  let nginx;
  try {
    const certificate = makeCertificate(dir, host);
    const tlsPort = await freePort();
    const httpPort = await freePort();
    const documented = testedBlock(block);
    const liveCert = `/etc/letsencrypt/live/${host}`;
    const rules = [
      ['listen 443 ssl http2;', `listen 127.0.0.1:${tlsPort} ssl http2;`, 1],
      ['    listen [::]:443 ssl http2;\n', '', 1],
      [`${liveCert}/fullchain.pem`, certificate.cert, 1],
      [`${liveCert}/privkey.pem`, certificate.key, 1],
      ['http://127.0.0.1:8080;', `http://127.0.0.1:${server.port};`, 1],
    ];
    if (!base) {
      rules.push(['listen 80;', `listen 127.0.0.1:${httpPort};`, 1], ['    listen [::]:80;\n', '', 1]);
    }
    const conf = await startNginx(dir, substitute(documented, rules));
    nginx = await startProxy('nginx', NGINX, ['-p', `${dir}/`, '-e', path.join(dir, 'logs', 'error.log'), '-c', conf], {
      env: { PATH: process.env.PATH }, port: tlsPort, logFile: path.join(dir, 'logs', 'stderr.log'),
    });

    if (!base) {
      await t.test('plain HTTP is redirected to HTTPS', async () => {
        const res = await request(httpPort, '/rooms/x?a=1', { host });
        assert.equal(res.status, 301);
        assert.equal(res.headers.location, `https://${host}/rooms/x?a=1`);
      });
    }
    await checkThroughProxy(t, { port: tlsPort, ca: certificate.pem, host }, base);
    if (base) {
      await t.test('nginx itself redirects the base path without its slash', async () => {
        const res = await request(tlsPort, base, { ca: certificate.pem, host });
        assert.equal(res.status, 301);
        // nginx names its own port, here not the default one.
        assert.equal(res.headers.location, `https://${host}:${tlsPort}${base}/`);
      });
    }
  } finally {
    await nginx?.stop();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('nginx at the root of a site', { skip }, (t) =>
  scenario(t, { block: 'nginx-root', host: 'meet.example.com', base: '' }));

test('nginx under a base path', { skip }, (t) =>
  scenario(t, { block: 'nginx-base-path', host: 'example.com', base: '/meet' }));
