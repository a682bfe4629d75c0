// Raised hands through livekit-meet (docs/hosts.md): a participant's browser proves its LiveKit
// token once for a member credential, then raises and lowers its own hand; the room's host lowers
// anyone's. Each refusal is written as the attack it stops. LiveKit is the stand-in of
// tests/lib/livekit-standin.mjs, whose rosters play the people in the meeting.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { AccessToken } from 'livekit-server-sdk';
import { ParticipantInfo } from '@livekit/protocol';
import { standIn } from '../lib/livekit-standin.mjs';
import { startServer, credentialsEnv, API_KEY, API_SECRET } from './lib/server.mjs';
import { Browser } from './lib/browser.mjs';

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
const identityOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;
const handOf = (room, identity) =>
  livekit.rosters[room].find((p) => p.identity === identity)?.attributes?.hand;

// Joins `room` as `name` and enters the meeting (the stand-in's roster); returns the browser, its
// identity and token.
async function enter(room, name, { from, passcode, browser } = {}) {
  const person = browser ?? new Browser(server, { from });
  const joined = await person.join(room, name, { passcode });
  assert.equal(joined.status, 200, joined.text);
  const token = joined.json.participantToken;
  const identity = identityOf(token);
  livekit.rosters[room] = [...(livekit.rosters[room] ?? []), new ParticipantInfo({ identity, name })];
  return { person, identity, token };
}

const member = (person, room, token) => person.request(`/api/rooms/${encodeURIComponent(room)}/member`, {
  method: 'POST', headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
});
const hand = (person, room, method) => person.request(`/api/rooms/${encodeURIComponent(room)}/hand`, { method });

test('a member raises and lowers their own hand, at the server\'s time, in queue order', async () => {
  const room = freshName('hands');
  const alice = await enter(room, 'Alice');
  const bob = await enter(room, 'Bob', { from: '127.0.6.2' });
  for (const { person, token, identity } of [alice, bob]) {
    const proved = await member(person, room, token);
    assert.equal(proved.status, 200, proved.text);
    assert.equal(proved.json.identity, identity);
    const cookie = proved.cookies.find((c) => c.startsWith('lkm_member_'));
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Max-Age=43200/);
  }
  const before = Date.now();
  const first = await hand(alice.person, room, 'POST');
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.raised, true);
  assert.ok(first.json.raisedAt >= before - 1000 && first.json.raisedAt <= Date.now() + 1000, first.text);
  await new Promise((resolve) => setTimeout(resolve, 5));
  const second = await hand(bob.person, room, 'POST');
  assert.ok(second.json.raisedAt > first.json.raisedAt, 'the server orders the queue by its own clock');
  assert.equal(handOf(room, alice.identity), String(first.json.raisedAt));
  assert.equal(handOf(room, bob.identity), String(second.json.raisedAt));
  // The update went through the LiveKit API with an admin token, not the participant's.
  const update = livekit.calls.findLast((c) => c.method === 'livekit.RoomService/UpdateParticipant');
  assert.equal(update.granted, true);
  assert.deepEqual(update.body, { room, identity: bob.identity, attributes: { hand: String(second.json.raisedAt) } });

  const lowered = await hand(alice.person, room, 'DELETE');
  assert.equal(lowered.status, 200, lowered.text);
  assert.deepEqual(lowered.json, { raised: false });
  assert.equal(handOf(room, alice.identity), undefined);
  assert.equal(handOf(room, bob.identity), String(second.json.raisedAt));
});

test('nobody raises or lowers a hand that is not theirs', async () => {
  const room = freshName('claims');
  const otherRoom = freshName('elsewhere');
  const alice = await enter(room, 'Alice');
  assert.equal((await member(alice.person, room, alice.token)).status, 200);
  assert.equal((await hand(alice.person, room, 'POST')).status, 200);
  const raisedAt = handOf(room, alice.identity);

  // No member credential at all.
  const mallory = await enter(otherRoom, 'Mallory', { from: '127.0.6.3' });
  const bare = await hand(mallory.person, room, 'DELETE');
  assert.equal(bare.status, 401, bare.text);
  assert.equal(bare.json.error, 'unauthorized');
  // Her token for another room, or none, does not make her a member of this one.
  assert.equal((await member(mallory.person, room, mallory.token)).status, 401);
  assert.equal((await member(mallory.person, room)).status, 401);
  assert.equal((await member(mallory.person, room, 'not-a-token')).status, 401);
  // A token she signs herself, for this room and Alice's identity, with a secret of her own.
  const forged = new AccessToken(API_KEY, 'a-secret-of-mallorys-own-that-is-long-enough', { identity: alice.identity });
  forged.addGrant({ room, roomJoin: true });
  const refused = await member(mallory.person, room, await forged.toJwt());
  assert.equal(refused.status, 401, refused.text);
  assert.ok(!refused.text.includes('eyJ'), 'the answer never echoes a token');
  // Her member credential of the other room, under this room's cookie name.
  assert.equal((await member(mallory.person, otherRoom, mallory.token)).status, 200);
  const [otherName, otherValue] = [...mallory.person.jar].find(([k]) => k.startsWith('lkm_member_'));
  const aliceCookie = [...alice.person.jar].find(([k]) => k.startsWith('lkm_member_'))[0];
  assert.notEqual(otherName, aliceCookie);
  mallory.person.jar.set(aliceCookie, otherValue);
  assert.equal((await hand(mallory.person, room, 'DELETE')).status, 401);
  // Alice's credential with Mallory's identity written into it.
  const [expires, , signature] = alice.person.jar.get(aliceCookie).split('.');
  mallory.person.jar.set(aliceCookie, [expires, Buffer.from(mallory.identity).toString('base64url'), signature].join('.'));
  assert.equal((await hand(mallory.person, room, 'DELETE')).status, 401);
  // Lowering Alice's hand by name is for the room's host: this room has none.
  const byName = await mallory.person.request(`/api/rooms/${room}/participants/${encodeURIComponent(alice.identity)}/hand`, { method: 'DELETE' });
  assert.equal(byName.status, 404, byName.text);
  assert.equal(handOf(room, alice.identity), raisedAt, 'her hand is still up');
});

test('the host lowers one hand or all; a guest may not', async () => {
  const host = new Browser(server, { from: '127.0.6.4' });
  const created = await host.createRoom({ name: freshName('hosted') });
  assert.equal(created.status, 201, created.text);
  const room = created.json.name;
  await enter(room, 'Host', { browser: host });
  const people = [];
  for (const [i, name] of ['Ann', 'Ben', 'Cy'].entries()) {
    const person = await enter(room, name, { from: `127.0.6.${10 + i}` });
    assert.equal((await member(person.person, room, person.token)).status, 200);
    assert.equal((await hand(person.person, room, 'POST')).status, 200);
    people.push(person);
  }
  const [ann, ben, cy] = people;
  const lowerOne = (who, identity) => who.request(`/api/rooms/${room}/participants/${encodeURIComponent(identity)}/hand`, { method: 'DELETE' });
  const guestTry = await lowerOne(ann.person, ben.identity);
  assert.equal(guestTry.status, 403, guestTry.text);
  assert.equal(guestTry.json.error, 'host_required');
  assert.equal((await ann.person.request(`/api/rooms/${room}/hands`, { method: 'DELETE' })).status, 403);
  assert.ok(handOf(room, ben.identity));

  assert.equal((await lowerOne(host, ben.identity)).status, 200);
  assert.equal(handOf(room, ben.identity), undefined);
  assert.ok(handOf(room, ann.identity) && handOf(room, cy.identity));
  assert.equal((await lowerOne(host, 'nobody__zz99')).status, 404);
  const all = await host.request(`/api/rooms/${room}/hands`, { method: 'DELETE' });
  assert.equal(all.status, 200, all.text);
  assert.deepEqual(all.json, { lowered: 2 });
  assert.equal(handOf(room, ann.identity), undefined);
  assert.equal(handOf(room, cy.identity), undefined);
  // Cross-site requests are refused like every state-changing one.
  const crossSite = await host.request(`/api/rooms/${room}/hands`, { method: 'DELETE', headers: { 'sec-fetch-site': 'cross-site' } });
  assert.equal(crossSite.status, 403);
});

test('a flood of hand changes is bounded per participant', async () => {
  const room = freshName('flood');
  const ann = await enter(room, 'Ann', { from: '127.0.6.20' });
  const ben = await enter(room, 'Ben', { from: '127.0.6.21' });
  for (const p of [ann, ben]) assert.equal((await member(p.person, room, p.token)).status, 200);
  const updatesBefore = livekit.calls.filter((c) => c.method === 'livekit.RoomService/UpdateParticipant').length;
  const statuses = [];
  for (let i = 0; i < 30; i++) statuses.push((await hand(ann.person, room, i % 2 ? 'DELETE' : 'POST')).status);
  assert.deepEqual(statuses.slice(0, 20), Array(20).fill(200));
  assert.ok(statuses.slice(20).includes(429), JSON.stringify(statuses));
  const updates = livekit.calls.filter((c) => c.method === 'livekit.RoomService/UpdateParticipant').length - updatesBefore;
  assert.ok(updates <= 22, `LiveKit was asked ${updates} times for 30 requests`);
  const limited = await hand(ann.person, room, 'POST');
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.headers['retry-after']) > 0);
  assert.equal((await hand(ben.person, room, 'POST')).status, 200, 'another participant is not held up');
});
