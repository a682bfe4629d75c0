// The active language and the parts of its messages (areas.ts) loaded so far. The React tree reads
// it (I18nProvider, with useSyncExternalStore); the code that loads pages asks it for the part
// they need (App.tsx: the meeting part with the meeting pages' chunk). A change of language loads
// every part wanted so far, then switches at once.
import type { Part } from './areas';
import { createTranslator, type Messages, type Translate } from './messages';

export interface ActiveLanguage {
  /** The BCP 47 tag, for Intl. */
  language: string;
  t: Translate;
}

export type LoadMessages = (language: string, parts: readonly Part[]) => Promise<Messages>;

export class LanguageStore {
  private active: ActiveLanguage;
  private messages: Messages;
  private readonly loaded = new Set<Part>();
  private readonly wanted = new Set<Part>();
  private readonly listeners = new Set<() => void>();
  /** Loads of one part under way, by "language/part": asked twice, loaded once. */
  private readonly loading = new Map<string, Promise<Messages>>();
  private switches = 0;

  constructor(
    language: string,
    parts: readonly Part[],
    messages: Messages,
    private readonly load: LoadMessages,
  ) {
    this.messages = messages;
    this.active = { language, t: createTranslator(language, messages) };
    for (const part of parts) {
      this.loaded.add(part);
      this.wanted.add(part);
    }
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The same object until the language or its messages change. */
  readonly current = (): ActiveLanguage => this.active;

  /** Resolves once the active language's messages include `part` (and keeps it on a switch). */
  async require(part: Part): Promise<void> {
    this.wanted.add(part);
    while (!this.loaded.has(part)) {
      const language = this.active.language;
      const messages = await this.loadPart(language, part);
      // The language changed meanwhile: that switch loaded the part, or this loop loads it again.
      if (language !== this.active.language || this.loaded.has(part)) continue;
      this.loaded.add(part);
      this.publish(language, { ...this.messages, ...messages });
    }
  }

  /**
   * Loads every wanted part of `language` (those wanted while it loads too), then speaks it; a
   * later switch wins over this one.
   */
  async setLanguage(language: string): Promise<void> {
    const request = ++this.switches;
    let messages: Messages = {};
    const parts = new Set<Part>();
    for (;;) {
      const missing = [...this.wanted].filter((part) => !parts.has(part));
      if (missing.length === 0) break;
      const loaded = await this.load(language, missing);
      if (request !== this.switches) return;
      messages = { ...messages, ...loaded };
      for (const part of missing) parts.add(part);
    }
    this.loaded.clear();
    for (const part of parts) this.loaded.add(part);
    this.publish(language, messages);
  }

  private loadPart(language: string, part: Part): Promise<Messages> {
    const id = `${language}/${part}`;
    let messages = this.loading.get(id);
    if (!messages) {
      messages = this.load(language, [part]).finally(() => this.loading.delete(id));
      this.loading.set(id, messages);
    }
    return messages;
  }

  private publish(language: string, messages: Messages): void {
    this.messages = messages;
    this.active = { language, t: createTranslator(language, messages) };
    for (const listener of this.listeners) listener();
  }
}
