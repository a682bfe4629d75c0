// The app's one LanguageStore, made before the first render (main.tsx) and asked for the parts of
// the messages the pages it loads need (App.tsx).
import type { Part } from './areas';
import { chooseLanguage, loadMessages, rememberedLanguage } from './language';
import type { Messages } from './messages';
import { LanguageStore } from './store';

let store: LanguageStore | undefined;

const RETRY_MS = 1000;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A part's messages, asked for again once after a failure (a dropped request). */
async function loadWithRetry(language: string, parts: readonly Part[]): Promise<Messages> {
  try {
    return await loadMessages(language, parts);
  } catch {
    await wait(RETRY_MS);
    return loadMessages(language, parts);
  }
}

/** Chooses the language (language.ts) and loads its first part. */
export async function startLanguage(serverDefault: string): Promise<LanguageStore> {
  const language = chooseLanguage({
    chosen: rememberedLanguage(),
    browser: navigator.languages,
    serverDefault,
  });
  const parts: Part[] = ['pages'];
  store = new LanguageStore(language, parts, await loadWithRetry(language, parts), loadWithRetry);
  return store;
}

/**
 * Resolves once the active language's messages include `part`, or once that failed twice: the
 * page that needed them still opens (its words show as their keys) rather than not at all.
 */
export function requireMessages(part: Part): Promise<void> {
  return store ? store.require(part).catch(() => undefined) : Promise.resolve();
}
