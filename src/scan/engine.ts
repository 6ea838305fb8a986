import type { KeywordMatcher } from './prefilter.js';
import { maxContinuedLines, type HitRating, type LineView, type Rule, type RuleHit } from './rule.js';
import { WasmKeywordMatcher } from './wasm-matcher.js';

/** A set of rules ready to run: the keyword matcher plus which rules each keyword wakes up. */
export interface CompiledRules {
  readonly rules: readonly Rule[];
  readonly matcher: KeywordMatcher;
  /** For each keyword index, the indices of the rules it belongs to. */
  readonly keywordRules: readonly (readonly number[])[];
  /** Rules without keywords: they run on every line. */
  readonly always: readonly number[];
}

/** A match before it becomes a public Finding: still holds the value, so it never leaves the engine's callers. */
export interface RawMatch {
  rule: Rule;
  line: number;
  column: number;
  /** The matched value (the secret for secret rules). */
  value: string;
  /** The line (or window of a very long line) the match was found in. */
  lineText: string;
  /** Span of the value in `lineText`. */
  start: number;
  end: number;
  /** Absolute byte span of the value in the scanned buffer. */
  byteStart: number;
  byteEnd: number;
  redactAs?: string;
  /** The hit's own rating, when it differs from the rule's severity (`unreported`: masked, not a finding). */
  severity?: HitRating;
}

/** Lines longer than this are tested in windows around keyword hits, so minified files stay linear. */
const longLine = 16 * 1024;
const windowBytes = 4 * 1024;
/** Neighbouring lines handed to rules are cut to this many bytes. */
const neighbourBytes = 4 * 1024;

export function compileRules(rules: readonly Rule[]): CompiledRules {
  const wanted = new Map<string, Set<number>>();
  const always: number[] = [];
  rules.forEach((rule, ruleIndex) => {
    // Path rules are answered from the file's name (RuleSet.pathFindings), never from its lines.
    if (rule.matchPath !== undefined) return;
    if (rule.keywords.length === 0) always.push(ruleIndex);
    for (const raw of rule.keywords) {
      const keyword = raw.toLowerCase();
      const set = wanted.get(keyword) ?? new Set<number>();
      set.add(ruleIndex);
      wanted.set(keyword, set);
    }
  });
  // A keyword that contains a shorter one adds nothing to the search: every hit of `secret_access_key` is a hit
  // of `secret`. Its rules wake on the shorter keyword instead, so the matcher has fewer patterns to skip over.
  const all = [...wanted.keys()].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  const keywordRules: number[][] = [];
  for (const keyword of all) {
    const inner = kept.findIndex((k) => keyword.includes(k));
    const ruleIndices = [...(wanted.get(keyword) ?? [])];
    if (inner === -1) {
      kept.push(keyword);
      keywordRules.push(ruleIndices);
    } else {
      const list = keywordRules[inner] as number[];
      for (const r of ruleIndices) if (!list.includes(r)) list.push(r);
    }
  }
  return { rules, matcher: new WasmKeywordMatcher(kept), keywordRules, always };
}

interface PendingLine {
  number: number;
  start: number;
  end: number;
  rules: Set<number>;
  /** Byte windows to test; the whole line when the line is short. */
  windows: [number, number][];
  /** The windows are the whole line (a short line, or a rule that reads lines whole). */
  whole: boolean;
}

/** Runs compiled rules over one file's bytes: keyword prefilter, then each woken rule on its lines only. */
export function scanBuffer(buf: Buffer, file: string, compiled: CompiledRules): RawMatch[] {
  const hits = compiled.matcher.hits(buf);
  // Most files: no keyword, nothing else to do (and nothing allocated for them).
  return hits.length === 0 && compiled.always.length === 0 ? [] : runRules(buf, file, compiled, hits);
}

/**
 * The rules woken by the prefilter's hits (`matcher.hits` of the same rule set, possibly found by another thread).
 * Apart from scanBuffer so that each stays monomorphic: a worker calls this with hits the calling thread found, and
 * scanBuffer for its own files; one function doing both was deoptimised and compiled again twice per worker.
 */
export function runRules(buf: Buffer, file: string, compiled: CompiledRules, hits: readonly number[]): RawMatch[] {
  const pending = new Map<number, PendingLine>();

  const register = (number: number, start: number, end: number, ruleIndex: number, around: number, whole: boolean): void => {
    let entry = pending.get(number);
    if (entry === undefined) {
      entry = { number, start, end, rules: new Set(), windows: [], whole: false };
      pending.set(number, entry);
    }
    entry.rules.add(ruleIndex);
    if (entry.whole) return;
    if (whole || end - start <= longLine) {
      entry.windows = [[start, end]];
      entry.whole = true;
    } else {
      const from = Math.max(start, around - windowBytes);
      const to = Math.min(end, around + windowBytes);
      const last = entry.windows[entry.windows.length - 1];
      if (last !== undefined && from <= last[1] && from >= last[0]) last[1] = Math.max(last[1], to);
      else entry.windows.push([from, to]);
    }
  };

  let here = { number: -1, start: 0, end: 0 };
  for (let h = 0; h < hits.length; h += 3) {
    const offset = hits[h] as number;
    const keyword = hits[h + 1] as number;
    // Hits come in order: the ones on the line of the last hit (thousands, on a dump's row list) reuse its bounds.
    if (here.number !== hits[h + 2]) here = lineAt(buf, offset, hits[h + 2] as number);
    for (const ruleIndex of compiled.keywordRules[keyword] ?? []) {
      const rule = compiled.rules[ruleIndex] as Rule;
      register(here.number, here.start, here.end, ruleIndex, offset, rule.wholeLine === true);
      const before = rule.reach ?? 0;
      const after = Math.max(rule.reach ?? 0, rule.reachAfter ?? 0);
      let start = here.start;
      for (let k = 1; k <= before && start > 0; k++) {
        const prevEnd = start - 1;
        start = prevEnd === 0 ? 0 : buf.lastIndexOf(10, prevEnd - 1) + 1;
        register(here.number - k, start, prevEnd, ruleIndex, start, false);
      }
      let end = here.end;
      for (let k = 1; k <= after && end < buf.length; k++) {
        const nextStart = end + 1;
        const nl = buf.indexOf(10, nextStart);
        end = nl === -1 ? buf.length : nl;
        register(here.number + k, nextStart, end, ruleIndex, nextStart, false);
      }
      if (rule.continues !== undefined) registerContinuation(buf, here, rule.continues, (number, start, lineEnd) => register(number, start, lineEnd, ruleIndex, start, rule.wholeLine === true));
    }
  }

  if (compiled.always.length > 0) {
    let start = 0;
    for (let number = 1; start <= buf.length; number++) {
      const nl = buf.indexOf(10, start);
      const end = nl === -1 ? buf.length : nl;
      for (const ruleIndex of compiled.always) register(number, start, end, ruleIndex, start, false);
      if (nl === -1) break;
      start = nl + 1;
    }
  }

  const out: RawMatch[] = [];
  const remembered: Remembered = {};
  const lines = [...pending.values()].sort((a, b) => a.number - b.number);
  for (const line of lines) {
    const found: RawMatch[] = [];
    for (const [from, to] of mergeWindows(line.windows)) {
      const view = lineView(buf, file, line, from, to, remembered);
      const bytesAt = byteCursor(view.text);
      for (const ruleIndex of line.rules) {
        const rule = compiled.rules[ruleIndex] as Rule;
        for (const hit of rule.find(view)) found.push(toRaw(rule, view, hit, line, from, bytesAt));
      }
    }
    out.push(...dropShadowed(found, compiled.rules));
  }
  return out;
}

/** Calls `add` for each line after `line` whose first characters match `pattern`, up to the first that does not. */
function registerContinuation(buf: Buffer, line: { number: number; end: number }, pattern: RegExp, add: (number: number, start: number, end: number) => void): void {
  let end = line.end;
  for (let k = 1; k <= maxContinuedLines && end < buf.length; k++) {
    const start = end + 1;
    const nl = buf.indexOf(10, start);
    end = nl === -1 ? buf.length : nl;
    if (!pattern.test(buf.toString('latin1', start, Math.min(end, start + 64)))) return;
    add(line.number + k, start, end);
  }
}

/**
 * Short groups after an unquoted secret that run to the end of its value (a Gmail app password `abcd efgh ijkl mnop`,
 * a key pasted in blocks): part of the secret. A rule's value pattern stops at the first space, and the rest would be
 * shown in clear beside the masked first group.
 */
const continuedValue = /^(?:[ \t][A-Za-z0-9]{2,8}){1,7}(?=[ \t]*(?:$|["'`,;#]))/;

function secretEnd(rule: Rule, view: LineView, hit: RuleHit): number {
  if (rule.category !== 'secret' || hit.value !== undefined || !/[A-Za-z0-9]/.test(view.text.charAt(hit.end - 1))) return hit.end;
  return hit.end + (continuedValue.exec(view.text.slice(hit.end))?.[0].length ?? 0);
}

/**
 * The UTF-8 byte offset of a character index of `text`, moving from the index asked last: a rule's hits come in order,
 * so the hits on one line cost its length once, not once each (thousands on a dump's row list).
 */
function byteCursor(text: string): (index: number) => number {
  let [at, bytes] = [0, 0];
  return (index) => {
    bytes += index >= at ? Buffer.byteLength(text.slice(at, index)) : -Buffer.byteLength(text.slice(index, at));
    at = index;
    return bytes;
  };
}

function toRaw(rule: Rule, view: LineView, found: RuleHit, line: PendingLine, from: number, bytesAt: (index: number) => number): RawMatch {
  const hit = { ...found, end: secretEnd(rule, view, found) };
  const byteStart = from + bytesAt(hit.start);
  const byteEnd = from + bytesAt(hit.end);
  const raw: RawMatch = {
    rule,
    line: line.number,
    // In a windowed long line the column counts bytes up to the window, then characters.
    column: from - line.start + hit.start + 1,
    value: hit.value ?? view.text.slice(hit.start, hit.end),
    lineText: view.text,
    start: hit.start,
    end: hit.end,
    byteStart,
    byteEnd,
  };
  if (hit.redactAs !== undefined) raw.redactAs = hit.redactAs;
  if (hit.severity !== undefined) raw.severity = hit.severity;
  return raw;
}

/**
 * Drops catch-all hits where a specific rule matched overlapping text, exact duplicates, and a specific hit whose very
 * text a rule listed before it also found (`pay.wxpay.app.secret=…` is an AppSecret, not a Pay key too): rules are
 * listed specific first (`secretRules`), so the earlier one names the value best.
 */
function dropShadowed(found: RawMatch[], rules: readonly Rule[]): RawMatch[] {
  const specific = found.filter((f) => f.rule.generic !== true);
  const seen = new Set<string>();
  return found.filter((f) => {
    const key = `${f.rule.id}:${f.byteStart}:${f.byteEnd}`;
    if (seen.has(key)) return false;
    seen.add(key);
    if (f.rule.generic !== true) {
      return !specific.some((s) => s.byteStart === f.byteStart && s.byteEnd === f.byteEnd && rules.indexOf(s.rule) < rules.indexOf(f.rule));
    }
    return !specific.some((s) => s.byteStart < f.byteEnd && f.byteStart < s.byteEnd);
  });
}

function mergeWindows(windows: [number, number][]): [number, number][] {
  // A short line has one window, the whole line: nothing to sort or merge (most lines; the profile showed the copy).
  if (windows.length < 2) return windows;
  const sorted = [...windows].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const w of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else merged.push([w[0], w[1]]);
  }
  return merged;
}

/** The line holding `offset`, whose number the matcher counted. */
function lineAt(buf: Buffer, offset: number, number: number): { number: number; start: number; end: number } {
  const nl = buf.indexOf(10, offset);
  return { number, start: offset === 0 ? 0 : buf.lastIndexOf(10, offset - 1) + 1, end: nl === -1 ? buf.length : nl };
}

function decode(buf: Buffer, start: number, end: number): string {
  const text = buf.toString('utf8', start, end);
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/** The values rules remember for one file (`LineView.remember`); most files need none, so the map is made on first use. */
interface Remembered {
  values?: Map<string, unknown>;
}

function lineView(buf: Buffer, file: string, line: PendingLine, from: number, to: number, remembered: Remembered): LineView {
  const text = decode(buf, from, to);
  return {
    file,
    number: line.number,
    text,
    before(count) {
      const out: string[] = [];
      let end = line.start - 1;
      while (out.length < count && end >= 0) {
        const start = end === 0 ? 0 : buf.lastIndexOf(10, end - 1) + 1;
        out.unshift(decode(buf, Math.max(start, end - neighbourBytes), end));
        end = start - 1;
      }
      return out;
    },
    after(count) {
      const out: string[] = [];
      let start = line.end + 1;
      while (out.length < count && start <= buf.length) {
        const nl = buf.indexOf(10, start);
        const end = nl === -1 ? buf.length : nl;
        out.push(decode(buf, start, Math.min(end, start + neighbourBytes)));
        if (nl === -1) break;
        start = nl + 1;
      }
      return out;
    },
    following(chars) {
      return buf.toString('utf8', Math.min(buf.length, line.end + 1), Math.min(buf.length, line.end + 1 + chars));
    },
    remember<T>(key: string, compute: () => T): T {
      const values = (remembered.values ??= new Map());
      if (!values.has(key)) values.set(key, compute());
      return values.get(key) as T;
    },
  };
}
