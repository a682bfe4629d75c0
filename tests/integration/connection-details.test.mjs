// GET /api/connection-details against the real binary; tokens checked with livekit-server-sdk.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TokenVerifier } from 'livekit-server-sdk';
import { startServer, credentialsEnv, API_KEY, API_SECRET, LIVEKIT_URL, decodePayload } from './lib/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

const details = (query, headers = {}) =>
  fetch(server.url(`/api/connection-details?${query}`), { headers });

test('issues a Meet token that livekit-server-sdk accepts', async () => {
  const res = await details('roomName=team-sync&participantName=Ada');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const body = await res.json();
  assert.deepEqual(Object.keys(body), ['serverUrl', 'roomName', 'participantToken', 'participantName']);
  assert.equal(body.serverUrl, LIVEKIT_URL);
  assert.equal(body.roomName, 'team-sync');
  assert.equal(body.participantName, 'Ada');

  const claims = await new TokenVerifier(API_KEY, API_SECRET).verify(body.participantToken);
  assert.equal(claims.iss, API_KEY);
  assert.match(claims.sub, /^Ada__[a-z0-9]{4}$/);
  assert.equal(claims.name, 'Ada');
  assert.equal(claims.exp - claims.nbf, 300);
  assert.ok(Math.abs(claims.nbf - Date.now() / 1000) < 30);
  assert.deepEqual(claims.video, {
    room: 'team-sync', roomJoin: true, canPublish: true, canPublishData: true, canSubscribe: true,
  });
  assert.equal(claims.metadata, undefined);
  assert.deepEqual(Object.keys(claims).sort(), ['exp', 'iss', 'name', 'nbf', 'sub', 'video']);
});

test('sets the participant postfix cookie as Meet does', async () => {
  const res = await details('roomName=r1&participantName=Bo');
  const cookie = res.headers.get('set-cookie');
  const body = await res.json();
  const postfix = decodePayload(body.participantToken).sub.split('__')[1];
  // Meet's cookie, its value signed by the server (docs/security.md); Secure only over HTTPS.
  assert.match(cookie, new RegExp(`^random-participant-postfix=${postfix}\\.[A-Za-z0-9_-]{43}; `));
  for (const attr of ['Path=/', 'HttpOnly', 'SameSite=Strict']) {
    assert.ok(cookie.split('; ').includes(attr), `${attr} in ${cookie}`);
  }
  assert.ok(!cookie.split('; ').includes('Secure'), `no Secure over plain HTTP: ${cookie}`);
  const expires = Date.parse(/Expires=([^;]+)/.exec(cookie)[1]);
  const inTwoHours = Date.now() + 2 * 3600 * 1000;
  assert.ok(Math.abs(expires - inTwoHours) < 60_000, 'expires in two hours');
});

test('keeps the identity across calls with the cookie it signed', async () => {
  const first = await details('roomName=r1&participantName=Cy');
  const value = /^random-participant-postfix=([^;]+)/.exec(first.headers.get('set-cookie'))[1];
  const postfix = decodePayload((await first.json()).participantToken).sub.split('__')[1];
  const res = await details('roomName=r1&participantName=Cy', { cookie: `other=1; random-participant-postfix=${value}` });
  const body = await res.json();
  assert.equal(decodePayload(body.participantToken).sub, `Cy__${postfix}`);
  assert.equal(/^random-participant-postfix=([^;]+)/.exec(res.headers.get('set-cookie'))[1], value);
  // A postfix the server did not sign is replaced.
  const forged = await details('roomName=r1&participantName=Cy', { cookie: 'random-participant-postfix=ab12' });
  assert.notEqual(decodePayload((await forged.json()).participantToken).sub, 'Cy__ab12');
});

test('replaces a malformed postfix cookie', async () => {
  for (const bad of ['AB12', 'abc', 'abcde', 'a%0d', '']) {
    const res = await details('roomName=r1&participantName=Di', { cookie: `random-participant-postfix=${bad}` });
    assert.equal(res.status, 200);
    const sub = decodePayload((await res.json()).participantToken).sub;
    assert.match(sub, /^Di__[a-z0-9]{4}$/);
    assert.notEqual(sub, `Di__${bad}`);
  }
});

test('includes metadata when given and decodes the query as a browser does', async () => {
  const metadata = JSON.stringify({ avatar: 'x', note: 'ünïcødé & more' });
  const res = await details(`roomName=caf%C3%A9+room&participantName=Zo%C3%AB&metadata=${encodeURIComponent(metadata)}`);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.roomName, 'café room');
  const claims = decodePayload(body.participantToken);
  assert.equal(claims.metadata, metadata);
  assert.equal(claims.name, 'Zoë');
  assert.equal(claims.video.room, 'café room');
});

test('answers Meet\'s 400 texts for missing parameters', async () => {
  let res = await details('participantName=x');
  assert.equal(res.status, 400);
  assert.equal(await res.text(), 'Missing required query parameter: roomName');
  res = await details('roomName=x');
  assert.equal(res.status, 400);
  assert.equal(await res.text(), 'Missing required query parameter: participantName');
});

test('refuses a malformed percent-escape, naming the parameter, on every API route', async () => {
  for (const [path, name] of [
    ['/api/connection-details?roomName=%ZZ&participantName=ada', 'roomName'],
    ['/api/connection-details?roomName=team&participantName=a%2', 'participantName'],
    ['/api/meetings?cursor=%G1', 'cursor'],
    ['/api/rooms/team?x=%', 'x'],
  ]) {
    const res = await fetch(server.url(path));
    assert.equal(res.status, 400, path);
    const body = await res.json();
    assert.equal(body.error, 'bad_request', path);
    assert.match(body.message, new RegExp(`\\b${name}\\b`), path);
    assert.match(body.message, /percent-escape/, path);
  }
});

test('refuses what LiveKit would reject at join', async () => {
  const cases = [
    ['roomName=&participantName=a', /roomName: must not be empty/],
    [`roomName=${'r'.repeat(257)}&participantName=a`, /roomName: longer than 256 bytes/],
    [`roomName=r&participantName=${'n'.repeat(251)}`, /participantName: longer than 250 bytes/],
    ['roomName=%FF&participantName=a', /roomName: not valid UTF-8/],
    ['roomName=r&participantName=%C3', /participantName: not valid UTF-8/],
    ['roomName=a%0Ab&participantName=a', /roomName: contains control characters/],
    ['roomName=r&participantName=a%00', /participantName: contains control characters/],
    ['roomName=r&participantName=a&metadata=%07', /metadata: contains control characters/],
    ['roomName=r&participantName=a&region=eu%2Fx', /region/],
  ];
  for (const [query, pattern] of cases) {
    const res = await details(query);
    assert.equal(res.status, 400, query);
    assert.match(await res.text(), pattern, query);
    assert.equal(res.headers.get('set-cookie'), null);
  }
});

test('accepts values at LiveKit\'s limits', async () => {
  const res = await details(`roomName=${'r'.repeat(256)}&participantName=${'n'.repeat(250)}&metadata=${encodeURIComponent('{\n  "a": 1\n}')}`);
  assert.equal(res.status, 200);
  const claims = decodePayload((await res.json()).participantToken);
  assert.equal(Buffer.byteLength(claims.sub), 256);
});

test('is GET, or POST with a JSON body, only', async () => {
  const res = await fetch(server.url('/api/connection-details?roomName=a&participantName=b'), { method: 'PUT' });
  assert.equal(res.status, 405);
  assert.match(res.headers.get('allow'), /GET/);
  assert.match(res.headers.get('allow'), /POST/);
  // A POST takes its parameters from the body, not the query string.
  const post = await fetch(server.url('/api/connection-details?roomName=a&participantName=b'), { method: 'POST' });
  assert.equal(post.status, 400);
});

test('rewrites the URL for a LiveKit Cloud region', async () => {
  const cloud = await startServer({ env: credentialsEnv({ LIVEKIT_URL: 'wss://myproj.livekit.cloud' }) });
  try {
    let res = await fetch(cloud.url('/api/connection-details?roomName=r&participantName=a&region=eu'));
    assert.equal((await res.json()).serverUrl, 'wss://myproj.eu.production.livekit.cloud/');
    res = await fetch(cloud.url('/api/connection-details?roomName=r&participantName=a'));
    assert.equal((await res.json()).serverUrl, 'wss://myproj.livekit.cloud');
  } finally {
    await cloud.stop();
  }
  const own = await details('roomName=r&participantName=a&region=eu');
  assert.equal(new URL((await own.json()).serverUrl).host, 'livekit.example.test');
});
