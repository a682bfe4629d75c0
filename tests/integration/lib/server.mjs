// Starts the real livekit-meet binary on 127.0.0.1 with port 0 and talks to it.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..', '..');
export const buildDir = process.env.LKM_BUILD_DIR ?? path.join(repoRoot, 'build');
export const binary = path.join(buildDir, 'livekit-meet');

export const API_KEY = 'APItestkey';
export const API_SECRET = 'integration-secret-0123456789-abcdefghij';
export const LIVEKIT_URL = 'wss://livekit.example.test';

export function credentialsEnv(overrides = {}) {
  return {
    LIVEKIT_URL,
    LIVEKIT_API_KEY: API_KEY,
    LIVEKIT_API_SECRET: API_SECRET,
    ...overrides,
  };
}

// Sanitizer settings (read by an ASan/UBSan build, ignored by others) reach every child, so that
// a report fails the run (see the Makefile's asan-integration-test).
const SANITIZER_ENV = ['ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS'];

// A minimal environment: PATH only, plus what the test gives.
function childEnv(env) {
  const out = { PATH: process.env.PATH };
  for (const name of SANITIZER_ENV) if (process.env[name] !== undefined) out[name] = process.env[name];
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

// `launcher`: a command that sets something up and then execs the server (so that the child's pid
// is the server's), e.g. ['prlimit', '--nofile=64', '--']; the binary and its arguments follow it.
export async function startServer({ args = [], env = credentialsEnv(), timeoutMs = 10000, launcher = [] } = {}) {
  // Each server gets its own meeting history unless the test names one.
  const ownDataDir = args.includes('--data-dir') ? null : tempDir('lkm-data-');
  const dataArgs = ownDataDir ? ['--data-dir', ownDataDir] : [];
  const command = [...launcher, binary, 'serve', '--host', '127.0.0.1', '--port', '0', ...dataArgs, ...args];
  const proc = spawn(command[0], command.slice(1), {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  proc.stdout.on('data', (d) => { stdout += d; });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => {
    if (ownDataDir) fs.rmSync(ownDataDir, { recursive: true, force: true });
    resolve({ code, signal });
  }));
  let scheme = 'http';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), timeoutMs);
    proc.stderr.on('data', (d) => {
      stderr += d;
      const m = /listening on (https?):\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m) { clearTimeout(timer); scheme = m[1]; resolve(Number(m[2])); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}: ${stderr}`)); });
  });
  return {
    port,
    proc,
    exited,
    url: (p = '/') => `${scheme}://127.0.0.1:${port}${p}`,
    logs: () => stderr + stdout,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      return exited;
    },
  };
}

// Sends raw bytes and collects everything until the server closes or `timeoutMs` passes.
export function rawRequest(port, data, { timeoutMs = 3000 } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks = [];
    let closed = false;
    const timer = setTimeout(() => { socket.destroy(); resolve({ text: Buffer.concat(chunks).toString('latin1'), closed }); }, timeoutMs);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (e) => { if (e.code !== 'ECONNRESET') { clearTimeout(timer); reject(e); } });
    socket.on('close', () => { closed = true; clearTimeout(timer); resolve({ text: Buffer.concat(chunks).toString('latin1'), closed }); });
    socket.on('connect', () => socket.write(data));
  });
}

// Parses responses out of a raw byte stream (Content-Length framing only).
export function parseResponses(text) {
  const out = [];
  let rest = text;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const head = rest.slice(0, end).split('\r\n');
    const [, status] = head[0].split(' ');
    const headers = {};
    for (const line of head.slice(1)) {
      const i = line.indexOf(':');
      headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    out.push({ status: Number(status), headers, body: rest.slice(end + 4, end + 4 + length) });
    rest = rest.slice(end + 4 + length);
  }
  return out;
}

export function runCli(args, { env = credentialsEnv(), input } = {}) {
  const result = spawnSync(binary, args, { env: childEnv(env), input, encoding: 'utf8', timeout: 10000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(prefix = 'lkm-test-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function decodePayload(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

// CPU time (user + system) a process has used so far, in seconds, from /proc/<pid>/stat.
export function cpuSeconds(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of the file (utime, stime), counted after the command name (field 2).
  return (Number(fields[11]) + Number(fields[12])) / clockTicks();
}

let ticks;
function clockTicks() {
  ticks ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  return ticks;
}

// How many file descriptors a process holds (those numbered below `below`, when given).
export function openFds(pid, below = Infinity) {
  return fs.readdirSync(`/proc/${pid}/fd`).filter((fd) => Number(fd) < below).length;
}
