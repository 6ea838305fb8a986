import { Option } from '@commander-js/extra-typings';
import { bi } from '../../core/text.js';
import type { RunEntry } from '../../store/store.js';
import type { CliCommand, CliContext } from '../context.js';
import { examplesHelp, positiveInteger } from '../options.js';
import { openPlanStore, withStore } from './run.js';

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

export const historyCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('history')
      .description(t(bi('the runs of the plan with score and gate, and the items the team keeps missing', '计划的历次运行（评分与门禁），以及团队反复遗漏的检查项')))
      .addHelpText('after', examplesHelp(t, ['golive history', 'golive history --limit 20 --format json']))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--limit <n>', t(bi('how many runs', '显示的运行数')), positiveInteger, 20)
      .option('--misses <n>', t(bi('look back this many runs for common misses', '统计最近多少次运行中的常见遗漏')), positiveInteger, 5)
      .addOption(new Option('--format <format>', t(bi('output format', '输出格式'))).choices(['text', 'json'] as const).default('text' as const))
      .action(async (options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const { planHistory } = await import('../../service/history.js');
          const { plan: planName, runs, commonMisses: common } = await planHistory(sc.store, sc.planPath, { limit: options.limit, misses: options.misses });
          if (options.format === 'json') {
            ctx.out(`${JSON.stringify({ plan: planName, runs, commonMisses: common }, null, 2)}\n`);
            return;
          }
          let text = runTable(ctx, runs);
          if (common.length > 0) {
            text += `\n${ctx.t(bi('Common misses:', '常见遗漏：'))}\n`;
            text += common.map((miss) => `  ↺ ${miss.itemId}: ${ctx.t(bi(`failed in ${miss.failed} of the last ${miss.of} launches`, `最近 ${miss.of} 次上线中失败 ${miss.failed} 次`))}`).join('\n');
            text += '\n';
          }
          ctx.out(text);
        });
      });
  },
};
