// `--base-path /meet`: the same build works under a path prefix, configured at run time.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  launchBrowser,
  missingPrerequisite,
  openPage,
  screenshot,
  startStack,
  verifyToken,
} from './lib/harness.mjs';

const skip = missingPrerequisite();

describe('base path /meet', { skip, timeout: 180000 }, () => {
  let stack;
  let browser;

  before(async () => {
    stack = await startStack({ basePath: '/meet' });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('home → start → pre-join → join under /meet, every request under /meet', async () => {
    const { page, context, requests, pageErrors, cspViolations } = await openPage(browser);
    try {
      const html = await (await fetch(stack.server.url('/'))).text();
      assert.match(html, /<base href="\/meet\/">/);
      assert.match(html, /livekit-meet-config/);

      await page.goto(stack.server.url('/'));
      await page.getByRole('button', { name: 'Start a new meeting' }).click();
      await page.waitForURL(/\/meet\/rooms\/[a-z0-9]{4}-[a-z0-9]{4}$/);
      const roomName = new URL(page.url()).pathname.split('/').pop();
      await page.getByRole('textbox', { name: 'Your name' }).fill('Basil Base');
      await screenshot(page, 'prejoin-base-path-desktop');
      await page.getByRole('button', { name: 'Join meeting' }).click();

      const attempt = await stack.standIn.waitForToken();
      const claims = await verifyToken(attempt.token);
      assert.equal(claims.video?.room, roomName);
      assert.equal(claims.name, 'Basil Base');

      const details = requests.find((r) => r.url.includes('api/connection-details'));
      assert.ok(details);
      assert.equal(new URL(details.url).pathname, '/meet/api/connection-details');
      for (const r of requests) {
        const url = new URL(r.url);
        if (url.origin !== stack.server.origin) continue;
        assert.ok(url.pathname.startsWith('/meet/'), `request outside /meet: ${url.pathname}`);
      }
      await page.getByRole('alertdialog').getByRole('button', { name: 'Back to home' }).click();
      await page.waitForURL((url) => url.pathname === '/meet' || url.pathname === '/meet/');
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(cspViolations, []);
    } finally {
      await context.close();
    }
  });

  test('deep links under /meet load: a meeting, the lobby, the Custom tab', async () => {
    const { page, context, pageErrors } = await openPage(browser);
    try {
      await page.goto(stack.server.url('/rooms/deep-link'));
      await page.getByRole('heading', { name: 'deep-link' }).waitFor();
      await page.waitForFunction(() => (document.querySelector('.lk-prejoin video')?.videoWidth ?? 0) > 0);

      await page.goto(stack.server.url('/lobby'));
      await page.getByRole('heading', { name: 'Lobby' }).waitFor();
      await page.getByRole('link', { name: 'LiveKit Meet home' }).click();
      await page.waitForURL((url) => url.pathname === '/meet' || url.pathname === '/meet/');

      await page.goto(stack.server.url('/?tab=custom'));
      await page.getByRole('textbox', { name: 'Access token' }).waitFor();
      await screenshot(page, 'home-custom-base-path-desktop');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
});
