// OpenID Connect sign-in when the provider is down, broken or slow: a page and 502, in bounded time.
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

// ---- the provider unreachable ---------------------------------------------------------------------

test('provider down: 502 pages, quickly, at login and at the callback', async () => {
  // At the callback (discovery cached): the token endpoint refuses connections.
  const steps = await untilCallback({ server, provider: op, login: 'ada' });
  await op.down();
  let started = Date.now();
  assertRefused(await steps.ua.callback(steps.callbackUrl), { status: 502, secrets: [steps.code] });
  assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
  // At login, on a server that has not read the discovery document yet.
  await withServer({}, async (own) => {
    started = Date.now();
    const { res } = await browser(own).startLogin({ next: '/' });
    assertRefused(res, { status: 502 });
    assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
    await op.up();
    // Back up: the same server signs people in once the failure's second has passed (a failed
    // discovery is answered again for a second, not asked of the provider by every visitor).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const ok = await signIn({ server: own, provider: op, login: 'ada' });
    assert.equal(ok.callback.status, 303, ok.callback.text);
  });
});

test('a provider answering 5xx or garbage gives 502 pages', async () => {
  for (const how of [500, 503, 'garbage', 'html', 'reset']) {
    const steps = await untilCallback({ server, provider: op, login: 'ada' });
    op.breakPath('/token', how);
    assertRefused(await steps.ua.callback(steps.callbackUrl), { status: 502, secrets: [steps.code] });
    op.breakPath('/token', undefined);
  }
  op.breakPath(DISCOVERY, 'html');
  await withServer({}, async (own) => {
    assertRefused((await browser(own).startLogin({ next: '/' })).res, { status: 502 });
  });
});

test('a provider slower than the 10 s deadline gives a 502 page within 12 s', { timeout: 30000 }, async () => {
  const steps = await untilCallback({ server, provider: op, login: 'ada' });
  op.slow(20000, ['/token']);
  steps.ua.timeoutMs = 13000; // a server that waits for the provider fails here, in bounded time
  const started = Date.now();
  const res = await steps.ua.callback(steps.callbackUrl);
  const elapsed = Date.now() - started;
  assertRefused(res, { status: 502, secrets: [steps.code] });
  assert.ok(elapsed < 12000, `${elapsed} ms`);
});

logsStayClean();
