import type { RawMatch } from './engine.js';
import { scanBuffer } from './engine.js';
import { toFindings } from './findings.js';
import { readCandidate } from './read.js';
import { compiledSecretRules } from './redact.js';
import type { RuleSet } from './ruleset.js';
import type { Finding, SkippedFile } from './types.js';
import type { WalkFile } from './walk.js';

export interface FileResult {
  findings: Finding[];
  skipped?: SkippedFile;
  /** Bytes scanned (0 when skipped unread). */
  bytes: number;
  scanned: boolean;
}

/** Scans one in-memory buffer with the rules that apply to `rel`; secrets are always known for redaction. */
export function scanBytes(buf: Buffer, rel: string, ruleSet: RuleSet, reportsSecrets: boolean): Finding[] {
  const matches = scanBuffer(buf, rel, ruleSet.forFile(rel));
  if (matches.length === 0) return [];
  const redaction: RawMatch[] = reportsSecrets ? [] : scanBuffer(buf, rel, compiledSecretRules());
  const hasNextLineMarkers = buf.includes('golive:allow-next-line');
  return toFindings(rel, matches, redaction, (line) => (hasNextLineMarkers ? previousLine(buf, line) : undefined));
}

/** The text of line `line - 1` (1-based), for `golive:allow-next-line` markers. */
function previousLine(buf: Buffer, line: number): string | undefined {
  if (line <= 1) return undefined;
  let start = 0;
  for (let n = 1; n < line - 1; n++) {
    const nl = buf.indexOf(10, start);
    if (nl === -1) return undefined;
    start = nl + 1;
  }
  const end = buf.indexOf(10, start);
  return buf.toString('utf8', start, end === -1 ? buf.length : end);
}

/** Reads and scans one file; what cannot be read is a skip note, never an exception. */
export function scanFile(file: WalkFile, ruleSet: RuleSet, maxBytes: number, reportsSecrets: boolean): FileResult {
  const read = readCandidate(file.abs, maxBytes);
  if (!read.ok) return { findings: [], skipped: { file: file.rel, ...read.skip }, bytes: 0, scanned: false };
  const findings = scanBytes(read.buf, file.rel, ruleSet, reportsSecrets);
  const result: FileResult = { findings, bytes: read.buf.length, scanned: true };
  if (!read.validUtf8) {
    result.skipped = { file: file.rel, reason: 'invalid-encoding', detail: 'not valid UTF-8; scanned with invalid bytes replaced' };
  }
  return result;
}
