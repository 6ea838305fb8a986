import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The folder rules of docs/architecture.md live in eslint.config.js; this proves they bite.
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('folder import rules', () => {
  it('refuses an import that climbs a floor', async () => {
    expect(await problems('src/core/new-thing.ts', "export { bi } from '../plan/schema.js';\n")).toHaveLength(1);
    expect(await problems('src/store/new-thing.ts', "export { computeScore } from '../readiness/score.js';\n")).toHaveLength(1);
    expect(await problems('src/store/other.ts', "export type { RunView } from '../report/run-view.js';\n")).toHaveLength(1);
    expect(await problems('src/checks/http/new-thing.ts', "export { readOnlyQueryField } from '../mysql/index.js';\n")).toHaveLength(1);
    expect(await problems('src/runner/new-thing.ts', "export { whoAmI } from '../cli/commands/run.js';\n")).toHaveLength(1);
    expect(await problems('src/service/new-thing.ts', "export { renderRun } from '../cli/commands/run.js';\n")).toHaveLength(1);
  });

  it('allows the floors below and the shared kind helpers', async () => {
    expect(await problems('src/checks/http/new-thing.ts', "export { readPemFile } from '../_shared/pem.js';\nexport { bi } from '../../core/text.js';\n")).toEqual([]);
    expect(await problems('src/service/new-thing.ts', "export { assessRun } from '../readiness/assess.js';\nexport { openStore } from '../store/open.js';\n")).toEqual([]);
    expect(await problems('src/store/new-thing.ts', "export { canonicalJson } from '../core/digest.js';\n")).toEqual([]);
  });
});
