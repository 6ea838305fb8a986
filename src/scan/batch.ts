import type { RuleSetSpec } from './ruleset.js';
import type { Finding, SkippedFile } from './types.js';
import type { DirTask, WalkFile } from './walk.js';

/** What a worker is started with. */
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
