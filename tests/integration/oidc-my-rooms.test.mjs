// OpenID Connect sign-in: the rooms a signed-in person created, listed, hosted again and deleted.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { startServer, runCli, tempDir } from './lib/server.mjs';
import { startProvider, generateKey, PUBLIC_URL, CLIENT_ID, CLIENT_SECRET } from './lib/oidc-provider.mjs';
import { UserAgent, signIn, untilCallback } from './lib/oidc-user-agent.mjs';
import {
  op, server, organizerHash, stranger, DISCOVERY, now, oidcArgs, oidcEnv, withServer, browser, session,
  cookieIn, cleared, assertRefused, signInWith, assertForgeryRefused, useOidcStack, logsStayClean,
} from './lib/oidc-fixture.mjs';

useOidcStack();

// ---- my rooms ------------------------------------------------------------------------------------

test('my rooms: a signed-in person finds the rooms they created, and nobody else\'s', async () => {
  const { ua: ada } = await signIn({ server, provider: op, login: 'ada' });
  const { ua: bob } = await signIn({ server, provider: op, login: 'bob' });
  const created = await ada.api('/api/rooms', { method: 'POST', json: { passcode: '471147', waitingRoom: true } });
  assert.equal(created.status, 201, created.text);
  const room = created.json.name;
  const bobs = (await bob.api('/api/rooms', { method: 'POST', json: {} })).json.name;
  // A room created without signing in belongs to nobody.
  const anonymous = browser();
  assert.equal((await anonymous.api('/api/rooms', { method: 'POST', json: {} })).status, 201);

  const mine = await ada.api('/api/my/rooms');
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.headers['cache-control'], 'no-store');
  assert.deepEqual(mine.json.rooms.map((r) => r.name), [room]);
  const [entry] = mine.json.rooms;
  assert.equal(entry.passcode, true);
  assert.equal(entry.waitingRoom, true);
  assert.ok(Math.abs(entry.createdAt - now()) < 60 && entry.lastUsedAt >= entry.createdAt);
  assert.ok(!JSON.stringify(mine.json).includes('pbkdf2'), 'no passcode hash');
  assert.deepEqual((await bob.api('/api/my/rooms')).json.rooms.map((r) => r.name), [bobs]);

  // Not signed in: no list at all.
  const refused = await anonymous.api('/api/my/rooms');
  assert.equal(refused.status, 401);
  assert.equal(refused.json.error, 'sign_in_required');
});

test('my rooms: the owner hosts their room again from another browser; others cannot', async () => {
  const { ua: ada } = await signIn({ server, provider: op, login: 'ada' });
  const room = (await ada.api('/api/rooms', { method: 'POST', json: {} })).json.name;

  // Ada on another computer: signed in, without the room's host cookie.
  const { ua: laptop } = await signIn({ server, provider: op, login: 'ada' });
  assert.equal((await laptop.api(`/api/rooms/${room}`)).json.isHost, false);
  const reopened = await laptop.api(`/api/my/rooms/${room}/host`, { method: 'POST' });
  assert.equal(reopened.status, 200, reopened.text);
  assert.equal(reopened.json.isHost, true);
  assert.equal((await laptop.api(`/api/rooms/${room}`)).json.isHost, true);
  // The first browser stays host too.
  assert.equal((await ada.api(`/api/rooms/${room}`)).json.isHost, true);

  // Bob, signed in, and an anonymous visitor get nothing: the room is not theirs.
  const { ua: bob } = await signIn({ server, provider: op, login: 'bob' });
  const stolen = await bob.api(`/api/my/rooms/${room}/host`, { method: 'POST' });
  assert.equal(stolen.status, 404);
  assert.equal(stolen.json.error, 'room_not_found');
  assert.equal(cookieIn(stolen, `lkm_host_${crypto.createHash('sha256').update(room).digest('hex').slice(0, 16)}`), undefined);
  assert.equal((await bob.api(`/api/rooms/${room}`)).json.isHost, false);
  assert.equal((await browser().api(`/api/my/rooms/${room}/host`, { method: 'POST' })).status, 401);
  // From another site, even Ada's browser cannot be made to do it.
  const crossSite = await laptop.api(`/api/my/rooms/${room}/host`, { method: 'POST', headers: { origin: 'https://evil.example' } });
  assert.equal(crossSite.status, 403);
});

test('my rooms: the owner deletes a room, which ends it for its hosts; others cannot', async () => {
  const { ua: ada } = await signIn({ server, provider: op, login: 'ada' });
  const room = (await ada.api('/api/rooms', { method: 'POST', json: { passcode: '123456' } })).json.name;
  const { ua: bob } = await signIn({ server, provider: op, login: 'bob' });
  const refused = await bob.api(`/api/my/rooms/${room}`, { method: 'DELETE' });
  assert.equal(refused.status, 404);
  assert.equal((await ada.api(`/api/rooms/${room}`)).json.hosted, true);

  const deleted = await ada.api(`/api/my/rooms/${room}`, { method: 'DELETE' });
  assert.equal(deleted.status, 200, deleted.text);
  assert.deepEqual(deleted.json, { status: 'deleted' });
  assert.deepEqual((await ada.api('/api/my/rooms')).json.rooms.filter((r) => r.name === room), []);
  const after = await ada.api(`/api/rooms/${room}`);
  assert.equal(after.json.hosted, false);
  assert.equal(after.json.isHost, false);
  assert.equal((await ada.api(`/api/my/rooms/${room}`, { method: 'DELETE' })).status, 404);
});

test('my rooms: signing out ends access to them', async () => {
  const { ua: ada } = await signIn({ server, provider: op, login: 'ada' });
  const room = (await ada.api('/api/rooms', { method: 'POST', json: {} })).json.name;
  const copied = ada.cookie('lkm_user');
  const out = await ada.api('/auth/logout', { method: 'POST' });
  assert.equal(out.status, 303);
  const thief = browser();
  thief.setCookie('lkm_user', copied);
  assert.equal((await thief.api('/api/my/rooms')).status, 401);
  assert.equal((await thief.api(`/api/my/rooms/${room}/host`, { method: 'POST' })).status, 401);
});

test('my rooms: where only organisers create rooms, an owner the rule no longer admits hosts them no more', async () => {
  // The same provider and people; the rule differs between the two servers on one store.
  const data = tempDir('lkm-oidc-rule-');
  try {
    const dataArgs = ['--data-dir', data, '--room-creation', 'organizers', '--oidc-scopes', 'openid profile email groups'];
    let room;
    let earlier;
    await withServer({ args: [...dataArgs, '--oidc-organizers', 'any'] }, async (own) => {
      const { ua: bob } = await signIn({ server: own, provider: op, login: 'bob' });
      const created = await bob.api('/api/rooms', { method: 'POST', json: {} });
      assert.equal(created.status, 201, created.text);
      room = created.json.name;
      earlier = bob.cookie('lkm_user');
    });
    await withServer({ args: [...dataArgs, '--oidc-organizers', 'claim:groups=meet-organizers'] }, async (own) => {
      // Changing the rule ended the sessions signed under the old one.
      const before = browser(own);
      before.setCookie('lkm_user', earlier);
      const stale = await session(before);
      assert.equal(stale.user, undefined);
      assert.equal(stale.organizer, false);
      const { ua: bob } = await signIn({ server: own, provider: op, login: 'bob' });
      assert.deepEqual((await bob.api('/api/my/rooms')).json.rooms.map((r) => r.name), [room]);
      const refused = await bob.api(`/api/my/rooms/${room}/host`, { method: 'POST' });
      assert.equal(refused.status, 401, refused.text);
      assert.equal(refused.json.error, 'organizer_required');
      assert.equal((await bob.api(`/api/rooms/${room}`)).json.isHost, false);
    });
  } finally {
    fs.rmSync(data, { recursive: true, force: true });
  }
});

logsStayClean();
