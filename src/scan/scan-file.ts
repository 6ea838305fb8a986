import type { HeavyFile } from './batch.js';
import type { RawMatch } from './engine.js';
import { runRules, scanBuffer } from './engine.js';
import { pathFinding, toFindings } from './findings.js';
import { readCandidate } from './read.js';
import { compiledSecretRules } from './redact.js';
import type { RuleSet } from './ruleset.js';
import type { KnownSecret } from './repeats.js';
import type { Finding, SkippedFile } from './types.js';
import { isBuiltOrVendoredScript } from './script-origin.js';
import type { WalkFile } from './walk.js';

/** What scanning a file needs besides the file: the same on every thread of one scan. */
export interface FileScanner {
  ruleSet: RuleSet;
  maxBytes: number;
  /** Whether secret rules report (otherwise they only redact previews). */
  reportsSecrets: boolean;
  /** The team's fingerprint key (GOLIVE_SCAN_KEY), when there is one. */
  fingerprintKey: string | undefined;
  /**
   * Also list `unreported` hits (a default login, a test fixture), rated low: for callers that mask or refuse what they
   * find (the importer, a plan sent to the server), not for reports.
   */
  includeUnreported?: boolean;
  /** Leave out a script found minified or a library's copy once read, before its rules run (`isBuiltOrVendoredScript`). */
  skipBuildOutput?: boolean;
  /** Where the values of reported secrets go, for the scan to find their copies (`src/scan/repeats.ts`); in memory only. */
  known?: KnownSecret[];
}

export interface FileResult {
  findings: Finding[];
  skipped?: SkippedFile;
  /** Read by `scanFileLight` and found to have keyword hits: the rules are still to run on it. */
  heavy?: HeavyFile;
  /** Bytes scanned (0 when skipped unread). */
  bytes: number;
  scanned: boolean;
}

/**
 * Scans one in-memory buffer with the rules that apply to `rel`; secrets are always known for redaction. `hits`: the
 * keyword hits of that rule set when they are known already (a file the calling thread read, see `scanFileLight`).
 */
export function scanBytes(buf: Buffer, rel: string, scanner: FileScanner, hits?: number[]): Finding[] {
  const compiled = scanner.ruleSet.forFile(rel);
  const known = hits ?? compiled.matcher.hits(buf);
  // Most files: no keyword, nothing else to do (and nothing allocated for them).
  if (known.length === 0 && compiled.always.length === 0) return [];
  if (leftOutOnceRead(buf, rel, scanner)) return [];
  return findingsOf(buf, rel, scanner, runRules(buf, rel, compiled, known));
}

/**
 * A script the scan leaves out once it has read it (`isBuiltOrVendoredScript`): asked before the rules run, and only of
 * files with keyword hits, so a clean file pays nothing for it and a minified one or a library costs no rule work.
 */
function leftOutOnceRead(buf: Buffer, rel: string, scanner: FileScanner): boolean {
  return scanner.skipBuildOutput === true && isBuiltOrVendoredScript(rel, buf);
}

function findingsOf(buf: Buffer, rel: string, scanner: FileScanner, matches: RawMatch[]): Finding[] {
  if (matches.length === 0) return [];
  const redaction: RawMatch[] = scanner.reportsSecrets ? [] : scanBuffer(buf, rel, compiledSecretRules());
  return toFindings(rel, matches, redaction, (match) => previousLine(buf, match.byteStart), {
    key: scanner.fingerprintKey,
    includeUnreported: scanner.includeUnreported === true,
    known: scanner.known,
  });
}

/** The line above the one holding byte `offset`, for `golive:allow-next-line` markers (none on the first line). */
export function previousLine(buf: Buffer, offset: number): string | undefined {
  const lineStart = offset === 0 ? 0 : buf.lastIndexOf(10, offset - 1) + 1;
  if (lineStart === 0) return undefined;
  const previousStart = lineStart === 1 ? 0 : buf.lastIndexOf(10, lineStart - 2) + 1;
  // Only its first 4 KB: a marker is a comment, and a minified line above a finding need not be decoded whole.
  return buf.toString('utf8', previousStart, Math.min(lineStart - 1, previousStart + 4096));
}

/** A file's content findings plus what its name alone says, unless its content already gave a secret finding. */
export function withPathFindings(rel: string, scanner: FileScanner, found: Finding[]): Finding[] {
  const byPath = scanner.ruleSet.pathMatches(rel);
  if (byPath.length === 0 || found.some((f) => f.category === 'secret')) return found;
  return [...byPath.map(({ rule, severity }) => pathFinding(rel, rule, severity, scanner.fingerprintKey)), ...found];
}

/**
 * Reads and scans one file; what cannot be read is a skip note, never an exception. A key store is a finding by its
 * name before anything is read (its content is binary); when its content gave a secret finding of its own (a PEM
 * private key), that one says more and the name finding is left out.
 */
export function scanFile(file: WalkFile, scanner: FileScanner): FileResult {
  return scanRead(file, scanner, false);
}

/**
 * Reads one file and runs only the keyword prefilter on it. A file without a keyword hit is done here (most files);
 * one with hits comes back as `heavy`, a copy of its bytes and its hits, for a worker to run the rules on
 * (`scanHeavy`). The calling thread of a scan with workers works this way, so the rules, previews and fingerprints
 * run hot in the worker alone instead of being compiled and warmed up in both threads.
 */
export function scanFileLight(file: WalkFile, scanner: FileScanner): FileResult {
  return scanRead(file, scanner, true);
}

function scanRead(file: WalkFile, scanner: FileScanner, light: boolean): FileResult {
  const read = readCandidate(file.abs, scanner.maxBytes);
  if (!read.ok) return { findings: withPathFindings(file.rel, scanner, []), skipped: { file: file.rel, ...read.skip }, bytes: 0, scanned: false };
  const result: FileResult = { findings: [], bytes: read.size, scanned: true };
  // An empty file holds nothing, not even the key store its name promises (`xxx.p12`, a placeholder for the real one).
  if (read.size === 0) return result;
  if (!read.validUtf8) {
    result.skipped = { file: file.rel, reason: 'invalid-encoding', detail: 'not valid UTF-8; scanned with invalid bytes replaced' };
  }
  if (!light) {
    result.findings = withPathFindings(file.rel, scanner, scanBytes(read.buf, file.rel, scanner));
    return result;
  }
  const compiled = scanner.ruleSet.forFile(file.rel);
  const hits = compiled.matcher.hits(read.buf);
  // The same answer scanBytes gives a file without a keyword hit: no content findings.
  if ((hits.length === 0 && compiled.always.length === 0) || leftOutOnceRead(read.buf, file.rel, scanner)) result.findings = withPathFindings(file.rel, scanner, []);
  else {
    // A copy with its own memory (the read buffer is reused for the next file), so it can be transferred to a worker;
    // allocUnsafeSlow: not from Buffer's shared pool, and not zeroed before the copy.
    const bytes = Buffer.allocUnsafeSlow(read.buf.length);
    read.buf.copy(bytes);
    result.heavy = { rel: file.rel, bytes, hits };
  }
  return result;
}

/** The findings of a file the calling thread read and prefiltered (`scanFileLight`): the rules run on its known hits. */
export function scanHeavy(file: HeavyFile, scanner: FileScanner): Finding[] {
  const buf = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  // The calling thread asked leftOutOnceRead before it sent the file.
  return withPathFindings(file.rel, scanner, findingsOf(buf, file.rel, scanner, runRules(buf, file.rel, scanner.ruleSet.forFile(file.rel), file.hits)));
}
