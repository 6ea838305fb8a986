import type { Bilingual } from '../core/text.js';
import type { FindingCategory, Severity } from './types.js';

/** File groups defined by the scan configuration (`leftovers.codeFiles` …). */
export const ruleScopes = ['code-files', 'shipped-code', 'production-config'] as const;
export type RuleScope = (typeof ruleScopes)[number];

/** The text a rule looks at: one line (or, for very long lines, a window of it) plus its surroundings. */
export interface LineView {
  /** Path relative to the scan root (posix). */
  readonly file: string;
  /** 1-based line number. */
  readonly number: number;
  /** The line's text, without the newline. */
  readonly text: string;
  /** Up to `count` lines before this one, nearest last. */
  before(count: number): string[];
  /** Up to `count` lines after this one, nearest first. */
  after(count: number): string[];
  /** Up to `chars` characters of the file that follow this line (after its newline). */
  following(chars: number): string;
  /**
   * What `compute` returns, computed once per file for `key` (a dump's table definitions, looked up once for its
   * thousands of rows) and kept while this file is scanned.
   */
  remember<T>(key: string, compute: () => T): T;
}

/**
 * How serious a hit is: a severity, or `unreported` — a value masked wherever text is shown (previews, redacted
 * evidence, an imported plan) that is still not a finding, because nobody else could use it: a login a document says
 * is a default or demo one, a fixture in a test.
 */
export type HitRating = Severity | 'unreported';

/** Where in `LineView.text` a rule matched; `start..end` is the secret (or the leftover) itself. */
export interface RuleHit {
  start: number;
  end: number;
  /** The value used for the fingerprint and for redaction when it differs from `text.slice(start, end)`. */
  value?: string;
  /** What the preview shows instead of `text.slice(start, end)`; default: the redacted value. */
  redactAs?: string;
  /** This hit's rating when it differs from the rule's severity (a password for a public host is worse than for `mysql`). */
  severity?: HitRating;
}

/** A detection rule. Rules are data plus one `find` function, and know nothing about files or workers. */
export interface Rule {
  /** Stable kebab-case id, reported in findings and used by allow lists and baselines. */
  readonly id: string;
  /** What the rule finds, shown to people. */
  readonly description: Bilingual;
  readonly severity: Severity;
  readonly category: FindingCategory;
  /** Lowercase keywords (≥ 3 characters); a line is tested only when one occurs on it, case-insensitively. */
  readonly keywords: readonly string[];
  /** Also test this many lines before and after a keyword hit (for values whose context sits on a nearby line). */
  readonly reach?: number;
  /** Also test this many lines after a keyword hit (a table's rows below its header). */
  readonly reachAfter?: number;
  /**
   * Also test the lines after a keyword hit that continue its statement: each following line whose start matches this
   * (phpMyAdmin writes `INSERT INTO t (…) VALUES` and then one `(…),` row a line), up to `maxContinuedLines`.
   */
  readonly continues?: RegExp;
  /** Files the rule applies to, named by a group the scan configuration defines; all files when absent. */
  readonly scope?: RuleScope;
  /** A catch-all rule: its hits are dropped where a specific rule already found the same text. */
  readonly generic?: boolean;
  /** Read the woken line whole, however long (a dump's row list), instead of windows around the keyword hits. */
  readonly wholeLine?: boolean;
  /** The secret is a whole block: redact from the hit to the end of the line view. */
  readonly blockSecret?: boolean;
  /**
   * A rule about the file itself (a key store by its name and type): asked once per path, before the file is read, so
   * a binary `.p12` is a finding even though its content never is. Returns the severity, or undefined for no finding.
   * Such rules have no keywords and are never run on lines.
   */
  readonly matchPath?: (file: string) => Severity | undefined;
  /** Finds the rule's matches in one line. */
  find(line: LineView): RuleHit[];
}

/** How many lines a statement's continuation (`Rule.continues`) may run to. */
export const maxContinuedLines = 100_000;

/** Builds a `find` from a regular expression whose group `group` (default: the whole match) is the secret. */
export function regexFind(
  pattern: RegExp,
  options: {
    group?: number;
    validate?: (value: string, line: LineView, match: RegExpExecArray) => boolean;
    /** The hit's rating when it depends on the match (default: the rule's severity). */
    rate?: (value: string, line: LineView, match: RegExpExecArray) => HitRating | undefined;
  } = {},
): (line: LineView) => RuleHit[] {
  const flags = new Set([...pattern.flags, 'g', 'd']);
  const re = new RegExp(pattern.source, [...flags].join(''));
  const group = options.group ?? 0;
  return (line) => {
    const hits: RuleHit[] = [];
    re.lastIndex = 0;
    for (let m = re.exec(line.text); m !== null; m = re.exec(line.text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const span = m.indices?.[group];
      const value = m[group];
      if (span === undefined || value === undefined) continue;
      if (options.validate !== undefined && !options.validate(value, line, m)) continue;
      const severity = options.rate?.(value, line, m);
      hits.push(severity === undefined ? { start: span[0], end: span[1] } : { start: span[0], end: span[1], severity });
    }
    return hits;
  };
}
