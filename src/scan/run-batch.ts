import type { BatchRequest, BatchResult, HeavyFile, WorkerSetup } from './batch.js';
import { RuleSet } from './ruleset.js';
import { scanFile, scanFileLight, scanHeavy, type FileScanner } from './scan-file.js';
import { listDirectory, type DirTask, type WalkFile } from './walk.js';

/** The scanner a thread builds from a setup (plain data, so every thread builds its own rule set). */
export function fileScanner(setup: WorkerSetup): FileScanner {
  return {
    ruleSet: new RuleSet(setup.spec),
    maxBytes: setup.maxFileBytes,
    reportsSecrets: setup.spec.group !== 'leftovers',
    fingerprintKey: setup.fingerprintKey,
    skipBuildOutput: setup.skipBuildOutput === true,
    ...(setup.spec.group === 'leftovers' ? {} : { known: [] }),
  };
}

/** Files a share scans before it may end early on request (`handBack`). */
const handBackAfter = 16;

/**
 * Scans a share of the tree, walking its directories depth first; used by workers and by the inline path alike. With
 * `light` (the calling thread while workers run), files with keyword hits come back in `heavy` instead of being
 * scanned by the rules here. Heavy files in the request (from the calling thread) are scanned first. `handBack`, asked
 * between files, ends the share early: what it has not reached comes back as pending, as when its budget is spent.
 */
export function runBatch(request: BatchRequest, scanner: FileScanner, light = false, handBack?: () => boolean): BatchResult {
  const result: BatchResult = { id: request.id, findings: [], skipped: [], files: 0, bytes: 0, pending: { files: [], dirs: [] } };
  // Counted (files, bytes, encoding) by the thread that read them.
  for (const file of request.heavy ?? []) result.findings.push(...scanHeavy(file, scanner));
  const heavy: HeavyFile[] = [];
  // Only a scan that reports secrets looks for their copies, in the files it read.
  const texts: string[] | undefined = scanner.known === undefined ? undefined : [];
  let visited = 0;
  // The budget is spent, or (after a few files) the thread that hands out shares asks for the rest back.
  const over = (): boolean => visited >= request.budget || (visited >= handBackAfter && handBack?.() === true);
  const scan = (files: readonly WalkFile[]): void => {
    for (let index = 0; index < files.length; index++) {
      if (over()) {
        result.pending.files.push(...files.slice(index));
        return;
      }
      visited++;
      const file = files[index] as WalkFile;
      const r = light ? scanFileLight(file, scanner) : scanFile(file, scanner);
      if (r.findings.length > 0) result.findings.push(...r.findings);
      if (r.heavy !== undefined) heavy.push(r.heavy);
      if (r.skipped !== undefined) result.skipped.push(r.skipped);
      if (r.scanned) {
        result.files++;
        texts?.push(file.rel);
      }
      result.bytes += r.bytes;
    }
  };
  scan(request.files);
  const stack: DirTask[] = [...request.dirs].reverse();
  while (stack.length > 0 && !over()) {
    const listing = listDirectory(stack.pop() as DirTask);
    result.skipped.push(...listing.skipped);
    scan(listing.files);
    for (let i = listing.dirs.length - 1; i >= 0; i--) stack.push(listing.dirs[i] as DirTask);
  }
  result.pending.dirs.push(...stack.reverse());
  if (heavy.length > 0) result.heavy = heavy;
  if (texts !== undefined && texts.length > 0) result.texts = texts;
  if (scanner.known !== undefined && scanner.known.length > 0) result.known = scanner.known.splice(0);
  return result;
}
