// A stand-in LiveKit server for tests: no LiveKit server can run on these machines, so this
// node:http server answers the Twirp API with @livekit/protocol messages serialised as the LiveKit
// server does (proto field names, every field, int64 as strings), checks every bearer token with
// livekit-server-sdk's TokenVerifier and the grant each method needs, and parses every request
// body with the protocol's own request classes (strict: unknown fields are refused).
import http from 'node:http';
import { TokenVerifier } from 'livekit-server-sdk';
import {
  CreateRoomRequest, DataPacket_Kind, DeleteRoomRequest, DeleteRoomResponse, EgressInfo, EgressStatus,
  FileInfo, ListEgressRequest, ListEgressResponse, ListParticipantsRequest, ListParticipantsResponse,
  ListRoomsRequest, ListRoomsResponse, MuteRoomTrackRequest, MuteRoomTrackResponse,
  ParticipantInfo, ParticipantInfo_State, RemoveParticipantResponse, Room,
  RoomCompositeEgressRequest, RoomParticipantIdentity, SendDataRequest, SendDataResponse,
  StopEgressRequest, TrackInfo, TrackSource, TrackType, UpdateParticipantRequest,
  UpdateRoomMetadataRequest,
} from '@livekit/protocol';

export const KEY = 'APItwirpKey';
export const SECRET = 'twirp-secret-0123456789-abcdefghijklmnop';
export const wire = (message) => JSON.stringify(message.toJson({ useProtoFieldName: true, emitDefaultValues: true }));

export const ROOM = new Room({
  sid: 'RM_abc', name: 'team-sync', emptyTimeout: 300, creationTime: 1700000000n,
  creationTimeMs: 1700000000123n, metadata: '{"topic":"weekly"}', numParticipants: 3,
  numPublishers: 2, activeRecording: true, turnPassword: 'x',
});
export const PARTICIPANT = new ParticipantInfo({
  sid: 'PA_1', identity: 'alice', name: 'Alice', state: ParticipantInfo_State.ACTIVE,
  joinedAt: 1700000100n, metadata: 'm', attributes: { team: 'blue' },
  tracks: [
    new TrackInfo({ sid: 'TR_cam', type: TrackType.VIDEO, source: TrackSource.CAMERA, muted: false }),
    new TrackInfo({ sid: 'TR_mic', type: TrackType.AUDIO, source: TrackSource.MICROPHONE, muted: true }),
  ],
});
export const EGRESS = new EgressInfo({
  egressId: 'EG_1', roomId: 'RM_abc', roomName: 'team-sync', status: EgressStatus.EGRESS_ACTIVE,
  startedAt: 1700000200000000000n, fileResults: [new FileInfo({ location: 's3://bucket/rec.mp4' })],
});

// method -> [request class, grant check(video, body), answer(body, state, request)]: `body` is the
// request's JSON as sent, `request` the same parsed into the request class.
const admin = (video, body) => video.roomAdmin === true && video.room === body.room &&
  Object.keys(video).sort().join() === 'room,roomAdmin';
const only = (key) => (video) => video[key] === true && Object.keys(video).join() === key;
const METHODS = {
  'livekit.RoomService/ListRooms': [ListRoomsRequest, only('roomList'), (body, state) => {
    // `state.rooms` (room names) when a test sets it, else the two fixed rooms; filtered by
    // `names` as LiveKit does.
    const rooms = state.rooms
      ? state.rooms.map((name, i) => new Room({ sid: `RM_live${i}`, name, numParticipants: 1 }))
      : [ROOM, new Room({ sid: 'RM_2', name: 'empty' })];
    const names = body.names ?? [];
    return wire(new ListRoomsResponse({ rooms: names.length ? rooms.filter((r) => names.includes(r.name)) : rooms }));
  }],
  // As LiveKit: the new room has the settings asked for.
  'livekit.RoomService/CreateRoom': [CreateRoomRequest, only('roomCreate'),
    (body, state, request) => wire(new Room({
      sid: 'RM_new', name: request.name, creationTime: 1700000300n, emptyTimeout: request.emptyTimeout,
      departureTimeout: request.departureTimeout, maxParticipants: request.maxParticipants,
      metadata: request.metadata,
    }))],
  // ROOM with its new metadata; any other room is taken for one CreateRoom made.
  'livekit.RoomService/UpdateRoomMetadata': [UpdateRoomMetadataRequest, admin,
    (body, state, request) => wire(request.room === ROOM.name
      ? new Room({ ...ROOM, metadata: request.metadata })
      : new Room({ sid: 'RM_new', name: request.room, creationTime: 1700000300n, metadata: request.metadata }))],
  'livekit.RoomService/SendData': [SendDataRequest, admin, (body, state, request) => {
    state.sent.push({
      room: request.room, data: Buffer.from(request.data).toString(), kind: DataPacket_Kind[request.kind],
      destinationIdentities: request.destinationIdentities, topic: request.topic,
    });
    return wire(new SendDataResponse());
  }],
  'livekit.RoomService/DeleteRoom': [DeleteRoomRequest, only('roomCreate'), (body, state) => {
    if (state.rosters) delete state.rosters[body.room];
    return wire(new DeleteRoomResponse());
  }],
  'livekit.RoomService/ListParticipants': [ListParticipantsRequest, admin,
    (body, state) => wire(new ListParticipantsResponse({
      participants: state.rosters ? (state.rosters[body.room] ?? []) : [PARTICIPANT],
    }))],
  'livekit.RoomService/RemoveParticipant': [RoomParticipantIdentity, admin, (body, state) => {
    if (state.rosters?.[body.room]) {
      state.rosters[body.room] = state.rosters[body.room].filter((p) => p.identity !== body.identity);
    }
    return wire(new RemoveParticipantResponse());
  }],
  'livekit.RoomService/MutePublishedTrack': [MuteRoomTrackRequest, admin,
    (body, state) => {
      const known = state.rosters?.[body.room]?.find((p) => p.identity === body.identity)
        ?.tracks.find((t) => t.sid === body.trackSid);
      if (known) known.muted = body.muted ?? false;
      return wire(new MuteRoomTrackResponse({ track: known ? new TrackInfo(known) : new TrackInfo({ sid: body.trackSid, type: TrackType.AUDIO, source: TrackSource.MICROPHONE, muted: body.muted }) }));
    }],
  'livekit.RoomService/UpdateParticipant': [UpdateParticipantRequest, admin, (body, state) => {
    if (!state.rosters) {
      return wire(new ParticipantInfo({ ...PARTICIPANT, metadata: body.metadata ?? '', name: body.name ?? '', attributes: body.attributes ?? {} }));
    }
    // As LiveKit: attributes merge into the participant's, an empty value deletes its key.
    const known = state.rosters[body.room]?.find((p) => p.identity === body.identity);
    if (!known) return { error: [404, 'not_found', 'participant not found'] };
    known.attributes = { ...(known.attributes ?? {}) };
    for (const [k, v] of Object.entries(body.attributes ?? {})) {
      if (v === '') delete known.attributes[k]; else known.attributes[k] = v;
    }
    return wire(new ParticipantInfo(known));
  }],
  'livekit.Egress/StartRoomCompositeEgress': [RoomCompositeEgressRequest, only('roomRecord'),
    (body, state) => {
      const started = new EgressInfo({ egressId: state.stateful ? `EG_new${state.egress.length}` : 'EG_new', roomName: body.roomName, status: EgressStatus.EGRESS_STARTING });
      if (state.stateful) state.egress.push(started);
      return wire(started);
    }],
  'livekit.Egress/ListEgress': [ListEgressRequest, only('roomRecord'),
    (body, state) => wire(new ListEgressResponse({
      items: state.egress.filter((e) => (!body.roomName || e.roomName === body.roomName)
        && (!body.active || e.status <= EgressStatus.EGRESS_ENDING)),
    }))],
  'livekit.Egress/StopEgress': [StopEgressRequest, only('roomRecord'),
    (body, state) => {
      const item = state.egress.find((e) => e.egressId === body.egressId);
      if (item && state.stateful) item.status = EgressStatus.EGRESS_ENDING;
      return wire(new EgressInfo({ ...(item ?? EGRESS), egressId: body.egressId, status: EgressStatus.EGRESS_ENDING }));
    }],
};

const twirpError = (res, status, code, msg) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ code, msg, meta: {} }));
};

// The stand-in. `faults` is a queue of actions for the next requests; `calls` records what
// arrived. Faults: '500', 'not_found', 'garbage' (an HTML page as 200), 'hang' (never answers),
// 'trickle' (a 200 header, then one byte of its body a second), 'wrong_shape' (valid JSON of the
// wrong shape), 'empty' (200 with an empty body), 'truncated' (a body cut short by a closed
// connection), 'not_http' (bytes that are not HTTP, then close), 'huge' (a 9 MiB body),
// 'huge_trailer' (a chunked 200 with a 70 KB trailer field).
// `sent`: what SendData calls asked to send (nothing is delivered), in order: { room, data (the
// bytes as UTF-8 text), kind ('RELIABLE' or 'LOSSY'), destinationIdentities, topic (undefined when
// none) }.
// `stateful`: StartRoomCompositeEgress adds to the egress list and StopEgress ends it, so a test can
// follow a recording through start, list and stop.
// `rooms`: names of the live rooms ListRooms answers (kept as `state.rooms`, which tests may
// change); without it, ROOM and a room named 'empty'.
// `rosters`: an object of room name -> ParticipantInfo[] (kept as `state.rosters`, which tests may
// change). With it, ListParticipants answers the room's list (empty for an unknown room),
// RemoveParticipant takes the identity out, MutePublishedTrack sets the track's `muted`,
// UpdateParticipant merges attributes (not_found for someone not there) and DeleteRoom forgets
// the room. Without it, ListParticipants always answers PARTICIPANT.
export function standIn(createServer = http.createServer, options = {},
  { key = KEY, secret = SECRET, stateful = false, rosters, rooms } = {}) {
  const state = {
    calls: [], faults: [], hanging: [], sent: [], stateful, egress: [new EgressInfo(EGRESS)], rosters, rooms,
  };
  const verifier = new TokenVerifier(key, secret);
  const server = createServer(options, (req, res) => {
    let raw = '';
    req.on('data', (chunk) => { raw += chunk; });
    req.on('end', async () => {
      const method = req.url.replace(/^\/twirp\//, '');
      const record = { url: req.url, method, contentType: req.headers['content-type'], raw };
      state.calls.push(record);
      const fault = state.faults.shift();
      if (fault === 'hang') { state.hanging.push(res); return; }
      if (fault === '500') return twirpError(res, 500, 'internal', 'try again');
      if (fault === 'not_found') return twirpError(res, 404, 'not_found', 'room not found');
      if (fault === 'garbage') { res.writeHead(200, { 'Content-Type': 'application/json' }); return res.end('<html>oops'); }
      if (fault === 'trickle') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '4096' });
        const timer = setInterval(() => res.write(' '), 1000);
        res.on('close', () => clearInterval(timer));
        state.hanging.push(res);
        return undefined;
      }
      if (fault === 'wrong_shape') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end('{"rooms":"none","egressId":42,"items":{"x":1},"participants":[1,2]}');
      }
      if (fault === 'empty') { res.writeHead(200, { 'Content-Type': 'application/json' }); return res.end(); }
      if (fault === 'truncated') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
        res.write('{"rooms":[');
        return setTimeout(() => res.socket?.destroy(), 50);
      }
      if (fault === 'not_http') return res.socket.end('SSH-2.0-OpenSSH_9.2\r\n\0\xff\r\n\r\n');
      if (fault === 'huge') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end(`{"rooms":[],"pad":"${'x'.repeat(9 * 1024 * 1024)}"}`);
      }
      if (fault === 'huge_trailer') {
        return res.socket.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'
          + `d\r\n{"rooms":[]}\n\r\n0\r\nX-Big: ${'a'.repeat(70000)}\r\n\r\n`);
      }
      const entry = METHODS[method];
      if (req.method !== 'POST' || !entry) return twirpError(res, 404, 'bad_route', `no handler for ${req.url}`);
      const auth = req.headers.authorization ?? '';
      let claims;
      try {
        claims = await verifier.verify(auth.replace(/^Bearer /, ''));
      } catch (error) {
        return twirpError(res, 401, 'unauthenticated', String(error));
      }
      record.claims = claims;
      let body;
      let request;
      try {
        body = JSON.parse(raw);
        request = entry[0].fromJson(body);  // strict protojson: refuses unknown or mistyped fields
      } catch (error) {
        return twirpError(res, 400, 'invalid_argument', String(error));
      }
      record.body = body;
      const payload = JSON.parse(Buffer.from(auth.split('.')[1], 'base64url').toString());
      record.ttl = payload.exp - payload.nbf;
      if (payload.sub || !entry[1](claims.video ?? {}, body) || record.ttl > 600)
        return twirpError(res, 403, 'permission_denied', 'wrong grant');
      record.granted = true;
      const answer = entry[2](body, state, request);
      if (answer?.error) return twirpError(res, ...answer.error);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(answer);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    state.port = server.address().port;
    state.close = () => new Promise((done) => {
      for (const res of state.hanging) res.destroy();
      server.closeAllConnections?.();
      server.close(done);
    });
    resolve(state);
  }));
}

