// Webhooks across implementations: bodies built with @livekit/protocol and signed the way the
// LiveKit server signs them, received by lkm-mint-tool (our C++ livekit module) and by
// livekit-server-sdk's WebhookReceiver. Build the tool first (target lkm-mint-tool); LKM_BUILD_DIR
// names the build directory.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AccessToken, WebhookReceiver } from 'livekit-server-sdk';
import {
  EgressInfo, EgressStatus, FileInfo, ParticipantInfo, ParticipantInfo_State, Room, WebhookEvent,
} from '@livekit/protocol';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tool = path.join(process.env.LKM_BUILD_DIR ?? path.join(repoRoot, 'build'), 'lkm-mint-tool');

const KEY = 'APIwebhookKey';
const SECRET = 'webhook-secret-0123456789-abcdefghijklmnop';
const OTHER_SECRET = 'other-secret-0123456789-abcdefghijklmnop';

const unixNow = () => Math.floor(Date.now() / 1000);
const payloadOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

function toolReceive(body, authorization, { now = unixNow(), keys = { [KEY]: SECRET } } = {}) {
  assert.ok(fs.existsSync(tool), `${tool} is missing: build the lkm-mint-tool target`);
  const out = spawnSync(tool, ['webhook'], {
    input: JSON.stringify({ body, authorization, keys, now }), encoding: 'utf8',
  });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout);
}

// As the LiveKit server does: a 5-minute token without grants whose sha256 claim is the standard
// base64 (with padding) of SHA-256 of the exact body.
async function sign(body, key = KEY, secret = SECRET) {
  const at = new AccessToken(key, secret, { ttl: '5m' });
  at.sha256 = crypto.createHash('sha256').update(body).digest('base64');
  return at.toJwt();
}

const sdkReceive = (body, authorization, secret = SECRET) =>
  new WebhookReceiver(KEY, secret).receive(body, authorization);

const NS = 1_000_000_000n;

// The SDK's parsed event, reduced to the fields (and units) the tool prints.
function sdkFields(event) {
  const out = { event: event.event, id: event.id, created_at: Number(event.createdAt) };
  if (event.room) {
    const { sid, name, creationTime, metadata } = event.room;
    out.room = { sid, name, creation_time: Number(creationTime), metadata };
  }
  if (event.participant) {
    const { sid, identity, name, joinedAt } = event.participant;
    out.participant = { sid, identity, name, joined_at: Number(joinedAt) };
  }
  if (event.egressInfo) {
    const e = event.egressInfo;
    out.egress_info = {
      egress_id: e.egressId, room_id: e.roomId, room_name: e.roomName, status: EgressStatus[e.status],
      started_at: String(e.startedAt), ended_at: String(e.endedAt), error: e.error,
      location: e.fileResults[0]?.location ?? (e.result.case === 'file' ? e.result.value.location : ''),
    };
  }
  return out;
}
const EVENTS = {
  room_started: {
    body: new WebhookEvent({
      event: 'room_started', id: 'EV_roomStarted1', createdAt: 1700000001n,
      room: new Room({
        sid: 'RM_TkVjUvAqgzKz', name: 'team-sync', emptyTimeout: 300, creationTime: 1700000000n,
        metadata: '{"topic":"weekly"}', turnPassword: 'not-for-us',
      }),
    }).toJsonString(),
    expected: {
      event: 'room_started', id: 'EV_roomStarted1', created_at: 1700000001,
      room: { sid: 'RM_TkVjUvAqgzKz', name: 'team-sync', creation_time: 1700000000, metadata: '{"topic":"weekly"}' },
    },
  },
  participant_joined: {
    body: new WebhookEvent({
      event: 'participant_joined', id: 'EV_partJoined1', createdAt: 1700000010n,
      room: new Room({ sid: 'RM_TkVjUvAqgzKz', name: 'team-sync' }),
      participant: new ParticipantInfo({
        sid: 'PA_9x8y7z', identity: 'Ada__x1y2', name: 'Ada Lovelace', joinedAt: 1700000009n,
        joinedAtMs: 1700000009123n, state: ParticipantInfo_State.ACTIVE, metadata: 'ü "quoted"',
      }),
    }).toJsonString(),
    expected: {
      event: 'participant_joined', id: 'EV_partJoined1', created_at: 1700000010,
      room: { sid: 'RM_TkVjUvAqgzKz', name: 'team-sync', creation_time: 0, metadata: '' },
      participant: { sid: 'PA_9x8y7z', identity: 'Ada__x1y2', name: 'Ada Lovelace', joined_at: 1700000009 },
    },
  },
  egress_ended: {
    body: new WebhookEvent({
      event: 'egress_ended', id: 'EV_egressEnded1', createdAt: 1700003601n,
      egressInfo: new EgressInfo({
        egressId: 'EG_abc123', roomId: 'RM_TkVjUvAqgzKz', roomName: 'team-sync',
        status: EgressStatus.EGRESS_COMPLETE,
        startedAt: 1700000000n * NS + 123_456_789n, endedAt: 1700003600n * NS + 999_999_999n,
        fileResults: [new FileInfo({ filename: 'team-sync.mp4', location: 's3://bucket/team-sync.mp4', size: 42n })],
        result: { case: 'file', value: new FileInfo({ location: 's3://bucket/deprecated.mp4' }) },
      }),
    }).toJsonString(),
    expected: {
      event: 'egress_ended', id: 'EV_egressEnded1', created_at: 1700003601,
      egress_info: {
        egress_id: 'EG_abc123', room_id: 'RM_TkVjUvAqgzKz', room_name: 'team-sync',
        status: 'EGRESS_COMPLETE', started_at: '1700000000123456789', ended_at: '1700003600999999999',
        error: '',
        location: 's3://bucket/team-sync.mp4',
      },
    },
  },
};

test('protojson sends int64 as strings and the egress status by name', () => {
  const egress = JSON.parse(EVENTS.egress_ended.body);
  assert.equal(egress.createdAt, '1700003601');
  assert.equal(egress.egressInfo.status, 'EGRESS_COMPLETE');
  assert.equal(egress.egressInfo.startedAt, '1700000000123456789');
});

for (const [name, { body, expected }] of Object.entries(EVENTS)) {
  test(`we accept and parse a signed ${name} delivery`, async () => {
    const result = toolReceive(body, await sign(body));
    assert.equal(result.ok, true, result.message);
    assert.deepEqual(result.event, expected);
  });

  test(`the SDK accepts the same ${name} delivery and reads the same fields`, async () => {
    const event = await sdkReceive(body, await sign(body));
    assert.deepEqual(sdkFields(event), expected);
  });

  test(`both refuse ${name} with a changed body`, async () => {
    const authorization = await sign(body);
    const changed = body.replace('team-sync', 'team-sink');
    assert.notEqual(changed, body);
    for (const tampered of [changed, `${body}\n`, ` ${body}`]) {
      const result = toolReceive(tampered, authorization);
      assert.equal(result.ok, false);
      assert.equal(result.error, 'body_mismatch');
      await assert.rejects(sdkReceive(tampered, authorization), /sha256/);
    }
  });

  test(`both refuse ${name} signed with another secret`, async () => {
    const authorization = await sign(body, KEY, OTHER_SECRET);
    const result = toolReceive(body, authorization);
    assert.equal(result.error, 'invalid_token');
    assert.ok(!result.message.includes(authorization.split('.')[2]));
    await assert.rejects(sdkReceive(body, authorization));
    // And the other way round: the right token, but the receiver holds another secret.
    const right = await sign(body);
    assert.equal(toolReceive(body, right, { keys: { [KEY]: OTHER_SECRET } }).error, 'invalid_token');
    await assert.rejects(sdkReceive(body, right, OTHER_SECRET));
  });
}

test('the signed token looks like the one the LiveKit server sends', async () => {
  const token = await sign(EVENTS.room_started.body);
  const claims = payloadOf(token);
  assert.deepEqual(Object.keys(claims).sort(), ['exp', 'iss', 'nbf', 'sha256']);
  assert.equal(claims.exp - claims.nbf, 300);
  assert.equal(claims.sha256.length, 44);
  assert.ok(claims.sha256.endsWith('='));
});

test('we also accept a Bearer prefix, which the SDK does not need', async () => {
  const { body, expected } = EVENTS.participant_joined;
  const token = await sign(body);
  for (const authorization of [`Bearer ${token}`, `bearer ${token}`]) {
    const result = toolReceive(body, authorization);
    assert.equal(result.ok, true, result.message);
    assert.deepEqual(result.event, expected);
  }
});

test('we refuse expired, unsigned and hashless deliveries', async () => {
  const { body } = EVENTS.room_started;
  const token = await sign(body);
  const { nbf, exp } = payloadOf(token);
  assert.equal(toolReceive(body, token, { now: exp + 60 }).ok, true);
  assert.equal(toolReceive(body, token, { now: exp + 61 }).error, 'invalid_token');
  assert.equal(toolReceive(body, token, { now: nbf - 61 }).error, 'invalid_token');
  assert.equal(toolReceive(body, token, { keys: { APIother: SECRET } }).error, 'invalid_token');
  assert.equal(toolReceive(body, '').error, 'missing_authorization');
  await assert.rejects(sdkReceive(body, ''), /empty/);

  const hashless = await new AccessToken(KEY, SECRET, { ttl: '5m' }).toJwt();
  assert.equal(toolReceive(body, hashless).error, 'missing_sha256');
  await assert.rejects(sdkReceive(body, hashless), /sha256/);
});

test('we refuse a signed body that is not a webhook event; the SDK parses only after checking too', async () => {
  for (const body of ['not json', '[]', '{"room":{"name":"r"}}']) {
    const result = toolReceive(body, await sign(body));
    assert.equal(result.error, 'invalid_body', body);
  }
  await assert.rejects(sdkReceive('not json', await sign('not json')), SyntaxError);
});
