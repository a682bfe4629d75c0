// The example programs of examples/, as the tests under tests/sdk/ run them: from the build
// directory LKM_EXAMPLES_DIR names, with only the environment a test gives them (plus PATH and
// LD_LIBRARY_PATH), every run bounded in time.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export const unixNow = () => Math.floor(Date.now() / 1000);
export const payloadOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

// The path of the built example `name`; fails the test when it is not there.
export function examplePath(name) {
  const dir = process.env.LKM_EXAMPLES_DIR;
  assert.ok(dir, 'LKM_EXAMPLES_DIR is not set: it names the build directory of examples/ '
    + '(tests/sdk/sdk-test.sh <prefix> builds them and sets it)');
  const file = `${dir}/${name}`;
  assert.ok(fs.existsSync(file), `${file} is missing: build examples/ into LKM_EXAMPLES_DIR`);
  return file;
}

// Nothing from the test runner's own environment leaks into a program (LIVEKIT_* in particular):
// only the tools' search path and the SDK's libraries.
export function programEnv(extra = {}) {
  const env = { PATH: `${process.env.PATH ?? '/usr/bin:/bin'}:/usr/sbin:/sbin` };
  if (process.env.LD_LIBRARY_PATH) env.LD_LIBRARY_PATH = process.env.LD_LIBRARY_PATH;
  return { ...env, ...extra };
}

// Runs an example to its end: { status, signal, stdout, stderr }. A run longer than `timeoutMs` is
// killed (and then has signal SIGKILL). Asynchronous, so that a server in this process (the
// stand-in) can answer it.
export function run(name, { args = [], env = {}, input = '', timeoutMs = 15_000 } = {}) {
  const file = examplePath(name);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: programEnv(env), stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
    // A program may answer without reading its input (webhook_cgi refusing a large body).
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

// Resolves when `child` has exited ({ status, signal }), or with null after `timeoutMs`.
export function exited(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ status: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    child.once('exit', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal });
    });
  });
}
