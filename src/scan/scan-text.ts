import { defaultScanConfig } from './defaults.js';
import { maskKnownValues, repeatsIn, repeatsOf, type KnownSecret } from './repeats.js';
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
  const known: KnownSecret[] = [];
  const scanner = { ruleSet, maxBytes: Infinity, reportsSecrets: group !== 'leftovers', fingerprintKey: undefined, includeUnreported: options.includeUnreported === true, known };
  const buf = Buffer.from(text, 'utf8');
  const findings = withPathFindings(file, scanner, scanBytes(buf, file, scanner));
  // A value a rule found, written again further on without the name or context that gave it away.
  const repeats = repeatsOf(known);
  if (repeats === undefined) return findings;
  const reported = new Set(findings.filter((f) => f.category === 'secret').map((f) => f.line));
  const all = [...findings, ...repeatsIn(buf, file, repeats, reported, undefined)].sort((a, b) => a.line - b.line || a.column - b.column);
  maskKnownValues(all, repeats);
  return all;
}
