// Rooms in the lobby on a server with the default lobby (`listed`): a room whose host ticked "Show
// in the lobby" appears there for other people (live, through the stand-in's ListRooms, and in
// the meeting history), a room without it never does, even while live, nor does a room without a
// host; the host hides it again from the host panel. Also: a name in use cannot be taken.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  deliverWebhook,
  launchBrowser,
  missingPrerequisite,
  openPage,
  screenshot,
  startStack,
  unnamedControls,
} from './lib/harness.mjs';

const skip = missingPrerequisite();

/** A meeting in progress, as LiveKit reports it: room_started, then one participant. */
async function meetingStarted(server, name, person) {
  const startedAt = Math.floor(Date.now() / 1000) - 120;
  const room = { sid: `RM_${name}`, name, creationTime: BigInt(startedAt) };
  await deliverWebhook(server, { event: 'room_started', room, createdAt: BigInt(startedAt) });
  await deliverWebhook(server, {
    event: 'participant_joined',
    room,
    participant: {
      sid: `PA_${name}`,
      identity: `${person.toLowerCase().replace(/\W+/g, '-')}__x1y2`,
      name: person,
      joinedAt: BigInt(startedAt + 5),
    },
    createdAt: BigInt(startedAt + 5),
  });
}

async function openCreateForm(page, server) {
  await page.goto(server.url('/'));
  await page.getByRole('button', { name: 'Create a room with a host' }).click();
  return page.getByRole('form', { name: 'Create a room' });
}

const roomInfo = (page, name) => page.evaluate(async (room) => (await fetch(`api/rooms/${room}`)).json(), name);

describe('lobby listing', { skip, timeout: 180000 }, () => {
  let stack;
  let browser;
  // What the LiveKit stand-in reports as live (RoomService ListRooms).
  const liveRooms = [];

  before(async () => {
    stack = await startStack({ rosters: {}, liveRooms });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('a room shown in the lobby appears there; one not shown never does, even live; hiding it removes it', async () => {
    const host = await openPage(browser);
    const visitor = await openPage(browser);
    try {
      const { server } = stack;
      // A room not shown in the lobby (the default).
      let form = await openCreateForm(host.page, server);
      await form.getByRole('textbox', { name: 'Room name (optional)' }).fill('hidden-room');
      assert.equal(await form.getByRole('checkbox', { name: 'Show in the lobby' }).isChecked(), false);
      await form.getByRole('button', { name: 'Create room' }).click();
      await host.page.waitForURL((url) => url.pathname === '/rooms/hidden-room');
      await host.page.getByText('You are the host').waitFor();
      assert.equal((await roomInfo(host.page, 'hidden-room')).listed, false);

      // A room shown in the lobby: the checkbox is named, described and ticked with the keyboard.
      form = await openCreateForm(host.page, server);
      await form.getByRole('textbox', { name: 'Room name (optional)' }).fill('shown-room');
      const show = form.getByRole('checkbox', { name: 'Show in the lobby' });
      assert.match(await show.getAttribute('aria-describedby'), /create-listed-hint/);
      await show.focus();
      await host.page.keyboard.press('Space');
      assert.equal(await show.isChecked(), true);
      assert.deepEqual(await unnamedControls(host.page), []);
      await screenshot(host.page, 'listing-create-desktop');
      const creation = host.page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/rooms'));
      await form.getByRole('button', { name: 'Create room' }).click();
      const sent = await creation;
      assert.equal(sent.headers()['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(sent.postData()), { name: 'shown-room', listed: true });
      await host.page.waitForURL((url) => url.pathname === '/rooms/shown-room');
      await host.page.getByText('You are the host').waitFor();
      const info = await roomInfo(host.page, 'shown-room');
      assert.equal(info.listed, true);
      assert.equal(info.isHost, true);

      // Both are live, beside a room without a host, and each has a meeting in the history.
      liveRooms.push(
        { name: 'shown-room', numParticipants: 2 },
        { name: 'hidden-room', numParticipants: 3 },
        { name: 'open-room', numParticipants: 4 },
      );
      await meetingStarted(server, 'shown-room', 'Vera Visible');
      await meetingStarted(server, 'hidden-room', 'Hugo Hidden');
      await meetingStarted(server, 'open-room', 'Olga Open');

      // Someone else's lobby: the listed room only, live and in the history.
      const meetingsAnswer = visitor.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/meetings');
      await visitor.page.goto(server.url('/lobby'));
      await visitor.page.getByText('Rooms their hosts chose to show.').waitFor();
      const live = visitor.page.getByRole('region', { name: 'Live rooms' });
      const history = visitor.page.getByRole('region', { name: 'Recent meetings' });
      const liveRow = live.getByRole('listitem', { name: 'shown-room', exact: true });
      const historyRow = history.getByRole('listitem', { name: 'shown-room', exact: true });
      await liveRow.waitFor({ timeout: 25000 });
      await historyRow.waitFor({ timeout: 25000 });
      assert.match(await liveRow.innerText(), /2 people/);
      assert.equal(await liveRow.getByRole('link', { name: 'Join shown-room' }).getAttribute('href'), '/rooms/shown-room');
      assert.match(await historyRow.innerText(), /Vera Visible/);
      for (const name of ['hidden-room', 'open-room']) {
        assert.equal(await visitor.page.getByRole('listitem', { name }).count(), 0, `${name} is not shown`);
      }
      const text = await visitor.page.locator('main').innerText();
      assert.doesNotMatch(text, /Hugo Hidden|Olga Open/);
      // Anonymous visitors get attendees without identities; the page shows the names anyway.
      const meetings = (await (await meetingsAnswer).json()).meetings;
      assert.ok(meetings.every((m) => m.attendees.every((a) => !('identity' in a))), 'no identities');
      assert.ok(stack.standIn.listRooms.calls >= 1, 'live rooms came from LiveKit');
      await screenshot(visitor.page, 'listing-lobby-desktop');

      // The host hides it from the host panel (a named switch, used with the keyboard).
      await host.page.getByRole('button', { name: 'Host controls' }).click();
      const panel = host.page.getByRole('dialog', { name: 'Host controls' });
      const toggle = panel.getByRole('switch', { name: 'Show in the lobby' });
      assert.equal(await toggle.isChecked(), true);
      await panel.getByText(/^Shown: /).waitFor();
      assert.deepEqual(await unnamedControls(host.page), []);
      await screenshot(host.page, 'listing-host-panel-desktop');
      const unlisted = host.page.waitForResponse((r) => r.url().endsWith('/api/rooms/shown-room/unlist'));
      await toggle.focus();
      await host.page.keyboard.press('Space');
      const answer = await unlisted;
      assert.equal(answer.request().method(), 'POST');
      assert.equal(answer.status(), 200);
      assert.equal((await answer.json()).listed, false);
      await panel.getByText(/^Hidden: /).waitFor();
      assert.equal(await toggle.isChecked(), false);
      assert.equal((await roomInfo(host.page, 'shown-room')).listed, false);

      // The visitor's next refresh drops it from both lists, though it is still live.
      await visitor.page.getByRole('button', { name: 'Refresh the lobby now' }).click();
      await liveRow.waitFor({ state: 'detached', timeout: 25000 });
      await historyRow.waitFor({ state: 'detached', timeout: 25000 });
      await live.getByText('No room shown in the lobby is in use right now.').waitFor();
      for (const side of [host, visitor]) {
        assert.deepEqual(side.pageErrors, []);
        assert.deepEqual(side.cspViolations, []);
      }
    } finally {
      await Promise.all([host.context.close(), visitor.context.close()]);
    }
  });

  test('a name in a meeting now cannot be taken: the form asks for another', async () => {
    const host = await openPage(browser);
    try {
      liveRooms.push({ name: 'busy-room', numParticipants: 2 });
      await meetingStarted(stack.server, 'busy-room', 'Bea Busy');
      const form = await openCreateForm(host.page, stack.server);
      await form.getByRole('textbox', { name: 'Room name (optional)' }).fill('busy-room');
      const answered = host.page.waitForResponse((r) => r.url().endsWith('/api/rooms'));
      await form.getByRole('button', { name: 'Create room' }).click();
      const response = await answered;
      assert.equal(response.status(), 409);
      assert.equal((await response.json()).error, 'room_in_use');
      const alert = form.getByRole('alert');
      await alert.waitFor();
      assert.match(await alert.innerText(), /“busy-room” is in a meeting now or was used recently\. Choose another name\./);
      assert.equal(new URL(host.page.url()).pathname, '/');
      await screenshot(host.page, 'listing-name-in-use-desktop');
      assert.deepEqual(host.pageErrors, []);
    } finally {
      await host.context.close();
    }
  });
});
