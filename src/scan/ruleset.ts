import ignore, { type Ignore } from 'ignore';
import { bi } from '../i18n/text.js';
import type { LeftoversConfig } from './config.js';
import { compileRules, type CompiledRules } from './engine.js';
import { regexFind, type Rule, type RuleHit, type RuleScope } from './rule.js';
import { leftoverRules, secretRules } from './rules/index.js';
import type { CustomPattern, RuleGroup } from './types.js';

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

const extensionGlob = /^\*\.([^*?[\]\\/!#.\s]+)$/;

/**
 * A gitignore-style path test. A list of plain `*.ext` globs (the default code-file list) is answered from a set of
 * extensions: such a glob matches any path segment ending in `.ext` (case-insensitive, like `ignore`'s default), which
 * costs a split instead of one regex per pattern and parent. Anything else goes through `ignore`.
 */
export function pathTest(patterns: readonly string[]): (file: string) => boolean {
  const extensions = patterns.map((p) => extensionGlob.exec(p)?.[1]?.toLowerCase());
  if (patterns.length === 0 || extensions.some((e) => e === undefined)) {
    const m = matcher(patterns);
    return (file) => m.ignores(file);
  }
  const set = new Set(extensions);
  return (file) => {
    for (const segment of file.split('/')) {
      const dot = segment.lastIndexOf('.');
      if (dot !== -1 && set.has(segment.slice(dot + 1).toLowerCase())) return true;
    }
    return false;
  };
}

/** Chooses, per file, which rules apply, and caches one compiled set per distinct choice. */
export class RuleSet {
  private readonly rules: Rule[];
  private readonly scopes: Record<RuleScope, (file: string) => boolean>;
  private readonly patternPaths: (((file: string) => boolean) | undefined)[];
  private readonly cache = new Map<string, CompiledRules>();

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
    const code = pathTest(leftovers.codeFiles);
    const shipped = matcher(leftovers.shippedCode);
    const tests = matcher(leftovers.testPaths);
    const jsLike = /\.(?:[cm]?[jt]sx?|vue|svelte|wxs)$/i;
    const production = matcher(leftovers.productionConfig);
    this.scopes = {
      'code-files': code,
      'shipped-code': (file) => jsLike.test(file) && shipped.ignores(file) && !tests.ignores(file),
      'production-config': (file) => production.ignores(file),
    };
    const customPaths = spec.patterns.map((p) => (p.paths === undefined ? undefined : matcher(p.paths)));
    this.patternPaths = [...new Array<undefined>(this.rules.length - custom.length), ...customPaths.map((m) => (m === undefined ? undefined : (file: string) => m.ignores(file)))];
  }

  /** The compiled rules that apply to `file` (relative, posix). */
  forFile(file: string): CompiledRules {
    const chosen: number[] = [];
    // Each scope is tested once per file, not once per rule that has it.
    const inScope = new Map<RuleScope, boolean>();
    this.rules.forEach((rule, index) => {
      let scoped = true;
      if (rule.scope !== undefined) {
        scoped = inScope.get(rule.scope) ?? this.scopes[rule.scope](file);
        inScope.set(rule.scope, scoped);
      }
      const paths = this.patternPaths[index];
      if (scoped && (paths === undefined || paths(file))) chosen.push(index);
    });
    const key = chosen.join(',');
    let compiled = this.cache.get(key);
    if (compiled === undefined) {
      compiled = compileRules(chosen.map((i) => this.rules[i] as Rule));
      this.cache.set(key, compiled);
    }
    return compiled;
  }

  /** Every rule in the set (for report metadata such as SARIF rule descriptors). */
  all(): readonly Rule[] {
    return this.rules;
  }
}
