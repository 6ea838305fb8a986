import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParseResult } from './condition.js';
import { evaluateCondition } from './evaluate.js';
import { parseCondition } from './parser.js';

// A 4096-character condition parses in well under a millisecond; the bound is loose so a loaded CI machine does not flake.
const slowParseMs = 1000;

function checkRejection(source: string, result: ParseResult): void {
  if (result.ok) return;
  const { error } = result;
  expect(error.source).toBe(source);
  expect(error.offset).toBeGreaterThanOrEqual(0);
  expect(error.offset + error.length).toBeLessThanOrEqual(source.length);
  expect(error.column).toBeGreaterThanOrEqual(1);
  expect(error.message.en.length).toBeGreaterThan(0);
  expect(error.message.zh.length).toBeGreaterThan(0);
}

function parseTimed(source: string): ParseResult {
  const started = performance.now();
  const result = parseCondition(source);
  expect(performance.now() - started).toBeLessThan(slowParseMs);
  return result;
}

const tokens = [
  'status', 'body', 'a', '.', 'items', '[', ']', '0', '"ok"', "'x'", '"a\\"b"', '==', '!=', '<', '<=', '>', '>=',
  '≤', '≥', '≠', 'and', 'or', 'not', '&&', '||', '!', '(', ')', 'contains', 'matches', '/^v\\d+$/i', '/(a+)+/',
  '/x/g', '/[/]/', 'in', 'exists', 'len', 'lower', 'upper', 'trim', ',', '500ms', '1.5s', '1%', '10MB', '26h', '-3',
  '2.5', 'true', 'false', 'null', '"unterminated', '/unterminated', '=', '-', 'foo', '"\\q"', '😀', '错误率', '#', '%',
] as const;

/** Near-valid conditions: real tokens in random order, with or without spaces between them. */
const nearValid = fc
  .array(fc.tuple(fc.constantFrom(...tokens), fc.constantFrom('', ' ', '  ')), { maxLength: 24 })
  .map((parts) => parts.map(([token, space]) => token + space).join(''));

const root = fc.constantFrom('a', 'b', 'body', 'status', 'x_1');
const path = fc
  .tuple(root, fc.array(fc.oneof(fc.constantFrom('.a', '.b', '.items', '["a"]', '["k-1"]'), fc.nat(3).map((n) => `[${n}]`)), { maxLength: 3 }))
  .map(([name, segments]) => name + segments.join(''));
const literal = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.tuple(fc.integer({ min: -99, max: 99 }), fc.nat(99)).map(([whole, fraction]) => `${whole}.${fraction}`),
  fc.tuple(fc.nat(999), fc.constantFrom('ms', 's', 'm', 'h', 'd', 'B', 'KB', 'MB', 'GB', '%')).map(([n, unit]) => `${n}${unit}`),
  fc.string({ maxLength: 8 }).map((text) => JSON.stringify(text)),
  fc.constantFrom('true', 'false', 'null', '[]', '[1, "a"]'),
);
const operand = fc.oneof(path, literal, fc.tuple(fc.constantFrom('len', 'lower', 'upper', 'trim'), path).map(([fn, p]) => `${fn}(${p})`));
const leaf = fc.oneof(
  fc.tuple(operand, fc.constantFrom('==', '!=', '<', '<=', '>', '>=', '≤', '≥', '≠'), operand).map((parts) => parts.join(' ')),
  fc.tuple(path, fc.constantFrom('contains', 'not contains'), literal).map((parts) => parts.join(' ')),
  fc.tuple(path, fc.constantFrom('matches', 'not matches'), fc.constantFrom('/^a.*b$/i', '/\\d+/', '/^v\\d+\\.\\d+/')).map((parts) => parts.join(' ')),
  fc.tuple(path, fc.constantFrom('in', 'not in'), fc.array(literal, { maxLength: 3 })).map(([p, op, items]) => `${p} ${op} [${items.join(', ')}]`),
  fc.tuple(path, fc.constantFrom('exists', 'not exists')).map((parts) => parts.join(' ')),
  path,
);
const { condition: validCondition } = fc.letrec<{ condition: string }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    tie('condition').map((inner) => `not (${inner})`),
    fc.tuple(tie('condition'), fc.constantFrom(' and ', ' or ', ' && ', ' || '), tie('condition')).map(([l, op, r]) => `(${l})${op}(${r})`),
  ),
}));

const factValue = fc.oneof(
  fc.jsonValue(),
  fc.record({ a: fc.jsonValue(), b: fc.jsonValue(), items: fc.array(fc.jsonValue(), { maxLength: 4 }) }, { requiredKeys: [] }),
);
const facts = fc.record({ a: factValue, b: factValue, body: factValue, status: factValue, x_1: factValue }, { requiredKeys: [] });

describe('fuzz: parseCondition', () => {
  it('never throws on arbitrary strings and explains every rejection', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (source) => {
        checkRejection(source, parseTimed(source));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary Unicode, including lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (source) => {
        checkRejection(source, parseTimed(source));
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on near-valid token soup', () => {
    fc.assert(
      fc.property(nearValid, (source) => {
        checkRejection(source, parseTimed(source));
      }),
      { numRuns: 3000 },
    );
  });

  it('stays fast on the longest accepted inputs', () => {
    fc.assert(
      fc.property(fc.constantFrom(...tokens), (token) => {
        const source = `${token} `.repeat(4096).slice(0, 4096);

        checkRejection(source, parseTimed(source));
      }),
      { numRuns: 40 },
    );
  });
});

describe('fuzz: evaluateCondition', () => {
  it('parses every generated valid condition', () => {
    fc.assert(
      fc.property(validCondition, (source) => {
        const result = parseCondition(source);

        expect(result.ok ? 'ok' : result.error.message.en).toBe('ok');
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on random facts, and a condition and its negation never both pass', () => {
    fc.assert(
      fc.property(validCondition, facts, (source, observed) => {
        const condition = parseCondition(source);
        const negation = parseCondition(`not (${source})`);
        if (!condition.ok || !negation.ok) return;

        const outcome = evaluateCondition(condition.condition, observed);
        const negated = evaluateCondition(negation.condition, observed);

        expect(typeof outcome.passed).toBe('boolean');
        expect(outcome.condition).toBe(source);
        expect(outcome.message.en.length).toBeGreaterThan(0);
        expect(outcome.message.zh.length).toBeGreaterThan(0);
        expect(outcome.passed && negated.passed).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on facts of any JavaScript shape', () => {
    fc.assert(
      fc.property(validCondition, fc.dictionary(fc.constantFrom('a', 'b', 'body', 'status', 'x_1'), fc.anything()), (source, observed) => {
        const condition = parseCondition(source);
        if (!condition.ok) return;

        const outcome = evaluateCondition(condition.condition, observed);

        expect(typeof outcome.passed).toBe('boolean');
        expect(outcome.actual === undefined || outcome.actual.length <= 200).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
