/** The repository scanning engine: secrets and risky leftovers, used by `golive scan`, the `secrets`/`files` checks and the importer. */
export type { CustomPattern, Finding, FindingCategory, RuleGroup, ScanOptions, ScanProgress, ScanReport, ScanStats, Severity, SkippedFile, SkipReason } from './types.js';
export { ruleGroups, severities, skipReasons } from './types.js';
export { scanConfigSchema, customPatternSchema, type ScanConfig, type ScanConfigInput } from './config.js';
export { recognisedSecrets, redactSecrets, redactValue } from './redact.js';
export { charClasses, isCommonPassword, isPlaceholder, looksLikePassword } from './values.js';
export { scanTree, defaultMaxFileBytes } from './scan-tree.js';
export { scanText } from './scan-text.js';
export { baselineOf, readBaseline, writeBaseline } from './baseline.js';
export { requireScanKey, scanKeyFrom, scanKeyVariable } from './scan-key.js';
export { builtinRules, secretRules, leftoverRules } from './rules/index.js';
export type { Rule } from './rule.js';
