// OpenID Connect sign-in, the ID token: forgeries signed with the provider's own keys, algorithms,
// a discovery document naming another issuer, key rotation and unknown key ids.
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

// ---- the ID token ---------------------------------------------------------------------------------

const forgeries = [
  ['a nonce from another login', () => op.resign({ nonce: 'not-the-nonce-of-this-login' })],
  ['no nonce', () => op.resign({ nonce: undefined })],
  ['no subject', () => op.resign({ sub: undefined })],
  ['an expired ID token', () => op.resign({ iat: now() - 7200, exp: now() - 3600 })],
  ['an ID token issued a day in the future', () => op.resign({ iat: now() + 86400, exp: now() + 90000 })],
  ['another audience', () => op.resign({ aud: 'another-client' })],
  ['several audiences without azp', () => op.resign({ aud: [CLIENT_ID, 'another-client'] })],
  ['several audiences, azp another client', () => op.resign({ aud: [CLIENT_ID, 'another-client'], azp: 'another-client' })],
  ['another issuer', () => op.resign({ iss: 'http://127.0.0.1:1/realms/meet' })],
  ['the issuer with a trailing slash', () => op.resign({ iss: `${op.issuer}/` })],
  ['alg none', () => op.resign({}, { alg: 'none', header: { kid: op.keys.rsa.kid } })],
  ['HS256 with the provider\'s RSA public key (PEM) as the secret', () =>
    op.resign({}, { alg: 'HS256', secret: op.keys.rsa.publicPem, header: { kid: op.keys.rsa.kid } })],
  ['HS256 with the client secret', () => op.resign({}, { alg: 'HS256', secret: CLIENT_SECRET })],
  ['claims changed after signing', () => ({ token, claims }) => {
    const parts = token.split('.');
    parts[1] = Buffer.from(JSON.stringify({ ...claims, name: 'The Boss', email: 'boss@example.org' })).toString('base64url');
    return parts.join('.');
  }],
  ['no signature', () => ({ token }) => `${token.split('.').slice(0, 2).join('.')}.`],
  ['another key under the provider\'s kid, the key in the header', () =>
    op.resign({}, { key: stranger, header: { jwk: stranger.publicJwk } })],
  ['an RS256 token with the kid of the EC key', () => op.resign({}, { alg: 'RS256', header: { kid: op.keys.ec.kid } })],
];
for (const [name, hook] of forgeries) {
  test(`ID token refused: ${name}`, async () => {
    await assertForgeryRefused(hook());
  });
}

test('ID tokens signed with each of the provider\'s keys (RS256, PS256, ES256, EdDSA) are accepted', async () => {
  for (const alg of ['RS256', 'PS256', 'ES256', 'EdDSA']) {
    const r = await signInWith(op.resign({ name: `Ada by ${alg}` }, { alg }));
    assert.equal(r.callback.status, 303, `${alg}: ${r.callback.text}`);
    assert.equal((await session(r.ua)).user.name, `Ada by ${alg}`);
  }
});

test('only the algorithms discovery lists, and never HS256 or none even when it lists them', async () => {
  op.hooks.discovery = (doc) => ({ ...doc, id_token_signing_alg_values_supported: ['RS256', 'HS256', 'none'] });
  await withServer({}, async (own) => {
    const cases = [
      ['ES256 (the provider\'s real key, not listed)', op.resign({}, { alg: 'ES256' })],
      ['EdDSA (the provider\'s real key, not listed)', op.resign({}, { alg: 'EdDSA' })],
      ['HS256 with the public key PEM', op.resign({}, { alg: 'HS256', secret: op.keys.rsa.publicPem, header: { kid: op.keys.rsa.kid } })],
      ['HS256 with the client secret', op.resign({}, { alg: 'HS256', secret: CLIENT_SECRET })],
      ['none', op.resign({}, { alg: 'none' })],
    ];
    for (const [name, hook] of cases) {
      const r = await signInWith(hook, { target: own });
      assertRefused(r.callback, { secrets: [r.code, r.token] });
      assert.equal((await session(r.ua)).user, undefined, name);
    }
    const ok = await signInWith(op.resign({}, { alg: 'RS256' }), { target: own });
    assert.equal(ok.callback.status, 303, ok.callback.text);
  });
});

test('a discovery document naming another issuer is not used', async () => {
  for (const issuer of ['http://127.0.0.1:1/realms/meet', `${op.issuer}/`]) {
    op.hooks.discovery = (doc) => ({ ...doc, issuer });
    await withServer({}, async (own) => {
      const { res } = await browser(own).startLogin({ next: '/' });
      assert.ok(res.status >= 400, `${issuer}: ${res.status}`);
      assert.match(res.headers['content-type'] ?? '', /^text\/html/);
      assert.equal(res.headers.location, undefined, 'not sent to the provider');
    });
  }
});

// ---- keys: rotation and unknown kids --------------------------------------------------------------

test('key rotation: a token under a new kid succeeds after one JWKS refetch; another new kid within the minute fetches nothing', async () => {
  await withServer({}, async (own) => {
    const warm = await signIn({ server: own, provider: op, login: 'ada' });
    assert.equal(warm.callback.status, 303, warm.callback.text);
    const rotated = generateKey('ec', 'ec-rotated-1');
    const later = generateKey('ed', 'ed-rotated-2');
    op.hooks.jwks = op.jwks([rotated]);

    let fetched = op.count('/jwks');
    const first = await signInWith(op.resign({}, { alg: 'ES256', key: rotated }), { target: own });
    assert.equal(first.callback.status, 303, first.callback.text);
    assert.equal(op.count('/jwks') - fetched, 1, 'exactly one refetch');
    assert.equal((await session(first.ua)).user.name, 'Ada Lovelace');

    // The JWKS changes again; within the minute the server does not ask again.
    op.hooks.jwks = op.jwks([rotated, later]);
    fetched = op.count('/jwks');
    const second = await signInWith(op.resign({}, { alg: 'EdDSA', key: later }), { target: own });
    assertRefused(second.callback, { secrets: [second.code, second.token] });
    assert.equal(op.count('/jwks'), fetched, 'no second refetch within the minute');
    // Keys it knows still work, without fetching.
    for (const key of [rotated, op.keys.rsa]) {
      const ok = await signInWith(op.resign({}, { alg: key === rotated ? 'ES256' : 'RS256', key }), { target: own });
      assert.equal(ok.callback.status, 303, ok.callback.text);
    }
    assert.equal(op.count('/jwks'), fetched);
  });
});

test('an unknown kid the JWKS does not hold: refused after exactly one refetch, and no flood of refetches', async () => {
  await withServer({}, async (own) => {
    const warm = await signIn({ server: own, provider: op, login: 'ada' });
    assert.equal(warm.callback.status, 303, warm.callback.text);
    const unknown = generateKey('rsa', 'rsa-not-yet-published');
    let fetched = op.count('/jwks');
    await assertForgeryRefused(op.resign({}, { key: unknown }), { target: own });
    assert.equal(op.count('/jwks') - fetched, 1, 'exactly one refetch');
    // An attacker sending unknown kids cannot make the server hammer the provider: within the
    // minute, nothing more is fetched, even once the key is published.
    op.hooks.jwks = op.jwks([unknown]);
    fetched = op.count('/jwks');
    for (let i = 0; i < 3; i++) {
      const r = await signInWith(op.resign({}, { key: i === 0 ? unknown : generateKey('ec', `ec-flood-${i}`), alg: i === 0 ? 'RS256' : 'ES256' }), { target: own });
      assertRefused(r.callback, { secrets: [r.code, r.token] });
    }
    assert.equal(op.count('/jwks'), fetched, 'no refetch within the minute');
    const ok = await signIn({ server: own, provider: op, login: 'bob' });
    assert.equal(ok.callback.status, 303, 'the known keys still work');
  });
});

logsStayClean();
