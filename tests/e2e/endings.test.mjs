// How a meeting ends, as a person sees it: each way of leaving lands on a page that says what
// happened and offers what makes sense. Left by choice (Rejoin, Back to home), joined again from
// another device (Rejoin here), and the connection lost for good (after livekit-client's own
// retries run out: Rejoin). Removed by a host and ended by a host are in hosted-meeting.test.mjs,
// left alone in alone.test.mjs. Through the LiveKit stand-in SFU (tests/sfu).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { missingPrerequisite, openPage, screenshot } from './lib/harness.mjs';
import {
  endingHeading,
  joinMeeting,
  launchMeetingBrowser,
  leftToHome,
  missingSfu,
  remoteTile,
  remoteTileGone,
  startMeetingStack,
} from './lib/meeting.mjs';

const skip = missingPrerequisite() ?? missingSfu();
const CONNECTED = 30000;

const toolbarOf = (page) => page.getByRole('toolbar', { name: 'Meeting controls' });
const connected = (page) => toolbarOf(page).getByRole('button', { name: /^Chat/ }).waitFor({ timeout: CONNECTED });
const focusedId = (page) => page.evaluate(() => document.activeElement?.id);

describe('how a meeting ends', { skip, timeout: 180000 }, () => {
  let stack;
  let browser;
  before(async () => {
    stack = await startMeetingStack();
    browser = await launchMeetingBrowser();
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('left by choice: the page says so; Rejoin goes back in; Back to home', async () => {
    const room = `left-${process.pid}`;
    let alice;
    let bob;
    try {
      alice = await joinMeeting(browser, stack, { room, name: 'Alice Leaves' });
      bob = await joinMeeting(browser, stack, { room, name: 'Bob Stays' });
      await remoteTile(bob.page, 'Alice Leaves').first().waitFor();

      await alice.toolbar.getByRole('button', { name: 'Leave' }).click();
      const heading = endingHeading(alice.page, 'You left the meeting');
      await heading.waitFor();
      assert.equal(await focusedId(alice.page), 'lkm-ended-title', 'the heading is read first');
      assert.match(await alice.page.locator('main').innerText(), /You can rejoin while the meeting goes on/);
      assert.match(await alice.page.title(), /^You left the meeting/);
      await remoteTileGone(bob.page, 'Alice Leaves');
      await screenshot(alice.page, 'ending-left');

      // Rejoin: straight back in, with the same choices.
      await alice.page.getByRole('button', { name: 'Rejoin' }).click();
      await connected(alice.page);
      await remoteTile(bob.page, 'Alice Leaves').first().waitFor({ timeout: 20000 });
      await alice.toolbar.getByRole('button', { name: 'Leave' }).click();
      await leftToHome(alice.page, stack);
      assert.deepEqual(alice.pageErrors, []);
    } finally {
      await Promise.all([alice, bob].filter(Boolean).map((p) => p.context.close().catch(() => undefined)));
    }
  });

  test('joined from another device: the first page says so and may take the meeting back', async () => {
    const room = `elsewhere-${process.pid}`;
    let first;
    let second;
    try {
      first = await joinMeeting(browser, stack, { room, name: 'Dana Double' });
      // The same person on another device: the same browser identity (its cookies) and name.
      second = await openPage(browser, { origin: stack.server.origin });
      await second.context.addCookies(await first.context.cookies());
      await second.page.goto(stack.server.url(`/rooms/${room}`));
      await second.page.getByRole('textbox', { name: 'Your name' }).fill('Dana Double');
      await second.page.getByRole('button', { name: 'Join meeting' }).click();
      await connected(second.page);

      await endingHeading(first.page, 'You joined from another device').waitFor({ timeout: 15000 });
      assert.match(await first.page.locator('main').innerText(), /from another tab or device/);
      await screenshot(first.page, 'ending-elsewhere');
      await first.page.getByRole('button', { name: 'Rejoin here' }).click();
      await connected(first.page);
      await endingHeading(second.page, 'You joined from another device').waitFor({ timeout: 15000 });
      assert.equal(stack.sfu.participants(room).length, 1, 'one of them is in the meeting');
      assert.deepEqual(first.pageErrors, []);
      assert.deepEqual(second.pageErrors, []);
    } finally {
      await Promise.all([first, second].filter(Boolean).map((p) => p.context.close().catch(() => undefined)));
    }
  });

  test('connection lost for good: after the retries run out, the page offers Rejoin', async () => {
    const room = `lost-${process.pid}`;
    let carol;
    let restore;
    try {
      // The page's timers run on Playwright's clock, so that the test can skip the waits between
      // livekit-client's reconnection attempts (its default policy: ten over about 45 s).
      carol = await joinMeeting(browser, stack, { room, name: 'Carol Cut', clock: true });
      const { identity } = stack.sfu.participants(room).find((p) => p.name === 'Carol Cut');
      restore = stack.sfu.cutOff(identity);
      await carol.page.getByRole('status').getByText('Reconnecting…').waitFor({ timeout: 15000 });
      const heading = endingHeading(carol.page, 'Connection lost');
      const deadline = Date.now() + 60000;
      while (!(await heading.isVisible())) {
        assert.ok(Date.now() < deadline, 'the client gave up reconnecting');
        await carol.page.clock.fastForward(2000);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      assert.match(await carol.page.locator('main').innerText(), /could not be restored/);
      await screenshot(carol.page, 'ending-connection-lost');

      // The network is back: Rejoin goes back in.
      restore();
      restore = undefined;
      await carol.page.getByRole('button', { name: 'Rejoin' }).click();
      await connected(carol.page);
      assert.deepEqual(carol.pageErrors, []);
    } finally {
      restore?.();
      await carol?.context.close().catch(() => undefined);
    }
  });
});
