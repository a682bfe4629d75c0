// Several livekit-meet instances sharing one meeting history in PostgreSQL, as behind a load
// balancer: a real PostgreSQL server on loopback (scripts/with-postgres.sh starts it and sets
// LKM_TEST_DATABASE_URL), the real binary, webhooks signed as the LiveKit server signs them.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';
import { WebhookEvent, Room, ParticipantInfo } from '@livekit/protocol';
import { adminUrl, psql, skipWithoutPostgres } from './lib/postgres.mjs';
import { startServer, runCli, credentialsEnv, API_KEY, API_SECRET } from './lib/server.mjs';

const skip = skipWithoutPostgres;


const database = `lkm_shared_${process.pid}`;
let databaseUrl;
let password;
before(() => {
  if (skip) return;
  assert.ok(adminUrl, 'LKM_REQUIRE_POSTGRES is set but LKM_TEST_DATABASE_URL is not');
  psql(`CREATE DATABASE ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  databaseUrl = url.toString();
  password = decodeURIComponent(url.password);
});
after(() => {
  if (!skip && adminUrl) psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

function startInstance(extraEnv = {}) {
  return startServer({ env: credentialsEnv({ MEET_DATABASE_URL: databaseUrl, MEET_LOBBY: 'all', ...extraEnv }) });
}

async function deliver(instance, event) {
  const body = new WebhookEvent(event).toJsonString();
  const at = new AccessToken(API_KEY, API_SECRET, { ttl: '5m' });
  at.sha256 = crypto.createHash('sha256').update(body).digest('base64');
  const res = await fetch(instance.url('/api/webhook'), {
    method: 'POST',
    headers: { 'content-type': 'application/webhook+json', authorization: await at.toJwt() },
    body,
  });
  return { status: res.status, body: await res.json() };
}

const now = Math.floor(Date.now() / 1000);
const person = (identity) => new ParticipantInfo({ sid: `PA_${identity}`, identity, name: identity });

test('instances behind a load balancer keep one history', { skip }, async () => {
  const a = await startInstance();
  const b = await startInstance();
  try {
    const room = new Room({ sid: 'RM_shared', name: 'all-hands', creationTime: BigInt(now - 300) });
    assert.deepEqual((await deliver(a, { event: 'room_started', id: 'SH_1', createdAt: BigInt(now - 300), room })).body, { status: 'ok' });
    // Joins reach both instances at once; LiveKit's retries of them land on the other one.
    const joins = Array.from({ length: 12 }, (_, i) => ({
      event: 'participant_joined', id: `SH_J${i}`, createdAt: BigInt(now - 200 + i), room, participant: person(`p${i}`),
    }));
    const first = await Promise.all(joins.map((event, i) => deliver(i % 2 ? a : b, event)));
    assert.ok(first.every((r) => r.status === 200 && r.body.status === 'ok'), JSON.stringify(first));
    const retried = await Promise.all(joins.map((event, i) => deliver(i % 2 ? b : a, event)));
    assert.ok(retried.every((r) => r.status === 200 && r.body.status === 'duplicate'), JSON.stringify(retried));
    assert.equal((await deliver(b, { event: 'participant_left', id: 'SH_L0', createdAt: BigInt(now - 100), room, participant: person('p0') })).status, 200);

    const fromA = await (await fetch(a.url('/api/meetings'))).json();
    const fromB = await (await fetch(b.url('/api/meetings'))).json();
    assert.deepEqual(fromA, fromB);
    assert.equal(fromA.meetings.length, 1);
    const meeting = fromA.meetings[0];
    assert.equal(meeting.roomName, 'all-hands');
    assert.equal(meeting.participantsJoined, 12);
    assert.equal(meeting.peakParticipants, 12);
    assert.equal(meeting.currentParticipants, 11);
    assert.equal(meeting.attendees.length, 12);
    const one = await (await fetch(b.url(`/api/meetings/${meeting.id}`))).json();
    assert.deepEqual(one, meeting);

    // The history outlives every instance.
    await a.stop();
    await b.stop();
    const c = await startInstance();
    try {
      const later = await (await fetch(c.url('/api/meetings'))).json();
      assert.deepEqual(later, fromA);
      assert.ok(!c.logs().includes(password), 'the database password is never logged');
      assert.match(c.logs(), /meeting history in PostgreSQL at postgresql:\/\/lkm@127\.0\.0\.1:\d+\/lkm_shared_/);
    } finally {
      await c.stop();
    }
  } finally {
    await a.stop();
    await b.stop();
  }
});

test('a database that stops taking connections gives 503 and it recovers', { skip }, async () => {
  const a = await startInstance();
  try {
    assert.equal((await fetch(a.url('/api/meetings'))).status, 200);
    psql(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    psql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}'`);
    const down = await fetch(a.url('/api/meetings'));
    assert.equal(down.status, 503);
    const problem = await down.json();
    assert.equal(down.headers.get('retry-after'), '5');
    assert.equal(problem.error, 'store_unavailable');
    assert.ok(!JSON.stringify(problem).includes(password));
    const hook = await deliver(a, { event: 'room_started', id: 'SH_DOWN', createdAt: BigInt(now), room: new Room({ sid: 'RM_down', name: 'down' }) });
    assert.equal(hook.status, 503, 'LiveKit retries a delivery that was not stored');
    // Whether a room needs a passcode lives in the database: joins fail closed, never open.
    const token = await fetch(a.url('/api/connection-details?roomName=down&participantName=ada'));
    assert.equal(token.status, 503);
    assert.equal((await token.json()).error, 'store_unavailable');

    psql(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
    assert.equal((await fetch(a.url('/api/meetings'))).status, 200);
    assert.equal((await fetch(a.url('/api/connection-details?roomName=down&participantName=ada'))).status, 200);
    const retry = await deliver(a, { event: 'room_started', id: 'SH_DOWN', createdAt: BigInt(now), room: new Room({ sid: 'RM_down', name: 'down' }) });
    assert.deepEqual(retry.body, { status: 'ok' });
  } finally {
    psql(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
    await a.stop();
  }
});

test('a guest waiting on one instance is let in by a host on another', { skip }, async () => {
  const a = await startInstance();
  const b = await startInstance();
  try {
    const created = await fetch(b.url('/api/rooms'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ waitingRoom: true }) });
    assert.equal(created.status, 201);
    const { name } = await created.json();
    const hostCookie = created.headers.getSetCookie()[0].split(';')[0];
    // The host's credential, the room and the ticket are the same on both instances.
    const waiting = await (await fetch(a.url(`/api/connection-details?roomName=${name}&participantName=guest`))).json();
    assert.equal(waiting.status, 'waiting');
    const queue = await (await fetch(a.url(`/api/rooms/${name}/waiting`), { headers: { cookie: hostCookie } })).json();
    assert.deepEqual(queue.waiting.map((w) => w.ticket), [waiting.ticket]);
    // Each instance listens for decisions made elsewhere.
    const listeners = psql(`SELECT count(*) FROM pg_stat_activity WHERE datname = '${database}' AND query = 'LISTEN "lkm_admission"'`);
    assert.equal(Number(listeners), 2);

    const poll = fetch(a.url(`/api/rooms/${name}/admission/${waiting.ticket}`)).then((r) => r.json());
    await new Promise((r) => setTimeout(r, 300));
    const admitted = await fetch(b.url(`/api/rooms/${name}/waiting/${waiting.ticket}/admit`), { method: 'POST', headers: { cookie: hostCookie } });
    assert.equal(admitted.status, 200);
    const result = await poll;
    assert.equal(result.status, 'admitted');
    assert.equal(result.roomName, name);
  } finally {
    await a.stop();
    await b.stop();
  }
});

test('a password in --database is refused without being echoed', () => {
  const secret = 'pw-on-the-command-line-31c9';
  const result = runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--database', `postgres://meet:${secret}@127.0.0.1/meet`]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--database must not carry a password.*MEET_DATABASE_URL/);
  assert.ok(!result.stderr.includes(secret));
});

test('an unreachable database stops the start with a clear error that hides the password', () => {
  const secret = 'unreachable-pw-77e0';
  const result = runCli(['serve', '--host', '127.0.0.1', '--port', '0'], {
    env: credentialsEnv({ MEET_DATABASE_URL: `postgresql://meet:${secret}@127.0.0.1:1/meet?connect_timeout=3` }),
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /cannot open the meeting history in postgresql:\/\/meet@127\.0\.0\.1:1\/meet: cannot connect/);
  assert.match(result.stderr, /MEET_DATABASE_URL/);
  assert.ok(!result.stderr.includes(secret));
});

// The trust model across instances (docs/security.md): each attack tried against two instances
// sharing one PostgreSQL database must fail as it fails against one.
test('two instances share guess limits, single-use tickets, room claims and sign-outs', { skip }, async () => {
  const { standIn } = await import('../lib/livekit-standin.mjs');
  const { Browser } = await import('./lib/browser.mjs');
  const http = await import('node:http');
  const livekit = await standIn(http.createServer, {}, { key: API_KEY, secret: API_SECRET, rooms: [], rosters: {} });
  const hashed = runCli(['hash-password'], { input: 'shared organizer password\n' });
  const extra = { LIVEKIT_URL: `ws://127.0.0.1:${livekit.port}`, MEET_ORGANIZER_PASSWORD_HASH: hashed.stdout.trim() };
  const a = await startInstance(extra);
  const b = await startInstance(extra);
  try {
    const host = new Browser(a);
    // A stranger asks instance b for the name just before the host claims it on a: the room has
    // no host yet, so that join is open. The next one on b needs the passcode at once.
    const early = await new Browser(b, { from: '127.0.5.1' }).join(`guarded-${process.pid}`, 'Early');
    assert.equal(early.status, 200, early.text);
    const created = await host.createRoom({ name: `guarded-${process.pid}`, passcode: 'the-right-one', waitingRoom: true });
    assert.equal(created.status, 201, created.text);
    const room = created.json.name;
    const claimed = await new Browser(b, { from: '127.0.5.1' }).join(room, 'Early');
    assert.equal(claimed.status, 403, claimed.text);
    assert.equal(claimed.json.error, 'passcode_required');
    // The name is claimed on both.
    assert.equal((await new Browser(b).createRoom({ name: room })).status, 409);
    // Guesses alternate between instances and addresses: the room closes after 20 in all.
    // Blocks are whole seconds: each second past the 20th failure may let one more guess through.
    const statuses = [];
    let closedAt;
    for (let i = 0; i < 24; i++) {
      if (i === 20) closedAt = Date.now();
      const res = await new Browser(i % 2 ? a : b, { from: `127.0.5.${2 + i}` }).join(room, 'G', { passcode: `wrong-${i}` });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(403));
    const late = statuses.slice(20);
    assert.ok(late.every((s) => s === 429 || s === 403), JSON.stringify(statuses));
    assert.ok(late.filter((s) => s === 403).length <= Math.ceil((Date.now() - closedAt) / 1000), JSON.stringify(statuses));

    // An admitted ticket used on one instance is used on the other.
    const other = await host.createRoom({ name: `queue-${process.pid}`, waitingRoom: true });
    const guest = new Browser(a);
    const { ticket } = (await guest.join(other.json.name, 'Wen')).json;
    assert.equal((await host.request(`/api/rooms/${other.json.name}/waiting/${ticket}/admit`, { method: 'POST' })).status, 200);
    const polls = await Promise.all([a, b].map((target) => guest.request(`/api/rooms/${other.json.name}/admission/${ticket}?wait=0`, { server: target })));
    assert.deepEqual(polls.map((p) => p.status).sort(), [200, 410]);

    // Signing out on one instance ends the session on the other.
    const boss = new Browser(a);
    assert.equal((await boss.request('/api/session', { method: 'POST', body: { password: 'shared organizer password' } })).status, 200);
    assert.equal((await boss.request('/api/session', { server: b })).json.organizer, true);
    const copy = boss.jar.get('lkm_organizer');
    await boss.request('/api/session', { method: 'DELETE', server: b });
    const thief = new Browser(a);
    thief.jar.set('lkm_organizer', copy);
    assert.equal((await thief.request('/api/session')).json.organizer, false);
  } finally {
    await a.stop();
    await b.stop();
    await livekit.close();
  }
});
