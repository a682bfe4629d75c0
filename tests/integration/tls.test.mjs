// HTTPS through the real binary: protocol and cipher policy, HSTS and Secure cookies, the
// plain-HTTP redirect listener, certificate reload on SIGHUP, --tls-self-signed, and the
// configuration errors. Test certificates come from the openssl command line in a temporary
// directory, or from the server's own --tls-self-signed.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import tls from 'node:tls';
import { startServer, rawRequest, parseResponses, runCli, tempDir } from './lib/server.mjs';

let dir;
let rsa;  // an RSA pair: lets the tests offer RSA key exchange, which must be refused
let ec;   // a P-256 pair
before(() => {
  dir = tempDir('lkm-tls-');
  rsa = makePair('rsa', ['-newkey', 'rsa:2048']);
  ec = makePair('ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function openssl(args) {
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

// A self-signed certificate for localhost and 127.0.0.1 with its key, and its SHA-256 fingerprint.
function makePair(name, keyArgs) {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  openssl(['req', '-x509', ...keyArgs, '-nodes', '-keyout', key, '-out', cert, '-days', '30',
    '-subj', `/CN=${name}.test`, '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1']);
  const fingerprint = /Fingerprint=([0-9A-F:]+)/.exec(openssl(['x509', '-noout', '-fingerprint', '-sha256', '-in', cert]))[1];
  return { cert, key, fingerprint, pem: fs.readFileSync(cert, 'utf8') };
}

function serveFiles(pair, args = []) {
  return startServer({ args: ['--tls-cert', pair.cert, '--tls-key', pair.key, ...args] });
}

// One HTTPS request; resolves with the response and what the connection showed.
function request(port, urlPath, { ca, agent = false, method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path: urlPath, method, headers, ca, agent }, (res) => {
      let text = '';
      const fingerprint = res.socket.getPeerCertificate().fingerprint256;
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({
        status: res.statusCode,
        headers: res.headers,
        body: text,
        reused: req.reusedSocket,
        fingerprint,
      }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// A TLS handshake with the given client options: the negotiated protocol and cipher, or the error.
function handshake(port, options) {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...options });
    socket.on('secureConnect', () => {
      const result = { protocol: socket.getProtocol(), cipher: socket.getCipher().name };
      socket.destroy();
      resolve(result);
    });
    socket.on('error', (error) => resolve({ error }));
  });
}

// Waits until the server's log matches (the server logs each reload once it is done).
async function logged(server, pattern) {
  while (!pattern.test(server.logs())) {
    if (server.proc.exitCode !== null) throw new Error(`server exited: ${server.logs()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('serves HTTPS with HSTS on every response, and the certificate it was given', async () => {
  const server = await serveFiles(rsa);
  try {
    assert.match(server.url('/'), /^https:/);
    const ok = await request(server.port, '/healthz', { ca: rsa.pem });
    assert.equal(ok.status, 200);
    assert.equal(ok.body, '{"status":"ok"}');
    assert.equal(ok.headers['strict-transport-security'], 'max-age=31536000');
    assert.equal(ok.fingerprint, rsa.fingerprint);
    const missing = await request(server.port, '/api/nothing', { ca: rsa.pem });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['strict-transport-security'], 'max-age=31536000');
    // The fingerprint and expiry are logged at start, as browsers show the fingerprint.
    assert.match(server.logs(), new RegExp(`TLS certificate: SHA-256 fingerprint ${rsa.fingerprint}, valid until \\d{4}-\\d\\d-\\d\\dT`));
  } finally {
    await server.stop();
  }
});

test('cookies set over HTTPS carry Secure', async () => {
  const server = await serveFiles(ec);
  try {
    const created = await request(server.port, '/api/rooms', {
      ca: ec.pem, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
    });
    assert.equal(created.status, 201, created.body);
    const [cookie] = created.headers['set-cookie'];
    assert.match(cookie, /^lkm_host_[0-9a-f]{16}=.*; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
  } finally {
    await server.stop();
  }
});

test('only TLS 1.2 and 1.3, and in TLS 1.2 only ECDHE with AES-GCM or ChaCha20-Poly1305', async () => {
  const server = await serveFiles(rsa);
  try {
    const modern = await handshake(server.port, {});
    assert.equal(modern.protocol, 'TLSv1.3');
    for (const cipher of ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-CHACHA20-POLY1305']) {
      const accepted = await handshake(server.port, { maxVersion: 'TLSv1.2', ciphers: cipher });
      assert.deepEqual(accepted, { protocol: 'TLSv1.2', cipher }, cipher);
    }
    // The client is made able to speak these (security level 0); the server's alert refuses them.
    for (const version of ['TLSv1', 'TLSv1.1']) {
      const old = await handshake(server.port, { minVersion: version, maxVersion: version, ciphers: 'DEFAULT@SECLEVEL=0' });
      assert.equal(old.error?.code, 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', `${version}: ${old.error ?? 'accepted'}`);
    }
    for (const cipher of ['AES128-SHA', 'AES128-GCM-SHA256', 'ECDHE-RSA-AES128-SHA', 'ECDHE-RSA-AES256-SHA384', 'DHE-RSA-AES128-GCM-SHA256']) {
      const weak = await handshake(server.port, { maxVersion: 'TLSv1.2', ciphers: `${cipher}@SECLEVEL=0` });
      assert.equal(weak.error?.code, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', `${cipher}: ${weak.error ?? 'accepted'}`);
    }
  } finally {
    await server.stop();
  }
});

test('a TLS 1.2 client cannot renegotiate', async () => {
  const server = await serveFiles(ec);
  try {
    const socket = tls.connect({ host: '127.0.0.1', port: server.port, ca: ec.pem, maxVersion: 'TLSv1.2' });
    await once(socket, 'secureConnect');
    const refused = await new Promise((resolve) => {
      socket.on('error', resolve);
      socket.renegotiate({}, (error) => { if (error) resolve(error); });
      socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    });
    socket.destroy();
    // The server's no_renegotiation alert, as the client's OpenSSL reports it.
    assert.match(refused.message, /no renegotiation/, String(refused));
  } finally {
    await server.stop();
  }
});

test('plain HTTP on the HTTPS port gets no HTTP answer, and the connection closes', async () => {
  const server = await serveFiles(ec);
  try {
    const { text, closed } = await rawRequest(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.ok(closed);
    assert.ok(!text.includes('HTTP/1.'), JSON.stringify(text));
  } finally {
    await server.stop();
  }
});

test('the redirect listener answers 308 to the same target on https, and nothing else', async () => {
  const server = await serveFiles(ec, ['--http-redirect-port', '0']);
  try {
    const redirectPort = Number(/redirecting http:\/\/127\.0\.0\.1:(\d+)\/ to https/.exec(server.logs())[1]);
    assert.notEqual(redirectPort, server.port);
    const ask = async (raw) => {
      const { text } = await rawRequest(redirectPort, raw, { timeoutMs: 1000 });
      return parseResponses(text);
    };
    const [moved, invalid] = await ask(
      'GET /rooms/standup?x=1&y=%20 HTTP/1.1\r\nHost: localhost:8080\r\n\r\n' +
      'GET /healthz HTTP/1.1\r\nHost: evil.example/path\r\nConnection: close\r\n\r\n');
    assert.equal(moved.status, 308);
    assert.equal(moved.headers.location, `https://localhost:${server.port}/rooms/standup?x=1&y=%20`);
    assert.equal(moved.headers['strict-transport-security'], undefined);
    assert.equal(moved.body, '');
    // An HTTP/1.1 Host that is not a host is refused (RFC 9112); an HTTP/1.0 request without one
    // is sent to the certificate's first name. No route is served.
    assert.equal(invalid.status, 400);
    const [fallback] = await ask('GET /healthz HTTP/1.0\r\n\r\n');
    assert.equal(fallback.status, 308);
    assert.equal(fallback.headers.location, `https://localhost:${server.port}/healthz`);
    // No body is accepted.
    const [posted] = await ask('POST /api/rooms HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
    assert.equal(posted.status, 413);
    // The same header limits as the HTTPS listener.
    const [huge] = await ask(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20000)}\r\n\r\n`);
    assert.equal(huge.status, 431);
    // Where it points, HTTPS answers.
    const followed = await request(server.port, '/healthz', { ca: ec.pem });
    assert.equal(followed.status, 200);
  } finally {
    await server.stop();
  }
});

// The open redirect: anyone can send (or make a browser send) plain HTTP with a Host of their
// choosing, and the 308 sent the browser to https://<that host>/... with the path and query.
test('the redirect listener never sends a client to a host the request chose', async () => {
  const redirectPortOf = (server) => Number(/redirecting http:\/\/127\.0\.0\.1:(\d+)\/ to https/.exec(server.logs())[1]);
  const locationFor = async (server, host) => {
    const { text } = await rawRequest(redirectPortOf(server), `GET /rooms/a?x=1 HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, { timeoutMs: 1000 });
    const [response] = parseResponses(text);
    assert.equal(response.status, 308, text);
    return response.headers.location;
  };
  // With --public-url: foreign hosts go to its host; the certificate's names are kept.
  let server = await serveFiles(ec, ['--http-redirect-port', '0', '--public-url', 'https://Meet.Example.test']);
  try {
    const port = server.port;
    assert.equal(await locationFor(server, 'evil.example'), `https://meet.example.test:${port}/rooms/a?x=1`);
    assert.equal(await locationFor(server, 'evil.example:80'), `https://meet.example.test:${port}/rooms/a?x=1`);
    assert.equal(await locationFor(server, 'MEET.example.test'), `https://meet.example.test:${port}/rooms/a?x=1`);
    assert.equal(await locationFor(server, 'localhost:80'), `https://localhost:${port}/rooms/a?x=1`);
    assert.equal(await locationFor(server, '127.0.0.1'), `https://127.0.0.1:${port}/rooms/a?x=1`);
  } finally {
    await server.stop();
  }
  // Without it: the certificate's first name.
  server = await serveFiles(ec, ['--http-redirect-port', '0']);
  try {
    assert.equal(await locationFor(server, 'evil.example'), `https://localhost:${server.port}/rooms/a?x=1`);
  } finally {
    await server.stop();
  }
  // A self-signed certificate's names are the ones asked for, then the local ones.
  server = await startServer({ args: ['--tls-self-signed', 'meet.lan,192.168.1.20', '--http-redirect-port', '0'] });
  try {
    assert.equal(await locationFor(server, 'evil.example'), `https://meet.lan:${server.port}/rooms/a?x=1`);
    assert.equal(await locationFor(server, '192.168.1.20'), `https://192.168.1.20:${server.port}/rooms/a?x=1`);
  } finally {
    await server.stop();
  }
});

test('a redirect reloaded with SIGHUP follows the new certificate\'s names', async () => {
  const live = path.join(dir, 'renamed');
  fs.mkdirSync(live);
  const cert = path.join(live, 'cert.pem');
  const key = path.join(live, 'key.pem');
  fs.copyFileSync(ec.cert, cert);
  fs.copyFileSync(ec.key, key);
  const server = await startServer({ args: ['--tls-cert', cert, '--tls-key', key, '--http-redirect-port', '0'] });
  try {
    const redirectPort = Number(/redirecting http:\/\/127\.0\.0\.1:(\d+)\/ to https/.exec(server.logs())[1]);
    const locationFor = async (host) => {
      const { text } = await rawRequest(redirectPort, `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, { timeoutMs: 1000 });
      return parseResponses(text)[0].headers.location;
    };
    assert.equal(await locationFor('meet.renamed.test'), `https://localhost:${server.port}/`);
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert,
      '-days', '30', '-subj', '/CN=renamed.test', '-addext', 'subjectAltName=DNS:meet.renamed.test,IP:127.0.0.1']);
    server.proc.kill('SIGHUP');
    await logged(server, /TLS certificate reloaded/);
    assert.equal(await locationFor('meet.renamed.test'), `https://meet.renamed.test:${server.port}/`);
    assert.equal(await locationFor('localhost'), `https://meet.renamed.test:${server.port}/`);
  } finally {
    await server.stop();
  }
});

test('SIGHUP reloads the certificate for new connections; live ones go on; a broken one is not taken', async () => {
  const live = path.join(dir, 'live');
  fs.mkdirSync(live);
  const cert = path.join(live, 'cert.pem');
  const key = path.join(live, 'key.pem');
  fs.copyFileSync(rsa.cert, cert);
  fs.copyFileSync(rsa.key, key);
  const server = await startServer({ args: ['--tls-cert', cert, '--tls-key', key] });
  const ca = [rsa.pem, ec.pem];
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = await request(server.port, '/healthz', { ca, agent });
    assert.equal(first.fingerprint, rsa.fingerprint);

    fs.copyFileSync(ec.cert, cert);
    fs.copyFileSync(ec.key, key);
    server.proc.kill('SIGHUP');
    await logged(server, new RegExp(`TLS certificate reloaded: SHA-256 fingerprint ${ec.fingerprint}`));

    // The keep-alive connection opened before the reload still works, with its certificate.
    const kept = await request(server.port, '/healthz', { ca, agent });
    assert.equal(kept.status, 200);
    assert.equal(kept.reused, true);
    assert.equal(kept.fingerprint, rsa.fingerprint);
    // A new connection gets the new certificate.
    const fresh = await request(server.port, '/healthz', { ca });
    assert.equal(fresh.fingerprint, ec.fingerprint);

    // A broken certificate, then a key that is not the certificate's: both refused, logged, and
    // the last good certificate keeps serving.
    fs.writeFileSync(cert, '-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n');
    server.proc.kill('SIGHUP');
    await logged(server, /error TLS certificate not reloaded, still serving the previous one: --tls-cert: .*cert\.pem holds no valid PEM certificate/);
    fs.copyFileSync(rsa.cert, cert);
    server.proc.kill('SIGHUP');
    await logged(server, /error TLS certificate not reloaded, still serving the previous one: --tls-cert and --tls-key: the private key in .*key\.pem does not match the certificate in .*cert\.pem/);
    const still = await request(server.port, '/healthz', { ca });
    assert.equal(still.status, 200);
    assert.equal(still.fingerprint, ec.fingerprint);
    const stillKept = await request(server.port, '/healthz', { ca, agent });
    assert.equal(stillKept.reused, true);
    assert.equal(server.proc.exitCode, null);
  } finally {
    agent.destroy();
    await server.stop();
  }
});

test('--tls-self-signed makes a certificate once, reuses it, and makes a new one for new names', async () => {
  const dataDir = tempDir('lkm-tls-data-');
  const start = (names) => startServer({ args: ['--data-dir', dataDir, '--tls-self-signed', names] });
  const fingerprintIn = (server) => /TLS certificate: SHA-256 fingerprint ([0-9A-F:]{95}),/.exec(server.logs())[1];
  try {
    let server = await start('meet.lan,192.168.1.20');
    let first;
    try {
      assert.match(server.logs(), /made a new self-signed TLS certificate .*self-signed\.crt \(there was none\)/);
      first = fingerprintIn(server);
      const ca = fs.readFileSync(path.join(dataDir, 'self-signed.crt'), 'utf8');
      const ok = await request(server.port, '/healthz', { ca });  // verified against it
      assert.equal(ok.status, 200);
      assert.equal(ok.fingerprint, first);
      assert.equal(fs.statSync(path.join(dataDir, 'self-signed.key')).mode & 0o777, 0o600);
      const names = await new Promise((resolve, reject) => {
        const socket = tls.connect({ host: '127.0.0.1', port: server.port, ca }, () => {
          resolve(socket.getPeerCertificate().subjectaltname);
          socket.destroy();
        });
        socket.on('error', reject);
      });
      for (const name of ['DNS:meet.lan', 'DNS:localhost', 'IP Address:192.168.1.20', 'IP Address:127.0.0.1', 'IP Address:0:0:0:0:0:0:0:1']) {
        assert.ok(names.split(', ').includes(name), `${name} in ${names}`);
      }
    } finally {
      await server.stop();
    }

    server = await start('meet.lan,192.168.1.20');
    try {
      assert.match(server.logs(), /using the self-signed TLS certificate /);
      assert.doesNotMatch(server.logs(), /made a new/);
      assert.equal(fingerprintIn(server), first);
    } finally {
      await server.stop();
    }

    server = await start('meet.lan,192.168.1.20,other.lan');
    try {
      assert.match(server.logs(), /made a new self-signed TLS certificate .* \(the previous one does not cover other\.lan\)/);
      assert.notEqual(fingerprintIn(server), first);
      const ca = fs.readFileSync(path.join(dataDir, 'self-signed.crt'), 'utf8');
      assert.equal((await request(server.port, '/healthz', { ca })).fingerprint, fingerprintIn(server));
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('configuration errors stop the start with a clear message and no key material', async () => {
  const dataDir = tempDir('lkm-tls-data-');
  const serve = (args, env) => runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, ...args], env ? { env } : {});
  const secretKey = path.join(dir, 'secret.key');
  fs.writeFileSync(secretKey, '-----BEGIN PRIVATE KEY-----\nTOPSECRETKEYMATERIAL\n-----END PRIVATE KEY-----\n');
  const cases = [
    [['--tls-cert', ec.cert], /--tls-cert needs the certificate's private key too: give --tls-key/],
    [['--tls-key', ec.key], /--tls-key needs the certificate too: give --tls-cert/],
    [['--tls-self-signed', '--tls-cert', ec.cert, '--tls-key', ec.key], /--tls-self-signed cannot be combined with --tls-cert/],
    [['--http-redirect-port', '8080'], /--http-redirect-port redirects to HTTPS, which is off/],
    [['--public-url', 'https://meet.example.test/meet'], /--public-url must not have a path/],
    [['--public-url', 'https://evil.example@meet.example.test'], /--public-url must not contain a user name or password/],
    [['--public-url', 'meet.example.test'], /--public-url is not an absolute URL/],
    [['--tls-self-signed', 'bad_name'], /--tls-self-signed: bad_name is neither a host name nor an IP address/],
    [['--tls-cert', path.join(dir, 'absent.crt'), '--tls-key', ec.key], /--tls-cert: cannot read .*absent\.crt: No such file or directory/],
    [['--tls-cert', ec.cert, '--tls-key', rsa.key], /--tls-cert and --tls-key: the private key in .*rsa\.key does not match the certificate in .*ec\.crt/],
    [['--tls-cert', ec.cert, '--tls-key', secretKey], /--tls-key: .*secret\.key holds no valid PEM private key/],
  ];
  try {
    for (const [args, message] of cases) {
      const result = serve(args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr + result.stdout, /TOPSECRET|BEGIN/);
    }
    const fromEnv = serve([], { MEET_TLS_CERT: ec.cert });
    assert.equal(fromEnv.code, 2);
    assert.match(fromEnv.stderr, /MEET_TLS_CERT needs the certificate's private key too/);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('MEET_TLS_CERT and MEET_TLS_KEY serve HTTPS too', async () => {
  const server = await startServer({ env: { LIVEKIT_URL: 'wss://livekit.example.test', LIVEKIT_API_KEY: 'APIkey', LIVEKIT_API_SECRET: 'x'.repeat(32), MEET_TLS_CERT: ec.cert, MEET_TLS_KEY: ec.key } });
  try {
    const ok = await request(server.port, '/healthz', { ca: ec.pem });
    assert.equal(ok.fingerprint, ec.fingerprint);
  } finally {
    await server.stop();
  }
});
