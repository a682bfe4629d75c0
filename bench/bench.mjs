// Runs the benchmarks of docs/performance.md in one sitting: the microbenchmarks, then
// livekit-meet, a plain Node.js peer and nginx on loopback, each measured with wrk. bench/run.sh
// builds what this needs first; run that, not this file.
//
// Environment (all optional):
//   BENCH_DURATION     seconds per wrk run (10)          BENCH_RUNS     runs per case (3)
//   BENCH_WARMUP       seconds of warm-up per case (2)   BENCH_CONNECTIONS  wrk connections (64)
//   BENCH_THREADS      livekit-meet threads and nginx workers (one per core)
//   BENCH_CASES        a regular expression choosing cases by id, e.g. 'connection-details'
//   BENCH_MICRO        0 skips the microbenchmarks
//   BENCH_KEEP         1 keeps the scratch directory (configurations and server logs)
//   LKM_BENCH_BINARY   the livekit-meet to measure (build-release/livekit-meet)
//   BENCH_STORE_INFLIGHT  /api/meetings kept in flight during the store-* cases (12)
//   BENCH_STORE_DELAY_MS  how late the slow store answers in store-slow (300)
//
// The store-* cases (/healthz while /api/meetings keep a PostgreSQL store busy, the store fast or
// answering late through tests/lib/delay-proxy.mjs) need LKM_TEST_DATABASE_URL, which
// scripts/with-postgres.sh sets (bench/run.sh runs this file under it when they are chosen);
// without it they are skipped.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDelayProxy, throughProxy } from '../tests/lib/delay-proxy.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function intSetting(name, fallback, min = 1) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer >= ${min}, not "${raw}"`);
  }
  return value;
}

const settings = {
  duration: intSetting('BENCH_DURATION', 10),
  runs: intSetting('BENCH_RUNS', 3),
  warmup: intSetting('BENCH_WARMUP', 2, 0),
  connections: intSetting('BENCH_CONNECTIONS', 64),
  threads: intSetting('BENCH_THREADS', os.availableParallelism()),
  cases: process.env.BENCH_CASES ? new RegExp(process.env.BENCH_CASES) : null,
  micro: process.env.BENCH_MICRO !== '0',
  keep: process.env.BENCH_KEEP === '1',
  storeInflight: intSetting('BENCH_STORE_INFLIGHT', 12),
  storeDelayMs: intSetting('BENCH_STORE_DELAY_MS', 300, 0),
  binary: process.env.LKM_BENCH_BINARY || path.join(root, 'build-release', 'livekit-meet'),
  microBinary: path.join(root, 'build-bench', 'lkm-bench-micro'),
  results: path.join(root, 'build-bench', 'bench-results.json'),
  webRoot: path.join(root, 'web', 'dist'),
  peer: path.join(root, 'bench', 'node-peer', 'server.mjs'),
  nginx: '/usr/sbin/nginx',
};

const CONNECTION_DETAILS = '/api/connection-details?roomName=bench&participantName=alice';
// A superuser URL with its password: kept out of settings (written to the results) and out of the
// servers' environments.
const DATABASE_URL = process.env.LKM_TEST_DATABASE_URL || '';
const API_KEY = 'APIbenchKey0001';
// Made up for this sitting; handed to the servers through their environment only.
const API_SECRET = randomBytes(24).toString('hex');
const LIVEKIT_URL = 'ws://127.0.0.1:7880';

const GOALS = {
  vsNode: 8,
  vsNginxConstant: 0.6,
  p99Ms: 5,
  rssMb: 30,
  staticVsNginx: 0.8,
  mintUs: 1.5,
};

// ---------------------------------------------------------------------------------------------
// Processes: every server is a direct child, known by its pid, and ended by that pid.

const children = new Map(); // pid -> { name, child }: the servers and a running wrk
let scratch = '';
let failed = false;

function endChildren(signal = 'SIGTERM') {
  for (const pid of children.keys()) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

function removeScratch() {
  if (!scratch) return;
  if (settings.keep || failed) {
    console.error(`bench: configurations and logs kept in ${scratch}`);
  } else {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  scratch = '';
}

process.on('exit', () => {
  endChildren();
  removeScratch();
});
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(signal, () => {
    console.error(`bench: ${signal}, stopping the servers`);
    failed = true;
    process.exit(code);
  });
}

function start(name, command, args, env, logFile) {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  if (!child.pid) throw new Error(`cannot start ${name} (${command})`);
  children.set(child.pid, { name, child });
  child.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child.pid);
      child.exitStatus = signal ?? code;
      resolve();
    });
  });
  return child;
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5000);
  await child.exited;
  clearTimeout(timer);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// GET without decoding: status, headers and the body's bytes as sent.
function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: response.statusCode, headers: response.headers, body });
      });
      response.on('error', reject);
    });
    request.setTimeout(5000, () => request.destroy(new Error(`timeout: ${url}`)));
    request.on('error', reject);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitReady(name, child, url) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}); see its log`);
    }
    try {
      const response = await get(url);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} did not answer ${url} within 20 s`);
    await sleep(100);
  }
}

// ---------------------------------------------------------------------------------------------
// /proc readings.

const CLOCK_TICKS =
  Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

function procStatus(pid, field) {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = text.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return match ? Number(match[1]) : 0;
}

function procStat(pid) {
  const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name is in parentheses and may hold spaces: read the fields after it.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
}

function childPids(parent) {
  const out = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (procStat(Number(entry)).ppid === parent) out.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The servers.

function largestAsset() {
  const dir = path.join(settings.webRoot, 'assets');
  const candidates = fs
    .readdirSync(dir)
    .filter((name) => /-[A-Za-z0-9_-]{8}\.js$/.test(name))
    .map((name) => ({ name, size: fs.statSync(path.join(dir, name)).size }))
    .sort((a, b) => b.size - a.size);
  if (candidates.length === 0) throw new Error(`no hashed JS asset in ${dir}: run make web`);
  const asset = candidates[0];
  const sizeOf = (suffix) => {
    const file = path.join(dir, asset.name + suffix);
    return fs.existsSync(file) ? fs.statSync(file).size : 0;
  };
  const out = { ...asset, gz: sizeOf('.gz'), br: sizeOf('.br'), url: `/assets/${asset.name}` };
  if (!out.gz || !out.br) {
    throw new Error(`${asset.name} has no .gz and .br beside it in ${dir}: run make web`);
  }
  return out;
}

function serverEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  delete env.LKM_TEST_DATABASE_URL;
  delete env.LKM_REQUIRE_POSTGRES;
  env.LIVEKIT_URL = LIVEKIT_URL;
  env.LIVEKIT_API_KEY = API_KEY;
  env.LIVEKIT_API_SECRET = API_SECRET;
  return env;
}

async function startLivekitMeet() {
  const port = await freePort();
  const dataDir = path.join(scratch, 'livekit-meet-data');
  fs.mkdirSync(dataDir);
  const args = ['serve', '--host', '127.0.0.1', '--port', String(port), '--web-root',
    settings.webRoot, '--data-dir', dataDir, '--threads', String(settings.threads)];
  // Every wrk connection comes from 127.0.0.1, one client to a per-client limit: switch it off.
  const help = execFileSync(settings.binary, ['serve', '--help'], { encoding: 'utf8' });
  if (help.includes('--token-rate-limit')) args.push('--token-rate-limit', '0');
  const child = start(
    'livekit-meet',
    settings.binary,
    args,
    serverEnv(),
    path.join(scratch, 'livekit-meet.log'),
  );
  const base = `http://127.0.0.1:${port}`;
  await waitReady('livekit-meet', child, `${base}/healthz`);
  return { name: 'livekit-meet', child, base, args, pids: () => [child.pid] };
}

// PostgreSQL for the store-* cases: a database of this sitting on the server of
// LKM_TEST_DATABASE_URL (the scratch server of scripts/with-postgres.sh), through psql with the
// connection settings in its environment.
const BENCH_DATABASE = `lkm_bench_${process.pid}`;

function psql(sql) {
  const url = new URL(DATABASE_URL);
  const result = spawnSync('psql', ['-v', 'ON_ERROR_STOP=1', '-Atqc', sql], {
    env: {
      PATH: process.env.PATH,
      PGHOST: url.hostname,
      PGPORT: url.port,
      PGUSER: decodeURIComponent(url.username),
      PGPASSWORD: decodeURIComponent(url.password),
      PGDATABASE: url.pathname.slice(1) || 'postgres',
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.status !== 0) throw new Error(`psql: ${result.stderr || result.error}`);
}

// A second livekit-meet whose meeting history is in PostgreSQL behind a delay proxy (undelayed
// until a store-slow case sets it), listing meetings to anyone (--lobby all).
async function startStoreInstance() {
  const admin = new URL(DATABASE_URL);
  psql(`CREATE DATABASE ${BENCH_DATABASE}`);
  const proxy = await startDelayProxy({ host: admin.hostname, port: Number(admin.port) });
  const url = new URL(throughProxy(DATABASE_URL, proxy));
  url.pathname = `/${BENCH_DATABASE}`;
  const port = await freePort();
  const args = ['serve', '--host', '127.0.0.1', '--port', String(port), '--web-root',
    settings.webRoot, '--threads', String(settings.threads), '--lobby', 'all'];
  const help = execFileSync(settings.binary, ['serve', '--help'], { encoding: 'utf8' });
  if (help.includes('--token-rate-limit')) args.push('--token-rate-limit', '0');
  // The database URL (password included) reaches the server through its environment only.
  const env = serverEnv({ MEET_DATABASE_URL: url.toString() });
  const child = start('livekit-meet (PostgreSQL)', settings.binary, args, env,
    path.join(scratch, 'livekit-meet-store.log'));
  const base = `http://127.0.0.1:${port}`;
  await waitReady('livekit-meet (PostgreSQL)', child, `${base}/healthz`);
  const listing = await get(`${base}/api/meetings`);
  if (listing.status !== 200) throw new Error(`livekit-meet (PostgreSQL): /api/meetings answered ${listing.status}`);
  return {
    name: 'livekit-meet (PostgreSQL)', child, base, args, proxy, pids: () => [child.pid],
    async cleanUp() {
      await proxy.close();
      try {
        psql(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
      } catch (error) {
        console.error(`bench: ${error.message}`);
      }
    },
  };
}

// Keeps `count` GET /api/meetings in flight against `server` (each one that ends is followed by
// the next) until stop(), which waits for those in flight and tells how they were answered.
function storeLoad(server, count) {
  let stopped = false;
  const answers = {};
  const one = () => new Promise((resolve) => {
    const request = http.get(`${server.base}/api/meetings`, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(String(response.statusCode)));
      response.on('error', () => resolve('error'));
    });
    request.setTimeout(30_000, () => request.destroy(new Error('timeout')));
    request.on('error', () => resolve('error'));
  });
  const lanes = Array.from({ length: count }, async () => {
    while (!stopped) {
      const answer = await one();
      answers[answer] = (answers[answer] ?? 0) + 1;
    }
  });
  return {
    async stop() {
      stopped = true;
      await Promise.all(lanes);
      return answers;
    },
  };
}

// Runs `body` (a wrk run) with the target's background load, if it has one: the store's delay set
// and /api/meetings kept in flight; the load's answers are kept on the target.
async function withLoad(target, body) {
  if (!target.load) return body();
  const { proxy } = target.server;
  proxy.delayMs = target.load.delayMs;
  const load = storeLoad(target.server, settings.storeInflight);
  await sleep(200); // the store busy before wrk starts
  try {
    return await body();
  } finally {
    const answers = await load.stop();
    proxy.delayMs = 0;
    target.loadAnswers = answers;
  }
}

function answersText(answers) {
  return Object.entries(answers ?? {}).map(([status, n]) => `${status}: ${n}`).join(', ');
}

async function startNodePeer() {
  const port = await freePort();
  const child = start(
    'node peer',
    process.execPath,
    [settings.peer],
    serverEnv({ HOST: '127.0.0.1', PORT: String(port), WEB_ROOT: settings.webRoot }),
    path.join(scratch, 'node-peer.log'),
  );
  const base = `http://127.0.0.1:${port}`;
  await waitReady('node peer', child, `${base}/healthz`);
  return { name: 'node peer', child, base, pids: () => [child.pid] };
}

async function startNginx(constantBody) {
  if (/['\\$]/.test(constantBody)) throw new Error('the constant body cannot be quoted for nginx');
  const port = await freePort();
  const prefix = path.join(scratch, 'nginx');
  fs.mkdirSync(path.join(prefix, 'logs'), { recursive: true });
  const user = os.userInfo();
  const group = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
  const temp = (name) => path.join(prefix, `${name}-temp`);
  const conf = `# Generated by bench/bench.mjs for one sitting.
${user.uid === 0 ? `user ${user.username} ${group};` : ''}
worker_processes ${settings.threads};
daemon off;
pid ${path.join(prefix, 'nginx.pid')};
error_log ${path.join(prefix, 'logs', 'error.log')} warn;
events {
  worker_connections 4096;
}
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log ${path.join(prefix, 'logs', 'access.log')};
  client_body_temp_path ${temp('client-body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65s;
  keepalive_requests 100000000;
  server_tokens off;
  server {
    listen 127.0.0.1:${port};
    root ${settings.webRoot};
    location = /api/connection-details {
      default_type application/json;
      add_header Cache-Control no-store;
      return 200 '${constantBody}';
    }
    location = /healthz {
      default_type application/json;
      return 200 '{"status":"ok"}';
    }
    location /assets/ {
      gzip_static on;
      add_header Cache-Control "public, max-age=31536000, immutable";
    }
  }
}
`;
  const confFile = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(confFile, conf);
  const child = start(
    'nginx',
    settings.nginx,
    ['-p', `${prefix}/`, '-e', path.join(prefix, 'logs', 'error.log'), '-c', confFile],
    { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' },
    path.join(prefix, 'logs', 'stderr.log'),
  );
  const base = `http://127.0.0.1:${port}`;
  await waitReady('nginx', child, `${base}/healthz`);
  return { name: 'nginx', child, base, pids: () => [child.pid, ...childPids(child.pid)] };
}

// ---------------------------------------------------------------------------------------------
// Checks that every target answers what it should before it is measured.

function checkConnectionDetails(name, response) {
  if (response.status !== 200) {
    throw new Error(`${name}: connection-details answered ${response.status}`);
  }
  const body = JSON.parse(response.body.toString('utf8'));
  for (const key of ['serverUrl', 'roomName', 'participantName', 'participantToken']) {
    if (typeof body[key] !== 'string') throw new Error(`${name}: connection-details lacks ${key}`);
  }
  if (body.participantToken.split('.').length !== 3) throw new Error(`${name}: not a JWT`);
  const payload = body.participantToken.split('.')[1];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  if (claims.exp - claims.nbf !== 300 || !/^alice__[a-z0-9]{4}$/.test(claims.sub)) {
    throw new Error(`${name}: the token's claims are not Meet's`);
  }
}

async function checkTarget(target) {
  const response = await get(target.server.base + target.path, target.headers);
  if (target.kind === 'connection-details' && target.server.name !== 'nginx') {
    checkConnectionDetails(target.server.name, response);
  } else if (response.status !== 200) {
    throw new Error(`${target.id}: ${target.path} answered ${response.status}`);
  }
  const encoding = response.headers['content-encoding'] ?? '';
  if (target.expectEncoding !== undefined && encoding !== target.expectEncoding) {
    const expected = target.expectEncoding;
    throw new Error(`${target.id}: Content-Encoding "${encoding}", expected "${expected}"`);
  }
  if (target.expectBytes !== undefined && response.body.length !== target.expectBytes) {
    throw new Error(`${target.id}: ${response.body.length} bytes, expected ${target.expectBytes}`);
  }
  return { bytes: response.body.length, encoding };
}

// ---------------------------------------------------------------------------------------------
// wrk.

function toMs(value, unit) {
  const scale = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit];
  if (scale === undefined) throw new Error(`unknown wrk time unit ${unit}`);
  return Number(value) * scale;
}

function parseWrk(text) {
  const number = (re) => {
    const match = text.match(re);
    return match ? match : null;
  };
  const rps = number(/^Requests\/sec:\s+([\d.]+)/m);
  const p50 = number(/^\s+50%\s+([\d.]+)(us|ms|s|m)\s*$/m);
  const p99 = number(/^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$/m);
  const transfer = number(/^Transfer\/sec:\s+([\d.]+)(B|KB|MB|GB)/m);
  if (!rps || !p50 || !p99) throw new Error(`cannot read wrk's output:\n${text}`);
  const socket = number(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const non2xx = number(/Non-2xx or 3xx responses: (\d+)/);
  const errors =
    (socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0) +
    (non2xx ? Number(non2xx[1]) : 0);
  const unit = transfer ? { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[transfer[2]] : 0;
  return {
    rps: Number(rps[1]),
    p50: toMs(p50[1], p50[2]),
    p99: toMs(p99[1], p99[2]),
    mbPerSec: transfer ? (Number(transfer[1]) * unit) / 1024 ** 2 : 0,
    errors,
  };
}

function wrk(target, seconds) {
  const args = ['-t1', `-c${settings.connections}`, `-d${seconds}s`, '--latency'];
  // Under a store load, a /healthz that waits (a blocked event loop) is counted in the latencies,
  // not dropped as one of wrk's 2 s timeouts.
  if (target.load) args.push('--timeout', '30s');
  for (const [name, value] of Object.entries(target.headers)) args.push('-H', `${name}: ${value}`);
  args.push(target.server.base + target.path);
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid) children.set(child.pid, { name: 'wrk', child });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      children.delete(child.pid);
      if (code !== 0) reject(new Error(`wrk exited ${code}: ${err}`));
      else resolve(out);
    });
  });
}

function cpuTicks(server) {
  let total = 0;
  for (const pid of server.pids()) {
    try {
      total += procStat(pid).cpuTicks;
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

async function measure(target) {
  const before = cpuTicks(target.server);
  const started = process.hrtime.bigint();
  const result = parseWrk(await wrk(target, settings.duration));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuSeconds = (cpuTicks(target.server) - before) / CLOCK_TICKS;
  result.serverCpu = (cpuSeconds / seconds) * 100;
  result.cpuUsPerRequest = (cpuSeconds * 1e6) / (result.rps * seconds);
  return result;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// ---------------------------------------------------------------------------------------------
// Microbenchmarks.

function runMicro() {
  if (!fs.existsSync(settings.microBinary)) {
    throw new Error(`${settings.microBinary} is missing: configure and build the bench preset`);
  }
  const out = path.join(scratch, 'micro.json');
  console.log('microbenchmarks: 3 repetitions each, medians of CPU time per operation');
  execFileSync(
    settings.microBinary,
    ['--benchmark_repetitions=3', '--benchmark_report_aggregates_only=true',
      `--benchmark_out=${out}`, '--benchmark_out_format=json'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  const scale = { ns: 0.001, us: 1, ms: 1000, s: 1e6 };
  return report.benchmarks
    .filter((entry) => entry.aggregate_name === 'median')
    .map((entry) => ({
      name: entry.run_name,
      us: entry.cpu_time * scale[entry.time_unit],
      realUs: entry.real_time * scale[entry.time_unit],
      inputBytes: entry.input_bytes,
    }));
}

// ---------------------------------------------------------------------------------------------
// Reporting.

function machine() {
  const cpu = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m);
  const meminfo = fs.readFileSync('/proc/meminfo', 'utf8');
  const memKb = Number(meminfo.match(/^MemTotal:\s+(\d+)/m)[1]);
  // The first line a tool prints about its version (nginx and wrk print it to standard error).
  const version = (command, args) => {
    const result = spawnSync(command, args, { encoding: 'utf8' });
    return `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n')[0];
  };
  const sdkPackage = path.join(
    root, 'bench', 'node-peer', 'node_modules', 'livekit-server-sdk', 'package.json');
  return {
    cpu: cpu ? cpu[1] : 'unknown',
    cores: os.availableParallelism(),
    memoryGb: Math.round(memKb / 1024 / 1024),
    kernel: `${os.type()} ${os.release()}`,
    livekitMeet: version(settings.binary, ['--version']),
    nginx: version(settings.nginx, ['-v']),
    wrk: version('wrk', ['-v']),
    node: process.version,
    livekitServerSdk: JSON.parse(fs.readFileSync(sdkPackage, 'utf8')).version,
  };
}

const fmt = {
  int: (n) => Math.round(n).toLocaleString('en-US'),
  ms: (n) => (n < 10 ? n.toFixed(2) : n.toFixed(1)),
  mb: (kb) => (kb / 1024).toFixed(1),
  pct: (x) => `${Math.round(x * 100)}%`,
  x: (x) => `${x.toFixed(1)}x`,
  us: (x) => `${x.toFixed(2)} µs`,
};

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const pad = (cell, i) =>
    i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]);
  const line = (cells) => cells.map(pad).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function markdown(headers, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  const rule = headers.map((_, i) => (i === 0 ? '---' : '---:'));
  return [line(headers), line(rule), ...rows.map(line)].join('\n');
}

function loadText(load) {
  return load.map((n) => n.toFixed(2)).join(' ');
}

// The cases, by id "<what>/<server>"; BENCH_CASES chooses among them.
const STORE_CASES = ['store-fast/livekit-meet', 'store-slow/livekit-meet'];

function buildTargets(asset, lkm, peer, nginx, store) {
  const cd = CONNECTION_DETAILS;
  const plain = { path: asset.url, expectBytes: asset.size, expectEncoding: '' };
  const accept = (value) => ({ 'Accept-Encoding': value });
  const gzip = { path: asset.url, headers: accept('gzip'), expectBytes: asset.gz };
  return [
    { id: 'connection-details/livekit-meet', server: lkm, path: cd },
    { id: 'connection-details/node-peer', server: peer, path: cd },
    { id: 'connection-details/nginx-constant', server: nginx, path: cd },
    { id: 'static/livekit-meet', server: lkm, ...plain },
    { id: 'static/node-peer', server: peer, ...plain },
    { id: 'static/nginx', server: nginx, ...plain },
    {
      id: 'static-gzip-br/livekit-meet',
      server: lkm,
      path: asset.url,
      headers: accept('gzip, br'),
      expectBytes: asset.br,
      expectEncoding: 'br',
    },
    { id: 'static-gzip/livekit-meet', server: lkm, ...gzip, expectEncoding: 'gzip' },
    { id: 'static-gzip/nginx', server: nginx, ...gzip, expectEncoding: 'gzip' },
    { id: 'healthz/livekit-meet', server: lkm, path: '/healthz' },
    { id: 'healthz/node-peer', server: peer, path: '/healthz' },
    // /healthz while settings.storeInflight /api/meetings keep the PostgreSQL store busy.
    ...(store ? [
      { id: 'store-fast/livekit-meet', server: store, path: '/healthz', load: { delayMs: 0 } },
      {
        id: 'store-slow/livekit-meet',
        server: store,
        path: '/healthz',
        load: { delayMs: settings.storeDelayMs },
      },
    ] : []),
  ]
    .map((target) => ({ headers: {}, kind: target.id.split('/')[0], ...target }))
    .filter((target) => !settings.cases || settings.cases.test(target.id));
}

// A store case's /healthz p99; Infinity when no /healthz was answered during the runs.
const storeP99 = (m) => (m ? (m.rps > 0 ? m.p99 : Infinity) : undefined);
const showStoreP99 = (v) => (Number.isFinite(v) ? `${fmt.ms(v)} ms` : 'none answered');

// The issue's goals, each from the medians of this sitting.
function evaluateGoals(byId, lkmRssKb, micro) {
  const ratio = (a, b) =>
    byId.has(a) && byId.has(b) ? byId.get(a).rps / byId.get(b).rps : undefined;
  const atLeast = (goal) => (v) => v >= goal;
  const atMost = (goal) => (v) => v <= goal;
  const cd = byId.get('connection-details/livekit-meet');
  const mint = micro.find((m) => m.name === 'BM_TokenMint');
  const staticGoal = `>= ${fmt.pct(GOALS.staticVsNginx)}`;
  const items = [
    {
      name: 'connection-details: livekit-meet / node peer',
      value: ratio('connection-details/livekit-meet', 'connection-details/node-peer'),
      show: fmt.x,
      goal: `>= ${GOALS.vsNode}x`,
      met: atLeast(GOALS.vsNode),
    },
    {
      name: 'connection-details: livekit-meet / nginx constant',
      value: ratio('connection-details/livekit-meet', 'connection-details/nginx-constant'),
      show: fmt.pct,
      goal: `>= ${fmt.pct(GOALS.vsNginxConstant)}`,
      met: atLeast(GOALS.vsNginxConstant),
    },
    {
      name: 'connection-details: livekit-meet p99',
      value: cd?.p99,
      show: (v) => `${fmt.ms(v)} ms`,
      goal: `<= ${GOALS.p99Ms} ms`,
      met: atMost(GOALS.p99Ms),
    },
    {
      name: 'livekit-meet peak RSS',
      value: lkmRssKb / 1024,
      show: (v) => `${v.toFixed(1)} MB`,
      goal: `<= ${GOALS.rssMb} MB`,
      met: atMost(GOALS.rssMb),
    },
    {
      name: 'static, identity: livekit-meet / nginx',
      value: ratio('static/livekit-meet', 'static/nginx'),
      show: fmt.pct,
      goal: staticGoal,
      met: atLeast(GOALS.staticVsNginx),
    },
    {
      name: 'static, gzip: livekit-meet / nginx (same bytes)',
      value: ratio('static-gzip/livekit-meet', 'static-gzip/nginx'),
      show: fmt.pct,
      goal: staticGoal,
      met: atLeast(GOALS.staticVsNginx),
    },
    {
      name: 'static, livekit-meet br (gzip, br) / nginx gzip',
      value: ratio('static-gzip-br/livekit-meet', 'static-gzip/nginx'),
      show: fmt.pct,
      goal: staticGoal,
      met: atLeast(GOALS.staticVsNginx),
    },
    {
      name: 'static, identity: livekit-meet / node peer',
      value: ratio('static/livekit-meet', 'static/node-peer'),
      show: fmt.x,
    },
    {
      name: 'healthz: livekit-meet / node peer',
      value: ratio('healthz/livekit-meet', 'healthz/node-peer'),
      show: fmt.x,
    },
    {
      name: `healthz p99, ${settings.storeInflight} /api/meetings in flight, store fast`,
      value: storeP99(byId.get('store-fast/livekit-meet')),
      show: showStoreP99,
    },
    {
      name: `healthz p99, ${settings.storeInflight} /api/meetings in flight, store ` +
        `${settings.storeDelayMs} ms late`,
      value: storeP99(byId.get('store-slow/livekit-meet')),
      show: showStoreP99,
    },
    {
      name: 'token mint, one core (BM_TokenMint)',
      value: mint?.us,
      show: fmt.us,
      goal: `<= ${GOALS.mintUs} µs`,
      met: atMost(GOALS.mintUs),
    },
  ];
  return items
    .filter((item) => item.value !== undefined && !Number.isNaN(item.value))
    .map((item) => ({
      name: item.name,
      value: item.value,
      measured: item.show(item.value),
      goal: item.goal ?? '-',
      verdict: item.met ? (item.met(item.value) ? 'met' : 'MISSED') : '',
    }));
}

// ---------------------------------------------------------------------------------------------

async function main() {
  for (const file of [settings.binary, settings.peer, settings.nginx]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run bench/run.sh`);
  }
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lkm-bench-'));
  const info = machine();
  const loadBefore = os.loadavg();
  console.log(`machine: ${info.cpu}, ${info.cores} cores, ${info.memoryGb} GB, ${info.kernel}`);
  console.log(`${info.livekitMeet}; ${info.nginx}; ${info.wrk}`);
  console.log(`node ${info.node}, livekit-server-sdk ${info.livekitServerSdk}`);
  console.log(`load average before: ${loadText(loadBefore)}`);
  console.log(
    `wrk -t1 -c${settings.connections} -d${settings.duration}s --latency, ` +
      `${settings.runs} runs per case (medians), ${settings.warmup} s warm-up per case; ` +
      `livekit-meet --threads ${settings.threads}, nginx worker_processes ${settings.threads}, ` +
      'node peer one process',
  );

  const micro = settings.micro ? runMicro() : [];
  const microRows = micro.map((m) => [m.name, m.us.toFixed(3)]);
  if (micro.length) console.log(`${table(['benchmark', 'median CPU µs'], microRows)}\n`);

  const asset = largestAsset();
  console.log(
    `static asset: ${asset.url} (${fmt.int(asset.size)} B; ` +
      `.gz ${fmt.int(asset.gz)} B; .br ${fmt.int(asset.br)} B)`,
  );
  const lkm = await startLivekitMeet();
  console.log(`livekit-meet ${lkm.args.join(' ')}`);
  const peer = await startNodePeer();
  // nginx answers connection-details with a constant: one real response of livekit-meet.
  const sample = await get(lkm.base + CONNECTION_DETAILS);
  checkConnectionDetails('livekit-meet', sample);
  const nginx = await startNginx(sample.body.toString('utf8'));
  const servers = [lkm, peer, nginx];
  let store = null;
  if (STORE_CASES.some((id) => !settings.cases || settings.cases.test(id))) {
    if (DATABASE_URL) {
      store = await startStoreInstance();
      servers.push(store);
      console.log(`livekit-meet (PostgreSQL behind a delay proxy) ${store.args.join(' ')}`);
    } else {
      console.log('store-* cases skipped: no LKM_TEST_DATABASE_URL (bench/run.sh runs them under ' +
        'scripts/with-postgres.sh when PostgreSQL is installed)');
    }
  }

  const targets = buildTargets(asset, lkm, peer, nginx, store);
  if (targets.length === 0) throw new Error('BENCH_CASES chooses no case');
  for (const target of targets) target.response = await checkTarget(target);

  // A warm-up per case, then the runs round-robin, so that a change of load on the machine
  // spreads over every case instead of falling on one.
  for (const target of targets) {
    if (settings.warmup > 0) await withLoad(target, () => wrk(target, settings.warmup));
    target.runs = [];
  }
  for (let run = 1; run <= settings.runs; run += 1) {
    for (const target of targets) {
      process.stdout.write(`run ${run}/${settings.runs} ${target.id} ... `);
      const result = await withLoad(target, () => measure(target));
      if (target.load) result.storeAnswers = target.loadAnswers;
      target.runs.push(result);
      console.log(
        `${fmt.int(result.rps)} req/s, p99 ${fmt.ms(result.p99)} ms, ` +
          `server CPU ${Math.round(result.serverCpu)}%` +
          (target.load ? `; /api/meetings in flight answered ${answersText(result.storeAnswers)}` : ''),
      );
    }
  }

  const rss = new Map();
  for (const server of servers) {
    const pids = server.pids();
    const each = pids.map((pid) => procStatus(pid, 'VmHWM'));
    const totalKb = each.reduce((a, b) => a + b, 0);
    rss.set(server, { totalKb, processes: pids.length, maxKb: Math.max(...each) });
  }
  for (const server of servers) await stop(server.child);
  if (store) await store.cleanUp();
  const loadAfter = os.loadavg();

  for (const target of targets) {
    const med = (key) => median(target.runs.map((r) => r[key]));
    target.median = {
      rps: med('rps'),
      p50: med('p50'),
      p99: med('p99'),
      mbPerSec: med('mbPerSec'),
      serverCpu: med('serverCpu'),
      cpuUsPerRequest: med('cpuUsPerRequest'),
      errors: target.runs.reduce((sum, r) => sum + r.errors, 0),
    };
  }
  const byId = new Map(targets.map((t) => [t.id, t.median]));
  const rssText = (server) => {
    const r = rss.get(server);
    return r.processes > 1 ? `${fmt.mb(r.totalKb)} (${r.processes} proc)` : fmt.mb(r.totalKb);
  };
  const headers = [
    'case', 'req/s', 'p50 ms', 'p99 ms', 'MB/s', 'server CPU', 'CPU µs/req', 'body B', 'errors',
    'peak RSS MB',
  ];
  const cells = targets.map((t) => [
    t.id + (t.headers['Accept-Encoding'] ? ` (${t.headers['Accept-Encoding']})` : ''),
    fmt.int(t.median.rps),
    fmt.ms(t.median.p50),
    fmt.ms(t.median.p99),
    t.median.mbPerSec.toFixed(0),
    `${Math.round(t.median.serverCpu)}%`,
    t.median.cpuUsPerRequest.toFixed(1),
    fmt.int(t.response.bytes),
    String(t.median.errors),
    rssText(t.server),
  ]);
  console.log(`\n${table(headers, cells)}`);
  for (const t of targets.filter((target) => target.median.errors > 0)) {
    console.log(`WARNING: ${t.id}: ${t.median.errors} socket errors or non-2xx responses`);
  }
  console.log(
    'peak RSS: VmHWM over the whole sitting (nginx: master and workers summed, largest ' +
      `process ${fmt.mb(rss.get(nginx).maxKb)} MB); server CPU: % of one core during a run; ` +
      'CPU µs/req: the server\'s CPU time per response',
  );

  const goals = evaluateGoals(byId, rss.get(lkm).totalKb, micro);
  const goalHeaders = ['ratio / figure', 'measured', 'goal', 'verdict'];
  const goalRows = goals.map((g) => [g.name, g.measured, g.goal, g.verdict]);
  console.log(`\n${table(goalHeaders, goalRows)}`);
  console.log(`load average after: ${loadText(loadAfter)}`);

  console.log(`\nMarkdown:\n\n${markdown(headers, cells)}\n\n${markdown(goalHeaders, goalRows)}`);
  if (micro.length) console.log(`\n${markdown(['microbenchmark', 'median CPU µs'], microRows)}`);

  const results = {
    date: new Date().toISOString(),
    machine: info,
    loadBefore,
    loadAfter,
    settings: { ...settings, cases: settings.cases?.source ?? null },
    livekitMeetArgs: lkm.args,
    asset,
    micro,
    cases: targets.map((t) => ({
      id: t.id,
      path: t.path,
      load: t.load ? { ...t.load, inflight: settings.storeInflight } : undefined,
      headers: t.headers,
      bytes: t.response.bytes,
      median: t.median,
      runs: t.runs,
    })),
    peakRssKb: Object.fromEntries(servers.map((server) => [server.name, rss.get(server)])),
    goals,
  };
  fs.mkdirSync(path.dirname(settings.results), { recursive: true });
  fs.writeFileSync(settings.results, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nresults: ${path.relative(root, settings.results)}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    failed = true;
    console.error(`bench: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
