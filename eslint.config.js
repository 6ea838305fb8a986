// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // examples/ holds the teams' code (mini-programs and backends with deliberate leftovers), not ours;
  // examples/stand-in/ is ours: the stand-ins and the demo that run them.
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/', 'bin/', 'examples/*', '!examples/stand-in'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'examples/stand-in/**/*.ts'],
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
