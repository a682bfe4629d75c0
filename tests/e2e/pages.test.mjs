// The pages as a person sees them: the conference while it connects (with settings and
// keyboard shortcuts), phone-sized screens, the lobby placeholder, and unknown addresses.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE,
  launchBrowser,
  missingPrerequisite,
  openPage,
  screenshot,
  startStack,
  unnamedControls,
} from './lib/harness.mjs';
import { leftToHome } from './lib/meeting.mjs';

const skip = missingPrerequisite();

async function joinAs(page, name) {
  await page.getByRole('textbox', { name: 'Your name' }).fill(name);
  await page.getByRole('button', { name: 'Join meeting' }).click();
}

describe('pages', { skip, timeout: 240000 }, () => {
  let stack;
  let browser;

  before(async () => {
    // The stand-in holds each signalling attempt for a while, so the conference is seen while
    // it connects.
    stack = await startStack({ holdMs: 12000 });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('pre-join background effects; conference while connecting: labelled controls, settings', async (t) => {
    const { page, context, requests, pageErrors, cspViolations } = await openPage(browser);
    try {
      await page.goto(stack.server.url('/rooms/design-review'));
      await page.waitForFunction(() => (document.querySelector('.lk-prejoin video')?.videoWidth ?? 0) > 0);

      // Background effects on the pre-join preview: blur, then a picture, run by
      // @livekit/track-processors with the MediaPipe files this server serves (no CDN).
      const backgrounds = page.getByRole('group', { name: 'Background' });
      const webgl2 = await page.evaluate(() => !!document.createElement('canvas').getContext('webgl2'));
      if (!webgl2) {
        // The effects draw with WebGL 2: without it the choice is not offered at all.
        t.diagnostic('this Chromium has no WebGL 2: background effects are not offered');
        assert.equal(await backgrounds.count(), 0);
      } else {
        await backgrounds.waitFor();
        const previewRunning = () =>
          page.waitForFunction(
            () =>
              document.querySelector('.lkm-notice-warning') ||
              (document.querySelector('.lk-prejoin video')?.videoWidth ?? 0) > 0,
            null,
            { timeout: 30000 },
          );
        // The engine is a chunk of its own, fetched only once an effect is chosen.
        const engine = (r) => /\/assets\/backgroundEngine-[A-Za-z0-9_-]+\.js$/.test(r.url);
        assert.equal(requests.filter(engine).length, 0, 'no engine before an effect is chosen');
        // Starting the segmenter compiles MediaPipe's WebAssembly on the page's main thread: on a
        // busy machine the page can stall for seconds, hence the long timeouts.
        await backgrounds.getByRole('button', { name: 'Blur' }).click();
        await previewRunning();
        await page.waitForTimeout(3000);
        assert.equal(await page.locator('.lkm-notice-warning').count(), 0, 'blur started');
        assert.equal(await backgrounds.getByRole('button', { name: 'Blur' }).getAttribute('aria-pressed'), 'true');
        await screenshot(page, 'prejoin-blur-desktop');
        await backgrounds.getByRole('button', { name: 'Dusk' }).click({ timeout: 60000 });
        await previewRunning();
        await page.waitForTimeout(3000);
        assert.equal(await page.locator('.lkm-notice-warning').count(), 0, 'virtual background started');
        await screenshot(page, 'prejoin-virtual-background-desktop');
        const visionRequests = requests.filter((r) => /\/vision\//.test(r.url));
        assert.ok(visionRequests.some((r) => r.url.endsWith('/vision/selfie_segmenter.tflite')));
        assert.ok(visionRequests.some((r) => /\/vision\/vision_wasm(_nosimd)?_internal\.wasm$/.test(r.url)));
        assert.ok(requests.some((r) => /\/assets\/dusk-[A-Za-z0-9_-]+\.jpg$/.test(r.url)));
        assert.equal(requests.filter(engine).length, 1, 'the engine, once');
        // The choice is remembered: a new visit starts with it. The engine loads at once and the
        // processor starts, which fetches the segmentation model again.
        const model = (r) => r.url.endsWith('/vision/selfie_segmenter.tflite');
        const modelFetches = requests.filter(model).length;
        await page.reload();
        await backgrounds.waitFor();
        assert.equal(await backgrounds.getByRole('button', { name: 'Dusk' }).getAttribute('aria-pressed'), 'true');
        const deadline = Date.now() + 30000;
        while (requests.filter(model).length === modelFetches) {
          assert.ok(Date.now() < deadline, 'the remembered effect starts its processor');
          await page.waitForTimeout(200);
        }
        await page.waitForFunction(() => (document.querySelector('.lk-prejoin video')?.videoWidth ?? 0) > 0,
          null, { timeout: 30000 });
        await page.waitForTimeout(3000);
        assert.equal(await page.locator('.lkm-notice-warning').count(), 0, 'the remembered background started');
        assert.equal(requests.filter(engine).length, 2, 'the engine, fetched by the new visit');
        for (const r of requests) {
          assert.ok(
            r.url.startsWith(stack.server.origin) || r.url.startsWith('data:') || r.url.startsWith('blob:'),
            `no request leaves this server: ${r.url}`,
          );
        }
        await backgrounds.getByRole('button', { name: 'None' }).click({ timeout: 60000 });
      }

      await joinAs(page, 'Dana Designer');
      const toolbar = page.getByRole('toolbar', { name: 'Meeting controls' });
      await toolbar.waitFor();
      for (const name of ['Microphone', 'Camera', 'Settings', 'Leave']) {
        await toolbar.getByRole('button', { name, exact: true }).waitFor();
      }
      await toolbar.getByRole('button', { name: 'Choose microphone' }).waitFor();
      await toolbar.getByRole('button', { name: 'Choose camera' }).waitFor();
      await page.getByRole('heading', { name: 'design-review' }).waitFor();
      await page.locator('.lk-participant-tile').first().waitFor();
      await screenshot(page, 'conference-connecting-desktop');
      assert.deepEqual(await unnamedControls(page), [], 'every control in the conference is named');

      // Settings: devices, background effects, noise suppression, shortcuts.
      await toolbar.getByRole('button', { name: 'Settings' }).click();
      const settings = page.getByRole('dialog', { name: 'Settings' });
      await settings.waitFor();
      await settings.getByRole('combobox', { name: 'Camera' }).waitFor();
      await settings.getByRole('combobox', { name: 'Microphone' }).waitFor();
      await settings.getByRole('switch', { name: 'Noise suppression' }).waitFor();
      await settings.getByRole('button', { name: 'Blur' }).waitFor();
      await screenshot(page, 'settings-desktop');
      assert.deepEqual(await unnamedControls(page), [], 'every control in the settings is named');

      // A background chosen while connecting is kept for when the camera is published.
      await settings.getByRole('button', { name: 'Dusk' }).click();
      assert.equal(await settings.getByRole('button', { name: 'Dusk' }).getAttribute('aria-pressed'), 'true');
      await settings.getByRole('button', { name: 'None' }).click();

      await page.keyboard.press('Escape');
      await settings.waitFor({ state: 'detached' });

      // Chat is offered once the server has said the person may send data (after connecting).
      assert.equal(await toolbar.getByRole('button', { name: /^Chat/ }).count(), 0);

      // Leave, even while still connecting: the page says so, and leads home.
      await toolbar.getByRole('button', { name: 'Leave' }).click();
      await leftToHome(page, stack);
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(cspViolations, []);
    } finally {
      await context.close();
    }
  });

  test('keyboard shortcuts: Ctrl+Shift+A turns the microphone on, Ctrl+Shift+V the camera', async () => {
    const { page, context, pageErrors } = await openPage(browser);
    try {
      // Count what the page asks of the camera and microphone.
      await context.addInitScript(() => {
        window.__lkmMediaRequests = [];
        const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        navigator.mediaDevices.getUserMedia = (constraints) => {
          window.__lkmMediaRequests.push({ audio: !!constraints?.audio, video: !!constraints?.video });
          return original(constraints);
        };
      });
      await page.goto(stack.server.url('/rooms/shortcut-room'));
      // Join with both off.
      await page.getByRole('button', { name: 'Microphone', exact: true }).click();
      await page.getByRole('button', { name: 'Camera', exact: true }).click();
      await page.waitForFunction(() =>
        [...document.querySelectorAll('.lk-prejoin [data-lk-source]')].every(
          (b) => b.getAttribute('aria-pressed') === 'false',
        ),
      );
      await joinAs(page, 'Kim Keys');
      await page.getByRole('toolbar', { name: 'Meeting controls' }).waitFor();
      await page.evaluate(() => {
        window.__lkmMediaRequests.length = 0;
      });
      const requests = () => page.evaluate(() => window.__lkmMediaRequests);
      await page.keyboard.press('Control+Shift+B');
      await page.waitForTimeout(1000);
      assert.deepEqual(await requests(), [], 'nothing asks for devices on its own');

      await page.keyboard.press('Control+Shift+A');
      await page.waitForFunction(() => window.__lkmMediaRequests.some((r) => r.audio && !r.video));
      assert.ok(!(await requests()).some((r) => r.video), 'Ctrl+Shift+A does not start the camera');

      await page.keyboard.press('Control+Shift+V');
      await page.waitForFunction(() => window.__lkmMediaRequests.some((r) => r.video));
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('phone-sized screen: home, custom tab, pre-join and conference fit and stay usable', async () => {
    const { page, context, pageErrors } = await openPage(browser, { viewport: PHONE });
    try {
      await page.goto(stack.server.url('/'));
      await page.getByRole('button', { name: 'Start a new meeting' }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling on the home page (${overflow}px)`);
      await page.getByRole('checkbox', { name: /end-to-end encryption/i }).check({ force: true });
      await page.getByRole('textbox', { name: 'Passphrase' }).waitFor();
      await screenshot(page, 'home-phone');

      await page.getByRole('tab', { name: 'Custom' }).click();
      await page.waitForURL(/\?tab=custom$/);
      await page.getByRole('textbox', { name: 'LiveKit server URL' }).waitFor();
      await screenshot(page, 'home-custom-phone');

      await page.goto(stack.server.url('/rooms/phone-call'));
      await page.getByRole('textbox', { name: 'Your name' }).waitFor();
      await page.waitForFunction(() => (document.querySelector('.lk-prejoin video')?.videoWidth ?? 0) > 0);
      await screenshot(page, 'prejoin-phone');
      assert.deepEqual(await unnamedControls(page), []);

      await joinAs(page, 'Pat Phone');
      const toolbar = page.getByRole('toolbar', { name: 'Meeting controls' });
      await toolbar.getByRole('button', { name: 'Leave' }).waitFor();
      await page.locator('.lk-participant-tile').first().waitFor();
      // Icon-only buttons on a phone still have their names.
      for (const name of ['Microphone', 'Camera', 'Settings', 'Leave']) {
        await toolbar.getByRole('button', { name, exact: true }).waitFor();
      }
      const barWidth = await toolbar.evaluate((el) => el.getBoundingClientRect().right);
      assert.ok(barWidth <= PHONE.width + 1, 'the control bar fits the screen');
      await screenshot(page, 'conference-connecting-phone');
      assert.deepEqual(await unnamedControls(page), []);

      await toolbar.getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('dialog', { name: 'Settings' }).waitFor();
      await screenshot(page, 'settings-phone');
      await page.getByRole('button', { name: 'Close settings' }).click();
      await toolbar.getByRole('button', { name: 'Leave' }).click();
      await screenshot(page, 'ending-left-phone');
      await leftToHome(page, stack);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('lobby placeholder, unknown addresses and invalid custom links show a page', async () => {
    const { page, context, pageErrors } = await openPage(browser);
    try {
      await page.goto(stack.server.url('/lobby'));
      await page.getByRole('heading', { name: 'Lobby', level: 1 }).waitFor();
      await screenshot(page, 'lobby-desktop');
      await page.getByRole('link', { name: 'Back to home' }).click();
      await page.waitForURL(stack.server.url('/'));
      await page.getByRole('button', { name: 'Start a new meeting' }).waitFor();

      await page.goto(stack.server.url('/custom?liveKitUrl=ws%3A%2F%2F127.0.0.1%3A1&token=x&codec=mpeg2'));
      await page.getByRole('alert').waitFor();
      assert.match(await page.getByRole('alert').innerText(), /codec must be one of/);
      await page.goto(stack.server.url('/custom?token=abc'));
      assert.match(await page.getByRole('alert').innerText(), /no LiveKit server URL/);
      await screenshot(page, 'custom-invalid-desktop');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
});
