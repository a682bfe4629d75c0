// Operations against the real binary: GET /metrics (Prometheus text format 0.0.4, parsed strictly
// here), who may read it, JSON log lines, and --version. LiveKit API calls go to the stand-in
// (tests/lib/livekit-standin.mjs); webhooks are signed with livekit-server-sdk.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { AccessToken } from 'livekit-server-sdk';
import { WebhookEvent, Room } from '@livekit/protocol';
import { standIn } from '../lib/livekit-standin.mjs';
import {
  startServer, credentialsEnv, runCli, tempDir, repoRoot, API_KEY, API_SECRET,
} from './lib/server.mjs';

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

// ---- A strict reader of the text exposition format ------------------------------------------

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const VALUE = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]Inf|NaN)$/;

function parseValue(text, where) {
  assert.match(text, VALUE, `not a sample value: ${where}`);
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

// `{a="x",b="y\"z"}` -> { a: 'x', b: 'y"z' }; only \\, \" and \n are escapes.
function parseLabels(text, where) {
  const labels = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    assert.ok(eq > i, `label without a name: ${where}`);
    const name = text.slice(i, eq);
    assert.match(name, LABEL_NAME, `bad label name: ${where}`);
    assert.ok(!(name in labels), `label ${name} twice: ${where}`);
    assert.equal(text[eq + 1], '"', `unquoted label value: ${where}`);
    let value = '';
    let j = eq + 2;
    for (;;) {
      assert.ok(j < text.length, `unterminated label value: ${where}`);
      const c = text[j];
      if (c === '"') break;
      if (c === '\\') {
        const next = text[j + 1];
        assert.ok(next === '\\' || next === '"' || next === 'n', `bad escape in: ${where}`);
        value += next === 'n' ? '\n' : next;
        j += 2;
      } else {
        assert.notEqual(c, '\n', `raw newline in a label value: ${where}`);
        value += c;
        j += 1;
      }
    }
    labels[name] = value;
    i = j + 1;
    if (i < text.length) {
      assert.equal(text[i], ',', `labels not separated by commas: ${where}`);
      i += 1;
    }
  }
  return labels;
}

// Splits `name{labels} value` at the closing brace that ends the labels (label values may hold
// braces and spaces).
function parseSample(line) {
  const brace = line.indexOf('{');
  const space = line.indexOf(' ');
  if (brace < 0 || (space >= 0 && space < brace)) {
    const parts = line.split(' ');
    assert.equal(parts.length, 2, `sample is not "name value" (no timestamps expected): ${line}`);
    return { name: parts[0], labels: {}, value: parseValue(parts[1], line) };
  }
  const name = line.slice(0, brace);
  let j = brace + 1;
  let quoted = false;
  for (; j < line.length; j += 1) {
    if (quoted && line[j] === '\\') { j += 1; continue; }
    if (line[j] === '"') quoted = !quoted;
    if (!quoted && line[j] === '}') break;
  }
  assert.ok(j < line.length, `unterminated labels: ${line}`);
  const rest = line.slice(j + 1);
  assert.ok(rest.startsWith(' ') && !rest.slice(1).includes(' '), `bad sample tail: ${line}`);
  return { name, labels: parseLabels(line.slice(brace + 1, j), line), value: parseValue(rest.slice(1), line) };
}

const seriesKey = (name, labels) =>
  `${name}{${Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',')}}`;

// Parses a whole exposition, failing on anything the format does not allow, and returns
// { families: Map(name -> {type, help}), samples: Map(seriesKey -> value) }.
export function parseExposition(text) {
  assert.ok(text.endsWith('\n'), 'the exposition ends with a line feed');
  const families = new Map();
  const samples = new Map();
  const closed = new Set();
  let current = null;
  for (const line of text.slice(0, -1).split('\n')) {
    assert.notEqual(line, '', 'no empty lines');
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
      assert.ok(m, `bad comment line: ${line}`);
      const [, kind, name, rest] = m;
      assert.match(name, NAME);
      assert.ok(!closed.has(name), `family ${name} appears again after others`);
      if (current && current !== name) closed.add(current);
      current = name;
      const family = families.get(name) ?? { type: null, help: null, samples: 0 };
      if (kind === 'HELP') {
        assert.equal(family.help, null, `HELP twice for ${name}`);
        assert.equal(family.type, null, `HELP after TYPE for ${name}`);
        family.help = rest;
      } else {
        assert.equal(family.type, null, `TYPE twice for ${name}`);
        assert.ok(['counter', 'gauge', 'histogram'].includes(rest), `unexpected type ${rest}`);
        family.type = rest;
      }
      families.set(name, family);
      continue;
    }
    const sample = parseSample(line);
    assert.match(sample.name, NAME);
    const family = families.get(current);
    assert.ok(family?.type, `sample before any TYPE: ${line}`);
    if (family.type === 'histogram') {
      assert.ok([`${current}_bucket`, `${current}_sum`, `${current}_count`].includes(sample.name),
        `${sample.name} is not part of histogram ${current}`);
      assert.equal('le' in sample.labels, sample.name === `${current}_bucket`, `le only on buckets: ${line}`);
    } else {
      assert.equal(sample.name, current, `${sample.name} is not part of ${family.type} ${current}`);
    }
    if (family.type === 'counter') {
      assert.ok(current.endsWith('_total'), `counter ${current} ends in _total`);
      assert.ok(sample.value >= 0 && Number.isFinite(sample.value), `counter value: ${line}`);
    }
    const key = seriesKey(sample.name, sample.labels);
    assert.ok(!samples.has(key), `duplicate series ${key}`);
    samples.set(key, sample.value);
    family.samples += 1;
    family.list = [...(family.list ?? []), sample];
  }
  for (const [name, family] of families) {
    assert.ok(family.type, `family ${name} has no TYPE`);
    if (family.type !== 'histogram') continue;
    const groups = new Map();
    for (const s of family.list ?? []) {
      const { le, ...rest } = s.labels;
      const key = seriesKey(name, rest);
      const group = groups.get(key) ?? { buckets: [], sum: undefined, count: undefined };
      if (s.name.endsWith('_bucket')) group.buckets.push([parseValue(le, le), s.value]);
      if (s.name.endsWith('_sum')) group.sum = s.value;
      if (s.name.endsWith('_count')) group.count = s.value;
      groups.set(key, group);
    }
    for (const [key, group] of groups) {
      assert.ok(group.buckets.length > 0, `${key}: no buckets`);
      assert.equal(group.buckets.at(-1)[0], Infinity, `${key}: the last bucket is +Inf`);
      for (let i = 1; i < group.buckets.length; i += 1) {
        assert.ok(group.buckets[i][0] > group.buckets[i - 1][0], `${key}: le increases`);
        assert.ok(group.buckets[i][1] >= group.buckets[i - 1][1], `${key}: buckets are cumulative`);
      }
      assert.equal(group.count, group.buckets.at(-1)[1], `${key}: _count equals the +Inf bucket`);
      assert.ok(group.sum !== undefined && group.sum >= 0, `${key}: has a _sum`);
    }
  }
  return { families, samples };
}

function metric(parsed, name, labels = {}) {
  return parsed.samples.get(seriesKey(name, labels)) ?? 0;
}

test('the exposition reader refuses what the format forbids', () => {
  const ok = '# HELP a_total A.\n# TYPE a_total counter\na_total{k="x\\"y\\\\z\\n"} 3\n'
    + '# TYPE h histogram\nh_bucket{le="0.5"} 1\nh_bucket{le="+Inf"} 2\nh_sum 0.7\nh_count 2\n';
  const parsed = parseExposition(ok);
  assert.equal(metric(parsed, 'a_total', { k: 'x"y\\z\n' }), 3);
  const bad = {
    'no TYPE': 'a_total 1\n',
    'duplicate series': '# TYPE a_total counter\na_total 1\na_total 2\n',
    'foreign sample': '# TYPE a_total counter\nb_total 1\n',
    'family split': '# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\n# TYPE a gauge\n',
    'bad escape': '# TYPE a gauge\na{k="\\t"} 1\n',
    'bad value': '# TYPE a gauge\na one\n',
    'no final newline': '# TYPE a gauge\na 1',
    'buckets decrease': '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
    'no +Inf': '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n',
    '+Inf is not _count': '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n',
    'negative counter': '# TYPE a_total counter\na_total -1\n',
  };
  for (const [why, text] of Object.entries(bad)) {
    assert.throws(() => parseExposition(text), undefined, why);
  }
});

// ---- The server under test --------------------------------------------------------------------

let livekit;
let server;
let webRoot;
let sdkWebhookToken;
before(async () => {
  livekit = await standIn(http.createServer, {}, { key: API_KEY, secret: API_SECRET });
  webRoot = tempDir('lkm-metrics-web-');
  fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>x</title>');
  fs.writeFileSync(path.join(webRoot, 'app.css'), 'body{}');
  server = await startServer({
    args: ['--web-root', webRoot, '--log-format', 'json'],
    env: credentialsEnv({ LIVEKIT_URL: `ws://127.0.0.1:${livekit.port}` }),
  });
});
after(async () => {
  await server?.stop();
  await livekit?.close();
  if (webRoot) fs.rmSync(webRoot, { recursive: true, force: true });
});

async function scrape(target = server, p = '/metrics') {
  const res = await fetch(target.url(p));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), CONTENT_TYPE);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  return parseExposition(await res.text());
}

async function sign(body) {
  const at = new AccessToken(API_KEY, API_SECRET, { ttl: '5m' });
  at.sha256 = crypto.createHash('sha256').update(body).digest('base64');
  return at.toJwt();
}

// The server counts an answer right after writing it, so a scrape may overtake the count of the
// request just answered: scrape until `ready` holds (bounded), then check exactly.
async function scrapeUntil(ready, target = server) {
  let parsed = await scrape(target);
  for (let i = 0; i < 100 && !ready(parsed); i += 1) {
    await new Promise((r) => setTimeout(r, 20));
    parsed = await scrape(target);
  }
  return parsed;
}

test('counts requests, tokens, webhooks and LiveKit calls, in a strictly valid exposition', async () => {
  const before = await scrape();
  assert.ok(before.families.has('livekit_meet_http_requests_total'));

  let res = await fetch(server.url('/api/connection-details?roomName=ops&participantName=ann'));
  assert.equal(res.status, 200);
  const { participantToken } = await res.json();
  assert.equal((await fetch(server.url('/no-such-file.txt'))).status, 404);
  res = await fetch(server.url('/app.css'));
  assert.equal(res.status, 200);
  await res.text();
  assert.equal((await fetch(server.url('/api/nothing-here'), { method: 'POST' })).status, 405);

  const now = BigInt(Math.floor(Date.now() / 1000));
  const body = new WebhookEvent({ event: 'room_started', id: `EV_metrics_${Date.now()}`, createdAt: now,
    room: new Room({ sid: 'RM_metrics', name: 'ops', creationTime: now }) }).toJsonString();
  sdkWebhookToken = await sign(body);
  const deliver = (authorization) => fetch(server.url('/api/webhook'), {
    method: 'POST', headers: { 'content-type': 'application/webhook+json', authorization }, body,
  });
  assert.equal((await deliver(sdkWebhookToken)).status, 200);
  assert.equal((await deliver(sdkWebhookToken)).status, 200);  // the same event id: a duplicate
  assert.equal((await deliver('not-a-token')).status, 401);

  res = await fetch(server.url('/api/rooms'));
  assert.equal(res.status, 200);
  await res.json();
  livekit.faults.push('not_found');
  res = await fetch(server.url('/api/rooms'));
  assert.equal(res.status, 502);
  await res.json();

  const req = (route, method, status) =>
    ['livekit_meet_http_requests_total', { route, method, status: String(status) }];
  const expected = [
    [req('/api/connection-details', 'GET', 200), 1],
    [req('static', 'GET', 404), 1],
    [req('static', 'GET', 200), 1],
    [req('method_not_allowed', 'POST', 405), 1],
    [req('/api/webhook', 'POST', 200), 2],
    [req('/api/webhook', 'POST', 401), 1],
    [req('/api/rooms', 'GET', 200), 1],
    [req('/api/rooms', 'GET', 502), 1],
    [['livekit_meet_http_request_duration_seconds_count', { route: '/api/connection-details' }], 1],
    [['livekit_meet_http_request_duration_seconds_count', { route: '/api/webhook' }], 3],
    [['livekit_meet_tokens_minted_total', {}], 1],
    [['livekit_meet_webhooks_total', { event: 'room_started', outcome: 'accepted' }], 1],
    [['livekit_meet_webhooks_total', { event: 'room_started', outcome: 'duplicate' }], 1],
    [['livekit_meet_webhooks_total', { event: 'unknown', outcome: 'rejected_auth' }], 1],
    [['livekit_meet_livekit_api_requests_total', { service_method: 'RoomService/ListRooms', outcome: 'ok' }], 1],
    [['livekit_meet_livekit_api_requests_total', { service_method: 'RoomService/ListRooms', outcome: 'http_4xx' }], 1],
  ];
  const delta = (parsed, [name, labels]) => metric(parsed, name, labels) - metric(before, name, labels);
  const after = await scrapeUntil((parsed) => expected.every(([series, n]) => delta(parsed, series) >= n));
  for (const [series, n] of expected) {
    assert.equal(delta(after, series), n, `${seriesKey(...series)} moved by ${n}`);
  }
  assert.ok(delta(after, req('/metrics', 'GET', 200)) >= 1, 'scrapes are counted too');

  // Labels are route patterns and fixed names, never raw paths or what a client sent.
  const text = [...after.samples.keys()].join('\n');
  for (const raw of ['no-such-file', 'app.css', 'nothing-here', 'ops', 'ann', participantToken]) {
    assert.ok(!text.includes(raw), `no label holds ${raw.slice(0, 20)}`);
  }
  for (const [name, type] of [['livekit_meet_http_requests_total', 'counter'],
    ['livekit_meet_http_request_duration_seconds', 'histogram'],
    ['livekit_meet_http_connections_open', 'gauge'],
    ['livekit_meet_http_connections_refused_total', 'counter'],
    ['livekit_meet_tokens_minted_total', 'counter'],
    ['livekit_meet_livekit_api_requests_total', 'counter'],
    ['livekit_meet_webhooks_total', 'counter'],
    ['livekit_meet_build_info', 'gauge'],
    ['process_cpu_seconds_total', 'counter'],
    ['process_resident_memory_bytes', 'gauge'],
    ['process_open_fds', 'gauge'],
    ['process_start_time_seconds', 'gauge']]) {
    assert.equal(after.families.get(name)?.type, type, `${name} is a ${type}`);
  }
  assert.ok(metric(after, 'livekit_meet_http_connections_open') >= 1, 'the scrape\'s own connection');
  // Both reasons of refusal are there from the start (at 0), so that rate() sees the first one.
  for (const reason of ['max_connections', 'per_client']) {
    assert.ok(after.samples.has(seriesKey('livekit_meet_http_connections_refused_total', { reason })), reason);
  }
  assert.ok(!after.samples.has(seriesKey('livekit_meet_http_connections_refused_total', {})), 'no unlabelled series');
  assert.ok(metric(after, 'process_resident_memory_bytes') > 1e6);
  assert.ok(metric(after, 'process_open_fds') >= 3);
  const started = metric(after, 'process_start_time_seconds');
  assert.ok(Math.abs(started - Date.now() / 1000) < 3600, `start time ${started} is recent`);

  const version = runCli(['--version']).stdout.trim().replace(/^livekit-meet /, '');
  assert.equal(metric(after, 'livekit_meet_build_info', { version }), 1);
});

test('refuses /metrics to clients --metrics-allow does not name', async () => {
  const elsewhere = await startServer({ args: ['--metrics-allow', '10.0.0.0/8,2001:db8::/32'] });
  try {
    const res = await fetch(elsewhere.url('/metrics'));
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('content-type'), 'application/json');
    const body = await res.json();
    assert.equal(body.error, 'forbidden');
    assert.match(body.message, /127\.0\.0\.1/);
  } finally {
    await elsewhere.stop();
  }

  // Behind a trusted proxy the client is the forwarded address, which loopback does not cover.
  const proxied = await startServer({ args: ['--trusted-proxies', '127.0.0.1'] });
  try {
    const forwarded = await fetch(proxied.url('/metrics'), { headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(forwarded.status, 403);
    assert.equal((await forwarded.json()).error, 'forbidden');
    await scrape(proxied);
  } finally {
    await proxied.stop();
  }

  // From an untrusted peer X-Forwarded-For is ignored: a forged loopback address changes nothing.
  const untrusted = await startServer({ args: ['--metrics-allow', '10.0.0.0/8'] });
  try {
    const forged = await fetch(untrusted.url('/metrics'), { headers: { 'x-forwarded-for': '10.0.0.1' } });
    assert.equal(forged.status, 403);
  } finally {
    await untrusted.stop();
  }
});

test('--metrics-allow none (or MEET_METRICS_ALLOW=none) turns /metrics off', async () => {
  for (const options of [{ args: ['--metrics-allow', 'none'] },
    { env: credentialsEnv({ MEET_METRICS_ALLOW: 'none' }) }]) {
    const off = await startServer(options);
    try {
      const res = await fetch(off.url('/metrics'));
      assert.equal(res.status, 404);
      await res.text();
    } finally {
      await off.stop();
    }
  }
  const bad = runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--metrics-allow', 'localhost']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--metrics-allow: not an address or network: localhost/);
  const badFormat = runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--log-format', 'xml']);
  assert.equal(badFormat.code, 2);
  assert.match(badFormat.stderr, /--log-format must be text or json/);
});

test('under --base-path, /metrics lives under it like every route', async () => {
  const based = await startServer({ args: ['--base-path', '/meet'] });
  try {
    const outside = await fetch(based.url('/metrics'));
    assert.equal(outside.status, 404);
    await outside.text();
    const parsed = await scrapeUntil((p) => metric(p, 'livekit_meet_http_requests_total',
      { route: 'not_found', method: 'GET', status: '404' }) === 1, { url: (p) => based.url(`/meet${p}`) });
    assert.equal(metric(parsed, 'livekit_meet_http_requests_total', { route: 'not_found', method: 'GET', status: '404' }), 1);
  } finally {
    await based.stop();
  }
});

test('--log-format json: every line the server writes is a JSON object, without secrets', async () => {
  // The shared server has answered the requests above; a waiting guest's ticket in a path is a
  // credential and is logged as {ticket}.
  await (await fetch(server.url('/api/rooms/ops/admission/SECRETTICKET0123?wait=0'))).text();
  await fetch(server.url('/healthz?token=QUERYSECRET'), { headers: { cookie: 'session=COOKIESECRET' } });
  const lines = await new Promise((resolve) => {
    const deadline = Date.now() + 5000;
    const poll = () => {
      const logs = server.logs();
      if (logs.includes('"path":"/healthz"') || Date.now() > deadline) resolve(logs);
      else setTimeout(poll, 20);
    };
    poll();
  });
  await server.stop();
  const logs = server.logs();
  const all = logs.split('\n').filter((l) => l !== '');
  assert.ok(all.length >= 10, logs);
  const requests = [];
  for (const line of all) {
    let entry;
    assert.doesNotThrow(() => { entry = JSON.parse(line); }, `not JSON: ${line}`);
    assert.equal(typeof entry, 'object');
    assert.match(entry.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, line);
    assert.ok(['debug', 'info', 'warn', 'error'].includes(entry.level), line);
    assert.equal(typeof entry.msg, 'string', line);
    if (entry.msg === 'request') requests.push(entry);
  }
  assert.ok(requests.length >= 12, `request lines: ${requests.length}`);
  for (const entry of requests) {
    assert.equal(typeof entry.method, 'string');
    assert.equal(typeof entry.path, 'string');
    assert.ok(entry.path.startsWith('/') && !entry.path.includes('?'), entry.path);
    assert.equal(typeof entry.status, 'number');
    assert.equal(typeof entry.duration_ms, 'number');
    assert.ok(entry.duration_ms >= 0);
    assert.equal(entry.remote, '127.0.0.1');
  }
  assert.ok(requests.some((e) => e.method === 'GET' && e.path === '/api/connection-details' && e.status === 200));
  assert.ok(requests.some((e) => e.path === '/api/rooms/ops/admission/{ticket}'), 'the ticket is redacted');
  assert.ok(all.some((l) => JSON.parse(l).msg.startsWith('livekit-meet listening on http://127.0.0.1:')));
  for (const secret of ['SECRETTICKET0123', 'QUERYSECRET', 'COOKIESECRET', API_SECRET, sdkWebhookToken, 'participantName']) {
    assert.ok(!logs.includes(secret), `the log holds no ${secret.slice(0, 16)}`);
  }
});

test('--version and version print the version and exit 0', () => {
  const projectVersion = /project\(livekit-meet VERSION (\d+\.\d+\.\d+)/.exec(
    fs.readFileSync(path.join(repoRoot, 'CMakeLists.txt'), 'utf8'))[1];
  const flag = runCli(['--version']);
  assert.equal(flag.code, 0);
  assert.equal(flag.stderr, '');
  const m = /^livekit-meet (\S+)\n$/.exec(flag.stdout);
  assert.ok(m, flag.stdout);
  assert.ok(m[1] === projectVersion || m[1].startsWith(`${projectVersion}+`), m[1]);
  assert.match(m[1], /^[0-9A-Za-z.+-]+$/);
  const sub = runCli(['version']);
  assert.equal(sub.code, 0);
  assert.equal(sub.stdout, flag.stdout);
});
