import type { RuleSetSpec } from './ruleset.js';
import type { Finding, SkippedFile } from './types.js';
import type { WalkFile } from './walk.js';

/** What a worker is started with. */
export interface WorkerSetup {
  spec: RuleSetSpec;
  maxFileBytes: number;
}

export interface BatchRequest {
  id: number;
  files: WalkFile[];
}

export interface BatchResult {
  id: number;
  findings: Finding[];
  skipped: SkippedFile[];
  files: number;
  bytes: number;
}
