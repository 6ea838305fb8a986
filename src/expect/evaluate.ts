import { bi, type Bilingual } from '../core/text.js';
import type { CompareExpr, ContainsExpr, ExistsExpr, Expr, InExpr, MatchesExpr, Operand, TruthyExpr } from './ast.js';
import { looseEquals, order, typeLabel } from './compare.js';
import type { Condition, ConditionOutcome, Facts } from './condition.js';
import {
  absentAsExpectedMessage,
  expectationPhrase,
  expectedToExistMessage,
  failedMessage,
  internalErrorMessage,
  joinedMessage,
  mismatchMessage,
  negatedMessage,
  notPresentMessage,
  passedMessage,
  timeoutMessage,
} from './explain.js';
import { matchTimeoutMs, testRegex } from './regex.js';
import { renderValue, truncate } from './render.js';
import type { Unit } from './units.js';
import { resolve, type Resolved } from './values.js';

/**
 * Three-valued (Kleene) logic: a missing fact or a type mismatch is `unknown`, which `not` keeps unknown,
 * so `not (x == 1)` does not pass just because x is absent. Only `pass` passes.
 */
type Verdict = 'pass' | 'fail' | 'unknown';

interface Judgement {
  readonly verdict: Verdict;
  readonly path?: string;
  readonly expected?: string;
  readonly actual?: string;
  readonly message: Bilingual;
}

/** Evaluates a parsed condition against facts; never throws. */
export function evaluateCondition(condition: Condition, facts: Facts): ConditionOutcome {
  let judgement: Judgement;
  try {
    judgement = judge(condition.ast, facts);
  } catch (error) {
    // Facts come from outside: a throwing getter or a proxy must become a failed outcome, not an exception.
    judgement = { verdict: 'unknown', message: internalErrorMessage(truncate(error instanceof Error ? error.message : 'unknown error')) };
  }
  const { verdict, ...explanation } = judgement;
  return { condition: condition.source, passed: verdict === 'pass', ...explanation };
}

function judge(expr: Expr, facts: Facts): Judgement {
  switch (expr.kind) {
    case 'and':
      return judgeAnd(expr.operands.map((operand) => judge(operand, facts)));
    case 'or':
      return judgeOr(expr.operands.map((operand) => judge(operand, facts)));
    case 'not':
      return judgeNot(judge(expr.operand, facts));
    case 'compare':
      return judgeCompare(expr, facts);
    case 'contains':
      return judgeContains(expr, facts);
    case 'matches':
      return judgeMatches(expr, facts);
    case 'in':
      return judgeIn(expr, facts);
    case 'exists':
      return judgeExists(expr, facts);
    case 'truthy':
      return judgeTruthy(expr, facts);
  }
}

// The first failing part decides a failed `and`; a passed one needed every part.
function judgeAnd(parts: readonly Judgement[]): Judgement {
  return parts.find((part) => part.verdict === 'fail') ?? parts.find((part) => part.verdict === 'unknown') ?? combined('pass', parts);
}

// The first passing part decides a passed `or`; a failed one needed every part to fail.
function judgeOr(parts: readonly Judgement[]): Judgement {
  return parts.find((part) => part.verdict === 'pass') ?? parts.find((part) => part.verdict === 'unknown') ?? combined('fail', parts);
}

function combined(verdict: Verdict, parts: readonly Judgement[]): Judgement {
  const [first] = parts;
  return { ...first, verdict, message: joinedMessage(parts.map((part) => part.message)) };
}

function judgeNot(inner: Judgement): Judgement {
  if (inner.verdict === 'unknown') return inner;
  return {
    ...inner,
    verdict: inner.verdict === 'pass' ? 'fail' : 'pass',
    ...(inner.expected === undefined ? {} : { expected: `not (${inner.expected})` }),
    message: negatedMessage(inner.message),
  };
}

function judgeCompare(expr: CompareExpr, facts: Facts): Judgement {
  const left = resolve(expr.left, facts);
  if (left.kind !== 'value') return unresolved(left);
  const right = resolve(expr.right, facts);
  if (right.kind !== 'value') return unresolved(right);
  const unit = unitOf(expr.right) ?? unitOf(expr.left);
  const target = expr.right.kind === 'literal' ? truncate(expr.right.text) : `${renderValue(right.value, unit)} (${expr.right.text})`;
  const expected = expr.op === '==' ? target : `${expr.op} ${target}`;
  const subject = expr.left.text;
  const actual = renderValue(left.value, unit);
  if (expr.op === '==' || expr.op === '!=') {
    const passed = looseEquals(left.value, right.value) === (expr.op === '==');
    return decided(passed, subject, expected, actual, expectationPhrase('compare', false, expected));
  }
  const sign = order(left.value, right.value);
  if (sign === undefined) {
    const rightType = typeLabel(right.value);
    return mismatch(
      subject,
      actual,
      left.value,
      expected,
      bi(
        `cannot compare it with ${target} (${rightType.en}) using ${expr.op}`,
        `无法用 ${expr.op} 与 ${target}（${rightType.zh}）比较`,
      ),
    );
  }
  const passed = { '<': sign < 0, '<=': sign <= 0, '>': sign > 0, '>=': sign >= 0 }[expr.op];
  return decided(passed, subject, expected, actual, expectationPhrase('compare', false, expected));
}

function judgeContains(expr: ContainsExpr, facts: Facts): Judgement {
  const haystack = resolve(expr.subject, facts);
  if (haystack.kind !== 'value') return unresolved(haystack);
  const needle = resolve(expr.needle, facts);
  if (needle.kind !== 'value') return unresolved(needle);
  const target = expr.needle.kind === 'literal' ? truncate(expr.needle.text) : renderValue(needle.value);
  const expected = `${expr.negated ? 'not contains' : 'contains'} ${target}`;
  const subject = expr.subject.text;
  const actual = renderValue(haystack.value);
  let found: boolean;
  if (typeof haystack.value === 'string' && ['string', 'number', 'boolean'].includes(typeof needle.value)) {
    found = haystack.value.includes(String(needle.value));
  } else if (Array.isArray(haystack.value)) {
    found = haystack.value.some((item: unknown) => looseEquals(item, needle.value));
  } else {
    return mismatch(subject, actual, haystack.value, expected, bi('contains works on text and lists', 'contains 只适用于文本和列表'));
  }
  return decided(found !== expr.negated, subject, expected, actual, expectationPhrase('contains', expr.negated, target));
}

function judgeMatches(expr: MatchesExpr, facts: Facts): Judgement {
  const resolved = resolve(expr.subject, facts);
  if (resolved.kind !== 'value') return unresolved(resolved);
  const { value } = resolved;
  const regex = truncate(expr.text);
  const expected = `${expr.negated ? 'not matches' : 'matches'} ${regex}`;
  const subject = expr.subject.text;
  const actual = renderValue(value);
  // Status codes and versions arrive as numbers but are matched as they are written.
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    return mismatch(subject, actual, value, expected, bi('matches works on text', 'matches 只适用于文本'));
  }
  const result = testRegex(expr.pattern, expr.flags, String(value));
  if (result.kind === 'timeout') {
    return { verdict: 'unknown', path: subject, expected, actual, message: timeoutMessage(subject, regex, matchTimeoutMs) };
  }
  return decided(result.matched !== expr.negated, subject, expected, actual, expectationPhrase('matches', expr.negated, regex));
}

function judgeIn(expr: InExpr, facts: Facts): Judgement {
  const resolved = resolve(expr.subject, facts);
  if (resolved.kind !== 'value') return unresolved(resolved);
  const list = truncate(expr.text);
  const expected = `${expr.negated ? 'not in' : 'in'} ${list}`;
  const found = expr.items.some((item) => looseEquals(resolved.value, item.value));
  const actual = renderValue(resolved.value, expr.items.find((item) => item.unit !== undefined)?.unit);
  return decided(found !== expr.negated, expr.subject.text, expected, actual, expectationPhrase('in', expr.negated, list));
}

function judgeExists(expr: ExistsExpr, facts: Facts): Judgement {
  const resolved = resolve(expr.subject, facts);
  const expected = expr.negated ? 'not exists' : 'exists';
  if (resolved.kind === 'invalid') return unresolved(resolved);
  if (resolved.kind === 'missing') {
    const { path } = resolved;
    return expr.negated
      ? { verdict: 'pass', path, expected, message: absentAsExpectedMessage(path) }
      : { verdict: 'fail', path, expected, message: expectedToExistMessage(path) };
  }
  // A null value counts as absent: kinds report a header or variable they could not find as null.
  const present = resolved.value !== null;
  const actual = renderValue(resolved.value);
  return decided(present !== expr.negated, expr.subject.text, expected, actual, expectationPhrase('exists', expr.negated, ''));
}

function judgeTruthy(expr: TruthyExpr, facts: Facts): Judgement {
  const resolved = resolve(expr.subject, facts);
  if (resolved.kind !== 'value') return unresolved(resolved);
  const passed = looseEquals(resolved.value, true);
  return decided(passed, expr.subject.text, 'true', renderValue(resolved.value), expectationPhrase('truthy', false, 'true'));
}

function decided(passed: boolean, path: string, expected: string, actual: string, phrase: Bilingual): Judgement {
  return {
    verdict: passed ? 'pass' : 'fail',
    path,
    expected,
    actual,
    message: passed ? passedMessage(path, actual, expected) : failedMessage(path, phrase, actual),
  };
}

function mismatch(path: string, actual: string, value: unknown, expected: string, why: Bilingual): Judgement {
  return { verdict: 'unknown', path, expected, actual, message: mismatchMessage(path, actual, typeLabel(value), why) };
}

function unresolved(resolved: Exclude<Resolved, { kind: 'value' }>): Judgement {
  const { path } = resolved;
  return resolved.kind === 'missing'
    ? { verdict: 'unknown', path, actual: 'not present', message: notPresentMessage(path) }
    : { verdict: 'unknown', path, message: resolved.message };
}

function unitOf(operand: Operand): Unit | undefined {
  return operand.kind === 'literal' ? operand.unit : undefined;
}
