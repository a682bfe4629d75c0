// Rooms with a host: creation, passcodes, the waiting room, moderation and organizer sign-in,
// through the real binary. Moderation reaches a stand-in LiveKit server on loopback
// (tests/lib/livekit-standin.mjs), which checks every call's token with livekit-server-sdk.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import { TokenVerifier } from 'livekit-server-sdk';
import { standIn } from '../lib/livekit-standin.mjs';
import { startServer, credentialsEnv, runCli, tempDir, API_KEY, API_SECRET } from './lib/server.mjs';
import { Browser } from './lib/browser.mjs';

let livekit;
let server;
let dataDir;
const env = () => credentialsEnv({ LIVEKIT_URL: `ws://127.0.0.1:${livekit.port}`, S3_KEY_ID: 'AKID', S3_KEY_SECRET: 's3-secret', S3_BUCKET: 'recordings' });
before(async () => {
  livekit = await standIn(http.createServer, {}, { key: API_KEY, secret: API_SECRET, stateful: true });
  dataDir = tempDir('lkm-hosts-');
  server = await startServer({ env: env(), args: ['--data-dir', dataDir] });
});
after(async () => {
  await server?.stop();
  await livekit?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const verifier = new TokenVerifier(API_KEY, API_SECRET);

// A browser in miniature: keeps the cookies the server sets (name=value only).
class Client {
  constructor(target = () => server) { this.jar = new Map(); this.target = target; }
  async fetch(path, { method = 'GET', body, headers = {} } = {}) {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(this.target().url(path), {
      method,
      headers: { ...(cookie ? { cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
      if (/Max-Age=0/.test(line) || value === '') this.jar.delete(name); else this.jar.set(name, value);
    }
    const text = await res.text();
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, headers: res.headers, json, text, cookies: res.headers.getSetCookie() };
  }
  join(room, name, extra = '') {
    return this.fetch(`/api/connection-details?roomName=${encodeURIComponent(room)}&participantName=${encodeURIComponent(name)}${extra}`);
  }
}

async function createRoom(body = {}, client = new Client()) {
  const res = await client.fetch('/api/rooms', { method: 'POST', body });
  assert.equal(res.status, 201, res.text);
  return { host: client, room: res.json.name, res };
}

const attributesOf = async (token) => (await verifier.verify(token)).attributes;

test('creating a room makes its creator the host, with an HttpOnly SameSite=Strict credential', async () => {
  const { host, room, res } = await createRoom({ name: 'design-review', passcode: 'open sesame', waitingRoom: false });
  assert.deepEqual(res.json, { name: 'design-review', hosted: true, passcode: true, waitingRoom: false, locked: false, listed: false, isHost: true, isCohost: false });
  assert.equal(res.cookies.length, 1);
  assert.match(res.cookies[0], /^lkm_host_[0-9a-f]{16}=[a-z0-9]{40}\.[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=604800$/);
  assert.equal(res.headers.get('cache-control'), 'no-store');

  const again = await new Client().fetch('/api/rooms', { method: 'POST', body: { name: room } });
  assert.equal(again.status, 409);
  assert.equal(again.json.error, 'conflict');

  // The host's token says so, and the host needs no passcode.
  const joined = await host.join(room, 'Hana');
  assert.equal(joined.status, 200, joined.text);
  assert.deepEqual(await attributesOf(joined.json.participantToken), { role: 'host' });
  // A second tab of the same browser is the host too.
  const info = await host.fetch(`/api/rooms/${room}`);
  assert.deepEqual(info.json, { ...res.json });
  // Another browser is a guest.
  const guestInfo = await new Client().fetch(`/api/rooms/${room}`);
  assert.equal(guestInfo.json.isHost, false);
  assert.equal(guestInfo.json.passcode, true);
});

test('a room without a name gets an xxxx-xxxx one; bad requests get 400', async () => {
  const { room } = await createRoom();
  assert.match(room, /^[a-z0-9]{4}-[a-z0-9]{4}$/);
  for (const body of [
    '{"name":', '[]', { name: '' }, { name: 'a/b' }, { name: '.hidden' }, { name: 'x'.repeat(129) },
    { passcode: '123' }, { passcode: 'x'.repeat(129) }, { passcode: 'tab\there' }, { passcode: 1234 },
    { waitingRoom: 'yes' }, { name: 'fine', colour: 'blue' },
  ]) {
    const res = await new Client().fetch('/api/rooms', { method: 'POST', body });
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.json.error, 'bad_request');
  }
  const huge = await new Client().fetch('/api/rooms', { method: 'POST', body: JSON.stringify({ name: 'x', pad: 'y'.repeat(5000) }) });
  assert.equal(huge.status, 413);
});

test('open rooms stay as LiveKit Meet has them: no role, no passcode', async () => {
  const res = await new Client().join('anyone-can-join', 'Ada');
  assert.equal(res.status, 200);
  const claims = await verifier.verify(res.json.participantToken);
  assert.equal(claims.attributes, undefined);
  const info = await new Client().fetch('/api/rooms/anyone-can-join');
  assert.deepEqual(info.json, { name: 'anyone-can-join', hosted: false, passcode: false, waitingRoom: false, locked: false, listed: false, isHost: false, isCohost: false });
});

test('passcodes: required, checked, and limited after repeated failures', async () => {
  const { room } = await createRoom({ passcode: '246810' });
  // A client of its own (another loopback address): the guess limit is per client.
  const guest = new Browser(server, { from: '127.0.0.30' });
  const missing = await guest.join(room, 'Gus');
  assert.equal(missing.status, 403);
  assert.equal(missing.json.error, 'passcode_required');
  const wrong = await guest.join(room, 'Gus', { passcode: '135799' });
  assert.equal(wrong.status, 403);
  assert.equal(wrong.json.error, 'passcode_invalid');
  const right = await guest.join(room, 'Gus', { passcode: '246810' });
  assert.equal(right.status, 200);
  assert.deepEqual(await attributesOf(right.json.participantToken), { role: 'guest' });
  assert.match((await verifier.verify(right.json.participantToken)).sub, /^Gus__[a-z0-9]{4}$/);

  const other = await createRoom({ passcode: '999999' });
  for (let i = 0; i < 4; i++) assert.equal((await guest.join(room, 'Gus', { passcode: '000000' })).json.error, 'passcode_invalid');
  // Five failures: the client now waits 1 s, then 2 s after the next one. Blocks are whole seconds
  // on the server's clock, so the first may end at the next tick: one more failure past it makes
  // the wait certain.
  let extra;
  do {
    extra = await guest.join(room, 'Gus', { passcode: '000000' });
    if (extra.status === 429) await new Promise((resolve) => setTimeout(resolve, 50));
  } while (extra.status === 429);
  assert.equal(extra.json.error, 'passcode_invalid');
  const limited = await guest.join(other.room, 'Gus', { passcode: '999999' });
  assert.equal(limited.status, 429, 'five failures block even the right passcode, in any room, for a while');
  assert.equal(limited.json.error, 'too_many_requests');
  assert.ok(Number(limited.headers['retry-after']) >= 1);
  // A passcode this instance has seen right is not a guess, and another client is not held back.
  assert.equal((await guest.join(room, 'Gus', { passcode: '246810' })).status, 200);
  assert.equal((await new Browser(server, { from: '127.0.0.31' }).join(other.room, 'Gus', { passcode: '999999' })).status, 200);
  // The wait over, the client's next try is checked.
  await new Promise((resolve) => setTimeout(resolve, Number(limited.headers['retry-after']) * 1000 + 50));
  assert.equal((await guest.join(other.room, 'Gus', { passcode: '999999' })).status, 200);
});

test('waiting room: the guest waits, the host admits, the guest gets a guest token', async () => {
  const { host, room } = await createRoom({ waitingRoom: true });
  const guest = new Client();
  const waiting = await guest.join(room, 'Wen');
  assert.equal(waiting.status, 202);
  assert.equal(waiting.json.status, 'waiting');
  assert.match(waiting.json.ticket, /^[a-z0-9]{32}$/);
  const cookie = guest.jar.get('random-participant-postfix');
  assert.match(cookie, /^[a-z0-9]{4}\.[A-Za-z0-9_-]{43}$/, 'the postfix, signed by the server');
  const postfix = cookie.split('.')[0];

  // Nothing happens: the poll answers "waiting" when its wait is over.
  const idle = await guest.fetch(`/api/rooms/${room}/admission/${waiting.json.ticket}?wait=1`);
  assert.deepEqual(idle.json, { status: 'waiting' });

  // Only the host sees the queue.
  assert.equal((await guest.fetch(`/api/rooms/${room}/waiting`)).json.error, 'host_required');
  const queue = await host.fetch(`/api/rooms/${room}/waiting`);
  assert.equal(queue.status, 200);
  assert.deepEqual(queue.json.waiting.map((w) => [w.ticket, w.participantName]), [[waiting.json.ticket, 'Wen']]);
  assert.equal((await guest.fetch(`/api/rooms/${room}/waiting/${waiting.json.ticket}/admit`, { method: 'POST' })).status, 403);

  // A long poll in flight learns of the admission as it happens.
  const started = Date.now();
  const poll = guest.fetch(`/api/rooms/${room}/admission/${waiting.json.ticket}`);
  await new Promise((r) => setTimeout(r, 300));
  const admitted = await host.fetch(`/api/rooms/${room}/waiting/${waiting.json.ticket}/admit`, { method: 'POST' });
  assert.deepEqual(admitted.json, { status: 'admitted' });
  const result = await poll;
  assert.ok(Date.now() - started < 20000, 'the poll answered before its 25 s were up');
  assert.equal(result.status, 200, result.text);
  assert.equal(result.json.status, 'admitted');
  const claims = await verifier.verify(result.json.participantToken);
  assert.equal(claims.sub, `Wen__${postfix}`, 'the identity matches the guest\'s cookie');
  assert.deepEqual(claims.attributes, { role: 'guest' });
  assert.equal(claims.video.room, room);
  // Deciding twice, or an unknown ticket, is 404; the queue is empty now.
  assert.equal((await host.fetch(`/api/rooms/${room}/waiting/${waiting.json.ticket}/deny`, { method: 'POST' })).status, 404);
  assert.equal((await guest.fetch(`/api/rooms/${room}/admission/nosuchticket`)).status, 404);
  assert.deepEqual((await host.fetch(`/api/rooms/${room}/waiting`)).json, { waiting: [] });
  // The host never waits.
  assert.equal((await host.join(room, 'Hana')).status, 200);
});

test('waiting room: a denied guest is told so', async () => {
  const { host, room } = await createRoom({ waitingRoom: true, passcode: 'letmein' });
  const guest = new Client();
  assert.equal((await guest.join(room, 'Dee')).json.error, 'passcode_required', 'the passcode comes before the queue');
  const { json } = await guest.join(room, 'Dee', '&passcode=letmein');
  assert.equal((await host.fetch(`/api/rooms/${room}/waiting/${json.ticket}/deny`, { method: 'POST' })).json.status, 'denied');
  const denied = await guest.fetch(`/api/rooms/${room}/admission/${json.ticket}`);
  assert.equal(denied.status, 403);
  assert.equal(denied.json.error, 'denied');
});

test('a locked room turns new joiners away with 423, but not its host', async () => {
  const { host, room } = await createRoom();
  const guest = new Client();
  assert.equal((await guest.fetch(`/api/rooms/${room}/lock`, { method: 'POST' })).status, 403);
  const locked = await host.fetch(`/api/rooms/${room}/lock`, { method: 'POST' });
  assert.equal(locked.json.locked, true);
  const refused = await guest.join(room, 'Late');
  assert.equal(refused.status, 423);
  assert.equal(refused.json.error, 'room_locked');
  assert.equal((await host.join(room, 'Hana')).status, 200);
  assert.equal((await host.fetch(`/api/rooms/${room}/unlock`, { method: 'POST' })).json.locked, false);
  assert.equal((await guest.join(room, 'Late')).status, 200);
});

test('moderation goes to LiveKit with a roomAdmin token for that room, and only for the host', async () => {
  const { host, room } = await createRoom();
  const guest = new Client();
  const before = livekit.calls.length;
  for (const [path, method, body] of [
    [`/api/rooms/${room}/participants`, 'GET'],
    [`/api/rooms/${room}/participants/alice/remove`, 'POST'],
    [`/api/rooms/${room}/participants/alice/mute`, 'POST', { trackSid: 'TR_mic', muted: true }],
    [`/api/rooms/${room}`, 'DELETE'],
  ]) {
    const res = await guest.fetch(path, { method, body });
    assert.equal(res.status, 403, path);
    assert.equal(res.json.error, 'host_required');
  }
  assert.equal(livekit.calls.length, before, 'refused requests never reach LiveKit');

  const list = await host.fetch(`/api/rooms/${room}/participants`);
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.participants[0], {
    identity: 'alice', name: 'Alice', isHost: false, role: '', joinedAt: 1700000100,
    tracks: [
      { sid: 'TR_cam', type: 'VIDEO', source: 'CAMERA', muted: false, name: '' },
      { sid: 'TR_mic', type: 'AUDIO', source: 'MICROPHONE', muted: true, name: '' },
    ],
  });
  let call = livekit.calls.at(-1);
  assert.equal(call.method, 'livekit.RoomService/ListParticipants');
  assert.equal(call.granted, true);
  assert.deepEqual(call.claims.video, { room, roomAdmin: true });

  const removed = await host.fetch(`/api/rooms/${room}/participants/${encodeURIComponent('bob smith__x1y2')}/remove`, { method: 'POST' });
  assert.deepEqual(removed.json, { status: 'removed' });
  call = livekit.calls.at(-1);
  assert.equal(call.method, 'livekit.RoomService/RemoveParticipant');
  assert.deepEqual(call.body, { room, identity: 'bob smith__x1y2' });
  assert.deepEqual(call.claims.video, { room, roomAdmin: true });

  const muted = await host.fetch(`/api/rooms/${room}/participants/alice/mute`, { method: 'POST', body: { trackSid: 'TR_mic', muted: true } });
  assert.deepEqual(muted.json, { status: 'ok', muted: true });
  call = livekit.calls.at(-1);
  assert.equal(call.method, 'livekit.RoomService/MutePublishedTrack');
  assert.deepEqual(call.body, { room, identity: 'alice', trackSid: 'TR_mic', muted: true });
  assert.equal(call.granted, true);
  const badMute = await host.fetch(`/api/rooms/${room}/participants/alice/mute`, { method: 'POST', body: { muted: true } });
  assert.equal(badMute.status, 400);

  // LiveKit failing is a 502, not a crash or a hang.
  livekit.faults.push('500');
  const failed = await host.fetch(`/api/rooms/${room}/participants/alice/remove`, { method: 'POST' });
  assert.equal(failed.status, 502);
  assert.equal(failed.json.error, 'bad_gateway');
});

test('ending the meeting removes everyone and forgets the room', async () => {
  const { host, room } = await createRoom({ passcode: 'closing-time' });
  const ended = await host.fetch(`/api/rooms/${room}`, { method: 'DELETE' });
  assert.deepEqual(ended.json, { status: 'ended' });
  const call = livekit.calls.at(-1);
  assert.equal(call.method, 'livekit.RoomService/DeleteRoom');
  assert.deepEqual(call.body, { room });
  assert.equal(call.granted, true);
  assert.ok(!host.jar.has([...host.jar.keys()].find((k) => k.startsWith('lkm_host_')) ?? 'none'), 'the host cookie is cleared');
  assert.equal((await new Client().fetch(`/api/rooms/${room}`)).json.hosted, false);
  assert.equal((await new Client().join(room, 'Anyone')).status, 200, 'no passcode any more');
  // A room LiveKit no longer knows ends too.
  const second = await createRoom();
  livekit.faults.push('not_found');
  assert.equal((await second.host.fetch(`/api/rooms/${second.room}`, { method: 'DELETE' })).status, 200);
});

test('host credentials: bound to their room, forgery-proof, revocable', async () => {
  const a = await createRoom();
  const b = await createRoom();
  const [nameA, valueA] = [...a.host.jar].find(([k]) => k.startsWith('lkm_host_'));
  const [nameB] = [...b.host.jar].find(([k]) => k.startsWith('lkm_host_'));
  // A's credential presented under B's cookie name is not B's host.
  const swapped = new Client();
  swapped.jar.set(nameB, valueA);
  assert.equal((await swapped.fetch(`/api/rooms/${b.room}/waiting`)).status, 403);
  // A changed signature is refused.
  const forged = new Client();
  forged.jar.set(nameA, valueA.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
  assert.equal((await forged.fetch(`/api/rooms/${a.room}/waiting`)).status, 403);
  // Signing out revokes the credential: a copy of the cookie no longer works either.
  const copy = new Client();
  copy.jar.set(nameA, valueA);
  assert.equal((await copy.fetch(`/api/rooms/${a.room}/waiting`)).status, 200);
  const out = await a.host.fetch(`/api/rooms/${a.room}/host`, { method: 'DELETE' });
  assert.deepEqual(out.json, { isHost: false });
  assert.equal((await copy.fetch(`/api/rooms/${a.room}/waiting`)).status, 403);
});

test('in a hosted room only the host may record', async () => {
  const { host, room } = await createRoom();
  const refused = await new Client().fetch(`/api/record/start?roomName=${room}`, { method: 'POST' });
  assert.equal(refused.status, 403);
  assert.equal(refused.json.error, 'host_required');
  const started = await host.fetch(`/api/record/start?roomName=${room}`, { method: 'POST' });
  assert.equal(started.status, 200, started.text);
  assert.equal((await new Client().fetch(`/api/record/stop?roomName=${room}`, { method: 'POST' })).status, 403);
  assert.equal((await host.fetch(`/api/record/stop?roomName=${room}`, { method: 'POST' })).status, 200);
});

test('rooms, credentials and tickets survive a restart', async () => {
  const { host, room } = await createRoom({ passcode: 'persist', waitingRoom: true });
  const guest = new Client();
  const { json } = await guest.join(room, 'Pat', '&passcode=persist');
  await server.stop();
  server = await startServer({ env: env(), args: ['--data-dir', dataDir] });
  assert.equal((await new Client().join(room, 'Pat')).json.error, 'passcode_required');
  const queue = await host.fetch(`/api/rooms/${room}/waiting`);
  assert.equal(queue.status, 200);
  assert.equal(queue.json.waiting[0].ticket, json.ticket);
  await host.fetch(`/api/rooms/${room}/waiting/${json.ticket}/admit`, { method: 'POST' });
  assert.equal((await guest.fetch(`/api/rooms/${room}/admission/${json.ticket}`)).json.status, 'admitted');
});

test('stopping the server answers pending long polls at once', async () => {
  const own = await startServer({ env: env() });
  try {
    const client = new Client(() => own);
    const { room } = await createRoom({ waitingRoom: true }, client);
    const guest = new Client(() => own);
    const { json } = await guest.join(room, 'Sam');
    const poll = guest.fetch(`/api/rooms/${room}/admission/${json.ticket}`);
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    own.proc.kill('SIGTERM');
    const answer = await poll;
    assert.deepEqual(answer.json, { status: 'waiting' });
    const { code } = await own.exited;
    assert.equal(code, 0);
    assert.ok(Date.now() - started < 5000, 'no waiting out the 25 s poll or the 10 s grace');
  } finally {
    await own.stop();
  }
});

test('organizers: only those who sign in may create rooms, and guests only join rooms that exist', async () => {
  const hashed = runCli(['hash-password'], { input: 'correct horse battery\n' });
  assert.equal(hashed.code, 0, hashed.stderr);
  const hash = hashed.stdout.trim();
  assert.match(hash, /^pbkdf2-sha256\$100000\$[a-z0-9]{22}\$[A-Za-z0-9_-]{43}$/);
  assert.ok(!hashed.stdout.includes('correct horse'));

  const own = await startServer({ env: { ...env(), MEET_ORGANIZER_PASSWORD_HASH: hash }, args: ['--room-creation', 'organizers'] });
  try {
    const organizer = new Client(() => own);
    const session = { roomCreation: 'organizers', lobby: 'listed', recording: 'hosts' };
    assert.deepEqual((await organizer.fetch('/api/session')).json, { organizer: false, ...session });
    const refused = await organizer.fetch('/api/rooms', { method: 'POST', body: {} });
    assert.equal(refused.status, 401);
    assert.equal(refused.json.error, 'organizer_required');
    const wrong = await organizer.fetch('/api/session', { method: 'POST', body: { password: 'wrong horse' } });
    assert.equal(wrong.status, 401);
    const signedIn = await organizer.fetch('/api/session', { method: 'POST', body: { password: 'correct horse battery' } });
    assert.equal(signedIn.status, 200);
    assert.deepEqual(signedIn.json, { organizer: true, ...session });
    assert.match(signedIn.cookies[0], /^lkm_organizer=\d+\.[a-z0-9]{32}\.[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    const created = await organizer.fetch('/api/rooms', { method: 'POST', body: { name: 'board-meeting' } });
    assert.equal(created.status, 201);

    const guest = new Client(() => own);
    assert.equal((await guest.join('board-meeting', 'Guest')).status, 200);
    const unknown = await guest.join('made-up-room', 'Guest');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error, 'room_not_found');
    assert.equal((await guest.fetch('/api/rooms/made-up-room')).status, 404);

    assert.deepEqual((await organizer.fetch('/api/session', { method: 'DELETE' })).json, { organizer: false, ...session });
    assert.equal((await organizer.fetch('/api/rooms', { method: 'POST', body: {} })).status, 401);

    // Repeated wrong passwords are limited.
    // (Blocks are whole seconds on the server's clock: a 1 s block may end at the next tick and let
    // one more guess through.)
    let last;
    let tries = 0;
    while (tries < 8 && last?.status !== 429) {
      last = await guest.fetch('/api/session', { method: 'POST', body: { password: `guess ${tries}` } });
      tries += 1;
    }
    assert.equal(last.status, 429);
    assert.ok(tries >= 5 && tries <= 7, `${tries} tries`);
    assert.ok(Number(last.headers.get('retry-after')) >= 1);
  } finally {
    await own.stop();
  }
});

test('organizer mode needs a valid password hash, and hash-password needs a real password', () => {
  let result = runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--room-creation', 'organizers']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /MEET_ORGANIZER_PASSWORD_HASH must be set.*hash-password/);
  result = runCli(['serve', '--host', '127.0.0.1', '--port', '0'], { env: credentialsEnv({ MEET_ORGANIZER_PASSWORD_HASH: 'plaintext' }) });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /not a password hash/);
  result = runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--room-creation', 'closed']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--room-creation must be open or organizers/);
  result = runCli(['hash-password'], { input: 'short\n' });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /at least 8 characters/);
});
