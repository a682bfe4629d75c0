// examples/meet_contract, the smallest program using both libraries: it mints and verifies a token,
// then serves Meet on the fixed port 8080. That port may be taken on the machine running the tests,
// so the program runs in a network namespace of its own (unshare -rn: a private loopback), with
// the client, a shell script, inside the same namespace.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TokenVerifier } from 'livekit-server-sdk';
import { examplePath, exited, programEnv } from './lib/examples.mjs';

// The key pair the program is written with.
const KEY = 'devkey';
const SECRET = 'secret-secret-secret-secret-secret';

// Inside the namespace: bring the loopback up, start the program ($1) in the background, ask for
// connection details until it answers (at most ~10 s), print the answer and its HTTP status, stop
// the program by its pid and report how it ended.
const SCRIPT = `
ip link set lo up || exit 90
"$1" >contract.out 2>contract.err &
pid=$!
i=0
while [ "$i" -lt 100 ]; do
  if curl -s --max-time 2 -o answer.json -w '%{http_code}' \\
      'http://127.0.0.1:8080/api/connection-details?roomName=demo&participantName=bob' >answer.status; then
    break
  fi
  kill -0 "$pid" 2>/dev/null || break
  i=$((i + 1))
  sleep 0.1
done
cat answer.json 2>/dev/null
kill -TERM "$pid" 2>/dev/null
wait "$pid"
echo "$?" >contract.status
`;

const namespaces = () => spawnSync('unshare', ['-rn', 'true'], { timeout: 10_000 }).status === 0;

test('meet_contract: mints, verifies, and serves connection details on port 8080', async (t) => {
  // Required, as by tests/package/package-test.sh: without it the contract cannot run in isolation.
  assert.ok(namespaces(), 'unshare -rn is not available here (user and network namespaces are needed)');
  const binary = examplePath('meet_contract');
  // The program writes its data directory (./data) where it runs.
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'lkm-contract-'));
  t.after(() => fs.rmSync(cwd, { recursive: true, force: true }));

  // Its own process group (its id is the child's pid), so that whatever of the shell, the program
  // and curl is left after the test can be ended together: normally nothing is.
  const child = spawn('unshare', ['-rn', 'sh', '-c', SCRIPT, 'meet-contract', binary], {
    cwd, env: programEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  t.after(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch (error) {
      if (error.code !== 'ESRCH') throw error;  // ESRCH: all of them have ended
    }
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
  const end = await exited(child, 30_000);
  assert.ok(end, `the script ended within 30 s: ${stderr}`);
  const read = (name) => (fs.existsSync(path.join(cwd, name)) ? fs.readFileSync(path.join(cwd, name), 'utf8') : '');
  assert.equal(end.status, 0, `script: ${stderr}\nprogram: ${read('contract.err')}`);

  // The token part: minted, verified, and its claims printed.
  assert.equal(read('contract.out'), 'alice Alice demo\n', read('contract.err'));

  // The server part: connection details as LiveKit Meet expects them.
  assert.equal(read('answer.status'), '200', `${stdout}\n${read('contract.err')}`);
  const body = JSON.parse(stdout);
  assert.deepEqual(Object.keys(body), ['serverUrl', 'roomName', 'participantToken', 'participantName']);
  assert.equal(body.serverUrl, 'ws://localhost:7880');
  assert.deepEqual([body.roomName, body.participantName], ['demo', 'bob']);
  const claims = await new TokenVerifier(KEY, SECRET).verify(body.participantToken);
  assert.match(claims.sub, /^bob__[a-z0-9]{4}$/);
  assert.deepEqual([claims.name, claims.video.room, claims.video.roomJoin], ['bob', 'demo', true]);
  assert.ok(fs.statSync(path.join(cwd, 'data')).isDirectory(), 'its data directory is in its cwd');

  // SIGTERM stops it cleanly.
  assert.equal(read('contract.status'), '0\n', read('contract.err'));
});
