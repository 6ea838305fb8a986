import { hash } from 'node:crypto';
import type { RawMatch } from './engine.js';
import { preview } from './redact.js';
import type { Finding } from './types.js';

/** Stable hash of rule + file + matched value; for leftovers the value is the trimmed line, so moving code keeps it. */
export function fingerprint(rule: string, file: string, value: string): string {
  return hash('sha256', `${rule}\0${file}\0${value}`, 'hex').slice(0, 32);
}

const allowMarker = /golive:allow(?:-next-line)?(?:[=(]\s*([\w.,\s-]+)\)?)?/;

/** Rule ids a `golive:allow` marker names (empty set: every rule), or undefined when there is no marker. */
function allowed(text: string, nextLine: boolean): Set<string> | undefined {
  const m = allowMarker.exec(text);
  if (m === null || m[0].includes('-next-line') !== nextLine) return undefined;
  return new Set((m[1] ?? '').split(/[\s,]+/).filter(Boolean));
}

function isAllowed(match: RawMatch, previousLine: string | undefined): boolean {
  for (const ids of [allowed(match.lineText, false), previousLine === undefined ? undefined : allowed(previousLine, true)]) {
    if (ids !== undefined && (ids.size === 0 || ids.has(match.rule.id))) return true;
  }
  return false;
}

/**
 * Turns raw matches of one file into public findings: inline `golive:allow` markers applied,
 * previews redacted with every secret known on the line (`redaction` may hold extra matches that are not reported).
 */
export function toFindings(
  file: string,
  matches: readonly RawMatch[],
  redaction: readonly RawMatch[],
  previousLine: (match: RawMatch) => string | undefined,
): Finding[] {
  const byLine = new Map<number, RawMatch[]>();
  for (const m of [...matches, ...redaction]) {
    const list = byLine.get(m.line) ?? [];
    if (!list.includes(m)) list.push(m);
    byLine.set(m.line, list);
  }
  const findings: Finding[] = [];
  for (const m of matches) {
    if (isAllowed(m, previousLine(m))) continue;
    const onLine = (byLine.get(m.line) ?? []).filter((o) => o.lineText === m.lineText);
    findings.push({
      file,
      line: m.line,
      column: m.column,
      rule: m.rule.id,
      severity: m.rule.severity,
      category: m.rule.category,
      preview: preview(m.lineText, onLine, m),
      fingerprint: fingerprint(m.rule.id, file, m.rule.category === 'secret' ? m.value : m.lineText.trim()),
    });
  }
  return findings;
}
