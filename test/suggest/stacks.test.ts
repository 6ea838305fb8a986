import { describe, expect, it } from 'vitest';
import { findCheckKind } from '../../src/checks/registry.js';
import { lintPlan } from '../../src/plan/lint.js';
import { parsePlanDocument } from '../../src/plan/document.js';
import { checkField, type PlanCheck } from '../../src/plan/schema.js';
import { interpolate } from '../../src/plan/variables.js';
import { createSecretSet } from '../../src/redaction/secret-set.js';
import { runCheck } from '../../src/runner/run-check.js';
import { mergeIntoPlan, suggestProject, type Suggestion } from '../../src/suggest/index.js';
import { renderJson, renderText } from '../../src/suggest/render.js';
import { makeProject, stacks, writeProject, type Stack } from './_stacks.js';

/** Kinds whose checks run on the project's own files, without a server or a tool the fixture lacks. */
const offlineKinds = new Set(['env', 'files', 'secrets', 'miniprogram', 'backup']);

/** Lessons whose checks must fail on the fixture as committed (its planted misses). */
const failBefore: Record<Stack['seed'], readonly string[]> = {
  '000': ['db-host-production', 'oss-bucket-production', 'map-key-set', 'pay-callback-production', 'log-level-not-debug', 'no-secrets-in-repo', 'miniprogram-base-url'],
  '001': ['tests-pass', 'ci-runs-tests', 'jwt-secret-strong', 'jwt-secrets-differ', 'cors-not-wildcard', 'debug-switches-off', 'node-env-production', 'db-host-production', 'backup-fresh', 'proxy-cors-wildcard', 'hsts-header', 'miniprogram-leftovers'],
  '002': ['cloudbase-db-permissions', 'miniprogram-leftovers'],
  '003': ['jwt-secret-strong', 'no-secrets-in-repo', 'miniprogram-base-url'],
  '004': ['dockerfile-base-pinned', 'datastore-port-published', 'jwt-secret-strong', 'log-level-not-debug', 'hsts-header', 'miniprogram-base-url'],
};

function offlineChecks(suggestions: readonly Suggestion[]): { suggestion: Suggestion; check: PlanCheck }[] {
  return suggestions.flatMap((suggestion) => {
    const check = suggestion.item?.check as PlanCheck | undefined;
    // The project's own test script runs here too (npm test); other commands need tools the fixture lacks.
    const ownTests = check?.kind === 'command' && JSON.stringify(check.run) === '["npm","test"]';
    if (!check || (!offlineKinds.has(check.kind) && !ownTests) || (check.kind === 'env' && check.file === undefined)) return [];
    // A check that needs a value only the team knows (${BACKUP_DIR}) cannot run on the fixture.
    if (/\$\{(?!API_DOMAIN\})/.test(JSON.stringify(check))) return [];
    return [{ suggestion, check }];
  });
}

async function runAll(root: string, stack: Stack, checks: ReturnType<typeof offlineChecks>): Promise<Map<string, string>> {
  const statuses = new Map<string, string>();
  for (const { suggestion, check } of checks) {
    const spec = checkField.parse(interpolate(check, (name) => (name === 'API_DOMAIN' ? stack.apiDomain : undefined)));
    const kind = findCheckKind(spec.kind);
    if (!kind) throw new Error(`unknown kind ${spec.kind}`);
    const outcome = await runCheck(kind, spec, { planDir: root, variables: { API_DOMAIN: stack.apiDomain }, secrets: createSecretSet() });
    statuses.set(suggestion.id, `${outcome.status}${outcome.status === 'pass' ? '' : ` ${JSON.stringify(outcome.evidence).slice(0, 300)}`}`);
  }
  return statuses;
}

describe.each(stacks.map((stack) => [stack.seed, stack] as const))('seed %s stack', (seed, stack) => {
  it('proposes every lesson that applies and none that does not', async () => {
    const root = await makeProject(stack);

    const { suggestions } = await suggestProject(root);

    const lessons = new Set(suggestions.map((suggestion) => suggestion.lessonId));
    expect([...lessons].filter((id) => stack.absent.includes(id))).toEqual([]);
    expect(stack.expected.filter((id) => !lessons.has(id))).toEqual([]);
  });

  it('proposes items that lint clean once merged into a plan', async () => {
    const root = await makeProject(stack);
    const { suggestions } = await suggestProject(root);

    const text = mergeIntoPlan('name: fixture\nitems: []\n', suggestions, 'suggested');
    const lint = lintPlan(parsePlanDocument(text, 'golive.yaml'), { knownVariables: new Set() });

    expect(lint.problems.filter((problem) => problem.severity === 'error').map((problem) => `${problem.position.line}: ${problem.message.en}`)).toEqual([]);
  });

  it('offline checks fail on the planted misses and all pass once they are fixed', async () => {
    const root = await makeProject(stack);
    const { suggestions } = await suggestProject(root);
    const checks = offlineChecks(suggestions);

    const before = await runAll(root, stack, checks);
    await writeProject(root, stack.fixes(root));
    const after = await runAll(root, stack, checks);

    const failing = [...before].filter(([, status]) => !status.startsWith('pass')).map(([id]) => suggestions.find((suggestion) => suggestion.id === id)?.lessonId);
    expect(failBefore[seed].filter((lesson) => !failing.includes(lesson)), JSON.stringify(Object.fromEntries(before), null, 1)).toEqual([]);
    expect([...after].filter(([, status]) => !status.startsWith('pass'))).toEqual([]);
  });

  it('never shows a value of an env file', async () => {
    const root = await makeProject(stack);
    const result = await suggestProject(root);

    const outputs = [renderText(result, undefined, undefined, 'en'), renderText(result, undefined, undefined, 'zh-CN'), renderJson(result, undefined, undefined)];

    for (const value of stack.values) for (const output of outputs) expect(output).not.toContain(value);
  });
});
