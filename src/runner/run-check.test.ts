import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { bi } from '../core/text.js';
import { checkSchema } from '../checks/base.js';
import { defineCheckKind, ProbeError, type Observation } from '../checks/check-kind.js';
import { createSecretSet } from '../redaction/secret-set.js';
import { runCheck } from './run-check.js';

/** A kind made for these tests: its probe returns whatever the test queues, so the wrapper is what is under test. */
function scriptedKind(script: (() => Promise<Observation>)[]) {
  let call = 0;
  return defineCheckKind({
    name: 'scripted',
    summary: bi('test kind', '测试类型'),
    schema: checkSchema('scripted', { target: z.string() }),
    facts: { value: bi('a value', '值') },
    defaultExpect: ['value == 1'],
    defaultTimeoutMs: 1000,
    secretFields: ['target'],
    describe: (spec) => `scripted ${spec.target}`,
    probe: () => {
      const next = script[Math.min(call, script.length - 1)];
      call += 1;
      return next ? next() : Promise.reject(new Error('no script'));
    },
  });
}

const options = { planDir: '/tmp', variables: {}, secrets: createSecretSet() };

describe('runCheck', () => {
  it('passes, fails and warns from conditions, using the kind default when the check lists none', async () => {
    const kind = scriptedKind([async () => ({ facts: { value: 1 }, evidence: {} })]);

    const byDefault = await runCheck(kind, { kind: 'scripted', target: 't' }, options);
    const failing = await runCheck(kind, { kind: 'scripted', target: 't', expect: ['value == 2'] }, options);
    const warning = await runCheck(kind, { kind: 'scripted', target: 't', warn: ['value > 5'] }, options);

    expect([byDefault.status, failing.status, warning.status]).toEqual(['pass', 'fail', 'warn']);
    expect(failing.evidence.conditions?.[0]?.message.en).toBe('value: expected 2, got 1');
  });

  it('fails with the reason alone when the target is plainly down', async () => {
    const kind = scriptedKind([async () => ({ facts: {}, evidence: {}, failure: bi('connection refused', '连接被拒绝') })]);

    const outcome = await runCheck(kind, { kind: 'scripted', target: 't', expect: ['value == 1'] }, options);

    expect(outcome.status).toBe('fail');
    expect(outcome.evidence.reason?.en).toBe('connection refused');
    expect(outcome.evidence.conditions).toEqual([]);
  });

  it('retries and records every attempt, stopping at the first pass', async () => {
    const kind = scriptedKind([
      async () => ({ facts: { value: 0 }, evidence: {} }),
      async () => {
        throw new ProbeError(bi('flaky', '不稳定'));
      },
      async () => ({ facts: { value: 1 }, evidence: {} }),
    ]);

    const outcome = await runCheck(kind, { kind: 'scripted', target: 't', retries: 5, retryDelay: 1 }, options);

    expect(outcome.status).toBe('pass');
    expect(outcome.attempts.map((attempt) => attempt.status)).toEqual(['fail', 'error', 'pass']);
  });

  it('ends a probe that ignores its signal at the deadline', async () => {
    const kind = scriptedKind([() => new Promise<Observation>(() => undefined)]);
    const started = Date.now();

    const outcome = await runCheck(kind, { kind: 'scripted', target: 't', timeout: '200ms' }, options);

    expect(outcome.status).toBe('error');
    expect(outcome.evidence.reason?.en).toBe('timed out after 200ms');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('turns an unexpected exception into an error result, never a crash', async () => {
    const kind = scriptedKind([async () => Promise.reject(new TypeError('boom'))]);

    const outcome = await runCheck(kind, { kind: 'scripted', target: 't' }, options);

    expect(outcome.status).toBe('error');
    expect(outcome.evidence.reason?.en).toBe('check could not run: boom');
  });

  it('redacts known secrets and recognised credentials from evidence, target and reasons', async () => {
    const secret = 'hunter2-is-not-a-good-password';
    const kind = scriptedKind([async () => ({ facts: { value: 1 }, evidence: { echoed: `password=${secret}`, dsn: 'mysql://app:Sup3rS3cretPw@db:3306/x' } })]);

    const outcome = await runCheck(kind, { kind: 'scripted', target: secret }, { ...options, secrets: createSecretSet({ values: [secret] }) });

    const text = JSON.stringify(outcome);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('Sup3rS3cretPw');
  });

  it('redacts secret values a probe reports, even inside a failing condition\'s explanation', async () => {
    const value = 'Zq8v2LmN4pR7tX1wY9kB3cD6fH0jG5sE';
    const kind = scriptedKind([async () => ({ facts: { value }, evidence: { length: value.length }, secrets: [value] })]);

    const outcome = await runCheck(kind, { kind: 'scripted', target: 't', expect: ['value == "x"'] }, options);

    expect(outcome.status).toBe('fail');
    expect(JSON.stringify(outcome)).not.toContain(value);
  });
});
