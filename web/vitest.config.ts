// Vitest: the unit tests of web/src/lib and of the build tools (`npm test`), in Node. Each test
// file sits next to the module it tests (`x.test.ts` beside `x.ts`); none of them is part of the
// built app.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tools/**/*.test.mjs'],
    environment: 'node',
    // Node's own Web APIs (TextEncoder, URL, crypto, fetch) are what the modules use; a test that
    // needs a browser object stubs it itself, and restores it.
    pool: 'threads',
  },
});
