// Rooms and participants: the live state, the ParticipantUpdates that follow each change, track
// publication and subscription (who forwards what to whom), data forwarding, and removal with a
// LeaveRequest. Signalling (signal.mjs) and the RoomService (twirp.mjs) both act through here.
import { randomBytes } from 'node:crypto';
import {
  Codec,
  DataPacket,
  DataPacket_Kind,
  DisconnectReason,
  LeaveRequest,
  LeaveRequest_Action,
  MuteTrackRequest,
  ParticipantInfo,
  ParticipantInfo_State,
  ParticipantPermission,
  ParticipantUpdate,
  RequestResponse,
  RequestResponse_Reason,
  Room as RoomInfo,
  SignalResponse,
  SimulcastCodecInfo,
  TrackInfo,
  TrackPublishedResponse,
  TrackSource,
  TrackType,
  TrackUnpublishedResponse,
} from '@livekit/protocol';
import { MediaSession } from './media.mjs';

export const ENABLED_CODECS = ['audio/opus', 'video/VP8', 'video/VP9', 'video/H264', 'video/AV1'];

const newId = (prefix) => `${prefix}_${randomBytes(6).toString('base64url')}`;
const nowSeconds = () => BigInt(Math.floor(Date.now() / 1000));
const PLI_RETRIES_MS = [0, 300, 1000, 2500];
const DATA_LABELS = { _reliable: DataPacket_Kind.RELIABLE, _lossy: DataPacket_Kind.LOSSY };

/** A token's video grant as a ParticipantPermission (unset publish/subscribe grants allow). */
export function permissionFromGrant(video = {}) {
  const sources = (video.canPublishSources ?? []).map((s) =>
    typeof s === 'number' ? s : TrackSource[String(s).toUpperCase()] ?? TrackSource.UNKNOWN,
  );
  return new ParticipantPermission({
    canSubscribe: video.canSubscribe ?? true,
    canPublish: video.canPublish ?? true,
    canPublishData: video.canPublishData ?? true,
    canPublishSources: sources,
    hidden: video.hidden ?? false,
    canUpdateMetadata: video.canUpdateOwnMetadata ?? false,
  });
}

export class Participant {
  constructor(room, { identity, name, metadata, attributes, permission, kind, autoSubscribe }) {
    this.room = room;
    this.sid = newId('PA');
    this.identity = identity;
    this.name = name ?? '';
    this.metadata = metadata ?? '';
    this.attributes = { ...(attributes ?? {}) };
    this.permission = permission;
    this.kind = kind ?? 0;
    this.autoSubscribe = autoSubscribe ?? true;
    this.joinedAt = Date.now();
    this.version = 1;
    this.state = ParticipantInfo_State.JOINED;
    this.disconnectReason = DisconnectReason.UNKNOWN_REASON;
    this.tracks = new Map(); // trackSid -> publication
    this.pending = new Map(); // cid -> publication waiting for its offer section
    this.socket = undefined;
    this.graceTimer = undefined;
    this.session = undefined;
    this.closed = false;
  }

  get hidden() {
    return this.permission.hidden;
  }

  info() {
    return new ParticipantInfo({
      sid: this.sid,
      identity: this.identity,
      name: this.name,
      state: this.state,
      tracks: [...this.tracks.values()].map((pub) => new TrackInfo(pub.info)),
      metadata: this.metadata,
      joinedAt: BigInt(Math.floor(this.joinedAt / 1000)),
      joinedAtMs: BigInt(this.joinedAt),
      version: this.version,
      permission: new ParticipantPermission(this.permission),
      isPublisher: this.tracks.size > 0,
      kind: this.kind,
      attributes: { ...this.attributes },
      disconnectReason: this.disconnectReason,
    });
  }

  /** Sends one SignalResponse (`kind` is its oneof case) if the signalling socket is open. */
  send(kind, value) {
    const socket = this.socket;
    if (!socket || socket.readyState !== 1) return false;
    socket.send(new SignalResponse({ message: { case: kind, value } }).toBinary());
    return true;
  }

  changed() {
    this.version += 1;
  }
}

export class Room {
  constructor(sfu, name) {
    this.sfu = sfu;
    this.sid = newId('RM');
    this.name = name;
    this.createdAt = Date.now();
    this.metadata = '';
    this.participants = new Map(); // identity -> Participant
    this.finishTimer = undefined;
  }

  info() {
    const participants = [...this.participants.values()];
    return new RoomInfo({
      sid: this.sid,
      name: this.name,
      emptyTimeout: Math.ceil(this.sfu.emptyTimeoutMs / 1000),
      departureTimeout: Math.ceil(this.sfu.emptyTimeoutMs / 1000),
      creationTime: BigInt(Math.floor(this.createdAt / 1000)),
      creationTimeMs: BigInt(this.createdAt),
      enabledCodecs: ENABLED_CODECS.map((mime) => new Codec({ mime })),
      metadata: this.metadata,
      numParticipants: participants.filter((p) => !p.hidden).length,
      numPublishers: participants.filter((p) => p.tracks.size > 0).length,
    });
  }

  others(participant) {
    return [...this.participants.values()].filter((p) => p !== participant);
  }

  /** ParticipantInfos `viewer` may see (hidden participants are not listed to others). */
  visibleTo(viewer) {
    return this.others(viewer).filter((p) => !p.hidden).map((p) => p.info());
  }

  /** Tells everyone else (and, with `self`, the participant itself) about `participant`'s change. */
  broadcast(participant, { self = false } = {}) {
    const info = participant.info();
    for (const other of this.participants.values()) {
      if (other === participant ? !self : participant.hidden) continue;
      other.send('update', new ParticipantUpdate({ participants: [info] }));
    }
  }

  // -------------------------------------------------------------------------------------------
  // Media

  createSession(p) {
    const log = (...args) => this.sfu.log(`[${p.identity}]`, ...args);
    p.session = new MediaSession(
      {
        answer: (sdp, id, midToTrackId) => p.send('answer', { type: 'answer', sdp, id, midToTrackId }),
        published: (section) => this.onSectionPublished(p, section),
        preferredCodec: (cid, kind) => {
          const pub = p.pending.get(cid) ?? [...p.pending.values()].find((t) => t.kind === kind);
          return pub?.requestedCodec;
        },
        unpublished: (mid) => this.onSectionUnpublished(p, mid),
        rtp: (mid, packet, ddExtId) => this.onRtp(p, mid, packet, ddExtId),
        data: (label, bytes) => this.onData(p, label, bytes),
        sectionsNeeded: (numAudios, numVideos) =>
          p.send('mediaSectionsRequirement', { numAudios, numVideos }),
        subscribed: (sub) => this.requestKeyframes(sub.trackSid),
        keyframeWanted: (sub) => this.requestKeyframes(sub.trackSid, [0]),
        state: (state) => this.onPeerState(p, state),
      },
      log,
    );
  }

  onPeerState(p, state) {
    if (p.closed) return;
    if (state === 'connected' && p.state !== ParticipantInfo_State.ACTIVE) {
      p.state = ParticipantInfo_State.ACTIVE;
      p.changed();
      this.broadcast(p);
      if (!p.announced) {
        p.announced = true;
        this.sfu.webhooks.send('participant_joined', { room: this.info(), participant: p.info() });
      }
    } else if (state === 'failed' || state === 'closed') {
      this.remove(p, DisconnectReason.CONNECTION_TIMEOUT, { notify: true });
    }
  }

  /** AddTrackRequest: answered with TrackPublishedResponse, or refused as LiveKit refuses it. */
  addTrack(p, req) {
    const sources = p.permission.canPublishSources;
    const allowed = p.permission.canPublish && (sources.length === 0 || sources.includes(req.source));
    if (!allowed || (req.type !== TrackType.AUDIO && req.type !== TrackType.VIDEO)) {
      p.send(
        'requestResponse',
        new RequestResponse({
          reason: allowed ? RequestResponse_Reason.UNSUPPORTED_TYPE : RequestResponse_Reason.NOT_ALLOWED,
          message: allowed ? 'unsupported track type' : 'does not have permission to publish',
          request: { case: 'addTrack', value: req },
        }),
      );
      return;
    }
    const codec = req.simulcastCodecs?.[0]?.codec;
    const kind = req.type === TrackType.AUDIO ? 'audio' : 'video';
    const info = new TrackInfo({
      sid: newId('TR'),
      type: req.type,
      name: req.name,
      muted: req.muted,
      width: req.width,
      height: req.height,
      simulcast: false,
      disableDtx: req.disableDtx,
      source: req.source,
      layers: req.layers,
      mimeType: codec ? `${kind}/${codec}` : kind === 'audio' ? 'audio/opus' : '',
      stereo: req.stereo,
      disableRed: req.disableRed,
      encryption: req.encryption,
      stream: req.stream,
      audioFeatures: req.audioFeatures,
      backupCodecPolicy: req.backupCodecPolicy,
    });
    const pub = { info, cid: req.cid, kind, requestedCodec: codec, mid: undefined, codec: undefined, subscribers: new Set(), owner: p };
    p.pending.set(req.cid, pub);
    p.send('trackPublished', new TrackPublishedResponse({ cid: req.cid, track: info }));
  }

  onSectionPublished(p, { mid, kind, trackId, codec }) {
    for (const pub of p.tracks.values()) if (pub.mid === mid) return; // renegotiation of a known track
    let pub = p.pending.get(trackId);
    if (!pub) pub = [...p.pending.values()].find((candidate) => candidate.kind === kind);
    if (!pub || !codec) return;
    p.pending.delete(pub.cid);
    pub.mid = mid;
    pub.codec = codec;
    pub.info.mid = mid;
    pub.info.mimeType = codec.mimeType.replace(/^(audio|video)\/(.*)$/, (_, k, name) => `${k}/${name.toLowerCase() === 'opus' ? 'opus' : name}`);
    pub.info.codecs = [new SimulcastCodecInfo({ mimeType: pub.info.mimeType, mid, cid: pub.cid, layers: pub.info.layers })];
    p.tracks.set(pub.info.sid, pub);
    p.changed();
    this.broadcast(p, { self: true });
    this.sfu.webhooks.send('track_published', { room: this.info(), participant: p.info(), track: pub.info });
    if (p.hidden) return; // nobody sees a hidden participant, nor what it sends
    for (const other of this.others(p)) if (other.autoSubscribe) this.subscribe(other, pub);
  }

  onSectionUnpublished(p, mid) {
    const pub = [...p.tracks.values()].find((t) => t.mid === mid);
    if (pub) this.unpublish(p, pub);
  }

  unpublish(p, pub) {
    p.tracks.delete(pub.info.sid);
    for (const subscriber of pub.subscribers) subscriber.session?.unsubscribe(pub.info.sid);
    pub.subscribers.clear();
    p.changed();
    p.send('trackUnpublished', new TrackUnpublishedResponse({ trackSid: pub.info.sid }));
    this.broadcast(p);
  }

  subscribe(subscriber, pub) {
    if (subscriber === pub.owner || pub.owner.hidden || !subscriber.permission.canSubscribe || subscriber.closed) return;
    if (!subscriber.session || pub.subscribers.has(subscriber)) return;
    pub.subscribers.add(subscriber);
    subscriber.session.subscribe({
      trackSid: pub.info.sid,
      streamId: `${pub.owner.sid}|${pub.info.sid}`,
      kind: pub.kind,
      codec: pub.codec,
    });
  }

  unsubscribe(subscriber, pub) {
    if (!pub.subscribers.delete(subscriber)) return;
    subscriber.session?.unsubscribe(pub.info.sid);
  }

  findTrack(trackSid) {
    for (const p of this.participants.values()) {
      const pub = p.tracks.get(trackSid);
      if (pub) return pub;
    }
    return undefined;
  }

  onRtp(p, mid, packet, ddExtId) {
    for (const pub of p.tracks.values()) {
      if (pub.mid !== mid) continue;
      for (const subscriber of pub.subscribers) {
        const sent = subscriber.session?.forward(pub.info.sid, packet, ddExtId);
        if (sent) this.sfu.onMedia?.({ room: this.name, from: p.identity, to: subscriber.identity, track: pub.info, packet });
      }
      return;
    }
  }

  /** Asks a track's publisher for keyframes (now and a few times after), at most every 250 ms. */
  requestKeyframes(trackSid, delays = PLI_RETRIES_MS) {
    const pub = this.findTrack(trackSid);
    if (!pub || pub.kind !== 'video') return;
    for (const delay of delays) {
      this.sfu.later(delay, () => {
        if (pub.owner.closed || Date.now() - (pub.lastPli ?? 0) < 250) return;
        pub.lastPli = Date.now();
        pub.owner.session?.sendPli(pub.mid);
      });
    }
  }

  setMuted(p, trackSid, muted, { fromServer = false } = {}) {
    const pub = p.tracks.get(trackSid) ?? [...p.pending.values()].find((t) => t.info.sid === trackSid);
    if (!pub) return undefined;
    if (fromServer) p.send('mute', new MuteTrackRequest({ sid: trackSid, muted }));
    if (pub.info.muted !== muted) {
      pub.info.muted = muted;
      p.changed();
      this.broadcast(p, { self: fromServer });
    }
    return pub.info;
  }

  // -------------------------------------------------------------------------------------------
  // Data

  onData(p, label, bytes) {
    const kind = DATA_LABELS[label];
    if (kind === undefined || p.closed || !p.permission.canPublishData) return;
    let packet;
    try {
      packet = DataPacket.fromBinary(new Uint8Array(bytes));
    } catch {
      return;
    }
    packet.kind = kind;
    packet.participantSid = p.sid;
    packet.participantIdentity = p.hidden ? '' : p.identity;
    const user = packet.value.case === 'user' ? packet.value.value : undefined;
    if (user) {
      user.participantSid = p.hidden ? '' : p.sid;
      user.participantIdentity = p.hidden ? '' : p.identity;
      if (packet.destinationIdentities.length === 0) packet.destinationIdentities = user.destinationIdentities;
      else user.destinationIdentities = packet.destinationIdentities;
    }
    const destinations = packet.destinationIdentities;
    const destinationSids = user?.destinationSids ?? [];
    const out = packet.toBinary();
    for (const other of this.others(p)) {
      if (destinations.length > 0 || destinationSids.length > 0) {
        if (!destinations.includes(other.identity) && !destinationSids.includes(other.sid)) continue;
      }
      other.session?.sendData(label, out);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Leaving

  /**
   * Takes a participant out of the room. `notify` sends it a LeaveRequest with `reason` first
   * (a server-initiated disconnect); otherwise it left by itself.
   */
  remove(p, reason, { notify = false } = {}) {
    if (p.closed) return;
    p.closed = true;
    clearTimeout(p.graceTimer);
    if (notify) {
      p.send('leave', new LeaveRequest({ canReconnect: false, reason, action: LeaveRequest_Action.DISCONNECT }));
    }
    const socket = p.socket;
    p.socket = undefined;
    if (socket) this.sfu.later(notify ? 200 : 0, () => socket.close(1000, 'leave'));
    if (this.participants.get(p.identity) === p) this.participants.delete(p.identity);
    for (const pub of p.tracks.values()) {
      for (const subscriber of pub.subscribers) subscriber.session?.unsubscribe(pub.info.sid);
      pub.subscribers.clear();
    }
    for (const other of this.participants.values()) {
      for (const pub of other.tracks.values()) pub.subscribers.delete(p);
    }
    p.state = ParticipantInfo_State.DISCONNECTED;
    p.disconnectReason = reason;
    p.changed();
    this.broadcast(p);
    void p.session?.close();
    this.sfu.webhooks.send('participant_left', { room: this.info(), participant: p.info() });
    if (this.participants.size === 0) this.sfu.roomEmptied(this);
  }
}
