import { crypto } from './crypto-lib.js';
import type { RawMatch } from './engine.js';
import { linePreviews, redactValue } from './redact.js';
import type { KnownSecret } from './repeats.js';
import type { Finding, Severity } from './types.js';

/**
 * Stable hash of rule + file + value, cut to 32 hex. With the team's key (GOLIVE_SCAN_KEY) it is an HMAC of the matched
 * value, so a weak password cannot be guessed back from a baseline; without a key a secret is hashed only in its
 * redacted form (`••••3f` and its length), which says no more than the preview. Leftovers hash the trimmed line.
 */
export function fingerprint(rule: string, file: string, value: string, secret: boolean, key: string | undefined): string {
  if (key !== undefined) return crypto().createHmac('sha256', key).update(`${rule}\0${file}\0${value}`).digest('hex').slice(0, 32);
  const shown = secret ? `${redactValue(value)}\0${value.length}` : value;
  return crypto().hash('sha256', `${rule}\0${file}\0${shown}`, 'hex').slice(0, 32);
}

/** A finding about a file as a whole (a key store by its name): no line is shown, only the name. */
export function pathFinding(file: string, rule: { id: string; category: Finding['category'] }, severity: Severity, key: string | undefined): Finding {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return { file, line: 1, column: 1, rule: rule.id, severity, category: rule.category, preview: name, fingerprint: fingerprint(rule.id, file, name, false, key) };
}

const allowMarker = /golive:allow(?:-next-line)?(?:[=(]\s*([\w.,\s-]+)\)?)?/;

/** Rule ids a `golive:allow` marker names (empty set: every rule), or undefined when there is no marker. */
function allowed(text: string, nextLine: boolean): Set<string> | undefined {
  const m = allowMarker.exec(text);
  if (m === null || m[0].includes('-next-line') !== nextLine) return undefined;
  return new Set((m[1] ?? '').split(/[\s,]+/).filter(Boolean));
}

/** The rules a line's own marker and the marker on the line above it accept (an empty set: every rule). */
function allowMarkers(lineText: string, previousLine: string | undefined): (Set<string> | undefined)[] {
  return [allowed(lineText, false), previousLine === undefined ? undefined : allowed(previousLine, true)];
}

function isAllowed(match: RawMatch, markers: readonly (Set<string> | undefined)[]): boolean {
  return markers.some((ids) => ids !== undefined && (ids.size === 0 || ids.has(match.rule.id)));
}

/**
 * The matches on one line as one view saw it, and what is made from them once, on first use: its allow markers and
 * its previews (a dump's row list may hold thousands of matches on one long line).
 */
interface LineMatches {
  matches: RawMatch[];
  markers?: (Set<string> | undefined)[];
  previewOf?: (focus: RawMatch) => string;
}

/** How `toFindings` makes findings of a file's raw matches. */
export interface FindingOptions {
  /** The team's fingerprint key (GOLIVE_SCAN_KEY), when there is one. */
  key: string | undefined;
  /** Also list `unreported` hits, rated low (see FileScanner). */
  includeUnreported?: boolean;
  /** Where the values of reported secret findings go, so the scan can find their copies (`src/scan/repeats.ts`). */
  known?: KnownSecret[];
}

/**
 * Turns raw matches of one file into public findings: inline `golive:allow` markers applied, `unreported` hits left out
 * (or rated low with `includeUnreported`), previews redacted with every secret known on the line (`redaction` may hold
 * extra matches that are not reported).
 */
export function toFindings(
  file: string,
  matches: readonly RawMatch[],
  redaction: readonly RawMatch[],
  previousLine: (match: RawMatch) => string | undefined,
  options: FindingOptions,
): Finding[] {
  const { key, known } = options;
  const includeUnreported = options.includeUnreported === true;
  // The matches of each line as one view saw it (a long line's windows are separate texts), for masking and previews.
  // Keyed by the text itself: its matches share one string, whose hash V8 computes once, however long the line.
  const byLine = new Map<number, Map<string, LineMatches>>();
  const seen = new Set<RawMatch>();
  for (const m of [...matches, ...redaction]) {
    if (seen.has(m)) continue;
    seen.add(m);
    const texts = byLine.get(m.line) ?? new Map<string, LineMatches>();
    byLine.set(m.line, texts);
    const entry = texts.get(m.lineText);
    if (entry === undefined) texts.set(m.lineText, { matches: [m] });
    else entry.matches.push(m);
  }
  const findings: Finding[] = [];
  for (const m of matches) {
    // Masked on its line (it is in byLine) but not a finding of its own, unless the caller masks what it is given.
    if (m.severity === 'unreported' && !includeUnreported) continue;
    const entry = byLine.get(m.line)?.get(m.lineText) as LineMatches;
    entry.markers ??= allowMarkers(m.lineText, previousLine(m));
    if (isAllowed(m, entry.markers)) continue;
    entry.previewOf ??= linePreviews(m.lineText, entry.matches);
    const severity = m.severity === 'unreported' ? 'low' : (m.severity ?? m.rule.severity);
    findings.push({
      file,
      line: m.line,
      column: m.column,
      rule: m.rule.id,
      severity,
      category: m.rule.category,
      preview: entry.previewOf(m),
      fingerprint: m.rule.category === 'secret' ? fingerprint(m.rule.id, file, m.value, true, key) : fingerprint(m.rule.id, file, m.lineText.trim(), false, key),
    });
    if (known !== undefined && m.rule.category === 'secret' && m.severity !== 'unreported') known.push({ value: m.value, rule: m.rule.id, severity, file, line: m.line });
  }
  return findings;
}
