import { createContext, Script } from 'node:vm';

/** Flags a condition's regex may use; `g` and `y` are left out because they make `test` stateful. */
export const regexFlags = ['i', 'm', 's', 'u', 'v'] as const;

export function isRegexFlag(flag: string): boolean {
  return (regexFlags as readonly string[]).includes(flag);
}

/**
 * Offset of a repetition applied to a group that itself repeats without bound, as in `(a+)+`:
 * such star height ≥ 2 patterns backtrack exponentially, so they are refused at parse time.
 */
export function nestedRepetitionAt(pattern: string): number | undefined {
  // One entry per open group: whether it contains an unbounded repetition so far.
  const groups: boolean[] = [false];
  let previousGroupRepeats = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      i++;
      previousGroupRepeats = false;
    } else if (ch === '[') {
      i = classEnd(pattern, i);
      previousGroupRepeats = false;
    } else if (ch === '(') {
      groups.push(false);
      previousGroupRepeats = false;
    } else if (ch === ')') {
      const inner = groups.pop() === true;
      if (groups.length === 0) groups.push(false);
      if (inner) groups[groups.length - 1] = true;
      previousGroupRepeats = inner;
    } else {
      const unbounded = ch === '*' || ch === '+' || (ch === '{' && /^\{\d+,\}/.test(pattern.slice(i, i + 24)));
      if (unbounded) {
        if (previousGroupRepeats) return i;
        groups[groups.length - 1] = true;
      }
      previousGroupRepeats = false;
    }
  }
  return undefined;
}

function classEnd(pattern: string, open: number): number {
  for (let i = open + 1; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']') return i;
  }
  return pattern.length;
}

/** Only the first 1 MB of a fact is matched, so a huge body costs a bounded amount of work. */
export const maxMatchInputLength = 1024 * 1024;
/** A match running longer than this is abandoned; the nested-repetition check cannot catch every slow pattern. */
export const matchTimeoutMs = 100;

export type MatchResult = { readonly kind: 'matched'; readonly matched: boolean } | { readonly kind: 'timeout' };

// A vm script is the only way to interrupt a running regex in-process; it runs our fixed one-liner, never condition text.
const matchScript = new Script('pattern.test(input)');
const matchContext = createContext({ pattern: /(?:)/, input: '' });

export function testRegex(pattern: string, flags: string, input: string): MatchResult {
  matchContext.pattern = new RegExp(pattern, flags);
  matchContext.input = input.length > maxMatchInputLength ? input.slice(0, maxMatchInputLength) : input;
  try {
    return { kind: 'matched', matched: matchScript.runInContext(matchContext, { timeout: matchTimeoutMs }) === true };
  } catch {
    return { kind: 'timeout' };
  } finally {
    matchContext.input = '';
  }
}
