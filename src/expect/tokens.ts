import { bi } from '../core/text.js';
import { isRegexFlag, nestedRepetitionAt } from './regex.js';
import { locatedProblem, type SyntaxProblem } from './syntax-error.js';
import { isUnit, toBase, units, type Unit } from './units.js';

export const symbols = ['==', '!=', '<', '<=', '>', '>=', '&&', '||', '!', '(', ')', '[', ']', ',', '.'] as const;
export type SymbolText = (typeof symbols)[number];

interface TokenBase {
  readonly offset: number;
  readonly length: number;
  /** The token as written. */
  readonly text: string;
}

export interface NumberToken extends TokenBase {
  readonly kind: 'number';
  /** Already converted to the base unit. */
  readonly value: number;
  readonly unit?: Unit;
}

export interface StringToken extends TokenBase {
  readonly kind: 'string';
  readonly value: string;
}

export interface RegexToken extends TokenBase {
  readonly kind: 'regex';
  readonly pattern: string;
  readonly flags: string;
}

/** An identifier or keyword; the parser decides which. */
export interface WordToken extends TokenBase {
  readonly kind: 'word';
}

export interface SymbolToken extends TokenBase {
  readonly kind: 'symbol';
  /** Canonical form: `≤` arrives as `<=`. */
  readonly symbol: SymbolText;
}

/** Stands where tokenizing failed; the parser reports it only if nothing earlier was wrong. */
export interface InvalidToken extends TokenBase {
  readonly kind: 'invalid';
  readonly problem: SyntaxProblem;
}

export interface EndToken extends TokenBase {
  readonly kind: 'end';
}

export type Token = NumberToken | StringToken | RegexToken | WordToken | SymbolToken | InvalidToken | EndToken;

const twoCharSymbols = ['==', '!=', '<=', '>=', '&&', '||'] as const satisfies readonly SymbolText[];
const oneCharSymbols = ['<', '>', '!', '(', ')', '[', ']', ',', '.'] as const satisfies readonly SymbolText[];
// Chinese checklists write ≤ ≥ ≠; they mean the same as the ASCII operators.
const aliasSymbols: Readonly<Record<string, SymbolText>> = { '≤': '<=', '≥': '>=', '≠': '!=' };
const escapes: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', "'": "'", '/': '/' };

/** Splits a condition into tokens; the list always ends with an `end` or an `invalid` token. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const token = readToken(source, i, tokens.at(-1));
    tokens.push(token);
    if (token.kind === 'invalid') return tokens;
    i += token.length;
  }
  tokens.push({ kind: 'end', offset: source.length, length: 0, text: '' });
  return tokens;
}

function readToken(source: string, start: number, previous: Token | undefined): Token {
  const ch = source[start] ?? '';
  const next = source[start + 1] ?? '';
  if (isDigit(ch) || (ch === '-' && isDigit(next))) return readNumber(source, start);
  if (ch === '"' || ch === "'") return readString(source, start, ch);
  if (ch === '/') return readRegex(source, start);
  if (/[A-Za-z_]/.test(ch)) {
    const text = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(start))?.[0] ?? ch;
    return { kind: 'word', offset: start, length: text.length, text };
  }
  const two = twoCharSymbols.find((s) => s === source.slice(start, start + 2));
  if (two !== undefined) return { kind: 'symbol', symbol: two, offset: start, length: 2, text: two };
  const one = oneCharSymbols.find((s) => s === ch) ?? aliasSymbols[ch];
  if (one !== undefined) return { kind: 'symbol', symbol: one, offset: start, length: 1, text: ch };
  return invalid(source, start, unexpectedCharacter(source, start, previous));
}

function unexpectedCharacter(source: string, start: number, previous: Token | undefined): SyntaxProblem {
  const ch = String.fromCodePoint(source.codePointAt(start) ?? 0);
  if (ch === '=') return locatedProblem(start, 1, '"=" is not an operator: use "==" to compare', '“=” 不是运算符：比较请用 “==”');
  if (ch === '&') return locatedProblem(start, 1, 'single "&": use "&&" or "and"', '单个 “&”：请用 “&&” 或 “and”');
  if (ch === '|') return locatedProblem(start, 1, 'single "|": use "||" or "or"', '单个 “|”：请用 “||” 或 “or”');
  if (ch === '-' && previous?.kind === 'word' && previous.offset + previous.length === start) {
    const name = /^[A-Za-z0-9_-]*/.exec(source.slice(previous.offset))?.[0] ?? previous.text;
    return locatedProblem(
      start,
      1,
      `a bare name cannot contain "-"; write ["${name}"] instead`,
      `不带引号的名称不能包含 “-”；请改写为 ["${name}"]`,
    );
  }
  return locatedProblem(start, ch.length, `unexpected character "${ch}"`, `意外的字符 “${ch}”`);
}

function readNumber(source: string, start: number): Token {
  const digits = /^-?\d+(\.\d+)?/.exec(source.slice(start))?.[0] ?? '';
  const unitText = /^[A-Za-z%]*/.exec(source.slice(start + digits.length))?.[0] ?? '';
  const length = digits.length + unitText.length;
  const text = source.slice(start, start + length);
  const amount = Number(digits);
  if (unitText === '') return { kind: 'number', value: amount, offset: start, length, text };
  if (!isUnit(unitText)) {
    return invalid(
      source,
      start,
      locatedProblem(
        start + digits.length,
        unitText.length,
        `unknown unit "${unitText}": use ${units.join(', ')}`,
        `未知单位 “${unitText}”：可用 ${units.join('、')}`,
      ),
    );
  }
  return { kind: 'number', value: toBase(amount, unitText), unit: unitText, offset: start, length, text };
}

function readString(source: string, start: number, quote: string): Token {
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i] ?? '';
    if (ch === quote) {
      return { kind: 'string', value, offset: start, length: i + 1 - start, text: source.slice(start, i + 1) };
    }
    if (ch !== '\\') {
      value += ch;
      i++;
      continue;
    }
    const escaped = source[i + 1];
    if (escaped === undefined) break;
    if (escaped === 'u') {
      const hex = source.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        return invalid(source, start, locatedProblem(i, 2, 'expected four hex digits after "\\u"', '“\\u” 之后应为四位十六进制数字'));
      }
      value += String.fromCharCode(parseInt(hex, 16));
      i += 6;
      continue;
    }
    const replacement = escapes[escaped];
    if (replacement === undefined) {
      const shown = String.fromCodePoint(source.codePointAt(i + 1) ?? 0);
      return invalid(
        source,
        start,
        locatedProblem(i, 1 + shown.length, `unknown escape "\\${shown}"`, `未知的转义 “\\${shown}”`),
      );
    }
    value += replacement;
    i += 2;
  }
  return invalid(source, start, {
    offset: start,
    length: source.length - start,
    message: (column) =>
      bi(
        `unterminated string starting at column ${column}: add a closing ${quote}`,
        `第 ${column} 列开始的字符串没有结束：请补上结尾的 ${quote}`,
      ),
  });
}

function readRegex(source: string, start: number): Token {
  let i = start + 1;
  let inClass = false;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (ch === '/' && !inClass) break;
    i++;
  }
  if (i >= source.length) {
    return invalid(source, start, {
      offset: start,
      length: source.length - start,
      message: (column) =>
        bi(
          `unterminated regular expression starting at column ${column}: add a closing /`,
          `第 ${column} 列开始的正则表达式没有结束：请补上结尾的 /`,
        ),
    });
  }
  const pattern = source.slice(start + 1, i);
  const flags = /^[A-Za-z]*/.exec(source.slice(i + 1))?.[0] ?? '';
  const length = i + 1 + flags.length - start;
  const problem = regexProblem(source, start, pattern, flags, length);
  if (problem !== undefined) return invalid(source, start, problem);
  return { kind: 'regex', pattern, flags, offset: start, length, text: source.slice(start, start + length) };
}

function regexProblem(source: string, start: number, pattern: string, flags: string, length: number): SyntaxProblem | undefined {
  if (pattern === '') return locatedProblem(start, 2, 'empty regular expression', '正则表达式为空');
  const flagsOffset = start + pattern.length + 2;
  for (const [index, flag] of [...flags].entries()) {
    const offset = flagsOffset + index;
    if (!isRegexFlag(flag)) {
      return locatedProblem(
        offset,
        1,
        `regex flag "${flag}" is not allowed: use i, m, s, u or v`,
        `不允许的正则标志 “${flag}”：可用 i、m、s、u、v`,
      );
    }
    if (flags.indexOf(flag) !== index) {
      return locatedProblem(offset, 1, `regex flag "${flag}" is repeated`, `正则标志 “${flag}” 重复`);
    }
  }
  try {
    new RegExp(pattern, flags);
  } catch (error) {
    // The engine's own detail is the most precise description; it exists only in English.
    const detail = (error instanceof Error ? error.message : String(error)).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    return {
      offset: start,
      length,
      message: (column) =>
        bi(`invalid regular expression at column ${column}: ${detail}`, `第 ${column} 列的正则表达式无效：${detail}`),
    };
  }
  const nested = nestedRepetitionAt(pattern);
  if (nested === undefined) return undefined;
  return locatedProblem(
    start + 1 + nested,
    1,
    'regular expression repeats a group that already repeats, as in (a+)+, which can take exponential time; bound the outer repetition, e.g. {1,10}',
    '正则表达式对本身已重复的分组再次重复（如 (a+)+），可能耗时呈指数增长；请限定外层重复次数，例如 {1,10}',
  );
}

function invalid(source: string, start: number, problem: SyntaxProblem): InvalidToken {
  return { kind: 'invalid', problem, offset: start, length: source.length - start, text: source.slice(start) };
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}
