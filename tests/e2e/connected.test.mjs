// A real meeting: two people join one room through the pages, in their own browser contexts,
// through the LiveKit stand-in SFU (tests/sfu); each sees and hears the other, chat goes across,
// the SFU's RoomService lists both, a dropped signalling connection resumes, and leaving takes the
// tile away.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ParticipantInfo_State, TrackSource } from '@livekit/protocol';
import { RoomServiceClient } from 'livekit-server-sdk';
import { API_KEY, API_SECRET, missingPrerequisite, screenshot } from './lib/harness.mjs';
import {
  joinMeeting,
  launchMeetingBrowser,
  missingSfu,
  remoteTile,
  remoteTileGone,
  remoteVideoPlaying,
  startMeetingStack,
} from './lib/meeting.mjs';

const skip = missingPrerequisite() ?? missingSfu();

describe('connected meeting', { skip, timeout: 180000 }, () => {
  const room = `connected-${process.pid}`;
  let stack;
  let browser;
  let alice;
  let bob;

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
    alice = await joinMeeting(browser, stack, { room, name: 'Alice Adams' });
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

  test("Alice's signalling drops: she resumes and the videos keep playing", async () => {
    const identity = stack.sfu.participants(room).find((p) => p.name === 'Alice Adams').identity;
    const sid = stack.sfu.participant(identity).sid;
    const resumes = stack.sfu.resumes();
    assert.equal(stack.sfu.dropSignal(identity), true);
    const deadline = Date.now() + 20000;
    while (stack.sfu.resumes() === resumes || !stack.sfu.signalConnected(identity)) {
      assert.ok(Date.now() < deadline, 'Alice resumed within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(stack.sfu.participant(identity).sid, sid, 'the same participant, resumed');
    assert.ok((await remoteVideoPlaying(alice.page, 'Bob Brown')).frames >= 5);
    assert.ok((await remoteVideoPlaying(bob.page, 'Alice Adams')).frames >= 5);
    await alice.page.getByLabel('2 in the meeting').waitFor();
  });

  test("Alice leaves: her tile goes away at Bob's", async () => {
    await alice.leave();
    await remoteTileGone(bob.page, 'Alice Adams');
    await bob.page.getByLabel('1 in the meeting').waitFor();
    assert.deepEqual(stack.sfu.participants(room).map((p) => p.name), ['Bob Brown']);
    await stack.sfu.webhooksIdle();
    const left = stack.sfu.webhooks.find((w) => w.event === 'participant_left' && w.room === room);
    assert.ok(left, 'participant_left was sent');
    assert.equal(left.status, 200, 'the server accepted the webhook');
  });
});
