import type { LineView } from '../rule.js';
import { isMarkdown } from '../values.js';

/**
 * What comes between a name and its value: `=`, `:`, `:=`, `=>`, `：`, a quoted key's `,` (`'app_secret', '…'` in a
 * SQL row or a Java map), a Markdown cell border, a setter's `(` or an XML element; then maybe a quote, full-width ones
 * (`“`, `‘`, `「`) included, or Tornado's `define("name", default=…)`; quotes may be escaped (JSON inside a string:
 * `{\"token\":\"…\"}`). A PHP array pads its keys to one column (`'key'             => '…'`), up to 24 spaces; Go
 * types a constant (`WX_APP_SECRET string = "…"`).
 */
const assignment =
  /(?:([A-Za-z_$][\w.$-]{0,60})(?:\\?["'\]]){0,2}(?:\s{1,4}string)?\s{0,24}(?:=|:=?|=>|：|\||\()|["']([A-Za-z_$][\w.$-]{0,60})["']\s{0,2},(?:\s{0,4}default\s{0,4}=)?|<([A-Za-z_][\w.-]{0,60})>)\s{0,4}\\?["'`“‘「]?$/;

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

/**
 * A comment saying a value is made up or must be replaced (`// 这个是虚拟的（瞎编的）`, `//请从官方获取`,
 * `//接口加密密钥--请自行修改`, `# fake`).
 */
const madeUpNote = /(?:\/\/|#|\/\*)[^\n]*(?:虚拟|瞎编|编的|假的|随便写|请从官方获取|请?自行修改|请?自行替换|替换为(?:你|您)|换成(?:你|您)|改成(?:你|您)|(?<![a-z])(?:fake|dummy|made[- ]up|replace with your)(?![a-z]))/i;

/**
 * Whether a comment after the value (from `valueEnd`) or on its own line right above calls it made up or to be replaced:
 * a template's stand-in, left for whoever deploys it to change.
 */
export function calledMadeUp(line: LineView, valueEnd: number): boolean {
  if (madeUpNote.test(line.text.slice(valueEnd))) return true;
  const above = line.before(1)[0] ?? '';
  return /^\s*(?:\/\/|#|\/?\*)/.test(above) && madeUpNote.test(above);
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

/** How far a line is indented, in spaces or tabs (JavaScript indented with tabs: Egg's `\tconfig.jwt = {`). */
export function indentOf(text: string): number {
  return /^[ \t]*/.exec(text)?.[0].length ?? 0;
}

/**
 * The key of the mapping a line sits in (`jwt` for `  secret: …` under YAML's `jwt:`, JavaScript's `jwt: {` or Egg's
 * `config.jwt = {`): the nearest line above, up to 12, indented less. Undefined for a line at the left margin or a
 * parent out of reach.
 */
export function parentKey(line: LineView): string | undefined {
  const indent = indentOf(line.text);
  if (indent === 0) return undefined;
  for (const text of line.before(12).reverse()) {
    if (text.trim() === '' || /^\s*#/.test(text)) continue;
    if (indentOf(text) < indent) return /^\s*([\w.-]+)\s*(?::|=\s*\{)/.exec(text)?.[1];
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
 * at a statement's or block's edge, so an argument is never given to a call on an earlier statement; string literals
 * before the value are stepped over whole (a DSN's `;` in `new PDO("mysql:host=…;dbname=…", …)` ends nothing).
 */
export function enclosingCall(text: string): EnclosingCall | undefined {
  if (!/,\s{0,80}["'\x60]$/.test(text)) return undefined;
  let depth = 0;
  // From the character before the value's own opening quote, which ends the text.
  for (let i = text.length - 2; i >= Math.max(0, text.length - 400); i--) {
    const ch = text.charAt(i);
    if (ch === '"' || ch === "'" || ch === '\x60') {
      const opening = text.lastIndexOf(ch, i - 1);
      if (opening < 0) return undefined;
      i = opening;
    } else if (ch === ')') depth++;
    else if (ch === ';' || ch === '{' || ch === '}') return undefined;
    else if (ch === '(' && depth-- === 0) {
      const callee = /(?:new\s+)?[\w$.]+\s*$/.exec(text.slice(Math.max(0, i - 80), i))?.[0].trim();
      return callee === undefined ? undefined : { callee, argsBefore: text.slice(i + 1) };
    }
  }
  return undefined;
}

/** The call the value at `index` of the line is a later argument of, its opening up to two lines above. */
export function callAround(line: LineView, index: number): EnclosingCall | undefined {
  return enclosingCall([...line.before(2), line.text.slice(0, index)].join('\n'));
}

/** A value alone on its line, maybe indented or in a code span: one token, never a sentence. */
const loneToken = /^\s{0,12}\x60?([^\s\x60]{1,200})\x60?\s*$/;
/** A code fence's first or last line (`\x60\x60\x60`, `\x60\x60\x60text`). */
const fence = /^\s{0,12}\x60{3,}[\w-]{0,20}\s*$/;
/**
 * A line that is only a label: `**数据库密码**`, `- AppSecret:`, `### 密钥`, `AppSecret：`, in bold, a list item or a
 * heading, ending in nothing but a colon. The label is group 1.
 */
const bareLabel = /^\s{0,8}(?:[-*+]\s{1,4}|\d{1,2}[.)]\s{1,4}|#{1,6}\s{1,4})?(?:\*\*|__)?\x60?([^\s*_\x60:：|#][^*\x60:：|#]{0,39}?)\x60?\s{0,3}(?:\*\*|__)?\s{0,3}[:：]?\s{0,3}(?:\*\*|__)?\s*$/;

/** A value written below its label in a document: the label, the label's line and the value. */
export interface LabelledBelow {
  readonly label: string;
  readonly labelLine: string;
  readonly value: string;
}

/**
 * The label a Markdown document or a notes file writes on the line above a value alone on its line (`**数据库密码**`
 * then the password, `- AppSecret:` then the secret indented or in a code fence of its own), or undefined: a value
 * must be the only token on its line, and the nearest non-blank line above (past the fence) only a label, so a
 * sentence under a heading is prose.
 */
export function labelAbove(line: LineView): LabelledBelow | undefined {
  // Also a plain-text notes file (`说明.txt`: `密码` on a line, the password on the next).
  if (!isMarkdown(line.file) && !/\.txt$/i.test(line.file)) return undefined;
  const value = loneToken.exec(line.text)?.[1];
  // A setting on its own line (`WECHAT_ENABLED=true` below `DB_PASSWORD=生产密码` in an env sample) is no lone value.
  if (value === undefined || fence.test(line.text) || /^[A-Za-z_][\w.]*=/.test(value)) return undefined;
  const above = line.before(3).filter((text) => text.trim() !== '');
  let labelLine = above.at(-1) ?? '';
  // A value fenced alone: the fence closes on the next line.
  if (fence.test(labelLine)) {
    if (!fence.test(line.after(1)[0] ?? '')) return undefined;
    labelLine = above.at(-2) ?? '';
  }
  const label = bareLabel.exec(labelLine)?.[1]?.trim();
  return label === undefined ? undefined : { label, labelLine, value };
}

/** A docblock's line: ` * …` or its opening `/**`. */
const docblockLine = /^\s*(?:\/\*\*|\*(?!\/))/;
/** What introduces a documented response: apidoc's `@apiSuccessExample`, `@return`, 返回样例, 响应示例. */
const responseSampleMark = /@api(?:Success|Error)Example|@returns?\b|@response\b|返回(?:样例|示例|值|数据|结果|格式)|响应(?:样例|示例)/i;

/** Swagger's and OpenAPI's annotations, whose `notes`/`example` hold a sample request (`notes = "{\"token\":\"…\"}"`). */
const apiDocAnnotation = /@(?:Api\w*|Schema|Operation|Parameter|ExampleObject)\s*\(/;

/**
 * A `token` in a response documented in a docblock (`* {"code":200,"data":{"token":"…"}}` under `@apiSuccessExample`)
 * or in a Swagger annotation's sample request: a session token the API issued once, shown as an example. Asked only of
 * hits: reads up the docblock a few lines.
 */
export function tokenInResponseSample(line: LineView, name: string): boolean {
  if (!/token$/i.test(name)) return false;
  // An API document's response (`- **Response**:` then a JSON block holding `"token": "…"`).
  if (isMarkdown(line.file)) return [line.text, ...line.before(6)].some((text) => /response|响应|返回/i.test(text));
  return inDocumentedSample(line);
}

/**
 * Whether a line of code is part of a documented sample: a docblock's response (`* @return {"code":1,"data":{…}}`,
 * with the request it echoes) or a Swagger annotation's example. Asked only of hits: reads up the docblock a few lines.
 */
export function inDocumentedSample(line: LineView): boolean {
  if (apiDocAnnotation.test(line.text)) return true;
  if (!docblockLine.test(line.text)) return jsonInsideDocblock(line);
  for (const text of [line.text, ...line.before(8).reverse()]) {
    if (!docblockLine.test(text)) return false;
    if (responseSampleMark.test(text)) return true;
  }
  return false;
}

/**
 * Whether a line is a JSON member inside a docblock opened above it (`/**`, then a response pasted from the vendor's
 * documents without the ` * ` margin): an opener within 12 lines and no closer in between. Code commented out with `/*`
 * (`/* $config = ['token' => '…'] *\/`) is the team's own and still read.
 */
function jsonInsideDocblock(line: LineView): boolean {
  if (!/^\s*"\w+"\s*:/.test(line.text)) return false;
  for (const text of line.before(12).reverse()) {
    if (text.includes('*/')) return false;
    if (/^\s*\/\*\*/.test(text)) return true;
  }
  return false;
}
