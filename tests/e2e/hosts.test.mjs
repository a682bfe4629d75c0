// Rooms with a host, in two browsers at once (a host and a guest): creating a room with a
// passcode, the passcode prompt (the passcode never in a URL), the record button for the host
// only, the waiting room with admit and deny and its other answers (admission used, room locked,
// wait in another tab), lock, the host's participant list with mute and remove (checked at the
// LiveKit stand-in), end for everyone.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ParticipantInfo_State, TrackSource, TrackType } from '@livekit/protocol';
import {
  PHONE,
  launchBrowser,
  missingPrerequisite,
  openPage,
  screenshot,
  startStack,
  unnamedControls,
  unverifiedClaims,
  verifyToken,
} from './lib/harness.mjs';

const skip = missingPrerequisite();

async function createRoom(page, server, { name, passcode, waitingRoom = false }) {
  await page.goto(server.url('/'));
  const disclosure = page.getByRole('button', { name: 'Create a room with a host' });
  await disclosure.click();
  assert.equal(await disclosure.getAttribute('aria-expanded'), 'true');
  const form = page.getByRole('form', { name: 'Create a room' });
  if (name) await form.getByRole('textbox', { name: 'Room name (optional)' }).fill(name);
  if (passcode) await form.getByRole('textbox', { name: 'Passcode (optional)' }).fill(passcode);
  if (waitingRoom) await form.getByRole('checkbox', { name: 'Waiting room' }).check();
  const overflow = await page.evaluate(() => {
    const shell = document.querySelector('.lkm-shell');
    return Math.max(
      document.documentElement.scrollWidth - window.innerWidth,
      shell ? shell.scrollWidth - shell.clientWidth : 0,
    );
  });
  assert.ok(overflow <= 0, `no horizontal scrolling with the create form open (${overflow}px)`);
  await form.getByRole('button', { name: 'Create room' }).click();
  await page.waitForURL((url) => url.pathname === `/rooms/${name}`);
  await page.getByText('You are the host').waitFor();
}

async function fillName(page, name) {
  await page.getByRole('textbox', { name: 'Your name' }).fill(name);
}

/** No signalling attempt of `name` has reached the stand-in. */
function noAttemptOf(stack, name) {
  return !stack.standIn.attempts.some((a) => a.token && unverifiedClaims(a.token).name === name);
}

describe('rooms with a host', { skip, timeout: 300000 }, () => {
  let stack;
  let browser;
  const rosters = {};

  before(async () => {
    // The stand-in holds each signalling attempt for a while, so that the conference shows.
    stack = await startStack({ holdMs: 60000, rosters });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('a room with a passcode: the guest is asked for it; tokens carry role=host and role=guest', async () => {
    const host = await openPage(browser);
    const guest = await openPage(browser);
    const other = await openPage(browser);
    try {
      // The host creates the room from the home page and lands on its pre-join screen.
      await host.page.goto(stack.server.url('/'));
      await host.page.getByRole('button', { name: 'Create a room with a host' }).click();
      await host.page.getByRole('form', { name: 'Create a room' }).waitFor();
      assert.deepEqual(await unnamedControls(host.page), [], 'every control of the create form is named');
      await screenshot(host.page, 'hosts-create-room-desktop');
      await createRoom(host.page, stack.server, { name: 'design-review', passcode: 'open-sesame-42' });
      await host.page.getByText('Passcode', { exact: true }).waitFor();
      await host.page.getByRole('button', { name: 'Host controls' }).waitFor();
      assert.deepEqual(await unnamedControls(host.page), [], 'every control of the host pre-join is named');

      // Someone else cannot take the name: 409, said in the form. A passcode needs 6 characters.
      await other.page.goto(stack.server.url('/'));
      await other.page.getByRole('button', { name: 'Create a room with a host' }).click();
      const form = other.page.getByRole('form', { name: 'Create a room' });
      await form.getByRole('textbox', { name: 'Room name (optional)' }).fill('design-review');
      const shortCode = form.getByRole('textbox', { name: 'Passcode (optional)' });
      await shortCode.fill('12345');
      assert.equal(await shortCode.getAttribute('aria-invalid'), 'true');
      await form.getByText('A passcode has at least 6 characters.').waitFor();
      await form.getByRole('button', { name: 'Create room' }).click();
      await form.getByRole('alert').filter({ hasText: 'A passcode has at least 6 characters.' }).waitFor();
      assert.ok(!other.requests.some((r) => r.method === 'POST' && r.url.endsWith('/api/rooms')), 'not sent');
      await shortCode.fill('');
      await form.getByRole('button', { name: 'Create room' }).click();
      const conflict = form.getByRole('alert');
      await conflict.waitFor();
      assert.match(await conflict.innerText(), /“design-review” already has a host/);
      assert.equal(new URL(other.page.url()).pathname, '/');

      // The host needs no passcode and joins with role=host.
      await fillName(host.page, 'Hana Host');
      await host.page.getByRole('button', { name: 'Join meeting' }).click();
      const hostAttempt = await stack.standIn.waitForTokenOf('Hana Host');
      const hostClaims = await verifyToken(hostAttempt.token);
      assert.equal(hostClaims.video?.room, 'design-review');
      assert.deepEqual(hostClaims.attributes, { role: 'host' });
      // In the meeting: the host's own tile says "Host"; the control bar has the host controls.
      const toolbar = host.page.getByRole('toolbar', { name: 'Meeting controls' });
      await toolbar.getByRole('button', { name: 'Host controls' }).waitFor();
      // The server records for hosts (its default): the host has the record button; this server
      // has no recording storage, and says so.
      const record = toolbar.getByRole('button', { name: 'Start recording' });
      const recordAnswer = host.page.waitForResponse((r) => r.url().includes('/api/record/start'));
      await record.click();
      const started = await recordAnswer;
      assert.equal(started.request().method(), 'POST');
      assert.equal(new URL(started.url()).searchParams.get('roomName'), 'design-review');
      await host.page.getByRole('alert').filter({ hasText: 'Recording could not start' }).waitFor();
      assert.equal(await record.isEnabled(), true, 'the button is usable again after a refusal');
      const hostTile = host.page.locator('.lk-participant-tile[data-lk-local-participant="true"]').first();
      await hostTile.locator('.lkm-badge-host', { hasText: 'Host' }).waitFor();

      // The guest sees that a passcode is needed and is asked for it on joining.
      await guest.page.goto(stack.server.url('/rooms/design-review'));
      await guest.page.getByText('Passcode', { exact: true }).waitFor();
      assert.equal(await guest.page.getByText('You are the host').count(), 0);
      assert.equal(await guest.page.getByRole('button', { name: /^Host controls/ }).count(), 0);
      await fillName(guest.page, 'Gus Guest');
      await guest.page.getByRole('button', { name: 'Join meeting' }).click();
      const dialog = guest.page.getByRole('dialog', { name: 'This meeting needs a passcode' });
      await dialog.waitFor();
      assert.deepEqual(await unnamedControls(guest.page), [], 'every control of the passcode dialog is named');
      await dialog.getByLabel('Passcode', { exact: true }).fill('not-the-code');
      await dialog.getByRole('button', { name: 'Join' }).click();
      const wrong = dialog.getByRole('alert');
      await wrong.waitFor();
      assert.match(await wrong.innerText(), /Wrong passcode/);
      await screenshot(guest.page, 'hosts-passcode-wrong-desktop');
      assert.ok(noAttemptOf(stack, 'Gus Guest'), 'a wrong passcode gets no token');

      await dialog.getByLabel('Passcode', { exact: true }).fill('open-sesame-42');
      await dialog.getByRole('button', { name: 'Join' }).click();
      const guestAttempt = await stack.standIn.waitForTokenOf('Gus Guest');
      const guestClaims = await verifyToken(guestAttempt.token);
      assert.equal(guestClaims.video?.room, 'design-review');
      assert.deepEqual(guestClaims.attributes, { role: 'guest' });
      await dialog.waitFor({ state: 'detached' });
      // The passcodes typed went to the server in the bodies of POSTs (JSON), never in a URL: not
      // the guest's, nor the host's who created the room.
      const detailsRequests = guest.requests.filter((r) => r.url.includes('/api/connection-details'));
      assert.ok(detailsRequests.length >= 2, 'one request per try');
      for (const r of detailsRequests) {
        assert.equal(r.method, 'POST');
        assert.equal(r.headers['content-type'], 'application/json');
        assert.equal(new URL(r.url).search, '');
      }
      assert.deepEqual(
        detailsRequests.map((r) => JSON.parse(r.postData).passcode),
        ['not-the-code', 'open-sesame-42'],
      );
      assert.equal(JSON.parse(detailsRequests[1].postData).participantName, 'Gus Guest');
      for (const side of [host, guest]) {
        assert.ok(side.requests.length > 5, 'requests were recorded');
        for (const { url } of side.requests) {
          for (const secret of ['open-sesame-42', 'not-the-code']) {
            assert.ok(!url.includes(secret) && !decodeURIComponent(url).includes(secret), `passcode in ${url}`);
          }
        }
      }
      const creation = host.requests.find((r) => r.method === 'POST' && r.url.endsWith('/api/rooms'));
      assert.equal(creation.headers['content-type'], 'application/json');
      assert.equal(JSON.parse(creation.postData).passcode, 'open-sesame-42');
      // No "Host" badge on a guest's tile, nor host controls, nor the record button.
      const guestToolbar = guest.page.getByRole('toolbar', { name: 'Meeting controls' });
      await guestToolbar.waitFor();
      await guest.page.locator('.lk-participant-tile').first().waitFor();
      assert.equal(await guest.page.locator('.lkm-tile-host').count(), 0);
      assert.equal(await guestToolbar.getByRole('button', { name: /^Host controls/ }).count(), 0);
      assert.equal(await guestToolbar.getByRole('button', { name: /recording/ }).count(), 0);

      for (const side of [host, guest, other]) {
        assert.deepEqual(side.pageErrors, []);
        assert.deepEqual(side.cspViolations, []);
      }
    } finally {
      await Promise.all([host.context.close(), guest.context.close(), other.context.close()]);
    }
  });

  test('too many wrong passcodes: the guest is told how long to wait', async () => {
    const host = await openPage(browser);
    const guest = await openPage(browser);
    try {
      await createRoom(host.page, stack.server, { name: 'rate-limited', passcode: 'right-one' });
      await guest.page.goto(stack.server.url('/rooms/rate-limited'));
      await fillName(guest.page, 'Tess Tries');
      await guest.page.getByRole('button', { name: 'Join meeting' }).click();
      const dialog = guest.page.getByRole('dialog', { name: 'This meeting needs a passcode' });
      const field = dialog.getByLabel('Passcode', { exact: true });
      const submit = dialog.getByRole('button', { name: 'Join' });
      const alert = dialog.getByRole('alert');
      // Wrong passcodes are refused one by one, until the server holds new tries back.
      const tryPasscode = async (passcode) => {
        const answered = guest.page.waitForResponse((r) => r.url().includes('/api/connection-details'));
        await field.fill(passcode);
        await submit.click();
        return (await answered).status();
      };
      let status = 403;
      let attempt = 0;
      while (status === 403 && attempt < 30) {
        attempt += 1;
        status = await tryPasscode(`wrong-${attempt}`);
        if (status === 403) await alert.filter({ hasText: `Wrong passcode` }).waitFor();
      }
      assert.equal(status, 429, `held back after ${attempt} tries`);
      assert.ok(attempt > 1, 'the first wrong passcode is refused, not held back');
      const limited = alert.filter({ hasText: 'Too many attempts' });
      await limited.waitFor();
      assert.match(await limited.innerText(), /Try again in \d+ s/);
      assert.equal(await submit.isDisabled(), true, 'no new try before the wait is over');
      assert.ok(noAttemptOf(stack, 'Tess Tries'));
      await screenshot(guest.page, 'hosts-passcode-rate-limited-desktop');
    } finally {
      await Promise.all([host.context.close(), guest.context.close()]);
    }
  });

  test('waiting room: the host hears and sees who waits, admits one guest and turns another away', async () => {
    const host = await openPage(browser);
    const guest = await openPage(browser);
    const denied = await openPage(browser);
    try {
      // Count the notes the page plays (Web Audio oscillators).
      await host.context.addInitScript(() => {
        window.__lkmNotes = 0;
        const start = OscillatorNode.prototype.start;
        OscillatorNode.prototype.start = function countedStart(...args) {
          window.__lkmNotes += 1;
          return start.apply(this, args);
        };
      });
      await createRoom(host.page, stack.server, { name: 'standup', waitingRoom: true });
      await host.page.getByText('Waiting room', { exact: true }).waitFor();
      assert.equal(await host.page.evaluate(() => window.__lkmNotes), 0);

      // The guest asks to join and waits.
      await guest.page.goto(stack.server.url('/rooms/standup'));
      await fillName(guest.page, 'Wendy Waiter');
      await guest.page.getByRole('button', { name: 'Join meeting' }).click();
      await guest.page.getByRole('heading', { name: 'Waiting for the host to let you in' }).waitFor();
      await screenshot(guest.page, 'hosts-waiting-desktop');
      assert.deepEqual(await unnamedControls(guest.page), []);

      // The host, still on the pre-join screen: counter on the button, a chime, a message.
      const hostButton = host.page.getByRole('button', { name: 'Host controls (1 waiting)' });
      await hostButton.waitFor({ timeout: 15000 });
      assert.equal(await hostButton.locator('.lkm-count-badge').innerText(), '1');
      await host.page.waitForFunction(() => window.__lkmNotes > 0, null, { timeout: 5000 });
      await host.page.getByRole('status').filter({ hasText: 'Wendy Waiter is waiting to join.' }).waitFor();
      await hostButton.click();
      const panel = host.page.getByRole('dialog', { name: 'Host controls' });
      await panel.waitFor();
      const queue = panel.getByRole('list', { name: 'Waiting to join' });
      await queue.getByRole('listitem', { name: 'Wendy Waiter' }).waitFor();
      await screenshot(host.page, 'hosts-panel-waiting-desktop');
      assert.deepEqual(await unnamedControls(host.page), [], 'every control of the host panel is named');

      // Admitted: the guest leaves the waiting screen and reaches the media server as a guest.
      assert.ok(noAttemptOf(stack, 'Wendy Waiter'), 'nobody joins before being admitted');
      await panel.getByRole('button', { name: 'Admit Wendy Waiter' }).click();
      const admitted = await stack.standIn.waitForTokenOf('Wendy Waiter');
      const claims = await verifyToken(admitted.token);
      assert.equal(claims.video?.room, 'standup');
      assert.deepEqual(claims.attributes, { role: 'guest' });
      await guest.page.getByRole('toolbar', { name: 'Meeting controls' }).waitFor();
      await queue.waitFor({ state: 'detached' });
      await host.page.getByRole('button', { name: 'Host controls', exact: true }).waitFor();

      // A second guest is turned away and told so.
      const notesBefore = await host.page.evaluate(() => window.__lkmNotes);
      await denied.page.goto(stack.server.url('/rooms/standup'));
      await fillName(denied.page, 'Dan Denied');
      await denied.page.getByRole('button', { name: 'Join meeting' }).click();
      await denied.page.getByRole('heading', { name: 'Waiting for the host to let you in' }).waitFor();
      await panel.getByRole('listitem', { name: 'Dan Denied' }).waitFor({ timeout: 15000 });
      await host.page.getByRole('button', { name: 'Host controls (1 waiting)' }).waitFor();
      await host.page.waitForFunction((n) => window.__lkmNotes > n, notesBefore, { timeout: 5000 });
      await panel.getByRole('button', { name: 'Deny Dan Denied' }).click();
      const refusal = denied.page.getByRole('alert').filter({ hasText: 'The host did not let you in' });
      await refusal.waitFor();
      await screenshot(denied.page, 'hosts-denied-desktop');
      assert.ok(noAttemptOf(stack, 'Dan Denied'), 'a denied guest gets no token');

      for (const side of [host, guest, denied]) {
        assert.deepEqual(side.pageErrors, []);
        assert.deepEqual(side.cspViolations, []);
      }
    } finally {
      await Promise.all([host.context.close(), guest.context.close(), denied.context.close()]);
    }
  });

  test('waiting room answers: admission already used, room locked, the wait in another tab', async () => {
    const host = await openPage(browser);
    const guest = await openPage(browser);
    try {
      await createRoom(host.page, stack.server, { name: 'retro', waitingRoom: true });
      // The answers the server gives in those cases, each once, in place of the real poll's.
      const polls = [];
      const fakes = [];
      await guest.page.route('**/api/rooms/retro/admission/**', (route) => {
        polls.push(route.request().url());
        const fake = fakes.shift();
        if (!fake) return route.continue();
        return route.fulfill({ status: fake.status, json: { error: fake.error, message: fake.error } });
      });
      const waitingAnswer = () =>
        guest.page.waitForResponse((r) => r.url().endsWith('/api/connection-details')).then(async (r) => {
          assert.equal(r.status(), 202, 'a place in the waiting room');
          return (await r.json()).ticket;
        });

      // 410: this admission was used already; "Ask again" asks for connection details again.
      fakes.push({ status: 410, error: 'ticket_used' });
      await guest.page.goto(stack.server.url('/rooms/retro'));
      await fillName(guest.page, 'Rita Retro');
      const firstTicket = waitingAnswer();
      await guest.page.getByRole('button', { name: 'Join meeting' }).click();
      assert.ok(await firstTicket);
      const used = guest.page.getByRole('alert').filter({ hasText: 'This admission was already used' });
      await used.waitFor();
      await screenshot(guest.page, 'hosts-admission-used-desktop');

      // 409: the same ticket is waited on in another tab: this one stops and says so.
      fakes.push({ status: 409, error: 'conflict' });
      const secondTicket = waitingAnswer();
      await used.getByRole('button', { name: 'Ask again' }).click();
      const ticket = await secondTicket;
      assert.ok(ticket, 'asking again asked for connection details again');
      const elsewhere = guest.page.getByRole('status').filter({ hasText: 'You are waiting in another tab' });
      await elsewhere.waitFor();
      const pollsThen = polls.length;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(polls.length, pollsThen, 'no polling while another tab waits');
      await screenshot(guest.page, 'hosts-waiting-elsewhere-desktop');
      assert.deepEqual(await unnamedControls(guest.page), []);

      // 423: admitted while the host locked the room: said, and polled again until it opens.
      fakes.push({ status: 423, error: 'room_locked' });
      await elsewhere.getByRole('button', { name: 'Wait here instead' }).click();
      await guest.page.getByRole('heading', { name: 'The host locked the meeting' }).waitFor();
      await screenshot(guest.page, 'hosts-admitted-locked-desktop');
      const pollsLocked = polls.length;
      const deadline = Date.now() + 10000;
      while (polls.length === pollsLocked && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(polls.length > pollsLocked, 'polling goes on, slowly, while locked');
      const admitted = await host.page.evaluate(
        async (id) => (await fetch(`api/rooms/retro/waiting/${encodeURIComponent(id)}/admit`, { method: 'POST' })).status,
        ticket,
      );
      assert.ok(admitted >= 200 && admitted < 300, `admitted: ${admitted}`);
      const attempt = await stack.standIn.waitForTokenOf('Rita Retro');
      assert.deepEqual((await verifyToken(attempt.token)).attributes, { role: 'guest' });
      assert.deepEqual(guest.pageErrors, []);
      assert.deepEqual(host.pageErrors, []);
    } finally {
      await Promise.all([host.context.close(), guest.context.close()]);
    }
  });

  test('lock on a phone-sized screen: a locked room turns new guests away until unlocked', async () => {
    const host = await openPage(browser, { viewport: PHONE });
    const guest = await openPage(browser, { viewport: PHONE });
    try {
      await createRoom(host.page, stack.server, { name: 'board-meeting' });
      await host.page.getByRole('button', { name: 'Host controls' }).click();
      const panel = host.page.getByRole('dialog', { name: 'Host controls' });
      await panel.waitFor();
      const lock = panel.getByRole('switch', { name: 'Lock meeting' });
      assert.equal(await lock.isChecked(), false);
      await lock.check();
      await panel.getByText('The meeting is locked').waitFor();
      assert.equal(await lock.isChecked(), true);
      // The drawer fits the phone and everything in it is named.
      const overflow = await host.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling with the host panel open (${overflow}px)`);
      const box = await panel.boundingBox();
      assert.ok(box && box.width <= PHONE.width && box.x >= 0, 'the panel stays on screen');
      assert.deepEqual(await unnamedControls(host.page), []);
      await screenshot(host.page, 'hosts-panel-locked-phone');

      await guest.page.goto(stack.server.url('/rooms/board-meeting'));
      await guest.page.getByText('Locked', { exact: true }).waitFor();
      await fillName(guest.page, 'Lou Late');
      await guest.page.getByRole('button', { name: 'Join meeting' }).click();
      const locked = guest.page.getByRole('alert').filter({ hasText: 'This meeting is locked' });
      await locked.waitFor();
      await screenshot(guest.page, 'hosts-locked-phone');
      assert.ok(noAttemptOf(stack, 'Lou Late'));

      // Unlocked: the same guest gets in.
      await lock.uncheck();
      await panel.getByText('The meeting is open').waitFor();
      await guest.page.getByRole('button', { name: 'Join meeting' }).click();
      const attempt = await stack.standIn.waitForTokenOf('Lou Late');
      assert.deepEqual((await verifyToken(attempt.token)).attributes, { role: 'guest' });
      assert.deepEqual(host.pageErrors, []);
      assert.deepEqual(guest.pageErrors, []);
    } finally {
      await Promise.all([host.context.close(), guest.context.close()]);
    }
  });

  test('in the meeting: the participant list from LiveKit, mute, remove, end for everyone', async () => {
    const now = BigInt(Math.floor(Date.now() / 1000));
    rosters.moderated = [
      {
        sid: 'PA_hana', identity: 'hana-host', name: 'Hana Host', state: ParticipantInfo_State.ACTIVE,
        joinedAt: now - 120n, attributes: { role: 'host' }, tracks: [],
      },
      {
        sid: 'PA_gus', identity: 'gus-guest', name: 'Gus Guest', state: ParticipantInfo_State.ACTIVE,
        joinedAt: now - 60n, attributes: { role: 'guest' },
        tracks: [
          { sid: 'TR_gus_mic', type: TrackType.AUDIO, source: TrackSource.MICROPHONE, muted: false, name: '' },
          { sid: 'TR_gus_cam', type: TrackType.VIDEO, source: TrackSource.CAMERA, muted: false, name: '' },
        ],
      },
      {
        sid: 'PA_sam', identity: 'sam-silent', name: 'Sam Silent', state: ParticipantInfo_State.ACTIVE,
        joinedAt: now - 30n, attributes: { role: 'guest' },
        tracks: [{ sid: 'TR_sam_mic', type: TrackType.AUDIO, source: TrackSource.MICROPHONE, muted: true, name: '' }],
      },
    ];
    const host = await openPage(browser);
    try {
      await createRoom(host.page, stack.server, { name: 'moderated', passcode: 'moderation' });
      await fillName(host.page, 'Hana Host');
      await host.page.getByRole('button', { name: 'Join meeting' }).click();
      await stack.standIn.waitForTokenOf('Hana Host');
      const toolbar = host.page.getByRole('toolbar', { name: 'Meeting controls' });
      await toolbar.getByRole('button', { name: 'Host controls' }).click();
      const panel = host.page.getByRole('dialog', { name: 'Host controls' });
      const people = panel.getByRole('list', { name: 'Participants' });
      const gus = people.getByRole('listitem', { name: 'Gus Guest' });
      await gus.waitFor();
      const hana = people.getByRole('listitem', { name: 'Hana Host' });
      await hana.getByText('Host', { exact: true }).waitFor();
      assert.equal(await gus.getByText('Host', { exact: true }).count(), 0, 'guests have no host badge');
      const sam = people.getByRole('listitem', { name: 'Sam Silent' });
      await sam.getByText('microphone off').waitFor();
      assert.equal(await sam.getByRole('button', { name: /^Mute/ }).count(), 0, 'a muted track offers no mute');
      await screenshot(host.page, 'hosts-panel-participants-desktop');
      assert.deepEqual(await unnamedControls(host.page), []);

      // Mute: MutePublishedTrack for that track, with a roomAdmin token for this room.
      await gus.getByRole('button', { name: 'Mute the microphone of Gus Guest' }).click();
      const mute = await stack.standIn.waitForCall('livekit.RoomService/MutePublishedTrack');
      assert.deepEqual(mute.body, { room: 'moderated', identity: 'gus-guest', trackSid: 'TR_gus_mic', muted: true });
      assert.equal(mute.granted, true);
      assert.deepEqual(mute.claims.video, { room: 'moderated', roomAdmin: true });
      await gus.getByText('microphone off').waitFor();
      await gus.getByRole('button', { name: 'Mute the camera of Gus Guest' }).waitFor();

      // Remove: RemoveParticipant; the person leaves the list.
      await gus.getByRole('button', { name: 'Remove Gus Guest from the meeting' }).click();
      const remove = await stack.standIn.waitForCall('livekit.RoomService/RemoveParticipant');
      assert.deepEqual(remove.body, { room: 'moderated', identity: 'gus-guest' });
      assert.equal(remove.granted, true);
      assert.deepEqual(remove.claims.video, { room: 'moderated', roomAdmin: true });
      await gus.waitFor({ state: 'detached' });

      // End for everyone: asks first; Cancel keeps the meeting.
      await panel.getByRole('button', { name: 'End meeting for everyone' }).click();
      await panel.getByRole('button', { name: 'Cancel' }).click();
      assert.ok(!stack.standIn.twirp.calls.some((c) => c.method === 'livekit.RoomService/DeleteRoom'));
      await panel.getByRole('button', { name: 'End meeting for everyone' }).click();
      const confirm = panel.getByRole('group', { name: /End the meeting for everyone\?/ });
      await confirm.waitFor();
      await screenshot(host.page, 'hosts-end-confirm-desktop');
      await confirm.getByRole('button', { name: 'End meeting', exact: true }).click();
      const del = await stack.standIn.waitForCall('livekit.RoomService/DeleteRoom');
      assert.deepEqual(del.body, { room: 'moderated' });
      assert.equal(del.granted, true);
      await host.page.getByRole('heading', { level: 1, name: 'You ended the meeting for everyone' }).waitFor();
      // The room's host, passcode and settings are gone.
      const info = await host.page.evaluate(async () => (await fetch('/api/rooms/moderated')).json());
      assert.deepEqual(info, {
        name: 'moderated', hosted: false, passcode: false, waitingRoom: false, locked: false, listed: false,
        isHost: false, isCohost: false,
      });
      assert.deepEqual(host.pageErrors, []);
      assert.deepEqual(host.cspViolations, []);
    } finally {
      await host.context.close();
    }
  });
});
