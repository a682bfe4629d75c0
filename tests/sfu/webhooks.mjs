// Webhooks as LiveKit sends them: a POST of the WebhookEvent's JSON, Content-Type
// application/webhook+json, Authorization a JWT (the API key's) whose sha256 claim is the base64
// SHA-256 of the body. Events go out one at a time, in order; failures are recorded, not retried.
import { createHash, randomBytes } from 'node:crypto';
import { WebhookEvent } from '@livekit/protocol';
import { AccessToken } from 'livekit-server-sdk';

export function createWebhooks({ apiKey, apiSecret, url, timeoutMs = 5000 }) {
  let target = url;
  let chain = Promise.resolve();
  const sent = []; // { event, status, error }
  const deliver = async (fields) => {
    const body = new WebhookEvent({
      id: `EV_${randomBytes(6).toString('base64url')}`,
      createdAt: BigInt(Math.floor(Date.now() / 1000)),
      ...fields,
    }).toJsonString();
    const at = new AccessToken(apiKey, apiSecret, { ttl: '5m' });
    at.sha256 = createHash('sha256').update(body).digest('base64');
    const record = { event: fields.event, room: fields.room?.name, participant: fields.participant?.identity };
    try {
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'Content-Type': 'application/webhook+json', Authorization: await at.toJwt() },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      record.status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (error) {
      record.error = String(error);
    }
    sent.push(record);
  };
  return {
    sent,
    /** Where the events go (may be set after the stand-in started). */
    setUrl(next) {
      target = next;
    },
    get url() {
      return target;
    },
    send(event, fields = {}) {
      if (!target) return;
      chain = chain.then(() => deliver({ event, ...fields }));
    },
    /** Resolves once every event queued so far was delivered (or failed). */
    idle() {
      return chain;
    },
  };
}
