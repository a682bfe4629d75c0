// Signing in through an OpenID Connect provider, in the browser: a real provider (the
// oidc-provider package, in this process: tests/integration/lib/oidc-provider.mjs) whose own
// development login, consent and sign-out forms the person fills in and clicks. The server's
// --public-url is the origin the browser uses: a small front (a Node.js proxy on 127.0.0.1 port 0,
// listening before the server starts so that its address is known) passes every request to the
// server, and the provider's client is registered with that origin's redirect URIs.
//
// Ada (in the provider's meet-organizers group) signs in from the top bar, creates a room with a
// host, finds her name in the pre-join, finds the room in "My rooms" and opens it as its host from
// a second browser she signs in on, deletes it, and signs out through the provider. Bob (not an
// organiser) is told his account cannot start meetings and has no rooms. With --require-sign-in, a
// room page asks to sign in first and comes back to its pre-join.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {
  copyWebRoot,
  expectRunTimeConfig,
  launchBrowser,
  missingPrerequisite,
  openPage,
  repoRoot,
  screenshot,
  startLiveKitStandIn,
  startServer,
  verifyToken,
} from './lib/harness.mjs';
import { ACCOUNTS, CLIENT_ID, CLIENT_SECRET, listenProvider } from '../integration/lib/oidc-provider.mjs';

/** Why the provider cannot run here (tests/node_modules is not installed), or undefined. */
function missingProvider() {
  if (fs.existsSync(path.join(repoRoot, 'tests', 'node_modules', 'oidc-provider'))) return undefined;
  const reason = `the OpenID provider's package is not installed (cd tests && npm ci)`;
  if (process.env.CI || process.env.LKM_REQUIRE_BROWSER) throw new Error(`sign-in tests cannot run: ${reason}`);
  return reason;
}

const skip = missingPrerequisite() ?? missingProvider();

// The expected words, from the English messages (`{name}` placeholders filled in).
const en = JSON.parse(fs.readFileSync(path.join(repoRoot, 'web', 'src', 'i18n', 'locales', 'en.json'), 'utf8'));
const t = (key, values = {}) => {
  const message = en[key];
  if (typeof message !== 'string') throw new Error(`no English message ${key}`);
  return message.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
};

const ADA = ACCOUNTS.ada;
const BOB = ACCOUNTS.bob;

// ---------------------------------------------------------------------------------------------
// The front: the public origin, passing every request (method, path, headers with Host, body) to
// the server once it is known, and its answer back as it came.

async function startFront() {
  let targetPort;
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    if (!targetPort) {
      res.writeHead(503);
      res.end();
      return;
    }
    const upstream = http.request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode, answer.statusMessage, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.setTimeout(20000, () => upstream.destroy(new Error('the server did not answer')));
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (p = '/') => `${origin}${p}`,
    forward(to) {
      targetPort = to;
    },
    async close() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/**
 * Provider, front, LiveKit stand-in (its RoomService answers: a room created with a chosen name
 * asks whether it is live) and server. The server's own arguments come after the sign-in ones.
 * `url(path)` is the address the browser uses (the front's).
 */
async function startSignInStack({ serverArgs = [] } = {}) {
  const listening = await listenProvider();
  const cleanups = [() => listening.stop()];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const front = await startFront();
    cleanups.push(() => front.close());
    const standIn = await startLiveKitStandIn({ rosters: {} });
    cleanups.push(() => standIn.close());
    const webRoot = copyWebRoot();
    cleanups.push(() => fs.rmSync(webRoot, { recursive: true, force: true }));
    const server = await startServer({
      webRoot,
      livekitUrl: standIn.url,
      extraArgs: [
        '--oidc-issuer', `http://127.0.0.1:${listening.port}`,
        '--oidc-client-id', CLIENT_ID,
        '--public-url', front.origin,
        ...serverArgs,
      ],
      extraEnv: { MEET_OIDC_CLIENT_SECRET: CLIENT_SECRET },
    });
    cleanups.push(() => server.stop());
    await expectRunTimeConfig(server);
    front.forward(server.port);
    // Redirect URI <public-url>/auth/callback, post-logout redirect URI <public-url>/.
    const provider = listening.configure({ publicUrl: front.origin });
    cleanups.push(() => provider.stop());
    assert.equal(provider.issuer, `http://127.0.0.1:${listening.port}`);
    return { provider, front, standIn, server, url: front.url, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The person's steps.

/** A fresh browser context on the front's origin; nothing leaves the machine (the provider's
 * pages ask for a web font). */
async function freshPerson(browser, stack) {
  const person = await openPage(browser, { origin: stack.front.origin });
  await person.context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
  return person;
}

/**
 * At the provider, after a "Sign in": its login form (the login given, any password), then its
 * consent form, then back at the server's public origin.
 */
async function signInAtProvider(page, stack, login) {
  const { origin } = stack.provider;
  await page.waitForURL((url) => url.origin === origin && url.pathname.startsWith('/interaction/'));
  await page.getByRole('heading', { level: 1, name: 'Sign-in' }).waitFor();
  await page.getByPlaceholder('Enter any login').fill(login);
  await page.getByPlaceholder('and password').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Authorize' }).waitFor();
  assert.equal(new URL(page.url()).origin, origin, 'the consent form is the provider’s');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.origin === stack.front.origin);
}

const accountOf = (page) => page.getByRole('group', { name: t('shell.account') });
/** The top bar's "Sign in" (a link; the organiser box's is "Sign in with your account"). */
const topBarSignIn = (page) => page.locator('header').getByRole('link', { name: t('shell.signIn'), exact: true });

/** The top bar names the person signed in, with "Sign out". */
async function signedInAs(page, who) {
  const account = accountOf(page);
  await account.getByText(t('shell.signedInAs', { name: who.name })).waitFor();
  assert.match(await account.innerText(), new RegExp(`${who.name}[\\s\\S]*${who.email.replace(/\./g, '\\.')}`));
  await account.getByRole('button', { name: t('shell.signOut') }).waitFor();
  assert.equal(await topBarSignIn(page).count(), 0);
}

/** From the home page's top bar, through the provider, back to the home page signed in. */
async function signInFromHome(page, stack, who, login) {
  await page.goto(stack.url('/'));
  await topBarSignIn(page).click();
  await signInAtProvider(page, stack, login);
  await page.waitForURL(stack.url('/'));
  await signedInAs(page, who);
}

/** `api/...` read by the page itself (its cookies). */
const apiFromPage = (page, apiPath) =>
  page.evaluate(async (p) => {
    const response = await fetch(p, { headers: { Accept: 'application/json' } });
    return { status: response.status, json: await response.json() };
  }, apiPath);

function noPageTrouble(...people) {
  for (const person of people) {
    assert.deepEqual(person.pageErrors, []);
    assert.deepEqual(person.cspViolations, []);
  }
}

// ---------------------------------------------------------------------------------------------

describe('sign-in through an OpenID provider', { skip, timeout: 120000 }, () => {
  let stack;
  let browser;

  before(async () => {
    stack = await startSignInStack({
      serverArgs: [
        '--room-creation', 'organizers',
        '--oidc-organizers', 'claim:groups=meet-organizers',
        '--oidc-scopes', 'openid profile email groups',
      ],
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('an organiser signs in, creates a room, reopens it as host from another browser and deletes it', async () => {
    const first = await freshPerson(browser, stack);
    const second = await freshPerson(browser, stack);
    const room = `ada-review-${process.pid}`;
    try {
      // 1. Signed out: the top bar offers "Sign in"; it leads to the provider and back.
      const { page } = first;
      await page.goto(stack.url('/'));
      await topBarSignIn(page).waitFor();
      assert.equal(await accountOf(page).count(), 0);
      await screenshot(page, 'sign-in-signed-out-desktop');
      await topBarSignIn(page).click();
      await signInAtProvider(page, stack, 'ada');
      await page.waitForURL(stack.url('/'));
      await signedInAs(page, ADA);
      const session = await apiFromPage(page, 'api/session');
      assert.deepEqual(session.json.user, { name: ADA.name, email: ADA.email });
      assert.equal(session.json.organizer, true);
      assert.deepEqual(session.json.signIn, { oidc: true, required: false });
      await screenshot(page, 'sign-in-signed-in-desktop');

      // 2. The organiser creates a room with a host (a name and a passcode): its pre-join starts
      // with her name from the ID token.
      await page.getByRole('region', { name: t('myRooms.title') }).getByText(t('myRooms.empty')).waitFor();
      const disclosure = page.getByRole('button', { name: t('create.disclosure') });
      if ((await disclosure.getAttribute('aria-expanded')) !== 'true') await disclosure.click();
      const form = page.getByRole('form', { name: t('create.formLabel') });
      await form.getByRole('textbox', { name: t('create.nameLabel') }).fill(room);
      await form.getByRole('textbox', { name: t('create.passcodeLabel') }).fill('open-sesame-42');
      await form.getByRole('button', { name: t('create.submit') }).click();
      await page.waitForURL(stack.url(`/rooms/${room}`));
      await page.getByText(t('prejoin.youAreHost')).waitFor();
      const nameField = page.getByRole('textbox', { name: t('prejoin.yourName') });
      await nameField.waitFor();
      assert.equal(await nameField.inputValue(), ADA.name);

      // 3. Back home: "My rooms" lists it (with its passcode); "Open" goes to it as its host.
      await page.goBack();
      await page.waitForURL(stack.url('/'));
      const mine = page.getByRole('region', { name: t('myRooms.title') });
      const row = mine.getByRole('listitem', { name: room });
      await row.waitFor();
      await row.getByText(t('myRooms.passcode'), { exact: true }).waitFor();
      await screenshot(page, 'sign-in-my-rooms-desktop');
      await mine.getByRole('button', { name: t('myRooms.openLabel', { room }) }).click();
      await page.waitForURL(stack.url(`/rooms/${room}`));
      await page.getByText(t('prejoin.youAreHost')).waitFor();
      await page.getByRole('button', { name: t('host.controls'), exact: true }).waitFor();

      // 4. Another browser: not the host until Ada signs in there and opens the room from her list.
      const other = second.page;
      await other.goto(stack.url(`/rooms/${room}`));
      await other.getByRole('textbox', { name: t('prejoin.yourName') }).waitFor();
      const notYet = await apiFromPage(other, `api/rooms/${room}`);
      assert.equal(notYet.json.hosted, true);
      assert.equal(notYet.json.isHost, false, 'a fresh browser is not the host');
      assert.equal(await other.getByText(t('prejoin.youAreHost')).count(), 0);
      await signInFromHome(other, stack, ADA, 'ada');
      const otherRooms = other.getByRole('region', { name: t('myRooms.title') });
      await otherRooms.getByRole('listitem', { name: room }).waitFor();
      await otherRooms.getByRole('button', { name: t('myRooms.openLabel', { room }) }).click();
      await other.waitForURL(stack.url(`/rooms/${room}`));
      await other.getByText(t('prejoin.youAreHost')).waitFor();
      await other.getByRole('button', { name: t('host.controls'), exact: true }).waitFor();
      assert.equal(await other.getByRole('textbox', { name: t('prejoin.yourName') }).inputValue(), ADA.name);
      assert.equal((await apiFromPage(other, `api/rooms/${room}`)).json.isHost, true);
      await screenshot(other, 'sign-in-reopened-as-host-desktop');

      // 5. Deleting it from "My rooms" (after a confirmation) forgets the room.
      await other.goBack();
      await other.waitForURL(stack.url('/'));
      await otherRooms.getByRole('button', { name: t('myRooms.deleteLabel', { room }) }).click();
      const confirm = otherRooms.getByRole('group', { name: t('myRooms.confirmDelete', { room }) });
      await confirm.waitFor();
      await confirm.getByRole('button', { name: t('myRooms.confirmDeleteLabel', { room }) }).click();
      await otherRooms.getByRole('status').filter({ hasText: t('myRooms.deleted', { room }) }).waitFor();
      await otherRooms.getByRole('listitem', { name: room }).waitFor({ state: 'detached' });
      await otherRooms.getByText(t('myRooms.empty')).waitFor();
      // Not hosted any more: on this server (--room-creation organizers) a room without a host
      // does not exist at all.
      const gone = await apiFromPage(other, `api/rooms/${room}`);
      assert.equal(gone.status, 404, JSON.stringify(gone.json));
      assert.equal(gone.json.error, 'room_not_found');
      assert.notEqual(gone.json.hosted, true);
      assert.deepEqual((await apiFromPage(other, 'api/my/rooms')).json.rooms, []);

      noPageTrouble(first, second);
    } catch (error) {
      error.message += `\nserver log:\n${stack.server.logs().slice(-4000)}`;
      throw error;
    } finally {
      await Promise.all([first.context.close(), second.context.close()]);
    }
  });

  // The page asks the server to sign out (fetch), then goes to the provider's end_session page the
  // server names: a form's redirect there would be stopped by the page's CSP (form-action 'self').
  test('"Sign out" goes through the provider\'s sign-out and comes back signed out', async () => {
    const staying = await freshPerson(browser, stack);
    const leaving = await freshPerson(browser, stack);
    const { page } = leaving;
    try {
      await signInFromHome(staying.page, stack, ADA, 'ada');
      await signInFromHome(page, stack, ADA, 'ada');
      await accountOf(page).getByRole('button', { name: t('shell.signOut') }).click();
      // At the provider's sign-out; failing fast on what stops the way there (an error page of
      // the server, a Content-Security-Policy violation).
      const deadline = Date.now() + 10000;
      for (;;) {
        const at = new URL(page.url());
        if (at.origin === stack.provider.origin) break;
        const stuck = at.pathname === '/auth/logout' || leaving.cspViolations.length > 0;
        if (stuck || Date.now() > deadline) {
          await page.waitForLoadState().catch(() => undefined);
          const body = await page.locator('body').innerText().catch(() => '');
          assert.fail(
            `"Sign out" did not reach the provider; the browser is at ${page.url()}: ` +
              `${JSON.stringify(body.slice(0, 200))}; CSP violations: ${JSON.stringify(leaving.cspViolations)}`,
          );
        }
        await page.waitForTimeout(100);
      }
      // oidc-provider asks to confirm (tests/integration/lib/oidc-provider.mjs's logoutSource).
      await page.getByRole('button', { name: 'Yes' }).click();
      await page.waitForURL(stack.url('/'));
      await topBarSignIn(page).waitFor();
      assert.equal(await accountOf(page).count(), 0);
      assert.equal(await page.getByRole('region', { name: t('myRooms.title') }).count(), 0);
      const session = await apiFromPage(page, 'api/session');
      assert.equal(session.json.user, undefined, 'no user after signing out');
      assert.equal(session.json.organizer, false);
      assert.equal((await apiFromPage(page, 'api/my/rooms')).status, 401);

      // The other browser's own session goes on.
      await staying.page.reload();
      await signedInAs(staying.page, ADA);
      noPageTrouble(staying, leaving);
    } catch (error) {
      error.message += `\nserver log:\n${stack.server.logs().slice(-1500)}`;
      throw error;
    } finally {
      await Promise.all([staying.context.close(), leaving.context.close()]);
    }
  });

  test('someone the rule does not admit is told their account cannot start meetings, and has no rooms', async () => {
    const bob = await freshPerson(browser, stack);
    try {
      const { page } = bob;
      await page.goto(stack.url('/'));
      const organizerBox = page.getByRole('form', { name: t('create.signInTitle') });
      await organizerBox.getByRole('link', { name: t('create.signInWithAccount') }).click();
      await signInAtProvider(page, stack, 'bob');
      await page.waitForURL(stack.url('/'));
      await signedInAs(page, BOB);
      await organizerBox.getByText(t('create.notOrganizer', { name: BOB.name })).waitFor();
      assert.equal(await organizerBox.getByRole('link', { name: t('create.signInWithAccount') }).count(), 0);
      assert.equal(await page.getByRole('button', { name: t('home.startMeeting') }).count(), 0);
      assert.equal(await page.getByRole('form', { name: t('create.formLabel') }).count(), 0);
      await page.getByRole('region', { name: t('myRooms.title') }).getByText(t('myRooms.empty')).waitFor();
      await screenshot(page, 'sign-in-not-organizer-desktop');

      const session = await apiFromPage(page, 'api/session');
      assert.deepEqual(session.json.user, { name: BOB.name, email: BOB.email });
      assert.equal(session.json.organizer, false);
      assert.deepEqual((await apiFromPage(page, 'api/my/rooms')).json.rooms, []);
      const refused = await page.evaluate(async () => {
        const response = await fetch('api/rooms', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ name: 'bobs-room' }),
        });
        return { status: response.status, json: await response.json() };
      });
      // docs/sign-in.md's contract says 403; the server answers as to anyone who is not an
      // organiser (401 organizer_required), which the page handles the same way.
      assert.ok([401, 403].includes(refused.status), JSON.stringify(refused));
      assert.equal(refused.json.error, 'organizer_required');
      noPageTrouble(bob);
    } catch (error) {
      error.message += `\nserver log:\n${stack.server.logs().slice(-4000)}`;
      throw error;
    } finally {
      await bob.context.close();
    }
  });
});

describe('--require-sign-in', { skip, timeout: 90000 }, () => {
  let stack;
  let browser;

  before(async () => {
    stack = await startSignInStack({ serverArgs: ['--require-sign-in'] });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('a room page asks to sign in first, and the sign-in comes back to its pre-join', async () => {
    const person = await freshPerson(browser, stack);
    try {
      const { page } = person;
      await page.goto(stack.url('/rooms/some-room'));
      await page.getByRole('status').filter({ hasText: t('room.signInTitle') }).waitFor();
      assert.equal(await page.getByRole('textbox', { name: t('prejoin.yourName') }).count(), 0, 'no pre-join');
      assert.equal(await page.getByRole('button', { name: t('prejoin.joinMeeting') }).count(), 0);
      await screenshot(page, 'sign-in-required-desktop');
      await page.getByRole('link', { name: t('room.signInToJoin') }).click();
      await signInAtProvider(page, stack, 'ada');
      await page.waitForURL(stack.url('/rooms/some-room'));
      const nameField = page.getByRole('textbox', { name: t('prejoin.yourName') });
      await nameField.waitFor();
      assert.equal(await nameField.inputValue(), ADA.name);

      // Joining works now: the LiveKit stand-in gets a token for Ada in that room.
      await page.getByRole('button', { name: t('prejoin.joinMeeting') }).click();
      const attempt = await stack.standIn.waitForTokenOf(ADA.name);
      const claims = await verifyToken(attempt.token);
      assert.equal(claims.video?.room, 'some-room');
      noPageTrouble(person);
    } catch (error) {
      error.message += `\nserver log:\n${stack.server.logs().slice(-4000)}`;
      throw error;
    } finally {
      await person.context.close();
    }
  });
});
