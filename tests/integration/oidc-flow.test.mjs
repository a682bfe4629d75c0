// OpenID Connect sign-in, the code flow: the authorization request, the session it ends in, the
// state, the code and the browser they belong to, and where the person goes next. Each test is
// written as the attack it stops (see lib/oidc-fixture.mjs for the stack).
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

// ---- the code flow -----------------------------------------------------------------------------

test('login sends the browser to the provider with state, nonce and PKCE, bound to a cookie', async () => {
  const agent = browser();
  const { res, authorizeUrl } = await agent.startLogin({ next: '/standup' });
  assert.equal(res.status, 302, res.text);
  const disco = await op.discovery();
  const url = new URL(authorizeUrl);
  assert.equal(`${url.origin}${url.pathname}`, disco.authorization_endpoint);
  const p = url.searchParams;
  assert.equal(p.get('response_type'), 'code');
  assert.equal(p.get('client_id'), CLIENT_ID);
  assert.equal(p.get('redirect_uri'), `${PUBLIC_URL}/auth/callback`);
  assert.deepEqual(p.get('scope').split(' ').sort(), ['email', 'openid', 'profile']);
  assert.equal(p.get('code_challenge_method'), 'S256');
  assert.match(p.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
  for (const name of ['state', 'nonce']) assert.ok(p.get(name)?.length >= 16, `${name} has enough entropy`);
  assert.notEqual(p.get('state'), p.get('nonce'));
  assert.ok(!authorizeUrl.includes(CLIENT_SECRET));

  const cookie = cookieIn(res, 'lkm_oidc');
  assert.ok(cookie, 'the state is bound to this browser');
  assert.equal(cookie.attrs.httponly, true);
  assert.equal(String(cookie.attrs.samesite).toLowerCase(), 'lax', 'sent back on the top-level redirect from the provider');
  assert.equal(cookie.attrs.path, '/auth/');
  assert.equal(cookie.attrs.secure, undefined, 'no Secure over plain HTTP');
  const lifetime = cookie.attrs['max-age'] !== undefined ? Number(cookie.attrs['max-age'])
    : (Date.parse(cookie.attrs.expires) - Date.now()) / 1000;
  assert.ok(lifetime > 500 && lifetime <= 600, `ten minutes: ${cookie.raw}`);

  // Each login is new: nothing to predict or reuse.
  const again = new URL((await agent.startLogin({ next: '/standup' })).authorizeUrl).searchParams;
  for (const name of ['state', 'nonce', 'code_challenge']) assert.notEqual(again.get(name), p.get(name), name);
});

test('a person signs in: 303 to the page they came from, and a session cookie the page cannot read', async () => {
  const tokensBefore = op.tokenRequests.length;
  const { ua: agent, callback } = await signIn({ server, provider: op, login: 'ada', next: '/standup?from=mail' });
  assert.equal(callback.status, 303, callback.text);
  assert.equal(callback.location, `${PUBLIC_URL}/standup?from=mail`);
  const user = cookieIn(callback, 'lkm_user');
  assert.ok(user, 'a session cookie');
  assert.equal(user.attrs.httponly, true);
  assert.equal(String(user.attrs.samesite).toLowerCase(), 'lax');
  assert.equal(user.attrs.path, '/');
  assert.equal(user.attrs['max-age'], '43200');
  assert.equal(user.attrs.secure, undefined, 'no Secure over plain HTTP');
  assert.ok(cleared(cookieIn(callback, 'lkm_oidc')), 'the state cookie is cleared');
  assert.equal(agent.cookie('lkm_oidc'), undefined);
  // The code was exchanged once, with HTTP Basic (what the provider's discovery lists first).
  const exchanges = op.tokenRequests.slice(tokensBefore);
  assert.equal(exchanges.length, 1);
  assert.deepEqual({ basic: exchanges[0].basic, post: exchanges[0].post, status: exchanges[0].status },
    { basic: true, post: false, status: 200 });

  const s = await session(agent);
  assert.deepEqual(s.user, { name: 'Ada Lovelace', email: 'ada@example.org' });
  assert.deepEqual(s.signIn, { oidc: true, required: false });
  assert.equal(s.organizer, true, 'the default rule admits anyone signed in');
  // Without the cookie, or with a made-up or altered one, nobody is signed in.
  const anonymous = await session(browser());
  assert.equal(anonymous.user, undefined);
  assert.deepEqual(anonymous.signIn, { oidc: true, required: false });
  assert.equal(anonymous.organizer, false);
  const value = agent.cookie('lkm_user');
  for (const forged of [crypto.randomBytes(32).toString('base64url'), value.slice(0, -1) + (value.endsWith('A') ? 'B' : 'A'), `${value}x`, '']) {
    const thief = browser();
    thief.setCookie('lkm_user', forged);
    assert.equal((await session(thief)).user, undefined, `cookie ${forged}`);
  }
});

test('without next the person lands on the home page', async () => {
  const { callback } = await signIn({ server, provider: op, login: 'bob' });
  assert.equal(callback.status, 303);
  assert.equal(callback.location, `${PUBLIC_URL}/`);
});

test('the name falls back to the user name, then to the email; the userinfo endpoint completes a bare ID token', async () => {
  for (const [login, name, email] of [['nia', 'nia', 'nia@example.org'], ['ivy', 'ivy@example.org', 'ivy@example.org']]) {
    const { ua: agent, callback } = await signIn({ server, provider: op, login });
    assert.equal(callback.status, 303, callback.text);
    assert.deepEqual((await session(agent)).user, { name, email }, login);
  }
  // An ID token with nothing but the protocol's claims: the name and email come from userinfo.
  const before = op.count('/me');
  const bare = op.resign((c) => ({ ...c, name: undefined, preferred_username: undefined, email: undefined, email_verified: undefined }));
  const r = await signInWith(bare);
  assert.equal(r.callback.status, 303, r.callback.text);
  assert.equal(op.count('/me'), before + 1, 'asked the userinfo endpoint once');
  assert.deepEqual((await session(r.ua)).user, { name: 'Ada Lovelace', email: 'ada@example.org' });
});

test('userinfo answering for another subject is not believed', async () => {
  op.hooks.userinfo = (body) => ({ ...body, sub: 'bob', name: 'Mallory', email: 'mallory@example.org', email_verified: true });
  const r = await signInWith(op.resign({ name: undefined, preferred_username: undefined }));
  if (r.callback.status === 303) {
    const { user } = await session(r.ua);
    assert.notEqual(user.name, 'Mallory');
    assert.notEqual(user.email, 'mallory@example.org');
  } else {
    assertRefused(r.callback, { secrets: [r.code, r.token] });
  }
});

// ---- state, code and the browser ------------------------------------------------------------------

test('a callback with a state this browser did not start is refused before the code is used', async () => {
  const steps = await untilCallback({ server, provider: op, login: 'ada' });
  const tokens = op.count('/token');
  for (const state of [crypto.randomBytes(16).toString('base64url'), '', null]) {
    const url = new URL(steps.callbackUrl);
    if (state === null) url.searchParams.delete('state'); else url.searchParams.set('state', state);
    assertRefused(await steps.ua.callback(url.href), { secrets: [steps.code] });
  }
  assert.equal(op.count('/token'), tokens, 'the code was not even exchanged');
  assert.equal((await session(steps.ua)).user, undefined);
});

test('a state is used once: the same callback again fails, even with the state cookie put back', async () => {
  const steps = await untilCallback({ server, provider: op, login: 'ada' });
  const stateCookie = steps.ua.cookie('lkm_oidc');
  assert.ok(stateCookie);
  const first = await steps.ua.callback(steps.callbackUrl);
  assert.equal(first.status, 303, first.text);
  // Mallory replays the same authorization request at the provider as herself (bob): a fresh,
  // unused code under the same state, nonce and PKCE challenge. Only the used state can stop it.
  const { callbackUrl } = await browser().authorize(steps.authorizeUrl, 'bob');
  const again = new URL(callbackUrl).searchParams;
  assert.equal(again.get('state'), steps.state);
  assert.notEqual(again.get('code'), steps.code);
  steps.ua.setCookie('lkm_oidc', stateCookie, '/auth/');
  const second = await steps.ua.callback(callbackUrl);
  assertRefused(second, { secrets: [again.get('code')] });
  assert.equal(cookieIn(second, 'lkm_user'), undefined);
  // Nor in another browser that copied the cookie.
  const copy = browser();
  copy.setCookie('lkm_oidc', stateCookie, '/auth/');
  assertRefused(await copy.callback(callbackUrl), { secrets: [again.get('code')] });
  assert.equal((await session(copy)).user, undefined);
  // The first sign-in stands: the browser did not become Mallory's.
  assert.equal((await session(steps.ua)).user.name, 'Ada Lovelace');
});

test('login CSRF: a callback opened in another browser (no or another state cookie) signs nobody in', async () => {
  // Mallory stops before her callback and sends its URL to a victim.
  const mallory = await untilCallback({ server, provider: op, login: 'bob' });
  const victim = browser();
  assertRefused(await victim.callback(mallory.callbackUrl), { secrets: [mallory.code] });
  assert.equal((await session(victim)).user, undefined);
  // The victim has a login of their own under way: its cookie does not match Mallory's state.
  await victim.startLogin({ next: '/' });
  assertRefused(await victim.callback(mallory.callbackUrl), { secrets: [mallory.code] });
  assert.equal((await session(victim)).user, undefined);
});

test('a replayed code is refused: a fresh state does not make an used code valid again', async () => {
  const first = await signIn({ server, provider: op, login: 'ada' });
  assert.equal(first.callback.status, 303);
  const { authorizeUrl } = await first.ua.startLogin({ next: '/' });
  const replay = new URL(first.callbackUrl);
  replay.searchParams.set('state', new URL(authorizeUrl).searchParams.get('state'));
  const tokens = op.tokenRequests.length;
  const res = await first.ua.callback(replay.href);
  assertRefused(res, { secrets: [first.code] });
  const asked = op.tokenRequests.slice(tokens);
  assert.equal(asked.length, 1, 'the server asked the provider');
  assert.equal(asked[0].error, 'invalid_grant', 'and the provider refused the code');
});

test('code injection: another person\'s unused code under this browser\'s state is refused (PKCE, nonce)', async () => {
  const mallory = await untilCallback({ server, provider: op, login: 'bob' });
  const victim = await untilCallback({ server, provider: op, login: 'ada' });
  const injected = new URL(victim.callbackUrl);
  injected.searchParams.set('code', mallory.code);
  const res = await victim.ua.callback(injected.href);
  assertRefused(res, { secrets: [mallory.code, victim.code] });
  assert.equal((await session(victim.ua)).user, undefined, 'not signed in as Mallory');
});

test('the provider\'s error answer gives a 400 page that does not echo what it was sent', async () => {
  const agent = browser();
  const { authorizeUrl } = await agent.startLogin({ next: '/' });
  const state = new URL(authorizeUrl).searchParams.get('state');
  const url = new URL(`${PUBLIC_URL}/auth/callback`);
  url.search = new URLSearchParams({ error: 'access_denied', error_description: '<script>alert(1)</script>', state });
  const res = await agent.callback(url.href);
  assertRefused(res);
  assert.ok(!res.text.includes('<script>alert(1)'), 'no markup from the query');
  assert.equal((await session(agent)).user, undefined);
});

// ---- next -----------------------------------------------------------------------------------------

test('next must be a path of this app: no open redirect', async () => {
  // A browser (client address) per login, so that the login rate limit stays out of the way.
  const bad = [
    'next=https%3A%2F%2Felsewhere.example%2F',
    'next=https://elsewhere.example/',
    'next=%2F%2Felsewhere.example',
    'next=//elsewhere.example',
    'next=%2F%5Celsewhere.example',
    'next=/\\elsewhere.example',
    'next=elsewhere',
    'next=javascript:alert(1)',
    'next=%2Fa%0D%0ASet-Cookie:%20x=1',
    'next=%2Fa%09b',
    'next=%2Fa%00b',
    `next=%2F${'a'.repeat(2000)}`,
  ];
  for (const query of bad) {
    const { res } = await browser().startLogin({ query });
    assert.equal(res.status, 400, `${query.slice(0, 60)}: ${res.status}`);
    // (A raw backslash is not a valid URI character: the HTTP layer may refuse it first.)
    if (!query.includes('\\')) assert.match(res.headers['content-type'] ?? '', /^text\/html/, query.slice(0, 60));
    assert.equal(res.headers.location, undefined, query.slice(0, 60));
    assert.equal(cookieIn(res, 'lkm_oidc'), undefined, query.slice(0, 60));
  }
  // The longest next allowed (2000 bytes) and a path with a query are kept.
  for (const next of [`/${'a'.repeat(1999)}`, '/rooms/standup?x=1&y=%2F']) {
    const { res } = await browser().startLogin({ next });
    assert.equal(res.status, 302, `${next.slice(0, 60)}: ${res.text.slice(0, 200)}`);
  }
  const { callback } = await signIn({ server, provider: op, login: 'ada', next: '/rooms/standup?x=1&y=%2F' });
  assert.equal(callback.location, `${PUBLIC_URL}/rooms/standup?x=1&y=%2F`);
});

test('login is rate limited per client address', async () => {
  await withServer({}, async (own) => {
    const agent = browser(own);
    let res;
    let tries = 0;
    // (The limit is not part of the contract: /api/connection-details allows 300 a minute.)
    while (tries < 1000) {
      ({ res } = await agent.startLogin({ next: '/' }));
      tries += 1;
      if (res.status === 429) break;
      assert.equal(res.status, 302, res.text);
    }
    assert.equal(res.status, 429, `still ${res.status} after ${tries} logins`);
    const other = await browser(own).startLogin({ next: '/' });
    assert.equal(other.res.status, 302, 'another client is not held back');
  });
});

logsStayClean();
