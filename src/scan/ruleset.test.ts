import fc from 'fast-check';
import ignore from 'ignore';
import { describe, expect, it } from 'vitest';
import { defaultCodeFiles, defaultProductionConfig, defaultShippedCode, defaultTestPaths } from './config.js';
import { pathTest } from './ruleset.js';

function viaIgnore(patterns: readonly string[]): (file: string) => boolean {
  const m = ignore({ allowRelativePaths: true }).add([...patterns]);
  return (file) => m.ignores(file);
}

describe('pathTest', () => {
  const segment = fc.oneof(
    fc.constantFrom('src', 'pages', 'a.js', 'b.TS', '.js', 'x.test.ts', 'README.md', 'js', 'main.go', 'app.wxml', '.env', 'c.tsx.bak', 'Makefile'),
    fc.constantFrom('config', 'Config', 'production.yaml', 'app.prod.json', '.env.production', 'e2e', 'test', '__tests__', 'x.spec.js', 'xyz', 'x.z'),
    fc.constantFrom('prod', 'products.ts', 'PROD', 'src.js', 'srcs', 'tests.ts', 'e2e.ts', 'a.env'),
    fc.stringMatching(/^[a-zA-Z0-9._-]{1,10}$/),
  );
  const file = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));

  it('answers extension lists exactly like ignore', () => {
    const lists = [defaultCodeFiles, ['*.JS', '*.py'], ['*.md']];

    for (const list of lists) {
      const fast = pathTest(list);
      const reference = viaIgnore(list);

      fc.assert(fc.property(file, (f) => fast(f) === reference(f)), { numRuns: 3000 });
    }
  });

  it('answers other patterns exactly like ignore, through its literal gate', () => {
    const lists = [
      defaultProductionConfig,
      defaultShippedCode,
      defaultTestPaths,
      ['*.[jt]s', 'CONFIG/prod*', '/pages/', '**/e2e/**', '# comment', ''],
      ['src/', '!src/a.js'],
      ['*', 'x?z'],
    ];

    for (const list of lists) {
      const fast = pathTest(list);
      const reference = viaIgnore(list);

      fc.assert(fc.property(file, (f) => fast(f) === reference(f)), { numRuns: 1500 });
    }
    expect([pathTest(defaultProductionConfig)('.env'), pathTest(defaultProductionConfig)('src/a.js'), pathTest([])('a.js')]).toEqual([true, false, false]);
    expect([pathTest(['*.[jt]s'])('lib/a.TS'), pathTest(['config/prod*'])('Config/Production/app.yaml')]).toEqual([true, true]);
  });
});
