// A LiveKit-compatible SFU stand-in for browser tests: not LiveKit, just enough of its signalling,
// media forwarding, RoomService and webhooks for livekit-client in real browsers to hold a meeting
// on 127.0.0.1. See README.md for what it speaks and what it leaves out.
import http from 'node:http';
import { DisconnectReason } from '@livekit/protocol';
import { TokenVerifier } from 'livekit-server-sdk';
import { WebSocketServer } from 'ws';
import { Room } from './room.mjs';
import { handleSignal, validateSignalRequest } from './signal.mjs';
import { handleTwirp } from './twirp.mjs';
import { createWebhooks } from './webhooks.mjs';

class Sfu {
  constructor({ apiKey, apiSecret, webhookUrl, emptyTimeoutMs, reconnectGraceMs, log, onMedia }) {
    this.verifier = new TokenVerifier(apiKey, apiSecret);
    this.webhooks = createWebhooks({ apiKey, apiSecret, url: webhookUrl });
    this.emptyTimeoutMs = emptyTimeoutMs;
    this.reconnectGraceMs = reconnectGraceMs;
    this.log = log;
    this.onMedia = onMedia;
    this.rooms = new Map();
    this.timers = new Set();
    this.twirpCalls = [];
    this.resumes = 0;
    this.resumeHolds = new Map(); // identity -> { until, waiting: upgrades to serve when it ends, timer }
    this.cutOff = new Set(); // identities whose signalling connections are reset (cutOff)
    this.stopped = false;
  }

  /** setTimeout that stop() clears. */
  later(ms, fn) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  roomFor(name) {
    let room = this.rooms.get(name);
    if (!room) {
      room = new Room(this, name);
      this.rooms.set(name, room);
      this.webhooks.send('room_started', { room: room.info() });
    }
    return room;
  }

  /** The last participant left: the room finishes after the empty timeout unless someone joins. */
  roomEmptied(room) {
    clearTimeout(room.finishTimer);
    room.finishTimer = this.later(this.emptyTimeoutMs, () => {
      if (room.participants.size > 0 || this.rooms.get(room.name) !== room) return;
      this.rooms.delete(room.name);
      this.webhooks.send('room_finished', { room: room.info() });
    });
  }

  deleteRoom(room) {
    this.rooms.delete(room.name);
    clearTimeout(room.finishTimer);
    for (const p of [...room.participants.values()]) room.remove(p, DisconnectReason.ROOM_DELETED, { notify: true });
    clearTimeout(room.finishTimer);
    this.webhooks.send('room_finished', { room: room.info() });
  }
}

const signalPath = (pathname) => pathname.replace(/\/+$/, '');

/**
 * Starts the stand-in on 127.0.0.1 (`port`, 0 by default: one the system picks). `webhookUrl` may also be set later with
 * `setWebhookUrl`. `emptyTimeoutMs`: how long an empty room lives before room_finished;
 * `reconnectGraceMs`: how long a participant whose signalling dropped may resume. `onMedia`
 * (tests only) sees each RTP packet as it is sent to a subscriber:
 * `{ room, from, to, track, packet }` (identities, the TrackInfo, werift's RtpPacket as the
 * publisher sent it; read it, do not change it).
 */
export async function startSfu({
  apiKey,
  apiSecret,
  webhookUrl,
  port: listenPort = 0,
  emptyTimeoutMs = 1000,
  reconnectGraceMs = 15000,
  log = process.env.LKM_SFU_DEBUG ? (...args) => console.error('[sfu]', ...args) : () => {},
  onMedia,
} = {}) {
  const sfu = new Sfu({ apiKey, apiSecret, webhookUrl, emptyTimeoutMs, reconnectGraceMs, log, onMedia });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 << 20 });
  const sockets = new Set();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const path = signalPath(url.pathname);
    const cors = { 'Access-Control-Allow-Origin': '*' };
    if (path.startsWith('/twirp/')) {
      handleTwirp(sfu, req, res).catch((error) => {
        log('twirp failed', error);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ code: 'internal', msg: String(error), meta: {} }));
      });
      return;
    }
    if (path === '/rtc/v1/validate') {
      validateSignalRequest(sfu, url).then(
        (request) => {
          if (sfu.cutOff.has(request.claims.sub)) {
            req.socket.destroy();
            return;
          }
          res.writeHead(200, { 'Content-Type': 'text/plain', ...cors });
          res.end('success');
        },
        (error) => {
          res.writeHead(error.status ?? 500, { 'Content-Type': 'text/plain', ...cors });
          res.end(error.message);
        },
      );
      return;
    }
    if (path === '/rtc/validate') {
      // The v0 path (two peer connections) is not served: say so instead of a 404, which the
      // client would read as "no v1 path here" and retry on v0 for ever.
      res.writeHead(400, { 'Content-Type': 'text/plain', ...cors });
      res.end('this LiveKit stand-in serves the v1 signalling path only (/rtc/v1)');
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain', ...cors });
    res.end('not found');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const refuse = (status, message) => {
      if (socket.destroyed) return;
      const body = Buffer.from(message);
      socket.end(
        `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: text/plain\r\n` +
          `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${message}`,
      );
    };
    if (signalPath(url.pathname) !== '/rtc/v1') {
      refuse(signalPath(url.pathname) === '/rtc' ? 400 : 404, 'signalling is served on /rtc/v1');
      return;
    }
    validateSignalRequest(sfu, url).then(
      (request) => {
        if (sfu.cutOff.has(request.claims.sub)) {
          socket.destroy();
          return undefined;
        }
        const accept = () => {
          if (sfu.stopped) return refuse(503, 'stopping');
          if (socket.destroyed) return undefined; // the client gave up while its resume was held
          wss.handleUpgrade(req, socket, head, (ws) => {
            try {
              handleSignal(sfu, ws, request);
            } catch (error) {
              log('join failed', error);
              ws.close(1011, 'join failed');
            }
          });
          return undefined;
        };
        const hold = request.joinRequest.reconnect ? sfu.resumeHolds.get(request.claims.sub) : undefined;
        if (hold && hold.until > Date.now()) {
          if (socket.destroyed) return undefined;
          log(`[${request.claims.sub}] resume held for ${hold.until - Date.now()} ms`);
          hold.waiting.add(accept);
          socket.once('close', () => hold.waiting.delete(accept));
          return undefined;
        }
        return accept();
      },
      (error) => refuse(error.status ?? 500, error.message),
    );
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', resolve);
  });
  const { port } = server.address();

  const participantsOf = (roomName) => [...(sfu.rooms.get(roomName)?.participants.values() ?? [])];
  const find = (identity) => {
    for (const room of sfu.rooms.values()) {
      const p = room.participants.get(identity);
      if (p) return p;
    }
    return undefined;
  };

  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    /** Webhook deliveries so far: { event, room, participant, status | error }. */
    webhooks: sfu.webhooks.sent,
    setWebhookUrl: (next) => sfu.webhooks.setUrl(next),
    webhooksIdle: () => sfu.webhooks.idle(),
    /** RoomService calls that passed authentication: { method, body }. */
    twirpCalls: sfu.twirpCalls,
    /** Names of the live rooms. */
    rooms: () => [...sfu.rooms.keys()],
    /** ParticipantInfo (protocol message) of each participant in a room. */
    participants: (roomName) => participantsOf(roomName).map((p) => p.info()),
    /** One participant's ParticipantInfo by identity, or undefined. */
    participant: (identity) => find(identity)?.info(),
    /** Whether a participant's signalling WebSocket is open (it is not while a resume is awaited). */
    signalConnected: (identity) => find(identity)?.socket?.readyState === 1,
    /** Resumes so far (signalling reconnected with `reconnect` in the join request). */
    resumes: () => sfu.resumes,
    /** A participant's peer connection state (werift's connectionState). */
    connectionState: (identity) => find(identity)?.session?.connectionState,
    /**
     * Closes a participant's signalling WebSocket without a LeaveRequest (as a network drop
     * would): the client resumes with `reconnect` in its join request.
     */
    dropSignal(identity) {
      const p = find(identity);
      if (!p?.socket) return false;
      p.socket.terminate();
      return true;
    },
    /**
     * Holds `identity`'s resumes (signalling upgrades with `reconnect` in the join request) for
     * `ms`, as a network outage would: the upgrade gets no answer until the hold ends, then it is
     * served (unless the client gave up on it meanwhile). Returns `release()`, which ends the hold
     * at once. Fresh joins are not held.
     */
    holdResumes(identity, ms) {
      const previous = sfu.resumeHolds.get(identity);
      clearTimeout(previous?.timer);
      const hold = { until: Date.now() + ms, waiting: previous?.waiting ?? new Set(), timer: undefined };
      const release = () => {
        if (sfu.resumeHolds.get(identity) !== hold) return;
        clearTimeout(hold.timer);
        sfu.timers.delete(hold.timer);
        sfu.resumeHolds.delete(identity);
        const waiting = [...hold.waiting];
        hold.waiting.clear();
        for (const accept of waiting) accept();
      };
      hold.timer = sfu.later(ms, release);
      sfu.resumeHolds.set(identity, hold);
      return release;
    },
    /**
     * Cuts `identity` off, as a network that stays down would: its signalling WebSocket is closed
     * and every later connection of it (resume, new join, validation) is reset at once, until
     * `restore()` (returned) is called. The client's own retries then run out.
     */
    cutOff(identity) {
      sfu.cutOff.add(identity);
      find(identity)?.socket?.terminate();
      return () => sfu.cutOff.delete(identity);
    },
    /** Resume upgrades waiting on a hold (holdResumes) for `identity`. */
    heldResumes: (identity) => sfu.resumeHolds.get(identity)?.waiting.size ?? 0,
    async stop() {
      sfu.stopped = true;
      for (const timer of sfu.timers) clearTimeout(timer);
      const sessions = [];
      for (const room of sfu.rooms.values()) {
        for (const p of room.participants.values()) {
          p.closed = true;
          clearTimeout(p.graceTimer);
          p.socket?.terminate();
          if (p.session) sessions.push(p.session.close());
        }
      }
      sfu.rooms.clear();
      await Promise.race([Promise.allSettled(sessions), new Promise((r) => setTimeout(r, 3000))]);
      for (const ws of wss.clients) ws.terminate();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
      await Promise.race([sfu.webhooks.idle(), new Promise((r) => setTimeout(r, 1000))]);
    },
  };
}
