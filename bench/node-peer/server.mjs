// The plain Node.js peer of the benchmarks: what a LiveKit user would run without Next.js.
// node:http answers LiveKit Meet's GET /api/connection-details with livekit-server-sdk, serves the
// web app's hashed assets from memory, and answers /healthz.
//
// Environment: LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET (required), HOST (127.0.0.1),
// PORT (0 picks a free port), WEB_ROOT (the built web app, for /assets/).
// Prints "listening <port>" on standard output once it accepts connections.
import { randomInt } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { AccessToken } from 'livekit-server-sdk';

const POSTFIX_COOKIE = 'random-participant-postfix';
const POSTFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const COOKIE_LIFETIME_MS = 2 * 60 * 60 * 1000;

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`node-peer: ${name} is not set`);
    process.exit(2);
  }
  return value;
}

const livekitUrl = required('LIVEKIT_URL');
const apiKey = required('LIVEKIT_API_KEY');
const apiSecret = required('LIVEKIT_API_SECRET');
const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 0);
const webRoot = process.env.WEB_ROOT || '';

function randomPostfix() {
  let out = '';
  for (let i = 0; i < 4; i += 1) out += POSTFIX_ALPHABET[randomInt(POSTFIX_ALPHABET.length)];
  return out;
}

function cookieValue(header, name) {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

// Only *.livekit.cloud hosts get the region inserted, as LiveKit Meet does.
function urlForRegion(region) {
  const url = new URL(livekitUrl);
  if (url.hostname.includes('livekit.cloud')) {
    const [project, ...rest] = url.hostname.split('.');
    const domain = rest.join('.');
    const stage = domain.startsWith('staging.') ? '' : 'production.';
    url.hostname = `${project}.${region}.${stage}${domain}`;
  }
  return url.toString();
}

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

async function connectionDetails(req, res, query) {
  const roomName = query.get('roomName');
  const participantName = query.get('participantName');
  const metadata = query.get('metadata') ?? '';
  const region = query.get('region');
  if (roomName === null) {
    send(res, 400, 'text/plain', 'Missing required query parameter: roomName');
    return;
  }
  if (participantName === null) {
    send(res, 400, 'text/plain', 'Missing required query parameter: participantName');
    return;
  }
  const cookie = cookieValue(req.headers.cookie, POSTFIX_COOKIE);
  const postfix = cookie && /^[a-z0-9]{4}$/.test(cookie) ? cookie : randomPostfix();
  const token = new AccessToken(apiKey, apiSecret, {
    identity: `${participantName}__${postfix}`,
    name: participantName,
    metadata,
  });
  token.ttl = '5m';
  token.addGrant({
    room: roomName,
    roomJoin: true,
    canPublish: true,
    canPublishData: true,
    canSubscribe: true,
  });
  const body = JSON.stringify({
    serverUrl: region ? urlForRegion(region) : livekitUrl,
    roomName,
    participantToken: await token.toJwt(),
    participantName,
  });
  const expires = new Date(Date.now() + COOKIE_LIFETIME_MS).toUTCString();
  const setCookie = `${POSTFIX_COOKIE}=${postfix}; Path=/; HttpOnly; SameSite=Strict; Secure`;
  send(res, 200, 'application/json', body, {
    'Cache-Control': 'no-store',
    'Set-Cookie': `${setCookie}; Expires=${expires}`,
  });
}

// Hashed assets are immutable: read once, then served from memory.
const assets = new Map();
function asset(name) {
  if (!webRoot || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) return undefined;
  let content = assets.get(name);
  if (content === undefined) {
    const file = join(webRoot, 'assets', name);
    try {
      if (!statSync(file).isFile()) return undefined;
      content = readFileSync(file);
    } catch {
      return undefined;
    }
    assets.set(name, content);
  }
  return content;
}

const TYPES = { js: 'text/javascript', css: 'text/css', svg: 'image/svg+xml', jpg: 'image/jpeg' };

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://peer');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'text/plain', 'Method not allowed', { Allow: 'GET, HEAD' });
  } else if (url.pathname === '/api/connection-details') {
    connectionDetails(req, res, url.searchParams).catch((error) => {
      send(res, 500, 'text/plain', error instanceof Error ? error.message : 'Internal error');
    });
  } else if (url.pathname === '/healthz') {
    send(res, 200, 'application/json', '{"status":"ok"}', { 'Cache-Control': 'no-store' });
  } else if (url.pathname.startsWith('/assets/')) {
    const name = url.pathname.slice('/assets/'.length);
    const content = asset(name);
    if (content === undefined) {
      send(res, 404, 'text/plain', 'Not found');
      return;
    }
    const extension = name.slice(name.lastIndexOf('.') + 1);
    res.writeHead(200, {
      'Content-Type': TYPES[extension] ?? 'application/octet-stream',
      'Content-Length': content.length,
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
    res.end(req.method === 'HEAD' ? undefined : content);
  } else {
    send(res, 404, 'text/plain', 'Not found');
  }
});

server.keepAliveTimeout = 65_000;
server.listen(port, host, () => {
  console.log(`listening ${server.address().port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
