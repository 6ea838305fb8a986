import { describe, expect, it } from 'vitest';
import type { ConditionOutcome, Facts } from './condition.js';
import { evaluateCondition } from './evaluate.js';
import { parseCondition } from './parser.js';

function evaluate(source: string, facts: Facts): ConditionOutcome {
  const result = parseCondition(source);
  if (!result.ok) throw new Error(`expected ${source} to parse: ${result.error.message.en}`);
  return evaluateCondition(result.condition, facts);
}

function passes(source: string, facts: Facts): boolean {
  return evaluate(source, facts).passed;
}

describe('evaluateCondition: explanations', () => {
  it('explains a wrong JSON body value (seed 004 healthz)', () => {
    const outcome = evaluate('body.status == "ok"', { body: { status: 'degraded' } });

    expect(outcome).toEqual({
      condition: 'body.status == "ok"',
      passed: false,
      path: 'body.status',
      expected: '"ok"',
      actual: '"degraded"',
      message: { en: 'body.status: expected "ok", got "degraded"', zh: 'body.status：期望 "ok"，实际 "degraded"' },
    });
  });

  it('shows the actual latency in the unit the condition used (seed 003 响应时间 ≤ 500ms)', () => {
    const outcome = evaluate('latency <= 500ms', { latency: 812 });

    expect(outcome).toEqual({
      condition: 'latency <= 500ms',
      passed: false,
      path: 'latency',
      expected: '<= 500ms',
      actual: '812ms',
      message: { en: 'latency: expected <= 500ms, got 812ms', zh: 'latency：期望 <= 500ms，实际 812ms' },
    });
  });

  it('explains a function result', () => {
    const outcome = evaluate('len(body.items) > 0', { body: { items: [] } });

    expect(outcome.message).toEqual({
      en: 'len(body.items): expected > 0, got 0',
      zh: 'len(body.items)：期望 > 0，实际 0',
    });
  });

  it('explains a missing header', () => {
    const outcome = evaluate('headers["strict-transport-security"] exists', { headers: {} });

    expect(outcome).toEqual({
      condition: 'headers["strict-transport-security"] exists',
      passed: false,
      path: 'headers["strict-transport-security"]',
      expected: 'exists',
      message: {
        en: 'headers["strict-transport-security"]: expected to exist, not present',
        zh: 'headers["strict-transport-security"]：期望存在，实际不存在',
      },
    });
  });

  it('explains a missing fact as not present', () => {
    const outcome = evaluate('body.status == "ok"', { body: 'upstream timed out' });

    expect(outcome).toEqual({
      condition: 'body.status == "ok"',
      passed: false,
      path: 'body.status',
      actual: 'not present',
      message: { en: 'body.status: not present', zh: 'body.status：不存在' },
    });
  });

  it('shows ratios as percentages (seed 003 错误率 > 1%)', () => {
    const outcome = evaluate('value > 1%', { value: 0.004 });

    expect(outcome.message.en).toBe('value: expected > 1%, got 0.4%');
  });

  it('shows sizes and durations in the written unit', () => {
    const size = evaluate('size <= 10MB', { size: 12_582_912 });
    const age = evaluate('newest_age < 26h', { newest_age: 97_200_000 });
    const short = evaluate('latency < 1.5s', { latency: 2250 });

    expect([size.actual, age.actual, short.actual]).toEqual(['12MB', '27h', '2.25s']);
  });

  it('describes a passing comparison too', () => {
    const outcome = evaluate('latency < 500ms', { latency: 120 });

    expect(outcome).toMatchObject({
      passed: true,
      message: { en: 'latency: got 120ms, as expected (< 500ms)', zh: 'latency：实际 120ms，符合期望（< 500ms）' },
    });
  });

  it('explains operator failures in both languages', () => {
    const contains = evaluate('stdout contains "syntax is ok"', { stdout: 'emerg: unknown directive' });
    const notIn = evaluate('level not in ["debug", "trace"]', { level: 'debug' });
    const matches = evaluate('tag matches /^v\\d+\\.\\d+\\.\\d+-\\d{8}$/', { tag: 'latest' });
    const absent = evaluate('env["DEBUG"] not exists', { env: { DEBUG: '1' } });

    expect([contains.message, notIn.message, matches.message, absent.message]).toEqual([
      {
        en: 'stdout: expected to contain "syntax is ok", got "emerg: unknown directive"',
        zh: 'stdout：期望包含 "syntax is ok"，实际 "emerg: unknown directive"',
      },
      {
        en: 'level: expected none of ["debug", "trace"], got "debug"',
        zh: 'level：期望不是 ["debug", "trace"] 中的任何一个，实际 "debug"',
      },
      {
        en: 'tag: expected to match /^v\\d+\\.\\d+\\.\\d+-\\d{8}$/, got "latest"',
        zh: 'tag：期望匹配 /^v\\d+\\.\\d+\\.\\d+-\\d{8}$/，实际 "latest"',
      },
      { en: 'env["DEBUG"]: expected not to exist, got "1"', zh: 'env["DEBUG"]：期望不存在，实际 "1"' },
    ]);
  });

  it('explains a type mismatch instead of throwing', () => {
    const outcome = evaluate('latency < 500ms', { latency: 'fast' });

    expect(outcome).toEqual({
      condition: 'latency < 500ms',
      passed: false,
      path: 'latency',
      expected: '< 500ms',
      actual: '"fast"',
      message: {
        en: 'latency: got "fast" (text); cannot compare it with 500ms (a number) using <',
        zh: 'latency：实际 "fast"（文本）；无法用 < 与 500ms（数字）比较',
      },
    });
  });

  it('explains functions applied to the wrong type', () => {
    const len = evaluate('len(port) > 0', { port: 443 });
    const lower = evaluate('lower(flags) == "x"', { flags: [1] });

    expect([len.message.en, lower.message.zh]).toEqual([
      'len(port): cannot take the length of 443 (a number); len works on text, lists and objects',
      'lower(flags)：lower 只适用于文本，实际为 [1]（列表）',
    ]);
  });

  it('truncates long actual values to 200 characters', () => {
    const outcome = evaluate('stdout contains "done"', { stdout: 'x'.repeat(1_000_000) });

    expect(outcome.actual?.length).toBe(200);
    expect(outcome.actual?.endsWith('…')).toBe(true);
    expect(outcome.message.en.length).toBeLessThan(300);
  });

  it('truncates large structures without rendering all of them', () => {
    const items = Array.from({ length: 100_000 }, (_, i) => ({ id: i, name: `item ${i}` }));

    const outcome = evaluate('body.items == []', { body: { items } });

    expect(outcome.actual?.length).toBe(200);
    expect(outcome.actual?.startsWith('[{"id": 0, "name": "item 0"}, {"id": 1')).toBe(true);
  });
});

describe('evaluateCondition: and, or, not', () => {
  it('names the part that failed an and', () => {
    const outcome = evaluate('count >= 1 and count <= 5', { count: 9 });

    expect(outcome).toMatchObject({ passed: false, path: 'count', expected: '<= 5', actual: '9', message: { en: 'count: expected <= 5, got 9' } });
  });

  it('names every part of a failed or', () => {
    const outcome = evaluate('a == 1 or b == 2', { a: 0, b: 0 });

    expect(outcome.message).toEqual({ en: 'a: expected 1, got 0; b: expected 2, got 0', zh: 'a：期望 1，实际 0；b：期望 2，实际 0' });
  });

  it('names the part that passed an or', () => {
    const outcome = evaluate('a == 1 or b == 2', { a: 0, b: 2 });

    expect(outcome).toMatchObject({ passed: true, path: 'b', message: { en: 'b: got 2, as expected (2)' } });
  });

  it('explains what not reversed', () => {
    const outcome = evaluate('not (a or b)', { a: false, b: true });

    expect(outcome).toMatchObject({
      passed: false,
      path: 'b',
      expected: 'not (true)',
      message: { en: '"not" reverses: b: got true, as expected (true)', zh: '“not” 取反：b：实际 true，符合期望（true）' },
    });
  });

  it.each([
    ['a and b', { a: true, b: true }, true],
    ['a and b', { a: true, b: false }, false],
    ['a && b', { a: false, b: true }, false],
    ['a or b', { a: false, b: false }, false],
    ['a || b', { a: false, b: true }, true],
    ['not a', { a: false }, true],
    ['!a', { a: true }, false],
    ['not (a or b)', { a: false, b: false }, true],
    ['not not a', { a: true }, true],
  ])('%s with %j is %s', (source, facts, passed) => {
    expect(passes(source, facts)).toBe(passed);
  });

  it('does not let not turn a missing fact into a pass', () => {
    const outcome = evaluate('not (x == 1)', {});

    expect(outcome).toMatchObject({ passed: false, message: { en: 'x: not present' } });
  });

  it('lets a definite failure decide an and even when another part is unknown', () => {
    const outcome = evaluate('missing == 1 and a == 1', { a: 2 });

    expect(outcome.message.en).toBe('a: expected 1, got 2');
  });

  it('lets a pass decide an or even when another part is unknown', () => {
    expect(passes('missing == 1 or a == 1', { a: 1 })).toBe(true);
  });
});

describe('evaluateCondition: semantics', () => {
  it.each([
    ['status == 200', { status: 200 }, true],
    ['status == 200', { status: 503 }, false],
    ['status != 200', { status: 503 }, true],
    ['status < 300', { status: 204 }, true],
    ['status <= 299', { status: 300 }, false],
    ['status > 199', { status: 200 }, true],
    ['status >= 200', { status: 199 }, false],
    ['days_left > 30', { days_left: 31 }, true],
    ['temp > -5', { temp: -4.5 }, true],
    ['value <= 0.1%', { value: 0.001 }, true],
    ['value <= 0.1%', { value: 0.0011 }, false],
    ['size <= 1KB', { size: 1024 }, true],
    ['latency < 1.5s', { latency: 1499 }, true],
    ['count <= limit', { count: 3, limit: 3 }, true],
    ['expires_at > "2026-03-01"', { expires_at: '2026-04-15' }, true],
    ['body.data[0].id == 3', { body: { data: [{ id: 3 }] } }, true],
    ['body.data[1].id == 3', { body: { data: [{ id: 3 }] } }, false],
    ['body.items == [1, 2]', { body: { items: [1, 2] } }, true],
    ['body.items == [1, 2]', { body: { items: [2, 1] } }, false],
    ['x != null', { x: 0 }, true],
    ['x != null', { x: null }, false],
    ['x == null', { x: null }, true],
  ])('%s with %j is %s', (source, facts, passed) => {
    expect(passes(source, facts)).toBe(passed);
  });

  it.each([
    // Env files and container env deliver text; literals say how to read it.
    ['len >= 32', { len: '48' }, true],
    ['port == 443', { port: '443' }, true],
    ['port == 443', { port: ' 443\n' }, true],
    ['port > 1000', { port: '80' }, false],
    ['value == false', { value: 'false' }, true],
    ['value == true', { value: 'TRUE' }, true],
    ['value == false', { value: 'no' }, false],
    ['value == false', { value: 0 }, false],
    ['open == false', { open: false }, true],
    ['open', { open: 'true' }, true],
    ['open', { open: 1 }, false],
    ['env["JWT_SECRET"] != "*"', { env: { JWT_SECRET: 'a'.repeat(32) } }, true],
    ['env["CORS_ORIGINS"] != "*"', { env: { CORS_ORIGINS: '*' } }, false],
    ['code in [200, 204]', { code: '204' }, true],
  ])('coerces env-style text: %s with %j is %s', (source, facts, passed) => {
    expect(passes(source, facts)).toBe(passed);
  });

  it.each([
    ['stdout contains "syntax is ok"', { stdout: 'nginx: the configuration file syntax is ok' }, true],
    ['stdout contains "syntax is ok"', { stdout: 'failed' }, false],
    ['stdout not contains "debug"', { stdout: 'level=info' }, true],
    ['stdout not contains "debug"', { stdout: 'level=debug' }, false],
    ['records contains "1.2.3.4"', { records: ['1.2.3.4', '5.6.7.8'] }, true],
    ['ports contains 443', { ports: ['80', '443'] }, true],
    ['body contains 200', { body: 'HTTP 200 OK' }, true],
    ['value in ["warn", "error"]', { value: 'warn' }, true],
    ['value in ["warn", "error"]', { value: 'info' }, false],
    ['value not in ["debug"]', { value: 'info' }, true],
    ['latency in [100ms, 200ms]', { latency: 200 }, true],
    ['value matches /^v\\d+\\.\\d+\\.\\d+-\\d{8}$/', { value: 'v1.2.3-20260213' }, true],
    ['value matches /^v\\d+\\.\\d+\\.\\d+-\\d{8}$/', { value: 'v1.2.3' }, false],
    ['value matches /^V1/i', { value: 'v1.0' }, true],
    ['value not matches /-rc/', { value: 'v1.0-rc1' }, false],
    ['status matches /^2\\d\\d$/', { status: 204 }, true],
    ['h exists', { h: '' }, true],
    ['h exists', { h: null }, false],
    ['h exists', {}, false],
    ['h not exists', {}, true],
    ['h not exists', { h: null }, true],
    ['h not exists', { h: 'x' }, false],
    ['a.b.c not exists', { a: 1 }, true],
  ])('%s with %j is %s', (source, facts, passed) => {
    expect(passes(source, facts)).toBe(passed);
  });

  it.each([
    ['len(body.items) > 0', { body: { items: [1] } }, true],
    ['len(body) == 2', { body: { a: 1, b: 2 } }, true],
    ['len(secret) >= 32', { secret: 'short' }, false],
    ['len(name) == 2', { name: '密钥' }, true],
    ['len(name) == 1', { name: '😀' }, true],
    ['lower(level) == "debug"', { level: 'DEBUG' }, true],
    ['upper(level) == "INFO"', { level: 'info' }, true],
    ['trim(value) == "ok"', { value: '  ok\n' }, true],
    ['len(trim(secret)) == 3', { secret: ' abc ' }, true],
  ])('%s with %j is %s', (source, facts, passed) => {
    expect(passes(source, facts)).toBe(passed);
  });

  it.each([
    ['status < 300', { status: 'n/a' }],
    ['status < 300', { status: null }],
    ['body < 1', { body: {} }],
    ['count contains 1', { count: 5 }],
    ['body matches /x/', { body: { a: 1 } }],
    ['a == 1', {}],
    ['a != 1', {}],
  ])('fails %s with %j rather than throwing', (source, facts) => {
    expect(passes(source, facts)).toBe(false);
  });

  it('reads only own properties, never the prototype chain', () => {
    const outcome = evaluate('constructor exists or body.__proto__ exists or body.toString exists', { body: {} });

    expect(outcome.passed).toBe(false);
  });

  it('treats a number compared with a non-numeric string as simply unequal', () => {
    expect(passes('version != 2', { version: 'v2' })).toBe(true);
  });

  it('only matches the first 1 MB of a fact', () => {
    const facts = { body: `${'a'.repeat(1024 * 1024)}NEEDLE` };

    expect(passes('body matches /NEEDLE/', facts)).toBe(false);
    expect(passes('body contains "NEEDLE"', facts)).toBe(true);
  });

  it('stops a slow regex and fails with an explanation', () => {
    const facts = { body: `${'a'.repeat(30_000)}!` };

    // Backtracking this pattern over 30,000 characters takes far longer than the test's own timeout, so
    // finishing at all, with the timeout's message, shows the match was stopped (no wall-clock assertion).
    const outcome = evaluate('body matches /^(a|a?)*$/', facts);

    expect(outcome).toMatchObject({
      passed: false,
      message: { en: 'body: matching /^(a|a?)*$/ took longer than 100 ms and was stopped; simplify the pattern' },
    });
  });

  it('turns a throwing fact into a failed outcome', () => {
    const facts = {
      get body(): unknown {
        throw new Error('socket closed');
      },
    };

    const outcome = evaluate('body.status == "ok"', facts);

    expect(outcome).toEqual({
      condition: 'body.status == "ok"',
      passed: false,
      message: { en: 'could not evaluate the condition: socket closed', zh: '无法对条件求值：socket closed' },
    });
  });
});
