// Alone in a meeting (--alone-timeout 5s): the person is asked "Are you still there?", may stay,
// is not asked while someone else is there, and, once alone again and silent, leaves after the
// countdown (the page after says why): the SFU sees them go. Through the LiveKit stand-in SFU
// (tests/sfu).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { missingPrerequisite, screenshot } from './lib/harness.mjs';
import { endingHeading, joinMeeting, launchMeetingBrowser, missingSfu, startMeetingStack } from './lib/meeting.mjs';

const skip = missingPrerequisite() ?? missingSfu();

describe('alone in a meeting', { skip, timeout: 120000 }, () => {
  let stack;
  let browser;
  before(async () => {
    stack = await startMeetingStack({ serverArgs: ['--alone-timeout', '5s'] });
    browser = await launchMeetingBrowser();
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('asked after the wait, stays, is left alone while others are there, then leaves by the countdown', async () => {
    const room = `alone-${process.pid}`;
    let alice;
    let bob;
    try {
      alice = await joinMeeting(browser, stack, { room, name: 'Alice Alone' });
      const asked = alice.page.getByRole('alertdialog', { name: 'Are you still there?' });
      const since = Date.now();
      await asked.waitFor({ timeout: 15000 });
      assert.ok(Date.now() - since >= 1500, 'not asked at once');
      assert.match(await asked.getByRole('timer').innerText(), /You will leave it in [1-5] s/);
      await screenshot(alice.page, 'meeting-alone-asked');
      await asked.getByRole('button', { name: 'Stay in the meeting' }).click();
      await asked.waitFor({ state: 'detached' });
      // Alice is asked again 5 s after "Stay" and leaves 5 s later: Bob joins within those 10 s
      // (a busy machine may take several seconds to open his page).

      // With Bob there, nobody is asked.
      bob = await joinMeeting(browser, stack, { room, name: 'Bob Brown' });
      await new Promise((resolve) => setTimeout(resolve, 5000));
      assert.equal(await alice.page.getByRole('alertdialog').count(), 0);
      assert.equal(await bob.page.getByRole('alertdialog').count(), 0);

      // Bob leaves: Alice is asked again, says nothing, and leaves when the countdown ends.
      await bob.leave();
      await asked.waitFor({ timeout: 15000 });
      await endingHeading(alice.page, 'You left the meeting').waitFor({ timeout: 15000 });
      assert.match(await alice.page.locator('main').innerText(), /Nobody else was there/);
      const deadline = Date.now() + 10000;
      while (stack.sfu.participants(room).some((p) => p.name === 'Alice Alone')) {
        assert.ok(Date.now() < deadline, 'the SFU saw Alice leave');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.deepEqual(alice.pageErrors, []);
      assert.deepEqual(bob.pageErrors, []);
    } finally {
      await alice?.context.close().catch(() => undefined);
      await bob?.context.close().catch(() => undefined);
    }
  });
});
