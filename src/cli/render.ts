import { bi, type Bilingual } from '../core/text.js';
import type { RunDiff, DiffEntry } from '../service/diff.js';
import type { RunEntry, RunRecord, Store } from '../store/store.js';
import type { CliContext } from './context.js';

/** Formats the run commands print in. */
export const runFormats = ['text', 'json', 'junit', 'sarif', 'markdown', 'html'] as const;

/** Renders a recorded run in a format, with common misses listed first in text. */
export async function renderRun(ctx: CliContext, store: Store, run: RunRecord, format: (typeof runFormats)[number]): Promise<{ text: string; gatePassed: boolean; blockerFailed: boolean }> {
  const { reportRun } = await import('../service/report.js');
  const { renderReport, renderText } = await import('../report/registry.js');
  const { view, commonMisses, blockerFailed } = await reportRun(store, run);
  let text = format === 'text' ? renderText(view, ctx.locale, { color: ctx.color }) : renderReport(format, view, ctx.locale);
  if (format === 'text' && commonMisses.length > 0) {
    const lines = commonMisses.map((miss) => `  ↺ ${miss.itemId}: ${ctx.t(bi(`failed in ${miss.failed} of the last ${miss.of} launches`, `最近 ${miss.of} 次上线中失败 ${miss.failed} 次`))} — ${ctx.t(bi('now', '本次'))} ${miss.now}`);
    text = `${ctx.t(bi('Common misses (failed in earlier launches):', '常见遗漏（以往上线中失败过）：'))}\n${lines.join('\n')}\n\n${text}`;
  }
  return { text: text.endsWith('\n') ? text : `${text}\n`, gatePassed: view.gate.passed, blockerFailed };
}

/** A plain table of runs: id, when, environment, release, status, score, gate. */
export function runTable(ctx: CliContext, runs: readonly RunEntry[]): string {
  if (runs.length === 0) return `${ctx.t(bi('no runs recorded yet', '尚无运行记录'))}\n`;
  const header = [ctx.t(bi('run', '运行')), ctx.t(bi('started', '开始时间')), ctx.t(bi('env', '环境')), ctx.t(bi('release', '版本')), ctx.t(bi('status', '状态')), ctx.t(bi('score', '评分')), ctx.t(bi('gate', '门禁')), ctx.t(bi('by', '发起人'))];
  const rows = runs.map((run) => [
    run.id,
    run.createdAt.slice(0, 16).replace('T', ' '),
    run.environment ?? '-',
    run.release ?? '-',
    run.status === 'open' ? ctx.t(bi('open', '进行中')) : ctx.t(bi('closed', '已关闭')),
    run.summary ? run.summary.score.toFixed(1) : '-',
    run.summary ? (run.summary.gatePassed ? ctx.t(bi('passed', '通过')) : ctx.t(bi(`failed (${run.summary.reasons.length})`, `未通过（${run.summary.reasons.length}）`))) : '-',
    run.createdBy,
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => displayWidth(row[column] ?? ''))));
  const line = (row: string[]) => row.map((cell, column) => cell + ' '.repeat((widths[column] ?? 0) - displayWidth(cell))).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** CJK characters take two columns in a terminal. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 2 : 1;
  return width;
}

/** The diff as lines a person reads, in the context's language. */
export function renderDiffText(diff: RunDiff, t: (text: Bilingual) => string): string {
  const section = (title: Bilingual, entries: readonly DiffEntry[], symbol: string) =>
    entries.length === 0 ? [] : [`${t(title)} (${entries.length})`, ...entries.map((entry) => `  ${symbol} ${entry.id}: ${entry.before} → ${entry.after}`)];
  const lines = [
    `${diff.from} → ${diff.to}`,
    ...section(bi('Newly failing', '新增失败'), diff.newlyFailing, '✖'),
    ...section(bi('Fixed', '已修复'), diff.fixed, '✔'),
    ...section(bi('Still failing', '仍失败'), diff.stillFailing, '!'),
    ...section(bi('Changed evidence', '证据变化'), diff.changedEvidence, '~'),
  ];
  if (lines.length === 1) lines.push(t(bi('no differences', '无差异')));
  return `${lines.join('\n')}\n`;
}
