// A real OpenID Provider for tests (the `oidc-provider` package, in this process) on 127.0.0.1
// port 0, with hooks to attack the relying party (the livekit-meet server): ID tokens replaced or
// forged with the provider's own private keys, the JWKS and the discovery document altered,
// requests counted, the provider down, slow or broken. The user agent that signs people in through
// it is oidc-user-agent.mjs.
//
// The server is started with `--public-url http://meet.test` (a name that does not resolve): the
// client is registered with that redirect URI, and the user agent rewrites the public URL to the
// server's real address when it follows redirects.
import http from 'node:http';
import crypto from 'node:crypto';

// oidc-provider warns on import about Node.js releases before 22 LTS (it works on 20) and, at
// construction, that its development interactions are on: both expected here, so not printed.
const QUIET = ['oidc-provider WARNING: Unsupported runtime', 'oidc-provider WARNING: a quick start'];
async function quietly(fn) {
  const warn = console.warn;
  console.warn = (...args) => { if (!QUIET.some((q) => String(args[0]).startsWith(q))) warn(...args); };
  try { return await fn(); } finally { console.warn = warn; }
}
let Provider;

export const PUBLIC_URL = 'http://meet.test';
export const CLIENT_ID = 'livekit-meet';
// Unreserved characters only: client_secret_basic form-encodes the id and the secret (RFC 6749
// 2.3.1), and oidc-provider decodes them, so a secret with other characters tests that encoding.
export const CLIENT_SECRET = 'oidc-test-secret-7Hq2vLx9Kp4Wz8Rt3Ny6Bc1Md5Fg0Js';

// The people of the provider, by login (= `sub`). `groups` comes with the `groups` scope.
export const ACCOUNTS = {
  ada: { name: 'Ada Lovelace', preferred_username: 'ada', email: 'ada@example.org', email_verified: true, groups: ['meet-organizers'] },
  bob: { name: 'Bob Stranger', preferred_username: 'bob', email: 'bob@other.org', email_verified: true, groups: [] },
  eve: { name: 'Eve Unverified', preferred_username: 'eve', email: 'eve@example.org', email_verified: false, groups: ['meet-organizers'] },
  sam: { name: 'Sam Subdomain', preferred_username: 'sam', email: 'sam@sub.example.org', email_verified: true, groups: [] },
  mal: { name: 'Mal Lookalike', preferred_username: 'mal', email: 'mal@example.org.evil.test', email_verified: true, groups: ['meet-organizers-evil', 'x-meet-organizers'] },
  kim: { name: 'Kim Net', preferred_username: 'kim', email: 'kim@example.net', email_verified: true },
  nia: { preferred_username: 'nia', email: 'nia@example.org', email_verified: true }, // no name
  ivy: { email: 'ivy@example.org', email_verified: true }, // neither name nor user name
};

// ---- keys and signatures ---------------------------------------------------------------------

const KINDS = {
  rsa: { algs: ['RS256', 'PS256'], generate: () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }) },
  ec: { algs: ['ES256'], generate: () => crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }) },
  ed: { algs: ['EdDSA'], generate: () => crypto.generateKeyPairSync('ed25519') },
};
const KIND_OF_ALG = { RS256: 'rsa', PS256: 'rsa', ES256: 'ec', EdDSA: 'ed', Ed25519: 'ed' };

// A signing key: { kind, kid, algs, privateKey, publicKey (KeyObjects), privateJwk, publicJwk,
// publicPem }. Not in any JWKS until a test puts it there.
export function generateKey(kind, kid = `${kind}-${crypto.randomBytes(6).toString('hex')}`) {
  const spec = KINDS[kind];
  if (!spec) throw new Error(`unknown key kind ${kind}: rsa, ec or ed`);
  const { privateKey, publicKey } = spec.generate();
  return {
    kind,
    kid,
    algs: spec.algs,
    privateKey,
    publicKey,
    privateJwk: { ...privateKey.export({ format: 'jwk' }), kid, use: 'sig' },
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig' },
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }),
  };
}

const b64url = (data) => Buffer.from(data).toString('base64url');

// Signs a JWS (compact) with exactly the header and payload given (nothing added):
// RS256/PS256/ES256/EdDSA (Ed25519) with `key` (a key from generateKey or a provider's `keys`),
// HS256 with `secret` (a string or Buffer), `none` with an empty signature.
export function signJws({ header, payload, key, secret }) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(typeof payload === 'string' ? payload : JSON.stringify(payload))}`;
  const data = Buffer.from(input);
  let signature;
  switch (header.alg) {
    case 'none': signature = Buffer.alloc(0); break;
    case 'HS256': signature = crypto.createHmac('sha256', secret).update(data).digest(); break;
    case 'RS256': signature = crypto.sign('sha256', data, key.privateKey); break;
    case 'PS256':
      signature = crypto.sign('sha256', data, {
        key: key.privateKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32,
      });
      break;
    case 'ES256': signature = crypto.sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' }); break;
    case 'EdDSA': case 'Ed25519': signature = crypto.sign(null, data, key.privateKey); break;
    default: throw new Error(`signJws: unsupported alg ${header.alg}`);
  }
  return `${input}.${b64url(signature)}`;
}

// { header, payload, signature } of a compact JWS, without checking anything.
export function decodeJws(token) {
  const [h, p, s] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')),
    signature: s,
  };
}

// ---- the provider ------------------------------------------------------------------------------

const noop = () => {};
const delay = (ms, timers) => new Promise((resolve) => {
  const t = setTimeout(() => { timers.delete(t); resolve(); }, ms);
  timers.add(t);
});

// Starts a provider. Options:
// - publicUrl, basePath: the relying party's public URL and base path; the client's redirect URI
//   is `${publicUrl}${basePath}/auth/callback`, its post-logout redirect URI `${publicUrl}${basePath}/`.
// - path: the issuer's path ('' or e.g. '/realms/meet'); the issuer is http://127.0.0.1:<port><path>.
// - clients: [{ clientId, clientSecret, authMethod ('client_secret_basic' | 'client_secret_post'),
//   idTokenAlg (RS256 | PS256 | ES256 | EdDSA), redirectUris, postLogoutRedirectUris }].
// - authMethods: the token endpoint auth methods the provider offers (discovery's
//   token_endpoint_auth_methods_supported). With ['client_secret_post'] only, the token endpoint
//   also refuses HTTP Basic (oidc-provider itself accepts either for a secret-based client).
// - accounts: { login: claims } (ACCOUNTS by default); idTokenTtl (seconds).
// Returns the provider handle (see the object at the end of this function).
export async function startProvider(options = {}) {
  const front = await listenProvider();
  try {
    return front.configure(options);
  } catch (err) {
    await front.stop();
    throw err;
  }
}

// The first of two phases: listen on 127.0.0.1 port 0 (answering 503 until configured), so that the
// port (hence the issuer) is known before the relying party and the clients exist; then
// `configure(options)` builds the Provider (options as startProvider's) and returns the handle.
export async function listenProvider({ host = '127.0.0.1' } = {}) {
  Provider ??= (await quietly(() => import('oidc-provider'))).default;
  let handler = (req, res) => { res.writeHead(503); res.end(); };
  const sockets = new Set();
  const timers = new Set();
  const server = http.createServer((req, res) => {
    Promise.resolve().then(() => handler(req, res)).catch(() => { if (!res.headersSent) res.writeHead(500); res.end(); });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => { server.off('error', reject); resolve(); });
  });
  const { port } = server.address();
  let listening = true;
  const closeListener = () => new Promise((resolve) => {
    if (!listening) { resolve(); return; }
    listening = false;
    server.close(() => resolve());
    for (const s of sockets) s.destroy();
  });
  return {
    port,
    origin: `http://${host}:${port}`,
    configure(options) {
      const op = buildProvider({ port, host, sockets, timers, closeListener, reopen, ...options });
      handler = op.handle;
      return op;
    },
    stop: closeListener,
  };
  async function reopen() {
    if (listening) return;
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => { server.off('error', reject); resolve(); });
    });
    listening = true;
  }
}

function buildProvider({
  port, host, sockets, timers, closeListener, reopen,
  publicUrl = PUBLIC_URL, basePath = '', path = '',
  clients = [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }],
  authMethods = ['client_secret_basic', 'client_secret_post'],
  accounts = ACCOUNTS, idTokenTtl = 3600,
}) {
  const origin = `http://${host}:${port}`;
  const issuer = `${origin}${path}`;
  const keys = { rsa: generateKey('rsa', 'rsa-1'), ec: generateKey('ec', 'ec-1'), ed: generateKey('ed', 'ed-1') };
  const onlyPost = authMethods.length === 1 && authMethods[0] === 'client_secret_post';

  const errors = [];
  const counts = new Map();
  const requests = [];
  const tokenRequests = [];
  const hooks = { idToken: null, token: null, jwks: null, discovery: null, userinfo: null };
  const modes = { slowMs: 0, slowPaths: null, broken: new Map() };

  const config = {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris ?? [`${publicUrl}${basePath}/auth/callback`],
      post_logout_redirect_uris: c.postLogoutRedirectUris ?? [`${publicUrl}${basePath}/`],
      token_endpoint_auth_method: c.authMethod ?? (onlyPost ? 'client_secret_post' : 'client_secret_basic'),
      id_token_signed_response_alg: c.idTokenAlg ?? 'RS256',
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    clientAuthMethods: authMethods,
    jwks: { keys: [keys.rsa.privateJwk, keys.ec.privateJwk, keys.ed.privateJwk] },
    async findAccount(ctx, id) {
      const claims = accounts[id];
      if (!claims) return undefined;
      return { accountId: id, async claims() { return { sub: id, ...claims }; } };
    },
    // Scope claims in the ID token too (not only at the userinfo endpoint), as most providers do.
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
      groups: ['groups'],
    },
    // The relying party must use PKCE (S256); oidc-provider requires it only of public clients.
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx, form) {
          ctx.body = `<!DOCTYPE html><title>Sign out</title>${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes</button>`;
        },
        postLogoutSuccessSource(ctx) { ctx.body = '<!DOCTYPE html><title>Signed out</title>'; },
      },
    },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: idTokenTtl, Interaction: 600, Session: 3600, Grant: 3600 },
    renderError(ctx, out) {
      ctx.type = 'html';
      const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
      ctx.body = `<!DOCTYPE html><title>Error</title><p id="error">${esc(out.error)}</p><p id="description">${esc(out.error_description ?? '')}</p>`;
    },
  };

  let provider;
  const warn = console.warn;
  console.warn = (...args) => { if (!QUIET.some((q) => String(args[0]).startsWith(q))) warn(...args); };
  try {
    provider = new Provider(issuer, config);
  } finally {
    console.warn = warn;
  }
  provider.on('server_error', (ctx, err) => errors.push(err));

  // Koa middleware: sees and rewrites the provider's answers (JSON bodies are still objects).
  provider.use(async (ctx, next) => {
    const route = ctx.path;
    const isToken = route === '/token' && ctx.method === 'POST';
    if (isToken && onlyPost && ctx.headers.authorization) {
      tokenRequests.push({ basic: true, post: false, status: 401, error: 'invalid_client' });
      ctx.status = 401;
      ctx.body = { error: 'invalid_client', error_description: 'this provider accepts client_secret_post only' };
      return;
    }
    await next();
    if (isToken) {
      tokenRequests.push({
        basic: /^basic /i.test(ctx.headers.authorization ?? ''),
        post: ctx.oidc?.params?.client_secret !== undefined,
        code: ctx.oidc?.params?.code,
        status: ctx.status,
        error: ctx.body?.error,
        body: ctx.body && typeof ctx.body === 'object' ? { ...ctx.body } : ctx.body,
      });
      if (ctx.status === 200 && ctx.body?.id_token && hooks.idToken) {
        const token = ctx.body.id_token;
        const { header, payload } = decodeJws(token);
        ctx.body = { ...ctx.body, id_token: await hooks.idToken({ token, header, claims: payload, keys, op }) };
      }
      if (hooks.token) ctx.body = await hooks.token(ctx.body, ctx);
    } else if (route === '/jwks' && hooks.jwks) {
      ctx.body = typeof hooks.jwks === 'function' ? await hooks.jwks(ctx.body) : hooks.jwks;
    } else if (route === '/.well-known/openid-configuration' && hooks.discovery) {
      ctx.body = await hooks.discovery({ ...ctx.body });
    } else if (route === '/me' && hooks.userinfo && ctx.status === 200) {
      ctx.body = await hooks.userinfo(typeof ctx.body === 'object' ? { ...ctx.body } : ctx.body);
    }
  });

  const callback = provider.callback();

  // The HTTP front: counts, delays and breaks requests before the provider sees them.
  async function handle(req, res) {
    const url = new URL(req.url, origin);
    let route = url.pathname;
    if (path) {
      if (route !== path && !route.startsWith(`${path}/`)) { res.writeHead(404); res.end(); return; }
      route = route.slice(path.length) || '/';
    }
    counts.set(route, (counts.get(route) ?? 0) + 1);
    requests.push({ method: req.method, path: route, query: url.search, headers: { ...req.headers } });
    if (modes.slowMs > 0 && (!modes.slowPaths || modes.slowPaths.includes(route))) {
      await delay(modes.slowMs, timers);
      if (req.socket.destroyed) return;
    }
    const broken = modes.broken.get(route);
    if (broken !== undefined) {
      if (broken === 'reset') { req.socket.destroy(); return; }
      if (broken === 'garbage') { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"id_token": "not json'); return; }
      if (broken === 'html') { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html>maintenance</html>'); return; }
      res.writeHead(Number(broken), { 'content-type': 'text/plain' });
      res.end('broken on purpose');
      return;
    }
    if (path) {
      // As a framework that mounts the provider would: the provider works out its mount path from
      // originalUrl.
      req.originalUrl = req.url;
      req.url = req.url.slice(path.length) || '/';
    }
    callback(req, res);
  }

  const op = {
    issuer,
    port,
    origin,
    publicUrl,
    basePath,
    provider,
    keys,
    clientId: clients[0].clientId,
    clientSecret: clients[0].clientSecret,
    // Absolute URL of a path relative to the issuer ('/jwks', '/token', ...).
    url: (p = '/') => `${issuer}${p}`,
    hooks,
    counts,
    requests,
    tokenRequests,
    errors,
    // How many requests a path (relative to the issuer) had: '/jwks', '/token', '/me',
    // '/.well-known/openid-configuration', '/auth', ...
    count: (p) => counts.get(p) ?? 0,
    // The discovery document as the provider serves it now (hooks included), without counting.
    async discovery() {
      const n = counts.get('/.well-known/openid-configuration') ?? 0;
      const doc = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
      counts.set('/.well-known/openid-configuration', n);
      requests.pop();
      return doc;
    },
    keyFor(alg) {
      const kind = KIND_OF_ALG[alg];
      if (!kind) throw new Error(`no provider key for ${alg}`);
      return keys[kind];
    },
    generateKey,
    // A JWKS document (public keys): the provider's own (unless `current: false`) plus `extra` keys.
    jwks(extra = [], { current = true } = {}) {
      const own = current ? Object.values(keys) : [];
      return { keys: [...own, ...extra].map((k) => k.publicJwk) };
    },
    // Signs { header, payload }: `alg` and `kid` of the header default to the key's; `key` defaults
    // to the provider's key for `alg` (RS256 by default); HS256 needs `secret`.
    sign({ payload, alg = 'RS256', key, header = {}, secret }) {
      const needsKey = !['none', 'HS256'].includes(alg);
      const k = key ?? (needsKey ? op.keyFor(alg) : undefined);
      const fullHeader = { alg, ...(k ? { kid: k.kid } : {}), ...header };
      return signJws({ header: fullHeader, payload, key: k, secret });
    },
    // A hook for `hooks.idToken`: the provider's own claims changed by `changes` (a value of
    // undefined removes the claim; a function gets the claims), signed again as `sign` would.
    resign(changes = {}, { alg = 'RS256', key, header = {}, secret } = {}) {
      return ({ claims }) => {
        const payload = typeof changes === 'function' ? changes({ ...claims }) : { ...claims, ...changes };
        for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
        return op.sign({ payload, alg, key, header, secret });
      };
    },
    // Delays every request (or those to `paths`, relative to the issuer) by `ms`; slow(0) ends it.
    slow(ms, paths = null) { modes.slowMs = ms; modes.slowPaths = paths; },
    // Breaks a path: 'reset' (connection dropped), 'garbage' (truncated JSON), 'html', or a status
    // code (e.g. 500); breakPath(path, undefined) repairs it.
    breakPath(p, how) { if (how === undefined) modes.broken.delete(p); else modes.broken.set(p, how); },
    // Closes the listener and every connection: connections are refused until up().
    down: closeListener,
    up: reopen,
    // Clears hooks and modes (not the counts); back up if down.
    async reset() {
      for (const k of Object.keys(hooks)) hooks[k] = null;
      modes.slowMs = 0;
      modes.slowPaths = null;
      modes.broken.clear();
      await reopen();
    },
    resetCounts() { counts.clear(); requests.length = 0; tokenRequests.length = 0; },
    async stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await closeListener();
      for (const s of sockets) s.destroy();
    },
  };
  Object.defineProperty(op, 'handle', { value: handle, enumerable: false });
  return op;
}
