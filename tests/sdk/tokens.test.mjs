// examples/mint_token and examples/verify_token against livekit-server-sdk: tokens minted by the
// example are the SDK's byte for byte, and tokens the SDK mints are read back by the example.
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { payloadOf, run, unixNow } from './lib/examples.mjs';

const KEY = 'APIexamplesKey';
const SECRET = 'examples-secret-0123456789-abcdefghijklmno';
const OTHER_SECRET = 'other-secret-0123456789-abcdefghijklmnopq';
const credentials = { LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET };

const mint = (args, env = credentials) => run('mint_token', { args, env });
const verify = (token, env = credentials) => run('verify_token', { input: token, env });

// mint_token's arguments for a shape of token.
const argsOf = ({ room, identity, name, ttl }) => [
  '--room', room, '--identity', identity,
  ...(name === undefined ? [] : ['--name', name]), ...(ttl === undefined ? [] : ['--ttl', ttl]),
];

// What mint_token mints, as livekit-server-sdk mints it. The SDK takes a bare number of seconds as
// a number, not as text.
async function sdkMint({ room, identity, name, ttl }, key = KEY, secret = SECRET) {
  const at = new AccessToken(key, secret, {
    identity, name, ...(ttl === undefined ? {} : { ttl: /^\d+$/.test(ttl) ? Number(ttl) : ttl }),
  });
  at.addGrant({ room, roomJoin: true });
  return at.toJwt();
}

// An HS256 token with exactly the payload given, signed as LiveKit signs.
function signJwt(payload, secret = SECRET) {
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: 'HS256' })}.${encode(payload)}`;
  return `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`;
}

test('mint_token: a token livekit-server-sdk accepts, with the claims asked for', async () => {
  const before = unixNow();
  const out = await mint(argsOf({ room: 'demo', identity: 'ada', name: 'Ada Lovelace', ttl: '2h' }));
  assert.equal(out.status, 0, out.stderr);
  assert.equal(out.stderr, '');
  assert.match(out.stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/, 'the JWT and a newline, nothing else');
  const claims = await new TokenVerifier(KEY, SECRET).verify(out.stdout.trim());
  assert.equal(claims.iss, KEY);
  assert.equal(claims.sub, 'ada');
  assert.equal(claims.name, 'Ada Lovelace');
  assert.deepEqual(claims.video, { room: 'demo', roomJoin: true });
  assert.equal(claims.exp - claims.nbf, 7200);
  assert.ok(claims.nbf >= before && claims.nbf <= unixNow(), `nbf ${claims.nbf} is now`);
});

const SHAPES = [
  { room: 'demo', identity: 'ada', name: 'Ada Lovelace', ttl: '2h' },
  { room: 'team-sync', identity: 'bo' },
  { room: 'r', identity: 'ü "quoted"', name: 'Zoë', ttl: '90' },
  { room: 'café room', identity: 'x', ttl: '1.5h' },
  { room: 'r', identity: 'y', ttl: '2 days' },
];

for (const shape of SHAPES) {
  test(`mint_token: byte for byte livekit-server-sdk's token for ${JSON.stringify(shape)}`, async () => {
    // Both read the clock: compare only a pair minted within one second (the SDK's exp and nbf
    // included), retrying a pair that straddles a second.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const before = unixNow();
      const sdkToken = await sdkMint(shape);
      const out = await mint(argsOf(shape));
      assert.equal(out.status, 0, out.stderr);
      if (unixNow() !== before) continue;
      assert.equal(out.stdout, `${sdkToken}\n`);
      assert.equal(payloadOf(sdkToken).nbf, before);
      return;
    }
    assert.fail('no pair of tokens minted within one second in 5 attempts');
  });
}

test('mint_token: refusals go to stderr with status 1 and nothing on stdout', async () => {
  const cases = [
    [argsOf({ room: 'r', identity: 'i', ttl: 'soon' }), credentials, /invalid TTL "soon"/],
    [argsOf({ room: 'r', identity: 'i', ttl: '0' }), credentials, /invalid TTL "0"/],
    [['--room', 'r'], credentials, /--room and --identity are required/],
    [['--identity', 'i', '--room'], credentials, /--room needs a value/],
    // The secret is not an option: it would be visible to every user in the process list.
    [[...argsOf({ room: 'r', identity: 'i' }), '--secret', SECRET], credentials, /unknown option --secret/],
    [argsOf({ room: 'r', identity: 'i' }), { LIVEKIT_API_KEY: KEY }, /LIVEKIT_API_SECRET/],
    [argsOf({ room: 'r', identity: 'i' }), { LIVEKIT_API_KEY: '', LIVEKIT_API_SECRET: SECRET }, /key/i],
  ];
  for (const [args, env, message] of cases) {
    const out = await mint(args, env);
    assert.equal(out.status, 1, `${args.join(' ')}: ${out.stdout}`);
    assert.equal(out.stdout, '', args.join(' '));
    assert.match(out.stderr, message);
    assert.ok(!out.stderr.includes(SECRET), 'the secret is never printed');
  }
});

test('verify_token: prints the claims of a token livekit-server-sdk minted', async () => {
  const token = await sdkMint({ room: 'demo', identity: 'ada', name: 'Ada', ttl: '10m' });
  const out = await verify(`${token}\n`);
  assert.equal(out.status, 0, out.stderr);
  assert.equal(out.stdout,
    `sub=ada\nname=Ada\nroom=demo\nroom_join=true\nexp=${payloadOf(token).exp}\n`);
  assert.equal(out.stderr, '');
});

test('verify_token: room_join is false or unset as the token has it', async () => {
  const denied = new AccessToken(KEY, SECRET, { identity: 'bo', ttl: '10m' });
  denied.addGrant({ room: 'r', roomJoin: false, canPublish: true });
  const deniedToken = await denied.toJwt();
  const out = await verify(deniedToken);
  assert.equal(out.status, 0, out.stderr);
  assert.equal(out.stdout, `sub=bo\nname=\nroom=r\nroom_join=false\nexp=${payloadOf(deniedToken).exp}\n`);

  const bare = await new AccessToken(KEY, SECRET, { name: 'No Grant', ttl: 60 }).toJwt();
  const bareOut = await verify(bare);
  assert.equal(bareOut.status, 0, bareOut.stderr);
  assert.equal(bareOut.stdout, `sub=\nname=No Grant\nroom=\nroom_join=unset\nexp=${payloadOf(bare).exp}\n`);
});

test('verify_token: refuses tampered, expired, wrongly signed and foreign tokens with the reason', async () => {
  const token = await sdkMint({ room: 'demo', identity: 'ada', ttl: '10m' });
  const [header, payload, signature] = token.split('.');
  const forged = Buffer.from(JSON.stringify({ ...payloadOf(token), sub: 'mallory' })).toString('base64url');
  const now = unixNow();
  const claims = { video: { room: 'demo', roomJoin: true }, iss: KEY, sub: 'ada' };
  // Signed properly, but over a minute past its expiry (the verifier's leeway is 60 s)...
  const expired = signJwt({ ...claims, exp: now - 120, nbf: now - 720 });
  // ...while the same claims still valid are accepted: only the expiry differs.
  assert.equal((await verify(signJwt({ ...claims, exp: now + 600, nbf: now }))).status, 0);
  await assert.rejects(new TokenVerifier(KEY, SECRET).verify(expired), /exp/);

  const cases = {
    bad_signature: [
      `${header}.${forged}.${signature}`,
      `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`,
      await sdkMint({ room: 'demo', identity: 'ada' }, KEY, OTHER_SECRET),
    ],
    expired: [expired],
    unknown_key: [await sdkMint({ room: 'demo', identity: 'ada' }, 'APIsomeoneElse', SECRET)],
    malformed: ['not a token', ''],
  };
  for (const [reason, tokens] of Object.entries(cases)) {
    for (const refused of tokens) {
      const out = await verify(refused);
      assert.equal(out.status, 1, `${reason}: ${out.stdout}`);
      assert.equal(out.stdout, '');
      assert.equal(out.stderr, `invalid: ${reason}\n`);
    }
  }
});
