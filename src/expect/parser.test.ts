import { describe, expect, it } from 'vitest';
import type { Expr } from './ast.js';
import type { ConditionSyntaxError } from './condition.js';
import { parseCondition } from './parser.js';

function ast(source: string): Expr {
  const result = parseCondition(source);
  if (!result.ok) throw new Error(`expected ${source} to parse: ${result.error.message.en}`);
  return result.condition.ast;
}

function syntaxError(source: string): ConditionSyntaxError {
  const result = parseCondition(source);
  if (result.ok) throw new Error(`expected ${source} to be rejected`);
  return result.error;
}

/** The right-hand value of a comparison, for literal tests. */
function rightValue(source: string): unknown {
  const expr = ast(source);
  if (expr.kind !== 'compare' || expr.right.kind !== 'literal') throw new Error(`${source} is not a comparison with a literal`);
  return expr.right.value;
}

describe('parseCondition: comparisons', () => {
  it('parses a path compared with a number, with spans', () => {
    const source = 'status == 200';

    const result = parseCondition(source);

    expect(result).toEqual({
      ok: true,
      condition: {
        source,
        ast: {
          kind: 'compare',
          op: '==',
          left: { kind: 'path', root: 'status', segments: [], text: 'status', span: { offset: 0, length: 6 } },
          right: { kind: 'literal', value: 200, text: '200', span: { offset: 10, length: 3 } },
        },
      },
    });
  });

  it.each([
    ['a == 1', '=='],
    ['a != 1', '!='],
    ['a < 1', '<'],
    ['a <= 1', '<='],
    ['a > 1', '>'],
    ['a >= 1', '>='],
    ['a ≤ 1', '<='],
    ['a ≥ 1', '>='],
    ['a ≠ 1', '!='],
    ['a==1', '=='],
  ])('reads the operator in %s as %s', (source, op) => {
    const expr = ast(source);

    expect(expr.kind === 'compare' && expr.op).toBe(op);
  });

  it('allows a fact on both sides', () => {
    const expr = ast('count <= limits.max');

    expect(expr).toMatchObject({ kind: 'compare', right: { kind: 'path', root: 'limits', segments: [{ key: 'max' }] } });
  });
});

describe('parseCondition: literals and units', () => {
  it.each([
    ['a == 42', 42],
    ['a == -3', -3],
    ['a == 2.5', 2.5],
    ['a == -0.25', -0.25],
    ['a == "ok"', 'ok'],
    ["a == 'ok'", 'ok'],
    ['a == "say \\"hi\\""', 'say "hi"'],
    ["a == 'it\\'s'", "it's"],
    ['a == "tab\\there\\nnext\\\\"', 'tab\there\nnext\\'],
    ['a == "\\u00e9"', 'é'],
    ['a == "\\b\\f\\/"', '\b\f/'],
    ['a == "错误率"', '错误率'],
    ['a == true', true],
    ['a == false', false],
    ['a == null', null],
    ['a == []', []],
    ['a == [1, "two", [true, null]]', [1, 'two', [true, null]]],
  ])('%s has the value %j', (source, value) => {
    expect(rightValue(source)).toEqual(value);
  });

  it.each([
    ['latency < 500ms', 500],
    ['latency < 1.5s', 1500],
    ['age < 2m', 120_000],
    ['newest_age < 26h', 93_600_000],
    ['days < 7d', 604_800_000],
    ['size <= 512B', 512],
    ['size <= 1KB', 1024],
    ['size <= 10MB', 10_485_760],
    ['size <= 2GB', 2_147_483_648],
    ['value <= 1%', 0.01],
    ['value <= 0.1%', 0.001],
    ['value > 80%', 0.8],
  ])('%s normalises to %d in the base unit', (source, value) => {
    expect(rightValue(source)).toBe(value);
  });

  it('keeps the unit and the written text for explanations', () => {
    const expr = ast('latency < 1.5s');

    expect(expr).toMatchObject({ right: { kind: 'literal', value: 1500, unit: 's', text: '1.5s' } });
  });
});

describe('parseCondition: paths', () => {
  it('reads dotted, indexed and quoted segments', () => {
    const expr = ast('body.data[0]["first-name"].id_2 == 3');

    expect(expr).toMatchObject({
      kind: 'compare',
      left: {
        kind: 'path',
        root: 'body',
        segments: [{ key: 'data' }, { index: 0 }, { key: 'first-name' }, { key: 'id_2' }],
        text: 'body.data[0]["first-name"].id_2',
        span: { offset: 0, length: 31 },
      },
    });
  });

  it('allows keywords as keys after a dot', () => {
    const expr = ast('body.in.exists == 1');

    expect(expr).toMatchObject({ left: { segments: [{ key: 'in' }, { key: 'exists' }] } });
  });

  it('treats a bare fact as "is true"', () => {
    expect(ast('open')).toEqual({
      kind: 'truthy',
      subject: { kind: 'path', root: 'open', segments: [], text: 'open', span: { offset: 0, length: 4 } },
    });
  });
});

describe('parseCondition: operators', () => {
  it.each([
    ['stdout contains "syntax is ok"', { kind: 'contains', negated: false }],
    ['stdout not contains "x"', { kind: 'contains', negated: true }],
    ['value in ["warn", "error"]', { kind: 'in', negated: false, text: '["warn", "error"]' }],
    ['value not in ["debug"]', { kind: 'in', negated: true }],
    ['headers["x"] exists', { kind: 'exists', negated: false }],
    ['headers["x"] not exists', { kind: 'exists', negated: true }],
    ['tag matches /^v\\d+$/i', { kind: 'matches', negated: false, pattern: '^v\\d+$', flags: 'i', text: '/^v\\d+$/i' }],
    ['tag not matches /-rc/', { kind: 'matches', negated: true, pattern: '-rc', flags: '' }],
    ['path matches /a\\/b[/]c/', { kind: 'matches', pattern: 'a\\/b[/]c' }],
  ])('%s', (source, shape) => {
    expect(ast(source)).toMatchObject(shape);
  });

  it('flattens and/or chains with and binding tighter than or', () => {
    const expr = ast('a or b and c or d');

    expect(expr).toMatchObject({
      kind: 'or',
      operands: [{ kind: 'truthy' }, { kind: 'and', operands: [{ kind: 'truthy' }, { kind: 'truthy' }] }, { kind: 'truthy' }],
    });
  });

  it.each([
    ['a && b', 'and'],
    ['a || b', 'or'],
    ['a and b', 'and'],
    ['a or b', 'or'],
  ])('%s is an %s', (source, kind) => {
    expect(ast(source).kind).toBe(kind);
  });

  it.each(['not (a or b)', '!(a or b)', 'not(a || b)'])('%s negates a group', (source) => {
    expect(ast(source)).toMatchObject({ kind: 'not', operand: { kind: 'or' } });
  });

  it('reads not before a comparison as negating the comparison', () => {
    expect(ast('not a == 1')).toMatchObject({ kind: 'not', operand: { kind: 'compare' } });
  });

  it.each(['len', 'lower', 'upper', 'trim'])('calls %s', (fn) => {
    expect(ast(`${fn}(body.items) == 1`)).toMatchObject({ left: { kind: 'call', fn, text: `${fn}(body.items)` } });
  });

  it('nests function calls', () => {
    expect(ast('len(trim(env["JWT_SECRET"])) >= 32')).toMatchObject({
      left: { kind: 'call', fn: 'len', arg: { kind: 'call', fn: 'trim' }, text: 'len(trim(env["JWT_SECRET"]))' },
    });
  });
});

describe('parseCondition: errors', () => {
  it.each([
    // [source, offset, length, column, English message]
    ['status ==', 9, 0, 10, 'expected a value after "==" at column 10, found end of input'],
    ['== 200', 0, 2, 1, 'expected a condition at column 1, found "=="'],
    ['status 200', 7, 3, 8, 'expected an operator (==, !=, <, <=, >, >=, contains, matches, in, exists) after "status" at column 8, found "200"'],
    ['a == 1 b', 7, 1, 8, 'expected "and", "or" or the end of the condition after "1" at column 8, found "b"'],
    ['a == 1 and', 10, 0, 11, 'expected a condition after "and" at column 11, found end of input'],
    ['(a == 1', 7, 0, 8, 'expected ")" after "1" at column 8, found end of input (the "(" at column 1 is not closed)'],
    ['a == 1)', 6, 1, 7, 'at column 7: unmatched ")"'],
    ['x == "abc', 5, 4, 6, 'unterminated string starting at column 6: add a closing "'],
    ["x == 'abc\\'", 5, 6, 6, "unterminated string starting at column 6: add a closing '"],
    ['x == "a\\qb"', 7, 2, 8, 'at column 8: unknown escape "\\q"'],
    ['x == "\\u12"', 6, 2, 7, 'at column 7: expected four hex digits after "\\u"'],
    ['v matches /abc', 10, 4, 11, 'unterminated regular expression starting at column 11: add a closing /'],
    ['v matches /abc/x', 15, 1, 16, 'at column 16: regex flag "x" is not allowed: use i, m, s, u or v'],
    ['v matches /abc/g', 15, 1, 16, 'at column 16: regex flag "g" is not allowed: use i, m, s, u or v'],
    ['v matches /abc/ii', 16, 1, 17, 'at column 17: regex flag "i" is repeated'],
    ['v matches /(/', 10, 3, 11, 'invalid regular expression at column 11: Unterminated group'],
    ['v matches //', 10, 2, 11, 'at column 11: empty regular expression'],
    ['v matches /(a+)+$/', 15, 1, 16, 'at column 16: regular expression repeats a group that already repeats, as in (a+)+, which can take exponential time; bound the outer repetition, e.g. {1,10}'],
    ['v matches "abc"', 10, 5, 11, 'expected a regular expression such as /^v\\d+/ after "matches" at column 11, found ""abc""'],
    ['v in "abc"', 5, 5, 6, 'expected a list such as ["a", "b"] after "in" at column 6, found ""abc""'],
    ['v in [1, 2', 10, 0, 11, 'expected "," or "]" after "2" at column 11, found end of input'],
    ['v in [1, x]', 9, 1, 10, 'expected a literal (number, "text", true, false, null or a list) after "," at column 10, found "x"'],
    ['v not 1', 6, 1, 7, 'expected "contains", "in", "matches" or "exists" after "not" at column 7, found "1"'],
    ['foo(x) == 1', 0, 3, 1, 'at column 1: unknown function "foo": use len, lower, upper, trim'],
    ['len(x == 1', 6, 2, 7, 'expected ")" after "x" at column 7, found "=="'],
    ['len() == 1', 4, 1, 5, 'expected a value after "(" at column 5, found ")"'],
    ['headers.strict-transport-security exists', 14, 1, 15, 'at column 15: a bare name cannot contain "-"; write ["strict-transport-security"] instead'],
    ['body. == 1', 6, 2, 7, 'expected a name after "." at column 7, found "=="'],
    ['body[-1] == 1', 5, 2, 6, 'expected an index such as [0] or a quoted key such as ["name"] after "[" at column 6, found "-1"'],
    ['body[0 == 1', 7, 2, 8, 'expected "]" after "0" at column 8, found "=="'],
    ['latency < 500 ms', 14, 2, 15, 'expected "and", "or" or the end of the condition after "500" at column 15, found "ms"'],
    ['latency < 500sec', 13, 3, 14, 'at column 14: unknown unit "sec": use ms, s, m, h, d, B, KB, MB, GB, %'],
    ['a = 1', 2, 1, 3, 'at column 3: "=" is not an operator: use "==" to compare'],
    ['a & b', 2, 1, 3, 'at column 3: single "&": use "&&" or "and"'],
    ['a | b', 2, 1, 3, 'at column 3: single "|": use "||" or "or"'],
    ['a == 1 # note', 7, 1, 8, 'at column 8: unexpected character "#"'],
    ['and', 0, 3, 1, 'expected a condition at column 1, found "and"'],
    ['200', 3, 0, 4, 'expected an operator (==, !=, <, <=, >, >=, contains, matches, in, exists) after "200" at column 4, found end of input'],
  ])('%s → offset %d, length %d, column %d', (source, offset, length, column, message) => {
    const error = syntaxError(source);

    expect({ offset: error.offset, length: error.length, column: error.column, message: error.message.en }).toEqual({
      offset,
      length,
      column,
      message,
    });
  });

  it('reports the earliest problem, even when a later token cannot be read', () => {
    const error = syntaxError('a == == "unterminated');

    expect(error.column).toBe(6);
  });

  it('counts columns in characters, not UTF-16 units', () => {
    const error = syntaxError('"😀" == 1 ?');

    expect({ offset: error.offset, column: error.column }).toEqual({ offset: 10, column: 10 });
  });

  it('gives every message in Chinese too', () => {
    const error = syntaxError('status ==');

    expect(error.message).toEqual({
      en: 'expected a value after "==" at column 10, found end of input',
      zh: '第 10 列（“==”之后）应为一个值，实际为输入结束',
    });
  });

  it.each(['', '   '])('rejects the empty condition %j', (source) => {
    const error = syntaxError(source);

    expect(error).toEqual({
      source,
      offset: 0,
      length: source.length,
      column: 1,
      message: { en: 'empty condition: write one such as status == 200', zh: '条件为空：请写一个条件，例如 status == 200' },
    });
  });

  it('rejects sources longer than 4096 characters', () => {
    const source = `a == "${'x'.repeat(5000)}"`;

    const error = syntaxError(source);

    expect(error).toMatchObject({
      offset: 4096,
      length: source.length - 4096,
      column: 4097,
      message: { en: `condition is too long: ${source.length} characters, the limit is 4096` },
    });
  });

  it('accepts 64 levels of nesting and refuses 65', () => {
    const ok = `${'('.repeat(64)}a${')'.repeat(64)}`;
    const tooDeep = `${'('.repeat(65)}a${')'.repeat(65)}`;

    const accepted = parseCondition(ok).ok;
    const error = syntaxError(tooDeep);

    expect(accepted).toBe(true);
    expect({ offset: error.offset, column: error.column, message: error.message.en }).toEqual({
      offset: 64,
      column: 65,
      message: 'at column 65: condition nests deeper than 64 levels',
    });
  });

  it.each([
    ['not '.repeat(65) + 'a', 256],
    ['len('.repeat(65) + 'a' + ')'.repeat(65), 259],
    ['a == ' + '['.repeat(65) + ']'.repeat(65), 69],
  ])('limits nesting through not, calls and lists too', (source, offset) => {
    expect(syntaxError(source).offset).toBe(offset);
  });
});

describe('parseCondition: single-character symbols at the end of input', () => {
  it.each([
    [')', 0, 1],
    ['a == 1 >', 7, 1],
    ['a == 1 ≤', 7, 1],
  ])('%s reports a span inside the source', (source, offset, length) => {
    const error = syntaxError(source);

    expect({ offset: error.offset, length: error.length }).toEqual({ offset, length });
  });
});
