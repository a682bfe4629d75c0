// OpenID Connect sign-in: the client's authentication, the base path, --require-sign-in, the client
// secret, configuration errors and Secure cookies.
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

// ---- other settings -------------------------------------------------------------------------------

test('client_secret_post when the provider offers only that', async () => {
  const postOnly = await startProvider({ authMethods: ['client_secret_post'] });
  try {
    assert.deepEqual((await postOnly.discovery()).token_endpoint_auth_methods_supported, ['client_secret_post']);
    await withServer({ provider: postOnly }, async (own) => {
      const { ua: agent, callback } = await signIn({ server: own, provider: postOnly, login: 'ada' });
      assert.equal(callback.status, 303, callback.text);
      const exchange = postOnly.tokenRequests.at(-1);
      assert.deepEqual({ basic: exchange.basic, post: exchange.post, status: exchange.status }, { basic: false, post: true, status: 200 });
      assert.equal((await session(agent)).user.email, 'ada@example.org');
    });
  } finally {
    await postOnly.stop();
  }
});

test('under --base-path: the redirect URI, cookie paths, redirects and logout all carry it', async () => {
  const based = await startProvider({ basePath: '/meet' });
  try {
    await withServer({ provider: based, args: ['--base-path', '/meet/'] }, async (own) => {
      const agent = browser(own, based);
      const { res, authorizeUrl } = await agent.startLogin({ next: '/standup' });
      assert.equal(res.status, 302, res.text);
      assert.equal(new URL(authorizeUrl).searchParams.get('redirect_uri'), `${PUBLIC_URL}/meet/auth/callback`);
      assert.equal(cookieIn(res, 'lkm_oidc').attrs.path, '/meet/auth/');
      const { callbackUrl } = await agent.authorize(authorizeUrl, 'ada');
      const callback = await agent.callback(callbackUrl);
      assert.equal(callback.status, 303, callback.text);
      assert.equal(callback.location, `${PUBLIC_URL}/meet/standup`);
      assert.equal(cookieIn(callback, 'lkm_user').attrs.path, '/meet/');
      assert.deepEqual((await session(agent, '/meet')).user, { name: 'Ada Lovelace', email: 'ada@example.org' });
      const out = await agent.request(own.url('/meet/auth/logout'), { method: 'POST', form: {}, headers: { origin: PUBLIC_URL } });
      assert.equal(out.status, 303, out.text);
      assert.equal(new URL(out.location).searchParams.get('post_logout_redirect_uri'), `${PUBLIC_URL}/meet/`);
      assert.equal(await agent.followLogout(out.location), `${PUBLIC_URL}/meet/`);
    });
  } finally {
    await based.stop();
  }
});

test('--require-sign-in: joining needs a session', async () => {
  await withServer({ args: ['--require-sign-in'] }, async (own) => {
    const anonymous = browser(own);
    assert.deepEqual((await session(anonymous)).signIn, { oidc: true, required: true });
    const body = { roomName: 'standup', participantName: 'Ada' };
    const post = await anonymous.api('/api/connection-details', { method: 'POST', json: body });
    assert.equal(post.status, 401, post.text);
    assert.equal(post.json.error, 'sign_in_required');
    assert.equal(typeof post.json.message, 'string');
    const get = await anonymous.api('/api/connection-details?roomName=standup&participantName=Ada');
    assert.equal(get.status, 401, get.text);
    assert.equal(get.json.error, 'sign_in_required');
    // A made-up session cookie is no session.
    anonymous.setCookie('lkm_user', crypto.randomBytes(24).toString('base64url'));
    assert.equal((await anonymous.api('/api/connection-details', { method: 'POST', json: body })).status, 401);

    // Nor does anyone signed out get a connection test's token, or create a room.
    for (const [path, json] of [['/api/connection-test', {}], ['/api/rooms', {}]]) {
      const refused = await anonymous.api(path, { method: 'POST', json });
      assert.equal(refused.status, 401, `${path}: ${refused.text}`);
      assert.equal(refused.json.error, 'sign_in_required');
    }

    const { ua: agent } = await signIn({ server: own, provider: op, login: 'bob' });
    const joined = await agent.api('/api/connection-details', { method: 'POST', json: body });
    assert.equal(joined.status, 200, joined.text);
    assert.ok(joined.json.participantToken);
    assert.equal((await agent.api('/api/connection-test', { method: 'POST', json: {} })).status, 200);
    assert.equal((await agent.api('/api/rooms', { method: 'POST', json: {} })).status, 201);
    // Signed out, the same browser is refused again.
    await agent.request(own.url('/auth/logout'), { method: 'POST', form: {}, headers: { origin: PUBLIC_URL } });
    assert.equal((await agent.api('/api/connection-details', { method: 'POST', json: body })).status, 401);
  });
});

test('MEET_REQUIRE_SIGN_IN=true is the same setting', async () => {
  await withServer({ env: { MEET_REQUIRE_SIGN_IN: 'true' } }, async (own) => {
    assert.deepEqual((await session(browser(own))).signIn, { oidc: true, required: true });
  });
});

// ---- the client secret, and configuration errors --------------------------------------------------

test('the client secret from a file works and, like the one from the environment, is never shown', async () => {
  const dir = tempDir('lkm-oidc-');
  try {
    const file = path.join(dir, 'client-secret');
    fs.writeFileSync(file, `${CLIENT_SECRET}\n`, { mode: 0o600 });
    await withServer({ args: ['--oidc-client-secret-file', file], env: { MEET_OIDC_CLIENT_SECRET: undefined } }, async (own) => {
      const { ua: agent, callback } = await signIn({ server: own, provider: op, login: 'ada' });
      assert.equal(callback.status, 303, callback.text);
      assert.equal((await session(agent)).user.name, 'Ada Lovelace');
      assert.ok(!own.logs().includes(CLIENT_SECRET), 'not in the logs');
    });
    for (const [how, args, env] of [
      ['environment', oidcArgs(), oidcEnv()],
      ['file', [...oidcArgs(), '--oidc-client-secret-file', file], oidcEnv({ MEET_OIDC_CLIENT_SECRET: undefined })],
      ['file from the environment', oidcArgs(), oidcEnv({ MEET_OIDC_CLIENT_SECRET: undefined, MEET_OIDC_CLIENT_SECRET_FILE: file })],
    ]) {
      const r = runCli(['config', 'check', ...args], { env });
      assert.equal(r.code, 0, `${how}: ${r.stderr}`);
      assert.ok(r.stdout.includes(op.issuer), `${how}: shows the issuer`);
      assert.ok(!r.stdout.includes(CLIENT_SECRET) && !r.stderr.includes(CLIENT_SECRET), `${how}: the secret is masked`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the client secret is not accepted as a flag value, and is not echoed', () => {
  const r = runCli(['config', 'check', ...oidcArgs(), '--oidc-client-secret', 'flag-secret-value-31'], { env: oidcEnv({ MEET_OIDC_CLIENT_SECRET: undefined }) });
  assert.notEqual(r.code, 0);
  assert.ok(!r.stdout.includes('flag-secret-value-31') && !r.stderr.includes('flag-secret-value-31'));
});

test('configuration errors stop serve, naming the setting', () => {
  const serve = (args, env = oidcEnv()) => runCli(['serve', '--host', '127.0.0.1', '--port', '0', ...args], { env });
  let r = serve(['--oidc-issuer', op.issuer, '--oidc-client-id', CLIENT_ID]);
  assert.notEqual(r.code, 0);
  assert.notEqual(r.code, null, 'exited by itself');
  assert.match(r.stderr, /public-url/);
  assert.ok(!r.stderr.includes(CLIENT_SECRET));
  // (Beyond the contract, from docs/sign-in.md: the other settings a provider needs.)
  for (const [args, env, setting] of [
    [oidcArgs(op, ['--oidc-organizers', 'everybody-please']), oidcEnv(), /oidc-organizers/],
    [oidcArgs(op, ['--oidc-scopes', 'profile email']), oidcEnv(), /oidc-scopes/],
    [['--oidc-issuer', op.issuer, '--public-url', PUBLIC_URL], oidcEnv(), /oidc-client-id/],
    [oidcArgs(), oidcEnv({ MEET_OIDC_CLIENT_SECRET: undefined }), /OIDC_CLIENT_SECRET|oidc-client-secret/],
  ]) {
    r = serve(args, env);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.notEqual(r.code, null, 'exited by itself');
    assert.match(r.stderr, setting);
  }
});

test('with an https public URL the sign-in cookies are Secure', async () => {
  const own = await startServer({
    args: ['--oidc-issuer', op.issuer, '--oidc-client-id', CLIENT_ID, '--public-url', 'https://meet.test'],
    env: oidcEnv(),
  });
  try {
    const agent = new UserAgent({ server: own, publicUrl: 'https://meet.test' });
    const { res, authorizeUrl } = await agent.startLogin({ next: '/' });
    assert.equal(res.status, 302, res.text);
    assert.equal(new URL(authorizeUrl).searchParams.get('redirect_uri'), 'https://meet.test/auth/callback');
    const login = cookieIn(res, 'lkm_oidc');
    assert.ok(login, 'the login cookie is set');
    assert.ok('secure' in login.attrs, login.raw);
    assert.ok('httponly' in login.attrs, login.raw);
    assert.equal(String(login.attrs.samesite).toLowerCase(), 'lax');
    assert.equal(login.attrs.path, '/auth/');
  } finally {
    await own.stop();
  }
});

logsStayClean();
