import { describe, expect, it } from 'vitest';
import type { Part } from './areas';
import type { MessageKey, Messages } from './messages';
import { LanguageStore } from './store';

const key = (name: string) => name as MessageKey;

/** Messages of a language and part ("fr" pages: { 'home.x': 'fr home' }), loaded when released. */
function loader() {
  const calls: string[] = [];
  const pending: Array<() => void> = [];
  const load = (language: string, parts: readonly Part[]) => {
    calls.push(`${language}:${parts.join('+')}`);
    return new Promise<Messages>((resolve) => {
      pending.push(() =>
        resolve(
          Object.fromEntries(
            parts.map((part) => [part === 'pages' ? 'home.x' : 'meeting.x', `${language} ${part}`]),
          ),
        ),
      );
    });
  };
  /** Resolves the oldest load still waiting, and lets the store go on. */
  const release = async () => {
    pending.shift()?.();
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
  };
  return { load, calls, release, pending };
}

const start = (load: ReturnType<typeof loader>['load']) =>
  new LanguageStore('en', ['pages'], { 'home.x': 'en pages' }, load);

describe('LanguageStore', () => {
  it('translates with what it was given, and loads a part only when asked', async () => {
    const { load, calls, release } = loader();
    const store = start(load);
    const t = () => store.current().t;
    expect(t()(key('home.x'))).toBe('en pages');
    expect(t()(key('meeting.x'))).toBe('meeting.x');
    expect(calls).toEqual([]);

    const seen: string[] = [];
    store.subscribe(() => seen.push(store.current().language));
    const required = store.require('meeting');
    await release();
    await required;
    expect(t()(key('meeting.x'))).toBe('en meeting');
    expect(t()(key('home.x'))).toBe('en pages');
    expect(seen).toEqual(['en']);
    // Asked again: nothing to load.
    await store.require('meeting');
    expect(calls).toEqual(['en:meeting']);
  });

  it('switches language with every part wanted so far, at once', async () => {
    const { load, calls, release } = loader();
    const store = start(load);
    const required = store.require('meeting');
    await release();
    await required;
    const before = store.current();
    const switched = store.setLanguage('fr');
    // Until the messages are there, the page keeps its language.
    expect(store.current()).toBe(before);
    await release();
    await switched;
    expect(calls).toEqual(['en:meeting', 'fr:pages+meeting']);
    expect(store.current().language).toBe('fr');
    expect(store.current().t(key('meeting.x'))).toBe('fr meeting');
    expect(store.current().t(key('home.x'))).toBe('fr pages');
  });

  it('lets the last of two quick switches win', async () => {
    const { load, release } = loader();
    const store = start(load);
    const first = store.setLanguage('de');
    const second = store.setLanguage('nl');
    await release(); // de arrives after nl was asked for: ignored
    await release();
    await Promise.all([first, second]);
    expect(store.current().language).toBe('nl');
    expect(store.current().t(key('home.x'))).toBe('nl pages');
  });

  it('switches only with a part asked for while it loaded, in the new language', async () => {
    const { load, calls, release } = loader();
    const store = start(load);
    const switched = store.setLanguage('es');
    const required = store.require('meeting');
    await release(); // es pages: the meeting part is wanted too, so no switch yet
    expect(store.current().language).toBe('en');
    await release(); // en meeting: published while English is spoken
    expect(store.current().t(key('meeting.x'))).toBe('en meeting');
    await release(); // es meeting: the switch, with both parts
    await Promise.all([switched, required]);
    expect(calls).toEqual(['es:pages', 'en:meeting', 'es:meeting']);
    expect(store.current().language).toBe('es');
    expect(store.current().t(key('meeting.x'))).toBe('es meeting');
    expect(store.current().t(key('home.x'))).toBe('es pages');
  });

  it('never speaks a language without a wanted part, whatever arrives first', async () => {
    const { load, release, pending } = loader();
    const store = start(load);
    const switched = store.setLanguage('fr');
    const required = store.require('meeting');
    // The English meeting part arrives before the French pages part.
    pending[1]();
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
    expect(store.current().language).toBe('en');
    expect(store.current().t(key('meeting.x'))).toBe('en meeting');
    pending.splice(1, 1);
    await release(); // fr pages: the French meeting part is still missing
    expect(store.current().language).toBe('en');
    await release(); // fr meeting
    await Promise.all([switched, required]);
    expect(store.current().language).toBe('fr');
    expect(store.current().t(key('meeting.x'))).toBe('fr meeting');
  });
});
