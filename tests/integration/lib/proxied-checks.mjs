// What a documented reverse-proxy configuration must give, checked through the proxy against a
// livekit-meet started with --trusted-proxies 127.0.0.1 --token-rate-limit 1 (and --lobby all, so
// that a webhook's meeting shows in the history without a listed room).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, LIVEKIT_URL } from './server.mjs';
import { request, signedWebhook } from './proxy.mjs';

export const SERVER_ARGS = ['--trusted-proxies', '127.0.0.1', '--token-rate-limit', '1', '--lobby', 'all'];

// `via`: { port, ca, host } of the proxy's TLS side; `base`: '' or the base path.
export async function checkThroughProxy(t, via, base) {
  const get = (pathname, options = {}) => request(via.port, pathname, { ca: via.ca, host: via.host, ...options });

  await t.test('health and the index page, with the run-time settings for the base path', async () => {
    const health = await get(`${base}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(JSON.parse(health.text), { status: 'ok' });
    const index = await get(`${base}/`);
    assert.equal(index.status, 200);
    assert.match(index.headers['content-type'], /^text\/html/);
    assert.ok(index.text.includes(`<base href="${base}/">`), index.text);
    assert.match(index.text, /<meta name="livekit-meet-config"/);
  });

  await t.test('a hashed asset, byte for byte, cached for good', async () => {
    const index = await get(`${base}/`);
    const asset = /assets\/index-[\w-]+\.js/.exec(index.text)?.[0];
    assert.ok(asset, 'the index page names its script');
    const res = await get(`${base}/${asset}`);
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /javascript/);
    assert.match(res.headers['cache-control'], /immutable/);
    assert.ok(res.bytes.equals(fs.readFileSync(path.join(repoRoot, 'web', 'dist', asset))));
  });

  if (base) {
    await t.test('the base path without its slash redirects to it', async () => {
      const res = await get(base);
      assert.ok([301, 308].includes(res.status), `status ${res.status}`);
      assert.match(res.headers.location, new RegExp(`${base}/$`));
    });
  }

  await t.test('connection details, limited per client address as the proxy forwarded it', async () => {
    const details = (from, headers = {}) =>
      get(`${base}/api/connection-details?roomName=proxied&participantName=ada`, { from, headers });
    const first = await details('127.0.0.5');
    assert.equal(first.status, 200, first.text);
    const body = JSON.parse(first.text);
    assert.equal(body.serverUrl, LIVEKIT_URL);
    assert.equal(body.roomName, 'proxied');
    assert.ok(body.participantToken);
    // One request a minute per client: the second from 127.0.0.5 is refused...
    assert.equal((await details('127.0.0.5')).status, 429);
    // ...while 127.0.0.6 has its own bucket, although every request reaches livekit-meet from
    // the proxy's one address: the address it uses is the one the proxy forwarded.
    assert.equal((await details('127.0.0.6')).status, 200);
    // An X-Forwarded-For the client writes itself is not believed: 127.0.0.5 stays limited...
    assert.equal((await details('127.0.0.5', { 'x-forwarded-for': '198.51.100.1' })).status, 429);
    // ...and 127.0.0.7 cannot get a fresh bucket by changing what it claims.
    assert.equal((await details('127.0.0.7', { 'x-forwarded-for': '203.0.113.50' })).status, 200);
    assert.equal((await details('127.0.0.7', { 'x-forwarded-for': '203.0.113.51' })).status, 429);
  });

  await t.test('cookies are Secure: X-Forwarded-Proto https is believed from the proxy', async () => {
    const res = await get(`${base}/api/rooms`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
    });
    assert.equal(res.status, 201, res.text);
    const cookies = res.headers['set-cookie'] ?? [];
    assert.ok(cookies.length > 0, 'a host cookie is set');
    for (const cookie of cookies) assert.match(cookie, /; Secure/);
  });

  await t.test('a LiveKit webhook through the proxy becomes meeting history', async () => {
    const room = `proxied-${Date.now()}`;
    const { body, authorization } = await signedWebhook(room);
    const res = await get(`${base}/api/webhook`, {
      method: 'POST', body, headers: { 'content-type': 'application/webhook+json', authorization },
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(JSON.parse(res.text), { status: 'ok' });
    const list = JSON.parse((await get(`${base}/api/meetings`)).text);
    assert.ok(list.meetings.some((m) => m.roomName === room), JSON.stringify(list));
  });
}
