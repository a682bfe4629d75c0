// The LiveKit server API client (src/livekit_api/twirp, room_service, egress; src/http_client/client)
// against a stand-in LiveKit server: node:http answering with @livekit/protocol messages serialised
// as the LiveKit server does, checking every bearer token with livekit-server-sdk's TokenVerifier
// and the grant each method needs, and parsing every request body with the protocol's request
// classes (strict: unknown fields are refused). Build the tool first (target lkm-twirp-tool);
// LKM_BUILD_DIR names the build directory.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEY, SECRET, ROOM, PARTICIPANT, EGRESS, standIn } from '../lib/livekit-standin.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tool = path.join(process.env.LKM_BUILD_DIR ?? path.join(repoRoot, 'build'), 'lkm-twirp-tool');

function runTool(command) {
  assert.ok(fs.existsSync(tool), `${tool} is missing: build the lkm-twirp-tool target`);
  return new Promise((resolve, reject) => {
    const child = spawn(tool, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (status) => {
      if (status !== 0) return reject(new Error(`tool exited ${status}: ${err}`));
      resolve(JSON.parse(out));
    });
    child.stdin.end(JSON.stringify({ key: KEY, secret: SECRET, timeoutMs: 5000, ...command }));
  });
}

let server;
test.before(async () => { server = await standIn(); });
test.after(async () => { await server?.close(); });
test.beforeEach(() => { server.calls.length = 0; server.faults.length = 0; });
const url = () => `ws://127.0.0.1:${server.port}`;

test('list_rooms: parsed from proto-name JSON, int64 as strings, roomList grant only', async () => {
  const out = await runTool({ url: url(), call: 'list_rooms', args: { names: ['team-sync', 'empty'] } });
  assert.equal(out.ok, true, JSON.stringify(out));
  assert.deepEqual(out.result[0], {
    sid: 'RM_abc', name: 'team-sync', num_participants: 3, num_publishers: 2,
    creation_time: 1700000000, active_recording: true, metadata: '{"topic":"weekly"}',
  });
  assert.equal(out.result[1].name, 'empty');
  assert.equal(out.result[1].creation_time, 0);
  const [call] = server.calls;
  assert.equal(call.url, '/twirp/livekit.RoomService/ListRooms');
  assert.equal(call.contentType, 'application/json');
  assert.ok(call.granted);
  assert.deepEqual(call.body, { names: ['team-sync', 'empty'] });
  assert.ok(call.ttl > 0 && call.ttl <= 600);
});

test('path prefix of the LiveKit URL is kept', async () => {
  const out = await runTool({ url: `${url()}/lk/`, call: 'list_rooms' });
  assert.equal(out.ok, false);
  assert.equal(server.calls[0].url, '/lk/twirp/livekit.RoomService/ListRooms');
});

const CASES = [
  ['create_room', { name: 'new-room' }, 'livekit.RoomService/CreateRoom',
    (r) => assert.deepEqual([r.name, r.sid, r.creation_time], ['new-room', 'RM_new', 1700000300])],
  ['delete_room', { name: 'team-sync' }, 'livekit.RoomService/DeleteRoom', (r) => assert.deepEqual(r, {})],
  ['list_participants', { room: 'team-sync' }, 'livekit.RoomService/ListParticipants', (r) => assert.deepEqual(r, [{
    sid: 'PA_1', identity: 'alice', name: 'Alice', state: 'ACTIVE', joined_at: 1700000100, metadata: 'm',
    attributes: { team: 'blue' },
    tracks: [
      { sid: 'TR_cam', name: '', type: 'VIDEO', source: 'CAMERA', muted: false },
      { sid: 'TR_mic', name: '', type: 'AUDIO', source: 'MICROPHONE', muted: true },
    ],
  }])],
  ['remove_participant', { room: 'team-sync', identity: 'bob' }, 'livekit.RoomService/RemoveParticipant',
    (r) => assert.deepEqual(r, {})],
  ['mute_published_track', { room: 'team-sync', identity: 'alice', trackSid: 'TR_mic', muted: true },
    'livekit.RoomService/MutePublishedTrack', (r) => assert.deepEqual([r.sid, r.muted, r.type], ['TR_mic', true, 'AUDIO'])],
  ['update_participant', { room: 'team-sync', identity: 'alice', metadata: 'new', attributes: { role: 'host' } },
    'livekit.RoomService/UpdateParticipant', (r) => {
      assert.equal(r.metadata, 'new');
      assert.deepEqual(r.attributes, { role: 'host' });
    }],
  ['start_room_composite_egress', {
    roomName: 'team-sync', layout: 'speaker', filepath: 'rec/{room_name}.mp4',
    s3: { accessKey: 'AK', secret: 'SK', region: 'eu', endpoint: 'https://s3.example', bucket: 'b' },
  }, 'livekit.Egress/StartRoomCompositeEgress', (r) => assert.deepEqual([r.egress_id, r.status], ['EG_new', 'EGRESS_STARTING'])],
  ['list_egress', { roomName: 'team-sync', active: true }, 'livekit.Egress/ListEgress', (r) => assert.deepEqual(r, [{
    egress_id: 'EG_1', room_id: 'RM_abc', room_name: 'team-sync', status: 'EGRESS_ACTIVE',
    started_at: 1700000200000000000, ended_at: 0, error: '', locations: ['s3://bucket/rec.mp4'],
  }])],
  ['stop_egress', { egressId: 'EG_1' }, 'livekit.Egress/StopEgress', (r) => assert.equal(r.status, 'EGRESS_ENDING')],
];

for (const [call, args, method, check] of CASES) {
  test(`${call}: ${method} with its grant, request accepted by the protocol's parser`, async () => {
    const out = await runTool({ url: url(), call, args });
    assert.equal(out.ok, true, JSON.stringify(out));
    assert.equal(server.calls.length, 1);
    assert.equal(server.calls[0].method, method);
    assert.ok(server.calls[0].granted, 'grant or body refused');
    check(out.result);
  });
}

test('egress request body is camelCase with the S3 upload', async () => {
  await runTool({ url: url(), call: 'start_room_composite_egress', args: CASES[6][1] });
  assert.deepEqual(server.calls[0].body, {
    roomName: 'team-sync', layout: 'speaker',
    fileOutputs: [{ filepath: 'rec/{room_name}.mp4', s3: { accessKey: 'AK', secret: 'SK', region: 'eu', endpoint: 'https://s3.example', bucket: 'b' } }],
  });
});

test('a wrong secret is refused by the stand-in and reported as a typed Twirp error', async () => {
  const out = await runTool({ url: url(), secret: 'wrong-secret-0123456789-abcdefghijklmno', call: 'list_rooms' });
  assert.equal(out.ok, false);
  assert.deepEqual([out.error.kind, out.error.code, out.error.status], ['twirp', 'unauthenticated', 401]);
  assert.equal(server.calls.length, 1, '4xx is not retried');
});

test('Twirp not_found is typed, not retried', async () => {
  server.faults.push('not_found');
  const out = await runTool({ url: url(), call: 'list_participants', args: { room: 'gone' } });
  assert.deepEqual(out.error, { kind: 'twirp', code: 'not_found', status: 404, message: 'room not found' });
  assert.equal(server.calls.length, 1);
});

test('500 then success: List* is retried', async () => {
  server.faults.push('500');
  const out = await runTool({ url: url(), call: 'list_rooms' });
  assert.equal(out.ok, true, JSON.stringify(out));
  assert.equal(server.calls.length, 2);
});

test('500 three times: List* gives up after 3 attempts with the last error', async () => {
  server.faults.push('500', '500', '500', '500');
  const out = await runTool({ url: url(), call: 'list_rooms' });
  assert.deepEqual([out.error.kind, out.error.code, out.error.status], ['twirp', 'internal', 500]);
  assert.equal(server.calls.length, 3);
});

test('500 on a call not safe to repeat: not retried', async () => {
  server.faults.push('500');
  const out = await runTool({ url: url(), call: 'create_room', args: { name: 'x' } });
  assert.equal(out.error.status, 500);
  assert.equal(server.calls.length, 1);
});

test('a 200 answer that is not JSON is a typed bad_response', async () => {
  server.faults.push('garbage');
  const out = await runTool({ url: url(), call: 'list_rooms' });
  assert.equal(out.ok, false);
  assert.equal(out.error.kind, 'bad_response');
  assert.equal(server.calls.length, 1);
});

test('a server that never answers: timeout within the deadline', async () => {
  server.faults.push('hang', 'hang', 'hang');
  const out = await runTool({ url: url(), call: 'list_rooms', timeoutMs: 1500 });
  assert.equal(out.error.kind, 'timeout');
  assert.ok(out.elapsedMs >= 1400 && out.elapsedMs < 3000, `elapsed ${out.elapsedMs} ms`);
});

test('connection refused: connect_failed, quickly', async () => {
  const closed = await new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  const out = await runTool({ url: `ws://127.0.0.1:${closed}`, call: 'list_rooms', timeoutMs: 3000 });
  assert.equal(out.error.kind, 'connect_failed');
  assert.ok(out.elapsedMs < 3000, `elapsed ${out.elapsedMs} ms`);
});

test('HTTPS: a self-signed certificate is refused; trusted explicitly it is accepted', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lkm-twirp-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost'], { encoding: 'utf8' });
  if (made.status !== 0) return t.skip(`openssl failed: ${made.stderr}`);
  const secure = await standIn(https.createServer, { key: fs.readFileSync(key), cert: fs.readFileSync(cert) });
  t.after(() => secure.close());
  const refused = await runTool({ url: `wss://localhost:${secure.port}`, call: 'list_rooms' });
  assert.equal(refused.ok, false);
  assert.equal(refused.error.kind, 'tls_failed', JSON.stringify(refused));
  assert.equal(secure.calls.length, 0);
  // With the certificate as a trusted CA the same call succeeds (host name localhost matches).
  const trusted = await runTool({ url: `wss://localhost:${secure.port}`, call: 'list_rooms', caFile: cert });
  assert.equal(trusted.ok, true, JSON.stringify(trusted));
  // ...but not under another name for the same server.
  const wrongName = await runTool({ url: `wss://127.0.0.1:${secure.port}`, call: 'list_rooms', caFile: cert });
  assert.equal(wrongName.error?.kind, 'tls_failed', JSON.stringify(wrongName));
});
