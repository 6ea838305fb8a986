import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The folder rules of docs/architecture.md live in eslint.config.js; this proves they bite, for static imports and import().
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports' || message.ruleId === 'no-restricted-syntax').map((message) => message.message);
}

describe('folder import rules', () => {
  it('refuses an import that climbs a floor', async () => {
    expect(await problems('src/core/new-thing.ts', "export { bi } from '../plan/schema.js';\n")).toHaveLength(1);
    expect(await problems('src/store/new-thing.ts', "export { computeScore } from '../readiness/score.js';\n")).toHaveLength(1);
    expect(await problems('src/store/other.ts', "export type { RunView } from '../report/run-view.js';\n")).toHaveLength(1);
    expect(await problems('src/checks/http/new-thing.ts', "export { readOnlyQueryField } from '../mysql/index.js';\n")).toHaveLength(1);
    expect(await problems('src/runner/new-thing.ts', "export { openPlanStore } from '../cli/plan-store.js';\n")).toHaveLength(1);
    expect(await problems('src/service/new-thing.ts', "export { renderRun } from '../cli/render.js';\n")).toHaveLength(1);
    expect(await problems('src/service/other.ts', "export { runView } from '../server/launch.js';\n")).toHaveLength(1);
    expect(await problems('src/orchestrate/new-thing.ts', "export { openRunSecrets } from '../service/run-secrets.js';\n")).toHaveLength(1);
    expect(await problems('src/notify/new-thing.ts', "export { gateRun } from '../service/gate.js';\n")).toHaveLength(1);
    expect(await problems('src/notify/other.ts', "export const load = () => import('../service/gate.js');\n")).toHaveLength(1);
    expect(await problems('src/core/other.ts', "export const load = () => import('../plan/load.js');\n")).toHaveLength(1);
    expect(await problems('src/server/new-thing.ts', "export { renderRun } from '../cli/render.js';\n")).toHaveLength(1);
  });

  it('keeps commands apart: a command shares helpers through src/cli/ and src/service/, never another command', async () => {
    expect(await problems('src/cli/commands/new-command.ts', "export { runCommand } from './run.js';\n")).toHaveLength(1);
    expect(await problems('src/cli/commands/new-command.ts', "export const load = () => import('./check.js');\n")).toHaveLength(1);
    expect(await problems('src/cli/commands/new-command.ts', "export { openPlanStore } from '../plan-store.js';\nexport { whoAmI } from '../../service/actor.js';\n")).toEqual([]);
    expect(await problems('src/cli/commands/index.ts', "export { runCommand } from './run.js';\n")).toEqual([]);
  });

  it('allows the floors below and the shared kind helpers', async () => {
    expect(await problems('src/checks/http/new-thing.ts', "export { readPemFile } from '../_shared/pem.js';\nexport { bi } from '../../core/text.js';\n")).toEqual([]);
    expect(await problems('src/service/new-thing.ts', "export { assessRun } from '../readiness/assess.js';\nexport { openStore } from '../store/open.js';\n")).toEqual([]);
    expect(await problems('src/store/new-thing.ts', "export { canonicalJson } from '../core/digest.js';\n")).toEqual([]);
    expect(await problems('src/core/new-thing.ts', "export const load = () => import('node:crypto');\nexport const own = () => import('./text.js');\n")).toEqual([]);
    expect(await problems('src/cli/commands/new-command.ts', "export const load = () => import('../../service/runs.js');\n")).toEqual([]);
  });
});
