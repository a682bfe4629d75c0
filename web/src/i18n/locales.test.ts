// Every language says everything English says, with the same placeholders, and a plural message
// has every form its language's plural rules ask for. Adding a language is adding a file under
// locales/; this test then checks it like the others.
import { describe, expect, it } from 'vitest';
import { pluralType, type Message, type PluralMessage } from './messages';
import { LOCALE_FILES } from './testing';

const english = LOCALE_FILES.en;

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const forms = (message: Message): string[] =>
  typeof message === 'string' ? [message] : Object.values(message as PluralMessage);
// eslint-disable-next-line no-control-regex -- these are the characters a message may not hold
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('the locale files', () => {
  it('include English and at least French, German, Spanish and Dutch', () => {
    expect(Object.keys(LOCALE_FILES)).toEqual(expect.arrayContaining(['en', 'fr', 'de', 'es', 'nl']));
  });

  for (const [language, messages] of Object.entries(LOCALE_FILES)) {
    describe(language, () => {
      it('has every key of English and no other', () => {
        const missing = Object.keys(english).filter((key) => !Object.hasOwn(messages, key));
        const extra = Object.keys(messages).filter((key) => !Object.hasOwn(english, key));
        expect(missing, `keys missing in ${language}.json`).toEqual([]);
        expect(extra, `keys in ${language}.json that English does not have`).toEqual([]);
      });

      it('has no empty message and no control character', () => {
        for (const [key, message] of Object.entries(messages)) {
          for (const text of forms(message)) {
            expect(text.trim(), `${language}: ${key}`).not.toBe('');
            expect(CONTROL.test(text), `${language}: ${key}`).toBe(false);
          }
        }
      });

      it('gives each plural message the forms of its plural rules', () => {
        for (const [key, message] of Object.entries(messages)) {
          const model = english[key];
          if (model === undefined) continue;
          expect(typeof message, `${language}: ${key} is a ${typeof model} in English`).toBe(typeof model);
          if (typeof message === 'string') continue;
          const type = pluralType(message);
          const wanted = new Intl.PluralRules(language, { type }).resolvedOptions().pluralCategories;
          const given = Object.keys(message);
          expect(given.sort(), `${language}: ${key} (${type})`).toEqual([...wanted].sort());
        }
      });

      it('uses the placeholders English uses', () => {
        for (const [key, message] of Object.entries(messages)) {
          const model = english[key];
          if (model === undefined || typeof model !== typeof message) continue;
          const wanted = placeholders(typeof model === 'string' ? model : model.other);
          const other = typeof message === 'string' ? message : message.other;
          expect(placeholders(other), `${language}: ${key}`).toEqual(wanted);
          // Another plural form may leave the number out ("one meeting"), but may not add a name.
          for (const text of forms(message)) {
            for (const name of placeholders(text)) expect(wanted, `${language}: ${key}: {${name}}`).toContain(name);
          }
        }
      });
    });
  }
});
