// The trust model (docs/security.md), each test written as the attack it stops, against the real
// binary. LiveKit is the stand-in of tests/lib/livekit-standin.mjs (tokens checked with
// livekit-server-sdk); clients speak from several loopback addresses (127.0.0.2 and up) so that
// limits per client are seen to hold across clients too.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import { TokenVerifier } from 'livekit-server-sdk';
import { Room, ParticipantInfo, ParticipantInfo_State } from '@livekit/protocol';
import { standIn } from '../lib/livekit-standin.mjs';
import { startServer, credentialsEnv, runCli, tempDir, API_KEY, API_SECRET } from './lib/server.mjs';
import { Browser, deliverWebhook } from './lib/browser.mjs';

const verifier = new TokenVerifier(API_KEY, API_SECRET);
let livekit;
let server;
const env = (extra = {}) => credentialsEnv({
  LIVEKIT_URL: `ws://127.0.0.1:${livekit.port}`, S3_KEY_ID: 'AKID', S3_KEY_SECRET: 's3-secret',
  S3_BUCKET: 'recordings', ...extra,
});

const organizerPassword = 'correct horse battery staple';
let organizerHash;

before(async () => {
  livekit = await standIn(http.createServer, {}, {
    key: API_KEY, secret: API_SECRET, stateful: true, rooms: ['standup'], rosters: {},
  });
  const hashed = runCli(['hash-password'], { input: `${organizerPassword}\n` });
  assert.equal(hashed.code, 0, hashed.stderr);
  organizerHash = hashed.stdout.trim();
  server = await startServer({ env: env({ MEET_ORGANIZER_PASSWORD_HASH: organizerHash }) });
});
after(async () => {
  await server?.stop();
  await livekit?.close();
});

let roomCount = 0;
const freshName = (prefix) => `${prefix}-${process.pid}-${++roomCount}`;

async function hostOf(body = {}, target = server) {
  const host = new Browser(target);
  const res = await host.createRoom({ name: freshName('room'), ...body });
  assert.equal(res.status, 201, res.text);
  return { host, room: res.json.name };
}

async function organizer(target = server, from = '127.0.0.1') {
  const browser = new Browser(target, { from });
  const res = await browser.request('/api/session', { method: 'POST', body: { password: organizerPassword } });
  assert.equal(res.status, 200, res.text);
  return browser;
}

test('nobody becomes host of a room people are meeting in, or used recently', async () => {
  // Live in LiveKit right now.
  const live = await new Browser(server).createRoom({ name: 'standup' });
  assert.equal(live.status, 409, live.text);
  assert.equal(live.json.error, 'room_in_use');
  // In the meeting history within the retention time (a meeting that ended a minute ago).
  const now = Math.floor(Date.now() / 1000);
  const name = freshName('retro');
  const sid = `RM_${name}`;
  const roomInfo = new Room({ sid, name, creationTime: BigInt(now - 600) });
  assert.equal(await deliverWebhook(server, { event: 'room_started', id: `EV_${name}_1`, createdAt: BigInt(now - 600), room: roomInfo }), 200);
  assert.equal(await deliverWebhook(server, { event: 'room_finished', id: `EV_${name}_2`, createdAt: BigInt(now - 60), room: roomInfo }), 200);
  for (const from of ['127.0.0.1', '127.0.0.2']) {
    const recent = await new Browser(server, { from }).createRoom({ name });
    assert.equal(recent.status, 409, recent.text);
    assert.equal(recent.json.error, 'room_in_use');
  }
  // A name nobody used is free, and then it is taken.
  const { room } = await hostOf();
  const again = await new Browser(server, { from: '127.0.0.3' }).createRoom({ name: room });
  assert.equal(again.status, 409);
});

test('a room name is never claimed blind: LiveKit unreachable answers 503', async () => {
  livekit.faults.push('not_http', 'not_http', 'not_http');
  const res = await new Browser(server).createRoom({ name: freshName('blind') });
  assert.equal(res.status, 503, res.text);
  assert.equal(res.json.error, 'unavailable');
  assert.ok(Number(res.headers['retry-after']) >= 1);
  livekit.faults.length = 0;
});

test('room creation is rate limited per client, and unused rooms are forgotten', async () => {
  const own = await startServer({ env: env(), args: ['--room-rate-limit', '3', '--room-retention', '2s'] });
  try {
    const client = new Browser(own, { from: '127.0.0.4' });
    const first = await client.createRoom({ name: freshName('kept') });
    assert.equal(first.status, 201);
    for (let i = 0; i < 2; i++) assert.equal((await client.createRoom()).status, 201);
    const limited = await client.createRoom();
    assert.equal(limited.status, 429, limited.text);
    assert.equal(limited.json.error, 'too_many_requests');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    // Another client is not held back.
    assert.equal((await new Browser(own, { from: '127.0.0.5' }).createRoom()).status, 201);
    // Unused past the retention, the room is forgotten: its name can be claimed again and the old
    // host credential opens nothing.
    await new Promise((resolve) => setTimeout(resolve, 3100));
    const claimer = new Browser(own, { from: '127.0.0.6' });
    const reclaimed = await claimer.createRoom({ name: first.json.name });
    assert.equal(reclaimed.status, 201, reclaimed.text);
    const oldHost = await client.request(`/api/rooms/${first.json.name}`);
    assert.equal(oldHost.json.isHost, false);
  } finally {
    await own.stop();
  }
});

test('the lobby shows only rooms their hosts listed, without identities or recording locations', async () => {
  const listed = await hostOf({ listed: true });
  const unlisted = await hostOf({ passcode: 'secret-code' });
  livekit.rooms = ['standup', listed.room, unlisted.room];
  const now = Math.floor(Date.now() / 1000);
  for (const { room } of [listed, unlisted]) {
    const info = new Room({ sid: `RM_${room}`, name: room, creationTime: BigInt(now - 100) });
    assert.equal(await deliverWebhook(server, { event: 'room_started', id: `EV_${room}_s`, createdAt: BigInt(now - 100), room: info }), 200);
    assert.equal(await deliverWebhook(server, {
      event: 'participant_joined', id: `EV_${room}_j`, createdAt: BigInt(now - 90), room: info,
      participant: new ParticipantInfo({ sid: `PA_${room}`, identity: 'ceo__ab12', name: 'The CEO', state: ParticipantInfo_State.ACTIVE }),
    }), 200);
  }
  const stranger = new Browser(server, { from: '127.0.0.7' });
  const rooms = await stranger.request('/api/rooms');
  assert.equal(rooms.status, 200);
  assert.deepEqual(rooms.json.rooms.map((r) => r.name), [listed.room]);
  const meetings = await stranger.request('/api/meetings?limit=500');
  assert.equal(meetings.status, 200);
  const names = meetings.json.meetings.map((m) => m.roomName);
  assert.ok(names.includes(listed.room));
  assert.ok(!names.includes(unlisted.room));
  assert.ok(!names.includes('standup'));
  assert.ok(!JSON.stringify(meetings.json).includes('ceo__ab12'), 'no identities for strangers');
  const shown = meetings.json.meetings.find((m) => m.roomName === listed.room);
  assert.equal(shown.attendees[0].name, 'The CEO');
  assert.equal(shown.attendees[0].identity, undefined);
  // A meeting of an unlisted room is answered as one that does not exist.
  const hidden = (await unlisted.host.request(`/api/meetings?room=${unlisted.room}`)).json.meetings[0];
  assert.equal(hidden.attendees[0].identity, 'ceo__ab12', 'the host sees the full record');
  assert.equal((await stranger.request(`/api/meetings/${hidden.id}`)).status, 404);
  assert.equal((await stranger.request(`/api/meetings?room=${unlisted.room}`)).status, 404);
  // A signed-in organizer sees everything, in full.
  const boss = await organizer();
  const all = await boss.request('/api/rooms');
  assert.deepEqual(all.json.rooms.map((r) => r.name).sort(), ['standup', listed.room, unlisted.room].sort());
  assert.ok(JSON.stringify((await boss.request('/api/meetings?limit=500')).json).includes('ceo__ab12'));
  // The host lists and unlists.
  assert.equal((await unlisted.host.request(`/api/rooms/${unlisted.room}/list`, { method: 'POST' })).json.listed, true);
  assert.ok((await stranger.request('/api/rooms')).json.rooms.some((r) => r.name === unlisted.room));
  assert.equal((await unlisted.host.request(`/api/rooms/${unlisted.room}/unlist`, { method: 'POST' })).json.listed, false);
  assert.equal((await stranger.request(`/api/rooms/${unlisted.room}/list`, { method: 'POST' })).status, 403);
  livekit.rooms = ['standup'];
});

test('--lobby off shows nothing but to organizers; --lobby all shows everything', async () => {
  const off = await startServer({ env: env({ MEET_ORGANIZER_PASSWORD_HASH: organizerHash }), args: ['--lobby', 'off'] });
  const all = await startServer({ env: env(), args: ['--lobby', 'all'] });
  try {
    for (const path of ['/api/rooms', '/api/meetings']) {
      const res = await new Browser(off).request(path);
      assert.equal(res.status, 403, path);
      assert.equal(res.json.error, 'lobby_off');
    }
    assert.equal((await (await organizer(off)).request('/api/rooms')).status, 200);
    const everything = await new Browser(all).request('/api/rooms');
    assert.deepEqual(everything.json.rooms.map((r) => r.name), ['standup']);
    const session = await new Browser(off).request('/api/session');
    assert.equal(session.json.lobby, 'off');
  } finally {
    await off.stop();
    await all.stop();
  }
});

test('a joiner cannot pick an identity: the postfix cookie is signed by the server', async () => {
  const { room } = await hostOf();
  const forger = new Browser(server);
  forger.jar.set('random-participant-postfix', 'ab12');
  const res = await forger.join(room, 'ceo');
  assert.equal(res.status, 200, res.text);
  const claims = await verifier.verify(res.json.participantToken);
  assert.notEqual(claims.sub, 'ceo__ab12');
  assert.match(claims.sub, /^ceo__[a-z0-9]{4}$/);
  // The cookie the server set keeps the identity on the next join; it is not Secure over HTTP.
  assert.match(res.cookies[0], /^random-participant-postfix=[a-z0-9]{4}\.[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Expires=/);
  assert.doesNotMatch(res.cookies[0], /Secure/);
  const again = await forger.join(room, 'ceo');
  assert.equal((await verifier.verify(again.json.participantToken)).sub, claims.sub);
  // A signed cookie of one postfix does not sign another.
  const [, signature] = forger.jar.get('random-participant-postfix').split('.');
  forger.jar.set('random-participant-postfix', `ab12.${signature}`);
  const swapped = await forger.join(room, 'ceo');
  assert.notEqual((await verifier.verify(swapped.json.participantToken)).sub, 'ceo__ab12');
  // The query-string form too.
  const viaGet = await fetch(server.url(`/api/connection-details?roomName=${room}&participantName=ceo`), { headers: { cookie: 'random-participant-postfix=ab12' } });
  assert.notEqual((await verifier.verify((await viaGet.json()).participantToken)).sub, 'ceo__ab12');
});

test('names that hide or disguise themselves are refused', async () => {
  for (const name of ['', 'Mallory\u202Eevil', 'Bo\u200Bb', '\u2066Eve\u2069', 'Zoë\uFEFF', 'tab\tname']) {
    const res = await new Browser(server).join('open-room', name);
    assert.equal(res.status, 400, JSON.stringify(name));
    const viaGet = await fetch(server.url(`/api/connection-details?roomName=open-room&participantName=${encodeURIComponent(name)}`));
    assert.equal(viaGet.status, 400, JSON.stringify(name));
  }
  assert.equal((await new Browser(server).join('open-room', 'Zoë Ångström')).status, 200);
});

test('an admitted ticket is single use, stops at a lock, and the host can revoke it', async () => {
  const { host, room } = await hostOf({ waitingRoom: true });
  const waitFor = async (guest) => {
    const res = await guest.join(room, 'Wen');
    assert.equal(res.status, 202, res.text);
    return res.json.ticket;
  };
  const poll = (guest, ticket) => guest.request(`/api/rooms/${room}/admission/${ticket}?wait=0`);

  // Single use.
  const guest = new Browser(server);
  const ticket = await waitFor(guest);
  assert.equal((await host.request(`/api/rooms/${room}/waiting/${ticket}/admit`, { method: 'POST' })).status, 200);
  const first = await poll(guest, ticket);
  assert.equal(first.status, 200);
  assert.equal(first.json.status, 'admitted');
  const second = await poll(guest, ticket);
  assert.equal(second.status, 410);
  assert.equal(second.json.error, 'ticket_used');

  // Many polls at once, from other addresses too: exactly one token.
  const racer = new Browser(server);
  const raced = await waitFor(racer);
  assert.equal((await host.request(`/api/rooms/${room}/waiting/${raced}/admit`, { method: 'POST' })).status, 200);
  const answers = await Promise.all(['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5']
    .map((from) => poll(new Browser(server, { from }), raced)));
  assert.equal(answers.filter((a) => a.status === 200).length, 1, JSON.stringify(answers.map((a) => a.status)));
  for (const a of answers.filter((x) => x.status !== 200)) assert.ok([409, 410].includes(a.status), a.text);

  // A locked room answers 423 to an admitted ticket, and the ticket waits for the unlock.
  const late = new Browser(server);
  const lateTicket = await waitFor(late);
  await host.request(`/api/rooms/${room}/waiting/${lateTicket}/admit`, { method: 'POST' });
  await host.request(`/api/rooms/${room}/lock`, { method: 'POST' });
  const locked = await poll(late, lateTicket);
  assert.equal(locked.status, 423);
  assert.equal(locked.json.error, 'room_locked');
  await host.request(`/api/rooms/${room}/unlock`, { method: 'POST' });
  assert.equal((await poll(late, lateTicket)).status, 200);

  // The host denies an admitted ticket before it is used.
  const changed = new Browser(server);
  const changedTicket = await waitFor(changed);
  await host.request(`/api/rooms/${room}/waiting/${changedTicket}/admit`, { method: 'POST' });
  assert.equal((await host.request(`/api/rooms/${room}/waiting/${changedTicket}/deny`, { method: 'POST' })).status, 200);
  assert.equal((await poll(changed, changedTicket)).status, 403);

  // Removing the person revokes an admission they have not used yet.
  const removed = new Browser(server);
  const removedTicket = await waitFor(removed);
  const identity = `Wen__${removed.jar.get('random-participant-postfix').split('.')[0]}`;
  await host.request(`/api/rooms/${room}/waiting/${removedTicket}/admit`, { method: 'POST' });
  const removal = await host.request(`/api/rooms/${room}/participants/${identity}/remove`, { method: 'POST' });
  assert.equal(removal.status, 200, removal.text);
  const afterRemoval = await poll(removed, removedTicket);
  assert.equal(afterRemoval.status, 403);
  assert.equal(afterRemoval.json.error, 'denied');
  // Even when LiveKit fails to remove them.
  const stubborn = new Browser(server);
  const stubbornTicket = await waitFor(stubborn);
  const stubbornIdentity = `Wen__${stubborn.jar.get('random-participant-postfix').split('.')[0]}`;
  await host.request(`/api/rooms/${room}/waiting/${stubbornTicket}/admit`, { method: 'POST' });
  livekit.faults.push('500', '500', '500');
  const failed = await host.request(`/api/rooms/${room}/participants/${stubbornIdentity}/remove`, { method: 'POST' });
  livekit.faults.length = 0;
  assert.equal(failed.status, 502);
  assert.equal((await poll(stubborn, stubbornTicket)).status, 403);
});

test('one long poll per ticket: a newer poll takes over and the older one answers 409', async () => {
  const { room } = await hostOf({ waitingRoom: true });
  const guest = new Browser(server);
  const { ticket } = (await guest.join(room, 'Pat')).json;
  const older = guest.request(`/api/rooms/${room}/admission/${ticket}?wait=5`);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const newer = guest.request(`/api/rooms/${room}/admission/${ticket}?wait=1`);
  const [a, b] = await Promise.all([older, newer]);
  assert.equal(a.status, 409, a.text);
  assert.equal(b.status, 200);
  assert.equal(b.json.status, 'waiting');
});

// Blocks are whole seconds on the server's clock: a block of 1 s may end a moment after it began
// (at the next tick), so each second of a run may let one more guess through once the free ones
// are spent. `extra` bounds the guesses checked past the limit by the seconds the run took.
const secondsSince = (start) => Math.ceil((Date.now() - start) / 1000);

test('passcode guesses are limited per room across every client, and counted atomically', async () => {
  const { room } = await hostOf({ passcode: 'right-one' });
  // Each address guesses a few times: the room closes to guesses after 20 failures in all.
  const statuses = [];
  let closedAt;
  for (let i = 0; i < 26; i++) {
    if (i === 20) closedAt = Date.now();
    const from = `127.0.1.${2 + Math.floor(i / 3)}`;
    statuses.push((await new Browser(server, { from }).join(room, 'Guesser', { passcode: `wrong-${i}` })).status);
  }
  // A fresh address gets no fresh tries either.
  statuses.push((await new Browser(server, { from: '127.0.2.200' }).join(room, 'Guesser', { passcode: 'wrong-x' })).status);
  assert.deepEqual(statuses.slice(0, 20), Array(20).fill(403));
  const late = statuses.slice(20);
  assert.ok(late.every((s) => s === 429 || s === 403), JSON.stringify(statuses));
  assert.ok(late.filter((s) => s === 403).length <= secondsSince(closedAt), JSON.stringify(statuses));

  // One client guessing 30 times at once gets its 5 tries checked, and hardly more.
  const other = await hostOf({ passcode: 'another-right-one' });
  const burst = new Browser(server, { from: '127.0.3.9' });
  const started = Date.now();
  const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => burst.join(other.room, 'Burst', { passcode: `nope-${i}` })));
  const checked = answers.filter((a) => a.status === 403).length;
  assert.ok(checked >= 5 && checked <= 5 + secondsSince(started), `${checked} guesses were checked`);
  assert.equal(answers.filter((a) => a.status === 429).length, 30 - checked);

  // Passcodes shorter than 6 characters are refused.
  const short = await new Browser(server).createRoom({ passcode: '12345' });
  assert.equal(short.status, 400);
});

test('a restart forgets no room\'s guesses', async () => {
  const dataDir = tempDir('lkm-guesses-');
  let own = await startServer({ env: env(), args: ['--data-dir', dataDir] });
  try {
    const created = await new Browser(own).createRoom({ passcode: 'restart-proof' });
    const room = created.json.name;
    for (let i = 0; i < 20; i++) {
      const res = await new Browser(own, { from: `127.0.6.${2 + i}` }).join(room, 'G', { passcode: `wrong-${i}` });
      assert.equal(res.status, 403);
    }
    await own.stop();
    own = await startServer({ env: env(), args: ['--data-dir', dataDir] });
    const after = [];
    for (let i = 0; i < 3; i++) after.push((await new Browser(own, { from: `127.0.6.${30 + i}` }).join(room, 'G', { passcode: `again-${i}` })).status);
    assert.ok(after.filter((s) => s === 429).length >= 2, JSON.stringify(after));
  } finally {
    await own.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('organizer sign-in: guesses limited across clients; sign-out and a new password end sessions', async () => {
  const own = await startServer({ env: env({ MEET_ORGANIZER_PASSWORD_HASH: organizerHash }), args: ['--room-creation', 'organizers'] });
  try {
    const statuses = [];
    let closedAt;
    for (let i = 0; i < 24; i++) {
      if (i === 20) closedAt = Date.now();
      const res = await new Browser(own, { from: `127.0.4.${2 + i}` }).request('/api/session', { method: 'POST', body: { password: `guess ${i}` } });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(401));
    const late = statuses.slice(20);
    assert.ok(late.every((s) => s === 429 || s === 401), JSON.stringify(statuses));
    assert.ok(late.filter((s) => s === 401).length <= secondsSince(closedAt), JSON.stringify(statuses));
  } finally {
    await own.stop();
  }
  const other = await startServer({ env: env({ MEET_ORGANIZER_PASSWORD_HASH: organizerHash }), args: ['--room-creation', 'organizers'] });
  try {
    const boss = await organizer(other);
    const stolen = boss.jar.get('lkm_organizer');
    assert.equal((await boss.request('/api/session', { method: 'DELETE' })).status, 200);
    const thief = new Browser(other, { from: '127.0.0.9' });
    thief.jar.set('lkm_organizer', stolen);
    assert.equal((await thief.request('/api/session')).json.organizer, false, 'signed out everywhere');
    assert.equal((await thief.createRoom()).status, 401);
    // A session from before a password change no longer works.
    const kept = (await organizer(other)).jar.get('lkm_organizer');
    await other.stop();
    const newHash = runCli(['hash-password'], { input: 'a brand new password\n' }).stdout.trim();
    const restarted = await startServer({ env: env({ MEET_ORGANIZER_PASSWORD_HASH: newHash }), args: ['--room-creation', 'organizers'] });
    try {
      const old = new Browser(restarted);
      old.jar.set('lkm_organizer', kept);
      assert.equal((await old.request('/api/session')).json.organizer, false);
    } finally {
      await restarted.stop();
    }
  } finally {
    await other.stop();
  }
});

test('recording needs the host, or an organizer in rooms without one; names stay out of paths', async () => {
  const stranger = new Browser(server, { from: '127.0.0.8' });
  const open = await stranger.request('/api/record/start?roomName=open-talk', { method: 'POST' });
  assert.equal(open.status, 403, open.text);
  const { host, room } = await hostOf();
  assert.equal((await stranger.request(`/api/record/start?roomName=${room}`, { method: 'POST' })).status, 403);
  assert.equal((await host.request(`/api/record/start?roomName=${room}`, { method: 'POST' })).status, 200);
  const boss = await organizer();
  const sneaky = await boss.request(`/api/record/start?roomName=${encodeURIComponent('../../etc/x')}`, { method: 'POST' });
  assert.equal(sneaky.status, 200, sneaky.text);
  const started = livekit.calls.filter((c) => c.method === 'livekit.Egress/StartRoomCompositeEgress').at(-1);
  const filepath = started.body.file?.filepath ?? started.body.fileOutputs?.[0]?.filepath ?? started.body.file_outputs?.[0]?.filepath ?? JSON.stringify(started.body);
  assert.ok(!filepath.includes('/'), filepath);
  assert.match(filepath, /-\.\._\.\._etc_x\.mp4$/);
  assert.equal((await boss.request('/api/record/start?roomName=a%00b', { method: 'POST' })).status, 400);

  const anyone = await startServer({ env: env(), args: ['--recording', 'anyone'] });
  const off = await startServer({ env: env(), args: ['--recording', 'off'] });
  try {
    assert.equal((await new Browser(anyone).request('/api/record/start?roomName=open-talk', { method: 'POST' })).status, 200);
    const refused = await new Browser(off).request('/api/record/start?roomName=open-talk', { method: 'POST' });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.error, 'forbidden');
  } finally {
    await anyone.stop();
    await off.stop();
  }
});

test('cross-site requests and non-JSON bodies are refused', async () => {
  const { host, room } = await hostOf();
  const evil = { origin: 'https://evil.example' };
  for (const [path, method] of [['/api/rooms', 'POST'], [`/api/rooms/${room}/lock`, 'POST'], [`/api/rooms/${room}`, 'DELETE'], ['/api/session', 'DELETE'], [`/api/record/start?roomName=${room}`, 'POST']]) {
    const res = await host.request(path, { method, headers: evil, ...(method === 'POST' && path === '/api/rooms' ? { body: {} } : {}) });
    assert.equal(res.status, 403, `${method} ${path}`);
    assert.equal(res.json.error, 'cross_site');
  }
  const fetchSite = await host.request(`/api/rooms/${room}/lock`, { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' } });
  assert.equal(fetchSite.status, 403);
  const nullOrigin = await host.request(`/api/rooms/${room}/lock`, { method: 'POST', headers: { origin: 'null' } });
  assert.equal(nullOrigin.status, 403);
  // A null origin from another site's (or a sandboxed) document says so in its fetch metadata.
  for (const site of ['cross-site', 'same-site', 'none']) {
    const res = await host.request(`/api/rooms/${room}/lock`, { method: 'POST', headers: { origin: 'null', 'sec-fetch-site': site } });
    assert.equal(res.status, 403, site);
  }
  // The room is untouched, and the same origin (or no Origin at all, as curl) is served.
  assert.equal((await host.request(`/api/rooms/${room}`)).json.locked, false);
  const same = await host.request(`/api/rooms/${room}/lock`, { method: 'POST', headers: { origin: `http://127.0.0.1:${server.port}`, 'sec-fetch-site': 'same-origin' } });
  assert.equal(same.status, 200, same.text);
  // A form can only send text/plain, urlencoded or multipart bodies.
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const res = await new Browser(server).request('/api/rooms', { method: 'POST', body: '{"name":"formed"}', headers: { 'content-type': type } });
    assert.equal(res.status, 415, type);
    assert.equal(res.json.error, 'unsupported_media_type');
  }
  // Webhooks come from the LiveKit server, not a browser: they keep their own content type.
  assert.equal(await deliverWebhook(server, { event: 'room_started', id: `EV_${room}_ct`, room: new Room({ sid: `RM_${room}`, name: room }) }), 200);
});

test('passcodes travel in a POST body, never in a URL', async () => {
  const { room } = await hostOf({ passcode: 'body-only-code' });
  const res = await new Browser(server).join(room, 'Poe', { passcode: 'body-only-code' });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.roomName, room);
  for (const body of ['[]', '{"roomName":1,"participantName":"x"}', '{"roomName":"r","participantName":"x","extra":1}', 'nope']) {
    const bad = await new Browser(server).request('/api/connection-details', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    assert.equal(bad.status, 400, body);
  }
  const missing = await new Browser(server).request('/api/connection-details', { method: 'POST', body: { roomName: room } });
  assert.equal(missing.status, 400);
  assert.equal(missing.text, 'Missing required query parameter: participantName');
});

test('errors never show the LiveKit server\'s address or its own words', async () => {
  const { host, room } = await hostOf();
  livekit.faults.push('500', '500', '500', '500');
  const failed = await host.request(`/api/rooms/${room}/participants`);
  assert.equal(failed.status, 502, failed.text);
  assert.doesNotMatch(failed.text, /127\.0\.0\.1|try again|internal/);
  livekit.faults.length = 0;
  livekit.faults.push('garbage');
  const garbage = await new Browser(server).request('/api/rooms');
  assert.equal(garbage.status, 502);
  assert.doesNotMatch(garbage.text, /127\.0\.0\.1|html|oops/);
  livekit.faults.length = 0;
  // The log keeps what the client was not told; it reaches us through a pipe, maybe a moment later.
  for (let i = 0; i < 100 && !/LiveKit API call failed/.test(server.logs()); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.match(server.logs(), /LiveKit API call failed/);
});
