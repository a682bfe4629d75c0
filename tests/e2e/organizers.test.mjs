// A server where only organizers create rooms (--room-creation organizers) and only they see the
// lobby (--lobby off): the home page offers the organizer sign-in instead of "Start", rooms nobody
// created do not exist, a signed-in organizer starts a meeting as its host that a guest can join;
// visitors are told the lobby is off and get no link to it, organizers see it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  hashPassword,
  launchBrowser,
  missingPrerequisite,
  openPage,
  screenshot,
  startStack,
  unnamedControls,
  verifyToken,
} from './lib/harness.mjs';

const skip = missingPrerequisite();
const PASSWORD = 'organizer password 7';

describe('organizers only', { skip, timeout: 240000 }, () => {
  let stack;
  let browser;

  before(async () => {
    stack = await startStack({
      holdMs: 60000,
      serverArgs: ['--room-creation', 'organizers', '--lobby', 'off'],
      serverEnv: { MEET_ORGANIZER_PASSWORD_HASH: hashPassword(PASSWORD) },
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('sign in, start a meeting as its host, a guest joins it; unknown rooms do not exist', async () => {
    const organizer = await openPage(browser);
    const guest = await openPage(browser);
    try {
      const { page } = organizer;
      await page.goto(stack.server.url('/'));
      const signIn = page.getByRole('form', { name: 'Organizer sign-in' });
      await signIn.waitFor();
      assert.equal(await page.getByRole('button', { name: 'Start a new meeting' }).count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Create a room with a host' }).count(), 0);
      // Joining by name stays offered to guests.
      await page.getByRole('textbox', { name: 'Meeting name or link' }).waitFor();
      assert.deepEqual(await unnamedControls(page), [], 'every control of the sign-in is named');
      await screenshot(page, 'organizers-sign-in-desktop');

      const password = signIn.getByLabel('Organizer password');
      await password.fill('not the password');
      await signIn.getByRole('button', { name: 'Sign in' }).click();
      const wrong = signIn.getByRole('alert');
      await wrong.waitFor();
      assert.match(await wrong.innerText(), /Wrong password/);

      await password.fill(PASSWORD);
      await signIn.getByRole('button', { name: 'Sign in' }).click();
      await signIn.waitFor({ state: 'detached' });
      await page.getByText('Organizer', { exact: true }).waitFor();
      // The organizer may create rooms: "Start" creates a room with a host (a drawn name).
      await page.getByRole('form', { name: 'Create a room' }).waitFor();
      await screenshot(page, 'organizers-signed-in-desktop');
      await page.getByRole('button', { name: 'Start a new meeting' }).click();
      await page.waitForURL(/\/rooms\/[a-z0-9]{4}-[a-z0-9]{4}$/);
      const roomName = new URL(page.url()).pathname.split('/').pop();
      await page.getByText('You are the host').waitFor();

      // A guest joins the organizer's room with role=guest.
      await guest.page.goto(stack.server.url(`/rooms/${roomName}`));
      await guest.page.getByRole('textbox', { name: 'Your name' }).fill('Greta Guest');
      await guest.page.getByRole('button', { name: 'Join meeting' }).click();
      const attempt = await stack.standIn.waitForTokenOf('Greta Guest');
      const claims = await verifyToken(attempt.token);
      assert.equal(claims.video?.room, roomName);
      assert.deepEqual(claims.attributes, { role: 'guest' });

      // A room nobody created does not exist here.
      await guest.page.goto(stack.server.url('/rooms/nobody-made-this'));
      const missing = guest.page.getByRole('alert').filter({ hasText: 'This meeting does not exist' });
      await missing.waitFor();
      assert.match(await missing.innerText(), /nobody-made-this/);
      await screenshot(guest.page, 'organizers-room-not-found-desktop');

      // Signing out brings the sign-in back.
      await page.goto(stack.server.url('/'));
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('form', { name: 'Organizer sign-in' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Start a new meeting' }).count(), 0);

      for (const side of [organizer, guest]) {
        assert.deepEqual(side.pageErrors, []);
        assert.deepEqual(side.cspViolations, []);
      }
    } finally {
      await Promise.all([organizer.context.close(), guest.context.close()]);
    }
  });

  test('lobby off: visitors get a notice instead of the lobby and no link to it; organizers see it', async () => {
    const visitor = await openPage(browser);
    const organizer = await openPage(browser);
    try {
      // A visitor: no lobby link on the home page, a plain notice on /lobby (not an error).
      const sessionRead = visitor.page.waitForResponse((r) => r.url().endsWith('/api/session'));
      await visitor.page.goto(stack.server.url('/'));
      assert.equal((await (await sessionRead).json()).lobby, 'off');
      await visitor.page.getByRole('form', { name: 'Organizer sign-in' }).waitFor();
      assert.equal(await visitor.page.getByRole('link', { name: 'Open the lobby' }).count(), 0);
      await visitor.page.goto(stack.server.url('/lobby'));
      const notice = visitor.page.getByRole('status').filter({ hasText: 'The lobby is off on this server' });
      await notice.waitFor();
      assert.equal(await visitor.page.getByRole('region', { name: 'Live rooms' }).count(), 0);
      assert.equal(await visitor.page.getByRole('alert').count(), 0, 'no error shown');
      assert.ok(
        !visitor.requests.some((r) => /\/api\/(rooms|meetings)(\?|$)/.test(new URL(r.url).pathname)),
        'the lobby is not even asked for',
      );
      await screenshot(visitor.page, 'lobby-off-desktop');
      assert.deepEqual(await unnamedControls(visitor.page), []);
      // Even without the session (an answer that did not come), lobby_off from the API is a notice.
      await visitor.page.route('**/api/session', (route) => route.abort());
      await visitor.page.reload();
      await notice.waitFor();
      await notice.getByRole('link', { name: 'Back to home' }).click();
      await visitor.page.waitForURL(stack.server.url('/'));

      // An organizer: the link, and the lobby itself.
      await organizer.page.goto(stack.server.url('/'));
      const signIn = organizer.page.getByRole('form', { name: 'Organizer sign-in' });
      await signIn.getByLabel('Organizer password').fill(PASSWORD);
      await signIn.getByRole('button', { name: 'Sign in' }).click();
      await organizer.page.getByRole('link', { name: 'Open the lobby' }).click();
      await organizer.page.waitForURL(stack.server.url('/lobby'));
      await organizer.page.getByRole('region', { name: 'Recent meetings' }).waitFor();
      await organizer.page.getByText('The lobby is off for visitors; as an organizer, you see every room.').waitFor();
      assert.equal(await organizer.page.getByText('The lobby is off on this server').count(), 0);
      for (const side of [visitor, organizer]) {
        assert.deepEqual(side.pageErrors, []);
        assert.deepEqual(side.cspViolations, []);
      }
    } finally {
      await Promise.all([visitor.context.close(), organizer.context.close()]);
    }
  });
});
