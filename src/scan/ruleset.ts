import { ignore, type Ignore } from './ignore-lib.js';
import { bi } from '../core/text.js';
import type { LeftoversConfig } from './config.js';
import { compileRules, type CompiledRules } from './engine.js';
import { regexFind, type Rule, type RuleHit, type RuleScope } from './rule.js';
import { leftoverRules, secretRules } from './rules/index.js';
import type { CustomPattern, RuleGroup, Severity } from './types.js';

/** Everything a worker needs to rebuild the same rule set: plain data only. */
export interface RuleSetSpec {
  group: RuleGroup;
  leftovers: LeftoversConfig;
  patterns: CustomPattern[];
}

/** Turns a plan's custom pattern into a rule of category `pattern`. */
export function customRule(pattern: CustomPattern): Rule {
  const message = pattern.message ?? `Forbidden pattern ${pattern.id}`;
  const description = typeof message === 'string' ? bi(message, message) : message;
  const base = { id: pattern.id, description, severity: pattern.severity, category: 'pattern' as const };
  if (pattern.literal !== undefined) {
    const literal = pattern.literal;
    return {
      ...base,
      keywords: Buffer.byteLength(literal) >= 2 ? [literal.toLowerCase()] : [],
      find(line): RuleHit[] {
        const hits: RuleHit[] = [];
        for (let i = line.text.indexOf(literal); i !== -1; i = line.text.indexOf(literal, i + literal.length)) {
          hits.push({ start: i, end: i + literal.length });
        }
        return hits;
      },
    };
  }
  return { ...base, keywords: [], find: regexFind(new RegExp(pattern.regex ?? '(?!)', 'u')) };
}

function matcher(patterns: readonly string[]): Ignore {
  return ignore({ allowRelativePaths: true }).add([...patterns]);
}

/**
 * The longest run of literal characters in a gitignore pattern, lower-cased and without leading slashes: every path
 * the pattern matches (or lies under a directory it matches) contains it. Empty when there is none worth testing
 * (`*`, `?`), or when the pattern cannot be reasoned about this simply (negations, escapes); undefined for blank lines
 * and comments, which match nothing.
 */
function requiredLiteral(pattern: string): string | undefined {
  const trimmed = pattern.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  if (trimmed.startsWith('!') || trimmed.includes('\\')) return '';
  // A bracket expression stands for one unknown character, like `?`. A leading slash anchors the pattern (paths here
  // have none); a trailing one means a directory, which a matching path always continues with `/`, so it stays
  // (`prod/` is not found in `products.ts`).
  const pieces = trimmed.replace(/\[[^\]]*\]?/g, '*').split(/[*?]+/).map((piece) => piece.replace(/^\/+/, '').toLowerCase());
  return pieces.reduce((longest, piece) => (piece.length > longest.length ? piece : longest), '');
}

/**
 * `ignore`'s answer for a list of gitignore-style patterns, with a substring gate in front: a path that contains none
 * of the patterns' required literals cannot match, and most paths are answered by one case-insensitive alternation of
 * the literals instead of one regular expression per pattern and parent directory.
 */
function gitignoreTest(patterns: readonly string[]): PathPredicate {
  const m = matcher(patterns);
  const literals = patterns.map(requiredLiteral).filter((literal) => literal !== undefined);
  const mayMatch = new RegExp(literals.map((literal) => literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'i');
  const gated = literals.some((literal) => literal === '') ? (path: string) => m.ignores(path) : (path: string) => mayMatch.test(path) && m.ignores(path);
  return byDirectory(gated, gated);
}

/** A path test given the path and its directory (`a/b/` for `a/b/c.js`, '' at the root): one string for all tests of a file. */
type PathPredicate = (path: string, dir: string) => boolean;

/**
 * A path test asked once per directory: as in git, everything under a matched directory matches (`src/` →
 * `src/a/b.js`), so a file's directory, answered once from a cache, settles most files; `file` tests the rest.
 */
function byDirectory(directory: (dir: string) => boolean, file: (path: string) => boolean): PathPredicate {
  const directories = new Map<string, boolean>();
  // Files come listing by listing: the directory asked last answers most files without a map lookup.
  let lastDir = '';
  let lastMatched = false;
  return (path, dir) => {
    if (dir !== '') {
      if (dir !== lastDir) {
        let matched = directories.get(dir);
        if (matched === undefined) {
          matched = directory(dir);
          directories.set(dir, matched);
        }
        lastDir = dir;
        lastMatched = matched;
      }
      if (lastMatched) return true;
    }
    return file(path);
  };
}

function directoryOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

const extensionGlob = /^\*\.([^*?[\]\\/!#.\s]+)$/;

/**
 * A gitignore-style path test. A list of plain `*.ext` globs (the default code-file list) is answered from a set of
 * extensions: such a glob matches any path segment ending in `.ext` (case-insensitive, like `ignore`'s default), which
 * costs a split instead of one regex per pattern and parent. Anything else goes through `ignore`.
 */
export function pathTest(patterns: readonly string[]): (file: string) => boolean {
  const predicate = pathPredicate(patterns);
  return (file) => predicate(file, directoryOf(file));
}

function pathPredicate(patterns: readonly string[]): PathPredicate {
  const extensions = patterns.map((p) => extensionGlob.exec(p)?.[1]?.toLowerCase());
  if (patterns.length === 0 || extensions.some((e) => e === undefined)) return gitignoreTest(patterns);
  const set = new Set(extensions);
  const endsWithExtension = (segment: string): boolean => {
    const dot = segment.lastIndexOf('.');
    return dot !== -1 && set.has(segment.slice(dot + 1).toLowerCase());
  };
  return byDirectory(
    (dir) => dir.split('/').some(endsWithExtension),
    (path) => endsWithExtension(path.slice(path.lastIndexOf('/') + 1)),
  );
}

/** Chooses, per file, which rules apply, and caches one compiled set per distinct choice. */
export class RuleSet {
  private readonly rules: Rule[];
  /** The path tests that decide which rules apply: the scopes rules name, then custom patterns' `paths`. */
  private readonly tests: PathPredicate[] = [];
  /** For each rule, the index in `tests` that must pass for it to apply, or -1. */
  private readonly ruleTest: number[];
  private readonly cache = new Map<number | string, CompiledRules>();
  private readonly pathRules: readonly Rule[];

  constructor(spec: RuleSetSpec) {
    const { leftovers } = spec;
    const enabled: Record<string, boolean> = {
      'todo-marker': leftovers.todo,
      'console-log': leftovers.console,
      'debugger-statement': leftovers.debugger,
      'debug-switch': leftovers.debugSwitches,
      'local-url': leftovers.localUrls,
      'private-ip-url': leftovers.localUrls,
      'test-domain-url': leftovers.localUrls,
    };
    const custom = spec.patterns.map(customRule);
    this.rules = [
      ...(spec.group === 'leftovers' ? [] : secretRules),
      ...(spec.group === 'secrets' ? [] : leftoverRules.filter((r) => enabled[r.id] !== false)),
      ...custom,
    ];
    const shipped = gitignoreTest(leftovers.shippedCode);
    const tests = gitignoreTest(leftovers.testPaths);
    const jsLike = /\.(?:[cm]?[jt]sx?|vue|svelte|wxs)$/i;
    const production = gitignoreTest(leftovers.productionConfig);
    const scopes: Record<RuleScope, PathPredicate> = {
      'code-files': pathPredicate(leftovers.codeFiles),
      'shipped-code': (file, dir) => jsLike.test(file) && shipped(file, dir) && !tests(file, dir),
      'production-config': production,
    };
    const scopeTest = new Map<RuleScope, number>();
    const builtIn = this.rules.length - custom.length;
    this.pathRules = this.rules.filter((rule) => rule.matchPath !== undefined);
    this.ruleTest = this.rules.map((rule, index) => {
      if (index >= builtIn) {
        const paths = spec.patterns[index - builtIn]?.paths;
        return paths === undefined ? -1 : this.tests.push(gitignoreTest(paths)) - 1;
      }
      if (rule.scope === undefined) return -1;
      let at = scopeTest.get(rule.scope);
      if (at === undefined) {
        at = this.tests.push(scopes[rule.scope]) - 1;
        scopeTest.set(rule.scope, at);
      }
      return at;
    });
  }

  /** The compiled rules that apply to `file` (relative, posix). Each path test runs once per file. */
  forFile(file: string): CompiledRules {
    const dir = directoryOf(file);
    const { tests } = this;
    // One bit per test while they fit in a small integer (always, but for plans with dozens of path-bound patterns).
    let key: number | string;
    if (tests.length <= 30) {
      let bits = 0;
      for (let i = 0; i < tests.length; i++) if ((tests[i] as PathPredicate)(file, dir)) bits |= 1 << i;
      key = bits;
    } else {
      key = tests.map((test) => (test(file, dir) ? '1' : '0')).join('');
    }
    let compiled = this.cache.get(key);
    if (compiled === undefined) {
      const passed = tests.map((test) => test(file, dir));
      compiled = compileRules(
        this.rules.filter((_, index) => {
          const test = this.ruleTest[index] as number;
          return test === -1 || passed[test] === true;
        }),
      );
      this.cache.set(key, compiled);
    }
    return compiled;
  }

  /** The path rules (key stores by name) that match `file`, with the severity each gives it. */
  pathMatches(file: string): { rule: Rule; severity: Severity }[] {
    const out: { rule: Rule; severity: Severity }[] = [];
    for (const rule of this.pathRules) {
      const severity = rule.matchPath?.(file);
      if (severity !== undefined) out.push({ rule, severity });
    }
    return out;
  }

  /** Every rule in the set (for report metadata such as SARIF rule descriptors). */
  all(): readonly Rule[] {
    return this.rules;
  }
}
