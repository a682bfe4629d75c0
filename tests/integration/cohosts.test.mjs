// Co-hosts through livekit-meet (docs/hosts.md): the host promotes someone in the meeting, whose
// browser proves its LiveKit token for a host credential of that room; a demotion revokes that
// credential at once. Each refusal is written as the attack it stops. LiveKit is the stand-in of
// tests/lib/livekit-standin.mjs, whose rosters play the people in the meeting (with the attributes
// their tokens carry, as LiveKit would).
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { AccessToken } from 'livekit-server-sdk';
import { ParticipantInfo } from '@livekit/protocol';
import { standIn } from '../lib/livekit-standin.mjs';
import { startServer, credentialsEnv, API_KEY, API_SECRET } from './lib/server.mjs';
import { Browser } from './lib/browser.mjs';
import { adminUrl, psql, skipWithoutPostgres } from './lib/postgres.mjs';

let livekit;
let server;
before(async () => {
  livekit = await standIn(http.createServer, {}, { key: API_KEY, secret: API_SECRET, rosters: {} });
  server = await startServer({ env: credentialsEnv({ LIVEKIT_URL: `ws://127.0.0.1:${livekit.port}` }) });
});
after(async () => {
  await server?.stop();
  await livekit?.close();
});

let count = 0;
const freshName = (prefix) => `${prefix}-${process.pid}-${++count}`;
const claimsOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
const roleOf = (room, identity) =>
  livekit.rosters[room].find((p) => p.identity === identity)?.attributes?.role;

// Joins `room` as `name` and enters the meeting (the stand-in's roster).
async function enter(room, name, { from, browser } = {}) {
  const person = browser ?? new Browser(server, { from });
  const joined = await person.join(room, name);
  assert.equal(joined.status, 200, joined.text);
  const token = joined.json.participantToken;
  const { sub: identity, attributes } = claimsOf(token);
  livekit.rosters[room] = [...(livekit.rosters[room] ?? []),
    new ParticipantInfo({ identity, name, attributes: attributes ?? {} })];
  return { person, identity, token };
}

// A hosted room with its host and two guests in the meeting.
async function meeting(prefix, octet) {
  const host = new Browser(server, { from: `127.0.7.${octet}` });
  const created = await host.createRoom({ name: freshName(prefix) });
  assert.equal(created.status, 201, created.text);
  const room = created.json.name;
  const owner = await enter(room, 'Hana', { browser: host });
  const ann = await enter(room, 'Ann', { from: `127.0.7.${octet + 1}` });
  const ben = await enter(room, 'Ben', { from: `127.0.7.${octet + 2}` });
  return { room, host, owner, ann, ben };
}

const path = (room, identity) =>
  `/api/rooms/${encodeURIComponent(room)}/participants/${encodeURIComponent(identity)}/cohost`;
const promote = (who, room, identity) => who.request(path(room, identity), { method: 'POST' });
const demote = (who, room, identity) => who.request(path(room, identity), { method: 'DELETE' });
const claim = (who, room, token) => who.request(`/api/rooms/${encodeURIComponent(room)}/cohost`, {
  method: 'POST', headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
});
const mute = (who, room, identity) => who.request(
  `/api/rooms/${encodeURIComponent(room)}/participants/${encodeURIComponent(identity)}/mute`,
  { method: 'POST', body: { trackSid: 'TR_microphone', muted: true } });

test('promote, act as a host, demote: the same request is then refused', async () => {
  const { room, host, owner, ann, ben } = await meeting('cohost', 10);
  assert.equal(roleOf(room, owner.identity), 'host');
  assert.equal(roleOf(room, ann.identity), 'guest');

  const promoted = await promote(host, room, ann.identity);
  assert.equal(promoted.status, 200, promoted.text);
  assert.equal(roleOf(room, ann.identity), 'cohost', 'everyone\'s list learns of it');
  const update = livekit.calls.findLast((c) => c.method === 'livekit.RoomService/UpdateParticipant');
  assert.equal(update.granted, true, 'set with an admin token');

  const claimed = await claim(ann.person, room, ann.token);
  assert.equal(claimed.status, 200, claimed.text);
  assert.deepEqual(claimed.json, { role: 'cohost', identity: ann.identity });
  const cookie = claimed.cookies.find((c) => c.startsWith('lkm_host_'));
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /Max-Age=43200/);
  const info = await ann.person.request(`/api/rooms/${room}`);
  assert.equal(info.json.isHost, true, info.text);
  assert.equal(info.json.isCohost, true, info.text);
  const listed = await ann.person.request(`/api/rooms/${room}/participants`);
  assert.equal(listed.status, 200, listed.text);
  assert.equal(listed.json.participants.find((p) => p.identity === ann.identity).role, 'cohost');

  const muted = await mute(ann.person, room, ben.identity);
  assert.equal(muted.status, 200, muted.text);

  const demoted = await demote(host, room, ann.identity);
  assert.equal(demoted.status, 200, demoted.text);
  assert.equal(roleOf(room, ann.identity), 'guest');
  const again = await mute(ann.person, room, ben.identity);
  assert.equal(again.status, 403, again.text);
  assert.equal(again.json.error, 'host_required');
  const reclaim = await claim(ann.person, room, ann.token);
  assert.equal(reclaim.status, 403, reclaim.text);
  assert.equal((await ann.person.request(`/api/rooms/${room}`)).json.isHost, false);
});

test('a demotion holds at once on every instance sharing PostgreSQL', { skip: skipWithoutPostgres }, async () => {
  // Two instances over one PostgreSQL database, as behind a load balancer.
  const database = `lkm_cohosts_${process.pid}`;
  psql(`CREATE DATABASE ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const env = credentialsEnv({ LIVEKIT_URL: `ws://127.0.0.1:${livekit.port}`, MEET_DATABASE_URL: url.toString() });
  const first = await startServer({ env });
  const second = await startServer({ env });
  try {
    const host = new Browser(first, { from: '127.0.7.20' });
    const created = await host.createRoom({ name: freshName('shared') });
    assert.equal(created.status, 201, created.text);
    const room = created.json.name;
    await enter(room, 'Hana', { browser: host });
    const ann = await enter(room, 'Ann', { browser: new Browser(first, { from: '127.0.7.21' }) });
    const ben = await enter(room, 'Ben', { browser: new Browser(first, { from: '127.0.7.22' }) });
    assert.equal((await promote(host, room, ann.identity)).status, 200);
    assert.equal((await claim(ann.person, room, ann.token)).status, 200);
    const there = (p, options = {}) => ann.person.request(p, { ...options, server: second });
    assert.equal((await there(`/api/rooms/${room}`)).json.isCohost, true, 'the credential works on the other one');
    assert.equal((await demote(host, room, ann.identity)).status, 200);
    const refused = await there(`/api/rooms/${room}/participants/${encodeURIComponent(ben.identity)}/mute`, {
      method: 'POST', body: { trackSid: 'TR_microphone', muted: true },
    });
    assert.equal(refused.status, 403, refused.text);
    assert.equal((await there(`/api/rooms/${room}`)).json.isHost, false);
  } finally {
    await first.stop();
    await second.stop();
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
});

test('a co-host may not end the meeting, demote the host, nor remove the host', async () => {
  const { room, host, owner, ann, ben } = await meeting('limits', 30);
  assert.equal((await promote(host, room, ann.identity)).status, 200);
  assert.equal((await claim(ann.person, room, ann.token)).status, 200);

  const ended = await ann.person.request(`/api/rooms/${room}`, { method: 'DELETE' });
  assert.equal(ended.status, 403, ended.text);
  assert.equal(ended.json.error, 'owner_required');
  assert.ok(!livekit.calls.some((c) => c.method === 'livekit.RoomService/DeleteRoom' && c.body.room === room));
  const overthrow = await demote(ann.person, room, owner.identity);
  assert.equal(overthrow.status, 403, overthrow.text);
  assert.equal(roleOf(room, owner.identity), 'host');
  const removeHost = await ann.person.request(
    `/api/rooms/${room}/participants/${encodeURIComponent(owner.identity)}/remove`, { method: 'POST' });
  assert.equal(removeHost.status, 403, removeHost.text);
  assert.equal(removeHost.json.error, 'forbidden');
  assert.ok(!livekit.calls.some((c) => c.method === 'livekit.RoomService/RemoveParticipant' &&
    c.body.identity === owner.identity), 'the host was not removed');
  // What a host does otherwise, a co-host does: promote someone else.
  assert.equal((await promote(ann.person, room, ben.identity)).status, 200);
  assert.equal(roleOf(room, ben.identity), 'cohost');
  assert.equal((await promote(host, room, owner.identity)).status, 409, 'the host is no co-host');
});

test('a guest cannot promote themselves nor claim a credential they were not given', async () => {
  const { room, ann, ben } = await meeting('attack', 40);
  const self = await promote(ann.person, room, ann.identity);
  assert.equal(self.status, 403, self.text);
  assert.equal(self.json.error, 'host_required');
  assert.equal(roleOf(room, ann.identity), 'guest');
  const other = await demote(ann.person, room, ben.identity);
  assert.equal(other.status, 403);

  // Claims: not promoted, no token, a token for another room, a token she signed herself.
  const notPromoted = await claim(ann.person, room, ann.token);
  assert.equal(notPromoted.status, 403, notPromoted.text);
  assert.equal(notPromoted.json.error, 'host_required');
  assert.equal((await claim(ann.person, room)).status, 401);
  assert.equal((await claim(ann.person, room, 'not-a-token')).status, 401);
  const elsewhere = await enter(freshName('elsewhere'), 'Ann', { from: '127.0.7.44' });
  assert.equal((await claim(elsewhere.person, room, elsewhere.token)).status, 401);

  // Ann signs a token with Ben's identity and a secret of her own.
  const forged = new AccessToken(API_KEY, 'a-secret-of-anns-own-that-is-long-enough-000', { identity: ben.identity });
  forged.addGrant({ room, roomJoin: true });
  const refused = await claim(ann.person, room, await forged.toJwt());
  assert.equal(refused.status, 401, refused.text);
  assert.ok(!refused.text.includes('eyJ'), 'the answer never echoes a token');
  assert.equal((await ann.person.request(`/api/rooms/${room}`)).json.isHost, false);
});

test('someone not in the meeting is not promoted, and claims are bounded', async () => {
  const { room, host, ann } = await meeting('bounds', 50);
  const ghost = await promote(host, room, 'ghost__zz99');
  assert.equal(ghost.status, 404, ghost.text);
  assert.equal((await promote(host, room, ann.identity)).status, 200);
  const statuses = [];
  for (let i = 0; i < 14; i++) statuses.push((await claim(ann.person, room, ann.token)).status);
  assert.deepEqual(statuses.slice(0, 10), Array(10).fill(200));
  assert.ok(statuses.slice(10).every((s) => s === 429), JSON.stringify(statuses));
  const crossSite = await host.request(path(room, ann.identity), { method: 'DELETE', headers: { 'sec-fetch-site': 'cross-site' } });
  assert.equal(crossSite.status, 403);
  assert.equal(roleOf(room, ann.identity), 'cohost');
});
