import type { BatchRequest, BatchResult } from './batch.js';
import type { RuleSet } from './ruleset.js';
import { scanFile } from './scan-file.js';

/** Scans a batch of files; used by workers and by the inline path alike. */
export function runBatch(request: BatchRequest, ruleSet: RuleSet, maxFileBytes: number, reportsSecrets: boolean): BatchResult {
  const result: BatchResult = { id: request.id, findings: [], skipped: [], files: 0, bytes: 0 };
  for (const file of request.files) {
    const r = scanFile(file, ruleSet, maxFileBytes, reportsSecrets);
    result.findings.push(...r.findings);
    if (r.skipped !== undefined) result.skipped.push(r.skipped);
    if (r.scanned) result.files++;
    result.bytes += r.bytes;
  }
  return result;
}
