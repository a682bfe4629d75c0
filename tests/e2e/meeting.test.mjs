// Home → start a meeting → pre-join → join; joining by name with a chosen display name; names the
// server refuses are refused in the page; the record button follows the server's policy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  launchBrowser,
  missingPrerequisite,
  openPage,
  screenshot,
  startStack,
  unnamedControls,
  verifyToken,
} from './lib/harness.mjs';

const skip = missingPrerequisite();

describe('meeting flow', { skip, timeout: 180000 }, () => {
  let stack;
  let browser;

  before(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('home → start meeting → pre-join → join reaches LiveKit with a token for that room', async () => {
    const { page, context, requests, pageErrors, cspViolations } = await openPage(browser);
    try {
      await page.goto(stack.server.url('/'));
      await page.getByRole('heading', { level: 1 }).waitFor();
      assert.equal(await page.title(), 'LiveKit Meet');
      await page.getByRole('tab', { name: 'Meeting' }).waitFor();
      await page.getByRole('checkbox', { name: /end-to-end encryption/i }).waitFor();
      await screenshot(page, 'home-desktop');
      assert.deepEqual(await unnamedControls(page), [], 'every control on the home page is named');

      await page.getByRole('button', { name: 'Start a new meeting' }).click();
      await page.waitForURL(/\/rooms\/[a-z0-9]{4}-[a-z0-9]{4}$/);
      const roomName = new URL(page.url()).pathname.split('/').pop();
      assert.match(roomName, /^[a-z0-9]{4}-[a-z0-9]{4}$/);

      // Pre-join: the room name, the camera preview (fake device), toggles and the name field.
      await page.getByRole('heading', { name: roomName }).waitFor();
      const preview = page.locator('.lk-prejoin video');
      await preview.waitFor();
      await page.waitForFunction(
        () => {
          const video = document.querySelector('.lk-prejoin video');
          return video && video.readyState >= 2 && video.videoWidth > 0;
        },
        null,
        { timeout: 15000 },
      );
      await page.getByRole('button', { name: 'Microphone', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Camera', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Choose microphone' }).waitFor();
      await page.getByRole('button', { name: 'Choose camera' }).waitFor();
      const join = page.getByRole('button', { name: 'Join meeting' });
      assert.equal(await join.isDisabled(), true, 'joining needs a name');
      // Names with invisible or control characters are refused in the page, as the server does.
      const nameField = page.getByRole('textbox', { name: 'Your name' });
      for (const bad of ['Alice\u202eelpmaxE', 'Ali\u200bce', 'Alice\u0007', '\u2066Alice\u2069']) {
        await nameField.fill(bad);
        const problem = page.locator('#lkm-name-problem');
        await problem.waitFor();
        assert.match(await problem.innerText(), /invisible or control characters/);
        assert.equal(await nameField.getAttribute('aria-invalid'), 'true');
        assert.equal(await nameField.getAttribute('aria-describedby'), 'lkm-name-problem');
        assert.equal(await join.isDisabled(), true, `no join with ${JSON.stringify(bad)}`);
      }
      await nameField.fill('   ');
      assert.equal(await join.isDisabled(), true, 'a name of spaces is no name');
      assert.equal(await page.locator('#lkm-name-problem').count(), 0, 'an empty name has no message');
      await page.getByRole('textbox', { name: 'Your name' }).fill('Alice Example');
      assert.equal(await page.locator('#lkm-name-problem').count(), 0);
      assert.equal(await nameField.getAttribute('aria-invalid'), null);
      await screenshot(page, 'prejoin-desktop');
      assert.deepEqual(await unnamedControls(page), [], 'every control on the pre-join page is named');

      await join.click();
      const attempt = await stack.standIn.waitForToken();
      assert.match(attempt.path, /^\/rtc/);
      const claims = await verifyToken(attempt.token);
      assert.equal(claims.video?.room, roomName);
      assert.equal(claims.video?.roomJoin, true);
      assert.equal(claims.name, 'Alice Example');
      assert.ok(claims.sub, 'the token names an identity');

      // The page asked the server for connection details with a relative URL, as a POST whose
      // JSON body holds what Meet's GET has in its query string.
      const details = requests.find((r) => r.url.includes('/api/connection-details'));
      assert.ok(details, 'the page fetched api/connection-details');
      const detailsUrl = new URL(details.url);
      assert.equal(detailsUrl.origin, stack.server.origin);
      assert.equal(detailsUrl.pathname, '/api/connection-details');
      assert.equal(detailsUrl.search, '', 'nothing in the query string');
      assert.equal(details.method, 'POST');
      assert.equal(details.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(details.postData), { roomName, participantName: 'Alice Example' });
      // A participant in a room without a host, on a server whose recording is for hosts: no
      // record button.
      await page.locator('.lkm-control-bar').waitFor();
      assert.equal(await page.locator('.lkm-record-button').count(), 0);

      // No media server answers, so the page says so in the page (never alert()).
      const dialog = page.getByRole('alertdialog');
      await dialog.waitFor();
      assert.match(await dialog.innerText(), /Could not connect to the meeting/);
      await screenshot(page, 'conference-connect-failed-desktop');
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(cspViolations, []);

      // Back to home.
      await dialog.getByRole('button', { name: 'Back to home' }).click();
      await page.waitForURL(stack.server.url('/'));
      await page.getByRole('button', { name: 'Start a new meeting' }).waitFor();
    } finally {
      await context.close();
    }
  });

  test('join by meeting name with a chosen display name; the name is remembered', async () => {
    stack.standIn.attempts.length = 0;
    const { page, context, pageErrors } = await openPage(browser);
    try {
      await page.goto(stack.server.url('/'));
      await page.getByRole('textbox', { name: 'Meeting name or link' }).fill('Team Sync');
      await page.getByRole('button', { name: 'Join', exact: true }).click();
      await page.waitForURL(/\/rooms\/Team%20Sync$/);
      await page.getByRole('heading', { name: 'Team Sync' }).waitFor();

      const displayName = 'Zoë Ñandú 李';
      await page.getByRole('textbox', { name: 'Your name' }).fill(displayName);
      // Camera off before joining: the choice is kept.
      await page.getByRole('button', { name: 'Camera', exact: true }).click();
      await page.getByRole('button', { name: 'Join meeting' }).click();

      const attempt = await stack.standIn.waitForToken();
      const claims = await verifyToken(attempt.token);
      assert.equal(claims.video?.room, 'Team Sync');
      assert.equal(claims.name, displayName);
      await page.getByRole('alertdialog').waitFor();

      // Choices are remembered: back on the pre-join screen, the name is filled in and the
      // camera stays off.
      await page.goto(stack.server.url('/rooms/another-room'));
      const name = page.getByRole('textbox', { name: 'Your name' });
      await name.waitFor();
      assert.equal(await name.inputValue(), displayName);
      const camera = page.getByRole('button', { name: 'Camera', exact: true });
      assert.equal(await camera.getAttribute('aria-pressed'), 'false');
      assert.equal(await page.getByRole('button', { name: 'Join meeting' }).isEnabled(), true);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('a link pasted into "join" opens that meeting with its options', async () => {
    const { page, context } = await openPage(browser);
    try {
      await page.goto(stack.server.url('/'));
      const link = stack.server.url('/rooms/abcd-1234?codec=h264&hq=true');
      await page.getByRole('textbox', { name: 'Meeting name or link' }).fill(link);
      await page.getByRole('button', { name: 'Join', exact: true }).click();
      await page.waitForURL(link);
      await page.getByRole('heading', { name: 'abcd-1234' }).waitFor();

      await page.goto(stack.server.url('/'));
      await page.getByRole('textbox', { name: 'Meeting name or link' }).fill('bad/name');
      await page.getByRole('button', { name: 'Join', exact: true }).click();
      const error = page.locator('#join-error');
      await error.waitFor();
      assert.match(await error.innerText(), /not a meeting link|cannot contain/);
    } finally {
      await context.close();
    }
  });

  test('region= is passed to api/connection-details in the body', async () => {
    stack.standIn.attempts.length = 0;
    const { page, context, requests, pageErrors } = await openPage(browser);
    try {
      await page.goto(stack.server.url('/rooms/region-room?region=eu-west'));
      await page.getByRole('textbox', { name: 'Your name' }).fill('Rita Region');
      await page.getByRole('button', { name: 'Join meeting' }).click();
      await stack.standIn.waitForToken();
      const details = requests.find((r) => r.url.includes('/api/connection-details'));
      assert.equal(details.method, 'POST');
      assert.equal(JSON.parse(details.postData).region, 'eu-west');
      assert.ok(!details.url.includes('eu-west'), 'the region travels in the body');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('a region the server refuses is explained in the page', async () => {
    // A page of its own: Chromium's renderer has been seen to crash when a page navigates away
    // from a meeting whose peer connection is still being set up.
    const { page, context, pageErrors } = await openPage(browser);
    try {
      await page.goto(stack.server.url('/rooms/region-room?region=' + encodeURIComponent('not a region!')));
      await page.getByRole('textbox', { name: 'Your name' }).fill('Rita Region');
      await page.getByRole('button', { name: 'Join meeting' }).click();
      const error = page.getByRole('alert').filter({ hasText: 'Could not join the meeting' });
      await error.waitFor();
      assert.match(await error.innerText(), /region/);
      await screenshot(page, 'prejoin-join-refused-desktop');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('the record button follows the recording policy of api/session', async () => {
    const { page, context, pageErrors } = await openPage(browser);
    try {
      // The server's answer, with each recording policy in turn (the rest as the server says).
      let policy = 'anyone';
      await page.route('**/api/session', async (route) => {
        const response = await route.fetch();
        const session = await response.json();
        await route.fulfill({ response, json: { ...session, recording: policy } });
      });
      for (const [value, shown] of [['anyone', true], ['off', false], ['hosts', false]]) {
        policy = value;
        const sessionRead = page.waitForResponse((r) => r.url().endsWith('/api/session'));
        await page.goto(stack.server.url('/rooms/policy-room'));
        await sessionRead;
        await page.getByRole('textbox', { name: 'Your name' }).fill('Rex Recorder');
        await page.getByRole('button', { name: 'Join meeting' }).click();
        await page.locator('.lkm-control-bar').waitFor();
        if (shown) {
          const record = page.locator('.lkm-record-button');
          await record.waitFor();
          assert.equal(await record.getAttribute('aria-label'), 'Start recording');
        } else {
          assert.equal(await page.locator('.lkm-record-button').count(), 0, `none with ${value}`);
        }
      }
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
});
