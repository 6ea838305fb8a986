import { pick } from '../../core/text.js';
import type { Severity } from '../types.js';
import type { FormatInput } from './index.js';

const level: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** SARIF 2.1.0 as code-scanning platforms accept it: one run, rule descriptors, results with locations and fingerprints. */
export function formatSarif({ report, rules, locale, version }: FormatInput): string {
  const used = new Set(report.findings.map((f) => f.rule));
  const descriptors = rules
    .filter((r) => used.has(r.id))
    .map((r) => ({
      id: r.id,
      name: r.id,
      shortDescription: { text: pick(r.description, locale) },
      fullDescription: { text: `${r.description.en} / ${r.description.zh}` },
      defaultConfiguration: { level: level[r.severity] },
      properties: { tags: [r.category], 'security-severity': r.category === 'secret' ? '9.0' : undefined },
    }));
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const results = report.findings.map((f) => ({
    ruleId: f.rule,
    ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
    level: level[f.severity],
    message: { text: `${rules.find((r) => r.id === f.rule)?.description.en ?? f.rule}: ${f.preview}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(f.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.line, startColumn: f.column },
        },
      },
    ],
    partialFingerprints: { 'golive/v1': f.fingerprint },
    properties: { severity: f.severity, category: f.category },
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'golive', informationUri: 'https://github.com/golive/golive', version, rules: descriptors } },
        originalUriBaseIds: { '%SRCROOT%': { uri: './' } },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
