// Tokens across implementations: lkm-mint-tool (our C++ auth module) against livekit-server-sdk.
// Build the tool first (target lkm-mint-tool); LKM_BUILD_DIR names the build directory.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AccessToken, TokenVerifier, TrackSource } from 'livekit-server-sdk';
import { RoomConfiguration } from '@livekit/protocol';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tool = path.join(process.env.LKM_BUILD_DIR ?? path.join(repoRoot, 'build'), 'lkm-mint-tool');

const KEY = 'APIinteropKey';
const SECRET = 'interop-secret-0123456789-abcdefghijklmnop';

function run(mode, input) {
  assert.ok(fs.existsSync(tool), `${tool} is missing: build the lkm-mint-tool target`);
  const out = spawnSync(tool, [mode], { input: JSON.stringify(input), encoding: 'utf8' });
  return { status: out.status, stdout: out.stdout.trim(), stderr: out.stderr };
}

function toolMint(input) {
  const out = run('mint', input);
  assert.equal(out.status, 0, out.stderr);
  return out.stdout;
}

function toolVerify(token, now, keys = { [KEY]: SECRET }) {
  const out = run('verify', { token, keys, now });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout);
}

const payloadOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

// Mints with the SDK in the order our AccessToken serialises: constructor options (metadata,
// attributes, name), then video, sip, kind, sha256, roomPreset, roomConfig. jose reads the clock
// separately for exp and nbf, so a mint that straddles a second is retried.
const unixNow = () => Math.floor(Date.now() / 1000);
async function sdkMint(shape, key = KEY, secret = SECRET) {
  for (;;) {
    const before = unixNow();
    const at = new AccessToken(key, secret, {
      identity: shape.identity, name: shape.name, metadata: shape.metadata,
      attributes: shape.attributes, ttl: shape.ttl,
    });
    if (shape.video) at.addGrant(shape.sdkVideo ?? shape.video);
    if (shape.sip) at.addSIPGrant(shape.sip);
    if (shape.kind) at.kind = shape.kind;
    if (shape.sha256) at.sha256 = shape.sha256;
    if (shape.roomPreset) at.roomPreset = shape.roomPreset;
    if (shape.roomConfig) at.roomConfig = shape.sdkRoomConfig ?? shape.roomConfig;
    const token = await at.toJwt();
    if (unixNow() === before) return token;
  }
}

const toolInput = (shape, now) => ({
  apiKey: KEY, apiSecret: SECRET, now, ttl: shape.ttl, identity: shape.identity, name: shape.name,
  metadata: shape.metadata, attributes: shape.attributes, kind: shape.kind, sha256: shape.sha256,
  roomPreset: shape.roomPreset, video: shape.video, sip: shape.sip, roomConfig: shape.roomConfig,
});

const roomConfig = new RoomConfiguration({ name: 'cfg', emptyTimeout: 30, maxParticipants: 8 });

const SHAPES = {
  'Meet connection details': {
    identity: 'Ada__x1y2', name: 'Ada', metadata: '{"lang":"de"}', ttl: '5m', ttlSeconds: 300,
    video: { room: 'team-sync', roomJoin: true, canPublish: true, canPublishData: true, canSubscribe: true },
  },
  'name only': { name: 'Just A Name', ttl: 3600, ttlSeconds: 3600 },
  attributes: {
    identity: 'bo', attributes: { role: 'host', 'x.y': '1', z: '' }, ttl: '10m', ttlSeconds: 600,
    video: { room: 'r', roomJoin: true },
  },
  kind: { identity: 'agent-1', kind: 'agent', ttl: 90, ttlSeconds: 90, video: { room: 'r', agent: true } },
  'every video field': {
    identity: 'all', ttl: '1.5h', ttlSeconds: 5400,
    video: {
      room: 'r', roomJoin: true, roomCreate: false, roomList: true, roomRecord: false, roomAdmin: true,
      ingressAdmin: false, canPublish: true, canPublishSources: ['camera', 'microphone', 'screen_share', 'screen_share_audio'],
      canPublishData: false, canSubscribe: true, canUpdateOwnMetadata: false, hidden: true, recorder: false,
      agent: true, canSubscribeMetrics: false, canManageAgentSession: true, destinationRoom: 'other',
    },
  },
  'sip grant': { ttl: '2 days', ttlSeconds: 172800, sip: { admin: true, call: false } },
  'webhook-like': { sha256: 'CoEQz1chqJ9bnZRcORddjplkvpjmPujmLTR42DbefYI=', ttl: '5m', ttlSeconds: 300 },
  'room preset and config': {
    identity: 'cfg', roomPreset: 'preset-1', ttl: '1w', ttlSeconds: 604800,
    roomConfig: JSON.parse(JSON.stringify(roomConfig)), sdkRoomConfig: roomConfig,
    video: { roomCreate: true },
  },
  'strings that need escaping': {
    identity: 'ü/ß"\\', name: 'Ann \u{1F600} \u2028\u0085\x7f', metadata: 'a\nb\tc\u0001\u001f\b\f\r',
    attributes: { 'k"ey': 'v\\al' }, ttl: '1y', ttlSeconds: 31557600,
  },
};
SHAPES['every video field'].sdkVideo = {
  ...SHAPES['every video field'].video,
  canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE,
    TrackSource.SCREEN_SHARE_AUDIO],
};

for (const [name, shape] of Object.entries(SHAPES)) {
  test(`mints the SDK's token byte for byte: ${name}`, async () => {
    const sdkToken = await sdkMint(shape);
    assert.equal(toolMint(toolInput(shape, payloadOf(sdkToken).nbf)), sdkToken);
  });

  test(`the SDK verifies our token with the same claims: ${name}`, async () => {
    const now = unixNow();
    const ours = toolMint(toolInput(shape, now));
    const claims = await new TokenVerifier(KEY, SECRET).verify(ours);
    const { exp: _exp, nbf: _nbf, ...sdkClaims } = payloadOf(await sdkMint(shape));
    const { exp: _ourExp, nbf: _ourNbf, ...ourClaims } = claims;
    assert.deepEqual(ourClaims, sdkClaims);
    assert.equal(claims.iss, KEY);
    assert.equal(claims.nbf, now);
    assert.equal(claims.exp, now + shape.ttlSeconds);
    assert.equal(claims.sub, shape.identity);
    assert.equal(claims.name, shape.name);
    assert.equal(claims.metadata, shape.metadata);
    assert.deepEqual(claims.attributes, shape.attributes);
    assert.deepEqual(claims.video, shape.video);
    assert.deepEqual(claims.sip, shape.sip);
    assert.deepEqual(claims.roomConfig, shape.roomConfig);
  });

  test(`we verify the SDK's token with the same claims: ${name}`, async () => {
    const sdkToken = await sdkMint(shape);
    const result = toolVerify(sdkToken, payloadOf(sdkToken).nbf + 1);
    assert.equal(result.ok, true, result.message);
    assert.deepEqual(result.claims, payloadOf(sdkToken));
  });
}

test('the same TTL strings give the same lifetime in both', async () => {
  for (const ttl of ['1s', '90s', '10m', '5h', '2d', '1w', '2 days', '1.5h', '1y', '3 Hours',
    '0.5s', '2.5 secs', '1.001h', '+10m', '+ 3d', ' 7 mins', '10m from now', '10 MINUTES', '1 yr']) {
    const sdkToken = await sdkMint({ ttl });
    const ours = toolMint({ apiKey: KEY, apiSecret: SECRET, now: payloadOf(sdkToken).nbf, ttl });
    assert.equal(ours, sdkToken, `ttl ${JSON.stringify(ttl)}`);
  }
});

test('TTL strings the SDK refuses are refused by the tool too', async () => {
  for (const ttl of ['100ms', '1.5', 'abc', '10 m ', '5m ago from now', '+5m from now']) {
    await assert.rejects(sdkMint({ ttl }), `the SDK accepted ${JSON.stringify(ttl)}`);
    const out = run('mint', { apiKey: KEY, apiSecret: SECRET, now: 1700000000, ttl });
    assert.equal(out.status, 2, `the tool accepted ${JSON.stringify(ttl)}`);
    assert.match(out.stderr, /invalid TTL/);
  }
});

test('joining without an identity is refused by both', async () => {
  const shape = { video: { room: 'r', roomJoin: true } };
  await assert.rejects(sdkMint(shape), /identity is required/);
  const out = run('mint', toolInput(shape, 1700000000));
  assert.equal(out.status, 1);
  assert.match(out.stderr, /identity_required/);
});

test('we look the SDK token up among several keys by its issuer', async () => {
  const keys = { APIfirst: 'first-secret-0123456789', [KEY]: SECRET, APIlast: 'last-secret-0123456789' };
  for (const [key, secret] of Object.entries(keys)) {
    const token = await sdkMint({ identity: 'me', ttl: '10m' }, key, secret);
    const result = toolVerify(token, payloadOf(token).nbf, keys);
    assert.equal(result.ok, true, result.message);
    assert.equal(result.claims.iss, key);
  }
});

test('we refuse SDK tokens signed with another secret, from unknown keys, or expired', async () => {
  const token = await sdkMint({ identity: 'me', ttl: '10m' });
  const { nbf, exp } = payloadOf(token);
  assert.equal(toolVerify(token, nbf, { [KEY]: 'not-the-secret' }).error, 'bad_signature');
  assert.equal(toolVerify(token, nbf, { APIother: SECRET }).error, 'unknown_key');
  assert.equal(toolVerify(token, exp + 60).ok, true);
  const expired = toolVerify(token, exp + 61);
  assert.equal(expired.error, 'expired');
  assert.ok(!expired.message.includes(SECRET) && !expired.message.includes(token.slice(0, 20)));
  assert.equal(toolVerify(token, nbf + 86400 * 365).error, 'expired');
  assert.equal(toolVerify(token, nbf - 61).error, 'not_yet_valid');
});

test('the SDK refuses our token signed with another secret or expired', async () => {
  const now = unixNow();
  const ours = toolMint({ apiKey: KEY, apiSecret: SECRET, now, ttl: 60, identity: 'me' });
  await assert.rejects(new TokenVerifier(KEY, 'not-the-secret').verify(ours));
  await assert.rejects(new TokenVerifier('APIother', SECRET).verify(ours));
  const old = toolMint({ apiKey: KEY, apiSecret: SECRET, now: now - 3600, ttl: 60, identity: 'me' });
  await assert.rejects(new TokenVerifier(KEY, SECRET).verify(old), /exp/);
});
