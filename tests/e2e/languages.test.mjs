// The app in the person's language: a French browser gets French pages, the picker switches the
// language (without a reload, even in a meeting) and remembers it, the server's
// --default-language speaks to browsers whose languages have no translation, and only the active
// language's messages are downloaded. The expected words are read from the locale files.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, missingPrerequisite, openPage, repoRoot } from './lib/harness.mjs';
import { joinMeeting, launchMeetingBrowser, missingSfu, remoteVideoPlaying, startMeetingStack } from './lib/meeting.mjs';

const skip = missingPrerequisite() ?? missingSfu();

const locale = (tag) =>
  JSON.parse(fs.readFileSync(path.join(repoRoot, 'web', 'src', 'i18n', 'locales', `${tag}.json`), 'utf8'));
const [en, fr, de, es, nl] = ['en', 'fr', 'de', 'es', 'nl'].map(locale);

/** The locale chunks a page downloaded: ['fr'] for assets/locale-fr-<hash>.js. */
const localesFetched = (requests) =>
  [...new Set(requests.map((r) => /\/assets\/locale-([\w-]+?)-[\w-]+\.js$/.exec(r.url)?.[1]).filter(Boolean))];

const htmlLang = (page) => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);

describe('languages', { skip, timeout: 300000 }, () => {
  let stack;
  let browser;

  before(async () => {
    stack = await startMeetingStack();
    browser = await launchMeetingBrowser();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('a French browser gets the French home page and pre-join, and only the French messages', async () => {
    const { page, context, requests, pageErrors } = await openPage(browser, { locale: 'fr-FR' });
    try {
      await page.goto(stack.server.url('/'));
      await page.getByRole('heading', { level: 1, name: fr['home.title'] }).waitFor();
      assert.deepEqual(await htmlLang(page), ['fr', 'ltr']);
      await page.getByRole('button', { name: fr['home.startMeeting'] }).waitFor();
      await page.getByRole('textbox', { name: fr['home.joinInput'] }).waitFor();
      assert.equal(await page.getByTestId('language-picker').inputValue(), 'fr');
      assert.equal(await page.getByText(en['home.title']).count(), 0, 'no English heading');

      // Joining by name: the pre-join screen speaks French too.
      await page.getByRole('textbox', { name: fr['home.joinInput'] }).fill('revue-de-projet');
      await page.getByRole('button', { name: fr['home.join'], exact: true }).click();
      await page.getByRole('textbox', { name: fr['prejoin.yourName'] }).waitFor();
      await page.getByRole('button', { name: fr['prejoin.joinMeeting'] }).waitFor();
      // A name with an invisible character is refused in French as it is typed.
      await page.getByRole('textbox', { name: fr['prejoin.yourName'] }).fill('Ad\u200ba');
      await page.getByText(fr['prejoin.nameInvisible']).waitFor();
      assert.equal(await page.getByRole('button', { name: fr['prejoin.joinMeeting'] }).isDisabled(), true);

      assert.deepEqual(localesFetched(requests), ['fr']);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('the picker switches the language at once, remembers it, and works in a meeting', async () => {
    const alice = await openPage(browser, { locale: 'en-US', origin: stack.server.origin });
    const bob = await joinMeeting(browser, stack, { room: 'polyglots', name: 'Bob' });
    try {
      const { page, requests } = alice;
      await page.goto(stack.server.url('/'));
      await page.getByRole('heading', { level: 1, name: en['home.title'] }).waitFor();
      assert.deepEqual(localesFetched(requests), ['en']);

      // Switching needs no reload: a value set on the page survives.
      await page.evaluate(() => {
        window.lkmMarker = 'same page';
      });
      await page.getByTestId('language-picker').selectOption('de');
      await page.getByRole('heading', { level: 1, name: de['home.title'] }).waitFor();
      assert.deepEqual(await htmlLang(page), ['de', 'ltr']);
      assert.equal(await page.evaluate(() => window.lkmMarker), 'same page');
      assert.deepEqual(localesFetched(requests), ['en', 'de']);

      // Remembered: a new visit is in German, whatever the browser says.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: de['home.title'] }).waitFor();
      await page.goto(stack.server.url('/rooms/polyglots'));
      await page.getByRole('textbox', { name: de['prejoin.yourName'] }).fill('Alice');
      await page.getByRole('button', { name: de['prejoin.joinMeeting'] }).click();
      const toolbar = page.getByRole('toolbar', { name: de['meeting.controls'] });
      await toolbar.getByRole('button', { name: de['meeting.leave'], exact: true }).waitFor({ timeout: 30000 });
      await remoteVideoPlaying(bob.page, 'Alice');

      // In the meeting, from the settings: Spanish, and the meeting goes on.
      await toolbar.getByRole('button', { name: de['settings.title'], exact: true }).click();
      const settings = page.getByRole('dialog', { name: de['settings.title'] });
      await settings.getByTestId('language-picker').selectOption('es');
      await page.getByRole('dialog', { name: es['settings.title'] }).waitFor();
      const spanishBar = page.getByRole('toolbar', { name: es['meeting.controls'] });
      await spanishBar.getByRole('button', { name: es['meeting.leave'], exact: true }).waitFor();
      assert.deepEqual(await htmlLang(page), ['es', 'ltr']);
      assert.ok(
        stack.sfu.participants('polyglots').some((p) => p.name === 'Alice'),
        'Alice is still in the meeting',
      );
      await remoteVideoPlaying(bob.page, 'Alice');
      // Bob's page did not change language.
      await bob.toolbar.getByRole('button', { name: en['meeting.leave'], exact: true }).waitFor();
      assert.deepEqual(alice.pageErrors, []);
    } finally {
      await alice.context.close();
      await bob.context.close();
    }
  });
});

describe('the server default language', { skip, timeout: 120000 }, () => {
  let stack;
  let browser;

  before(async () => {
    stack = await startMeetingStack({ serverEnv: { MEET_DEFAULT_LANGUAGE: 'nl' } });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('speaks to browsers without a translation, and yields to one with', async () => {
    const japanese = await openPage(browser, { locale: 'ja-JP' });
    const spanish = await openPage(browser, { locale: 'es-MX' });
    try {
      await japanese.page.goto(stack.server.url('/'));
      await japanese.page.getByRole('heading', { level: 1, name: nl['home.title'] }).waitFor();
      assert.deepEqual(await htmlLang(japanese.page), ['nl', 'ltr']);
      assert.deepEqual(localesFetched(japanese.requests), ['nl']);

      // A regional Spanish browser gets Spanish, not the server's Dutch.
      await spanish.page.goto(stack.server.url('/'));
      await spanish.page.getByRole('heading', { level: 1, name: es['home.title'] }).waitFor();
      assert.deepEqual(localesFetched(spanish.requests), ['es']);
    } finally {
      await japanese.context.close();
      await spanish.context.close();
    }
  });
});
