// The RoomService over Twirp (POST /twirp/livekit.RoomService/<Method>, JSON), answered from the
// live state with the effects LiveKit has on connected clients. Bodies and answers are
// @livekit/protocol messages in protojson as LiveKit writes them (proto field names, every field,
// int64 as strings); errors are Twirp's {code, msg, meta}.
import {
  CreateRoomRequest,
  DeleteRoomRequest,
  DeleteRoomResponse,
  DisconnectReason,
  ListParticipantsRequest,
  ListParticipantsResponse,
  ListRoomsRequest,
  ListRoomsResponse,
  MuteRoomTrackRequest,
  MuteRoomTrackResponse,
  ParticipantPermission,
  RemoveParticipantResponse,
  RoomParticipantIdentity,
  UpdateParticipantRequest,
  UpdateRoomMetadataRequest,
} from '@livekit/protocol';

const wire = (message) => JSON.stringify(message.toJson({ useProtoFieldName: true, emitDefaultValues: true }));

class TwirpError extends Error {
  constructor(status, code, msg) {
    super(msg);
    this.status = status;
    this.code = code;
  }
}

const notFound = (msg) => new TwirpError(404, 'not_found', msg);
const denied = () => new TwirpError(401, 'unauthenticated', 'permissions denied');

const admin = (video, body) => {
  if (!video.roomAdmin || !body.room || video.room !== body.room) throw denied();
};
const grant = (key) => (video) => {
  if (!video[key]) throw denied();
};

function roomOf(sfu, name) {
  const room = sfu.rooms.get(name);
  if (!room) throw notFound('requested room does not exist');
  return room;
}

function participantOf(sfu, body) {
  const p = roomOf(sfu, body.room).participants.get(body.identity);
  if (!p) throw notFound('participant does not exist');
  return p;
}

// method -> [request class, grant check, handler(sfu, request) -> response message]
const METHODS = {
  ListRooms: [ListRoomsRequest, grant('roomList'), (sfu, req) => {
    const rooms = [...sfu.rooms.values()].filter((r) => req.names.length === 0 || req.names.includes(r.name));
    return new ListRoomsResponse({ rooms: rooms.map((r) => r.info()) });
  }],
  CreateRoom: [CreateRoomRequest, grant('roomCreate'), (sfu, req) => {
    if (req.metadata && !sfu.rooms.has(req.name)) sfu.roomFor(req.name).metadata = req.metadata;
    return sfu.roomFor(req.name).info();
  }],
  DeleteRoom: [DeleteRoomRequest, grant('roomCreate'), (sfu, req) => {
    sfu.deleteRoom(roomOf(sfu, req.room));
    return new DeleteRoomResponse();
  }],
  UpdateRoomMetadata: [UpdateRoomMetadataRequest, admin, (sfu, req) => {
    const room = roomOf(sfu, req.room);
    room.metadata = req.metadata;
    const info = room.info();
    for (const p of room.participants.values()) p.send('roomUpdate', { room: info });
    return info;
  }],
  ListParticipants: [ListParticipantsRequest, admin, (sfu, req) =>
    new ListParticipantsResponse({ participants: [...roomOf(sfu, req.room).participants.values()].map((p) => p.info()) })],
  GetParticipant: [RoomParticipantIdentity, admin, (sfu, req) => participantOf(sfu, req).info()],
  RemoveParticipant: [RoomParticipantIdentity, admin, (sfu, req) => {
    const p = participantOf(sfu, req);
    p.room.remove(p, DisconnectReason.PARTICIPANT_REMOVED, { notify: true });
    return new RemoveParticipantResponse();
  }],
  MutePublishedTrack: [MuteRoomTrackRequest, admin, (sfu, req) => {
    const p = participantOf(sfu, req);
    const track = p.room.setMuted(p, req.trackSid, req.muted, { fromServer: true });
    if (!track) throw notFound('track is not found');
    return new MuteRoomTrackResponse({ track });
  }],
  UpdateParticipant: [UpdateParticipantRequest, admin, (sfu, req) => {
    const p = participantOf(sfu, req);
    const room = p.room;
    if (req.name) p.name = req.name;
    if (req.metadata) p.metadata = req.metadata;
    for (const [key, value] of Object.entries(req.attributes)) {
      if (value === '') delete p.attributes[key];
      else p.attributes[key] = value;
    }
    if (req.permission) {
      const before = p.permission;
      p.permission = new ParticipantPermission(req.permission);
      if (before.canSubscribe && !p.permission.canSubscribe) {
        for (const other of room.others(p)) for (const pub of other.tracks.values()) room.unsubscribe(p, pub);
      }
      if (before.canPublish && !p.permission.canPublish) {
        for (const pub of [...p.tracks.values()]) room.unpublish(p, pub);
      }
      if (!before.canSubscribe && p.permission.canSubscribe && p.autoSubscribe) {
        for (const other of room.others(p)) for (const pub of other.tracks.values()) room.subscribe(p, pub);
      }
    }
    p.changed();
    room.broadcast(p, { self: true });
    return p.info();
  }],
};

/** Handles one /twirp/ request. */
export async function handleTwirp(sfu, req, res) {
  const reply = (status, body) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(body);
  };
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 1 << 20) return reply(413, JSON.stringify({ code: 'invalid_argument', msg: 'request body too large', meta: {} }));
    chunks.push(chunk);
  }
  const match = /^\/twirp\/livekit\.RoomService\/(\w+)$/.exec(new URL(req.url, 'http://x').pathname);
  const entry = match && METHODS[match[1]];
  try {
    if (req.method !== 'POST' || !entry) throw new TwirpError(404, 'bad_route', `no handler for path "${req.url}"`);
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ')) throw new TwirpError(401, 'unauthenticated', 'invalid authorization header. Must start with Bearer ');
    let claims;
    try {
      claims = await sfu.verifier.verify(auth.slice(7));
    } catch (error) {
      throw new TwirpError(401, 'unauthenticated', `invalid authorization token: ${error.message}`);
    }
    let body;
    try {
      body = entry[0].fromJsonString(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch (error) {
      throw new TwirpError(400, 'malformed', `the json request could not be decoded: ${error.message}`);
    }
    entry[1](claims.video ?? {}, body);
    sfu.twirpCalls.push({ method: match[1], body });
    return reply(200, wire(entry[2](sfu, body)));
  } catch (error) {
    if (!(error instanceof TwirpError)) throw error;
    return reply(error.status, JSON.stringify({ code: error.code, msg: error.message, meta: {} }));
  }
}
