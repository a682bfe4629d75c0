// One participant's WebRTC peer connection (werift), in the single peer connection mode of the
// v1 signalling path: the browser always offers; its offer carries the sections it publishes
// (sendonly) and placeholder sections it receives on (recvonly). The stand-in answers, attaches
// forwarded tracks to free receive sections, and when it has more tracks than sections (or a
// track to attach) asks the browser for a new offer with MediaSectionsRequirement, as LiveKit
// does in this mode.
import {
  PictureLossIndication,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  RtcpPayloadSpecificFeedback,
  RtpPacket,
  useDependencyDescriptor,
  useH264,
  useOPUS,
  useRepairedRtpStreamId,
  useSdesMid,
  useSdesRTPStreamId,
  useVP8,
  useVP9,
} from 'werift';
import { describeSections, extensionId, finishAnswer, isLoopbackCandidate, prepareOffer } from './sdp.mjs';

const MID_URI = 'urn:ietf:params:rtp-hdrext:sdes:mid';
const RID_URI = 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id';
const DD_URI = 'https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension';
const FIR_COUNT = 4; // RTCP payload-specific feedback format of a Full Intra Request
const NOT_MEDIA = new Set(['rtx', 'red', 'ulpfec', 'flexfec-03', 'cn', 'telephone-event']);

function peerConfig() {
  return {
    iceServers: [],
    iceUseIpv6: false,
    // Host candidates on the loopback interface only: the stand-in serves browsers on this machine.
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceInterfaceAddresses: { udp4: '127.0.0.1' },
    iceFilterCandidatePair: (pair) =>
      pair.localCandidate.host === '127.0.0.1' && /^127\./.test(pair.remoteCandidate.host),
    bundlePolicy: 'max-bundle',
    codecs: {
      audio: [useOPUS()],
      video: [useVP8(), useVP9(), useH264(), new RTCRtpCodecParameters({ mimeType: 'video/AV1', clockRate: 90000 })],
    },
    headerExtensions: {
      audio: [useSdesMid()],
      video: [useSdesMid(), useSdesRTPStreamId(), useRepairedRtpStreamId(), useDependencyDescriptor()],
    },
  };
}

const fmtp = (codec) =>
  Object.fromEntries(
    (codec.parameters ?? '')
      .split(';')
      .map((kv) => kv.trim().split('='))
      .filter(([k]) => k),
  );

/** Whether a receiver's offered codec can carry what a publisher sends in `codec`. */
function sameCodec(a, b) {
  if (a.mimeType.toLowerCase() !== b.mimeType.toLowerCase()) return false;
  const name = a.mimeType.toLowerCase();
  const fa = fmtp(a);
  const fb = fmtp(b);
  if (name === 'video/vp9') return (fa['profile-id'] ?? '0') === (fb['profile-id'] ?? '0');
  if (name === 'video/h264') {
    return (
      (fa['packetization-mode'] ?? '0') === (fb['packetization-mode'] ?? '0') &&
      (fa['profile-level-id'] ?? '').slice(0, 2) === (fb['profile-level-id'] ?? '').slice(0, 2)
    );
  }
  return true;
}

/**
 * The one codec a published section is answered with: Opus for audio; for video the codec the
 * AddTrackRequest named, else the browser's first choice.
 */
function chooseCodec(kind, codecs, preferred) {
  if (kind === 'audio') return codecs.find((c) => c.mimeType.toLowerCase() === 'audio/opus');
  const wanted = preferred && codecs.find((c) => c.mimeType.toLowerCase() === `video/${preferred.toLowerCase()}`);
  return wanted ?? codecs.find((c) => !NOT_MEDIA.has(c.mimeType.split('/')[1].toLowerCase()));
}

/**
 * A participant's media session. `events`:
 *   answer(sdp, offerId, midToTrackId)    the answer to send
 *   published({ mid, kind, trackId, streamId, codec })  a section the browser publishes on
 *   preferredCodec(trackId, kind)         the codec a track was announced with ('vp9', …)
 *   unpublished(mid)                       a section the browser no longer publishes on
 *   rtp(mid, packet)                       media of a published section
 *   data(label, bytes)                     a data channel message
 *   sectionsNeeded(numAudios, numVideos)   ask the browser for an offer (MediaSectionsRequirement)
 *   subscribed(sub)                        a forwarded track is now announced in an answer
 *   keyframeWanted(sub)                    the receiving browser sent a PLI
 *   state(connectionState)
 */
export class MediaSession {
  constructor(events, log = () => {}) {
    this.events = events;
    this.log = log;
    this.pc = new RTCPeerConnection(peerConfig());
    this.queue = Promise.resolve();
    this.closed = false;
    this.channels = new Map();
    this.ssrcToMid = new Map();
    this.midExtId = undefined;
    this.ridExtId = undefined;
    this.ssrcToRid = new Map();
    this.forwardedRid = new Map(); // mid -> rid forwarded of a simulcast section
    this.forwardedSsrc = new Map(); // mid -> SSRC of what is forwarded
    this.publishedMids = new Set();
    this.publishedCodecs = new Map(); // mid -> codec
    this.subs = new Map(); // trackSid -> sub { trackSid, streamId, kind, codec, transceiver, live, removing }
    this.dtlsWatched = new WeakSet();
    this.renegotiateTimer = undefined;
    this.offerInProgress = false;
    this.pc.connectionStateChange.subscribe((state) => {
      this.log('connection', state);
      events.state?.(state);
    });
    this.pc.iceConnectionStateChange.subscribe((state) => this.log('ice', state));
    this.pc.onDataChannel.subscribe((channel) => {
      this.channels.set(channel.label, channel);
      channel.onMessage.subscribe((data) => {
        if (typeof data !== 'string') events.data?.(channel.label, data);
      });
    });
  }

  get connectionState() {
    return this.pc.connectionState;
  }

  /** Queues the browser's offer; resolves once it is answered (or failed). */
  handleOffer(sdp, offerId) {
    const run = () =>
      this.answerOffer(sdp, offerId).catch((error) => {
        this.log('offer failed', error, process.env.LKM_SFU_DEBUG === 'sdp' ? sdp : '');
        this.log('transceivers', this.pc.getTransceivers().map((t) => [t.mid, t.kind, t.direction, t.offerDirection]));
      });
    this.queue = this.queue.then(run, run);
    return this.queue;
  }

  async answerOffer(rawSdp, offerId) {
    if (this.closed) return;
    this.offerInProgress = true;
    try {
      const offerSdp = prepareOffer(rawSdp);
      const sections = describeSections(offerSdp);
      this.midExtId = extensionId(offerSdp, MID_URI) ?? this.midExtId;
      this.ridExtId = extensionId(offerSdp, RID_URI) ?? this.ridExtId;
      this.ddExtId = extensionId(offerSdp, DD_URI) ?? this.ddExtId;
      await this.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
      if (this.closed) return;
      this.watchTransport();
      const transceivers = this.pc.getTransceivers();
      const published = [];
      const unpublished = [];
      const receiveSlots = [];
      for (const section of sections) {
        if (section.kind === 'application') continue;
        const transceiver = transceivers.find((t) => t.mid === section.mid);
        if (!transceiver) continue;
        const browserSends = ['recvonly', 'sendrecv'].includes(transceiver.offerDirection);
        if (browserSends) {
          // a section keeps the codec it was first answered with
          const earlier = this.publishedCodecs.get(section.mid);
          const preferred = this.events.preferredCodec?.(section.msid?.track, section.kind);
          const codec =
            (earlier && transceiver.codecs.find((c) => sameCodec(c, earlier))) ??
            chooseCodec(section.kind, transceiver.codecs, preferred);
          if (codec) this.publishedCodecs.set(section.mid, codec);
          if (codec) transceiver.codecs = [codec];
          for (const ssrc of section.ssrcs) this.ssrcToMid.set(ssrc, section.mid);
          // Of a simulcast track one layer is forwarded: the first the browser lists (the lowest
          // in livekit-client's order), which it always sends.
          if (section.rids.length > 0) this.forwardedRid.set(section.mid, section.rids[0]);
          else this.forwardedRid.delete(section.mid);
          this.publishedMids.add(section.mid);
          published.push({ mid: section.mid, kind: section.kind, trackId: section.msid?.track, streamId: section.msid?.stream, codec });
        } else {
          if (this.publishedMids.delete(section.mid)) {
            unpublished.push(section.mid);
            this.publishedCodecs.delete(section.mid);
          }
          if (transceiver.offerDirection === 'sendonly') receiveSlots.push(transceiver);
        }
      }
      for (const mid of unpublished) this.events.unpublished?.(mid);
      for (const p of published) this.events.published?.(p);
      const placedNow = this.planSubscriptions(receiveSlots);

      const answer = await this.pc.createAnswer();
      await this.pc.setLocalDescription(answer);
      if (this.closed) return;
      // werift recycles a transceiver answered inactive for the next one it creates (and drops
      // the old mid): every section here belongs to the browser's layout, so none is recycled.
      for (const t of this.pc.getTransceivers()) t.usedForSender = true;
      const midToTrackId = {};
      for (const sub of this.subs.values()) {
        if (sub.transceiver && !sub.removing) midToTrackId[sub.transceiver.mid] = sub.trackSid;
      }
      const sdp = finishAnswer(this.pc.localDescription.sdp, offerSdp);
      this.events.answer?.(sdp, offerId, midToTrackId);
      this.log('answered offer', offerId, 'ice-ufrag', /a=ice-ufrag:(\S+)/.exec(rawSdp)?.[1], '->', /a=ice-ufrag:(\S+)/.exec(sdp)?.[1], 'midToTrackId', midToTrackId, 'placed', placedNow.map((x) => x.trackSid));
      // a removed track's section went inactive with this answer: the section is free again
      for (const [trackSid, sub] of this.subs) if (sub.removing) this.subs.delete(trackSid);
      for (const sub of placedNow) {
        sub.live = true;
        this.events.subscribed?.(sub);
      }
    } finally {
      this.offerInProgress = false;
    }
    if (this.needsOffer()) this.requestOffer();
  }

  /** Attaches wanted subscriptions to free receive sections; returns the ones placed now. */
  planSubscriptions(receiveSlots) {
    const used = new Set();
    const placedNow = [];
    for (const sub of this.subs.values()) {
      if (!sub.transceiver) continue;
      used.add(sub.transceiver);
      if (sub.removing) {
        sub.transceiver.setDirection('inactive');
        sub.transceiver.sender.streamIds = [];
        continue;
      }
      this.configureSender(sub);
    }
    for (const sub of this.subs.values()) {
      if (sub.transceiver || sub.removing) continue;
      const slot = receiveSlots.find((t) => t.kind === sub.kind && !used.has(t) && this.matchCodec(t, sub.codec));
      if (!slot) continue;
      used.add(slot);
      sub.transceiver = slot;
      this.configureSender(sub);
      placedNow.push(sub);
    }
    // Sections nobody uses (any more) are answered inactive.
    for (const t of receiveSlots) {
      if (used.has(t)) continue;
      t.setDirection('recvonly');
      t.sender.streamIds = [];
    }
    return placedNow;
  }

  matchCodec(transceiver, codec) {
    return transceiver.codecs.find((c) => sameCodec(c, codec));
  }

  configureSender(sub) {
    const t = sub.transceiver;
    const codec = this.matchCodec(t, sub.codec) ?? t.codecs[0];
    t.codecs = [codec];
    t.sender.codec = codec;
    t.sender.streamIds = [sub.streamId];
    t.sender.trackId = sub.trackSid;
    t.setDirection('sendonly');
  }

  /** Media of the browser's published sections, demultiplexed by SSRC (or the mid extension). */
  watchTransport() {
    for (const dtls of this.pc.dtlsTransports) {
      if (this.dtlsWatched.has(dtls)) continue;
      this.dtlsWatched.add(dtls);
      // werift's ICE expires consent (and fails the connection) 30 s after the last answer to its
      // consent checks, each given 500 ms on loopback: on a busy test machine, where this process
      // may not run for a second, every check in 30 s can time out while media flows both ways.
      // LiveKit's ICE (pion) keeps a connection alive on any traffic it receives; the stand-in
      // does not run werift's consent checks (the browser's own checks are still answered), and
      // notices a peer that went away by its signalling.
      const connection = dtls.iceTransport?.connection;
      if (connection && typeof connection.queryConsent === 'function') {
        // where werift would start its checks, consent is simply granted
        connection.queryConsent = () => {
          connection.stopConsentLifecycle?.();
          connection.consentFresh = true;
        };
      }
      dtls.onRtp.subscribe((packet) => {
        const { ssrc } = packet.header;
        const extension = (id) => {
          const ext = id === undefined ? undefined : packet.header.extensions.find((e) => e.id === id);
          return ext?.payload.toString('utf8');
        };
        let mid = this.ssrcToMid.get(ssrc);
        if (mid === undefined) {
          mid = extension(this.midExtId);
          if (mid === undefined) return;
          this.ssrcToMid.set(ssrc, mid);
        }
        const wantedRid = this.forwardedRid.get(mid);
        if (wantedRid !== undefined) {
          let rid = this.ssrcToRid.get(ssrc);
          if (rid === undefined) {
            rid = extension(this.ridExtId);
            if (rid === undefined) return;
            this.ssrcToRid.set(ssrc, rid);
          }
          if (rid !== wantedRid) return;
        }
        this.forwardedSsrc.set(mid, ssrc);
        this.events.rtp?.(mid, packet, this.ddExtId);
      });
      // Keyframe requests of this browser for what it receives (werift's own routing hands them
      // to the wrong receiver when the browser also publishes).
      dtls.onRtcp.subscribe((packet) => {
        if (packet.type !== RtcpPayloadSpecificFeedback.type) return;
        const { feedback } = packet;
        let ssrc;
        if (feedback.count === PictureLossIndication.count) ssrc = feedback.mediaSsrc;
        else if (feedback.count === FIR_COUNT) ssrc = feedback.fir?.[0]?.ssrc;
        if (ssrc === undefined) return;
        for (const sub of this.subs.values()) {
          if (sub.live && !sub.removing && sub.transceiver.sender.ssrc === ssrc) this.events.keyframeWanted?.(sub);
        }
      });
    }
  }

  /** Starts forwarding a track to this browser (announced with the next answer). */
  subscribe({ trackSid, streamId, kind, codec }) {
    if (this.closed || this.subs.has(trackSid)) return;
    this.subs.set(trackSid, { trackSid, streamId, kind, codec, transceiver: undefined, live: false, removing: false, dropped: 0 });
    this.requestOffer();
  }

  /** Stops forwarding a track (the section goes inactive with the next answer). */
  unsubscribe(trackSid) {
    const sub = this.subs.get(trackSid);
    if (!sub) return;
    sub.live = false;
    if (!sub.transceiver) {
      this.subs.delete(trackSid);
      return;
    }
    sub.removing = true;
    sub.transceiver.sender.replaceTrack?.(null).catch?.(() => undefined);
    this.requestOffer();
  }

  needsOffer() {
    for (const sub of this.subs.values()) {
      if (!sub.transceiver || sub.removing) return true;
    }
    return false;
  }

  /** Asks the browser for a new offer with enough receive sections for the waiting tracks. */
  requestOffer() {
    if (this.closed || this.renegotiateTimer) return;
    this.renegotiateTimer = setTimeout(() => {
      this.renegotiateTimer = undefined;
      if (this.closed || this.offerInProgress || !this.needsOffer()) return;
      const free = { audio: 0, video: 0 };
      const waiting = { audio: 0, video: 0 };
      const used = new Set([...this.subs.values()].map((s) => s.transceiver).filter(Boolean));
      for (const t of this.pc.getTransceivers()) {
        if (t.offerDirection === 'sendonly' && !used.has(t)) free[t.kind] += 1;
      }
      for (const sub of this.subs.values()) if (!sub.transceiver && !sub.removing) waiting[sub.kind] += 1;
      this.events.sectionsNeeded?.(Math.max(0, waiting.audio - free.audio), Math.max(0, waiting.video - free.video));
    }, 20);
  }

  /** Forwards one RTP packet of a published track to this browser; true when it was sent. */
  forward(trackSid, packet, ddExtId) {
    const sub = this.subs.get(trackSid);
    if (!sub || !sub.live || sub.removing || this.closed) return false;
    const sender = sub.transceiver.sender;
    if (sender.dtlsTransport?.state !== 'connected') {
      // not connected yet: what goes now is lost, so a keyframe is wanted once it is
      sub.waiting = true;
      return false;
    }
    if (sub.waiting) {
      sub.waiting = false;
      this.events.keyframeWanted?.(sub);
    }
    if (packet.payload.length === 0) {
      // padding only: not forwarded, and the sequence numbers stay contiguous
      sub.dropped = (sub.dropped + 1) & 0xffff;
      return false;
    }
    sub.forwarded = (sub.forwarded ?? 0) + 1;
    if (sub.forwarded === 1) this.log('forwarding', trackSid, sender.codec?.mimeType);
    const copy = RtpPacket.deSerialize(packet.serialize());
    // The dependency descriptor (AV1, VP9 SVC) goes along under this browser's id for it; the
    // other extensions are the publisher's and are dropped (werift adds the mid).
    const dd = ddExtId !== undefined && this.ddExtId !== undefined && copy.header.extensions.find((e) => e.id === ddExtId);
    copy.header.extensions = dd ? [{ id: this.ddExtId, payload: dd.payload }] : [];
    copy.header.padding = false;
    copy.header.sequenceNumber = (copy.header.sequenceNumber - sub.dropped) & 0xffff;
    if (sub.forwarded === 1 && sender.sequenceNumber !== undefined) {
      // The section carried another track before: its SSRC goes on from where it stopped, as the
      // browser's SRTP replay check drops packets numbered behind the ones it has seen.
      const { sequenceNumber, timestamp } = copy.header;
      sender.replaceRTP({ sequenceNumber: (sequenceNumber - 1) & 0xffff, timestamp: (timestamp - 1) >>> 0 });
    }
    sender.sendRtp(copy).catch(() => undefined);
    return true;
  }

  /** Asks this browser for a keyframe of the published section with SSRC `ssrc`. */
  sendPli(mid) {
    const ssrc = this.forwardedSsrc.get(mid);
    const dtls = this.pc.dtlsTransports[0];
    if (ssrc === undefined || !dtls || dtls.state !== 'connected') return;
    const pli = new RtcpPayloadSpecificFeedback({
      feedback: new PictureLossIndication({ senderSsrc: 1, mediaSsrc: ssrc }),
    });
    dtls.sendRtcp([pli]).catch(() => undefined);
  }

  /** Sends bytes on the browser's data channel `label` (`_reliable`, `_lossy`). */
  sendData(label, bytes) {
    const channel = this.channels.get(label);
    if (!channel || channel.readyState !== 'open') return false;
    try {
      channel.send(Buffer.from(bytes));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * A trickled candidate of the browser. It waits for the offers received before it: a candidate
   * of a restarted ICE session belongs to the offer that restarts it.
   */
  addCandidate(candidateInit) {
    if (this.closed || !candidateInit?.candidate) return this.queue;
    if (!isLoopbackCandidate(candidateInit.candidate)) return this.queue;
    const run = async () => {
      if (this.closed) return;
      try {
        await this.pc.addIceCandidate(candidateInit);
      } catch (error) {
        this.log('candidate refused', error.message);
      }
    };
    this.queue = this.queue.then(run, run);
    return this.queue;
  }

  async close() {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.renegotiateTimer);
    await this.pc.close().catch(() => undefined);
  }
}
