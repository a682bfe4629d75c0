// The command line: token create / verify, help and errors, cross-checked with livekit-server-sdk.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { runCli, credentialsEnv, API_KEY, API_SECRET, decodePayload, tempDir } from './lib/server.mjs';

test('token create prints a token the SDK verifies', async () => {
  const r = runCli(['token', 'create', '--room', 'R', '--identity', 'I', '--name', 'Ivy',
    '--metadata', '{"k":1}', '--ttl', '5m']);
  assert.equal(r.code, 0, r.stderr);
  const token = r.stdout.trim();
  const claims = await new TokenVerifier(API_KEY, API_SECRET).verify(token);
  assert.equal(claims.sub, 'I');
  assert.equal(claims.name, 'Ivy');
  assert.equal(claims.metadata, '{"k":1}');
  assert.equal(claims.exp - claims.nbf, 300);
  assert.deepEqual(claims.video, { room: 'R', roomJoin: true });
});

test('token commands need only the key and secret, not LIVEKIT_URL', async () => {
  const env = credentialsEnv({ LIVEKIT_URL: undefined });
  const created = runCli(['token', 'create', '--room', 'R', '--identity', 'I'], { env });
  assert.equal(created.code, 0, created.stderr);
  const verified = runCli(['token', 'verify', created.stdout.trim()], { env });
  assert.equal(verified.code, 0, verified.stderr);
  assert.equal(JSON.parse(verified.stdout).sub, 'I');
  const bad = runCli(['token', 'create', '--room', 'R', '--identity', 'I'], { env: credentialsEnv({ LIVEKIT_URL: 'not a url' }) });
  assert.equal(bad.code, 0, 'a URL the command never uses does not matter');
});

test('token verify - reads no more than a token from standard input', () => {
  const r = runCli(['token', 'verify', '-'], { input: 'x'.repeat(1024 * 1024) });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /too_large|8 KiB|8192/);
});

test('token create maps the grant flags and --grant', async () => {
  const r = runCli(['token', 'create', '--room', 'R', '--identity', 'svc', '--list', '--admin', '--record',
    '--create', '--grant', '{"canPublish":false,"canPublishSources":["camera"],"hidden":true}']);
  assert.equal(r.code, 0, r.stderr);
  const claims = decodePayload(r.stdout.trim());
  assert.deepEqual(claims.video, {
    room: 'R', roomCreate: true, roomList: true, roomRecord: true, roomAdmin: true,
    canPublish: false, canPublishSources: ['camera'], hidden: true,
  });
  assert.equal(claims.exp - claims.nbf, 6 * 3600, 'default TTL is 6 hours');
});

test('token create explains what to fix', () => {
  const cases = [
    [['token', 'create', '--room', 'R'], /--identity/],
    [['token', 'create', '--identity', 'I', '--join'], /--room/],
    [['token', 'create', '--identity', 'I'], /grant/],
    [['token', 'create', '--room', 'R', '--identity', 'I', '--ttl', '100ms'], /--ttl/],
    [['token', 'create', '--room', 'R', '--identity', 'I', '--grant', '{"roomJoin":"yes"}'], /roomJoin/],
    [['token', 'create', '--room', 'R', '--identity', 'I', '--grant', '{"canPublishh":true}'], /canPublishh/],
    [['token', 'create', '--room', 'R', '--identity', 'I', '--grant', 'nope'], /--grant/],
    [['token', 'create', '--room', 'R', '--identity', 'I', '--api-secret', 'x'], /--api-secret/],
  ];
  for (const [args, pattern] of cases) {
    const r = runCli(args);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.match(r.stderr, pattern, args.join(' '));
    assert.equal(r.stdout, '');
  }
});

test('token verify prints the claims of an SDK token and exits 0', async () => {
  const at = new AccessToken(API_KEY, API_SECRET, { identity: 'sdk-user', name: 'S', ttl: '10m' });
  at.addGrant({ room: 'x', roomJoin: true });
  const token = await at.toJwt();
  const r = runCli(['token', 'verify', token]);
  assert.equal(r.code, 0, r.stderr);
  const claims = JSON.parse(r.stdout);
  assert.equal(claims.sub, 'sdk-user');
  assert.deepEqual(claims.video, { room: 'x', roomJoin: true });
  const fromStdin = runCli(['token', 'verify', '-'], { input: `${token}\n` });
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
  assert.deepEqual(JSON.parse(fromStdin.stdout), claims);
});

test('token verify exits 1 and says why', async () => {
  const at = new AccessToken(API_KEY, 'another-secret-of-enough-length-000000', { identity: 'u' });
  at.addGrant({ room: 'x', roomJoin: true });
  const wrongSecret = await at.toJwt();
  for (const [token, pattern] of [[wrongSecret, /signature/], ['abc', /malformed|three/], ['a.b.c', /.+/]]) {
    const r = runCli(['token', 'verify', token]);
    assert.equal(r.code, 1, token);
    assert.match(r.stderr, pattern);
    assert.equal(r.stdout, '');
    assert.ok(!r.stderr.includes(API_SECRET));
  }
});

test('reads the secret from --api-secret-file', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'secret');
  fs.writeFileSync(file, `${API_SECRET}\n`, { mode: 0o600 });
  try {
    const env = credentialsEnv({ LIVEKIT_API_SECRET: undefined });
    const r = runCli(['token', 'create', '--room', 'R', '--identity', 'I', '--api-secret-file', file], { env });
    assert.equal(r.code, 0, r.stderr);
    await new TokenVerifier(API_KEY, API_SECRET).verify(r.stdout.trim());
    const missing = runCli(['token', 'create', '--room', 'R', '--identity', 'I', '--api-secret-file', path.join(dir, 'nope')], { env });
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /--api-secret-file/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('has --help everywhere and --version', () => {
  for (const args of [['--help'], ['serve', '--help'], ['token', '--help'], ['token', 'create', '--help'], ['token', 'verify', '--help']]) {
    const r = runCli(args);
    assert.equal(r.code, 0, args.join(' '));
    assert.match(r.stdout, /Usage|usage|Options|OPTIONS/, args.join(' '));
  }
  const serveHelp = runCli(['serve', '--help']).stdout;
  for (const flag of ['--host', '--port', '--livekit-url', '--web-root', '--base-path', '--threads', '--api-secret-file']) {
    assert.ok(serveHelp.includes(flag), flag);
  }
  assert.ok(!serveHelp.includes('--api-secret '), 'no secret flag');
  const v = runCli(['--version']);
  assert.equal(v.code, 0);
  assert.match(v.stdout, /livekit-meet \d+\.\d+\.\d+/);
});

test('rejects unknown commands and flags with usage errors', () => {
  for (const args of [[], ['bogus'], ['serve', '--bogus'], ['serve', '--port', '70000'], ['token']]) {
    const r = runCli(args);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.ok(r.stderr.length > 0 || r.stdout.length > 0);
  }
});

test('a secret given as a flag is refused without being repeated, and so is any stray value', () => {
  for (const [flag, env] of [['--livekit-api-secret', 'LIVEKIT_API_SECRET'],
    ['--oidc-client-secret', 'MEET_OIDC_CLIENT_SECRET'], ['--s3-key-secret', 'S3_KEY_SECRET']]) {
    for (const args of [[flag, 'typed-secret-4711'], [`${flag}=typed-secret-4711`]]) {
      const r = runCli(['serve', ...args]);
      assert.equal(r.code, 2);
      assert.ok(!r.stderr.includes('typed-secret-4711') && !r.stdout.includes('typed-secret-4711'), r.stderr);
      assert.match(r.stderr, new RegExp(`${flag} is not an option: secrets are read from the environment \\(${env}\\)`));
    }
  }
  const stray = runCli(['config', 'check', '--no-such-option', 'typed-secret-4711']);
  assert.equal(stray.code, 2);
  assert.ok(!stray.stderr.includes('typed-secret-4711'), stray.stderr);
  assert.match(stray.stderr, /--no-such-option/);
});
