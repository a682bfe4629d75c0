// A real meeting: two people join one room through the pages, in their own browser contexts,
// through the LiveKit stand-in SFU (tests/sfu); each sees and hears the other, chat and reactions go
// across (a flood of reactions cut short at the sender),
// the SFU's RoomService lists both, microphone and camera toggles and a shared screen show at the
// other side, a dropped signalling connection shows "Reconnecting…" and resumes without the other
// ever seeing a departure, and leaving takes the tile away and lands on the home page.
//
// The tests share one meeting and run in order; each leaves it as it found it (both in, camera
// and microphone on, nothing shared), except the last, which leaves.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ParticipantInfo_State, TrackSource } from '@livekit/protocol';
import { RoomServiceClient } from 'livekit-server-sdk';
import { API_KEY, API_SECRET, missingPrerequisite, screenshot } from './lib/harness.mjs';
import {
  joinMeeting,
  launchMeetingBrowser,
  missingSfu,
  remoteCameraTile,
  remoteScreenShareTile,
  remoteTile,
  remoteTileGone,
  remoteVideoPlaying,
  startMeetingStack,
  tileVideoPlaying,
} from './lib/meeting.mjs';

const skip = missingPrerequisite() ?? missingSfu();

/** Polls `check` (resolving with { ok, ... }) until ok; throws with the last state after `timeoutMs`. */
async function until(check, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await check();
    if (state.ok) return state;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms; last seen: ${JSON.stringify(state)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Every camera, microphone and screen capture the page starts is kept in `window.__lkmCaptures`
 * (kind, label, and the track itself), so that the test can tell whether they were all stopped.
 */
function recordCaptures() {
  const captured = [];
  window.__lkmCaptures = captured;
  const wrap = (name) => {
    const original = navigator.mediaDevices?.[name]?.bind(navigator.mediaDevices);
    if (!original) return;
    navigator.mediaDevices[name] = async (...args) => {
      const stream = await original(...args);
      for (const track of stream.getTracks()) captured.push(track);
      return stream;
    };
  };
  wrap('getUserMedia');
  wrap('getDisplayMedia');
}

/** What `tile` shows of its camera: whether it is marked muted and whether the placeholder covers the video. */
function cameraView(tile) {
  return tile.first().evaluate((el) => {
    const placeholder = el.querySelector('.lk-participant-placeholder');
    const box = el.getBoundingClientRect();
    const cover = placeholder?.getBoundingClientRect();
    return {
      videoMuted: el.getAttribute('data-lk-video-muted'),
      placeholderOpacity: placeholder ? Number(getComputedStyle(placeholder).opacity) : undefined,
      placeholderCovers: !!cover && cover.width >= box.width - 2 && cover.height >= box.height - 2,
      hasVideo: !!el.querySelector('video'),
    };
  });
}

describe('connected meeting', { skip, timeout: 240000 }, () => {
  const room = `connected-${process.pid}`;
  let stack;
  let browser;
  let alice;
  let bob;
  const identityOf = (name) => stack.sfu.participants(room).find((p) => p.name === name)?.identity;
  const trackOf = (name, source) => stack.sfu.participants(room).find((p) => p.name === name)?.tracks.find((t) => t.source === source);

  before(async () => {
    stack = await startMeetingStack();
    browser = await launchMeetingBrowser();
  });

  after(async () => {
    await alice?.context.close().catch(() => undefined);
    await bob?.context.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  });

  test('two people join one room and each sees the other play', async () => {
    alice = await joinMeeting(browser, stack, { room, name: 'Alice Adams', initScript: recordCaptures });
    bob = await joinMeeting(browser, stack, { room, name: 'Bob Brown' });

    await remoteTile(alice.page, 'Bob Brown').first().waitFor();
    await remoteTile(bob.page, 'Alice Adams').first().waitFor();
    const atAlice = await remoteVideoPlaying(alice.page, 'Bob Brown');
    const atBob = await remoteVideoPlaying(bob.page, 'Alice Adams');
    assert.ok(atAlice.width > 0 && atAlice.frames >= 5, `Bob's video plays at Alice: ${JSON.stringify(atAlice)}`);
    assert.ok(atBob.width > 0 && atBob.frames >= 5, `Alice's video plays at Bob: ${JSON.stringify(atBob)}`);
    await alice.page.getByLabel('2 in the meeting').waitFor();
    await screenshot(alice.page, 'connected-alice');
    await screenshot(bob.page, 'connected-bob');
    assert.deepEqual(alice.pageErrors, []);
    assert.deepEqual(bob.pageErrors, []);
  });

  test('a chat message sent by Alice reaches Bob with her name', async () => {
    const text = `Hello Bob, it is ${Date.now()}`;
    await alice.toolbar.getByRole('button', { name: /^Chat/ }).click();
    const input = alice.page.locator('.lk-chat-form-input');
    await input.fill(text);
    await alice.page.locator('.lk-chat-form').getByRole('button', { name: 'Send' }).click();
    await alice.page.locator('.lk-chat-entry[data-lk-message-origin="local"]', { hasText: text }).waitFor();

    await bob.toolbar.getByRole('button', { name: /^Chat/ }).click();
    const entry = bob.page.locator('.lk-chat-entry[data-lk-message-origin="remote"]', { hasText: text });
    await entry.waitFor();
    assert.equal((await entry.locator('.lk-participant-name').innerText()).trim(), 'Alice Adams');
    await screenshot(bob.page, 'connected-chat-bob');
    // The chat panels close again: the tiles get their room back.
    await alice.toolbar.getByRole('button', { name: /^Chat/ }).click();
    await bob.toolbar.getByRole('button', { name: /^Chat/ }).click();
  });

  test('a reaction from Alice floats over her tile at Bob, is announced, and a flood is cut short', async () => {
    const aliceAtBob = remoteTile(bob.page, 'Alice Adams').first();
    // Bob's page counts every reaction that appears over Alice's tile, and prefers less motion.
    await bob.page.emulateMedia({ reducedMotion: 'reduce' });
    await aliceAtBob.evaluate((tile) => {
      window.__reactionsSeen = [];
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) {
            if (!(node instanceof HTMLElement)) continue;
            for (const r of [node, ...node.querySelectorAll('.lkm-reaction')]) {
              if (r.classList?.contains('lkm-reaction')) window.__reactionsSeen.push(r.dataset.reaction);
            }
          }
        }
      }).observe(tile, { childList: true, subtree: true });
    });
    const openMenu = async () => {
      if (await alice.page.getByRole('group', { name: 'Send a reaction' }).count()) return;
      await alice.toolbar.getByRole('button', { name: 'Reactions' }).click();
    };
    await openMenu();
    await alice.page.getByRole('button', { name: 'Send applause' }).click();
    const sentAt = Date.now();
    const floating = aliceAtBob.locator('.lkm-reaction[data-reaction="applause"]');
    await floating.waitFor();
    assert.equal(await floating.evaluate((el) => getComputedStyle(el).animationName), 'none',
      'no floating motion for someone who prefers reduced motion');
    await bob.page.getByRole('status').filter({ hasText: 'Alice Adams reacted with applause' }).waitFor();
    await screenshot(bob.page, 'connected-reaction-bob');
    await floating.waitFor({ state: 'detached', timeout: 10000 });

    // Seven at once, once the applause is out of the sender's window: five go (five in five
    // seconds), and the sender is told to slow down.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, sentAt + 5200 - Date.now())));
    for (let i = 0; i < 7; i++) await alice.page.getByRole('button', { name: 'Send thumbs up' }).click();
    await alice.page.getByRole('status').filter({ hasText: 'Slow down' }).waitFor();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const seen = await bob.page.evaluate(() => window.__reactionsSeen);
    assert.deepEqual(seen, ['applause', ...Array(5).fill('thumbs-up')]);
    await alice.page.keyboard.press('Escape');
    await alice.page.getByRole('group', { name: 'Send a reaction' }).waitFor({ state: 'detached' });
    assert.deepEqual(alice.pageErrors, []);
    assert.deepEqual(bob.pageErrors, []);
  });

  test("the SFU's RoomService lists both, publishing camera and microphone", async () => {
    const client = new RoomServiceClient(stack.sfu.httpUrl, API_KEY, API_SECRET);
    const participants = await client.listParticipants(room);
    assert.deepEqual(participants.map((p) => p.name).sort(), ['Alice Adams', 'Bob Brown']);
    for (const p of participants) {
      assert.equal(p.state, ParticipantInfo_State.ACTIVE, `${p.name} is active`);
      assert.deepEqual(
        p.tracks.map((t) => t.source).sort(),
        [TrackSource.CAMERA, TrackSource.MICROPHONE].sort(),
        `${p.name} publishes camera and microphone`,
      );
    }
    const rooms = await client.listRooms([room]);
    assert.equal(rooms.length, 1);
    assert.equal(rooms[0].numParticipants, 2);
  });

  test('Alice turns her microphone off: Bob sees her muted; on again: unmuted', async () => {
    const mic = alice.toolbar.getByRole('button', { name: 'Microphone', exact: true });
    const aliceAtBob = remoteCameraTile(bob.page, 'Alice Adams');
    const mutedSign = aliceAtBob.getByRole('img', { name: 'Microphone off' });
    assert.equal(await mic.getAttribute('aria-pressed'), 'true', 'the microphone starts on');
    assert.equal(await mutedSign.count(), 0, 'no mic-off sign while she is heard');

    await mic.click();
    await until(async () => ({ ok: (await mic.getAttribute('aria-pressed')) === 'false' }), 'the toggle shows the microphone off');
    await mutedSign.waitFor({ state: 'visible' });
    assert.equal(await aliceAtBob.first().getAttribute('data-lk-audio-muted'), 'true');
    assert.equal(trackOf('Alice Adams', TrackSource.MICROPHONE)?.muted, true, 'the SFU has her microphone muted');
    await screenshot(bob.page, 'connected-alice-muted-bob');

    await mic.click();
    await mutedSign.waitFor({ state: 'detached' });
    assert.equal(await mic.getAttribute('aria-pressed'), 'true');
    assert.equal(await aliceAtBob.first().getAttribute('data-lk-audio-muted'), 'false');
    assert.equal(trackOf('Alice Adams', TrackSource.MICROPHONE)?.muted, false);
  });

  test('Alice turns her camera off: Bob sees her placeholder; on again: her video plays', async () => {
    const camera = alice.toolbar.getByRole('button', { name: 'Camera', exact: true });
    const aliceAtBob = remoteCameraTile(bob.page, 'Alice Adams');
    assert.equal(await camera.getAttribute('aria-pressed'), 'true', 'the camera starts on');
    const before = await cameraView(aliceAtBob);
    assert.equal(before.placeholderOpacity, 0, `her video is not hidden at first: ${JSON.stringify(before)}`);

    await camera.click();
    // Bob sees the placeholder (an avatar) over the whole tile instead of her video.
    const off = await until(async () => {
      const view = await cameraView(aliceAtBob);
      return { ...view, ok: view.videoMuted === 'true' && view.placeholderOpacity === 1 && view.placeholderCovers };
    }, "Bob sees Alice's placeholder instead of her video");
    assert.equal(await camera.getAttribute('aria-pressed'), 'false');
    assert.equal(trackOf('Alice Adams', TrackSource.CAMERA)?.muted, true, `the SFU has her camera muted: ${JSON.stringify(off)}`);
    // Her own tile shows the placeholder too.
    const self = alice.page.locator('.lk-participant-tile[data-lk-local-participant="true"][data-lk-source="camera"]');
    await until(async () => ({ ok: (await cameraView(self)).placeholderOpacity === 1 }), 'Alice sees her own placeholder');
    await screenshot(bob.page, 'connected-alice-camera-off-bob');

    await camera.click();
    await until(async () => {
      const view = await cameraView(aliceAtBob);
      return { ...view, ok: view.videoMuted === 'false' && view.placeholderOpacity === 0 };
    }, "Bob's placeholder of Alice gives way to her video");
    const playing = await tileVideoPlaying(aliceAtBob, "Alice's camera at Bob, turned on again");
    assert.ok(playing.width > 0 && playing.frames >= 5, JSON.stringify(playing));
    assert.equal(trackOf('Alice Adams', TrackSource.CAMERA)?.muted, false);
  });

  test('Alice shares her screen: Bob sees it play in a tile of its own; she stops: the tile goes', async () => {
    const share = alice.toolbar.getByRole('button', { name: 'Share screen' });
    await share.click();
    // (Chromium's fake capture devices answer getDisplayMedia with a fake screen: no picker.)
    // The button changes once the screen is published: a new negotiation, and two layers of a
    // large video to encode, which on a busy machine takes a while.
    const stop = alice.toolbar.getByRole('button', { name: 'Stop screen share' });
    await stop.waitFor({ timeout: 45000 });
    assert.equal(await stop.getAttribute('aria-pressed'), 'true');

    const screenAtBob = remoteScreenShareTile(bob.page, 'Alice Adams');
    await screenAtBob.first().waitFor({ timeout: 30000 });
    assert.equal((await screenAtBob.first().locator('.lk-participant-name').innerText()).trim(), "Alice Adams's screen");
    const playing = await tileVideoPlaying(screenAtBob, "Alice's screen at Bob", { timeoutMs: 40000 });
    assert.ok(playing.frames >= 5, JSON.stringify(playing));
    // The fake screen is 16:9, unlike the 4:3 fake camera: this is the screen, not her camera.
    assert.ok(playing.width / playing.height > 1.6, `a screen-shaped video: ${JSON.stringify(playing)}`);
    // A new screen share takes the focus at Bob: it is the large tile, the cameras in the strip.
    await bob.page.locator('.lk-focus-layout .lk-participant-tile[data-lk-source="screen_share"]').last().waitFor();
    assert.ok(trackOf('Alice Adams', TrackSource.SCREEN_SHARE), 'the SFU lists her screen share');
    await screenshot(bob.page, 'connected-screen-share-bob');
    // Her camera keeps playing beside it.
    assert.ok((await tileVideoPlaying(remoteCameraTile(bob.page, 'Alice Adams'), "Alice's camera beside her screen")).frames >= 5);

    await stop.click();
    await screenAtBob.first().waitFor({ state: 'detached' });
    await alice.toolbar.getByRole('button', { name: 'Share screen' }).waitFor();
    // The grid comes back, with her camera playing.
    await bob.page.locator('.lk-grid-layout').waitFor();
    assert.ok((await tileVideoPlaying(remoteCameraTile(bob.page, 'Alice Adams'), "Alice's camera after sharing")).frames >= 5);
    await until(
      async () => ({ ok: !trackOf('Alice Adams', TrackSource.SCREEN_SHARE), tracks: trackOf('Alice Adams', TrackSource.SCREEN_SHARE) }),
      'the SFU no longer lists her screen share',
    );
  });

  test("Alice's signalling drops: she sees \"Reconnecting…\", resumes, and Bob never sees her leave", async () => {
    // Only signalling is cut here: the peer connection and its media go on, as when a WebSocket
    // is closed by a proxy. A real outage would also stall the media (the client then restarts
    // ICE in the resume all the same); this stand-in cannot cut a loopback peer connection.
    const identity = identityOf('Alice Adams');
    const sid = stack.sfu.participant(identity).sid;
    const resumes = stack.sfu.resumes();
    const webhooksBefore = stack.sfu.webhooks.length;

    // Bob's page notes any moment when Alice's tile is missing or the count is not 2.
    await bob.page.evaluate(() => {
      const seen = [];
      window.__lkmAliceGone = seen;
      const check = () => {
        const names = [...document.querySelectorAll('.lk-participant-tile:not([data-lk-local-participant="true"]) .lk-participant-name')];
        const present = names.some((n) => n.textContent.includes('Alice Adams'));
        const count = document.querySelector('.lkm-participant-count')?.getAttribute('aria-label');
        if (!present || count !== '2 in the meeting') seen.push({ present, count });
      };
      window.__lkmAliceObserver = new MutationObserver(check);
      window.__lkmAliceObserver.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
    });
    // Alice's page notes what its status messages (role=status) say, in order.
    await alice.page.evaluate(() => {
      const said = [];
      window.__lkmStatus = said;
      const note = () => {
        const text = [...document.querySelectorAll('[role="status"]')]
          .map((region) => region.textContent.trim())
          .filter(Boolean)
          .join(' | ');
        if (said[said.length - 1] !== text) said.push(text);
      };
      note();
      window.__lkmStatusObserver = new MutationObserver(note);
      window.__lkmStatusObserver.observe(document.body, { childList: true, subtree: true, characterData: true });
    });

    // The resume is held (as an outage would) until Alice's page has shown that it reconnects.
    const release = stack.sfu.holdResumes(identity, 12000);
    try {
      assert.equal(stack.sfu.dropSignal(identity), true);
      await alice.page.getByRole('status').getByText('Reconnecting…').waitFor({ state: 'visible' });
      await until(async () => ({ ok: stack.sfu.heldResumes(identity) > 0 }), "Alice's resume reaches the SFU");
      // Meanwhile (the resume is still held) the meeting stays on her screen, controls and all:
      // Chat needs the permissions the server gave, which still hold.
      assert.ok(await alice.page.getByRole('status').getByText('Reconnecting…').isVisible(), 'still reconnecting');
      assert.ok(await alice.toolbar.getByRole('button', { name: /^Chat/ }).isVisible(), 'Chat stays in the toolbar');
      assert.ok(await alice.toolbar.getByRole('button', { name: 'Leave' }).isVisible(), 'Leave stays in the toolbar');
      assert.ok(await remoteCameraTile(alice.page, 'Bob Brown').first().isVisible(), "Bob's tile stays at Alice's");
      await screenshot(alice.page, 'connected-reconnecting-alice');
      // At Bob's, Alice is still there.
      assert.ok(await remoteCameraTile(bob.page, 'Alice Adams').first().isVisible(), "Alice's tile stays at Bob's");
      assert.ok(await bob.page.getByLabel('2 in the meeting').isVisible());
      assert.equal(stack.sfu.signalConnected(identity), false, 'her signalling is still down');
    } finally {
      release();
    }

    const deadline = Date.now() + 20000;
    while (stack.sfu.resumes() === resumes || !stack.sfu.signalConnected(identity)) {
      assert.ok(Date.now() < deadline, 'Alice resumed within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(stack.sfu.participant(identity).sid, sid, 'the same participant, resumed');
    await alice.page.getByRole('status').getByText('Reconnecting…').waitFor({ state: 'detached' });
    assert.ok((await remoteVideoPlaying(alice.page, 'Bob Brown')).frames >= 5);
    assert.ok((await remoteVideoPlaying(bob.page, 'Alice Adams')).frames >= 5);
    await alice.page.getByLabel('2 in the meeting').waitFor();
    await alice.toolbar.getByRole('button', { name: /^Chat/ }).waitFor();
    // "Reconnected" shows for a moment, then the status says nothing.
    await until(async () => {
      const said = await alice.page.evaluate(() => window.__lkmStatus);
      return { said, ok: said[said.length - 1] === '' };
    }, 'the status clears');
    const said = await alice.page.evaluate(() => {
      window.__lkmStatusObserver.disconnect();
      return window.__lkmStatus;
    });
    const reconnectingAt = said.findIndex((text) => text.startsWith('Reconnecting…'));
    assert.ok(reconnectingAt >= 0, `the status said "Reconnecting…": ${JSON.stringify(said)}`);
    assert.ok(said.indexOf('Reconnected', reconnectingAt) > reconnectingAt, `then "Reconnected": ${JSON.stringify(said)}`);
    assert.equal(said[said.length - 1], '');

    // Bob never saw her go, and nobody was told she left.
    const gone = await bob.page.evaluate(() => {
      window.__lkmAliceObserver.disconnect();
      return window.__lkmAliceGone;
    });
    assert.deepEqual(gone, [], "Alice's tile and the count stayed at Bob's");
    await stack.sfu.webhooksIdle();
    const since = stack.sfu.webhooks.slice(webhooksBefore);
    assert.deepEqual(
      since.filter((w) => w.event === 'participant_left' || w.event === 'participant_joined'),
      [],
      'no participant_left (nor a new participant_joined) for the resume',
    );
    assert.deepEqual(alice.pageErrors, []);
  });

  test("Alice leaves: her tile goes away at Bob's, and she lands on the home page with her devices off", async () => {
    await alice.leave();
    await remoteTileGone(bob.page, 'Alice Adams');
    await bob.page.getByLabel('1 in the meeting').waitFor();
    assert.deepEqual(stack.sfu.participants(room).map((p) => p.name), ['Bob Brown']);
    await stack.sfu.webhooksIdle();
    const left = stack.sfu.webhooks.find((w) => w.event === 'participant_left' && w.room === room);
    assert.ok(left, 'participant_left was sent');
    assert.equal(left.status, 200, 'the server accepted the webhook');

    // What Alice sees: the home page, with its offer to start or join a meeting.
    const { page } = alice;
    await page.getByRole('heading', { level: 1, name: 'Video meetings, on your own server' }).waitFor();
    assert.equal(await page.title(), 'LiveKit Meet');
    assert.ok(await page.getByRole('button', { name: 'Start a new meeting' }).isVisible());
    assert.ok(await page.getByRole('textbox', { name: 'Meeting name or link' }).isVisible());
    assert.equal(await page.getByRole('toolbar', { name: 'Meeting controls' }).count(), 0, 'no meeting controls left');
    assert.equal(await page.locator('video').count(), 0, 'no video left on the page');
    await screenshot(page, 'connected-left-alice');
    // Her camera, microphone and screen captures were all stopped (the camera light goes off).
    const captures = await until(async () => {
      const list = await page.evaluate(() =>
        window.__lkmCaptures.map((track) => ({ kind: track.kind, label: track.label, state: track.readyState })),
      );
      return { list, ok: list.length > 0 && list.every((track) => track.state === 'ended') };
    }, 'every capture Alice started is stopped');
    assert.ok(captures.list.some((track) => track.kind === 'audio'), JSON.stringify(captures.list));
    assert.ok(captures.list.some((track) => track.kind === 'video'), JSON.stringify(captures.list));
    assert.deepEqual(alice.pageErrors, []);
  });
});
