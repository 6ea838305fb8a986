import path from 'node:path';
import type { RawMatch } from './engine.js';
import { toFindings } from './findings.js';
import { readCandidate } from './read.js';
import { redactValue } from './redact.js';
import { repeatedSecret } from './rules/repeats.js';
import { previousLine } from './scan-file.js';
import { isBuiltOrVendoredScript } from './script-origin.js';
import { severities, type Finding, type Severity } from './types.js';
import { charClasses, hasTypingRun, isCommonPassword, isPathName, isPlaceholder, isProgramName, isTestFile, looksRandom } from './values.js';
import { WasmKeywordMatcher } from './wasm-matcher.js';

/**
 * The value of a reported secret finding and where it was found. It stays in memory (passed between a scan's threads)
 * so the scan can find where else the value is written; it is never part of a finding, a report or a file.
 */
export interface KnownSecret {
  value: string;
  rule: string;
  severity: Severity;
  file: string;
  line: number;
}

/**
 * More distinct values than this and the scan does not look for copies: a tree holding that many secrets is a dump or
 * a fixture collection, whose copies would bury the report (and the search would cost as much as the scan).
 */
export const maxRepeatedValues = 100;

/** Lines longer than this are shown in a window around each copy, as the rules see them (engine.ts). */
const longLine = 16 * 1024;
const windowBytes = 4 * 1024;

/**
 * Whether another occurrence of a value is the same secret rather than a coincidence: long enough, not a word or a
 * common password, not only digits unless it is long. `123456` or `admin123` recur everywhere; `Shop2023.Prod` or a
 * 32-hex AppSecret only where someone copied it.
 */
export function isDistinctive(value: string): boolean {
  // Printable ASCII only: the matcher folds case byte by byte, and a generated secret has no other characters.
  if (value.length < 8 || value.length > 512 || /[^\x21-\x7e]|["'`<>]/.test(value)) return false;
  if (isPlaceholder(value) || isCommonPassword(value) || hasTypingRun(value) || isProgramName(value) || isPathName(value)) return false;
  if (/^\d+$/.test(value)) return value.length >= 12;
  return charClasses(value) >= 2 || (value.length >= 16 && looksRandom(value, 3.5));
}

/** The values to look for, each with the most serious finding it came from, and a matcher for all of them. */
export interface Repeats {
  /** By the matcher's keyword index. */
  readonly secrets: readonly KnownSecret[];
  readonly matcher: WasmKeywordMatcher;
  readonly bytes: readonly Buffer[];
}

/** The distinctive values among `known`, or undefined when there are none or more than `maxRepeatedValues`. */
export function repeatsOf(known: readonly KnownSecret[]): Repeats | undefined {
  const byValue = new Map<string, KnownSecret>();
  for (const k of known) {
    // A test's value is most often a fixture: its copies would be more fixtures.
    if (!isDistinctive(k.value) || isTestFile(k.file)) continue;
    const kept = byValue.get(k.value);
    if (kept === undefined || severities.indexOf(k.severity) < severities.indexOf(kept.severity)) byValue.set(k.value, k);
  }
  if (byValue.size === 0 || byValue.size > maxRepeatedValues) return undefined;
  const secrets = [...byValue.values()];
  return { secrets, matcher: new WasmKeywordMatcher(secrets.map((s) => s.value)), bytes: secrets.map((s) => Buffer.from(s.value, 'utf8')) };
}

/** A name's key right before a value: `"name": "`, `title: '`, `projectname = `. */
const namedAs = /["']?(?:name|title|productName|appName|displayName|projectname|description)["']?\s*[:=]\s*["']?$/i;
/** A connection URL up to its path: what follows is the database's name (`jdbc:mysql://10.0.0.5:3306/`). */
const databasePath = /:\/\/[^\s/'"@]*(?:@[^\s/'"]+)?\/$/;

function wordByte(byte: number | undefined): boolean {
  if (byte === undefined) return false;
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

/**
 * The copies of known values in one file's bytes, as findings of `repeated-secret` rated like the finding each copies.
 * A copy counts only as a whole token (not inside a longer one) and with its exact case; lines that already have a
 * secret finding (the original, or a rule's finding of the copy) get none.
 */
export function repeatsIn(
  buf: Buffer,
  file: string,
  repeats: Repeats,
  reportedLines: ReadonlySet<number>,
  key: string | undefined,
  hits = repeats.matcher.hits(buf),
): Finding[] {
  const matches: RawMatch[] = [];
  const lineTexts = new Map<number, { start: number; end: number; text?: string }>();
  for (let h = 0; h < hits.length; h += 3) {
    const [offset, index, line] = [hits[h] as number, hits[h + 1] as number, hits[h + 2] as number];
    if (reportedLines.has(line)) continue;
    const bytes = repeats.bytes[index] as Buffer;
    const end = offset + bytes.length;
    if (end > buf.length || buf.compare(bytes, 0, bytes.length, offset, end) !== 0 || wordByte(buf[offset - 1]) || wordByte(buf[end])) continue;
    // The value written as a name (`"name": "shop-server"` in package.json, a page's title): a secret set to the
    // project's name is weak where it is used, and the name itself is no copy of it.
    if (namedAs.test(buf.toString('latin1', Math.max(0, offset - 24), offset))) continue;
    // Nor is a database named like it (`jdbc:mysql://…:3306/shop_db` where the password is `shop_db`): the URL names
    // the schema, and the password's own line is the finding.
    if (databasePath.test(buf.toString('latin1', Math.max(0, offset - 120), offset))) continue;
    const secret = repeats.secrets[index] as KnownSecret;
    let bounds = lineTexts.get(line);
    if (bounds === undefined) {
      const nl = buf.indexOf(10, offset);
      bounds = { start: offset === 0 ? 0 : buf.lastIndexOf(10, offset - 1) + 1, end: nl === -1 ? buf.length : nl };
      lineTexts.set(line, bounds);
    }
    // A short line is one text shared by its copies (so each preview masks them all); a long one a window per copy.
    const long = bounds.end - bounds.start > longLine;
    const from = long ? Math.max(bounds.start, offset - windowBytes) : bounds.start;
    const text = long ? textOf(buf, from, Math.min(bounds.end, end + windowBytes)) : (bounds.text ??= textOf(buf, from, bounds.end));
    const start = buf.toString('utf8', from, offset).length;
    matches.push({
      rule: repeatedSecret,
      line,
      // As the engine counts: bytes up to a long line's window, then characters.
      column: from - bounds.start + start + 1,
      value: secret.value,
      lineText: text,
      start,
      end: start + secret.value.length,
      byteStart: offset,
      byteEnd: end,
      redactAs: `${redactValue(secret.value)} (${secret.rule}, ${secret.file}:${secret.line})`,
      severity: secret.severity,
    });
  }
  return toFindings(file, matches, [], (match) => previousLine(buf, match.byteStart), { key });
}

function textOf(buf: Buffer, start: number, end: number): string {
  const text = buf.toString('utf8', start, end);
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/**
 * The copies of known values in a scanned tree: every file the scan read (`files`, relative to `root`) is read again
 * and searched for all values at once. Files already left out as build output or a library's copy stay left out, and
 * so do tests.
 */
export function repeatsInTree(
  root: string,
  files: readonly string[],
  repeats: Repeats,
  findings: readonly Finding[],
  options: { maxBytes: number; key: string | undefined; skipBuildOutput: boolean },
): Finding[] {
  const reported = new Map<string, Set<number>>();
  for (const f of findings) {
    if (f.category !== 'secret') continue;
    const lines = reported.get(f.file) ?? new Set<number>();
    lines.add(f.line);
    reported.set(f.file, lines);
  }
  const none = new Set<number>();
  const out: Finding[] = [];
  for (const file of files) {
    // A test holds fixtures: a value that recurs there is more often an example it was copied from than a leak.
    if (isTestFile(file)) continue;
    const read = readCandidate(path.join(root, file), options.maxBytes);
    if (!read.ok || read.size === 0) continue;
    const hits = repeats.matcher.hits(read.buf);
    if (hits.length === 0 || (options.skipBuildOutput && isBuiltOrVendoredScript(file, read.buf))) continue;
    out.push(...repeatsIn(read.buf, file, repeats, reported.get(file) ?? none, options.key, hits));
  }
  return out;
}

/**
 * Masks known values wherever a preview still shows them: a leftover's line (`console.log(…)` beside a pasted key), a
 * window of a long line whose match a rule found only once.
 */
export function maskKnownValues(findings: Finding[], repeats: Repeats): void {
  for (const finding of findings) {
    for (const secret of repeats.secrets) {
      if (finding.preview.includes(secret.value)) finding.preview = finding.preview.replaceAll(secret.value, redactValue(secret.value));
    }
  }
}
