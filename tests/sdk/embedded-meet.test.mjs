// examples/embedded_meet: the Meet server embedded through livekit::meet::App, started with a
// scratch data directory, asked for connection details, and stopped with SIGTERM.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TokenVerifier } from 'livekit-server-sdk';
import { examplePath, exited, programEnv, run } from './lib/examples.mjs';

const KEY = 'APIembeddedKey';
const SECRET = 'embedded-secret-0123456789-abcdefghijklmn';
const LIVEKIT_URL = 'wss://livekit.example.test';
const env = { LIVEKIT_URL, LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET };

function scratchDir(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lkm-embedded-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// Starts embedded_meet; resolves with the child and its port once it prints "listening on <port>"
// (at most `timeoutMs`). The child is killed after the test if it is still running.
async function start(t, dataDir, timeoutMs = 15_000) {
  const child = spawn(examplePath('embedded_meet'), [dataDir], {
    env: programEnv(env), stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });
  const output = { stdout: '', stderr: '' };
  child.stderr.setEncoding('utf8').on('data', (d) => { output.stderr += d; });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" within ${timeoutMs} ms: ${output.stderr}`)), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d) => {
      output.stdout += d;
      const found = /^listening on (\d+)\n/.exec(output.stdout);
      if (found) {
        clearTimeout(timer);
        resolve(Number(found[1]));
      }
    });
    child.on('exit', (status, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited (${status ?? signal}) before listening: ${output.stderr}`));
    });
    child.on('error', reject);
  });
  return { child, port, output };
}

test('embedded_meet: serves connection details with tokens for the configured key', async (t) => {
  const dataDir = scratchDir(t);
  const { child, port, output } = await start(t, dataDir);
  assert.ok(port > 0);

  const res = await fetch(`http://127.0.0.1:${port}/api/connection-details?roomName=x&participantName=y`,
    { signal: AbortSignal.timeout(10_000) });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const body = await res.json();
  assert.deepEqual(Object.keys(body), ['serverUrl', 'roomName', 'participantToken', 'participantName']);
  assert.equal(body.serverUrl, LIVEKIT_URL);
  assert.deepEqual([body.roomName, body.participantName], ['x', 'y']);
  const claims = await new TokenVerifier(KEY, SECRET).verify(body.participantToken);
  assert.equal(claims.iss, KEY);
  assert.match(claims.sub, /^y__[a-z0-9]{4}$/);
  assert.equal(claims.name, 'y');
  assert.equal(claims.video.room, 'x');
  assert.equal(claims.video.roomJoin, true);
  // The data-dir setting reached the server: the meeting history lives there.
  assert.ok(fs.existsSync(path.join(dataDir, 'meetings.db')), `${fs.readdirSync(dataDir)}`);

  assert.ok(child.kill('SIGTERM'));
  const end = await exited(child, 10_000);
  assert.ok(end, 'stopped within 10 s of SIGTERM');
  assert.deepEqual(end, { status: 0, signal: null }, output.stderr);
  assert.equal(output.stdout, `listening on ${port}\n`, 'nothing else on stdout');
  assert.ok(!output.stderr.includes(SECRET), 'the secret is never logged');
});

test('embedded_meet: a data directory it cannot use is reported before it listens', async (t) => {
  const file = path.join(scratchDir(t), 'a-file');
  fs.writeFileSync(file, '');
  const out = await run('embedded_meet', { args: [file], env });
  assert.equal(out.status, 1);
  assert.equal(out.stdout, '');
  assert.match(out.stderr, /^embedded_meet: .*a-file.*: Not a directory$/m);
});
