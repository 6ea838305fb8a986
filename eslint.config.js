// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // examples/ holds a demo mini-program with deliberate leftovers for the tour; it is the users' code, not ours.
  // test/fixtures/ holds other teams' code for the scan to read (the scan corpus), not code that runs.
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/', 'bin/', 'examples/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    rules: {
      // Library code logs through an injected logger; only src/cli writes to the terminal.
      'no-console': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
