// The config file (--config / MEET_CONFIG) and `livekit-meet config check`: every setting from a
// TOML file, flag > environment > file > default, limits that take effect, secrets kept private.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, runCli, rawRequest, credentialsEnv, tempDir, API_SECRET } from './lib/server.mjs';

function writeConfig(text, mode = 0o644) {
  const dir = tempDir('lkm-config-');
  const file = path.join(dir, 'livekit-meet.toml');
  fs.writeFileSync(file, text);
  fs.chmodSync(file, mode);
  return { file, dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

// A POST with a body of `size` bytes; resolves to the status line's code (0: no answer).
async function postStatus(port, size) {
  const body = 'x'.repeat(size);
  const { text } = await rawRequest(port,
    `POST /api/webhook HTTP/1.1\r\nHost: t\r\nContent-Type: application/webhook+json\r\n` +
    `Content-Length: ${size}\r\nConnection: close\r\n\r\n${body}`);
  const m = /^HTTP\/1\.1 (\d{3}) /.exec(text);
  return m ? Number(m[1]) : 0;
}

test('a config file sets limits; the environment and flags win over it', async () => {
  const cfg = writeConfig('max-body-size = "1KiB"\nheader-timeout = "1s"\ntoken-rate-limit = 0\n');
  try {
    const fromFile = await startServer({ args: ['--config', cfg.file] });
    try {
      assert.equal(await postStatus(fromFile.port, 2048), 413, 'the file\'s 1KiB body limit');
      assert.notEqual(await postStatus(fromFile.port, 512), 413);
      // The file's 1 s header deadline (the default is 10 s): an unfinished header is dropped
      // well before rawRequest gives up after 6 s.
      const slow = await rawRequest(fromFile.port, 'GET /healthz HTTP/1.1\r\nHost: t\r\n', { timeoutMs: 6000 });
      assert.ok(slow.closed, 'the server closed the slow connection');
    } finally {
      await fromFile.stop();
    }
    const env = credentialsEnv({ MEET_CONFIG: cfg.file, MEET_MAX_BODY_SIZE: '4KiB' });
    const fromEnv = await startServer({ env });
    try {
      assert.notEqual(await postStatus(fromEnv.port, 2048), 413, 'MEET_MAX_BODY_SIZE beats the file');
      assert.equal(await postStatus(fromEnv.port, 5000), 413);
    } finally {
      await fromEnv.stop();
    }
    const fromFlag = await startServer({ args: ['--max-body-size', '1536'], env });
    try {
      assert.equal(await postStatus(fromFlag.port, 2048), 413, '--max-body-size beats the environment');
    } finally {
      await fromFlag.stop();
    }
  } finally {
    cfg.cleanup();
  }
});

test('credentials and every other setting can come from a private config file', async () => {
  const cfg = writeConfig([
    'livekit-url = "wss://from-file.example.test"',
    'livekit-api-key = "FileKey"',
    `livekit-api-secret = "${API_SECRET}"`,
    'base-path = "/meet"',
    'trusted-proxies = ["127.0.0.1"]',
    '',
  ].join('\n'), 0o600);
  try {
    const s = await startServer({ args: ['--config', cfg.file], env: {} });
    try {
      const res = await fetch(s.url('/meet/api/connection-details?roomName=r1&participantName=ann'));
      assert.equal(res.status, 200);
      const details = await res.json();
      assert.equal(details.serverUrl, 'wss://from-file.example.test');
      const claims = JSON.parse(Buffer.from(details.participantToken.split('.')[1], 'base64url'));
      assert.equal(claims.iss, 'FileKey');
      assert.ok(!s.logs().includes(API_SECRET), 'the secret is not logged');
    } finally {
      await s.stop();
    }
  } finally {
    cfg.cleanup();
  }
});

test('config check prints the effective configuration with secrets masked', () => {
  const cfg = writeConfig('port = 8443\nidle-timeout = "90s"\ns3-bucket = "recordings"\n');
  try {
    const env = credentialsEnv({
      MEET_CONFIG: cfg.file,
      MEET_DATABASE_URL: 'postgres://meet:db-password-42@db.example.test/meet?sslmode=require',
      S3_KEY_ID: 'AKID', S3_KEY_SECRET: 'S3-secret-value-17',
    });
    const r = runCli(['config', 'check', '--host', '127.0.0.2'], { env });
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout;
    assert.ok(out.includes(cfg.file), 'names the file read');
    assert.match(out, /^host = "127\.0\.0\.2"  # flag --host$/m);
    assert.match(out, /^port = 8443  # config file$/m);
    assert.match(out, /^idle-timeout = "90s"  # config file$/m);
    assert.match(out, /^header-timeout = "10s"  # default$/m);
    assert.match(out, /^livekit-api-key = "APItestkey"  # environment LIVEKIT_API_KEY$/m);
    assert.match(out, /^database = "postgres:\/\/meet@db\.example\.test\/meet"/m);
    assert.match(out, /^s3-bucket = "recordings"  # config file$/m);
    for (const secret of [API_SECRET, 'db-password-42', 'S3-secret-value-17']) {
      assert.ok(!out.includes(secret) && !r.stderr.includes(secret), `${secret} is masked`);
    }
  } finally {
    cfg.cleanup();
  }
});

test('bad configuration is refused before starting, naming the file and line', async () => {
  const cases = [
    ['port = 8080\nprot = 1\n', /livekit-meet\.toml:2: unknown setting `prot`/],
    ['idle-timeout = "forever"\n', /idle-timeout in .*livekit-meet\.toml must be a duration/],
    ['[server]\nport = 1\n', /unknown setting `server`/],
    ['port = "80\n', /livekit-meet\.toml:1/],
  ];
  for (const [text, expected] of cases) {
    const cfg = writeConfig(text);
    try {
      const check = runCli(['config', 'check', '--config', cfg.file]);
      assert.equal(check.code, 2, text);
      assert.match(check.stderr, expected);
      const serve = runCli(['serve', '--config', cfg.file, '--host', '127.0.0.1', '--port', '0']);
      assert.equal(serve.code, 2, text);
      assert.match(serve.stderr, expected);
    } finally {
      cfg.cleanup();
    }
  }
  const missing = runCli(['config', 'check', '--config', '/nonexistent/livekit-meet.toml']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file/);
  const badFlag = runCli(['config', 'check', '--max-connections', '0']);
  assert.equal(badFlag.code, 2);
  assert.match(badFlag.stderr, /--max-connections must be between 1 and/);
});

test('a secret in a world-readable config file is refused without echoing it', () => {
  const cfg = writeConfig('livekit-url = "wss://x.example.test"\nlivekit-api-key = "K"\nlivekit-api-secret = "file-secret-value-99"\n', 0o644);
  try {
    const r = runCli(['config', 'check', '--config', cfg.file], { env: {} });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /holds a secret \(livekit-api-secret\)/);
    assert.ok(!r.stderr.includes('file-secret-value-99'));
    fs.chmodSync(cfg.file, 0o600);
    const ok = runCli(['config', 'check', '--config', cfg.file], { env: {} });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^livekit-api-secret = "\*+"  # config file$/m);
  } finally {
    cfg.cleanup();
  }
});
