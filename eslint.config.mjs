// ESLint (flat config): the recommended JavaScript and typescript-eslint rules, without type
// information so that `npm run lint` stays quick. Formatting is Prettier's business.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['dist/', 'out/', '.e2e/', '.vscode-test/', 'test-artifacts/', 'bench/workspaces/', 'bench/.cache/', '.cache/', 'test/fixtures/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The house marks a deliberately unused binding with a leading underscore.
      // `let [a, b] = …` where only b is reassigned stays one declaration.
      'prefer-const': ['error', { destructuring: 'all' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests and benchmarks walk arbitrary YAML-shaped data and protocol messages.
    files: ['test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Modules loaded synchronously by a path computed at run time.
    files: ['test/all.ts', 'bench/util.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The extension-host suite runs under mocha.
    files: ['test/e2e/exthost/suite/**'],
    languageOptions: { globals: { ...globals.mocha } },
  },
  {
    // Functions passed to page.evaluate/waitForFunction run in the browser.
    files: ['test/e2e/ui/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
