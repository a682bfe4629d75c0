// Reverse proxies in front of the real binary: the configurations docs/deploy.md shows (marked
// `<!-- tested: NAME -->` before their fenced block), a scratch TLS certificate, requests over TLS
// from a chosen loopback address, and a proxy process started and stopped by its pid.
import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { AccessToken } from 'livekit-server-sdk';
import { WebhookEvent, Room } from '@livekit/protocol';
import { repoRoot, API_KEY, API_SECRET } from './server.mjs';

export const deployDoc = path.join(repoRoot, 'docs', 'deploy.md');

// The fenced block that follows `<!-- tested: NAME -->` in docs/deploy.md.
export function testedBlock(name) {
  const text = fs.readFileSync(deployDoc, 'utf8');
  const marker = `<!-- tested: ${name} -->\n`;
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`docs/deploy.md has no block marked "tested: ${name}"`);
  const m = /^```[a-z]*\n([\s\S]*?)^```$/m.exec(text.slice(at + marker.length));
  if (!m || m.index !== 0) throw new Error(`"tested: ${name}" is not followed by a fenced block`);
  return m[1];
}

// Replaces each [from, to, count] in `text`, insisting that `from` occurs exactly `count` times, so
// a documented configuration that changes shape fails the test instead of going untested.
export function substitute(text, rules) {
  let out = text;
  for (const [from, to, count] of rules) {
    const found = out.split(from).length - 1;
    if (found !== count) {
      throw new Error(`expected ${count} × ${JSON.stringify(from)} in the documented block, found ${found}`);
    }
    out = out.split(from).join(to);
  }
  return out;
}

export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// A self-signed certificate for `host` and 127.0.0.1, written to dir/cert.pem and dir/key.pem.
export function makeCertificate(dir, host) {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-days', '2', '-subj', `/CN=${host}`, '-addext', `subjectAltName=DNS:${host},IP:127.0.0.1`,
    '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  return { cert, key, pem: fs.readFileSync(cert) };
}

// One request to 127.0.0.1:port, over TLS when `ca` is given (checked against `host`), sent from
// `from` (any 127.0.0.0/8 address: how the proxy tells clients apart).
export function request(port, pathname, { ca, host, from = '127.0.0.1', method = 'GET', headers = {}, body } = {}) {
  const client = ca ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request({
      host: '127.0.0.1', port, path: pathname, method, localAddress: from, ca, servername: host,
      headers: { host, ...headers }, agent: false, timeout: 15000,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode, headers: res.headers, bytes, text: bytes.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${pathname}: no answer`)));
    req.on('error', reject);
    req.end(body);
  });
}

// Starts a proxy that stays in the foreground; resolves once `port` accepts connections.
export async function startProxy(name, command, args, { env, port, logFile, timeoutMs = 15000 }) {
  const log = fs.openSync(logFile, 'a');
  const proc = spawn(command, args, { env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  let gone = false;
  exited.then(() => { gone = true; });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gone) throw new Error(`${name} exited: ${fs.readFileSync(logFile, 'utf8')}`);
    if (await accepts(port)) break;
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${name} did not listen on ${port}: ${fs.readFileSync(logFile, 'utf8')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    proc,
    async stop() {
      if (!gone) proc.kill('SIGTERM');
      return exited;
    },
  };
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

// A room_started delivery signed as the LiveKit server signs it, for the test credentials.
export async function signedWebhook(roomName) {
  const body = new WebhookEvent({
    event: 'room_started', id: `EV_${crypto.randomUUID()}`, createdAt: BigInt(Math.floor(Date.now() / 1000)),
    room: new Room({ sid: `RM_${crypto.randomUUID().slice(0, 12)}`, name: roomName, creationTime: BigInt(Math.floor(Date.now() / 1000)) }),
  }).toJsonString();
  const at = new AccessToken(API_KEY, API_SECRET, { ttl: '5m' });
  at.sha256 = crypto.createHash('sha256').update(body).digest('base64');
  return { body, authorization: await at.toJwt() };
}
