import { defaultScanConfig } from './defaults.js';
import { RuleSet } from './ruleset.js';
import { scanBytes, withPathFindings } from './scan-file.js';
import type { Finding, RuleGroup } from './types.js';

const cache = new Map<RuleGroup, RuleSet>();

/**
 * Scans one in-memory text (the Markdown importer uses this on a checklist document). `includeUnreported`: also the
 * hits a report leaves out (a default login, a test account's password), rated low — for callers that mask or refuse.
 */
export function scanText(text: string, file: string, options: { rules?: RuleGroup; includeUnreported?: boolean } = {}): Finding[] {
  const group = options.rules ?? 'all';
  let ruleSet = cache.get(group);
  if (ruleSet === undefined) {
    ruleSet = new RuleSet({ group, leftovers: defaultScanConfig().leftovers, patterns: [] });
    cache.set(group, ruleSet);
  }
  const scanner = { ruleSet, maxBytes: Infinity, reportsSecrets: group !== 'leftovers', fingerprintKey: undefined, includeUnreported: options.includeUnreported === true };
  return withPathFindings(file, scanner, scanBytes(Buffer.from(text, 'utf8'), file, scanner));
}
