// A programmatic user agent for the OpenID Connect tests: it signs a person in through the
// livekit-meet server and the test provider's development login and consent pages (see
// oidc-provider.mjs), keeps a cookie jar per host, never follows redirects by itself, and rewrites
// the server's public URL (http://meet.test, which does not resolve) to its real address.
import http from 'node:http';
import { PUBLIC_URL } from './oidc-provider.mjs';

// ---- the user agent ----------------------------------------------------------------------------

let nextAddress = 0;
// A fresh loopback address per user agent (127.0.20.2 and up), so that limits per client address
// (e.g. on /auth/login) do not add up across the tests' browsers.
function freshAddress() {
  const n = nextAddress++;
  return `127.0.${20 + Math.floor(n / 250)}.${2 + (n % 250)}`;
}

function parseSetCookie(line) {
  const [pair, ...attrs] = line.split(';');
  const eq = pair.indexOf('=');
  const cookie = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attrs: {}, raw: line };
  for (const a of attrs) {
    const i = a.indexOf('=');
    const k = (i < 0 ? a : a.slice(0, i)).trim().toLowerCase();
    cookie.attrs[k] = i < 0 ? true : a.slice(i + 1).trim();
  }
  return cookie;
}

const unescapeHtml = (s) => s.replace(/&(#x?[0-9a-f]+|amp|lt|gt|quot|apos);/gi, (m, e) => {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e.toLowerCase()];
  if (named) return named;
  return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
});

// The forms of a page: [{ id, action, method, fields: { name: value } }] (inputs with a value).
export function parseForms(html, base) {
  const forms = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attr = (s, name) => {
      const a = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(s);
      return a ? unescapeHtml(a[2] ?? a[3]) : undefined;
    };
    const fields = {};
    for (const input of m[2].matchAll(/<input\b([^>]*)>/gi)) {
      const name = attr(input[1], 'name');
      if (name !== undefined) fields[name] = attr(input[1], 'value') ?? '';
    }
    forms.push({
      id: attr(m[1], 'id'),
      action: new URL(attr(m[1], 'action') ?? base, base).href,
      method: (attr(m[1], 'method') ?? 'get').toLowerCase(),
      fields,
    });
  }
  return forms;
}

// One browser: a cookie jar per host:port (name, value, path; Max-Age=0 / past Expires / empty
// value delete), manual redirects, requests from its own loopback address. URLs under the public
// URL go to `server` (the object startServer returns); `basePath` is the server's --base-path.
export class UserAgent {
  constructor({ server, publicUrl = PUBLIC_URL, basePath = '', from = freshAddress(), timeoutMs = 20000 } = {}) {
    this.server = server;
    this.publicUrl = publicUrl.replace(/\/$/, '');
    this.basePath = basePath.replace(/\/$/, '');
    this.from = from;
    this.timeoutMs = timeoutMs;
    this.jars = new Map();
  }

  // The real address of a URL: the public URL becomes the server's.
  realUrl(url) {
    const s = String(url);
    if (this.server && (s === this.publicUrl || s.startsWith(`${this.publicUrl}/`) || s.startsWith(`${this.publicUrl}?`))) {
      return new URL(this.server.url(s.slice(this.publicUrl.length) || '/'));
    }
    return new URL(s);
  }

  jar(host) {
    if (!this.jars.has(host)) this.jars.set(host, new Map());
    return this.jars.get(host);
  }

  serverJar() { return this.jar(new URL(this.server.url('/')).host); }
  // A server cookie's value (or undefined); set one (as a thief would); drop one.
  cookie(name) { return this.serverJar().get(name)?.value; }
  setCookie(name, value, path = '/') { this.serverJar().set(name, { value, path }); }
  dropCookie(name) { this.serverJar().delete(name); }

  cookieHeader(url) {
    const jar = this.jar(url.host);
    return [...jar].filter(([, c]) => url.pathname.startsWith(c.path ?? '/')).map(([k, c]) => `${k}=${c.value}`).join('; ');
  }

  // A request, no redirects followed: { status, headers, location (absolute, as sent, or
  // undefined), text, json, cookies (Set-Cookie lines), setCookies (parsed), url }.
  // `form`: an object sent as application/x-www-form-urlencoded; `json`: an object sent as JSON;
  // `path`: sent verbatim as the request target (for targets URL would normalise).
  request(url, { method = 'GET', headers = {}, body, form, json, path: rawPath, cookies = true } = {}) {
    const target = this.realUrl(url);
    let payload = body;
    const extra = {};
    if (form !== undefined) { payload = new URLSearchParams(form).toString(); extra['content-type'] = 'application/x-www-form-urlencoded'; }
    if (json !== undefined) { payload = JSON.stringify(json); extra['content-type'] = 'application/json'; }
    if (payload !== undefined) extra['content-length'] = Buffer.byteLength(payload);
    const cookie = cookies ? this.cookieHeader(target) : '';
    if (cookie) extra.cookie = cookie;
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: target.hostname, port: target.port, method, path: rawPath ?? `${target.pathname}${target.search}`,
        headers: { ...extra, ...headers }, localAddress: this.from, agent: false, timeout: this.timeoutMs,
      }, (res) => {
        const chunks = [];
        res.on('data', (d) => chunks.push(d));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const lines = res.headers['set-cookie'] ?? [];
          const parsed = lines.map(parseSetCookie);
          const jar = this.jar(target.host);
          for (const c of parsed) {
            const expired = c.attrs['max-age'] !== undefined ? Number(c.attrs['max-age']) <= 0
              : c.attrs.expires !== undefined && Date.parse(c.attrs.expires) <= Date.now();
            if (expired || c.value === '') jar.delete(c.name);
            else jar.set(c.name, { value: c.value, path: typeof c.attrs.path === 'string' ? c.attrs.path : '/' });
          }
          let parsedJson;
          try { parsedJson = JSON.parse(text); } catch { parsedJson = undefined; }
          const loc = res.headers.location;
          resolve({
            status: res.statusCode, headers: res.headers, text, json: parsedJson,
            location: loc === undefined ? undefined : new URL(loc, this.publicOf(target)).href,
            rawLocation: loc, cookies: lines, setCookies: parsed, url: target.href,
          });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${target.href}: no answer in ${this.timeoutMs} ms`)));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  // The URL a redirect is relative to: the server's public URL for the server's answers.
  publicOf(target) {
    if (this.server && target.host === new URL(this.server.url('/')).host) return `${this.publicUrl}${target.pathname}`;
    return target.href;
  }

  // A JSON API call to the server: { status, json, ... }.
  api(path, { method = 'GET', json, headers } = {}) {
    return this.request(this.server.url(path), { method, json, headers });
  }

  // Step 1: GET /auth/login?next=… at the server (`query` overrides the whole query string,
  // sent verbatim). Returns the response and, when it is a redirect, the authorization URL.
  async startLogin({ next, query } = {}) {
    const q = query ?? (next === undefined ? '' : `next=${encodeURIComponent(next)}`);
    const target = `${this.basePath}/auth/login${q ? `?${q}` : ''}`;
    const res = await this.request(this.server.url(`${this.basePath}/auth/login`), { path: target });
    return { res, authorizeUrl: res.status >= 300 && res.status < 400 ? res.location : undefined };
  }

  // Step 2: at the provider, from the authorization URL: follows its redirects and fills in the
  // development login (as `login`) and consent forms, until it redirects to the public URL (the
  // callback). Returns { callbackUrl (as the provider sent it, under the public URL), steps }.
  async authorize(authorizeUrl, login = 'ada', { maxSteps = 20 } = {}) {
    let url = authorizeUrl;
    let init = {};
    const steps = [];
    for (let i = 0; i < maxSteps; i++) {
      if (url.startsWith(`${this.publicUrl}/`) || url === this.publicUrl) return { callbackUrl: url, steps };
      const res = await this.request(url, init);
      steps.push({ url, method: init.method ?? 'GET', status: res.status });
      init = {};
      if (res.status >= 300 && res.status < 400 && res.location) { url = res.location; continue; }
      if (res.status === 200 && /<form/i.test(res.text)) {
        const [form] = parseForms(res.text, res.url);
        const fields = { ...form.fields };
        if ('login' in fields || /name="login"/.test(res.text)) { fields.login = login; fields.password = 'any password'; }
        if (form.id === 'op.logoutForm') fields.logout = 'yes';
        url = form.action;
        init = form.method === 'post' ? { method: 'POST', form: fields } : {};
        if (form.method !== 'post') url = `${form.action}?${new URLSearchParams(fields)}`;
        continue;
      }
      const err = new Error(`the provider stopped at ${url}: ${res.status} ${res.text.slice(0, 500)}`);
      err.response = res;
      throw err;
    }
    throw new Error(`no callback after ${maxSteps} steps`);
  }

  // Step 3: the callback at the server (the URL under the public URL, rewritten).
  callback(callbackUrl, options = {}) {
    return this.request(callbackUrl, options);
  }

  // Steps 1 and 2: { login (the /auth/login response), authorizeUrl, callbackUrl, state, code }.
  async untilCallback({ login = 'ada', next } = {}) {
    const { res, authorizeUrl } = await this.startLogin({ next });
    if (!authorizeUrl) throw new Error(`/auth/login answered ${res.status}: ${res.text.slice(0, 300)}`);
    const { callbackUrl } = await this.authorize(authorizeUrl, login);
    const params = new URL(callbackUrl).searchParams;
    return { login: res, authorizeUrl, callbackUrl, state: params.get('state'), code: params.get('code') };
  }

  // Steps 1 to 3: { ...untilCallback, callback (the response) }.
  async signIn({ login = 'ada', next } = {}) {
    const steps = await this.untilCallback({ login, next });
    const callback = await this.callback(steps.callbackUrl);
    return { ...steps, callback };
  }

  // Follows the server's logout redirect at the provider (its end-session confirmation), until the
  // provider redirects back under the public URL: returns that URL.
  async followLogout(endSessionUrl) {
    return (await this.authorize(endSessionUrl)).callbackUrl;
  }
}

// A person signed in through `server` and `provider`: { ua, login, authorizeUrl, callbackUrl,
// state, code, callback }. `ua` may be given (a UserAgent), else a new one.
export async function signIn({ server, provider, login = 'ada', next, ua } = {}) {
  const agent = ua ?? new UserAgent({ server, publicUrl: provider?.publicUrl, basePath: provider?.basePath });
  return { ua: agent, ...(await agent.signIn({ login, next })) };
}

// Same, stopping right before the callback (not sent): { ua, login, authorizeUrl, callbackUrl,
// state, code }.
export async function untilCallback({ server, provider, login = 'ada', next, ua } = {}) {
  const agent = ua ?? new UserAgent({ server, publicUrl: provider?.publicUrl, basePath: provider?.basePath });
  return { ua: agent, ...(await agent.untilCallback({ login, next })) };
}
