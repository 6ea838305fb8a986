/** A string literal on a line of JavaScript: where it starts and what it holds (escapes left as written). */
export interface Literal {
  /** Offset of the opening quote in the line. */
  readonly start: number;
  readonly value: string;
  readonly quote: "'" | '"' | '`';
}

/** One line of a JavaScript file with its comments blanked out and its string literals located. */
export interface CodeLine {
  /** 1-based line number. */
  readonly number: number;
  /** The line with comments replaced by spaces, so offsets still match the source. */
  readonly code: string;
  readonly literals: readonly Literal[];
}

/** Characters after which a `/` starts a regular expression literal rather than a division. */
const regexAfter = new Set(['', '(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);

/**
 * A small JavaScript lexer, just enough to tell code from comments and strings, so a URL in a
 * comment is not reported and a `//` inside `'https://…'` does not start one. Template literals and
 * block comments may span lines; `${…}` inside a template is kept as part of the literal.
 */
export function codeLines(text: string): CodeLine[] {
  const result: CodeLine[] = [];
  let inBlockComment = false;
  // A template literal belongs to the line it opens on, even when it closes lines later.
  let template: { lineIndex: number; start: number; value: string } | undefined;
  const literalsByLine: Literal[][] = [];
  const sourceLines = text.split(/\r?\n/);
  for (let index = 0; index < sourceLines.length; index += 1) {
    const line = sourceLines[index] ?? '';
    let code = '';
    const literals: Literal[] = [];
    literalsByLine.push(literals);
    let previous = '';
    let at = 0;
    while (at < line.length) {
      const char = line[at] ?? '';
      const next = line[at + 1] ?? '';
      if (inBlockComment) {
        if (char === '*' && next === '/') {
          inBlockComment = false;
          code += '  ';
          at += 2;
        } else {
          code += ' ';
          at += 1;
        }
        continue;
      }
      if (template) {
        if (char === '\\') {
          template.value += line.slice(at, at + 2);
          code += line.slice(at, at + 2);
          at += 2;
          continue;
        }
        code += char;
        at += 1;
        if (char === '`') {
          literalsByLine[template.lineIndex]?.push({ start: template.start, value: template.value, quote: '`' });
          template = undefined;
          previous = '`';
        } else template.value += char;
        continue;
      }
      if (char === '/' && next === '/') {
        code += ' '.repeat(line.length - at);
        break;
      }
      if (char === '/' && next === '*') {
        inBlockComment = true;
        code += '  ';
        at += 2;
        continue;
      }
      if (char === "'" || char === '"') {
        const end = closingQuote(line, at + 1, char);
        literals.push({ start: at, value: line.slice(at + 1, end), quote: char });
        code += line.slice(at, end + 1);
        at = end + 1;
        previous = char;
        continue;
      }
      if (char === '`') {
        template = { lineIndex: index, start: at, value: '' };
        code += char;
        at += 1;
        continue;
      }
      if (char === '/' && regexAfter.has(previous)) {
        const end = regexEnd(line, at + 1);
        code += line.slice(at, end);
        at = end;
        previous = '/';
        continue;
      }
      code += char;
      if (char.trim() !== '') previous = /[\w$)\]]/.test(char) ? 'x' : char;
      at += 1;
    }
    if (template) template.value += '\n';
    result.push({ number: index + 1, code, literals });
  }
  return result;
}

/** Index of the closing quote, or the end of the line for an unterminated string. */
function closingQuote(line: string, from: number, quote: string): number {
  for (let at = from; at < line.length; at += 1) {
    if (line[at] === '\\') at += 1;
    else if (line[at] === quote) return at;
  }
  return line.length;
}

/** Index just past a regular expression literal's flags (`/a[/]b/gi`). */
function regexEnd(line: string, from: number): number {
  let inClass = false;
  for (let at = from; at < line.length; at += 1) {
    const char = line[at];
    if (char === '\\') at += 1;
    else if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    else if (char === '/' && !inClass) {
      let end = at + 1;
      while (end < line.length && /[a-z]/i.test(line[end] ?? '')) end += 1;
      return end;
    }
  }
  return line.length;
}
