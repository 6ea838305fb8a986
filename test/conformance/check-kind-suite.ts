import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaseCheck } from '../../src/checks/base.js';
import type { CheckKind } from '../../src/checks/check-kind.js';
import { parseCondition } from '../../src/expect/index.js';
import type { Bilingual } from '../../src/core/text.js';
import { createSecretSet, type SecretSet } from '../../src/redaction/secret-set.js';
import { runCheck, type CheckOutcome, type RunCheckOptions } from '../../src/runner/run-check.js';

/** Real targets a kind's test starts (servers on 127.0.0.1, files in a temp dir …) for the shared suite. */
export interface ConformanceTargets<Spec> {
  /** A real target where the expect passes. */
  passing: Spec;
  /** A real target where an explicit expect fails (result `fail` with an explained condition). */
  failing: Spec;
  /** A target that never answers (for timeout and abort); omit only when the kind cannot hang. */
  hanging?: Spec;
  /**
   * A spec whose target shows a secret `value` the plan does not declare (an env line, a credential-named column,
   * a JSON field, a metric label): the check must discover it, and the run's set must then mask it everywhere.
   */
  secret?: { spec: Spec; value: string };
  teardown(): Promise<void>;
}

const statuses = ['pass', 'fail', 'warn', 'error'];

function expectBilingual(text: Bilingual | undefined): void {
  expect(text?.en.trim()).toBeTruthy();
  expect(text?.zh.trim()).toBeTruthy();
}

/** Result shape every kind must produce: a known status, a target label, plain JSON, timed attempts. */
function expectWellFormed(outcome: CheckOutcome, kind: CheckKind<never>, spec: unknown): void {
  expect(statuses).toContain(outcome.status);
  expect(outcome.evidence.target).toBe(kind.describe(spec as never));
  expect(outcome.evidence.target?.length).toBeGreaterThan(0);
  expect(JSON.parse(JSON.stringify(outcome))).toEqual(outcome);
  expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
  expect(outcome.attempts.length).toBeGreaterThanOrEqual(1);
  for (const attempt of outcome.attempts) {
    expect(statuses).toContain(attempt.status);
    expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
  }
  expect(outcome.attempts.at(-1)?.status).toBe(outcome.status);
}

/** True when a fact the probe exposed is declared in `kind.facts` (`tls` is covered by `tls.days_left`). */
function isDeclared(fact: string, declared: readonly string[]): boolean {
  return declared.some((name) => name === fact || name.startsWith(`${fact}.`) || name.startsWith(`${fact}[`));
}

/**
 * The contract every check kind honours, run against real targets: result shape, pass and fail,
 * retries, timeout, abort, redaction and metadata. Each kind's test calls it once.
 */
export function describeCheckKindConformance<Spec extends BaseCheck>(
  kind: CheckKind<Spec>,
  setup: () => Promise<ConformanceTargets<Spec>>,
): void {
  describe(`check kind conformance: ${kind.name}`, () => {
    let targets: ConformanceTargets<Spec>;
    let planDir: string;

    beforeAll(async () => {
      planDir = await mkdtemp(join(tmpdir(), `golive-conformance-${kind.name}-`));
      targets = await setup();
    });

    afterAll(async () => {
      await targets?.teardown();
      await rm(planDir, { recursive: true, force: true });
    });

    /** What a plan running `spec` would declare as secret: the values of the kind's secret fields. */
    function declared(spec: Spec): string[] {
      return kind.secretFields.map((field) => (spec as Record<string, unknown>)[field]).filter((value): value is string => typeof value === 'string');
    }

    function run(spec: Spec, options: Partial<RunCheckOptions> = {}): Promise<CheckOutcome> {
      return runCheck(kind, spec, { planDir, variables: {}, secrets: createSecretSet(), ...options });
    }

    it('declares sane metadata', () => {
      expect(kind.name).toMatch(/^[a-z][a-z0-9-]*$/);
      expectBilingual(kind.summary);
      expect(Object.keys(kind.facts).length).toBeGreaterThan(0);
      for (const text of Object.values(kind.facts)) expectBilingual(text);
      expect(kind.defaultTimeoutMs).toBeGreaterThan(0);
      for (const condition of kind.defaultExpect) expect(parseCondition(condition).ok, condition).toBe(true);
      for (const spec of [targets.passing, targets.failing, targets.hanging, targets.secret?.spec]) {
        if (spec === undefined) continue;
        const parsed = kind.schema.safeParse(spec);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      }
    });

    it('passes on the passing target, with a well-formed result', async () => {
      const outcome = await run(targets.passing);

      expectWellFormed(outcome, kind as CheckKind<never>, targets.passing);
      expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
      expect(outcome.attempts).toHaveLength(1);
    });

    it('exposes only declared facts and JSON evidence', async () => {
      const controller = new AbortController();
      const context = { signal: controller.signal, planDir, variables: {}, logger: { debug() {}, info() {}, warn() {} } };

      const observation = await kind.probe(targets.passing, context);

      const declared = Object.keys(kind.facts);
      for (const fact of Object.keys(observation.facts)) expect(isDeclared(fact, declared), `undeclared fact ${fact}`).toBe(true);
      expect(JSON.parse(JSON.stringify(observation.evidence))).toEqual(observation.evidence);
    });

    it('fails on the failing target, explaining the condition in both languages', async () => {
      const outcome = await run(targets.failing);

      expectWellFormed(outcome, kind as CheckKind<never>, targets.failing);
      expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('fail');
      const failed = outcome.evidence.conditions?.filter((record) => !record.passed) ?? [];
      expect(failed.length).toBeGreaterThan(0);
      for (const record of failed) expectBilingual(record.message);
      expectBilingual(outcome.attempts[0]?.reason);
    });

    it('records every attempt when retrying a failing target', async () => {
      const outcome = await run({ ...targets.failing, retries: 2, retryDelay: 10 });

      expect(outcome.status).toBe('fail');
      expect(outcome.attempts.map((attempt) => attempt.status)).toEqual(['fail', 'fail', 'fail']);
    });

    it('ends a hanging target with an error naming the timeout', async (context) => {
      const { hanging } = targets;
      if (!hanging) return context.skip('this kind declares no hanging target');
      const started = performance.now();

      const outcome = await run({ ...hanging, timeout: 300 });

      expect(performance.now() - started).toBeLessThan(2_000);
      expectWellFormed(outcome, kind as CheckKind<never>, { ...hanging, timeout: 300 });
      expect(outcome.status).toBe('error');
      expect(outcome.evidence.reason?.en).toMatch(/timed out/i);
      expect(outcome.evidence.reason?.zh).toMatch(/超时/);
    });

    it('stops a hanging target quickly when the run is aborted', async (context) => {
      const { hanging } = targets;
      if (!hanging) return context.skip('this kind declares no hanging target');
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100).unref();
      const started = performance.now();

      const outcome = await run({ ...hanging, timeout: 30_000, retries: 3, retryDelay: 10 }, { signal: controller.signal });

      expect(performance.now() - started).toBeLessThan(1_500);
      expect(outcome.status).toBe('error');
      expect(outcome.attempts).toHaveLength(1);
    });

    it('never shows the secret in plain text', async (context) => {
      const { secret } = targets;
      if (!secret) return context.skip('this kind declares no secret target');
      const { spec, value } = secret;

      const raw = await kind.probe(spec, { signal: AbortSignal.timeout(10_000), planDir, variables: {}, logger: { debug() {}, info() {}, warn() {} } });
      const secrets: SecretSet = createSecretSet({ values: declared(spec) });
      const redacted = await run(spec, { secrets });

      // The probe itself sees the value and the plan does not declare it: the check has to discover it.
      expect(JSON.stringify([raw.facts, raw.evidence, raw.secrets ?? []])).toContain(value);
      expect(declared(spec).join('\n')).not.toContain(value);
      expect(JSON.stringify(redacted)).not.toContain(value);
      expect(kind.describe(spec)).not.toContain(value);
      // Once seen, the value is a secret of the whole run: another check that prints it bare is masked too.
      expect(secrets.redact({ elsewhere: `another check printed ${value} here` }).elsewhere).not.toContain(value);
    });
  });
}
