// Page weight: the bytes a first visit transfers (headless Chromium, loopback, a fresh context so
// a cold cache), counted from the browser's own network events (`encodedDataLength`: headers and
// the body as sent, compressed). The home page must stay within 90 KiB and a room's pre-join page
// within 300 KiB (docs/performance.md, "Page weight"). Byte counts do not depend on the machine's
// speed, so this is a test and not a benchmark.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, missingPrerequisite, openPage, startStack } from './lib/harness.mjs';

const skip = missingPrerequisite();

export const BUDGET_KIB = { home: 90, room: 300 };

/** Every response of a visit to `path` and what it transferred, once the page is quiet. */
async function visit(browser, stack, path, ready) {
  const { context, page, pageErrors } = await openPage(browser);
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const urls = new Map();
    const transferred = new Map();
    cdp.on('Network.responseReceived', (event) => urls.set(event.requestId, event.response.url));
    cdp.on('Network.loadingFinished', (event) => transferred.set(event.requestId, event.encodedDataLength));
    await page.goto(stack.server.url(path));
    await ready(page);
    await page.waitForLoadState('networkidle');
    // Inlined data: URLs transfer nothing of their own (their bytes are in the file holding them).
    const files = [...transferred]
      .map(([id, bytes]) => ({ url: urls.get(id) ?? id, bytes }))
      .filter((file) => !file.url.startsWith('data:'));
    assert.deepEqual(pageErrors, []);
    return { total: files.reduce((sum, file) => sum + file.bytes, 0), files };
  } finally {
    await context.close();
  }
}

const kib = (bytes) => (bytes / 1024).toFixed(1);
const report = (name, { total, files }) =>
  `${name}: ${kib(total)} KiB\n${files.map((f) => `  ${kib(f.bytes).padStart(7)} KiB ${f.url}`).join('\n')}`;

describe('page weight', { skip, timeout: 120000 }, () => {
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

  test(`the home page transfers at most ${BUDGET_KIB.home} KiB`, async () => {
    const home = await visit(browser, stack, '/', (page) =>
      page.getByRole('button', { name: /new meeting/i }).first().waitFor());
    console.log(report('home page', home));
    assert.ok(home.total <= BUDGET_KIB.home * 1024, report('home page over its budget', home));
  });

  test(`a room's pre-join page transfers at most ${BUDGET_KIB.room} KiB`, async () => {
    const room = await visit(browser, stack, '/rooms/weigh-in', (page) =>
      page.getByRole('button', { name: 'Join meeting' }).waitFor());
    console.log(report('room page', room));
    assert.ok(room.total <= BUDGET_KIB.room * 1024, report('room page over its budget', room));
  });
});
