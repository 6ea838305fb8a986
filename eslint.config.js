// @ts-check
import { readdirSync } from 'node:fs';
import { URL } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The floors of docs/architecture.md: who may import whom. Tests may reach anywhere. */
const kindFolders = readdirSync(new URL('./src/checks/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_'))
  .map((entry) => entry.name);
const up = (folders) => folders.flatMap((folder) => [`**/${folder}/**`, `**/${folder}.js`]);
const forbid = (files, group, message) => ({
  files,
  ignores: ['**/*.test.ts'],
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group, message }] }] },
});
const floors = [
  forbid(['src/core/**/*.ts'], ['../*', '../**'], 'core/ is the ground floor: it imports nothing else of golive.'),
  forbid(['src/store/**/*.ts', 'src/audit/**/*.ts'], up(['readiness', 'report', 'runner', 'checks', 'redaction', 'service', 'cli']), 'store/ holds data: the summary policy is handed in by service/; no readiness/, report/ or anything above.'),
  forbid(['src/checks/*/**/*.ts'], [...kindFolders.flatMap((kind) => [`../${kind}/**`]), ...up(['store', 'readiness', 'report', 'runner', 'service', 'cli'])], 'A kind imports its own folder, checks/_shared/ and the floors below; never a sibling kind or anything above.'),
  forbid(['src/checks/*.ts'], up(['store', 'readiness', 'report', 'runner', 'service', 'cli']), 'checks/ is below the runner, the store and the services.'),
  forbid(['src/{plan,expect,scan,redaction,runner,readiness,report,import,export,init}/**/*.ts'], up(['service', 'cli']), 'Library folders never climb to service/ or cli/.'),
  forbid(['src/service/**/*.ts'], up(['cli']), 'service/ returns data: it never imports cli/ (a server and workers call it too).'),
];

export default tseslint.config(
  // examples/ holds the teams' code (mini-programs and backends with deliberate leftovers), not ours;
  // examples/stand-in/ is ours: the stand-ins and the demo that run them.
  // test/fixtures/ holds other teams' code for the scan to read (the scan corpus), not code that runs.
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/', 'bin/', 'examples/*', '!examples/stand-in', 'test/fixtures/'] },
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
  ...floors,
);
