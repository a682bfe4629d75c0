// A browser in miniature for the API: keeps the cookies the server sets (name=value only) and can
// speak from another loopback address (`from`: 127.0.0.2 and up), as another client would.
import http from 'node:http';
import crypto from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';
import { WebhookEvent } from '@livekit/protocol';
import { API_KEY, API_SECRET } from './server.mjs';

export class Browser {
  constructor(server, { from = '127.0.0.1' } = {}) {
    this.server = server;
    this.from = from;
    this.jar = new Map();
  }

  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  // { method, body (object: sent as JSON; string: sent as is), headers } -> { status, headers, json, text }
  request(path, { method = 'GET', body, headers = {}, server = this.server } = {}) {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const cookie = this.cookieHeader();
    const allHeaders = {
      ...(cookie ? { cookie } : {}),
      ...(payload !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
      ...(payload !== undefined ? { 'content-length': Buffer.byteLength(payload) } : {}),
      ...headers,
    };
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1', port: server.port, path, method, headers: allHeaders,
        localAddress: this.from, agent: false,
      }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => { text += d; });
        res.on('end', () => {
          const setCookies = res.headers['set-cookie'] ?? [];
          for (const line of setCookies) {
            const [pair] = line.split(';');
            const eq = pair.indexOf('=');
            const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
            if (/Max-Age=0/.test(line) || value === '') this.jar.delete(name); else this.jar.set(name, value);
          }
          let json;
          try { json = JSON.parse(text); } catch { json = undefined; }
          resolve({ status: res.statusCode, headers: res.headers, json, text, cookies: setCookies });
        });
      });
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  createRoom(body = {}) {
    return this.request('/api/rooms', { method: 'POST', body });
  }

  join(room, name, { passcode, server } = {}) {
    return this.request('/api/connection-details', {
      method: 'POST', server,
      body: { roomName: room, participantName: name, ...(passcode !== undefined ? { passcode } : {}) },
    });
  }
}

// Delivers a webhook event signed as the LiveKit server signs it.
export async function deliverWebhook(server, event) {
  const body = new WebhookEvent(event).toJsonString();
  const at = new AccessToken(API_KEY, API_SECRET, { ttl: '5m' });
  at.sha256 = crypto.createHash('sha256').update(body).digest('base64');
  const res = await fetch(`http://127.0.0.1:${server.port}/api/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/webhook+json', authorization: await at.toJwt() },
    body,
  });
  return res.status;
}
