import type { Bilingual } from '../core/text.js';
import type { ScanConfigInput } from './config.js';

/** Severities from most to least serious; `--fail-on` compares positions in this list. */
export const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof severities)[number];

/** Rule groups a scan can run. */
export const ruleGroups = ['secrets', 'leftovers', 'all'] as const;
export type RuleGroup = (typeof ruleGroups)[number];

export type FindingCategory = 'secret' | 'leftover' | 'pattern';

/** One thing a rule found. Never carries the secret itself. */
export interface Finding {
  /** Path relative to the scanned root, with forward slashes. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column where the match (or the secret) starts. */
  column: number;
  /** Rule id, e.g. `aliyun-access-key-id`. */
  rule: string;
  severity: Severity;
  category: FindingCategory;
  /** The line with every secret redacted, trimmed to about 160 characters. */
  preview: string;
  /** Stable hash of rule + file + value (an HMAC with the team's key; without one, of the redacted value only). */
  fingerprint: string;
}

export const skipReasons = ['binary', 'too-large', 'unreadable', 'symlink-loop', 'not-a-file', 'invalid-encoding'] as const;
export type SkipReason = (typeof skipReasons)[number];

/**
 * A file that was not scanned, or not scanned entirely, and why.
 * `invalid-encoding` files are still scanned with bad bytes replaced; the entry says so.
 */
export interface SkippedFile {
  file: string;
  reason: SkipReason;
  detail?: string;
}

export interface ScanStats {
  /** Files scanned (read and tested). */
  files: number;
  /** Bytes scanned. */
  bytes: number;
  /** Entries in `skipped`. */
  skipped: number;
  durationMs: number;
}

export interface ScanReport {
  findings: Finding[];
  skipped: SkippedFile[];
  stats: ScanStats;
  /** Findings left out because their fingerprint is in the baseline. */
  baselined: number;
}

/** An extra pattern to look for: a literal or a regular expression, optionally limited to paths. */
export interface CustomPattern {
  /** Reported as the finding's rule id. */
  id: string;
  /** A regular expression source (JavaScript syntax). One of `regex` and `literal` is required. */
  regex?: string;
  /** An exact, case-sensitive text. */
  literal?: string;
  /** gitignore-style patterns; the pattern applies only to files they match. All files when absent. */
  paths?: string[];
  severity: Severity;
  /** What it means when found; shown as the rule description. */
  message?: string | Bilingual;
}

export interface ScanProgress {
  files: number;
  bytes: number;
}

export interface ScanOptions {
  /** Directory (or single file) to scan. */
  root: string;
  /** The plan's `scan:` block; validated with `scanConfigSchema`. */
  config?: ScanConfigInput;
  /** Which rule groups run; default `all`. */
  rules?: RuleGroup;
  /** Extra patterns (the `files` check kind uses these). */
  patterns?: CustomPattern[];
  /** Path of a baseline file; findings whose fingerprint is in it are left out. Needs `fingerprintKey`. */
  baseline?: string;
  /** The team's fingerprint key (GOLIVE_SCAN_KEY, see `scanKeyFrom`): fingerprints become HMACs of the values. */
  fingerprintKey?: string;
  /** Files larger than this are skipped without being read; default 5 MB. */
  maxFileBytes?: number;
  /** Worker threads; default: the machine's available parallelism. 0 or 1 scans inline. */
  workers?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ScanProgress) => void;
}
