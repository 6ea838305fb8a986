import type { LineView } from '../rule.js';

/**
 * What comes between a name and its value: `=`, `:`, `:=`, `=>`, `：`, a quoted key's `,` (`'app_secret', '…'` in a
 * SQL row or a Java map), a Markdown cell border, a setter's `(` or an XML element; then maybe a quote, full-width ones
 * (`“`, `‘`, `「`) included.
 */
const assignment =
  /(?:([A-Za-z_$][\w.$-]{0,60})["'\]]{0,2}\s{0,4}(?:=|:=?|=>|：|\||\()|["']([A-Za-z_$][\w.$-]{0,60})["']\s{0,2},|<([A-Za-z_][\w.-]{0,60})>)\s{0,4}["'`“‘「]?$/;

/**
 * The key a value at `index` of the line is assigned to (`appSecret` in `appSecret: '…'`, `mch-key` in
 * `\n    mch-key: …` inside a SQL dump), or undefined when the value is not directly assigned: a hash in a row of values
 * is not named by a `secret` column far to its left.
 */
export function assignedName(text: string, index: number): string | undefined {
  // An escaped newline (`…\nmch-key: …` in a SQL dump of a config centre) ends the line before the name.
  const m = assignment.exec(text.slice(Math.max(0, index - 80), index).replace(/\\[nrt]/g, '\n'));
  return m === null ? undefined : (m[1] ?? m[2] ?? m[3]);
}

/** The text near a match: up to `chars` characters on each side on its own line, plus `radius` lines around it. */
export function near(line: LineView, index: number, radius: number, chars = 400): string {
  const own = line.text.slice(Math.max(0, index - chars), index + chars);
  return [...line.before(radius), own, ...line.after(radius)].join('\n');
}

/**
 * A regular-expression alternation for secret-holding key words in the three spellings code uses: `password`,
 * `dbPassword` (camel case: the capitalised word may follow a lower-case letter) and `DB_PASSWORD`; a lower-case word
 * glued to letters (`mypassword`, `passwordless` aside) is not one. Inner capitals are written as `[kK]`.
 */
export function keyWords(words: readonly string[]): string {
  const forms = words.flatMap((word) => [
    `(?<![A-Za-z])${word}`,
    `(?<![A-Z])${word.charAt(0).toUpperCase()}${word.slice(1)}`,
    `(?<![A-Za-z])${word.toUpperCase()}`,
  ]);
  return `(?:${forms.join('|')})`;
}

/**
 * The key of the YAML mapping a line sits in (`jwt` for `  secret: …` under `jwt:`): the nearest line above, up to 12,
 * indented less. Undefined for a line at the left margin or a parent out of reach.
 */
export function parentKey(line: LineView): string | undefined {
  const indent = /^ */.exec(line.text)?.[0].length ?? 0;
  if (indent === 0) return undefined;
  for (const text of line.before(12).reverse()) {
    if (text.trim() === '' || /^\s*#/.test(text)) continue;
    if ((/^ */.exec(text)?.[0].length ?? 0) < indent) return /^\s*([\w.-]+)\s*:/.exec(text)?.[1];
  }
  return undefined;
}

/** A call a value is an argument of: what is called (`new OSSClient`, `DefaultProfile.getProfile`) and the arguments before the value. */
export interface EnclosingCall {
  readonly callee: string;
  readonly argsBefore: string;
}

/**
 * The call whose later positional argument ends `text` (`new OSSClient(endpoint, "LTAI…", "` → `new OSSClient`,
 * `endpoint, "LTAI…", "`), or undefined when the text does not end in `, "` inside a call's parentheses. The walk stops
 * at a statement's or block's edge, so an argument is never given to a call on an earlier statement.
 */
export function enclosingCall(text: string): EnclosingCall | undefined {
  if (!/,\s{0,80}["'\x60]$/.test(text)) return undefined;
  let depth = 0;
  for (let i = text.length - 1; i >= Math.max(0, text.length - 400); i--) {
    const ch = text.charAt(i);
    if (ch === ')') depth++;
    else if (ch === ';' || ch === '{' || ch === '}') return undefined;
    else if (ch === '(' && depth-- === 0) {
      const callee = /(?:new\s+)?[\w$.]+\s*$/.exec(text.slice(Math.max(0, i - 80), i))?.[0].trim();
      return callee === undefined ? undefined : { callee, argsBefore: text.slice(i + 1) };
    }
  }
  return undefined;
}
