// End-to-end encryption: the passphrase lives only in the URL fragment and never reaches a server.
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

function mentions(text, secret) {
  if (!text) return false;
  const forms = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')];
  return forms.some((form) => text.includes(form));
}

describe('end-to-end encryption', { skip, timeout: 180000 }, () => {
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

  test('an E2EE meeting link keeps its passphrase in the fragment, away from every server', async () => {
    stack.standIn.attempts.length = 0;
    const { page, context, requests, pageErrors, cspViolations } = await openPage(browser);
    try {
      await page.goto(stack.server.url('/'));
      await page.getByRole('checkbox', { name: 'Enable end-to-end encryption' }).check({ force: true });
      const passphraseField = page.getByRole('textbox', { name: 'Passphrase' });
      await passphraseField.waitFor();
      const generated = await passphraseField.inputValue();
      assert.match(generated, /^[a-z0-9]{64}$/, 'a random 64-character passphrase is proposed');
      await screenshot(page, 'home-e2ee-desktop');

      await page.getByRole('button', { name: 'Start a new meeting' }).click();
      await page.waitForURL(/\/rooms\/[a-z0-9]{4}-[a-z0-9]{4}#/);
      const url = new URL(page.url());
      const roomName = url.pathname.split('/').pop();
      const passphrase = decodeURIComponent(url.hash.slice(1));
      assert.equal(passphrase, generated);

      await page.getByText('End-to-end encrypted').waitFor();
      await page.getByRole('textbox', { name: 'Your name' }).fill('Eve Encrypted');
      await page.waitForFunction(() => (document.querySelector('.lk-prejoin video')?.videoWidth ?? 0) > 0);
      await screenshot(page, 'prejoin-e2ee-desktop');
      await page.getByRole('button', { name: 'Join meeting' }).click();

      const attempt = await stack.standIn.waitForToken();
      const claims = await verifyToken(attempt.token);
      assert.equal(claims.video?.room, roomName);
      assert.equal(claims.name, 'Eve Encrypted');
      await page.getByRole('alertdialog').waitFor();
      await screenshot(page, 'conference-e2ee-desktop');

      // LiveKit's E2EE worker was started from this server.
      assert.ok(
        requests.some((r) => /\/assets\/livekit-client\.e2ee\.worker-[A-Za-z0-9_-]+\.js$/.test(r.url)),
        'the E2EE worker script was loaded',
      );
      // Reload the link: the browser sends the path, never the fragment.
      await page.reload();
      await page.getByRole('textbox', { name: 'Your name' }).waitFor();

      // Nothing the servers saw carries the passphrase: every request of the page (URLs and
      // headers), every request the stand-in received, and the server's log.
      for (const r of requests) {
        assert.ok(!mentions(r.url.split('#')[0], passphrase), `request URL leaks it: ${r.url}`);
        for (const [name, value] of Object.entries(r.headers)) {
          assert.ok(!mentions(value, passphrase), `request header ${name} leaks it (${r.url})`);
        }
      }
      for (const a of stack.standIn.attempts) {
        assert.ok(!mentions(a.url, passphrase), 'the LiveKit URL carries no passphrase');
        assert.ok(!mentions(JSON.stringify(a.headers), passphrase), 'no LiveKit header carries it');
      }
      assert.ok(!mentions(stack.server.logs(), passphrase), 'the server log has no passphrase');
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(cspViolations, []);
    } finally {
      await context.close();
    }
  });

  test('a shared E2EE link with a chosen passphrase opens encrypted, and joining by name keeps it', async () => {
    stack.standIn.attempts.length = 0;
    const { page, context, requests } = await openPage(browser);
    try {
      const passphrase = 'correct horse battery staple #1 ünïcode';
      await page.goto(stack.server.url('/'));
      await page.getByRole('checkbox', { name: 'Enable end-to-end encryption' }).check({ force: true });
      await page.getByRole('textbox', { name: 'Passphrase' }).fill(passphrase);
      await page.getByRole('textbox', { name: 'Meeting name or link' }).fill('secret-plans');
      await page.getByRole('button', { name: 'Join', exact: true }).click();
      await page.waitForURL(/\/rooms\/secret-plans#/);
      assert.equal(decodeURIComponent(new URL(page.url()).hash.slice(1)), passphrase);
      await page.getByText('End-to-end encrypted').waitFor();
      await page.getByRole('textbox', { name: 'Your name' }).fill('Sam Secret');
      await page.getByRole('button', { name: 'Join meeting' }).click();
      const attempt = await stack.standIn.waitForToken();
      assert.equal((await verifyToken(attempt.token)).video?.room, 'secret-plans');
      await page.getByRole('alertdialog').waitFor();
      for (const r of requests) assert.ok(!mentions(r.url.split('#')[0], passphrase));
      for (const a of stack.standIn.attempts) assert.ok(!mentions(a.url, passphrase));
    } finally {
      await context.close();
    }
  });

  test('a browser without encoded-transform support is told so in the page and does not join', async () => {
    stack.standIn.attempts.length = 0;
    const { page, context, requests, pageErrors } = await openPage(browser);
    try {
      // What livekit-client checks for E2EE: insertable streams or RTCRtpScriptTransform.
      await context.addInitScript(() => {
        delete window.RTCRtpScriptTransform;
        if (window.RTCRtpSender) delete window.RTCRtpSender.prototype.createEncodedStreams;
      });
      await page.goto(stack.server.url('/rooms/locked-room#some-passphrase'));
      const notice = page.getByRole('alert');
      await notice.waitFor();
      assert.match(await notice.innerText(), /cannot join an encrypted meeting/);
      assert.equal(await page.getByRole('button', { name: 'Join meeting' }).count(), 0);
      await screenshot(page, 'e2ee-unsupported-desktop');
      await page.waitForTimeout(500);
      assert.equal(stack.standIn.attempts.length, 0);
      assert.ok(!requests.some((r) => r.url.includes('/api/connection-details')));
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
});
