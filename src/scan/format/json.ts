import type { FormatInput } from './index.js';

/** The stable machine contract: `{ findings: [{ file, line, rule, severity, preview, … }], stats }`. */
export function formatJson({ report }: FormatInput): string {
  const findings = report.findings.map((f) => ({
    file: f.file,
    line: f.line,
    column: f.column,
    rule: f.rule,
    severity: f.severity,
    category: f.category,
    preview: f.preview,
    fingerprint: f.fingerprint,
  }));
  return `${JSON.stringify({ findings, stats: report.stats }, null, 2)}\n`;
}
