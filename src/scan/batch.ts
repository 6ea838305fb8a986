import type { KnownSecret } from './repeats.js';
import type { RuleSetSpec } from './ruleset.js';
import type { Finding, SkippedFile } from './types.js';
import type { DirTask, WalkFile } from './walk.js';

/** What a worker scans with; it comes as a message, because a worker may be started before the scan is set up. */
export interface WorkerSetup {
  spec: RuleSetSpec;
  maxFileBytes: number;
  /** The team's fingerprint key; kept in memory, never written anywhere. */
  fingerprintKey: string | undefined;
  /** Leave out scripts found minified or a library's copy once read (`isBuiltOrVendoredScript`); the walk leaves the rest out by name. */
  skipBuildOutput?: boolean;
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
  /** Files the calling thread read and prefiltered, to run the rules on (their bytes are transferred, not copied). */
  heavy?: HeavyFile[];
}

/**
 * A file read by the calling thread whose keyword prefilter found hits (`scanFileLight`): its bytes (with their own
 * ArrayBuffer) and the hits as (offset, keyword, line) triples of the rule set `RuleSet.forFile(rel)` gives, which
 * every thread builds the same from the same setup.
 */
export interface HeavyFile {
  rel: string;
  bytes: Uint8Array;
  hits: number[];
}

export interface BatchResult {
  id: number;
  findings: Finding[];
  skipped: SkippedFile[];
  files: number;
  bytes: number;
  pending: { files: WalkFile[]; dirs: DirTask[] };
  /** Files read in a light share (`runBatch(…, true)`, calling thread only) whose rules are still to run. */
  heavy?: HeavyFile[];
  /** The values of this share's reported secrets (in memory only), for the search for their copies (`repeats.ts`). */
  known?: KnownSecret[];
  /** Files of this share read and scanned as text, where copies of those values are searched once the scan is done. */
  texts?: string[];
}

/** What the pool posts to a worker: its setup (before the first share, and again when a warm pool serves another scan) or a share. */
export type WorkerMessage = { setup: WorkerSetup } | BatchRequest;

/** What a worker posts back: that its modules are loaded, or one answer per share in the order they came. */
export type WorkerReply = { ready: true } | { ok: true; result: BatchResult } | { ok: false; id: number; message: string };
