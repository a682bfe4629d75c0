// A bounded soak of livekit-meet (docs/performance.md, "Soak"): one server on 127.0.0.1, a fixed
// request rate of mixed requests for a fixed time, and the server's RSS and open descriptors
// sampled all along. Fails when any request failed, or when RSS or descriptors grew beyond their
// bounds. bench/soak.sh builds what this needs first; run that, not this file.
//
// The bounds: RSS may grow by SOAK_RSS_GROWTH_MB from the sample at the end of the warm-up to the
// largest sample after it. Open descriptors may never exceed those at the start plus one per
// client connection plus SOAK_FD_GROWTH, and once the clients have closed their connections they
// must come back to those at the start plus SOAK_FD_GROWTH (a descriptor leak shows there).
//
// Environment (all optional):
//   SOAK_RATE          requests per second, open loop (500)
//   SOAK_DURATION      seconds of load in all, warm-up included (180)
//   SOAK_WARMUP        seconds before the baseline sample (30)
//   SOAK_INTERVAL      seconds between samples (5)
//   SOAK_CONNECTIONS   keep-alive connections at most (32)
//   SOAK_RSS_GROWTH_MB allowed RSS growth after the warm-up, MiB (8)
//   SOAK_FD_GROWTH     allowed descriptors beyond those at the start and the connections (4)
//   SOAK_THREADS       the server's --threads (one per core)
//   LKM_SOAK_BINARY    the livekit-meet to run (build/livekit-meet)
import { spawn } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function setting(name, fallback, min = 1) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min}, not "${raw}"`);
  return value;
}

const settings = {
  rate: setting('SOAK_RATE', 500),
  duration: setting('SOAK_DURATION', 180),
  warmup: setting('SOAK_WARMUP', 30, 0),
  interval: setting('SOAK_INTERVAL', 5),
  connections: setting('SOAK_CONNECTIONS', 32),
  rssGrowthMb: setting('SOAK_RSS_GROWTH_MB', 8, 0),
  fdGrowth: setting('SOAK_FD_GROWTH', 4, 0),
  threads: setting('SOAK_THREADS', os.availableParallelism()),
  binary: process.env.LKM_SOAK_BINARY || path.join(root, 'build', 'livekit-meet'),
  webRoot: path.join(root, 'web', 'dist'),
};
if (settings.warmup >= settings.duration) throw new Error('SOAK_WARMUP must be shorter than SOAK_DURATION');

const API_KEY = 'APIsoakKey0001';
// Made up for this run; handed to the server through its environment only.
const API_SECRET = randomBytes(24).toString('hex');

// ---------------------------------------------------------------------------------------------
// The server: a direct child, ended by its pid (also on Ctrl-C).

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lkm-soak-'));
let server;
let serverLog = '';

function cleanUp() {
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
  fs.rmSync(scratch, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

async function startServer() {
  if (!fs.existsSync(settings.binary)) throw new Error(`${settings.binary} is missing (make build)`);
  if (!fs.existsSync(path.join(settings.webRoot, 'index.html'))) throw new Error(`${settings.webRoot} is missing (make web)`);
  server = spawn(settings.binary, [
    'serve', '--host', '127.0.0.1', '--port', '0', '--threads', String(settings.threads),
    '--data-dir', path.join(scratch, 'data'), '--web-root', settings.webRoot,
    // One client address sends everything: the per-client limits would answer 429.
    '--token-rate-limit', '0', '--webhook-rate-limit', '0',
  ], {
    env: { PATH: process.env.PATH, LIVEKIT_URL: 'ws://127.0.0.1:7880', LIVEKIT_API_KEY: API_KEY, LIVEKIT_API_SECRET: API_SECRET },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    server.stderr.on('data', (d) => {
      // Keep the start and the warnings and errors, not one line per request.
      for (const line of String(d).split('\n')) {
        if (/ (warn|error) |listening on/.test(line) && serverLog.length < 64 * 1024) serverLog += `${line}\n`;
      }
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(serverLog);
      if (m) resolve(Number(m[1]));
    });
    server.on('exit', (code, signal) => reject(new Error(`the server exited (${code ?? signal}): ${serverLog}`)));
  });
}

// ---------------------------------------------------------------------------------------------
// The requests: connection-details, a static asset, /healthz and signed webhooks, in that mix.

function largestAsset() {
  const dir = path.join(settings.webRoot, 'assets');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.js'))
    .map((f) => ({ f, size: fs.statSync(path.join(dir, f)).size })).sort((a, b) => b.size - a.size);
  if (files.length === 0) throw new Error(`no .js asset in ${dir}`);
  return `/assets/${files[0].f}`;
}

const b64url = (data) => Buffer.from(data).toString('base64url');
function webhookToken(body) {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({
    iss: API_KEY, nbf: now - 5, exp: now + 300, video: {},
    sha256: createHash('sha256').update(body).digest('base64'),
  }));
  const signature = createHmac('sha256', API_SECRET).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

// A room's life in webhooks: started, two joins, two leaves, finished; then the next room.
let webhookCount = 0;
function nextWebhook() {
  const n = webhookCount++;
  const roomNo = Math.floor(n / 6);
  const step = n % 6;
  const at = String(Math.floor(Date.now() / 1000));
  const room = { sid: `RM_soak${roomNo}`, name: `soak-${roomNo}`, creationTime: at };
  const person = (i) => ({ sid: `PA_${roomNo}_${i}`, identity: `p${i}__soak`, name: `P${i}`, joinedAt: at });
  const events = [
    { event: 'room_started', room },
    { event: 'participant_joined', room, participant: person(1) },
    { event: 'participant_joined', room, participant: person(2) },
    { event: 'participant_left', room, participant: person(1) },
    { event: 'participant_left', room, participant: person(2) },
    { event: 'room_finished', room },
  ];
  return JSON.stringify({ ...events[step], id: `EV_soak${n}`, createdAt: at });
}

function makeRequests(asset) {
  const kinds = [
    { name: 'connection-details', weight: 4, make: (i) => ({ method: 'GET', path: `/api/connection-details?roomName=soak${i % 50}&participantName=p${i % 7}` }) },
    { name: 'static', weight: 3, make: () => ({ method: 'GET', path: asset, headers: { 'accept-encoding': 'br, gzip' } }) },
    { name: 'healthz', weight: 2, make: () => ({ method: 'GET', path: '/healthz' }) },
    {
      name: 'webhook', weight: 1, make: () => {
        const body = nextWebhook();
        return { method: 'POST', path: '/api/webhook', body, headers: { 'content-type': 'application/webhook+json', authorization: webhookToken(body) } };
      },
    },
  ];
  const cycle = kinds.flatMap((k) => Array(k.weight).fill(k));
  return { kinds, next: (i) => { const kind = cycle[i % cycle.length]; return { kind: kind.name, ...kind.make(i) }; } };
}

// ---------------------------------------------------------------------------------------------
// Sampling /proc/<pid>

function sample(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
  return { rssMb: rssKb / 1024, fds: fs.readdirSync(`/proc/${pid}/fd`).length };
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN);

// ---------------------------------------------------------------------------------------------

async function main() {
  const port = await startServer();
  const asset = largestAsset();
  const requests = makeRequests(asset);
  const agent = new http.Agent({ keepAlive: true, maxSockets: settings.connections });
  const stats = new Map(requests.kinds.map((k) => [k.name, { sent: 0, ok: 0, failed: 0, latencies: [] }]));
  const failures = new Map();
  let inFlight = 0;
  let maxInFlight = 0;

  const send = (i) => {
    const r = requests.next(i);
    const s = stats.get(r.kind);
    s.sent++;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const started = process.hrtime.bigint();
    const done = (problem) => {
      inFlight--;
      if (problem) {
        s.failed++;
        const key = `${r.kind}: ${problem}`;
        failures.set(key, (failures.get(key) ?? 0) + 1);
      } else {
        s.ok++;
        s.latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    };
    const req = http.request({ host: '127.0.0.1', port, method: r.method, path: r.path, agent, headers: r.headers }, (res) => {
      let length = 0;
      res.on('data', (c) => { length += c.length; });
      res.on('end', () => done(res.statusCode === 200 && length > 0 ? null : `HTTP ${res.statusCode}`));
      res.on('error', (e) => done(e.code ?? e.message));
    });
    req.on('error', (e) => done(e.code ?? e.message));
    req.end(r.body);
  };

  const samples = [];
  const pid = server.pid;
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  const total = Math.round(settings.rate * settings.duration);
  console.log(`soak: ${settings.rate} req/s for ${settings.duration} s (warm-up ${settings.warmup} s), `
    + `${settings.connections} connections, server --threads ${settings.threads}, pid ${pid}`);
  console.log(`soak: mix connection-details 40%, static ${asset} 30% (br/gzip), /healthz 20%, webhooks 10%`);
  const header = `${'time s'.padStart(7)} ${'RSS MiB'.padStart(8)} ${'fds'.padStart(5)} ${'requests'.padStart(9)} ${'failed'.padStart(7)} ${'in flight'.padStart(9)}`;
  console.log(header);
  const takeSample = () => {
    const s = { t: elapsed(), ...sample(pid), sent: [...stats.values()].reduce((a, x) => a + x.sent, 0),
      failed: [...stats.values()].reduce((a, x) => a + x.failed, 0), inFlight };
    samples.push(s);
    console.log(`${s.t.toFixed(0).padStart(7)} ${s.rssMb.toFixed(1).padStart(8)} ${String(s.fds).padStart(5)} `
      + `${String(s.sent).padStart(9)} ${String(s.failed).padStart(7)} ${String(s.inFlight).padStart(9)}`);
  };
  takeSample();
  const sampler = setInterval(takeSample, settings.interval * 1000);

  // Open loop: request i is due at t0 + i / rate, whatever became of the earlier ones.
  await new Promise((resolve) => {
    let i = 0;
    const tick = () => {
      const due = Math.min(total, Math.floor((elapsed()) * settings.rate) + 1);
      while (i < due) send(i++);
      if (i >= total) return resolve();
      setTimeout(tick, 2);
    };
    tick();
  });
  const loadEnded = elapsed();
  while (inFlight > 0 && elapsed() - loadEnded < 30) await new Promise((r) => setTimeout(r, 20));
  clearInterval(sampler);
  takeSample();
  // The clients close their connections: the server's descriptors must come back down.
  agent.destroy();
  const closedAt = elapsed();
  let settled = sample(pid);
  while (settled.fds > samples[0].fds + settings.fdGrowth && elapsed() - closedAt < 10) {
    await new Promise((r) => setTimeout(r, 100));
    settled = sample(pid);
  }

  // ---- the verdict
  const problems = [];
  const sent = [...stats.values()].reduce((a, x) => a + x.sent, 0);
  const failed = [...stats.values()].reduce((a, x) => a + x.failed, 0);
  if (inFlight > 0) problems.push(`${inFlight} requests never completed`);
  if (failed > 0) problems.push(`${failed} requests failed: ${[...failures].map(([k, v]) => `${k} x${v}`).join(', ')}`);
  const baseline = samples.find((s) => s.t >= settings.warmup) ?? samples.at(-1);
  const after = samples.filter((s) => s.t >= baseline.t);
  const maxRss = Math.max(...after.map((s) => s.rssMb));
  const maxFds = Math.max(...samples.map((s) => s.fds));
  const rssGrowth = maxRss - baseline.rssMb;
  const fdCeiling = samples[0].fds + settings.connections + settings.fdGrowth;
  const fdFloor = samples[0].fds + settings.fdGrowth;
  if (rssGrowth > settings.rssGrowthMb) {
    problems.push(`RSS grew by ${rssGrowth.toFixed(1)} MiB after the warm-up (bound ${settings.rssGrowthMb} MiB)`);
  }
  if (maxFds > fdCeiling) {
    problems.push(`${maxFds} open descriptors during the run (bound ${fdCeiling}: ${samples[0].fds} at the start, `
      + `${settings.connections} connections, ${settings.fdGrowth} more)`);
  }
  if (settled.fds > fdFloor) {
    problems.push(`${settled.fds} open descriptors once the clients had gone (bound ${fdFloor}: ${samples[0].fds} at the start, `
      + `${settings.fdGrowth} more)`);
  }
  if (server.exitCode !== null || server.signalCode !== null) problems.push('the server exited during the run');

  console.log('');
  console.log(`${'request'.padEnd(20)} ${'sent'.padStart(8)} ${'failed'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'max ms'.padStart(7)}`);
  for (const [name, s] of stats) {
    const sorted = s.latencies.sort((a, b) => a - b);
    console.log(`${name.padEnd(20)} ${String(s.sent).padStart(8)} ${String(s.failed).padStart(7)} `
      + `${percentile(sorted, 0.5).toFixed(2).padStart(7)} ${percentile(sorted, 0.99).toFixed(2).padStart(7)} `
      + `${(sorted.at(-1) ?? NaN).toFixed(2).padStart(7)}`);
  }
  console.log('');
  console.log(`requests: ${sent} in ${loadEnded.toFixed(1)} s (${(sent / loadEnded).toFixed(0)} req/s achieved of ${settings.rate}), `
    + `${failed} failed, at most ${maxInFlight} in flight`);
  console.log(`RSS: ${samples[0].rssMb.toFixed(1)} MiB at start, ${baseline.rssMb.toFixed(1)} MiB after the warm-up (${baseline.t.toFixed(0)} s), `
    + `${maxRss.toFixed(1)} MiB at most after it, ${samples.at(-1).rssMb.toFixed(1)} MiB at the end `
    + `(growth ${rssGrowth.toFixed(1)} MiB, bound ${settings.rssGrowthMb})`);
  console.log(`open descriptors: ${samples[0].fds} at start, ${maxFds} at most (bound ${fdCeiling}), `
    + `${settled.fds} once the clients had closed their connections (bound ${fdFloor})`);
  if (/ error /.test(serverLog)) problems.push(`the server logged errors:\n${serverLog}`);
  if (problems.length > 0) {
    console.log(`\nsoak: FAILED\n  ${problems.join('\n  ')}`);
    return 1;
  }
  console.log('\nsoak: passed');
  return 0;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`soak: ${error.message}`);
} finally {
  cleanUp();
}
process.exit(code);
