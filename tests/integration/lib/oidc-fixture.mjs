// The stack every OpenID Connect test file shares: a real OpenID Provider (the oidc-provider
// package, in this process: lib/oidc-provider.mjs) whose hooks replace ID tokens by forgeries
// signed with its own keys, rotate its JWKS, alter its discovery document, count its requests, or
// take it down; the LiveKit stand-in (tests/lib/livekit-standin.mjs); and one livekit-meet server
// signing in with the provider. The server's public URL is http://meet.test, a name that does not
// resolve: the harness's user agent rewrites it to the server's real address. A test file calls
// useOidcStack() once, then reads the live bindings below.
import test, { before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { standIn } from '../../lib/livekit-standin.mjs';
import { startServer, credentialsEnv, runCli, API_KEY, API_SECRET } from './server.mjs';
import { startProvider, generateKey, PUBLIC_URL, CLIENT_ID, CLIENT_SECRET } from './oidc-provider.mjs';
import { UserAgent, signIn } from './oidc-user-agent.mjs';

export let livekit;
export let op; // the provider most tests use
export let server; // a server signing in with it, defaults otherwise
export let organizerHash;
export let stranger; // an RSA key nobody trusts, under the provider's own kid

export const DISCOVERY = '/.well-known/openid-configuration';
export const now = () => Math.floor(Date.now() / 1000);

export const oidcArgs = (provider = op, extra = []) =>
  ['--oidc-issuer', provider.issuer, '--oidc-client-id', CLIENT_ID, '--public-url', PUBLIC_URL, ...extra];
export const oidcEnv = (extra = {}) => credentialsEnv({
  LIVEKIT_URL: `ws://127.0.0.1:${livekit.port}`, MEET_OIDC_CLIENT_SECRET: CLIENT_SECRET, ...extra,
});

// A server of a test's own (a fresh discovery and JWKS cache, its own limits), stopped afterwards.
export async function withServer({ provider = op, args = [], env = {} } = {}, fn) {
  const own = await startServer({ args: oidcArgs(provider, args), env: oidcEnv(env) });
  try {
    return await fn(own);
  } finally {
    await own.stop();
  }
}

export const browser = (target = server, provider = op) =>
  new UserAgent({ server: target, publicUrl: provider.publicUrl, basePath: provider.basePath });

export async function session(agent, base = '') {
  const res = await agent.api(`${base}/api/session`);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

export const cookieIn = (res, name) => res.setCookies.find((c) => c.name === name);
export const cleared = (c) => c !== undefined && (c.value === '' || Number(c.attrs['max-age']) <= 0 ||
  (c.attrs.expires !== undefined && Date.parse(c.attrs.expires) <= Date.now()));

// A refusal: a small HTML page with `status`, no redirect, no session, and none of `secrets`
// (the code, the tokens, the client secret) in it.
export function assertRefused(res, { status = 400, secrets = [] } = {}) {
  assert.equal(res.status, status, res.text.slice(0, 300));
  assert.match(res.headers['content-type'] ?? '', /^text\/html/);
  assert.equal(res.headers.location, undefined, 'no redirect');
  const user = cookieIn(res, 'lkm_user');
  assert.ok(user === undefined || cleared(user), `no session: ${user?.raw}`);
  for (const secret of [CLIENT_SECRET, ...secrets].filter(Boolean)) {
    assert.ok(!res.text.includes(secret), 'the page does not show the code, tokens or secret');
  }
}

// Signs `login` in with the ID token replaced by what `hook` returns (see the harness's
// hooks.idToken); returns the sign-in and the token the server got.
export async function signInWith(hook, { login = 'ada', target = server, provider = op } = {}) {
  let token;
  provider.hooks.idToken = async (ctx) => { token = await hook(ctx); return token; };
  try {
    const result = await signIn({ server: target, provider, login });
    return { ...result, token };
  } finally {
    provider.hooks.idToken = null;
  }
}

// The ID token is refused: 400 page, no session, no user.
export async function assertForgeryRefused(hook, options = {}) {
  const r = await signInWith(hook, options);
  assertRefused(r.callback, { secrets: [r.code, r.token] });
  assert.equal((await session(r.ua)).user, undefined);
  return r;
}

// Starts the stack before the file's tests and stops it after them; every test starts from a
// provider without hooks or faults.
export function useOidcStack() {
  before(async () => {
    livekit = await standIn(http.createServer, {}, { key: API_KEY, secret: API_SECRET, stateful: true });
    const hashed = runCli(['hash-password'], { input: 'correct horse battery staple\n' });
    assert.equal(hashed.code, 0, hashed.stderr);
    organizerHash = hashed.stdout.trim();
    op = await startProvider({ path: '/realms/meet' });
    stranger = generateKey('rsa', op.keys.rsa.kid);
    server = await startServer({ args: oidcArgs(), env: oidcEnv() });
  });
  after(async () => {
    await server?.stop();
    await op?.stop();
    await livekit?.close();
  });
  afterEach(async () => { await op?.reset(); });
}

// The last test of each file: nothing the server logged holds the client secret, a code or a
// token the provider gave out.
export function logsStayClean() {
  test('the server\'s logs never hold the client secret, codes or tokens', () => {
    const logs = server.logs();
    assert.ok(!logs.includes(CLIENT_SECRET), 'no client secret');
    for (const exchange of op.tokenRequests) {
      for (const token of [exchange.body?.id_token, exchange.body?.access_token].filter(Boolean)) {
        assert.ok(!logs.includes(token), 'no token');
      }
    }
    for (const { code } of op.tokenRequests) {
      if (code) assert.ok(!logs.includes(code), 'no code');
    }
  });
}
