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
/**
 * The same globs as a regular expression for `import()` (no-restricted-imports sees only static imports, and commands
 * load their implementation lazily). esquery's regex literal cannot hold '/', hence \x2F.
 */
const dynamicSource = (group) =>
  group
    .map((glob) => {
      const body = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
      const start = body.startsWith('**/') ? `(^|/)${body.slice(3)}` : `^${body}`;
      return start.replace(/\/\*\*$/, '/').replace(/\/\*$/, '/[^/]+$');
    })
    .join('|')
    .replaceAll('/', '\\x2F');
const forbid = (files, group, message, ignores = []) => ({
  files,
  ignores: ['**/*.test.ts', ...ignores],
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group, message }] }],
    'no-restricted-syntax': ['error', { selector: `ImportExpression[source.value=/${dynamicSource(group)}/]`, message }],
  },
});
const floors = [
  forbid(['src/core/**/*.ts'], ['../*', '../**'], 'core/ is the ground floor: it imports nothing else of golive.'),
  forbid(['src/store/**/*.ts', 'src/audit/**/*.ts'], up(['readiness', 'report', 'runner', 'checks', 'redaction', 'service', 'cli']), 'store/ holds data: the summary policy is handed in by service/; no readiness/, report/ or anything above.'),
  forbid(['src/checks/*/**/*.ts'], [...kindFolders.flatMap((kind) => [`../${kind}/**`]), ...up(['store', 'readiness', 'report', 'runner', 'service', 'cli'])], 'A kind imports its own folder, checks/_shared/ and the floors below; never a sibling kind or anything above.'),
  forbid(['src/checks/*.ts'], up(['store', 'readiness', 'report', 'runner', 'service', 'cli']), 'checks/ is below the runner, the store and the services.'),
  forbid(
    ['src/{plan,expect,scan,redaction,runner,readiness,report,import,export,init,suggest,orchestrate,notify,guard,miniprogram-ci}/**/*.ts'],
    up(['service', 'cli', 'server']),
    'Library folders never climb to service/, cli/ or server/.',
  ),
  forbid(['src/service/**/*.ts'], up(['cli', 'server']), 'service/ returns data: it never imports cli/ or server/ (a server and workers call it too).'),
  forbid(['src/server/**/*.ts'], up(['cli']), 'server/ is an adapter beside cli/: both call service/, neither imports the other.'),
  forbid(['src/cli/commands/*.ts'], ['./*'], 'A command is an adapter: it shares helpers through src/cli/*.ts (plan-store, render, run-execution, prompt) and src/service/, never through another command.', ['src/cli/commands/index.ts']),
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
