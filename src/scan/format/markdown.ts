import { bi, pick } from '../../core/text.js';
import type { FormatInput } from './index.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/`/g, "'").replace(/\r?\n/g, ' ');
}

/** A Markdown table of findings, then skipped files; fit for a PR comment or a launch report. */
export function formatMarkdown({ report, locale }: FormatInput): string {
  const t = (en: string, zh: string): string => pick(bi(en, zh), locale);
  const lines = [`## ${t('Repository scan', '仓库扫描')}`, ''];
  const { stats } = report;
  lines.push(t(`${report.findings.length} finding(s) in ${stats.files} files (${(stats.bytes / 1e6).toFixed(1)} MB), ${stats.skipped} skipped, ${stats.durationMs} ms.`, `共 ${report.findings.length} 项发现，扫描 ${stats.files} 个文件（${(stats.bytes / 1e6).toFixed(1)} MB），跳过 ${stats.skipped} 个，用时 ${stats.durationMs} 毫秒。`), '');
  if (report.findings.length > 0) {
    lines.push(`| ${t('Severity', '级别')} | ${t('Rule', '规则')} | ${t('Location', '位置')} | ${t('Preview (redacted)', '预览（已脱敏）')} |`, '| --- | --- | --- | --- |');
    for (const f of report.findings) lines.push(`| ${f.severity} | \`${f.rule}\` | \`${cell(f.file)}:${f.line}\` | \`${cell(f.preview)}\` |`);
    lines.push('');
  }
  if (report.skipped.length > 0) {
    lines.push(`### ${t('Skipped files', '跳过的文件')}`, '', `| ${t('File', '文件')} | ${t('Reason', '原因')} | ${t('Detail', '说明')} |`, '| --- | --- | --- |');
    for (const s of report.skipped) lines.push(`| \`${cell(s.file)}\` | ${s.reason} | ${cell(s.detail ?? '')} |`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
