import type { RuleSetSpec } from './ruleset.js';
import type { Finding, SkippedFile } from './types.js';
import type { DirTask, WalkFile } from './walk.js';

/** What a worker scans with; it comes as a message, because a worker may be started before the scan is set up. */
export interface WorkerSetup {
  spec: RuleSetSpec;
  maxFileBytes: number;
  /** The team's fingerprint key; kept in memory, never written anywhere. */
  fingerprintKey: string | undefined;
}

/**
 * A share of the tree: files to scan and directories to walk (depth first) until `budget` files have been scanned.
 * What is left then comes back as `pending`, so the walk itself is spread over the threads too.
 */
export interface BatchRequest {
  id: number;
  files: WalkFile[];
  dirs: DirTask[];
  budget: number;
}

export interface BatchResult {
  id: number;
  findings: Finding[];
  skipped: SkippedFile[];
  files: number;
  bytes: number;
  pending: { files: WalkFile[]; dirs: DirTask[] };
}

/** What the pool posts to a worker: its setup (before the first share, and again when a warm pool serves another scan) or a share. */
export type WorkerMessage = { setup: WorkerSetup } | BatchRequest;

/** What a worker posts back: that its modules are loaded, or one answer per share in the order they came. */
export type WorkerReply = { ready: true } | { ok: true; result: BatchResult } | { ok: false; id: number; message: string };
