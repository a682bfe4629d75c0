// GET /api/rooms and Meet's recording routes through the real binary to a stand-in LiveKit server
// on loopback (tests/lib/livekit-standin.mjs: @livekit/protocol messages, every token checked with
// livekit-server-sdk). No LiveKit server can run on these machines; the stand-in is the partner.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { standIn } from '../lib/livekit-standin.mjs';
import { startServer, credentialsEnv, API_KEY, API_SECRET } from './lib/server.mjs';

// LiveKit Meet's own behaviour: every live room in the lobby, and anyone may record
// (docs/security.md has the defaults, which are stricter).
const MEET_BEHAVIOUR = ['--lobby', 'all', '--recording', 'anyone'];
const S3 = { S3_KEY_ID: 'AKID', S3_KEY_SECRET: 's3-secret', S3_BUCKET: 'recordings', S3_REGION: 'eu-1', S3_ENDPOINT: 'https://s3.example.test' };

let livekit;
let server;
before(async () => {
  livekit = await standIn(http.createServer, {}, { key: API_KEY, secret: API_SECRET, stateful: true });
  server = await startServer({ args: MEET_BEHAVIOUR, env: credentialsEnv({ LIVEKIT_URL: `ws://127.0.0.1:${livekit.port}`, ...S3 }) });
});
after(async () => {
  await server?.stop();
  await livekit?.close();
});

const post = (path, target = server) => fetch(target.url(path), { method: 'POST' });

test('lists the live rooms as LiveKit reports them', async () => {
  const res = await fetch(server.url('/api/rooms'));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const { rooms } = await res.json();
  assert.deepEqual(rooms[0], {
    name: 'team-sync', sid: 'RM_abc', numParticipants: 3, numPublishers: 2, createdAt: 1700000000,
    activeRecording: true, metadata: '{"topic":"weekly"}',
  });
  assert.equal(rooms[1].name, 'empty');
  const call = livekit.calls.at(-1);
  assert.equal(call.method, 'livekit.RoomService/ListRooms');
  assert.equal(call.granted, true, 'a roomList token, no identity, TTL <= 10 min');
});

test('starts and stops a recording as Meet does, only by POST', async () => {
  let res = await post('/api/record/start?roomName=team-sync');
  assert.equal(res.status, 409);
  assert.deepEqual(await res.json(), { error: 'conflict', message: 'Meeting is already being recorded' });

  res = await post('/api/record/start?roomName=design');
  assert.equal(res.status, 200);
  const started = await res.json();
  assert.equal(started.status, 'recording');
  const request = livekit.calls.find((c) => c.method === 'livekit.Egress/StartRoomCompositeEgress');
  assert.equal(request.granted, true);
  assert.equal(request.body.roomName, 'design');
  assert.equal(request.body.layout, 'speaker');
  const [output] = request.body.fileOutputs;
  assert.match(output.filepath, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z-design\.mp4$/);
  assert.deepEqual(output.s3, { accessKey: 'AKID', secret: 's3-secret', region: 'eu-1', endpoint: 'https://s3.example.test', bucket: 'recordings' });

  assert.equal((await post('/api/record/start?roomName=design')).status, 409, 'a starting egress counts');
  res = await post('/api/record/stop?roomName=design');
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 'stopped', stopped: 1 });
  res = await post('/api/record/stop?roomName=design');
  assert.equal(res.status, 404);
  assert.deepEqual(await res.json(), { error: 'not_found', message: 'No active recording found' });

  for (const path of ['/api/record/start?roomName=design', '/api/record/stop?roomName=design']) {
    assert.equal((await fetch(server.url(path))).status, 405, `GET ${path}`);
  }
  res = await post('/api/record/start');
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error, 'bad_request');
});

test('answers 503 when recording is not configured', async () => {
  const plain = await startServer({ args: MEET_BEHAVIOUR, env: credentialsEnv({ LIVEKIT_URL: `ws://127.0.0.1:${livekit.port}` }) });
  try {
    const res = await post('/api/record/start?roomName=design', plain);
    assert.equal(res.status, 503);
    const body = await res.json();
    assert.equal(body.error, 'not_configured');
    assert.match(body.message, /S3_KEY_ID/);
  } finally {
    await plain.stop();
  }
});

test('maps LiveKit failures to 502 and 504 and keeps minting tokens', async () => {
  livekit.faults.push('500', '500', '500');
  let res = await fetch(server.url('/api/rooms'));
  assert.equal(res.status, 502);
  assert.equal((await res.json()).error, 'bad_gateway');

  livekit.faults.push('garbage');
  res = await fetch(server.url('/api/rooms'));
  assert.equal(res.status, 502);

  livekit.faults.push('hang', 'hang', 'hang');
  const started = Date.now();
  res = await fetch(server.url('/api/rooms'));
  const elapsed = Date.now() - started;
  assert.equal(res.status, 504);
  assert.equal((await res.json()).error, 'gateway_timeout');
  assert.ok(elapsed < 13000, `answered within the 10 s deadline (${elapsed} ms)`);

  const details = await fetch(server.url('/api/connection-details?roomName=r&participantName=p'));
  assert.equal(details.status, 200);
});

test('a LiveKit answer that is not what was asked for is a 502, and nothing else suffers', async () => {
  for (const fault of ['wrong_shape', 'empty', 'truncated', 'not_http', 'huge', 'huge_trailer']) {
    livekit.faults.length = 0;
    livekit.faults.push(fault, fault, fault);
    const res = await fetch(server.url('/api/rooms'));
    assert.equal(res.status, 502, fault);
    const body = await res.json();
    assert.equal(body.error, 'bad_gateway', fault);
    assert.ok(!body.message.includes(API_SECRET), fault);
    assert.equal(server.proc.exitCode, null, `still running after ${fault}`);
    assert.equal((await fetch(server.url('/api/connection-details?roomName=r&participantName=p'))).status, 200, fault);
  }
  livekit.faults.length = 0;
  assert.equal((await fetch(server.url('/api/rooms'))).status, 200, 'and it recovers');
});

test('a LiveKit server slower than our deadline gets 504 while other requests are served', { timeout: 60000 }, async () => {
  for (const fault of ['hang', 'trickle']) {
    livekit.faults.length = 0;
    livekit.faults.push(fault, fault, fault);
    const slow = fetch(server.url('/api/rooms'));
    // Meanwhile, everything that does not need LiveKit is answered.
    for (let i = 0; i < 5; i++) {
      assert.equal((await fetch(server.url('/healthz'))).status, 200);
      assert.equal((await fetch(server.url(`/api/connection-details?roomName=r${i}&participantName=p`))).status, 200);
    }
    const res = await slow;
    assert.equal(res.status, 504, fault);
    assert.equal((await res.json()).error, 'gateway_timeout', fault);
  }
  livekit.faults.length = 0;
});

test('answers 502 quickly when LiveKit refuses connections', async () => {
  const probe = net.createServer();
  await new Promise((r) => probe.listen(0, '127.0.0.1', r));
  const closedPort = probe.address().port;
  await new Promise((r) => probe.close(r));
  const down = await startServer({ args: MEET_BEHAVIOUR, env: credentialsEnv({ LIVEKIT_URL: `ws://127.0.0.1:${closedPort}` }) });
  try {
    const started = Date.now();
    const res = await fetch(down.url('/api/rooms'));
    assert.equal(res.status, 502);
    assert.ok(Date.now() - started < 5000);
    assert.equal((await fetch(down.url('/api/connection-details?roomName=r&participantName=p'))).status, 200);
  } finally {
    await down.stop();
  }
});
