import { Option } from '@commander-js/extra-typings';
import { bi } from '../../core/text.js';
import type { DiffEntry, RunDiff } from '../../service/diff.js';
import type { CliCommand } from '../context.js';
import { examplesHelp } from '../options.js';
import { openPlanStore, withStore } from './run.js';

/** The diff as lines a person reads, in the context's language. */
export function renderDiffText(diff: RunDiff, t: (text: ReturnType<typeof bi>) => string): string {
  const section = (title: ReturnType<typeof bi>, entries: readonly DiffEntry[], symbol: string) =>
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

export const diffCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('diff')
      .description(t(bi('compare two runs: newly failing, fixed, still failing, changed evidence', '比较两次运行：新增失败、已修复、仍失败、证据变化')))
      .addHelpText('after', examplesHelp(t, ['golive diff r-20261122-0001 r-20261122-0002', 'golive diff r-20261122-0001 r-20261122-0002 --format json']))
      .argument('<runA>', t(bi('the earlier run', '较早的运行')))
      .argument('<runB>', t(bi('the later run', '较晚的运行')))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .addOption(new Option('--format <format>', t(bi('output format', '输出格式'))).choices(['text', 'json'] as const).default('text' as const))
      .action(async (runA, runB, options) => {
        const ctx = context();
        const { diffStoredRuns } = await import('../../service/diff.js');
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const diff = await diffStoredRuns(sc.store, runA, runB);
          if (options.format === 'json') {
            ctx.out(`${JSON.stringify({ diff }, null, 2)}\n`);
            return;
          }
          ctx.out(renderDiffText(diff, ctx.t));
        });
      });
  },
};
