// examples/room_service against the stand-in LiveKit server (tests/lib/livekit-standin.mjs), which
// checks every token with livekit-server-sdk's TokenVerifier and every request body with
// @livekit/protocol's request classes: what the example prints, and what the server received.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { ParticipantInfo, ParticipantInfo_State } from '@livekit/protocol';
import { KEY, SECRET, standIn } from '../lib/livekit-standin.mjs';
import { run } from './lib/examples.mjs';

const ROOM = 'example-room';

// A stand-in for one test with `example-room` live and two people in it; closed after the test.
async function server(t) {
  const state = await standIn(http.createServer, {}, {
    rooms: [ROOM, 'team-sync'],
    rosters: {
      [ROOM]: ['ada', 'bo'].map((identity, i) => new ParticipantInfo({
        sid: `PA_${i}`, identity, state: ParticipantInfo_State.ACTIVE,
      })),
    },
  });
  t.after(() => state.close());
  return state;
}

const roomService = (url, secret = SECRET) => run('room_service', {
  env: { LIVEKIT_URL: url, LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: secret },
});

test('room_service: each call, its answer, and what the server received', async (t) => {
  const lk = await server(t);
  const out = await roomService(`ws://127.0.0.1:${lk.port}`);
  assert.equal(out.status, 0, out.stderr);
  assert.equal(out.stdout, [
    `created ${ROOM} sid=RM_new empty_timeout=300 metadata={"topic":"examples"}`,
    `rooms: ${ROOM} team-sync`,
    `updated ${ROOM} metadata={"topic":"updated"}`,
    'participants: ada bo',
    'sent 14 bytes topic=chat',
    `deleted ${ROOM}`,
    '',
  ].join('\n'));

  // One request per call, in order, each accepted by the protocol's parser with the grant it needs.
  const admin = { room: ROOM, roomAdmin: true };
  const expected = [
    ['CreateRoom', { roomCreate: true }, { name: ROOM, emptyTimeout: 300, metadata: '{"topic":"examples"}' }],
    ['ListRooms', { roomList: true }, { names: [] }],
    ['UpdateRoomMetadata', admin, { room: ROOM, metadata: '{"topic":"updated"}' }],
    ['ListParticipants', admin, { room: ROOM }],
    ['SendData', admin, undefined],
    ['DeleteRoom', { roomCreate: true }, { room: ROOM }],
  ];
  assert.deepEqual(lk.calls.map((c) => c.method), expected.map(([m]) => `livekit.RoomService/${m}`));
  for (const [i, [method, video, body]] of expected.entries()) {
    const call = lk.calls[i];
    assert.ok(call.granted, `${method}: token, body or grant refused`);
    // Only the grant the call needs: no identity, no other permission, a short lifetime.
    assert.deepEqual(call.claims.video, video, method);
    assert.equal(call.claims.sub, undefined, method);
    assert.ok(call.ttl > 0 && call.ttl <= 600, `${method}: ttl ${call.ttl}`);
    if (body) assert.deepEqual(call.body, body, method);
  }
  assert.deepEqual(lk.sent, [{
    room: ROOM, data: 'hello from C++', kind: 'RELIABLE', destinationIdentities: [], topic: 'chat',
  }]);
  assert.equal(lk.rosters[ROOM], undefined, 'the room was deleted');
});

test('room_service: a refused call is reported with its code, reason and status', async (t) => {
  const lk = await server(t);
  const out = await roomService(`ws://127.0.0.1:${lk.port}`, 'not-the-secret-0123456789-abcdefghijklm');
  assert.equal(out.status, 1);
  assert.equal(out.stdout, '');
  assert.match(out.stderr, /^create_room failed: server_error reason=unauthenticated status=401: /);
  assert.ok(!out.stderr.includes('not-the-secret'), 'the secret is never printed');
  assert.equal(lk.calls.length, 1, 'nothing is called after a failure');
});

test('room_service: stops at the first failing call', async (t) => {
  const lk = await server(t);
  lk.faults.push(undefined, undefined, 'not_found');  // the third request: UpdateRoomMetadata
  const out = await roomService(`http://127.0.0.1:${lk.port}`);
  assert.equal(out.status, 1);
  assert.equal(out.stdout, `created ${ROOM} sid=RM_new empty_timeout=300 metadata={"topic":"examples"}\n`
    + `rooms: ${ROOM} team-sync\n`);
  assert.match(out.stderr, /^update_room_metadata failed: server_error reason=not_found status=404: /);
  assert.equal(lk.calls.length, 3, 'a 404 is not retried, and nothing follows');
  assert.deepEqual(lk.sent, []);
});

test('room_service: no server, or a URL that is not one, is reported', async () => {
  const closed = await new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  const unreachable = await roomService(`ws://127.0.0.1:${closed}`);
  assert.equal(unreachable.status, 1);
  assert.match(unreachable.stderr, /^create_room failed: connection_failed reason= status=0: /);

  const notAUrl = await roomService('ftp://127.0.0.1/');
  assert.equal(notAUrl.status, 1);
  assert.match(notAUrl.stderr, /^RoomServiceClient failed: invalid_argument /);
});
