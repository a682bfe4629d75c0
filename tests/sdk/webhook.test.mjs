// examples/webhook_cgi as a web server runs a CGI program: deliveries signed as the LiveKit server
// signs them, with livekit-server-sdk's WebhookReceiver as the reference for what is acceptable.
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { AccessToken, WebhookReceiver } from 'livekit-server-sdk';
import { EgressInfo, EgressStatus, ParticipantInfo, Room, WebhookEvent } from '@livekit/protocol';
import { run } from './lib/examples.mjs';

const KEY = 'APIwebhookKey';
const SECRET = 'webhook-secret-0123456789-abcdefghijklmnop';
const OTHER_SECRET = 'other-secret-0123456789-abcdefghijklmnopq';
const MAX_BODY = 1024 * 1024;

// As the LiveKit server signs: a 5-minute token without grants whose sha256 claim is the base64
// SHA-256 of the exact body.
async function sign(body, secret = SECRET) {
  const at = new AccessToken(KEY, secret, { ttl: '5m' });
  at.sha256 = crypto.createHash('sha256').update(body).digest('base64');
  return at.toJwt();
}

// One CGI request: the body on stdin, its length and the header in the environment. The answer is
// split into the Status header's code, the other headers and the body.
async function cgi(body, authorization, { env = {}, contentLength = Buffer.byteLength(body) } = {}) {
  const out = await run('webhook_cgi', {
    input: body,
    env: {
      LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET, REQUEST_METHOD: 'POST',
      CONTENT_LENGTH: String(contentLength), HTTP_AUTHORIZATION: authorization, ...env,
    },
  });
  assert.equal(out.status, 0, out.stderr);
  const end = out.stdout.indexOf('\r\n\r\n');
  assert.ok(end > 0, `a CGI answer: ${JSON.stringify(out.stdout)}`);
  const [status, ...headers] = out.stdout.slice(0, end).split('\r\n');
  const code = /^Status: (\d{3}) /.exec(status)?.[1];
  assert.ok(code, `the first header is Status: ${status}`);
  return { code: Number(code), headers, text: out.stdout.slice(end + 4) };
}

const EVENTS = {
  room_started: [new WebhookEvent({
    event: 'room_started', id: 'EV_roomStarted1', createdAt: 1700000001n,
    room: new Room({ sid: 'RM_abc', name: 'team-sync', emptyTimeout: 300, creationTime: 1700000000n }),
  }).toJsonString(), 'room_started EV_roomStarted1 room=team-sync\n'],
  participant_joined: [new WebhookEvent({
    event: 'participant_joined', id: 'EV_joined1', createdAt: 1700000010n,
    room: new Room({ sid: 'RM_abc', name: 'café ☕' }),
    participant: new ParticipantInfo({ sid: 'PA_1', identity: 'ada', name: 'Ada' }),
  }).toJsonString(), 'participant_joined EV_joined1 room=café ☕\n'],
  // Egress events carry no room: only the egress's room name.
  egress_ended: [new WebhookEvent({
    event: 'egress_ended', id: 'EV_egress1', createdAt: 1700003601n,
    egressInfo: new EgressInfo({ egressId: 'EG_1', roomName: 'team-sync', status: EgressStatus.EGRESS_COMPLETE }),
  }).toJsonString(), 'egress_ended EV_egress1 room=\n'],
};

for (const [name, [body, expected]] of Object.entries(EVENTS)) {
  test(`a signed ${name} delivery is accepted: 200 with the event, its id and room`, async () => {
    const authorization = await sign(body);
    const event = await new WebhookReceiver(KEY, SECRET).receive(body, authorization);
    assert.equal(event.event, name, 'the reference accepts the same delivery');
    const answer = await cgi(body, authorization);
    assert.equal(answer.code, 200, answer.text);
    assert.deepEqual(answer.headers, ['Content-Type: text/plain; charset=utf-8']);
    assert.equal(answer.text, expected);
  });
}

test('a changed body is refused: 401 body_mismatch, as the reference refuses it', async () => {
  const [body] = EVENTS.room_started;
  const authorization = await sign(body);
  for (const changed of [body.replace('team-sync', 'team-sink'), `${body}\n`, ` ${body}`]) {
    await assert.rejects(new WebhookReceiver(KEY, SECRET).receive(changed, authorization), /sha256/);
    const answer = await cgi(changed, authorization);
    assert.equal(answer.code, 401);
    assert.equal(answer.text, 'body_mismatch\n');
  }
});

test('a delivery not signed with our secret, or unsigned, is refused: 401 with the reason', async () => {
  const [body] = EVENTS.room_started;
  const foreign = await cgi(body, await sign(body, OTHER_SECRET));
  assert.deepEqual([foreign.code, foreign.text], [401, 'invalid_token\n']);
  const unsigned = await cgi(body, '');
  assert.deepEqual([unsigned.code, unsigned.text], [401, 'missing_authorization\n']);
  const hashless = await cgi(body, await new AccessToken(KEY, SECRET, { ttl: '5m' }).toJwt());
  assert.deepEqual([hashless.code, hashless.text], [401, 'missing_sha256\n']);
  // The right token, but the program holds another secret.
  const misconfigured = await cgi(body, await sign(body), { env: { LIVEKIT_API_SECRET: OTHER_SECRET } });
  assert.deepEqual([misconfigured.code, misconfigured.text], [401, 'invalid_token\n']);
});

test('a body that cannot be read is 400 invalid_body', async () => {
  // Signed properly, but not a webhook event.
  const notJson = await cgi('not json', await sign('not json'));
  assert.deepEqual([notJson.code, notJson.text], [400, 'invalid_body\n']);
  // Shorter than CONTENT_LENGTH says, or a CONTENT_LENGTH that is not a number.
  const [body] = EVENTS.room_started;
  const short = await cgi(body, await sign(body), { contentLength: Buffer.byteLength(body) + 10 });
  assert.deepEqual([short.code, short.text], [400, 'invalid_body\n']);
  for (const contentLength of ['12abc', '-1', ' 12']) {
    const bad = await cgi(body, await sign(body), { contentLength });
    assert.deepEqual([bad.code, bad.text], [400, 'invalid_body\n'], `CONTENT_LENGTH ${contentLength}`);
  }
});

test('a body over 1 MiB is 413 unread; one of exactly 1 MiB is read', async () => {
  // A room_started event padded with metadata to exactly MAX_BODY bytes.
  const frame = new WebhookEvent({ event: 'room_started', id: 'EV_big', room: new Room({ name: 'big', metadata: '-' }) }).toJsonString();
  const padded = frame.replace('"metadata":"-"', `"metadata":"${'x'.repeat(MAX_BODY - Buffer.byteLength(frame) + 1)}"`);
  assert.equal(Buffer.byteLength(padded), MAX_BODY);
  const fits = await cgi(padded, await sign(padded));
  assert.deepEqual([fits.code, fits.text], [200, 'room_started EV_big room=big\n']);

  const over = `${padded} `;
  const refused = await cgi(over, await sign(over));
  assert.equal(refused.code, 413);
  assert.equal(refused.text, 'too_large\n');
  // The length alone decides: a huge CONTENT_LENGTH is refused before anything is read.
  const claimed = await cgi('', '', { contentLength: 1e12 });
  assert.equal(claimed.code, 413);
});

test('only POST is answered; GET is 405', async () => {
  const [body] = EVENTS.room_started;
  const answer = await cgi(body, await sign(body), { env: { REQUEST_METHOD: 'GET' } });
  assert.equal(answer.code, 405);
});
