// Rooms with a host in real meetings: people join through the pages in their own browser contexts
// and meet through the LiveKit stand-in SFU (tests/sfu). The host mutes a guest, removes them and
// ends the meeting for everyone, each seen in the guest's own page; a guest knocks in the waiting
// room and, admitted, plays in the host's meeting; the lobby (--lobby all) lists a live meeting
// from the SFU's ListRooms and, once the SFU reports it finished, shows it in the history. Raised
// hands: three people raise theirs (by click and by keyboard), everyone sees the same queue on the
// tiles and in the list, a reload keeps it, a guest may not lower another's hand, the host lowers
// one and then all. Co-hosts: the host promotes a guest, whose own page gains the host controls
// and mutes someone; everyone's list and tiles show it; demoted, the same request is refused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { missingPrerequisite, openPage, screenshot } from './lib/harness.mjs';
import {
  endingHeading,
  launchMeetingBrowser,
  leftToHome,
  missingSfu,
  remoteTile,
  remoteTileGone,
  remoteVideoPlaying,
  startMeetingStack,
} from './lib/meeting.mjs';

const skip = missingPrerequisite() ?? missingSfu();
const CONNECTED = 30000;
const PLAYING = { timeoutMs: 30000 };

/** Creates a room with a host from the home page's form; the host lands on its pre-join screen. */
async function createRoom(page, server, { name, passcode, waitingRoom = false }) {
  await page.goto(server.url('/'));
  await page.getByRole('button', { name: 'Create a room with a host' }).click();
  const form = page.getByRole('form', { name: 'Create a room' });
  await form.getByRole('textbox', { name: 'Room name (optional)' }).fill(name);
  if (passcode) await form.getByRole('textbox', { name: 'Passcode (optional)' }).fill(passcode);
  if (waitingRoom) await form.getByRole('checkbox', { name: 'Waiting room' }).check();
  await form.getByRole('button', { name: 'Create room' }).click();
  await page.waitForURL((url) => url.pathname === `/rooms/${name}`);
  await page.getByText('You are the host').waitFor();
}

const toolbarOf = (page) => page.getByRole('toolbar', { name: 'Meeting controls' });
/** The Chat control appears once LiveKit has said the person may send data: connected. */
const connected = (page) => toolbarOf(page).getByRole('button', { name: /^Chat/ }).waitFor({ timeout: CONNECTED });

/**
 * Joins from the pre-join screen the page shows, giving the passcode when asked; `camera: false`
 * turns the camera off first (where nobody needs to see it: fewer video encoders on a busy machine).
 */
async function joinFromPreJoin(page, name, { passcode, camera = true } = {}) {
  await page.getByRole('textbox', { name: 'Your name' }).fill(name);
  if (!camera) {
    await page.getByRole('button', { name: 'Camera', exact: true, pressed: true }).click();
    await page.getByRole('button', { name: 'Camera', exact: true, pressed: false }).waitFor();
  }
  await page.getByRole('button', { name: 'Join meeting' }).click();
  if (passcode) {
    const dialog = page.getByRole('dialog', { name: 'This meeting needs a passcode' });
    await dialog.getByLabel('Passcode', { exact: true }).fill(passcode);
    await dialog.getByRole('button', { name: 'Join' }).click();
  }
  await connected(page);
}

/** Opens a page for one person; `run` drives it (the context is closed if `run` fails). */
async function person(browser, stack, name, run) {
  const opened = await openPage(browser, { origin: stack.server.origin });
  try {
    await run(opened.page);
  } catch (error) {
    await opened.context.close();
    throw error;
  }
  return { ...opened, name };
}

/** A host who creates the room through the UI and joins it. */
const hostMeeting = (browser, stack, { room, name, passcode, waitingRoom, camera }) =>
  person(browser, stack, name, async (page) => {
    await createRoom(page, stack.server, { name: room, passcode, waitingRoom });
    await joinFromPreJoin(page, name, { camera });
  });

/** A guest who opens the room's link and joins, with the passcode if asked. */
const guestJoins = (browser, stack, { room, name, passcode, camera }) =>
  person(browser, stack, name, async (page) => {
    await page.goto(stack.server.url(`/rooms/${encodeURIComponent(room)}`));
    await joinFromPreJoin(page, name, { passcode, camera });
  });

/** Clicks Leave, then "Back to home" on the page that says so. */
async function leave(who, stack) {
  await toolbarOf(who.page).getByRole('button', { name: 'Leave' }).click();
  await leftToHome(who.page, stack);
}

/** Each plays the other's camera. */
async function seeEachOther(a, b) {
  const [atA, atB] = await Promise.all([
    remoteVideoPlaying(a.page, b.name, PLAYING),
    remoteVideoPlaying(b.page, a.name, PLAYING),
  ]);
  assert.ok(atA.width > 0 && atA.frames >= 5, `${b.name}'s video plays at ${a.name}`);
  assert.ok(atB.width > 0 && atB.frames >= 5, `${a.name}'s video plays at ${b.name}`);
}

/** Waits until the page's own microphone control says it is off (a host's mute reached it). */
const microphoneTurnedOff = (page) => page.waitForFunction(
  () =>
    document
      .querySelector('[role="toolbar"][aria-label="Meeting controls"] [aria-label="Microphone"]')
      ?.getAttribute('aria-pressed') === 'false',
  null,
  { timeout: 15000 },
);

const localTile = (page) => page.locator('.lk-participant-tile[data-lk-local-participant="true"]').first();
const micMutedIndicator = '.lk-track-muted-indicator-microphone[data-lk-muted="true"]';

async function closeAll(...people) {
  await Promise.all(people.filter(Boolean).map((p) => p.context.close().catch(() => undefined)));
}

describe('hosted meetings through the SFU', { skip, timeout: 240000 }, () => {
  let stack;
  let browser;

  before(async () => {
    // The lobby shows every room (--lobby all): the lobby test needs no host to list its room,
    // and the hosted rooms of the other tests behave as with the default.
    [stack, browser] = await Promise.all([
      startMeetingStack({ serverArgs: ['--lobby', 'all'] }),
      launchMeetingBrowser(),
    ]);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('the host mutes a guest, removes them, and after they rejoin ends the meeting for everyone', async () => {
    const room = `hosted-${process.pid}`;
    const passcode = 'pass-word-77';
    let host;
    let guest;
    try {
      host = await hostMeeting(browser, stack, { room, name: 'Hana Host', passcode });
      guest = await guestJoins(browser, stack, { room, name: 'Gus Guest', passcode });
      await seeEachOther(host, guest);

      // (a) Mute from the host panel: the guest's own microphone control and own tile say it is
      // off (LiveKit's `mute` request reached the guest's page, which muted its track).
      const guestMic = toolbarOf(guest.page).getByRole('button', { name: 'Microphone', exact: true });
      assert.equal(await guestMic.getAttribute('aria-pressed'), 'true', 'the guest starts with the microphone on');
      assert.equal(await localTile(guest.page).locator(micMutedIndicator).count(), 0);
      await toolbarOf(host.page).getByRole('button', { name: 'Host controls', exact: true }).click();
      const panel = host.page.getByRole('dialog', { name: 'Host controls' });
      const gus = panel.getByRole('list', { name: 'Participants' }).getByRole('listitem', { name: 'Gus Guest' });
      await gus.getByRole('button', { name: 'Mute the microphone of Gus Guest' }).click();
      await microphoneTurnedOff(guest.page);
      await localTile(guest.page).locator(micMutedIndicator).waitFor({ timeout: 15000 });
      await gus.getByText('microphone off').waitFor({ timeout: 15000 });
      await remoteTile(host.page, 'Gus Guest').first().locator(micMutedIndicator).waitFor();
      await screenshot(guest.page, 'hosted-meeting-muted-guest');

      // (b) Remove: the guest's page says that a host removed them; the host's grid loses them.
      await gus.getByRole('button', { name: 'Remove Gus Guest from the meeting' }).click();
      await endingHeading(guest.page, 'You were removed from the meeting').waitFor({ timeout: 15000 });
      assert.match(await guest.page.locator('main').innerText(), /A host removed you from this meeting\./);
      await screenshot(guest.page, 'hosted-meeting-removed-guest');
      await remoteTileGone(host.page, 'Gus Guest');
      await gus.waitFor({ state: 'detached', timeout: 15000 });

      // The guest comes back ("Rejoin" keeps the passcode that worked) and plays again.
      await guest.page.getByRole('button', { name: 'Rejoin' }).click();
      await connected(guest.page);
      await seeEachOther(host, guest);
      await gus.waitFor({ timeout: 15000 });

      // (c) End for everyone: the guest is told the meeting ended, and so is the host.
      await panel.getByRole('button', { name: 'End meeting for everyone' }).click();
      await panel
        .getByRole('group', { name: /End the meeting for everyone\?/ })
        .getByRole('button', { name: 'End meeting', exact: true })
        .click();
      await endingHeading(guest.page, 'The meeting has ended').waitFor({ timeout: 15000 });
      assert.match(await guest.page.locator('main').innerText(), /A host ended the meeting for everyone\./);
      assert.equal(await guest.page.getByRole('button', { name: 'Rejoin' }).count(), 0, 'nothing to rejoin');
      await endingHeading(host.page, 'You ended the meeting for everyone').waitFor({ timeout: 15000 });
      await screenshot(guest.page, 'hosted-meeting-ended-guest');
      await guest.page.getByRole('link', { name: 'Back to home' }).click();
      await guest.page.waitForURL(stack.server.url('/'));
      assert.ok(!stack.sfu.rooms().includes(room), 'the room is gone at the SFU');
      assert.deepEqual(host.pageErrors, []);
      assert.deepEqual(guest.pageErrors, []);
    } finally {
      await closeAll(host, guest);
    }
  });

  test('waiting room: the host admits a knocking guest, whose tile then plays in the meeting', async () => {
    const room = `waiting-${process.pid}`;
    let host;
    let guest;
    try {
      // Only the guest's camera is watched here: the host's stays off.
      host = await hostMeeting(browser, stack, { room, name: 'Hal Host', waitingRoom: true, camera: false });
      guest = await person(browser, stack, 'Wendy Waiter', async (page) => {
        await page.goto(stack.server.url(`/rooms/${room}`));
        await page.getByRole('textbox', { name: 'Your name' }).fill('Wendy Waiter');
        await page.getByRole('button', { name: 'Join meeting' }).click();
        await page.getByRole('heading', { name: 'Waiting for the host to let you in' }).waitFor();
      });
      assert.deepEqual(stack.sfu.participants(room).map((p) => p.name), ['Hal Host'], 'nobody joined before being admitted');

      const knock = toolbarOf(host.page).getByRole('button', { name: 'Host controls (1 waiting)' });
      await knock.waitFor({ timeout: 15000 });
      await knock.click();
      const panel = host.page.getByRole('dialog', { name: 'Host controls' });
      await panel.getByRole('list', { name: 'Waiting to join' }).getByRole('listitem', { name: 'Wendy Waiter' }).waitFor();
      await panel.getByRole('button', { name: 'Admit Wendy Waiter' }).click();

      await connected(guest.page);
      const tile = remoteTile(host.page, 'Wendy Waiter').first();
      await tile.waitFor({ timeout: CONNECTED });
      assert.equal((await tile.locator('.lk-participant-name').innerText()).trim(), 'Wendy Waiter');
      const playing = await remoteVideoPlaying(host.page, 'Wendy Waiter', PLAYING);
      assert.ok(playing.width > 0 && playing.frames >= 5, `Wendy's video plays: ${JSON.stringify(playing)}`);
      await host.page.getByLabel('2 in the meeting').waitFor();
      await toolbarOf(host.page).getByRole('button', { name: 'Host controls', exact: true }).waitFor();
      await panel.getByRole('list', { name: 'Participants' }).getByRole('listitem', { name: 'Wendy Waiter' }).waitFor();
      await screenshot(host.page, 'hosted-meeting-admitted-host');
      assert.deepEqual(host.pageErrors, []);
      assert.deepEqual(guest.pageErrors, []);
    } finally {
      await closeAll(host, guest);
    }
  });

  test('lobby: a live meeting with its 2 people, then in the history with attendees and duration', async () => {
    const room = `lobby-${process.pid}`;
    let alice;
    let bob;
    let viewer;
    try {
      // Two people meet (microphones on, cameras off: the lobby counts people, not videos).
      [alice, bob, viewer] = await Promise.all([
        guestJoins(browser, stack, { room, name: 'Alice Adams', camera: false }),
        guestJoins(browser, stack, { room, name: 'Bob Brown', camera: false }),
        person(browser, stack, 'viewer', (page) => page.goto(stack.server.url('/lobby'))),
      ]);
      await remoteTile(alice.page, 'Bob Brown').first().waitFor({ timeout: CONNECTED });
      await remoteTile(bob.page, 'Alice Adams').first().waitFor({ timeout: CONNECTED });

      // Live rooms come from the SFU's ListRooms (the lobby refreshes every 10 s; a reload is
      // quicker than waiting for that).
      await viewer.page.reload();
      const live = viewer.page.getByRole('region', { name: 'Live rooms' });
      const liveRow = live.getByRole('listitem', { name: room, exact: true });
      await liveRow.waitFor();
      assert.match(await liveRow.innerText(), /\b2 people\b/);
      assert.equal(await liveRow.getByRole('link', { name: `Join ${room}` }).getAttribute('href'), `/rooms/${room}`);
      await screenshot(viewer.page, 'hosted-meeting-lobby-live');

      // Both leave. The SFU finishes the empty room after its empty timeout (1 s here; LiveKit
      // waits its rooms' empty_timeout / departure_timeout, tens of seconds by default) and sends
      // room_finished to the server's /api/webhook.
      await Promise.all([leave(alice, stack), leave(bob, stack)]);
      const deadline = Date.now() + 20000;
      while (!stack.sfu.webhooks.some((w) => w.event === 'room_finished' && w.room === room)) {
        assert.ok(Date.now() < deadline, 'room_finished was sent within 20 s');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const finished = stack.sfu.webhooks.find((w) => w.event === 'room_finished' && w.room === room);
      assert.equal(finished.status, 200, 'the server accepted room_finished');

      await viewer.page.reload();
      const history = viewer.page.getByRole('region', { name: 'Recent meetings' });
      const row = history.getByRole('listitem', { name: room, exact: true });
      await row.waitFor();
      await live.getByText('Loading live rooms…').waitFor({ state: 'detached' });
      assert.equal(await live.getByText(/^Live rooms are unavailable/).count(), 0);
      assert.equal(await liveRow.count(), 0, 'the room is no longer live');
      const text = await row.innerText();
      assert.doesNotMatch(text, /ongoing/);
      assert.match(text, /2 people, peak 2/);
      const attendees = (await row.locator('.lkm-lobby-attendees').innerText()).split(', ').sort();
      assert.deepEqual(attendees, ['Alice Adams', 'Bob Brown']);
      const duration = (await row.locator('[data-field="duration"]').innerText()).replace(/^Duration\s*/, '');
      assert.match(duration, /^\d+ (sec|min)$/, `the meeting's duration: ${duration}`);
      await screenshot(viewer.page, 'hosted-meeting-lobby-history');
      assert.deepEqual(viewer.pageErrors, []);
      assert.deepEqual(alice.pageErrors, []);
      assert.deepEqual(bob.pageErrors, []);
    } finally {
      await closeAll(alice, bob, viewer);
    }
  });

  test('raised hands: one queue for everyone, kept over a reload; the host lowers one, then all', async () => {
    const room = `hands-${process.pid}`;
    let host;
    let ann;
    let ben;
    const handButton = (who, pressed) =>
      toolbarOf(who.page).getByRole('button', { name: pressed ? 'Lower hand' : 'Raise hand', pressed });
    const panelOf = (page) => page.getByRole('region', { name: 'Raised hands' });
    const queueAt = async (page) => (await panelOf(page).getByRole('listitem').allInnerTexts())
      .map((text) => text.replace(/\s*Lower$/, '').trim());
    const badge = (page, name, place) =>
      remoteTile(page, name).getByRole('img', { name: `Hand raised, ${place} in line` });
    const expectQueue = async (page, names) => {
      const deadline = Date.now() + 15000;
      let seen;
      while (Date.now() < deadline) {
        seen = names.length ? await queueAt(page).catch(() => []) : (await panelOf(page).count() ? ['panel'] : []);
        if (JSON.stringify(seen) === JSON.stringify(names)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.deepEqual(seen, names);
    };
    try {
      host = await hostMeeting(browser, stack, { room, name: 'Hana Host', camera: false });
      ann = await guestJoins(browser, stack, { room, name: 'Ann Ames', camera: false });
      ben = await guestJoins(browser, stack, { room, name: 'Ben Bell', camera: false });

      // Ann clicks; Ben uses the keyboard; the host clicks last.
      await handButton(ann, false).click();
      await handButton(ann, true).waitFor();
      await badge(host.page, 'Ann Ames', '1st').waitFor();
      await expectQueue(ben.page, ['Ann Ames']);
      await ben.page.getByRole('status').filter({ hasText: 'Ann Ames raised their hand' }).waitFor();
      await ben.page.keyboard.press('Control+Shift+H');
      await handButton(ben, true).waitFor();
      await badge(ann.page, 'Ben Bell', '2nd').waitFor();
      await handButton(host, false).click();
      for (const who of [host, ann, ben]) await expectQueue(who.page, ['Ann Ames', 'Ben Bell', 'Hana Host']);
      await badge(ben.page, 'Hana Host', '3rd').waitFor();
      await screenshot(host.page, 'meeting-raised-hands');

      // Ben reloads and joins again: the queue is the server's, not his page's.
      await ben.page.reload();
      await joinFromPreJoin(ben.page, 'Ben Bell'); // the camera stays off, as he chose before
      await expectQueue(ben.page, ['Ann Ames', 'Hana Host']);
      await badge(ben.page, 'Ann Ames', '1st').waitFor();
      await handButton(ben, false).waitFor();

      // A guest may not lower another's hand, nor all of them.
      const { participants: listed } = await host.page.evaluate(async (r) => (await fetch(`/api/rooms/${r}/participants`)).json(), room);
      const hostIdentity = listed.find((p) => p.name === 'Hana Host').identity;
      const statuses = await ann.page.evaluate(async ({ r, identity }) => [
        (await fetch(`/api/rooms/${r}/participants/${encodeURIComponent(identity)}/hand`, { method: 'DELETE' })).status,
        (await fetch(`/api/rooms/${r}/hands`, { method: 'DELETE' })).status,
      ], { r: room, identity: hostIdentity });
      assert.deepEqual(statuses, [403, 403]);
      assert.equal(await panelOf(ann.page).getByRole('button', { name: /^Lower/ }).count(), 0, 'a guest has no Lower buttons');

      // Ann lowers her own: the host moves up.
      await handButton(ann, true).click();
      await expectQueue(host.page, ['Hana Host']);
      await badge(ann.page, 'Hana Host', '1st').waitFor();
      // The host lowers Ben's hand, then all of them.
      await handButton(ben, false).click();
      await expectQueue(host.page, ['Hana Host', 'Ben Bell']);
      await panelOf(host.page).getByRole('button', { name: "Lower Ben Bell's hand" }).click();
      await handButton(ben, false).waitFor();
      await expectQueue(ann.page, ['Hana Host']);
      await handButton(ann, false).click();
      await expectQueue(host.page, ['Hana Host', 'Ann Ames']);
      await panelOf(host.page).getByRole('button', { name: 'Lower all hands' }).click();
      for (const who of [host, ann, ben]) await expectQueue(who.page, []);
      await handButton(ann, false).waitFor();
      await handButton(host, false).waitFor();
      for (const who of [host, ann, ben]) assert.deepEqual(who.pageErrors, [], who.name);
    } finally {
      await closeAll(host, ann, ben);
    }
  });

  test('co-hosts: promoted, the guest mutes someone; demoted, the same request is refused', async () => {
    const room = `cohosts-${process.pid}`;
    let host;
    let ann;
    let ben;
    const hostButton = (who) => toolbarOf(who.page).getByRole('button', { name: /^Host controls/ });
    const panelOf = (page) => page.getByRole('dialog', { name: 'Host controls' });
    const listed = (page, name) =>
      panelOf(page).getByRole('list', { name: 'Participants' }).getByRole('listitem', { name });
    try {
      host = await hostMeeting(browser, stack, { room, name: 'Hana Host', camera: false });
      ann = await guestJoins(browser, stack, { room, name: 'Ann Ames', camera: false });
      ben = await guestJoins(browser, stack, { room, name: 'Ben Bell', camera: false });
      assert.equal(await hostButton(ann).count(), 0, 'a guest has no host controls');

      // A guest may not make herself co-host.
      const { participants } = await host.page.evaluate(async (r) => (await fetch(`/api/rooms/${r}/participants`)).json(), room);
      const identityOf = (name) => participants.find((p) => p.name === name).identity;
      const selfPromotion = await ben.page.evaluate(async ({ r, identity }) =>
        (await fetch(`/api/rooms/${r}/participants/${encodeURIComponent(identity)}/cohost`, { method: 'POST' })).status,
      { r: room, identity: identityOf('Ben Bell') });
      assert.equal(selfPromotion, 403);

      // The host promotes Ann: her page gains the controls without leaving the meeting.
      await hostButton(host).click();
      await listed(host.page, 'Ann Ames').getByRole('button', { name: 'Make Ann Ames a co-host' }).click();
      await ann.page.getByRole('status').filter({ hasText: 'You are now a co-host' }).waitFor({ timeout: 15000 });
      await hostButton(ann).waitFor({ timeout: 15000 });
      await listed(host.page, 'Ann Ames').getByText('Co-host', { exact: true }).waitFor();
      // Everyone sees it: Ben's list and the tile at Ben's.
      await ben.page.getByRole('button', { name: '3 in the meeting' }).click();
      const people = ben.page.getByRole('region', { name: 'People in the meeting' });
      await people.getByRole('listitem', { name: 'Ann Ames' }).getByText('Co-host').waitFor({ timeout: 15000 });
      await people.getByRole('listitem', { name: 'Hana Host' }).getByText('Host', { exact: true }).waitFor();
      await remoteTile(ben.page, 'Ann Ames').getByText('Co-host').waitFor();

      // Ann mutes Ben from her own panel; she cannot end the meeting for everyone.
      await hostButton(ann).click();
      const annPanel = panelOf(ann.page);
      await annPanel.getByText('only the meeting’s host can end it').waitFor();
      assert.equal(await annPanel.getByRole('button', { name: 'End meeting for everyone' }).count(), 0);
      await listed(ann.page, 'Ben Bell').getByRole('button', { name: 'Mute the microphone of Ben Bell' }).click();
      await microphoneTurnedOff(ben.page);
      await screenshot(ann.page, 'hosted-meeting-cohost');
      const ending = await ann.page.evaluate(async (r) => (await fetch(`/api/rooms/${r}`, { method: 'DELETE' })).status, room);
      assert.equal(ending, 403, 'a co-host does not end the meeting');

      // Ben turns his microphone on again; the host demotes Ann; her page loses the controls and
      // the same mute request is refused.
      await toolbarOf(ben.page).getByRole('button', { name: 'Microphone', exact: true }).click();
      const micSid = await ann.page.evaluate(async ({ r, name }) => {
        const list = (await (await fetch(`/api/rooms/${r}/participants`)).json()).participants;
        return list.find((p) => p.name === name).tracks.find((t) => t.source === 'MICROPHONE').sid;
      }, { r: room, name: 'Ben Bell' });
      await listed(host.page, 'Ann Ames').getByRole('button', { name: 'Remove Ann Ames as co-host' }).click();
      await ann.page.getByRole('status').filter({ hasText: 'You are no longer a co-host' }).waitFor({ timeout: 15000 });
      await hostButton(ann).waitFor({ state: 'detached', timeout: 15000 });
      await people.getByRole('listitem', { name: 'Ann Ames' }).getByText('Co-host').waitFor({ state: 'detached', timeout: 15000 });
      const again = await ann.page.evaluate(async ({ r, identity, sid }) => {
        const response = await fetch(`/api/rooms/${r}/participants/${encodeURIComponent(identity)}/mute`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ trackSid: sid, muted: true }),
        });
        return { status: response.status, body: await response.json() };
      }, { r: room, identity: identityOf('Ben Bell'), sid: micSid });
      assert.equal(again.status, 403, JSON.stringify(again.body));
      assert.equal(again.body.error, 'host_required');
      for (const who of [host, ann, ben]) assert.deepEqual(who.pageErrors, [], who.name);
    } finally {
      await closeAll(host, ann, ben);
    }
  });
});
