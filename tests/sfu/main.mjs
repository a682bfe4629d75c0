#!/usr/bin/env node
// The SFU stand-in on its own, for working on the web app without a LiveKit server:
//
//   LIVEKIT_API_KEY=devkey LIVEKIT_API_SECRET=… node tests/sfu/main.mjs --port 7880 \
//     [--webhook-url http://127.0.0.1:3000/api/webhook] [--empty-timeout 20]
//
// It listens on 127.0.0.1, prints its URL (the LIVEKIT_URL for livekit-meet) and runs until
// SIGINT or SIGTERM. It is a test stand-in, not LiveKit: see README.md for what it leaves out.
import { parseArgs } from 'node:util';
import { startSfu } from './index.mjs';

const usage = `usage: node tests/sfu/main.mjs [--port N] [--webhook-url URL] [--empty-timeout SECONDS] [--debug]
  LIVEKIT_API_KEY and LIVEKIT_API_SECRET (environment) are the key and secret tokens are signed with.`;

function fail(message) {
  console.error(`sfu stand-in: ${message}\n${usage}`);
  process.exit(2);
}

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      port: { type: 'string', default: '7880' },
      'webhook-url': { type: 'string' },
      'empty-timeout': { type: 'string', default: '20' },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  fail(error.message);
}
if (options.help) {
  console.log(usage);
  process.exit(0);
}

const port = Number(options.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, not "${options.port}"`);
const emptyTimeout = Number(options['empty-timeout']);
if (!Number.isFinite(emptyTimeout) || emptyTimeout < 0) fail('--empty-timeout must be a number of seconds');
const webhookUrl = options['webhook-url'];
if (webhookUrl !== undefined) {
  let parsed;
  try {
    parsed = new URL(webhookUrl);
  } catch {
    fail(`--webhook-url is not a URL: "${webhookUrl}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') fail('--webhook-url must be http or https');
}
const apiKey = process.env.LIVEKIT_API_KEY;
const apiSecret = process.env.LIVEKIT_API_SECRET;
if (!apiKey || !apiSecret) fail('set LIVEKIT_API_KEY and LIVEKIT_API_SECRET in the environment');

let sfu;
try {
  sfu = await startSfu({
    apiKey,
    apiSecret,
    webhookUrl,
    port,
    emptyTimeoutMs: emptyTimeout * 1000,
    log: options.debug ? (...args) => console.error('[sfu]', ...args) : undefined,
  });
} catch (error) {
  fail(`cannot listen on 127.0.0.1:${port}: ${error.message}`);
}
console.log(`SFU stand-in (not LiveKit) listening: LIVEKIT_URL=${sfu.url}`);
if (webhookUrl) console.log(`webhooks to ${webhookUrl}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await sfu.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
