// The Custom tab and /custom?liveKitUrl=…&token=…: join any LiveKit server with a given token.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AccessToken } from 'livekit-server-sdk';
import {
  API_KEY,
  API_SECRET,
  launchBrowser,
  missingPrerequisite,
  openPage,
  screenshot,
  startLiveKitStandIn,
  startStack,
  unnamedControls,
  verifyToken,
} from './lib/harness.mjs';

const skip = missingPrerequisite();

async function mintToken({ room, identity, name }) {
  const token = new AccessToken(API_KEY, API_SECRET, { identity, name, ttl: '10m' });
  token.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
  return token.toJwt();
}

describe('custom connection', { skip, timeout: 180000 }, () => {
  let stack;
  let browser;

  before(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('Custom tab → /custom joins the given server with the given token', async () => {
    stack.standIn.attempts.length = 0;
    const token = await mintToken({ room: 'custom-room', identity: 'cora', name: 'Cora Custom' });
    const { page, context, pageErrors, cspViolations, requests } = await openPage(browser);
    try {
      await page.goto(stack.server.url('/?tab=custom'));
      const connect = page.getByRole('button', { name: 'Connect' });
      assert.equal(await connect.isDisabled(), true);
      await page.getByRole('textbox', { name: 'LiveKit server URL' }).fill(stack.standIn.url);
      await page.getByRole('textbox', { name: 'Access token' }).fill(token);
      await screenshot(page, 'home-custom-desktop');
      assert.deepEqual(await unnamedControls(page), []);
      await connect.click();

      await page.waitForURL(/\/custom\?/);
      const url = new URL(page.url());
      assert.equal(url.pathname, '/custom');
      assert.equal(url.searchParams.get('liveKitUrl'), stack.standIn.url);
      assert.equal(url.searchParams.get('token'), token);

      const attempt = await stack.standIn.waitForToken();
      assert.equal(attempt.token, token, 'the browser used exactly the given token');
      const claims = await verifyToken(attempt.token);
      assert.equal(claims.video?.room, 'custom-room');
      assert.equal(claims.name, 'Cora Custom');
      assert.equal(claims.sub, 'cora');
      // /custom does not ask this server for a token.
      assert.ok(!requests.some((r) => r.url.includes('/api/connection-details')));

      await page.getByRole('alertdialog').waitFor();
      await screenshot(page, 'custom-connect-failed-desktop');
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(cspViolations, []);
    } finally {
      await context.close();
    }
  });

  test('/custom may reach a LiveKit server other than the configured one', async () => {
    const other = await startLiveKitStandIn();
    const token = await mintToken({ room: 'elsewhere', identity: 'eve', name: 'Eve Elsewhere' });
    const { page, context, pageErrors, cspViolations } = await openPage(browser);
    try {
      assert.notEqual(other.url, stack.standIn.url);
      const query = new URLSearchParams({ liveKitUrl: other.url, token });
      await page.goto(stack.server.url(`/custom?${query}`));
      const attempt = await other.waitForToken();
      assert.equal(attempt.token, token);
      assert.deepEqual(cspViolations, [], 'the /custom page policy allows any LiveKit server');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
      await other.close();
    }
  });

  test('a /custom link opened directly joins at once; a bad Custom form is explained in the page', async () => {
    stack.standIn.attempts.length = 0;
    const token = await mintToken({ room: 'direct-room', identity: 'dev', name: 'Dev Direct' });
    const { page, context, pageErrors } = await openPage(browser);
    try {
      const query = new URLSearchParams({ liveKitUrl: stack.standIn.url, token, codec: 'h264' });
      await page.goto(stack.server.url(`/custom?${query}`));
      const attempt = await stack.standIn.waitForToken();
      const claims = await verifyToken(attempt.token);
      assert.equal(claims.video?.room, 'direct-room');
      assert.equal(claims.name, 'Dev Direct');

      await page.goto(stack.server.url('/?tab=custom'));
      await page.getByRole('textbox', { name: 'LiveKit server URL' }).fill('not a url');
      await page.getByRole('textbox', { name: 'Access token' }).fill('abc');
      await page.getByRole('button', { name: 'Connect' }).click();
      const error = page.getByRole('alert');
      await error.waitFor();
      assert.match(await error.innerText(), /LiveKit server URL/);
      assert.match(page.url(), /\?tab=custom$/);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
});
