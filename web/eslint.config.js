// ESLint for the web app: the recommended JavaScript and TypeScript rules, and React's hooks rules
// (the rules of hooks, exhaustive effect dependencies, and the React Compiler's checks).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  reactHooks.configs.flat.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['tools/**/*.{ts,mjs}', 'vite.config.ts', 'eslint.config.js', 'vitest.config.ts'],
    languageOptions: { globals: globals.node },
  },
);
