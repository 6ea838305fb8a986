import pc from 'picocolors';
import { bi, pick } from '../../core/text.js';
import { severities, type Severity } from '../types.js';
import type { FormatInput } from './index.js';

/** Terminal output: findings grouped by rule (most severe first) with file:line and redacted preview, then skipped files. */
export function formatText({ report, rules, locale, color }: FormatInput): string {
  const c = pc.createColors(color);
  const t = (en: string, zh: string): string => pick(bi(en, zh), locale);
  const paint: Record<Severity, (s: string) => string> = { critical: c.red, high: c.red, medium: c.yellow, low: c.cyan, info: c.dim };
  const out: string[] = [];
  const byRule = new Map<string, typeof report.findings>();
  for (const f of report.findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  const order = [...byRule.entries()].sort(
    (a, b) => severities.indexOf(a[1][0]?.severity ?? 'info') - severities.indexOf(b[1][0]?.severity ?? 'info') || a[0].localeCompare(b[0]),
  );
  for (const [ruleId, list] of order) {
    const severity = list[0]?.severity ?? 'info';
    const rule = rules.find((r) => r.id === ruleId);
    out.push(`${paint[severity](c.bold(severity.toUpperCase()))} ${c.bold(ruleId)} ${c.dim(`(${list.length})`)}${rule ? ` ${c.dim(pick(rule.description, locale))}` : ''}`);
    for (const f of list) out.push(`  ${f.file}:${f.line}:${f.column}  ${c.dim(f.preview)}`);
    out.push('');
  }
  if (report.skipped.length > 0) {
    out.push(c.bold(t(`Skipped ${report.skipped.length} file(s):`, `跳过 ${report.skipped.length} 个文件：`)));
    for (const s of report.skipped) out.push(`  ${s.file}  ${c.yellow(s.reason)}${s.detail ? c.dim(` — ${s.detail}`) : ''}`);
    out.push('');
  }
  const counts = severities.map((s) => [s, report.findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  const { stats } = report;
  const summary = counts.length === 0 ? c.green(t('no findings', '没有发现问题')) : counts.map(([s, n]) => paint[s](`${n} ${s}`)).join(', ');
  out.push(
    t(
      `${summary} — ${stats.files} files, ${(stats.bytes / 1e6).toFixed(1)} MB, ${stats.skipped} skipped, ${stats.durationMs} ms${report.baselined > 0 ? `, ${report.baselined} accepted by baseline` : ''}`,
      `${summary} — ${stats.files} 个文件，${(stats.bytes / 1e6).toFixed(1)} MB，跳过 ${stats.skipped} 个，用时 ${stats.durationMs} 毫秒${report.baselined > 0 ? `，基线已接受 ${report.baselined} 项` : ''}`,
    ),
  );
  return `${out.join('\n')}\n`;
}
