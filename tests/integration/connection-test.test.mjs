// POST /api/connection-test against the real binary, each test written as the attack it stops: the
// token is for a fresh room of its own that no other path can name, the limit of
// /api/connection-details holds for it, and the history never sees such rooms. Tokens are checked
// with livekit-server-sdk; LiveKit is the stand-in of tests/lib/livekit-standin.mjs.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { TokenVerifier } from 'livekit-server-sdk';
import { Room, ParticipantInfo } from '@livekit/protocol';
import { standIn } from '../lib/livekit-standin.mjs';
import { startServer, credentialsEnv, API_KEY, API_SECRET } from './lib/server.mjs';
import { Browser, deliverWebhook } from './lib/browser.mjs';

const PREFIX = 'lkm-connection-test-';
const verifier = new TokenVerifier(API_KEY, API_SECRET);
let livekit;
let server;
let livekitUrl;

before(async () => {
  livekit = await standIn(http.createServer, {}, {
    key: API_KEY, secret: API_SECRET, stateful: true, rosters: {},
    rooms: ['standup', `${PREFIX}abcdefghijklmnop`],
  });
  livekitUrl = `ws://127.0.0.1:${livekit.port}`;
  // The lobby shows everything here, so that a test room would show if anything let it through.
  server = await startServer({ args: ['--lobby', 'all'], env: credentialsEnv({ LIVEKIT_URL: livekitUrl }) });
});
after(async () => {
  await server?.stop();
  await livekit?.close();
});

const connectionTest = (init = {}, target = server) =>
  fetch(target.url('/api/connection-test'), { method: 'POST', ...init });

test('hands out a token for a fresh room of its own, with no more rights than a test needs', async () => {
  const res = await connectionTest();
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.equal(res.headers.get('set-cookie'), null);
  const body = await res.json();
  assert.deepEqual(Object.keys(body), ['serverUrl', 'roomName', 'participantIdentity', 'participantName', 'participantToken']);
  assert.equal(body.serverUrl, livekitUrl);
  assert.match(body.roomName, /^lkm-connection-test-[a-z0-9]{16}$/);
  assert.match(body.participantIdentity, /^connection-test-[a-z0-9]{16}$/);
  assert.equal(body.participantName, 'Connection test');

  const claims = await verifier.verify(body.participantToken);
  assert.equal(claims.iss, API_KEY);
  assert.equal(claims.sub, body.participantIdentity);
  assert.equal(claims.name, 'Connection test');
  assert.equal(claims.exp - claims.nbf, 300, 'five minutes');
  assert.ok(Math.abs(claims.nbf - Date.now() / 1000) < 30);
  assert.deepEqual(claims.video, {
    room: body.roomName, roomJoin: true, canPublish: true, canPublishData: false, canSubscribe: true,
  });
  for (const grant of ['roomAdmin', 'roomCreate', 'roomList', 'roomRecord', 'ingressAdmin', 'hidden', 'recorder', 'agent']) {
    assert.equal(claims.video[grant], undefined, grant);
  }
  assert.deepEqual(claims.roomConfig, { emptyTimeout: 60, departureTimeout: 10 });
  assert.deepEqual(Object.keys(claims).sort(), ['exp', 'iss', 'name', 'nbf', 'roomConfig', 'sub', 'video']);
});

test('a stranger cannot choose the room: every parameter is ignored and every room is new', async () => {
  const rooms = new Set();
  const identities = new Set();
  const attempts = [
    { body: JSON.stringify({ roomName: 'standup', participantName: 'Mallory', identity: 'alice' }), headers: { 'content-type': 'application/json' } },
    { body: '{"roomName":"lkm-connection-test-aaaaaaaaaaaaaaaa"}', headers: { 'content-type': 'application/json' } },
    {},
  ];
  for (const init of attempts) {
    const res = await connectionTest(init);
    assert.equal(res.status, 200);
    const body = await res.json();
    const claims = await verifier.verify(body.participantToken);
    assert.notEqual(claims.video.room, 'standup');
    assert.notEqual(claims.video.room, 'lkm-connection-test-aaaaaaaaaaaaaaaa');
    assert.notEqual(claims.sub, 'alice');
    assert.notEqual(claims.name, 'Mallory');
    rooms.add(claims.video.room);
    identities.add(claims.sub);
  }
  const query = await fetch(server.url('/api/connection-test?roomName=standup&participantName=Mallory'), { method: 'POST' });
  assert.equal(query.status, 200);
  const queried = await verifier.verify((await query.json()).participantToken);
  assert.match(queried.video.room, /^lkm-connection-test-[a-z0-9]{16}$/);
  rooms.add(queried.video.room);
  assert.equal(rooms.size, 4, 'a fresh room each time');
  assert.equal(identities.size, 3);
});

test('a stranger cannot join a real meeting with it, nor bring a test room into one', async () => {
  const body = await (await connectionTest()).json();
  const claims = await verifier.verify(body.participantToken);
  assert.ok(claims.video.room.startsWith(PREFIX), 'the one room it grants is a test room');
  // The test room cannot be named anywhere else: not joined as a meeting...
  const browser = new Browser(server);
  const join = await browser.join(body.roomName, 'Mallory');
  assert.equal(join.status, 400);
  assert.match(join.text, /reserved for the connection test/);
  const get = await fetch(server.url(`/api/connection-details?roomName=${body.roomName}&participantName=Mallory`));
  assert.equal(get.status, 400);
  assert.equal(await get.text(), 'Invalid query parameter roomName: room names starting with lkm-connection-test- are reserved for the connection test');
  // ...nor claimed by a host...
  const created = await browser.createRoom({ name: `${PREFIX}mine` });
  assert.equal(created.status, 400);
  assert.equal(created.json.error, 'bad_request');
  assert.match(created.json.message, /reserved for the connection test/);
  // ...nor used to become a member, read or moderate the room, or record it.
  const member = await browser.request(`/api/rooms/${body.roomName}/member`, {
    method: 'POST', headers: { authorization: `Bearer ${body.participantToken}` },
  });
  assert.equal(member.status, 400);
  assert.equal(member.json.error, 'bad_request');
  assert.equal(member.cookies.length, 0, 'no member credential');
  for (const [method, path] of [
    ['GET', `/api/rooms/${body.roomName}`],
    ['GET', `/api/rooms/${body.roomName}/participants`],
    ['POST', `/api/rooms/${body.roomName}/lock`],
    ['DELETE', `/api/rooms/${body.roomName}`],
    ['GET', `/api/rooms/lkm%2Dconnection-test-${'x'.repeat(16)}`],
    ['POST', `/api/record/start?roomName=${body.roomName}`],
  ]) {
    const res = await browser.request(path, { method });
    assert.equal(res.status, 400, `${method} ${path}: ${res.text}`);
    assert.equal(res.json.error, 'bad_request', path);
    assert.match(res.json.message, /reserved for the connection test/, path);
  }
  assert.ok(!livekit.calls.some((c) => c.method.endsWith('StartRoomCompositeEgress')), 'nothing was recorded');
});

test('refuses cross-site requests, other bodies and other methods', async () => {
  const foreign = await connectionTest({ headers: { origin: 'https://evil.example' } });
  assert.equal(foreign.status, 403);
  assert.equal((await foreign.json()).error, 'cross_site');
  const fetchSite = await connectionTest({ headers: { 'sec-fetch-site': 'cross-site' } });
  assert.equal(fetchSite.status, 403);
  const form = await connectionTest({ body: 'roomName=standup', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(form.status, 415);
  const get = await fetch(server.url('/api/connection-test'));
  assert.equal(get.status, 405);
  assert.equal(get.headers.get('allow'), 'POST');
  const big = await connectionTest({ body: JSON.stringify({ pad: 'x'.repeat(8192) }), headers: { 'content-type': 'application/json' } });
  assert.equal(big.status, 413);
  const sameOrigin = await connectionTest({ headers: { origin: server.url('').replace(/\/$/, ''), 'sec-fetch-site': 'same-origin' } });
  assert.equal(sameOrigin.status, 200);
});

test('a stranger cannot exceed the token limit, which connection-details shares', async () => {
  const limited = await startServer({ args: ['--token-rate-limit', '3'], env: credentialsEnv({ LIVEKIT_URL: livekitUrl }) });
  try {
    for (let i = 0; i < 3; i++) {
      assert.equal((await connectionTest({}, limited)).status, 200, `request ${i + 1}`);
    }
    const refused = await connectionTest({}, limited);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    const body = await refused.json();
    assert.equal(body.error, 'too_many_requests');
    assert.equal(body.participantToken, undefined);
    const details = await fetch(limited.url('/api/connection-details?roomName=standup&participantName=Ada'));
    assert.equal(details.status, 429, 'the same bucket as connection-details');
    // Another client has its own bucket.
    const other = await new Browser(limited, { from: '127.0.0.2' }).request('/api/connection-test', { method: 'POST' });
    assert.equal(other.status, 200);
  } finally {
    await limited.stop();
  }
});

test('a webhook for a test room records nothing, and live test rooms are not listed', async () => {
  const now = Math.floor(Date.now() / 1000);
  const room = new Room({ sid: 'RM_conntest', name: `${PREFIX}abcdefghijklmnop`, creationTime: BigInt(now - 30) });
  const person = new ParticipantInfo({ sid: 'PA_ct', identity: 'connection-test-abc', name: 'Connection test' });
  for (const event of [
    { event: 'room_started', id: 'EV_ct1', createdAt: BigInt(now - 30), room },
    { event: 'participant_joined', id: 'EV_ct2', createdAt: BigInt(now - 29), room, participant: person },
    { event: 'participant_left', id: 'EV_ct3', createdAt: BigInt(now - 5), room, participant: person },
    { event: 'room_finished', id: 'EV_ct4', createdAt: BigInt(now), room },
  ]) {
    assert.equal(await deliverWebhook(server, event), 200, event.event);
  }
  const forged = await fetch(server.url('/api/webhook'), {
    method: 'POST', headers: { authorization: 'not-a-token' },
    body: JSON.stringify({ event: 'room_started', id: 'EV_ct5', room: { name: `${PREFIX}x` } }),
  });
  assert.equal(forged.status, 401, 'still verified first');
  const meetings = await (await fetch(server.url('/api/meetings'))).json();
  assert.ok(!meetings.meetings.some((m) => m.roomName.startsWith(PREFIX)), JSON.stringify(meetings));
  const byName = await (await fetch(server.url(`/api/meetings?room=${PREFIX}abcdefghijklmnop`))).json();
  assert.deepEqual(byName.meetings, []);
  // A meeting is still recorded as ever.
  const real = new Room({ sid: 'RM_real', name: 'standup', creationTime: BigInt(now - 10) });
  assert.equal(await deliverWebhook(server, { event: 'room_started', id: 'EV_real', createdAt: BigInt(now - 10), room: real }), 200);
  const after = await (await fetch(server.url('/api/meetings'))).json();
  assert.deepEqual(after.meetings.map((m) => m.roomName), ['standup']);

  const live = await (await fetch(server.url('/api/rooms'))).json();
  assert.deepEqual(live.rooms.map((r) => r.name), ['standup']);
});
