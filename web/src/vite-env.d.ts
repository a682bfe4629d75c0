/// <reference types="vite/client" />

// The locale files, by language and part (tools/locale-chunks.ts).
declare module 'virtual:lkm-locales' {
  type Messages = import('./i18n/messages').Messages;
  export const LANGUAGES: readonly string[];
  export const loaders: Readonly<
    Record<string, Readonly<Record<import('./i18n/areas').Part, () => Promise<{ default: Messages }>>>>
  >;
}
