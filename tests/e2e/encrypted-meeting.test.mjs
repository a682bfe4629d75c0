// An end-to-end encrypted meeting through the LiveKit stand-in SFU (tests/sfu): two people who open
// the link with the same passphrase see each other's video; what the SFU forwards is encrypted
// (checked on the wire: every frame carries livekit-client's frame trailer and decrypts with a key
// derived from the passphrase, and with no other); someone with a wrong passphrase sees no
// decoded video and is told why, once; someone without the passphrase is told the meeting is
// encrypted and is not played the ciphertext as garbled video and noise.
//
// The stand-in, like LiveKit, forwards E2EE frames untouched and never holds a key, so what it
// forwards is what a LiveKit server would forward. Unlike LiveKit it forwards one simulcast layer
// and ignores the SFU-injected frames (SIF) trailer, which it never sends.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { missingPrerequisite, openPage, screenshot } from './lib/harness.mjs';
import {
  launchMeetingBrowser,
  missingSfu,
  remoteTile,
  remoteVideoPlaying,
  startMeetingStack,
} from './lib/meeting.mjs';

const skip = missingPrerequisite() ?? missingSfu();
const { subtle } = globalThis.crypto;

const PASSPHRASE = 'river otter #42 ünïcode';
const WRONG_PASSPHRASE = 'river otter #43 ünïcode';
const link = (passphrase) => `#${encodeURIComponent(passphrase)}`;

// livekit-client's frame format (FrameCryptor): AES-GCM (128-bit key derived with PBKDF2 from the
// passphrase, salt "LKFrameEncryptionKey", 100 000 rounds of SHA-256), the first bytes of a frame
// in clear (VP8: 10 of a keyframe, 3 of a delta frame; Opus: its TOC byte), then the ciphertext
// and a trailer: IV (12 bytes) | IV length | key index (0: the app sets one key).
const IV_LENGTH = 12;
const KEY_INDEX = 0;
const FRAMES_KEPT = 120; // per forwarded stream

async function frameKey(passphrase) {
  const text = new TextEncoder();
  const material = await subtle.importKey('raw', text.encode(passphrase), { name: 'PBKDF2' }, false, ['deriveKey']);
  return subtle.deriveKey(
    { name: 'PBKDF2', salt: text.encode('LKFrameEncryptionKey'), hash: 'SHA-256', iterations: 100000 },
    material,
    { name: 'AES-GCM', length: 128 },
    false,
    ['decrypt'],
  );
}

const isVp8Keyframe = (frame) => (frame[0] & 0x01) === 0;
const clearBytes = (stream, frame) => (stream.kind === 'audio' ? 1 : isVp8Keyframe(frame) ? 10 : 3);
const hasTrailer = (frame) => frame.length > IV_LENGTH + 3 && frame[frame.length - 2] === IV_LENGTH && frame[frame.length - 1] === KEY_INDEX;

/** Resolves with the plaintext, or rejects if `key` is not the one `frame` was encrypted with. */
async function decryptFrame(key, stream, frame) {
  const header = clearBytes(stream, frame);
  const end = frame.length - 2 - IV_LENGTH;
  const iv = frame.subarray(end, frame.length - 2);
  const plain = await subtle.decrypt(
    { name: 'AES-GCM', iv, additionalData: frame.subarray(0, header) },
    key,
    frame.subarray(header, end),
  );
  return Buffer.from(plain);
}

/** The VP8 payload of an RTP packet (RFC 7741): its payload descriptor skipped. */
function vp8Payload(payload) {
  let i = 1;
  const first = payload[0];
  if (first & 0x80) {
    const x = payload[i++];
    if (x & 0x80) i += payload[i] & 0x80 ? 2 : 1; // PictureID
    if (x & 0x40) i += 1; // TL0PICIDX
    if (x & 0x30) i += 1; // TID / KEYIDX
  }
  return { start: (first & 0x10) !== 0 && (first & 0x07) === 0, data: payload.subarray(i) };
}

/**
 * What the SFU sends, through its test hook: per publisher, subscriber and track, the complete
 * frames (video reassembled from RTP, audio one per packet) it forwarded, the first FRAMES_KEPT
 * of them kept.
 */
function mediaWatch() {
  const streams = new Map();
  const onMedia = ({ from, to, track, packet }) => {
    const key = `${from}>${to}>${track.sid}`;
    let stream = streams.get(key);
    if (!stream) {
      const kind = track.mimeType.startsWith('audio/') ? 'audio' : 'video';
      stream = { from, to, kind, mimeType: track.mimeType, count: 0, keyframes: 0, frames: [], partial: undefined };
      streams.set(key, stream);
    }
    const { header, payload } = packet;
    let frame;
    if (stream.kind === 'audio') {
      frame = Buffer.from(payload);
    } else {
      const { start, data } = vp8Payload(payload);
      const partial = stream.partial;
      if (start) {
        stream.partial = { timestamp: header.timestamp, parts: [Buffer.from(data)] };
      } else if (partial && partial.timestamp === header.timestamp && partial.next === header.sequenceNumber) {
        partial.parts.push(Buffer.from(data));
      } else {
        stream.partial = undefined; // a lost or reordered packet: that frame is skipped
        return;
      }
      stream.partial.next = (header.sequenceNumber + 1) & 0xffff;
      if (!header.marker) return;
      frame = Buffer.concat(stream.partial.parts);
      stream.partial = undefined;
      if (isVp8Keyframe(frame)) stream.keyframes += 1;
    }
    stream.count += 1;
    if (stream.frames.length < FRAMES_KEPT) stream.frames.push(frame);
  };
  const find = (from, to, kind) =>
    [...streams.values()].find((s) => s.from === from && s.to === to && s.kind === kind);
  return { onMedia, streams, find };
}

/** Polls `check` (which returns a truthy value when done) until `timeoutMs`; throws with `what`. */
async function eventually(check, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The decoding state of the videos in `name`'s remote tile. */
async function tileVideos(page, name) {
  return remoteTile(page, name)
    .locator('video')
    .evaluateAll((videos) =>
      videos.map((video) => ({
        width: video.videoWidth,
        frames: video.getVideoPlaybackQuality().totalVideoFrames,
      })),
    );
}

/**
 * As meeting.mjs's joinMeeting (link with `passphrase` in the fragment, pre-join, Join, until the
 * Chat control shows the conference connected), with waits long enough for several people
 * joining at once on a busy machine. `camera: false` turns the camera off on the pre-join screen.
 */
async function joinMeeting(browser, stack, { room, name, passphrase, camera = true }) {
  const person = await openPage(browser, { origin: stack.server.origin });
  const { page, context } = person;
  context.setDefaultTimeout(45000);
  context.setDefaultNavigationTimeout(45000);
  try {
    await page.goto(stack.server.url(`/rooms/${encodeURIComponent(room)}${passphrase ? link(passphrase) : ''}`));
    await page.getByRole('textbox', { name: 'Your name' }).fill(name);
    if (!camera) {
      await page.getByRole('button', { name: 'Camera', exact: true, pressed: true }).click();
      await page.getByRole('button', { name: 'Camera', exact: true, pressed: false }).waitFor();
    }
    await page.getByRole('button', { name: 'Join meeting' }).click();
    await page.getByRole('toolbar', { name: 'Meeting controls' }).getByRole('button', { name: /^Chat/ }).waitFor();
  } catch (error) {
    await context.close();
    throw error;
  }
  return { ...person, name };
}

const decryptionErrors = (person) => person.consoleErrors.filter((text) => /InvalidKey|MissingKey/.test(text)).length;

describe('end-to-end encrypted meeting', { skip, timeout: 240000 }, () => {
  const room = `encrypted-${process.pid}`;
  const media = mediaWatch();
  let stack;
  let browser;
  let alice;
  let bob;
  let mallory;
  let nick;
  let nickJoining;
  const identityOf = (name) => stack.sfu.participants(room).find((p) => p.name === name)?.identity;

  before(async () => {
    stack = await startMeetingStack({ sfu: { onMedia: media.onMedia } });
    browser = await launchMeetingBrowser();
  });

  after(async () => {
    for (const person of [alice, bob, mallory, nick]) await person?.context.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  });

  test('two people with the same passphrase see each other play, encrypted', async () => {
    [alice, bob] = await Promise.all([
      joinMeeting(browser, stack, { room, name: 'Alice Adams', passphrase: PASSPHRASE }),
      joinMeeting(browser, stack, { room, name: 'Bob Brown', passphrase: PASSPHRASE }),
    ]);
    for (const person of [alice, bob]) {
      await person.page.locator('.lkm-meeting-header').getByText('Encrypted', { exact: true }).waitFor();
    }
    const atAlice = await remoteVideoPlaying(alice.page, 'Bob Brown', { timeoutMs: 30000 });
    const atBob = await remoteVideoPlaying(bob.page, 'Alice Adams', { timeoutMs: 30000 });
    assert.ok(atAlice.width > 0 && atAlice.frames >= 5, `Bob's video plays at Alice: ${JSON.stringify(atAlice)}`);
    assert.ok(atBob.width > 0 && atBob.frames >= 5, `Alice's video plays at Bob: ${JSON.stringify(atBob)}`);
    // Both decrypt everything: nobody is told otherwise.
    for (const person of [alice, bob]) {
      assert.equal(await person.page.getByText(/Cannot decrypt/).count(), 0, `${person.name} sees no decryption notice`);
      assert.deepEqual(person.pageErrors, []);
    }
    await screenshot(alice.page, 'encrypted-alice');
  });

  test('the SFU forwards only encrypted frames, which decrypt with the passphrase and no other', async () => {
    const a = identityOf('Alice Adams');
    const b = identityOf('Bob Brown');
    const streams = () => [media.find(a, b, 'video'), media.find(b, a, 'video'), media.find(a, b, 'audio'), media.find(b, a, 'audio')];
    await eventually(
      () => streams().every((s) => s && s.frames.length >= 40) && streams().slice(0, 2).every((s) => s.keyframes > 0),
      'forty frames of each stream (a keyframe in each video) to cross the SFU',
    );
    const key = await frameKey(PASSPHRASE);
    const wrongKey = await frameKey(WRONG_PASSPHRASE);
    for (const stream of streams()) {
      const what = `${stream.kind} from ${stream.from} to ${stream.to}`;
      if (stream.kind === 'video') assert.equal(stream.mimeType, 'video/VP8', 'encrypted meetings publish VP8');
      const plain = stream.frames.filter((frame) => !hasTrailer(frame));
      assert.equal(plain.length, 0, `${what}: ${plain.length} of ${stream.frames.length} frames lack the E2EE trailer`);
      const results = await Promise.allSettled(stream.frames.map((frame) => decryptFrame(key, stream, frame)));
      const failed = results.filter((r) => r.status === 'rejected').length;
      assert.equal(failed, 0, `${what}: ${failed} of ${stream.frames.length} frames do not decrypt with the passphrase`);
      // The ciphertext is not the media: the same frames under another passphrase do not decrypt.
      const wrong = await Promise.allSettled(stream.frames.slice(0, 10).map((frame) => decryptFrame(wrongKey, stream, frame)));
      assert.ok(wrong.every((r) => r.status === 'rejected'), `${what}: no frame decrypts with another passphrase`);
      if (stream.kind === 'video') {
        // A decrypted keyframe is VP8: its clear header says so (start code), and the first
        // partition it announces fits in the decrypted payload.
        const keyframe = stream.frames.find(isVp8Keyframe);
        const payload = await decryptFrame(key, stream, keyframe);
        assert.deepEqual([...keyframe.subarray(3, 6)], [0x9d, 0x01, 0x2a], `${what}: a VP8 keyframe`);
        const firstPartition = (keyframe[0] | (keyframe[1] << 8) | (keyframe[2] << 16)) >> 5;
        assert.ok(firstPartition > 0 && firstPartition <= payload.length, `${what}: a whole VP8 frame decrypted`);
      }
    }
  });

  test('someone with a wrong passphrase sees no video and is told why, once', async () => {
    // Nick (next test) joins at the same time, without any passphrase. Both publish their
    // microphone only, which is all these tests need of them, to spare the machine two encoders.
    nickJoining = joinMeeting(browser, stack, { room, name: 'Nick Nopass', camera: false });
    nickJoining.catch(() => undefined);
    mallory = await joinMeeting(browser, stack, { room, name: 'Mallory Mole', passphrase: WRONG_PASSPHRASE, camera: false });
    const { page } = mallory;
    await remoteTile(page, 'Alice Adams').first().waitFor();
    await remoteTile(page, 'Bob Brown').first().waitFor();

    const notice = page.getByRole('alert').filter({ hasText: /Cannot decrypt/ });
    await notice.waitFor({ timeout: 30000 });
    await eventually(async () => /Alice Adams/.test(await notice.innerText()) && /Bob Brown/.test(await notice.innerText()), 'the notice to name Alice and Bob');
    assert.match(await notice.innerText(), /different passphrase/);
    assert.match(await notice.innerText(), /same meeting link/);
    await screenshot(page, 'encrypted-wrong-passphrase');

    // Media kept coming (several decryption failures reported, keyframes and many frames of
    // both sent to Mallory): nothing was decoded, and the notice is still one. (livekit-client
    // reports a track's failures at most six times a minute, so the count is not waited on
    // further.)
    const m = identityOf('Mallory Mole');
    const sentToMallory = (name) => media.find(identityOf(name), m, 'video');
    const counted = { alice: sentToMallory('Alice Adams')?.count ?? 0, bob: sentToMallory('Bob Brown')?.count ?? 0 };
    await eventually(
      () =>
        decryptionErrors(mallory) >= 4 &&
        sentToMallory('Alice Adams')?.keyframes > 0 &&
        sentToMallory('Bob Brown')?.keyframes > 0 &&
        sentToMallory('Alice Adams').count >= counted.alice + 30 &&
        sentToMallory('Bob Brown').count >= counted.bob + 30,
      () =>
        `more frames and decryption failures at Mallory: ${decryptionErrors(mallory)} failures, ` +
        `from Alice ${sentToMallory('Alice Adams')?.count} frames (${sentToMallory('Alice Adams')?.keyframes} keyframes), ` +
        `from Bob ${sentToMallory('Bob Brown')?.count} frames (${sentToMallory('Bob Brown')?.keyframes} keyframes), ` +
        `counted before ${JSON.stringify(counted)}`,
    );
    for (const name of ['Alice Adams', 'Bob Brown']) {
      const videos = await tileVideos(page, name);
      assert.ok(videos.length > 0, `Mallory has a video element for ${name}`);
      for (const video of videos) {
        assert.deepEqual(video, { width: 0, frames: 0 }, `nothing of ${name}'s video was decoded at Mallory`);
      }
    }
    assert.equal(await notice.count(), 1, 'one notice');
    assert.equal(await page.getByRole('alert').count(), 1, 'nothing else alerts (no toast per error)');
    assert.equal(await page.getByText(/Encryption problem/).count(), 0, 'no raw error toast');

    // Dismissed, it goes (and is not shown again for the same people: checked at the end).
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await notice.waitFor({ state: 'detached' });

    // Her own media reaches the others encrypted with her passphrase, not theirs.
    const fromMallory = media.find(m, identityOf('Alice Adams'), 'audio');
    assert.ok(fromMallory?.frames.length > 0, 'Mallory publishes audio');
    const frame = fromMallory.frames.at(-1);
    await decryptFrame(await frameKey(WRONG_PASSPHRASE), fromMallory, frame);
    await assert.rejects(decryptFrame(await frameKey(PASSPHRASE), fromMallory, frame));

    // Alice and Bob cannot decrypt Mallory either, and are told so; they still see each other.
    for (const [person, other] of [[alice, 'Bob Brown'], [bob, 'Alice Adams']]) {
      const theirs = person.page.getByRole('alert').filter({ hasText: /Cannot decrypt/ });
      await theirs.waitFor({ timeout: 30000 });
      const text = await theirs.innerText();
      assert.match(text, /Cannot decrypt Mallory Mole/, `${person.name} is told about Mallory`);
      assert.doesNotMatch(text, new RegExp(other), `${person.name} is not told about ${other}`);
      assert.ok((await remoteVideoPlaying(person.page, other, { timeoutMs: 30000 })).frames >= 5);
    }
    assert.equal(await page.getByText(/Cannot decrypt/).count(), 0, 'the dismissed notice stays away');
    assert.deepEqual(mallory.pageErrors, []);

  });

  test('someone without the passphrase is told the meeting is encrypted', async () => {
    nick = await nickJoining;
    const { page } = nick;
    await remoteTile(page, 'Alice Adams').first().waitFor();
    const notice = page.getByRole('alert').filter({ hasText: 'This meeting is end-to-end encrypted' });
    await notice.waitFor({ timeout: 30000 });
    assert.match(await notice.innerText(), /without its passphrase/);
    assert.match(await notice.innerText(), /passphrase after “#”/);
    await screenshot(page, 'encrypted-no-passphrase');
    assert.equal(await page.getByRole('alert').count(), 1, 'one alert');
    assert.equal(await page.getByText(/Encryption problem/).count(), 0, 'no raw error toast');
    assert.equal(await page.locator('.lkm-meeting-header').getByText('Encrypted', { exact: true }).count(), 0);

    // What he cannot decrypt is not played: no garbled pictures (VP8 keeps its frame header in
    // clear, so the browser would decode ciphertext into noise), and no audio.
    const encryptedOnes = ['Alice Adams', 'Bob Brown', 'Mallory Mole'];
    await eventually(async () => {
      for (const name of encryptedOnes) {
        if ((await remoteTile(page, name).count()) === 0) return false;
        if ((await tileVideos(page, name)).some((video) => video.width > 0)) return false;
      }
      // (livekit-client leaves detached <audio> elements behind: those play nothing)
      return page.evaluate(() => [...document.querySelectorAll('audio')].every((audio) => !audio.srcObject || audio.paused));
    }, 'no encrypted video or audio to be played at Nick');

    // Nick publishes in clear (as LiveKit lets him): the SFU sees his frames without the E2EE
    // trailer, which shows that the trailer check above tells the two apart.
    const n = identityOf('Nick Nopass');
    const fromNick = await eventually(() => {
      const stream = media.find(n, identityOf('Alice Adams'), 'audio');
      return stream?.frames.length >= 20 ? stream : undefined;
    }, 'twenty frames from Nick');
    const lookAlike = fromNick.frames.filter(hasTrailer).length; // by chance: 1 in 65 536
    assert.ok(lookAlike < fromNick.frames.length / 10, `Nick's frames are not encrypted (${lookAlike} look so)`);
    assert.deepEqual(nick.pageErrors, []);
  });
});
