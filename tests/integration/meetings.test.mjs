// LiveKit webhooks in, meeting history out, against the real binary and a real SQLite file.
// Bodies are @livekit/protocol WebhookEvents, signed as the LiveKit server signs them.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { AccessToken } from 'livekit-server-sdk';
import { WebhookEvent, Room, ParticipantInfo, EgressInfo, EgressStatus } from '@livekit/protocol';
import { startServer, tempDir, API_KEY, API_SECRET } from './lib/server.mjs';

// The history's mechanics, seen as a trusted network sees them (--lobby all); what strangers see
// of it is tested in security.test.mjs.
let server;
let dataDir;
before(async () => {
  dataDir = tempDir('lkm-meetings-');
  server = await startServer({ args: ['--data-dir', dataDir, '--lobby', 'all'] });
});
after(async () => {
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function sign(body, secret = API_SECRET) {
  const at = new AccessToken(API_KEY, secret, { ttl: '5m' });
  at.sha256 = crypto.createHash('sha256').update(body).digest('base64');
  return at.toJwt();
}

async function deliver(event, { secret, tamper, bearer = false, target = server } = {}) {
  const body = new WebhookEvent(event).toJsonString();
  const token = await sign(body, secret);
  return fetch(target.url('/api/webhook'), {
    method: 'POST',
    headers: { 'content-type': 'application/webhook+json', authorization: bearer ? `Bearer ${token}` : token },
    body: tamper ? body.replace('standup', 'standuq') : body,
  });
}

const now = Math.floor(Date.now() / 1000);
const room = new Room({ sid: 'RM_standup1', name: 'standup', creationTime: BigInt(now - 600) });
const person = (identity, name) => new ParticipantInfo({ sid: `PA_${identity}`, identity, name });

test('records a meeting from LiveKit\'s webhooks', async () => {
  const events = [
    { event: 'room_started', id: 'EV_1', createdAt: BigInt(now - 600), room },
    { event: 'participant_joined', id: 'EV_2', createdAt: BigInt(now - 590), room, participant: person('ada__ab12', 'Ada') },
    { event: 'participant_joined', id: 'EV_3', createdAt: BigInt(now - 580), room, participant: person('bo__cd34', 'Bo') },
    {
      event: 'egress_started', id: 'EV_4', createdAt: BigInt(now - 570),
      egressInfo: new EgressInfo({ egressId: 'EG_1', roomId: room.sid, roomName: room.name, status: EgressStatus.EGRESS_ACTIVE, startedAt: BigInt(now - 570) * 1_000_000_000n }),
    },
    { event: 'participant_left', id: 'EV_5', createdAt: BigInt(now - 300), room, participant: person('bo__cd34', 'Bo') },
    {
      event: 'egress_ended', id: 'EV_6', createdAt: BigInt(now - 120),
      egressInfo: new EgressInfo({ egressId: 'EG_1', roomId: room.sid, roomName: room.name, status: EgressStatus.EGRESS_COMPLETE, startedAt: BigInt(now - 570) * 1_000_000_000n, endedAt: BigInt(now - 120) * 1_000_000_000n }),
    },
    { event: 'room_finished', id: 'EV_7', createdAt: BigInt(now - 60), room },
  ];
  for (const event of events) {
    const res = await deliver(event, { bearer: event.id === 'EV_3' });
    assert.equal(res.status, 200, `${event.event}: ${await res.clone().text()}`);
    assert.deepEqual(await res.json(), { status: 'ok' });
  }
  const repeated = await deliver(events[1]);
  assert.equal(repeated.status, 200);
  assert.deepEqual(await repeated.json(), { status: 'duplicate' });

  const list = await (await fetch(server.url('/api/meetings'))).json();
  assert.equal(list.meetings.length, 1);
  assert.equal(list.nextCursor, null);
  const meeting = list.meetings[0];
  assert.equal(meeting.roomName, 'standup');
  assert.equal(meeting.roomSid, 'RM_standup1');
  assert.equal(meeting.startedAt, now - 600);
  assert.equal(meeting.endedAt, now - 60);
  assert.equal(meeting.durationSeconds, 540);
  assert.equal(meeting.participantsJoined, 2, 'the repeated delivery is not counted twice');
  assert.equal(meeting.peakParticipants, 2);
  assert.equal(meeting.currentParticipants, 0);
  assert.deepEqual(meeting.recordings.map((r) => [r.egressId, r.status, r.startedAt, r.endedAt]),
    [['EG_1', 'EGRESS_COMPLETE', now - 570, now - 120]]);
  assert.deepEqual(meeting.attendees.map((a) => a.identity).sort(), ['ada__ab12', 'bo__cd34']);

  const one = await fetch(server.url(`/api/meetings/${meeting.id}`));
  assert.equal(one.status, 200);
  assert.deepEqual(await one.json(), meeting);
});

test('refuses deliveries that are not signed by our key or not intact', async () => {
  const badRoom = new Room({ sid: 'RM_bad', name: 'standup', creationTime: BigInt(now) });
  const event = { event: 'room_started', id: 'EV_bad', createdAt: BigInt(now), room: badRoom };
  for (const options of [{ secret: 'another-secret-of-enough-length-0000000' }, { tamper: true }]) {
    const res = await deliver(event, options);
    assert.equal(res.status, 401);
    const body = await res.json();
    assert.equal(body.error, 'unauthorized');
  }
  const unsigned = await fetch(server.url('/api/webhook'), { method: 'POST', body: '{}' });
  assert.equal(unsigned.status, 401);
  const list = await (await fetch(server.url('/api/meetings'))).json();
  assert.ok(!list.meetings.some((m) => m.roomSid === 'RM_bad'), 'nothing was recorded');
});

test('limits the webhook body to 1 MiB and takes no GET', async () => {
  const big = await fetch(server.url('/api/webhook'), { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
  assert.equal(big.status, 413);
  assert.equal((await fetch(server.url('/api/webhook'))).status, 405);
});

test('pages the history newest first', async () => {
  for (let i = 0; i < 5; i += 1) {
    const r = new Room({ sid: `RM_page${i}`, name: `page-${i}`, creationTime: BigInt(now - 100 + i) });
    assert.equal((await deliver({ event: 'room_started', id: `EV_page${i}`, createdAt: BigInt(now - 100 + i), room: r })).status, 200);
  }
  const first = await (await fetch(server.url('/api/meetings?limit=3'))).json();
  assert.deepEqual(first.meetings.map((m) => m.roomName), ['page-4', 'page-3', 'page-2']);
  assert.ok(first.nextCursor);
  const second = await (await fetch(server.url(`/api/meetings?limit=3&cursor=${encodeURIComponent(first.nextCursor)}`))).json();
  assert.deepEqual(second.meetings.map((m) => m.roomName), ['page-1', 'page-0', 'standup']);
  for (const bad of ['limit=0', 'limit=501', 'limit=x', 'cursor=garbage']) {
    const res = await fetch(server.url(`/api/meetings?${bad}`));
    assert.equal(res.status, 400, bad);
    assert.equal((await res.json()).error, 'bad_request');
  }
  for (const id of ['999999', 'abc', '-1']) {
    const res = await fetch(server.url(`/api/meetings/${id}`));
    assert.equal(res.status, 404, id);
    assert.equal((await res.json()).error, 'not_found');
  }
});

test('keeps the history across restarts', async () => {
  const before = await (await fetch(server.url('/api/meetings?limit=100'))).json();
  await server.stop();
  server = await startServer({ args: ['--data-dir', dataDir, '--lobby', 'all'] });
  const afterRestart = await (await fetch(server.url('/api/meetings?limit=100'))).json();
  assert.deepEqual(afterRestart, before);
  assert.ok(fs.existsSync(`${dataDir}/meetings.db`));
});

test('refuses to start when the data directory cannot be used', async () => {
  const file = `${tempDir('lkm-notdir-')}/plain-file`;
  fs.writeFileSync(file, 'x');
  await assert.rejects(startServer({ args: ['--data-dir', file] }), /--data-dir/);
});
