// The lobby (/lobby) of a server that shows every room (--lobby all): the meeting history fed by
// signed webhooks, live rooms while the server cannot list them, the automatic refresh, "Load
// more", and phone-sized screens. (listing.test.mjs: the default, rooms their hosts listed.)
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EgressStatus, WebhookEvent } from '@livekit/protocol';
import { AccessToken } from 'livekit-server-sdk';
import {
  API_KEY,
  API_SECRET,
  PHONE,
  launchBrowser,
  missingPrerequisite,
  openPage,
  screenshot,
  startStack,
  unnamedControls,
} from './lib/harness.mjs';

const skip = missingPrerequisite();
const NOW = Math.floor(Date.now() / 1000);
let sequence = 0;

/** Delivers one event to the server as LiveKit does: a raw JWT whose sha256 claim hashes the body. */
async function deliver(server, fields) {
  sequence += 1;
  const body = new WebhookEvent({ id: `EV_lobby_${sequence}`, ...fields }).toJsonString();
  const at = new AccessToken(API_KEY, API_SECRET, { ttl: '5m' });
  at.sha256 = createHash('sha256').update(body).digest('base64');
  const token = await at.toJwt();
  const response = await fetch(server.url('/api/webhook'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/webhook+json', Authorization: token },
    body,
  });
  assert.ok(response.ok, `webhook ${fields.event} accepted: ${response.status} ${await response.text()}`);
}

const room = (name, startedAt) => ({ sid: `RM_${name}`, name, creationTime: BigInt(startedAt) });

async function meeting(server, { name, startedAt, people = [], endedAt }) {
  await deliver(server, { event: 'room_started', room: room(name, startedAt), createdAt: BigInt(startedAt) });
  for (const [i, person] of people.entries()) {
    const joinedAt = startedAt + 10 + i;
    await deliver(server, {
      event: 'participant_joined',
      room: room(name, startedAt),
      participant: { sid: `PA_${name}_${i}`, identity: person.toLowerCase(), name: person, joinedAt: BigInt(joinedAt) },
      createdAt: BigInt(joinedAt),
    });
  }
  if (endedAt) {
    await deliver(server, { event: 'room_finished', room: room(name, startedAt), createdAt: BigInt(endedAt) });
  }
}

const row = (page, name) => page.getByRole('listitem', { name, exact: true });

describe('lobby', { skip, timeout: 180000 }, () => {
  let stack;
  let browser;

  before(async () => {
    stack = await startStack({ serverArgs: ['--lobby', 'all'] });
    browser = await launchBrowser();
    const { server } = stack;
    // 21 older meetings fill more than one page of 20.
    for (let i = 1; i <= 21; i += 1) {
      const startedAt = NOW - 86400 * 2 - i * 600;
      await meeting(server, { name: `archive-${String(i).padStart(2, '0')}`, startedAt, people: ['Ari'], endedAt: startedAt + 300 });
    }
    // The newest: 45 minutes, three people (two at once at most after one left), one recording.
    const start = NOW - 3600;
    await meeting(server, { name: 'design-review', startedAt: start, people: ['Dana Designer', 'Eli Engineer'] });
    await deliver(server, {
      event: 'participant_left',
      room: room('design-review', start),
      participant: { sid: 'PA_design-review_0', identity: 'dana designer', name: 'Dana Designer', joinedAt: BigInt(start + 10) },
      createdAt: BigInt(start + 600),
    });
    await deliver(server, {
      event: 'participant_joined',
      room: room('design-review', start),
      participant: { sid: 'PA_design-review_2', identity: 'fay', name: 'Fay Founder', joinedAt: BigInt(start + 700) },
      createdAt: BigInt(start + 700),
    });
    await deliver(server, {
      event: 'egress_ended',
      egressInfo: {
        egressId: 'EG_design_review',
        roomId: 'RM_design-review',
        roomName: 'design-review',
        status: EgressStatus.EGRESS_COMPLETE,
        startedAt: BigInt(start + 60) * 1_000_000_000n,
        endedAt: BigInt(start + 2700) * 1_000_000_000n,
      },
      createdAt: BigInt(start + 2700),
    });
    await deliver(server, { event: 'room_finished', room: room('design-review', start), createdAt: BigInt(start + 2700) });
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('history from webhooks, live rooms unavailable, auto-refresh, load more', async () => {
    const { page, context, pageErrors, cspViolations } = await openPage(browser);
    try {
      await page.goto(stack.server.url('/lobby'));
      await page.getByRole('heading', { name: 'Lobby', level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'Recent meetings', level: 2 }).waitFor();
      assert.equal(await page.getByText('Rooms their hosts chose to show.').count(), 0, 'every room is shown');

      const design = row(page, 'design-review');
      await design.waitFor();
      const text = await design.innerText();
      assert.match(text, /3 people, peak 2/, 'attendance');
      assert.match(text, /45 min/, 'duration');
      assert.match(text, /1 recording/, 'recordings');
      assert.match(text, /Dana Designer, Eli Engineer, Fay Founder/, 'attendees');
      const started = await design.locator('time').getAttribute('datetime');
      assert.equal(started, new Date((NOW - 3600) * 1000).toISOString(), 'start time');
      const joinAgain = design.getByRole('link', { name: 'Join design-review again' });
      assert.equal(await joinAgain.getAttribute('href'), '/rooms/design-review');

      // api/rooms is not served by this binary yet: a message, not a crash; history stays.
      const live = page.getByRole('region', { name: 'Live rooms' });
      await live.getByText(/^Live rooms are unavailable: .+/).waitFor();

      // First page: 20 newest; "Load more" brings the 2 oldest.
      const history = page.getByRole('region', { name: 'Recent meetings' });
      assert.equal(await history.getByRole('listitem').count(), 20);
      await screenshot(page, 'lobby-history-desktop');
      assert.deepEqual(await unnamedControls(page), [], 'every control of the lobby is named');
      await history.getByRole('button', { name: 'Load more meetings' }).click();
      await row(page, 'archive-21').waitFor();
      assert.equal(await history.getByRole('listitem').count(), 22);
      assert.equal(await history.getByRole('button', { name: 'Load more meetings' }).count(), 0, 'no more pages');

      // A meeting reported while the page is open appears by itself (refresh every 10 s), on
      // top, without replacing the rows already shown (no flicker) or dropping the loaded pages.
      await design.evaluate((el) => {
        el.dataset.e2eMark = 'kept';
      });
      const before = Date.now();
      await meeting(stack.server, { name: 'standup', startedAt: Math.floor(Date.now() / 1000) - 5, people: ['Gus'] });
      await row(page, 'standup').waitFor({ timeout: 15000 });
      const waited = Date.now() - before;
      assert.ok(waited <= 15000, `appeared after ${waited} ms`);
      const standup = await row(page, 'standup').innerText();
      assert.match(standup, /ongoing/);
      assert.match(standup, /1 person, peak 1/);
      assert.equal(await history.getByRole('listitem').first().getAttribute('aria-label'), 'standup');
      assert.equal(await design.getAttribute('data-e2e-mark'), 'kept', 'existing rows are not re-created');
      assert.equal(await history.getByRole('listitem').count(), 23, 'loaded pages are kept');
      await live.getByText(/^Live rooms are unavailable/).waitFor();
      await page.getByRole('heading', { name: 'Lobby', level: 1 }).scrollIntoViewIfNeeded();
      await screenshot(page, 'lobby-refreshed-desktop');

      await joinAgain.click();
      await page.waitForURL(stack.server.url('/rooms/design-review'));
      await page.getByRole('textbox', { name: 'Your name' }).waitFor();
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(cspViolations, []);
    } finally {
      await context.close();
    }
  });

  test('live rooms answer a gateway error: its message is shown and the history stays', async () => {
    const { page, context, pageErrors } = await openPage(browser);
    try {
      let calls = 0;
      await page.route('**/api/rooms', (route) => {
        calls += 1;
        return route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({ error: 'unavailable', message: 'LiveKit did not answer' }),
        });
      });
      await page.goto(stack.server.url('/lobby'));
      // The page says what the error code means, in the person's language.
      await page
        .getByText('Live rooms are unavailable: The media server is unavailable right now. Try again in a moment.')
        .waitFor();
      await row(page, 'design-review').waitFor();
      assert.ok(calls >= 1);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('live rooms listed: people, age, recording badge, Join → pre-join', async () => {
    const { page, context, pageErrors } = await openPage(browser);
    try {
      const now = Math.floor(Date.now() / 1000);
      await page.route('**/api/rooms', (route) =>
        route.fulfill({
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify({
            rooms: [
              { name: 'all-hands', sid: 'RM_a', numParticipants: 12, numPublishers: 3, createdAt: now - 12 * 60 - 5, activeRecording: true, metadata: '' },
              { name: 'pairing', sid: 'RM_b', numParticipants: 1, numPublishers: 1, createdAt: String(now - 30), activeRecording: false, metadata: '' },
            ],
          }),
        }),
      );
      await page.goto(stack.server.url('/lobby'));
      const hands = row(page, 'all-hands');
      await hands.waitFor();
      assert.match(await hands.innerText(), /12 people/);
      assert.match(await hands.innerText(), /12 min/);
      assert.match(await hands.innerText(), /Recording/);
      const pairing = await row(page, 'pairing').innerText();
      assert.match(pairing, /1 person/);
      assert.doesNotMatch(pairing, /Recording/);
      await screenshot(page, 'lobby-live-desktop');
      await hands.getByRole('link', { name: 'Join all-hands' }).click();
      await page.waitForURL(stack.server.url('/rooms/all-hands'));
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('phone-sized screen: fits, stays usable', async () => {
    const { page, context, pageErrors } = await openPage(browser, { viewport: PHONE });
    try {
      await page.goto(stack.server.url('/lobby'));
      await row(page, 'design-review').waitFor();
      await page.getByText(/^Live rooms are unavailable/).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px)`);
      const shellOverflow = await page.evaluate(() => {
        const shell = document.querySelector('.lkm-shell');
        return shell.scrollWidth - shell.clientWidth;
      });
      assert.ok(shellOverflow <= 0, `no horizontal scrolling in the page frame (${shellOverflow}px)`);
      await screenshot(page, 'lobby-phone');
      await page.getByRole('button', { name: 'Load more meetings' }).scrollIntoViewIfNeeded();
      await screenshot(page, 'lobby-history-phone');
      assert.deepEqual(await unnamedControls(page), []);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
});
