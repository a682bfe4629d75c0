// A branded server, set up at run time with the same build of the web app: its product name in
// the page and the title, its logo and favicon from its brand directory, its accent colour on
// the buttons, its welcome line, and its privacy, legal and support links in the footer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  launchBrowser,
  missingPrerequisite,
  openPage,
  screenshot,
  startStack,
  tempDir,
  unnamedControls,
} from './lib/harness.mjs';

const skip = missingPrerequisite();

const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">' +
  '<rect width="120" height="40" rx="8" fill="#ff6600"/></svg>';
// A 1×1 PNG.
const FAVICON_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==',
  'base64',
);

describe('branding', { skip, timeout: 180000 }, () => {
  let stack;
  let browser;
  let brandDir;

  before(async () => {
    brandDir = tempDir('lkm-e2e-brand-');
    fs.writeFileSync(path.join(brandDir, 'acme-logo.svg'), LOGO_SVG);
    fs.writeFileSync(path.join(brandDir, 'acme-icon.png'), FAVICON_PNG);
    stack = await startStack({
      serverArgs: [
        '--product-name',
        'Acme Meet',
        '--brand-dir',
        brandDir,
        '--logo',
        'acme-logo.svg',
        '--favicon',
        'acme-icon.png',
        '--accent-color',
        '#FF6600',
        '--privacy-url',
        'https://acme.example/privacy',
      ],
      // The same settings work from the environment.
      serverEnv: {
        MEET_WELCOME_MESSAGE: 'Welcome to the meetings of Acme Corporation',
        MEET_LEGAL_URL: 'https://acme.example/legal',
        MEET_SUPPORT_URL: 'mailto:help@acme.example',
      },
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
    if (brandDir) fs.rmSync(brandDir, { recursive: true, force: true });
  });

  test('the home page and the pre-join show the brand', async () => {
    const { page, context, requests, pageErrors, cspViolations } = await openPage(browser, { locale: 'en-US' });
    try {
      await page.goto(stack.server.url('/'));
      const home = page.getByRole('link', { name: 'Acme Meet home' });
      await home.waitFor();
      assert.equal(await page.title(), 'Acme Meet');
      assert.equal((await home.innerText()).trim(), 'Acme Meet');

      // The logo is the server's file, drawn.
      const logo = page.getByTestId('brand-logo');
      await page.waitForFunction(() => (document.querySelector('[data-testid="brand-logo"]')?.naturalWidth ?? 0) > 0);
      assert.equal(await logo.getAttribute('src'), 'brand/acme-logo.svg');
      assert.ok(requests.some((r) => r.url === stack.server.url('/brand/acme-logo.svg')));
      // The favicon is the server's file.
      const icon = await page.evaluate(() => document.querySelector('link[rel="icon"]')?.href);
      assert.equal(icon, stack.server.url('/brand/acme-icon.png'));
      const iconResponse = await page.request.get(icon);
      assert.equal(iconResponse.status(), 200);
      assert.equal(iconResponse.headers()['content-type'], 'image/png');

      // The accent colour on the primary button, with dark text on this light orange.
      const start = page.getByRole('button', { name: 'Start a new meeting' });
      const colours = await start.evaluate((el) => {
        const style = getComputedStyle(el);
        return [style.backgroundColor, style.color];
      });
      assert.deepEqual(colours, ['rgb(255, 102, 0)', 'rgb(17, 17, 17)']);

      // The welcome line, and the footer's links.
      await page.getByText('Welcome to the meetings of Acme Corporation').waitFor();
      const footer = page.getByRole('navigation', { name: 'About this service' });
      const links = await footer.getByRole('link').evaluateAll((anchors) =>
        anchors.map((a) => [a.textContent, a.getAttribute('href')]),
      );
      assert.deepEqual(links, [
        ['Privacy', 'https://acme.example/privacy'],
        ['Legal notice', 'https://acme.example/legal'],
        ['Support', 'mailto:help@acme.example'],
      ]);
      await screenshot(page, 'branding-home');

      // The pre-join page carries the logo and the name in its title.
      await page.goto(stack.server.url('/rooms/quarterly'));
      await page.getByRole('textbox', { name: 'Your name' }).waitFor();
      await page.getByTestId('brand-logo').waitFor();
      assert.equal(await page.title(), 'quarterly · Acme Meet');
      assert.deepEqual(await unnamedControls(page), []);
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(cspViolations, []);
    } finally {
      await context.close();
    }
  });
});

describe('no branding', { skip, timeout: 120000 }, () => {
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

  test('keeps the built-in look: name, mark, blue and no links', async () => {
    const { page, context } = await openPage(browser, { locale: 'en-US' });
    try {
      await page.goto(stack.server.url('/'));
      await page.getByRole('link', { name: 'LiveKit Meet home' }).waitFor();
      assert.equal(await page.title(), 'LiveKit Meet');
      assert.equal(await page.getByTestId('brand-logo').count(), 0);
      const colour = await page
        .getByRole('button', { name: 'Start a new meeting' })
        .evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(colour, 'rgb(31, 140, 249)');
      assert.equal(await page.getByRole('navigation', { name: 'About this service' }).count(), 0);
      const icon = await page.evaluate(() => document.querySelector('link[rel="icon"]')?.getAttribute('href'));
      assert.match(icon, /^data:image\/svg\+xml,/);
    } finally {
      await context.close();
    }
  });
});
