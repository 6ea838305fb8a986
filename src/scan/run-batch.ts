import type { BatchRequest, BatchResult, WorkerSetup } from './batch.js';
import { RuleSet } from './ruleset.js';
import { scanFile, type FileScanner } from './scan-file.js';
import { listDirectory, type DirTask, type WalkFile } from './walk.js';

/** The scanner a thread builds from a setup (plain data, so every thread builds its own rule set). */
export function fileScanner(setup: WorkerSetup): FileScanner {
  return { ruleSet: new RuleSet(setup.spec), maxBytes: setup.maxFileBytes, reportsSecrets: setup.spec.group !== 'leftovers', fingerprintKey: setup.fingerprintKey };
}

/** Scans a share of the tree, walking its directories depth first; used by workers and by the inline path alike. */
export function runBatch(request: BatchRequest, scanner: FileScanner): BatchResult {
  const result: BatchResult = { id: request.id, findings: [], skipped: [], files: 0, bytes: 0, pending: { files: [], dirs: [] } };
  let visited = 0;
  const scan = (files: readonly WalkFile[]): void => {
    for (const [index, file] of files.entries()) {
      if (visited >= request.budget) {
        result.pending.files.push(...files.slice(index));
        return;
      }
      visited++;
      const r = scanFile(file, scanner);
      result.findings.push(...r.findings);
      if (r.skipped !== undefined) result.skipped.push(r.skipped);
      if (r.scanned) result.files++;
      result.bytes += r.bytes;
    }
  };
  scan(request.files);
  const stack: DirTask[] = [...request.dirs].reverse();
  while (stack.length > 0 && visited < request.budget) {
    const listing = listDirectory(stack.pop() as DirTask);
    result.skipped.push(...listing.skipped);
    scan(listing.files);
    for (let i = listing.dirs.length - 1; i >= 0; i--) stack.push(listing.dirs[i] as DirTask);
  }
  result.pending.dirs.push(...stack.reverse());
  return result;
}
