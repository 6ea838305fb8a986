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
  return toFindings(rel, matches, redaction, (match) => previousLine(buf, match.byteStart));
}

/** The line above the one holding byte `offset`, for `golive:allow-next-line` markers (none on the first line). */
function previousLine(buf: Buffer, offset: number): string | undefined {
  const lineStart = offset === 0 ? 0 : buf.lastIndexOf(10, offset - 1) + 1;
  if (lineStart === 0) return undefined;
  const previousStart = lineStart === 1 ? 0 : buf.lastIndexOf(10, lineStart - 2) + 1;
  // Only its first 4 KB: a marker is a comment, and a minified line above a finding need not be decoded whole.
  return buf.toString('utf8', previousStart, Math.min(lineStart - 1, previousStart + 4096));
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
