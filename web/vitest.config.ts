// Vitest: the unit tests of web/src/lib and of the build tools (`npm test`), in Node. Each test
// file sits next to the module it tests (`x.test.ts` beside `x.ts`); none of them is part of the
// built app.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { localeChunks } from './tools/locale-chunks.ts';

export default defineConfig({
  plugins: [localeChunks(fileURLToPath(new URL('./src/i18n/locales', import.meta.url)))],
  test: {
    include: ['src/**/*.test.ts', 'tools/**/*.test.mjs'],
    environment: 'node',
    // Node's own Web APIs (TextEncoder, URL, crypto, fetch) are what the modules use; a test that
    // needs a browser object stubs it itself, and restores it.
    pool: 'threads',
  },
});
