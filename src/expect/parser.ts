import { bi, type Bilingual } from '../core/text.js';
import {
  comparisonOperators,
  functionNames,
  type ComparisonOperator,
  type Expr,
  type LiteralOperand,
  type Operand,
  type PathOperand,
  type PathSegment,
} from './ast.js';
import type { ParseResult } from './condition.js';
import {
  columnAt,
  expectedProblem,
  locatedProblem,
  plainProblem,
  SyntaxFailure,
  toSyntaxError,
  type SyntaxProblem,
} from './syntax-error.js';
import { tokenize, type SymbolText, type Token } from './tokens.js';

/** Longer sources are refused before tokenizing, so parsing cost stays bounded. */
export const maxSourceLength = 4096;
/** Deepest nesting of parentheses, `not`, function calls and lists. */
export const maxDepth = 64;

const postfixOperators = ['contains', 'matches', 'in', 'exists'] as const;
type PostfixOperator = (typeof postfixOperators)[number];
const reservedWords = ['and', 'or', 'not', ...postfixOperators] as const;
const constants = { true: true, false: false, null: null } as const;

/** Parses a condition such as `body.status == "ok"`; never throws. */
export function parseCondition(source: string): ParseResult {
  if (source.length > maxSourceLength) {
    const n = source.length;
    return failed(
      source,
      plainProblem(
        maxSourceLength,
        n - maxSourceLength,
        bi(
          `condition is too long: ${n} characters, the limit is ${maxSourceLength}`,
          `条件过长：${n} 个字符，上限为 ${maxSourceLength}`,
        ),
      ),
    );
  }
  if (source.trim() === '') {
    return failed(
      source,
      plainProblem(0, source.length, bi('empty condition: write one such as status == 200', '条件为空：请写一个条件，例如 status == 200')),
    );
  }
  try {
    const ast = new Parser(source, tokenize(source)).parse();
    return { ok: true, condition: { source, ast } };
  } catch (error) {
    if (error instanceof SyntaxFailure) return failed(source, error.problem);
    throw error;
  }
}

function failed(source: string, problem: SyntaxProblem): ParseResult {
  return { ok: false, error: toSyntaxError(source, problem) };
}

class Parser {
  private readonly source: string;
  private readonly tokens: readonly Token[];
  private pos = 0;
  private depth = 0;

  constructor(source: string, tokens: readonly Token[]) {
    this.source = source;
    this.tokens = tokens;
  }

  parse(): Expr {
    const expr = this.parseOr();
    const token = this.peek();
    if (token.kind === 'end') return expr;
    if (isSymbol(token, ')')) throw new SyntaxFailure(locatedProblem(token.offset, 1, 'unmatched ")"', '多余的 “)”'));
    throw this.expected(token, bi('"and", "or" or the end of the condition', '“and”、“or” 或条件结束'));
  }

  private parseOr(): Expr {
    const first = this.parseAnd();
    const rest: Expr[] = [];
    while (isWord(this.peek(), 'or') || isSymbol(this.peek(), '||')) {
      this.advance();
      rest.push(this.parseAnd());
    }
    return rest.length === 0 ? first : { kind: 'or', operands: [first, ...rest] };
  }

  private parseAnd(): Expr {
    const first = this.parseUnary();
    const rest: Expr[] = [];
    while (isWord(this.peek(), 'and') || isSymbol(this.peek(), '&&')) {
      this.advance();
      rest.push(this.parseUnary());
    }
    return rest.length === 0 ? first : { kind: 'and', operands: [first, ...rest] };
  }

  private parseUnary(): Expr {
    const token = this.peek();
    if (!isWord(token, 'not') && !isSymbol(token, '!')) return this.parsePrimary();
    this.enter(token);
    this.advance();
    const operand = this.parseUnary();
    this.leave();
    return { kind: 'not', operand };
  }

  private parsePrimary(): Expr {
    const open = this.peek();
    if (!isSymbol(open, '(')) return this.parsePredicate();
    this.enter(open);
    this.advance();
    const expr = this.parseOr();
    const close = this.peek();
    if (!isSymbol(close, ')')) {
      const column = columnAt(this.source, open.offset);
      throw this.expected(
        close,
        bi('")"', '“)”'),
        bi(`the "(" at column ${column} is not closed`, `第 ${column} 列的 “(” 没有闭合`),
      );
    }
    this.advance();
    this.leave();
    return expr;
  }

  private parsePredicate(): Expr {
    const subject = this.parseOperand(bi('a condition', '一个条件'));
    const token = this.peek();
    if (token.kind === 'symbol' && isComparison(token.symbol)) {
      this.advance();
      return { kind: 'compare', op: token.symbol, left: subject, right: this.parseOperand(bi('a value', '一个值')) };
    }
    if (token.kind === 'word' && isPostfixOperator(token.text)) {
      this.advance();
      return this.parseOperatorTail(token.text, subject, false);
    }
    if (isWord(token, 'not')) {
      const operator = this.peek(1);
      this.advance();
      if (operator.kind === 'word' && isPostfixOperator(operator.text)) {
        this.advance();
        return this.parseOperatorTail(operator.text, subject, true);
      }
      throw this.expected(operator, bi('"contains", "in", "matches" or "exists"', '“contains”、“in”、“matches” 或 “exists”'));
    }
    if (subject.kind === 'path' && endsCondition(token)) return { kind: 'truthy', subject };
    throw this.expected(
      token,
      bi(
        'an operator (==, !=, <, <=, >, >=, contains, matches, in, exists)',
        '运算符（==、!=、<、<=、>、>=、contains、matches、in、exists）',
      ),
    );
  }

  private parseOperatorTail(operator: PostfixOperator, subject: Operand, negated: boolean): Expr {
    switch (operator) {
      case 'exists':
        return { kind: 'exists', negated, subject };
      case 'contains':
        return { kind: 'contains', negated, subject, needle: this.parseOperand(bi('a value', '一个值')) };
      case 'matches': {
        const token = this.peek();
        if (token.kind !== 'regex') {
          throw this.expected(token, bi('a regular expression such as /^v\\d+/', '正则表达式，例如 /^v\\d+/'));
        }
        this.advance();
        return { kind: 'matches', negated, subject, pattern: token.pattern, flags: token.flags, text: token.text };
      }
      case 'in': {
        const token = this.peek();
        if (!isSymbol(token, '[')) throw this.expected(token, bi('a list such as ["a", "b"]', '列表，例如 ["a", "b"]'));
        const list = this.parseList();
        return { kind: 'in', negated, subject, items: list.items, text: list.text };
      }
    }
  }

  private parseOperand(what: Bilingual): Operand {
    const token = this.peek();
    if (token.kind === 'word' && !isReserved(token.text) && !isConstant(token.text)) {
      return isSymbol(this.peek(1), '(') ? this.parseCall() : this.parsePath();
    }
    return this.parseLiteral(what);
  }

  private parseLiteral(what: Bilingual): LiteralOperand {
    const token = this.peek();
    const span = { offset: token.offset, length: token.length };
    if (token.kind === 'number') {
      this.advance();
      return token.unit === undefined
        ? { kind: 'literal', value: token.value, text: token.text, span }
        : { kind: 'literal', value: token.value, unit: token.unit, text: token.text, span };
    }
    if (token.kind === 'string') {
      this.advance();
      return { kind: 'literal', value: token.value, text: token.text, span };
    }
    if (token.kind === 'word' && isConstant(token.text)) {
      this.advance();
      return { kind: 'literal', value: constants[token.text], text: token.text, span };
    }
    if (isSymbol(token, '[')) {
      const list = this.parseList();
      return { kind: 'literal', value: list.items.map((item) => item.value), text: list.text, span: list.span };
    }
    throw this.expected(token, what);
  }

  private parseList(): { items: LiteralOperand[]; text: string; span: { offset: number; length: number } } {
    const open = this.advance();
    this.enter(open);
    const items: LiteralOperand[] = [];
    if (!isSymbol(this.peek(), ']')) {
      for (;;) {
        items.push(this.parseLiteral(bi('a literal (number, "text", true, false, null or a list)', '字面量（数字、"文本"、true、false、null 或列表）')));
        const token = this.peek();
        if (isSymbol(token, ']')) break;
        if (!isSymbol(token, ',')) throw this.expected(token, bi('"," or "]"', '“,” 或 “]”'));
        this.advance();
      }
    }
    const close = this.advance();
    this.leave();
    const span = { offset: open.offset, length: close.offset + close.length - open.offset };
    return { items, text: this.source.slice(span.offset, span.offset + span.length), span };
  }

  private parseCall(): Operand {
    const name = this.advance();
    const fn = functionNames.find((f) => f === name.text);
    if (fn === undefined) {
      throw new SyntaxFailure(
        locatedProblem(
          name.offset,
          name.length,
          `unknown function "${name.text}": use ${functionNames.join(', ')}`,
          `未知函数 “${name.text}”：可用 ${functionNames.join('、')}`,
        ),
      );
    }
    const open = this.advance();
    this.enter(open);
    const arg = this.parseOperand(bi('a value', '一个值'));
    const close = this.peek();
    if (!isSymbol(close, ')')) throw this.expected(close, bi('")"', '“)”'));
    this.advance();
    this.leave();
    const span = { offset: name.offset, length: close.offset + 1 - name.offset };
    return { kind: 'call', fn, arg, text: `${fn}(${arg.text})`, span };
  }

  private parsePath(): PathOperand {
    const root = this.advance();
    const segments: PathSegment[] = [];
    let text = root.text;
    let end = root.offset + root.length;
    for (;;) {
      const token = this.peek();
      if (isSymbol(token, '.')) {
        this.advance();
        const name = this.peek();
        if (name.kind !== 'word') throw this.expected(name, bi('a name', '一个名称'));
        this.advance();
        segments.push({ key: name.text });
        text += `.${name.text}`;
        end = name.offset + name.length;
      } else if (isSymbol(token, '[')) {
        this.advance();
        const key = this.peek();
        if (key.kind === 'string') segments.push({ key: key.value });
        else if (key.kind === 'number' && /^\d+$/.test(key.text) && Number.isSafeInteger(key.value)) segments.push({ index: key.value });
        else throw this.expected(key, bi('an index such as [0] or a quoted key such as ["name"]', '下标（如 [0]）或带引号的键（如 ["name"]）'));
        this.advance();
        const close = this.peek();
        if (!isSymbol(close, ']')) throw this.expected(close, bi('"]"', '“]”'));
        this.advance();
        text += `[${key.text}]`;
        end = close.offset + 1;
      } else {
        break;
      }
    }
    return { kind: 'path', root: root.text, segments, text, span: { offset: root.offset, length: end - root.offset } };
  }

  /** The current token (or one further); reaching a token the tokenizer rejected reports its problem. */
  private peek(ahead = 0): Token {
    const token = this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)];
    if (token === undefined) throw new Error('tokenize() always returns at least one token');
    if (token.kind === 'invalid') throw new SyntaxFailure(token.problem);
    return token;
  }

  private advance(): Token {
    const token = this.peek();
    this.pos++;
    return token;
  }

  private enter(token: Token): void {
    this.depth++;
    if (this.depth > maxDepth) {
      throw new SyntaxFailure(
        locatedProblem(
          token.offset,
          token.length,
          `condition nests deeper than ${maxDepth} levels`,
          `条件嵌套超过 ${maxDepth} 层`,
        ),
      );
    }
  }

  private leave(): void {
    this.depth--;
  }

  private expected(found: Token, what: Bilingual, note?: Bilingual): SyntaxFailure {
    const previous = this.tokens[this.pos - 1];
    const after = previous === undefined ? undefined : shorten(previous.text);
    return new SyntaxFailure(expectedProblem(found.offset, found.length, what, describeToken(found), after, note));
  }
}

function describeToken(token: Token): Bilingual {
  if (token.kind === 'end') return bi('end of input', '输入结束');
  const text = shorten(token.text);
  return bi(`"${text}"`, `“${text}”`);
}

function shorten(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}

function isWord(token: Token, word: string): boolean {
  return token.kind === 'word' && token.text === word;
}

function isSymbol(token: Token, symbol: SymbolText): boolean {
  return token.kind === 'symbol' && token.symbol === symbol;
}

function isComparison(symbol: SymbolText): symbol is ComparisonOperator {
  return (comparisonOperators as readonly string[]).includes(symbol);
}

function isPostfixOperator(word: string): word is PostfixOperator {
  return (postfixOperators as readonly string[]).includes(word);
}

function isConstant(word: string): word is keyof typeof constants {
  return Object.hasOwn(constants, word);
}

function isReserved(word: string): boolean {
  return (reservedWords as readonly string[]).includes(word);
}

function endsCondition(token: Token): boolean {
  return token.kind === 'end' || isSymbol(token, ')') || isSymbol(token, '&&') || isSymbol(token, '||') || isWord(token, 'and') || isWord(token, 'or');
}
