// Signalling: the v1 path (`/rtc/v1?access_token=…&join_request=…`, one WebSocket carrying
// @livekit/protocol SignalRequest/SignalResponse as binary protobuf), its HTTP validation
// endpoint, joining, resuming (`reconnect` in the join request) and every request the client sends.
import { gunzipSync } from 'node:zlib';
import {
  ClientConfiguration,
  Codec,
  DisconnectReason,
  JoinRequest,
  JoinResponse,
  LeaveRequest,
  LeaveRequest_Action,
  ParticipantUpdate,
  Pong,
  ReconnectResponse,
  RequestResponse,
  RequestResponse_Reason,
  ServerInfo,
  ServerInfo_Edition,
  SignalRequest,
  SignalResponse,
  WrappedJoinRequest,
  WrappedJoinRequest_Compression,
} from '@livekit/protocol';
import { ENABLED_CODECS, Participant, permissionFromGrant } from './room.mjs';

export const SERVER_VERSION = '1.9.0';
export const PROTOCOL_VERSION = 16;
export const PING_INTERVAL_S = 5;
export const PING_TIMEOUT_S = 15;

export const serverInfo = () =>
  new ServerInfo({ edition: ServerInfo_Edition.Standard, version: SERVER_VERSION, protocol: PROTOCOL_VERSION, nodeId: 'ND_standin' });

class Refusal extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * Checks a signalling request's token and join request as LiveKit does; resolves with
 * `{ claims, joinRequest }` or rejects with a Refusal carrying the HTTP status and message.
 * `v1` requires the join request (the v0 path is not served here).
 */
export async function validateSignalRequest(sfu, url) {
  const token = url.searchParams.get('access_token');
  if (!token) throw new Refusal(401, 'invalid authorization header. Must start with Bearer ');
  let claims;
  try {
    claims = await sfu.verifier.verify(token);
  } catch (error) {
    throw new Refusal(401, `invalid authorization token: ${error.message}`);
  }
  const video = claims.video ?? {};
  if (!video.roomJoin) throw new Refusal(401, 'no permissions to access the room');
  if (!video.room) throw new Refusal(400, 'room name is required');
  if (!claims.sub) throw new Refusal(400, 'identity cannot be empty');
  const wrapped = url.searchParams.get('join_request');
  if (!wrapped) throw new Refusal(400, 'join_request is required');
  let joinRequest;
  try {
    const outer = WrappedJoinRequest.fromBinary(Buffer.from(wrapped, 'base64url'));
    const bytes =
      outer.compression === WrappedJoinRequest_Compression.GZIP
        ? gunzipSync(outer.joinRequest, { maxOutputLength: 1 << 20 })
        : outer.joinRequest;
    joinRequest = JoinRequest.fromBinary(bytes);
  } catch {
    throw new Refusal(400, 'cannot unmarshal join request');
  }
  return { claims, joinRequest };
}

/** A joined (or resumed) signalling connection. */
export function handleSignal(sfu, socket, { claims, joinRequest }) {
  const room = sfu.roomFor(claims.video.room);
  const identity = claims.sub;

  if (joinRequest.reconnect) {
    const p = [...room.participants.values()].find(
      (candidate) => candidate.sid === joinRequest.participantSid && candidate.identity === identity && !candidate.closed,
    );
    if (!p) {
      sfu.log(`[${identity}] nothing to resume for ${joinRequest.participantSid}`);
      // Nothing to resume: the client starts over with a full join.
      const leave = new LeaveRequest({
        canReconnect: true,
        reason: DisconnectReason.STATE_MISMATCH,
        action: LeaveRequest_Action.RECONNECT,
      });
      socket.send(new SignalResponse({ message: { case: 'leave', value: leave } }).toBinary());
      sfu.later(200, () => socket.close(1000, 'state mismatch'));
      return;
    }
    clearTimeout(p.graceTimer);
    attach(sfu, room, p, socket);
    sfu.log(`[${p.identity}] resumed`);
    sfu.resumes += 1;
    p.send(
      'reconnect',
      new ReconnectResponse({ iceServers: [], clientConfiguration: new ClientConfiguration(), serverInfo: serverInfo() }),
    );
    // whatever changed while the signalling was down
    p.send('update', new ParticipantUpdate({ participants: [p.info(), ...room.visibleTo(p)] }));
    return;
  }

  const existing = room.participants.get(identity);
  if (existing) room.remove(existing, DisconnectReason.DUPLICATE_IDENTITY, { notify: true });

  let attributes = claims.attributes ?? {};
  if (Object.keys(joinRequest.participantAttributes ?? {}).length > 0) {
    attributes = { ...attributes, ...joinRequest.participantAttributes };
  }
  const p = new Participant(room, {
    identity,
    name: claims.name,
    metadata: claims.metadata || joinRequest.metadata,
    attributes,
    permission: permissionFromGrant(claims.video),
    kind: typeof claims.kind === 'number' ? claims.kind : 0,
    autoSubscribe: joinRequest.connectionSettings?.autoSubscribe ?? true,
  });
  room.participants.set(identity, p);
  clearTimeout(room.finishTimer);
  room.createSession(p);
  attach(sfu, room, p, socket);
  p.send(
    'join',
    new JoinResponse({
      room: room.info(),
      participant: p.info(),
      otherParticipants: room.visibleTo(p),
      serverVersion: SERVER_VERSION,
      iceServers: [],
      subscriberPrimary: false,
      clientConfiguration: new ClientConfiguration(),
      pingTimeout: PING_TIMEOUT_S,
      pingInterval: PING_INTERVAL_S,
      serverInfo: serverInfo(),
      enabledPublishCodecs: ENABLED_CODECS.map((mime) => new Codec({ mime })),
    }),
  );
  room.broadcast(p);
  if (p.autoSubscribe) {
    for (const other of room.others(p)) for (const pub of other.tracks.values()) room.subscribe(p, pub);
  }
  if (joinRequest.publisherOffer?.sdp) {
    void p.session.handleOffer(joinRequest.publisherOffer.sdp, joinRequest.publisherOffer.id);
  }
}

function attach(sfu, room, p, socket) {
  const previous = p.socket;
  p.socket = socket;
  if (previous && previous !== socket) previous.terminate();
  socket.on('message', (data, isBinary) => {
    if (p.socket !== socket) return;
    let req;
    try {
      req = isBinary ? SignalRequest.fromBinary(new Uint8Array(data)) : SignalRequest.fromJsonString(String(data));
    } catch {
      return;
    }
    try {
      handleRequest(sfu, room, p, req.message);
    } catch (error) {
      sfu.log(`[${p.identity}] ${req.message.case} failed`, error);
    }
  });
  socket.on('close', () => {
    if (p.socket !== socket) return;
    p.socket = undefined;
    if (p.closed) return;
    // The client may resume; without that, it is gone once the grace period ends.
    clearTimeout(p.graceTimer);
    p.graceTimer = sfu.later(sfu.reconnectGraceMs, () => room.remove(p, DisconnectReason.SIGNAL_CLOSE));
  });
  socket.on('error', () => undefined);
}

function handleRequest(sfu, room, p, message) {
  if (p.closed) return;
  const { value } = message;
  switch (message.case) {
    case 'offer':
      void p.session.handleOffer(value.sdp, value.id);
      break;
    case 'trickle': {
      let init;
      try {
        init = JSON.parse(value.candidateInit);
      } catch {
        return;
      }
      void p.session.addCandidate(init);
      break;
    }
    case 'addTrack':
      room.addTrack(p, value);
      break;
    case 'mute':
      room.setMuted(p, value.sid, value.muted);
      break;
    case 'subscription': {
      const sids = [...value.trackSids, ...value.participantTracks.flatMap((t) => t.trackSids)];
      for (const sid of sids) {
        const pub = room.findTrack(sid);
        if (!pub) continue;
        if (value.subscribe) room.subscribe(p, pub);
        else room.unsubscribe(p, pub);
      }
      break;
    }
    case 'leave':
      room.remove(p, DisconnectReason.CLIENT_INITIATED);
      break;
    case 'ping':
      p.send('pong', BigInt(Date.now()));
      break;
    case 'pingReq':
      p.send('pongResp', new Pong({ lastPingTimestamp: value.timestamp, timestamp: BigInt(Date.now()) }));
      break;
    case 'updateMetadata': {
      if (!p.permission.canUpdateMetadata) {
        p.send(
          'requestResponse',
          new RequestResponse({
            requestId: value.requestId,
            reason: RequestResponse_Reason.NOT_ALLOWED,
            message: 'does not have permission to update own metadata',
            request: { case: 'updateMetadata', value },
          }),
        );
        return;
      }
      if (value.name) p.name = value.name;
      if (value.metadata) p.metadata = value.metadata;
      for (const [key, v] of Object.entries(value.attributes ?? {})) {
        if (v === '') delete p.attributes[key];
        else p.attributes[key] = v;
      }
      p.changed();
      room.broadcast(p, { self: true });
      p.send('requestResponse', new RequestResponse({ requestId: value.requestId, reason: RequestResponse_Reason.OK }));
      break;
    }
    // Accepted and ignored: the stand-in forwards every track at the quality it receives.
    case 'answer':
    case 'trackSetting':
    case 'updateLayers':
    case 'subscriptionPermission':
    case 'syncState':
    case 'simulate':
    case 'updateAudioTrack':
    case 'updateVideoTrack':
    default:
      break;
  }
}
